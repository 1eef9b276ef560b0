#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the tests that
# exercise threads, processes and sockets (the mail delivery worker too) under ThreadSanitizer, on
# SQLite: the PostgreSQL suites run once, in the dev run.
# Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh asan
ctest --preset asan
scripts/build.sh tsan
ctest --preset tsan -R '^(storage|booking|http|mail|crash):'
