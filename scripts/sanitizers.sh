#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (all but the browser suites,
# whose server traffic the HTTP, socket and visit tests already drive), and the tests that
# exercise threads, processes and sockets (the mail delivery worker too) under ThreadSanitizer, on
# SQLite: the PostgreSQL suites run once, in the dev run. Both builds keep line tables only (-g1):
# enough for the reports' stack traces, and a good part faster to compile and link.
# Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh asan
ctest --preset asan -E '^e2e:'  # the browser suites run in the dev build, at every date of test-dates.sh
scripts/build.sh tsan
# The national system's push of 10,000 applications and events is one client in sequence: nothing for
# TSan to find that the other http tests do not exercise, at TSan's speed minutes of the time limit.
ctest --preset tsan -R '^(storage|booking|http|mail|crash):' -E 'pushes 10,000'
