#!/usr/bin/env bash
# Sets up the machine, builds the release preset and starts Sportello with the shipped calendars.
# Extra arguments go to the command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
for calendar in calendars/*.json; do
  [ "$(basename "$calendar")" = types.json ] && continue
  build/release/tools/sportello calendar check "$calendar"
done
echo
echo "Slots Roma offers for the next two weeks (lavoro-documenti):"
from=$(date +%F)
to=$(date -d '+13 days' +%F)
exec build/release/tools/sportello calendar slots calendars/roma.json --type lavoro-documenti \
  --from "$from" --to "$to" "$@"
