#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the tests that
# exercise threads, processes and sockets under ThreadSanitizer. Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh asan
ctest --preset asan
scripts/build.sh tsan
ctest --preset tsan -R '^(storage|http|crash):'
