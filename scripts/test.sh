#!/usr/bin/env bash
# Sets up the machine (Debian packages), builds the dev preset and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dev
ctest --preset dev
