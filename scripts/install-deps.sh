#!/usr/bin/env bash
# Installs everything Sportello needs to build, run and test, from Debian's packages only.
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 zlib1g-dev
  postgresql-15 libpq-dev nginx-light
  libfmt-dev
  catch2
  libhowardhinnant-date-dev tzdata
  libsodium-dev
  libbenchmark-dev wrk linux-perf
  clang libclang-rt-14-dev
  libcurl4-openssl-dev python3-aiosmtpd python3-icalendar dovecot-imapd
  libcli11-dev
  prometheus
)
# prometheus is there for its promtool, which the tests run on /metrics; Debian packs it with the
# server alone. On a machine run by systemd the package also enables and starts a Prometheus on
# port 9090, scraping itself only: harmless on a CI runner, and `systemctl disable --now prometheus`
# stops it on a workstation.

# The applicant pages (web/) are installed with npm, and their end-to-end tests drive Debian's
# chromium. Node.js and npm come from Debian only when the machine has none.
packages+=(chromium)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The tests make clusters of their own (scripts/postgres.sh), so the server package is told not to make
  # and start a "main" cluster: nothing listens on 5432, and no failed start can fail the install.
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
    sudo_if_needed mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' | sudo_if_needed tee /etc/postgresql-common/createcluster.d/sportello.conf >/dev/null
  fi
  sudo_if_needed apt-get update -qq
  sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The pages' npm packages and the checks of docs/openapi.yaml (Redocly CLI, ajv, yaml), exactly as
# web/package-lock.json pins them (only the npm registry; never a browser download), again only when
# the lock file is newer than the last install; then the copy of the files the server sends
# (web/public/vendor/, git-ignored).
web="$(cd "$(dirname "$0")/.." && pwd)/web"
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  echo "install-deps: installing the web pages' npm packages"
  (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi
node "$web/scripts/vendor.mjs"
