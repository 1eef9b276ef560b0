#!/usr/bin/env bash
# Builds the libFuzzer targets (in the asan preset: clang, ASan + UBSan) and runs each one for a bounded time from its
# seed corpus in fuzz/corpus/<target>/. Fails on any crash, leak or sanitizer report. The random
# seed is fixed (FUZZ_SEED, default 1) and printed, so a failing run can be replayed as it ran.
#   FUZZ_SECONDS=30 FUZZ_SEED=1 scripts/fuzz.sh        (seconds per target; default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
seed="${FUZZ_SEED:-1}"
cmake --preset asan >/dev/null
cmake --build --preset fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=build/asan/fuzz-artifacts
mkdir -p "$artifacts"
status=0
for target in calendar applications_csv api http_socket; do
  mkdir -p "$work/$target"
  echo "fuzz: ${target}_fuzz for ${seconds}s, -seed=$seed"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "build/asan/fuzz/${target}_fuzz" -seed="$seed" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "$work/$target" "fuzz/corpus/$target" \
      >"$work/$target.log" 2>&1; then
    tail -n 60 "$work/$target.log"
    echo "fuzz: ${target}_fuzz FAILED (replay: FUZZ_SEED=$seed; the failing input is kept in $artifacts/)"
    status=1
  else
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$work/$target.log" | tail -n 2 || true
  fi
done
exit "$status"
