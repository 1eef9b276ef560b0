#!/usr/bin/env bash
# Runs every test that reads the clock (the browser suites, the crash test and the command-line
# tests: each starts `sportello serve --now`) with the test clock set to dates that break careless
# date code: a daylight-saving change, a Saturday, the eve of a national holiday, New Year's Eve.
# The other suites take `now` as a fixed parameter and never read the clock. The browser suites,
# the slow part, run at the dates marked "browser" (the night clocks change; the turn of the year,
# which also brings two holidays into the window); the command-line and crash tests at every date.
# Expects the dev build (scripts/test.sh makes it).
#   scripts/test-dates.sh                  (all dates)
#   scripts/test-dates.sh 2027-03-28T01:30:00+01:00 …   (the instants given)
set -euo pipefail
cd "$(dirname "$0")/.."
instants=("$@")
if [ "${#instants[@]}" -eq 0 ]; then
  instants=(
    2027-03-28T01:30:00+01:00/browser  # the night clocks go forward in Rome (Sunday)
    2026-10-24T16:00:00+02:00          # the Saturday before clocks go back
    2026-12-12T09:00:00+01:00          # a Saturday with no opening in the suites' calendars
    2026-12-07T18:00:00+01:00          # the eve of 8 December (a holiday) and Milano's patron day
    2026-12-31T11:00:00+01:00/browser  # New Year's Eve: the window runs into the next year
  )
fi
failed=()
for given in "${instants[@]}"; do
  instant="${given%/browser}"
  suites='^(crash|cli):'
  if [ "$instant" != "$given" ] || [ "$#" -gt 0 ]; then suites='^(e2e|crash|cli):'; fi
  echo "test-dates: clock at $instant ($suites)"
  SPORTELLO_TEST_NOW="$instant" ctest --preset dev -R "$suites" || failed+=("$instant")
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "test-dates: FAILED with the clock at ${failed[*]}"
  exit 1
fi
echo "test-dates: passed at every date"
