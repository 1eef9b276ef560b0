#!/usr/bin/env bash
# Sets up the machine, builds the release preset and starts `sportello serve` on an embedded SQLite
# file (./sportello.db) with the shipped calendars. Extra arguments go to `sportello serve`
# (e.g. --demo, --port 9090). Stop it with Ctrl-C: requests in flight are finished first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
exec build/release/tools/sportello serve "$@"
