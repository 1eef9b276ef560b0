#!/usr/bin/env bash
# Runs the surge benchmark (issue 8) on this machine and writes BENCHMARKS.md at the repository root.
#
# In one run it measures the machine's own limits and then sportello against them:
#   limits     a bare Boost.Beast server (bare_server_bench --listen) answering a JSON body of the
#              same size as sportello's availability answer, identity and gzip, and a 15-byte one,
#              loaded by the same client (wrk); bare SQLite inserts on the disk of the run
#              directory with sportello's durability settings, one per transaction and batched
#              (storage_bench);
#   (a)        availability of one desk and type over 14 days at 64 connections (wrk), identity
#              and gzip;
#   (b)        a surge of 20,000 distinct applicants booking the earliest free slot of one desk,
#              verified through the API and the database file (no overbooking, no lost 201);
#              applicants ask for availability with Accept-Encoding: gzip, as browsers do;
#   (c)        the same availability query with 10,000 and with 1,000,000 bookings stored;
#   (d)        server resident memory with 1,000,000 bookings stored, start-up time (exec to the
#              first 200 from /healthz);
#   (e)        the surge of (b) on PostgreSQL, one node and two nodes on one database, against
#              PostgreSQL's own limit in the same run: pgbench inserting one row per transaction
#              into a small table with a unique key, 1 and 64 clients, default durability.
# Servers are pinned with taskset to one core and the load generator to another (when there are
# two). Nothing is timed by a test; the figures are printed and written down.
#
#   scripts/bench.sh                       # everything, a few minutes
#   APPLICANTS=5000 SECONDS_PER_RUN=5 scripts/bench.sh   # smaller and quicker
#
# Settings (environment): APPLICANTS (20000), CONNECTIONS (64), DAYS (14), SECONDS_PER_RUN (10),
# SMALL_STORE (10000), LARGE_STORE (1000000), SERVER_CORE (0), CLIENT_CORE (1), PORT (18180),
# RUN_DIR (build/bench-run; its disk is the disk measured), PROFILE (1: a perf profile of the
# availability run and of the surge when perf is installed), KEEP_RUN_DIR (0), SERVE_ARGS (extra
# `serve` options), OUTPUT (BENCHMARKS.md),
# POSTGRES (1: run (e); 0: skip it), PG_DIR (/tmp/sportello-bench-pg: its throw-away cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
command_line="scripts/bench.sh${*:+ $*}"
for name in APPLICANTS CONNECTIONS DAYS SECONDS_PER_RUN SMALL_STORE LARGE_STORE SERVE_ARGS; do
  if [ -n "${!name:-}" ]; then command_line="$name=${!name} $command_line"; fi
done

APPLICANTS="${APPLICANTS:-20000}"
CONNECTIONS="${CONNECTIONS:-64}"
DAYS="${DAYS:-14}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
SMALL_STORE="${SMALL_STORE:-10000}"
LARGE_STORE="${LARGE_STORE:-1000000}"
SERVER_CORE="${SERVER_CORE:-0}"
CLIENT_CORE="${CLIENT_CORE:-1}"
PORT="${PORT:-18180}"
RUN_DIR="$(realpath -m "${RUN_DIR:-$root/build/bench-run}")"
PROFILE="${PROFILE:-1}"
KEEP_RUN_DIR="${KEEP_RUN_DIR:-0}"
SERVE_ARGS="${SERVE_ARGS:-}"
OUTPUT="${OUTPUT:-$root/BENCHMARKS.md}"
POSTGRES="${POSTGRES:-1}"
PG_DIR="${PG_DIR:-/tmp/sportello-bench-pg}"
PGBIN=/usr/lib/postgresql/15/bin

TYPE=lavoro-documenti
CALENDAR="$root/tools/bench/data/bench.json"
BIN="$root/build/release/tools"
LOAD="$BIN/bench/surge_load"

log() { printf 'bench: %s\n' "$*" >&2; }

# ---- build -------------------------------------------------------------------------------------

scripts/install-deps.sh
scripts/build.sh release

# ---- pinning, processes, figures ---------------------------------------------------------------

# Command prefixes (arrays, not functions, so that `$!` of a background server is the server itself:
# taskset execs it).
if [ "$(nproc)" -ge 2 ]; then
  on_server_core=(taskset -c "$SERVER_CORE")
  on_client_core=(taskset -c "$CLIENT_CORE")
  pinning="server on core $SERVER_CORE, load generator on core $CLIENT_CORE (taskset)"
else
  on_server_core=(env)
  on_client_core=(env)
  pinning="not pinned (one core): server and load generator share it"
fi

started_pids=()
stop_started() {
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  started_pids=()
}
cleanup() {
  stop_started
  if [ "$POSTGRES" = 1 ]; then scripts/postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# `figure FILE KEY`: the value of a `key value` line.
figure() { awk -v key="$2" '$1 == key { print $2; found = 1 } END { if (!found) print "n/a" }' "$1"; }
# `calc EXPR`: floating-point arithmetic, "n/a" when an operand is.
calc() { case "$*" in *n/a*) echo n/a ;; *) awk "BEGIN { printf \"%.2f\", $* }" ;; esac; }
# `judged YES NO EXPRESSION`: YES when the expression holds, NO when not, "not measured" without a figure.
judged() {
  local yes="$1" no="$2"
  shift 2
  case "$*" in *n/a*) echo "not measured" ;; *) awk -v yes="$yes" -v no="$no" "BEGIN { print (($*) ? yes : no) }" ;; esac
}
# `verdict OK-EXPRESSION`: a target met or missed.
verdict() { judged met "**missed**" "$@"; }
# `reach OK-EXPRESSION`: a target a ceiling leaves within reach, or not.
reach() { judged "within reach" "**out of reach**" "$@"; }
int() { case "$1" in n/a) echo n/a ;; *) printf '%.0f' "$1" ;; esac; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR/calendars"
cp calendars/types.json "$CALENDAR" "$RUN_DIR/calendars/"

# `new_db NAME`: a database with the bench desk only.
new_db() {
  rm -f "$RUN_DIR/$1".db*
  "$BIN/sportello" calendar load --db "$RUN_DIR/$1.db" "$CALENDAR" --types calendars/types.json >/dev/null
}

# Stops the run when something already listens on PORT (it would answer instead of our server).
require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    log "port $PORT is in use by another process: set PORT to a free one"
    exit 1
  fi
}

# `start_server NAME`: `sportello serve` on NAME.db, pinned; sets server_pid and NAME startup ms.
start_server() {
  local name="$1" began ready
  require_free_port
  began=$(date +%s%N)
  # shellcheck disable=SC2086
  "${on_server_core[@]}" "$BIN/sportello" serve --port "$PORT" --db "$RUN_DIR/$name.db" --calendars "$RUN_DIR/calendars" \
    --no-rate-limits $SERVE_ARGS 2>"$RUN_DIR/$name.serve.log" >/dev/null &
  server_pid=$!
  started_pids+=("$server_pid")
  ready=$("${on_client_core[@]}" "$LOAD" wait-ready --port "$PORT" --timeout 60 | awk '$1 == "ready_unix_ns" { print $2 }')
  if [ -z "$ready" ] || ! kill -0 "$server_pid" 2>/dev/null; then
    log "sportello serve did not start; see $RUN_DIR/$name.serve.log"
    exit 1
  fi
  echo "startup_ms $(awk "BEGIN { printf \"%.1f\", ($ready - $began) / 1e6 }")" >"$RUN_DIR/$name.startup"
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  started_pids=()
}

# The availability question of every run: one desk and type, DAYS days from the desk's today.
avail_from=$(TZ=Europe/Rome date +%F)
avail_to=$(TZ=Europe/Rome date -d "+$((DAYS - 1)) days" +%F)
avail_target="/api/v1/desks/bench/availability?type=$TYPE&from=$avail_from&to=$avail_to"

# `perf_record ARGS…`: perf record with call graphs (unwound from a copy of the stack: release
# builds keep no frame pointers), at a rate light enough not to change the run it watches.
# It execs perf, so that `$!` of `perf_record … &` is perf itself (stopped with SIGINT).
perf_record() { exec perf record -F 499 --call-graph dwarf,16384 "$@"; }

# `perf_summary FILE`: where the server's CPU went, by part of Sportello, and the booking path's by
# library (scripts/perf_breakdown.py); then the top of the recording by library and symbol.
perf_summary() {
  perf script -i "$1" -F comm,tid,ip,sym,dso 2>/dev/null | scripts/perf_breakdown.py || true
  echo
  echo '```'
  perf report -i "$1" --no-children -g none --sort dso,symbol --stdio --percent-limit 1.5 2>/dev/null |
    grep -E '^ +[0-9]' | sed -E 's/[[:space:]-]+$//; s/  +/  /g' | head -25 || true
  echo '```'
}

# `wrk_run OUT URL [HEADER]`: wrk, closed loop, CONNECTIONS connections for SECONDS_PER_RUN on the
# client core; writes `requests_per_s`, `latency_count`, `latency_p50_ms`, `latency_p90_ms`,
# `latency_p99_ms`, `latency_max_ms` and `not_2xx` lines to OUT (wrk's own output in OUT.wrk).
wrk_run() {
  local out="$1" url="$2" header=()
  [ $# -ge 3 ] && header=(-H "$3")
  "${on_client_core[@]}" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${header[@]}" "$url" \
    >"$out.wrk" 2>&1 || true
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^Requests\/sec:/ { print "requests_per_s", $2 }
    $1 == "50%" { print "latency_p50_ms", ms($2) }
    $1 == "90%" { print "latency_p90_ms", ms($2) }
    $1 == "99%" { print "latency_p99_ms", ms($2) }
    $1 == "Latency" && NF >= 4 { print "latency_max_ms", ms($4) }
    / requests in / { print "latency_count", $1 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    END { print "not_2xx", bad + 0 }
  ' "$out.wrk" >"$out"
}

# `answer_bytes URL [HEADER]`: the size of one answer's body as sent (compressed when asked).
answer_bytes() {
  local header=()
  [ $# -ge 2 ] && header=(-H "$2")
  curl -s "${header[@]}" -o "$RUN_DIR/one-answer" "$1" && wc -c <"$RUN_DIR/one-answer"
}

# `availability OUT`: availability of the bench desk with wrk, as sent without compression; one
# answer is checked for its shape first (wrk checks only the status).
availability() {
  local url="http://127.0.0.1:$PORT$avail_target"
  if ! curl -sf "$url" | python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["days"] and "slots" in d["days"][0]' \
    2>"$1.errors"; then
    log "availability answer has not the expected shape; see $1.errors"
  fi
  wrk_run "$1" "$url"
}

# ---- the machine's limits ----------------------------------------------------------------------

# `cpu_s_of PID…`: CPU seconds used so far by these processes together.
cpu_s_of() {
  local pid
  for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat"; done | awk '{ ticks += $1 } END { printf "%.2f\n", ticks / 100 }'
}
# `process_counters PID`: the CPU seconds the process has used and the bytes it has had written to
# disk (page cache write-back of its files, WAL and checkpoints included; sockets not), one per line.
process_counters() {
  echo "cpu_s $(cpu_s_of "$1")"
  awk '$1 == "write_bytes:" { print "write_bytes", $2 }' "/proc/$1/io"
}
# `per_booking KEY BEFORE AFTER BOOKINGS SCALE`: the growth of KEY between two process_counters, per
# booking, times SCALE.
per_booking() {
  local before after
  before=$(figure "$2" "$1"); after=$(figure "$3" "$1")
  calc "$5 * ($after - $before) / $4"
}

# `start_bare BYTES PORT`: a bare Beast server answering a body of BYTES bytes on PORT, on the server
# core, left running (stop_started ends it); sets bare_pid.
start_bare() {
  PORT=$2 require_free_port
  "${on_server_core[@]}" "$BIN/bench/bare_server_bench" --server bare --listen "$2" --body-bytes "$1" \
    >"$RUN_DIR/bare-$2.listen" &
  bare_pid=$!
  started_pids+=("$bare_pid")
  until grep -q listening "$RUN_DIR/bare-$2.listen" 2>/dev/null; do
    kill -0 "$bare_pid" 2>/dev/null || { log "bare_server_bench did not start"; exit 1; }
    sleep 0.05
  done
}

# `bare_server BYTES OUT`: the bare Beast server answering a body of BYTES bytes, loaded by wrk once.
bare_server() {
  start_bare "$1" "$PORT"
  wrk_run "$2" "http://127.0.0.1:$PORT/api/v1/bench"
  kill -TERM "$bare_pid"; wait "$bare_pid" || true; started_pids=()
}

# `median_of OUT`: of the wrk rounds OUT.1, OUT.2, OUT.3, the median by requests/s becomes OUT (and
# OUT.wrk), with a `rounds_requests_per_s` line listing all three. A single wrk run varies by ±15%
# from one run to the next on a shared machine, more than some differences measured.
median_of() {
  local median
  median=$(for round in 1 2 3; do echo "$(figure "$1.$round" requests_per_s) $round"; done | sort -g | sed -n 2p | cut -d' ' -f2)
  cp "$1.$median" "$1"
  cp "$1.$median.wrk" "$1.wrk"
  cat "$1".[123].errors >"$1.errors" 2>/dev/null || true
  echo "rounds_requests_per_s $(for round in 1 2 3; do printf '%s ' "$(int "$(figure "$1.$round" requests_per_s)")"; done)" >>"$1"
}

log "limit: bare SQLite inserts on $RUN_DIR (WAL, synchronous=FULL)"
"${on_server_core[@]}" "$BIN/bench/storage_bench" "$RUN_DIR" 1000 >"$RUN_DIR/storage.out"

# ---- (a) availability and (b) the surge --------------------------------------------------------

log "(a)+(b): $APPLICANTS applications, server start"
new_db surge
"$BIN/bench/bench_applications" --desk bench --type "$TYPE" --count "$APPLICANTS" >"$RUN_DIR/applications.csv"
"$BIN/sportello" import-applications --db "$RUN_DIR/surge.db" "$RUN_DIR/applications.csv" >"$RUN_DIR/import.out"
start_server surge
answer_identity_bytes=$(answer_bytes "http://127.0.0.1:$PORT$avail_target")
answer_gzip_bytes=$(answer_bytes "http://127.0.0.1:$PORT$avail_target" "Accept-Encoding: gzip")
# Sportello and the bare servers answering bodies of the same sizes run side by side on the server
# core and are loaded in turn, three rounds; each figure is its median round.
surge_pid=$server_pid
start_bare "$answer_identity_bytes" $((PORT + 1))
start_bare "$answer_gzip_bytes" $((PORT + 2))
for round in 1 2 3; do
  log "(a) round $round of 3: availability ($answer_identity_bytes bytes, $answer_gzip_bytes gzip) and the bare server, identity then gzip, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each"
  availability "$RUN_DIR/availability.out.$round"
  wrk_run "$RUN_DIR/bare-identity.out.$round" "http://127.0.0.1:$((PORT + 1))/api/v1/bench"
  wrk_run "$RUN_DIR/availability.out.gz.$round" "http://127.0.0.1:$PORT$avail_target" "Accept-Encoding: gzip"
  wrk_run "$RUN_DIR/bare-gzip.out.$round" "http://127.0.0.1:$((PORT + 2))/api/v1/bench"
done
for series in availability.out availability.out.gz bare-identity.out bare-gzip.out; do median_of "$RUN_DIR/$series"; done
for pid in "${started_pids[@]}"; do
  [ "$pid" = "$surge_pid" ] || { kill -TERM "$pid"; wait "$pid" || true; }
done
started_pids=("$surge_pid")
profile_note="not taken (PROFILE=0 or perf missing)"
if [ "$PROFILE" = 1 ] && command -v perf >/dev/null 2>&1; then
  log "(a) profile of the server during 5 more seconds of availability, gzip (perf, not counted)"
  perf_record -p "$server_pid" -o "$RUN_DIR/availability.perf" -- sleep 6 >/dev/null 2>&1 &
  perf_pid=$!
  SECONDS_PER_RUN=5 wrk_run "$RUN_DIR/availability-profiled.out" "http://127.0.0.1:$PORT$avail_target" \
    "Accept-Encoding: gzip"
  wait "$perf_pid" || true
  perf_summary "$RUN_DIR/availability.perf" >"$RUN_DIR/availability.profile"
  profile_note="perf record -F 499 --call-graph dwarf on the server process during 5 s of the same load with gzip"
  profile_note+=" (after the measured run)"
fi
# `sqlite_surge NAME AFTER`: the surge of (b) against the server on NAME.db, verified through the API
# and that file; AFTER runs when the last applicant is served.
sqlite_surge() {
  "${on_client_core[@]}" "$LOAD" surge --port "$PORT" --calendar "$CALENDAR" --type "$TYPE" --encoding gzip \
    --applications "$RUN_DIR/applications.csv" --db "$RUN_DIR/$1.db" --connections "$CONNECTIONS" --days "$DAYS" \
    --after-surge "$2"
}

log "(b) surge of $APPLICANTS applicants, $CONNECTIONS connections"
process_counters "$server_pid" >"$RUN_DIR/surge.before"
# The counters cover the surge alone, not the verification that follows it.
{
  echo '#!/usr/bin/env bash'
  declare -f cpu_s_of process_counters
  echo "process_counters $server_pid >'$RUN_DIR/surge.after'"
} >"$RUN_DIR/after-surge"
chmod +x "$RUN_DIR/after-surge"
sqlite_surge surge "$RUN_DIR/after-surge" >"$RUN_DIR/surge.out" 2>"$RUN_DIR/surge.out.errors" || true
stop_server

# Recording call graphs slows the server by a tenth or more, so the profile is taken during a second,
# unmeasured surge on a new database, stopped when its last applicant is served.
surge_profile_note="not taken (PROFILE=0 or perf missing)"
if [ "$PROFILE" = 1 ] && command -v perf >/dev/null 2>&1; then
  log "(b) profile: the same surge again on a new database, the server under perf (not counted)"
  new_db profiled
  "$BIN/sportello" import-applications --db "$RUN_DIR/profiled.db" "$RUN_DIR/applications.csv" >/dev/null
  start_server profiled
  perf_record -p "$server_pid" -o "$RUN_DIR/surge.perf" >/dev/null 2>&1 &
  perf_pid=$!
  printf '#!/usr/bin/env bash\nkill -INT %s\n' "$perf_pid" >"$RUN_DIR/after-profiled-surge"
  chmod +x "$RUN_DIR/after-profiled-surge"
  sqlite_surge profiled "$RUN_DIR/after-profiled-surge" >"$RUN_DIR/profiled-surge.out" 2>&1 || true
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" || true
  perf_summary "$RUN_DIR/surge.perf" >"$RUN_DIR/surge.profile"
  surge_profile_note="perf record -F 499 --call-graph dwarf on the server process during a second surge of the same"
  surge_profile_note+=" applicants on a new database (not the measured one: recording slows the server by a tenth or"
  surge_profile_note+=" more), until its last applicant was served"
  stop_server
fi

log "limit: bare Boost.Beast server with a 15-byte body, $CONNECTIONS connections"
bare_server 15 "$RUN_DIR/bare.out"

# ---- (c) availability with bookings stored, (d) memory and start-up ----------------------------

# Both stores are served at once (ports PORT and PORT+1, the same core) and loaded in turn, three
# rounds (median_of).
for store in small large; do
  count=$SMALL_STORE; [ "$store" = large ] && count=$LARGE_STORE
  log "(c) $count bookings stored: prefill"
  new_db "$store"
  "${on_client_core[@]}" "$BIN/bench/bench_prefill" --db "$RUN_DIR/$store.db" --calendar "$CALENDAR" --type "$TYPE" \
    --bookings "$count" >"$RUN_DIR/$store.prefill"
done
sync
declare -A store_pid
for store in small large; do
  port=$PORT; [ "$store" = large ] && port=$((PORT + 1))
  PORT=$port start_server "$store"
  store_pid[$store]=$server_pid
done
for round in 1 2 3; do
  log "(c) round $round of 3: availability with $SMALL_STORE, then $LARGE_STORE bookings stored, ${SECONDS_PER_RUN}s each"
  availability "$RUN_DIR/small.out.$round"
  PORT=$((PORT + 1)) availability "$RUN_DIR/large.out.$round"
done
for store in small large; do
  median_of "$RUN_DIR/$store.out"
  {
    awk '/^VmRSS|^VmHWM/ { print $1, $2 }' "/proc/${store_pid[$store]}/status"
    echo "db_connections $(find "/proc/${store_pid[$store]}/fd" -lname "$RUN_DIR/$store.db" 2>/dev/null | wc -l)"
  } >"$RUN_DIR/$store.memory"
done
stop_started

# ---- (e) PostgreSQL: its limit, then the surge on one node and on two -------------------------

# `pg_database NAME`: a new database of the run's cluster; prints its URI (over the cluster's Unix
# socket, see below).
pg_database() {
  "$PGBIN/psql" -qX "$pg_cluster" -c "CREATE DATABASE $1" >/dev/null
  echo "postgresql://sportello@/$1?host=$PG_DIR&port=$pg_port"
}

# `pg_cpu_s`: CPU seconds used so far by the run's cluster: the postmaster, its children, and those
# that have ended.
pg_cpu_s() {
  local postmaster child
  postmaster=$(head -1 "$PG_DIR/data/postmaster.pid")
  {
    awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat"
    for child in $(pgrep -P "$postmaster"); do awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || true; done
  } | awk '{ ticks += $1 } END { printf "%.2f\n", ticks / 100 }'
}

# `pg_surge NAME NODES`: the surge of (b) on a new PostgreSQL database through NODES servers on
# ports PORT, PORT+1, … (all on the server core), verified through the API and the database. Writes
# NAME.before and NAME.after (CPU seconds of the cluster and of the nodes around the surge, not its
# verification) and NAME.statements (pg_stat_statements of the surge: calls, total ms, statement).
pg_surge() {
  local name="$1" nodes="$2" uri ports="" pids=() i
  uri=$(pg_database "$name")
  "$PGBIN/psql" -qX "$pg_cluster" -c "ALTER DATABASE $name SET pg_stat_statements.track = 'top'" >/dev/null
  "$BIN/sportello" calendar load --db "$uri" "$CALENDAR" --types calendars/types.json >/dev/null
  "$BIN/sportello" import-applications --db "$uri" "$RUN_DIR/applications.csv" >/dev/null
  for ((i = 0; i < nodes; i++)); do
    local port=$((PORT + i))
    PORT=$port require_free_port
    # shellcheck disable=SC2086
    "${on_server_core[@]}" "$BIN/sportello" serve --port "$port" --db "$uri" --calendars "$RUN_DIR/calendars" \
      --secret-file "$RUN_DIR/nodes.secret" --no-rate-limits $SERVE_ARGS 2>"$RUN_DIR/$name.node$i.log" >/dev/null &
    pids+=("$!")
    started_pids+=("$!")
    "${on_client_core[@]}" "$LOAD" wait-ready --port "$port" --timeout 60 >/dev/null ||
      { log "node $i on $uri did not start; see $RUN_DIR/$name.node$i.log"; exit 1; }
    ports="${ports:+$ports,}$port"
  done
  "$PGBIN/psql" -qX "$uri" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
    -c "SELECT pg_stat_statements_reset()" >/dev/null
  { echo "postgres_cpu_s $(pg_cpu_s)"; echo "nodes_cpu_s $(cpu_s_of "${pids[@]}")"; } >"$RUN_DIR/$name.before"
  {
    echo '#!/usr/bin/env bash'
    declare -f pg_cpu_s cpu_s_of
    echo "PG_DIR='$PG_DIR'"
    echo "{ echo postgres_cpu_s \$(pg_cpu_s); echo nodes_cpu_s \$(cpu_s_of ${pids[*]}); } >'$RUN_DIR/$name.after'"
    echo "'$PGBIN/psql' -qXAt -F \$'\\t' '$uri' -c \"SELECT calls, round(total_exec_time::numeric, 1)," \
      "regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database" \
      "WHERE datname = current_database()) ORDER BY total_exec_time DESC\" >'$RUN_DIR/$name.statements'"
  } >"$RUN_DIR/$name.after-surge"
  chmod +x "$RUN_DIR/$name.after-surge"
  "${on_client_core[@]}" "$LOAD" surge --port "$ports" --calendar "$CALENDAR" --type "$TYPE" --encoding gzip \
    --applications "$RUN_DIR/applications.csv" --db "$uri" --connections "$CONNECTIONS" --days "$DAYS" \
    --after-surge "$RUN_DIR/$name.after-surge" >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.out.errors" || true
  for pid in "${pids[@]}"; do kill -TERM "$pid"; wait "$pid" || true; done
  started_pids=()
}

if [ "$POSTGRES" = 1 ]; then
  log "(e) PostgreSQL: a throw-away cluster in $PG_DIR (default durability: fsync, synchronous_commit on)"
  scripts/postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true
  # pg_stat_statements loaded, tracking nothing but the surge databases (pg_surge): where PostgreSQL's
  # time goes per statement.
  pg_cluster=$(POSTGRES_SETTINGS="shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = none" scripts/postgres.sh start "$PG_DIR" | tail -1)
  # Every client (pgbench, the nodes) connects over the cluster's Unix socket, as a server beside its
  # database would: TCP over 127.0.0.1 costs each round trip more, on both sides.
  pg_port=${pg_cluster##*:}
  pg_port=${pg_port%%/*}
  pg_cluster="postgresql://sportello@/postgres?host=$PG_DIR&port=$pg_port"
  log "(e) limit: pgbench, one row per transaction into a small table with a unique key, 1 and $CONNECTIONS clients"
  limit_uri=$(pg_database pgbench_limit)
  "$PGBIN/psql" -qX "$limit_uri" -c "CREATE TABLE seats (id bigint PRIMARY KEY, taken_at timestamptz NOT NULL DEFAULT now())" >/dev/null
  printf '\\set id random(1, 9000000000000000)\nINSERT INTO seats (id) VALUES (:id) ON CONFLICT DO NOTHING;\n' >"$RUN_DIR/pgbench.sql"
  for clients in 1 "$CONNECTIONS"; do
    "${on_client_core[@]}" "$PGBIN/pgbench" -n -f "$RUN_DIR/pgbench.sql" -c "$clients" -j "$(( clients > 1 ? 2 : 1 ))" \
      -T "$SECONDS_PER_RUN" "$limit_uri" >"$RUN_DIR/pgbench-$clients.out" 2>&1 || true
    echo "pgbench_tps $(awk '/^tps/ { print $3; exit }' "$RUN_DIR/pgbench-$clients.out")" >>"$RUN_DIR/pgbench-$clients.out"
  done
  # Not a target's limit: what PostgreSQL alone spends writing the two rows every booking writes (the
  # booking and its confirmation), as small rows in one statement, for the ceilings of BENCHMARKS.md.
  log "(e) pgbench writing a booking's two rows in one statement, $CONNECTIONS clients"
  "$PGBIN/psql" -qX "$limit_uri" -c "CREATE TABLE notices (id bigint PRIMARY KEY, queued_at timestamptz NOT NULL DEFAULT now())" >/dev/null
  printf '%s\n' '\set id random(1, 9000000000000000)' \
    'WITH seat AS (INSERT INTO seats (id) VALUES (:id) ON CONFLICT DO NOTHING) INSERT INTO notices (id) VALUES (:id) ON CONFLICT DO NOTHING;' \
    >"$RUN_DIR/pgbench-two-rows.sql"
  pg_cpu_before=$(pg_cpu_s)
  "${on_client_core[@]}" "$PGBIN/pgbench" -n -f "$RUN_DIR/pgbench-two-rows.sql" -c "$CONNECTIONS" -j 2 \
    -T "$SECONDS_PER_RUN" "$limit_uri" >"$RUN_DIR/pgbench-two-rows.out" 2>&1 || true
  {
    echo "pgbench_tps $(awk '/^tps/ { print $3; exit }' "$RUN_DIR/pgbench-two-rows.out")"
    transactions=$(awk -F': ' '/actually processed/ { print $2; exit }' "$RUN_DIR/pgbench-two-rows.out")
    echo "postgres_cpu_us_per_tx $(calc "1000000 * ($(pg_cpu_s) - $pg_cpu_before) / ${transactions:-n/a}")"
  } >>"$RUN_DIR/pgbench-two-rows.out"
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RUN_DIR/nodes.secret"  # one secret for every node
  log "(e) surge on PostgreSQL, one node"
  pg_surge pg1 1
  log "(e) surge on PostgreSQL, two nodes"
  pg_surge pg2 2
fi

# ---- BENCHMARKS.md ------------------------------------------------------------------------------

# `pg_profile`: where the time of the PostgreSQL surges goes: CPU of the cluster and of the nodes per
# booking, and the statements of the one-node surge (pg_stat_statements).
pg_profile() {
  local run acknowledged statements
  echo "### Where the time goes on PostgreSQL"
  echo
  echo "CPU per booking made during the surge (not its verification), from /proc, and statements per booking"
  echo "from pg_stat_statements. The two cores also run the load generator."
  echo
  echo "| run | PostgreSQL CPU per booking (µs) | Sportello CPU per booking (µs) | statements per booking |"
  echo "|---|---|---|---|"
  for run in pg1 pg2; do
    acknowledged=$(figure "$RUN_DIR/$run.out" surge_acknowledged)
    statements=$(awk -F'\t' '{ calls += $1 } END { print calls + 0 }' "$RUN_DIR/$run.statements" 2>/dev/null || echo 0)
    printf '| %s | %s | %s | %s |\n' "$([ "$run" = pg1 ] && echo "one node" || echo "two nodes")" \
      "$(per_booking postgres_cpu_s "$RUN_DIR/$run.before" "$RUN_DIR/$run.after" "$acknowledged" 1000000)" \
      "$(per_booking nodes_cpu_s "$RUN_DIR/$run.before" "$RUN_DIR/$run.after" "$acknowledged" 1000000)" \
      "$(calc "$statements / $acknowledged")"
  done
  echo
  echo "The statements of the one-node surge that took most of PostgreSQL's execution time (their planning and"
  echo "the round trips around them are not in it):"
  echo
  echo "| calls per booking | mean (µs) | share of execution time | statement |"
  echo "|---|---|---|---|"
  acknowledged=$(figure "$RUN_DIR/pg1.out" surge_acknowledged)
  awk -F'\t' -v bookings="$acknowledged" '
    { calls[NR] = $1; ms[NR] = $2; sql[NR] = substr($3, 1, 110); total += $2 }
    END {
      for (i = 1; i <= NR && i <= 12; i++) {
        gsub(/\|/, "\\|", sql[i])
        printf "| %.2f | %.0f | %.0f%% | `%s` |\n", calls[i] / bookings, 1000 * ms[i] / calls[i], 100 * ms[i] / total, sql[i]
      }
    }' "$RUN_DIR/pg1.statements"
  echo
}

# `ceilings`: upper bounds, from figures of this run, on what the surge could reach on this machine if
# every cost of a booking but the few named vanished; where one is under its target, no change to the
# server's other parts can meet that target here.
ceilings() {
  local acknowledged requests server_us http_us path_share path_us storage_share storage_us client_us five_x_us
  local pg_rows_us pg_half
  acknowledged=$(figure "$RUN_DIR/surge.out" surge_acknowledged)
  requests=$(calc "$(figure "$RUN_DIR/surge.out" surge_requests) / $acknowledged")
  server_us=$(per_booking cpu_s "$RUN_DIR/surge.before" "$RUN_DIR/surge.after" "$acknowledged" 1000000)
  http_us=$(calc "1000000 * $requests / $bare_rps")
  # The booking path's share of the server's CPU and, of the path, what SQLite and the kernel (writing
  # and syncing its WAL) spend: both from the surge profile's table of the path (perf_breakdown.py).
  path_share=$(sed -n 's/^| the booking path[^|]*: \([0-9.]*\)% of the CPU.*/\1/p' "$RUN_DIR/surge.profile" 2>/dev/null)
  storage_share=$(awk -F'|' '/^\| (SQLite|the kernel \(WAL) / { gsub(/[ %]/, "", $3); s += $3; found = 1 }
    END { print found ? s : "n/a" }' "$RUN_DIR/surge.profile" 2>/dev/null)
  path_share=${path_share:-n/a}
  storage_share=${storage_share:-n/a}
  path_us=$(calc "$server_us * $path_share / 100")
  storage_us=$(calc "$path_us * $storage_share / 100")
  client_us=$(calc "1000000 * $(figure "$RUN_DIR/surge.out" surge_client_cpu_share) / $surge_bps")
  five_x_us=$(calc "1000000 / (5 * $fsync_rps)")
  echo "## Ceilings: what the missed targets ask of this machine"
  echo
  echo "Each ceiling adds up a few costs per booking, measured in this run, and divides the cores by them: the"
  echo "surge could not pass it even if every other cost of a booking vanished (routing, JSON, availability"
  echo "answers, hand-offs between threads, logs). A ceiling under its target puts that target out of reach"
  echo "unless the costs it counts shrink."
  echo
  echo "| cost per booking | µs | from |"
  echo "|---|---|---|"
  echo "| HTTP, server side: $requests exchanges at the bare Beast server's cost | $http_us | 15-byte bare server, $(int "$bare_rps") req/s on one core |"
  echo "| the booking path on SQLite: the rule's reads and writes, the commit, the WAL and its fsync | $path_us | ${path_share}% of the surge profile's samples × $server_us µs of server CPU per booking |"
  echo "| the load generator (availability, the booking, retries) | $client_us | its CPU during the surge |"
  if [ "$POSTGRES" = 1 ]; then
    pg_rows_us=$(figure "$RUN_DIR/pgbench-two-rows.out" postgres_cpu_us_per_tx)
    echo "| PostgreSQL writing a booking's two rows, small, in one statement | $pg_rows_us | its CPU during pgbench, $CONNECTIONS clients: $(int "$(figure "$RUN_DIR/pgbench-two-rows.out" pgbench_tps)") tx/s |"
  fi
  echo
  local sqlite_ceiling client_ceiling
  sqlite_ceiling=$(calc "1000000 / ($http_us + $path_us)")
  client_ceiling=$(calc "1000000 / $client_us")
  ceiling_row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }
  ceiling_row "ceiling" "costs counted" "bookings/s" "target" "verdict"
  ceiling_row "---" "---" "---" "---" "---"
  ceiling_row "SQLite, server core" "HTTP, booking path" "$(int "$sqlite_ceiling")" "10,000/s" \
    "$(reach "$sqlite_ceiling >= 10000")"
  ceiling_row "SQLite, server core" "HTTP, booking path" "$(int "$sqlite_ceiling")" \
    "5 × $(int "$fsync_rps") = $(int "$(calc "5 * $fsync_rps")")/s" "$(reach "$sqlite_ceiling >= 5 * $fsync_rps")"
  ceiling_row "surge_load, client core" "the load generator" "$(int "$client_ceiling")" "10,000/s" \
    "$(reach "$client_ceiling >= 10000")"
  if [ "$POSTGRES" = 1 ]; then
    local pg_ceiling pg_ceiling_loaded
    pg_half=$(calc "$pg_64 / 2")
    pg_ceiling=$(calc "2000000 / ($http_us + $pg_rows_us)")
    pg_ceiling_loaded=$(calc "2000000 / ($http_us + $pg_rows_us + $client_us)")
    ceiling_row "PostgreSQL, both cores" "HTTP, two rows" "$(int "$pg_ceiling")" \
      "0.50 × $(int "$pg_64") = $(int "$pg_half")/s" "$(reach "$pg_ceiling >= $pg_half")"
    ceiling_row "PostgreSQL, both cores" "HTTP, two rows, load generator" "$(int "$pg_ceiling_loaded")" \
      "$(int "$pg_half")/s" "$(reach "$pg_ceiling_loaded >= $pg_half")"
  fi
  echo
  echo "5× one fsync per insert leaves $five_x_us µs per booking for everything on the server core: $(calc "$five_x_us - $http_us") µs"
  echo "beside bare HTTP for a booking path that takes $path_us µs here, of which SQLite's own work and the kernel's"
  echo "(writing and syncing its WAL) are $storage_us µs (${storage_share}% of the path's samples, \"Server profile during"
  echo "(b)\" below). The PostgreSQL ceilings count no read at all (a booking reads its application and its slot's"
  echo "seats, under locks, before it writes) and no rule."
  echo
}

log "writing $OUTPUT"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
bare_rps=$(figure "$RUN_DIR/bare.out" requests_per_s)
bare_identity_rps=$(figure "$RUN_DIR/bare-identity.out" requests_per_s)
bare_gzip_rps=$(figure "$RUN_DIR/bare-gzip.out" requests_per_s)
avail_gzip_rps=$(figure "$RUN_DIR/availability.out.gz" requests_per_s)
avail_gzip_p99=$(figure "$RUN_DIR/availability.out.gz" latency_p99_ms)
fsync_rps=$(figure "$RUN_DIR/storage.out" sqlite_insert_txn_per_s)
batch_rps=$(figure "$RUN_DIR/storage.out" sqlite_insert_batch_1000_per_s)
avail_rps=$(figure "$RUN_DIR/availability.out" requests_per_s)
avail_p99=$(figure "$RUN_DIR/availability.out" latency_p99_ms)
surge_bps=$(figure "$RUN_DIR/surge.out" surge_bookings_per_s)
book_p99=$(figure "$RUN_DIR/surge.out" book_p99_ms)
overbooked=$(calc "$(figure "$RUN_DIR/surge.out" api_overbooked_slots) + $(figure "$RUN_DIR/surge.out" db_overbooked_slots) + $(figure "$RUN_DIR/surge.out" api_negative_free) + $(figure "$RUN_DIR/surge.out" surge_negative_free)")
lost=$(calc "$(figure "$RUN_DIR/surge.out" db_acknowledged_missing) + $(figure "$RUN_DIR/surge.out" api_not_fetched)")
small_rps=$(figure "$RUN_DIR/small.out" requests_per_s)
large_rps=$(figure "$RUN_DIR/large.out" requests_per_s)
faster=$(calc "($small_rps > $large_rps) ? $small_rps : $large_rps")
slower=$(calc "($small_rps > $large_rps) ? $large_rps : $small_rps")
rss_kib=$(figure "$RUN_DIR/large.memory" VmRSS:)
hwm_kib=$(figure "$RUN_DIR/large.memory" VmHWM:)
db_connections=$(figure "$RUN_DIR/large.memory" db_connections)
cache_size=$(sqlite3 "$RUN_DIR/large.db" "PRAGMA cache_size")
page_size=$(sqlite3 "$RUN_DIR/large.db" "PRAGMA page_size")
cache_kib=$(calc "($cache_size < 0) ? -($cache_size) : $cache_size * $page_size / 1024")
cache_setting="SQLite default (cache_size $cache_size)"
if grep -qs cache_size storage/*.cc; then cache_setting="set in storage/ (see grep cache_size storage/); a new connection reports cache_size $cache_size"; fi
page_cache_mib=$(calc "$cache_kib * $db_connections / 1024")
rss_mib=$(calc "$rss_kib / 1024")
beyond_mib=$(calc "$rss_mib - $page_cache_mib")
startup_ms=$(figure "$RUN_DIR/large.startup" startup_ms)

row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
latency_row() {  # FILE PREFIX NAME
  printf '| %s | %s | %s | %s | %s | %s |\n' "$3" "$(figure "$1" "$2_count")" "$(figure "$1" "$2_p50_ms")" \
    "$(figure "$1" "$2_p90_ms")" "$(figure "$1" "$2_p99_ms")" "$(figure "$1" "$2_max_ms")"
}
errors_of() { if [ -s "$1" ]; then sed 's/^/    /' "$1"; else echo "    none"; fi; }
disk_source=$(findmnt -no SOURCE -T "$RUN_DIR" | head -1)
disk_line="$disk_source, $(findmnt -no FSTYPE -T "$RUN_DIR" | head -1) ($(findmnt -no OPTIONS -T "$RUN_DIR" | head -1))"
rotational=$(lsblk -dno ROTA "$disk_source" 2>/dev/null | head -1 || true)
[ -n "$rotational" ] && disk_line="$disk_line, $([ "$rotational" = 1 ] && echo rotational || echo non-rotational)"

# The revision measured: changes to files other than this page count (the page is rewritten below).
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD -- . ":(exclude)$(realpath -m --relative-to="$root" "$OUTPUT")" 2>/dev/null; then
  revision+=" (with uncommitted changes)"
fi

# Sections that other benchmark programs write by hand, each with its own command, are kept as they are.
kept_sections=""
if [ -f "$OUTPUT" ]; then
  kept_sections=$(awk '/^## (No seat wasted|Fair release): /{keep=1; print; next} /^## /{keep=0} keep' "$OUTPUT")
fi

{
  echo "# Benchmarks"
  echo
  echo "Written by \`scripts/bench.sh\` (the performance issues: surges of readers and bookings). Every figure below comes from one run on"
  echo "the machine described here; the limits it is compared with were measured in the same run. Figures from"
  echo "another machine, or another run on a shared machine, are not comparable."
  echo
  echo "- Command: \`$command_line\`"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Revision: $revision"
  echo "- Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), Linux $(uname -r)"
  echo "- Database directory: \`$RUN_DIR\` on $disk_line"
  echo "- Pinning: $pinning"
  echo "- Load average (1, 5, 15 min) before the run: $load_before; after: $load_after (other work on the machine"
  echo "  competes for the same cores and makes every figure lower and noisier)"
  echo "- Server: \`sportello serve --no-rate-limits${SERVE_ARGS:+ $SERVE_ARGS}\` (default io-threads and workers), access log to a file"
  echo "- Desk: \`tools/bench/data/bench.json\` (type \`$TYPE\`, 30-minute slots 08:00–20:00 every day, 120 seats each);"
  echo "  availability asks for $DAYS days from today; $CONNECTIONS connections; ${SECONDS_PER_RUN} s measured after 1 s of warm-up"
  echo
  echo "## Targets"
  echo
  row "figure" "measured" "compared with" "limit" "ratio" "target" "verdict"
  row "---" "---" "---" "---" "---" "---" "---"
  row "(a) availability, $DAYS days, $CONNECTIONS connections, identity (req/s)" "$(int "$avail_rps")" "bare Beast server, body of the same size ($answer_identity_bytes bytes)" "$(int "$bare_identity_rps")" "$(calc "$avail_rps / $bare_identity_rps")" "≥ 0.60" "$(verdict "$avail_rps / $bare_identity_rps >= 0.6")"
  row "(a) availability, gzip (req/s)" "$(int "$avail_gzip_rps")" "bare Beast server, body of the same size ($answer_gzip_bytes bytes)" "$(int "$bare_gzip_rps")" "$(calc "$avail_gzip_rps / $bare_gzip_rps")" "≥ 0.60" "$(verdict "$avail_gzip_rps / $bare_gzip_rps >= 0.6")"
  row "(a) availability p99, identity / gzip (ms)" "$avail_p99 / $avail_gzip_p99" "" "" "" "< 10 ms" "$(verdict "$avail_p99 < 10 && $avail_gzip_p99 < 10")"
  row "(b) surge: durable bookings/s ($APPLICANTS applicants)" "$(int "$surge_bps")" "" "" "" "≥ 10,000" "$(verdict "$surge_bps >= 10000")"
  row "(b) surge bookings/s vs SQLite one fsync per insert" "$(int "$surge_bps")" "bare SQLite insert, 1 per transaction (rows/s)" "$(int "$fsync_rps")" "$(calc "$surge_bps / $fsync_rps")" "≥ 5" "$(verdict "$surge_bps / $fsync_rps >= 5")"
  row "(b) booking p99 (ms)" "$book_p99" "" "" "" "< 50 ms" "$(verdict "$book_p99 < 50")"
  row "(b) overbooked slots (API + database)" "$(int "$overbooked")" "" "" "" "0" "$(verdict "$overbooked == 0")"
  row "(b) lost acknowledgements (201 not stored or not fetchable)" "$(int "$lost")" "" "" "" "0" "$(verdict "$lost == 0")"
  row "(c) availability with $LARGE_STORE vs $SMALL_STORE bookings stored (req/s)" "$(int "$large_rps") vs $(int "$small_rps")" "the faster of the two" "$(int "$faster")" "$(calc "$faster / $slower")" "slower ≤ 1.2× faster" "$(verdict "$faster / $slower <= 1.2")"
  row "(d) server RSS with $LARGE_STORE bookings (MiB)" "$rss_mib" "page cache: $db_connections connections × $(int "$cache_kib") KiB" "$page_cache_mib" "+$beyond_mib MiB" "< +64 MiB" "$(verdict "$beyond_mib < 64")"
  row "(d) start-up with $LARGE_STORE bookings, exec to first 200 /healthz (ms)" "$startup_ms" "" "" "" "< 1000 ms" "$(verdict "$startup_ms < 1000")"
  echo
  acknowledged=$(figure "$RUN_DIR/surge.out" surge_acknowledged)
  echo "(b) per booking made during the surge (not its verification), on the server: $(per_booking cpu_s "$RUN_DIR/surge.before" "$RUN_DIR/surge.after" "$acknowledged" 1000000) µs of CPU,"
  echo "$(per_booking write_bytes "$RUN_DIR/surge.before" "$RUN_DIR/surge.after" "$acknowledged" "1 / 1024") KiB written to disk (WAL and checkpoints), for"
  echo "$(calc "$(figure "$RUN_DIR/surge.out" surge_requests) / $acknowledged") requests (availability, the booking, retries after \`slot_full\`)."
  echo
  echo "A missed target: the ratio above says by how much; the server profiles at the end of this page show where the"
  echo "time goes, and docs/performance.md (its latest round) explains each miss and what would move it."
  echo
  if [ "$POSTGRES" = 1 ]; then
    pg_1=$(figure "$RUN_DIR/pgbench-1.out" pgbench_tps)
    pg_64=$(figure "$RUN_DIR/pgbench-$CONNECTIONS.out" pgbench_tps)
    pg_row() {  # NAME FILE LIMIT-NAME LIMIT
      local bps overbooked_pg lost_pg
      bps=$(figure "$2" surge_bookings_per_s)
      overbooked_pg=$(calc "$(figure "$2" api_overbooked_slots) + $(figure "$2" db_overbooked_slots) + $(figure "$2" api_negative_free) + $(figure "$2" surge_negative_free)")
      lost_pg=$(calc "$(figure "$2" db_acknowledged_missing) + $(figure "$2" api_not_fetched)")
      printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(int "$bps")" "$3" "$(int "$4")" "$(calc "$bps / $4")" \
        "$(figure "$2" book_p99_ms)" "$(int "$overbooked_pg")" "$(int "$lost_pg")"
    }
    echo "## Backends side by side: the surge of (b) on SQLite and on PostgreSQL"
    echo
    echo "Each against its own backend's limit, measured in this run. PostgreSQL: a throw-away cluster with its"
    echo "default durability (fsync on, synchronous_commit on), not pinned, reached over its Unix socket by"
    echo "every client; its limit is \`pgbench\` inserting one row per transaction into a small table with a unique"
    echo "key (\`pgbench -n -c N -T $SECONDS_PER_RUN\`). Two"
    echo "nodes share the server core on this machine: the figure shows that two nodes keep every rule and what"
    echo "sharing one database costs, not how far more machines would scale."
    echo
    echo "| run | durable bookings/s | limit | limit value | ratio | booking p99 (ms) | overbooked slots | lost 201s |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "SQLite, one node" "$(int "$surge_bps")" "bare SQLite insert, 1 per transaction" "$(int "$fsync_rps")" "$(calc "$surge_bps / $fsync_rps")" "$book_p99" "$(int "$overbooked")" "$(int "$lost")"
    pg_row "PostgreSQL, one node" "$RUN_DIR/pg1.out" "pgbench, $CONNECTIONS clients (tx/s)" "$pg_64"
    pg_row "PostgreSQL, two nodes" "$RUN_DIR/pg2.out" "pgbench, $CONNECTIONS clients (tx/s)" "$pg_64"
    echo
    echo "- pgbench with 1 client: $(int "$pg_1") tx/s; with $CONNECTIONS clients: $(int "$pg_64") tx/s (PostgreSQL flushes the WAL of"
    echo "  concurrent commits together). Target (performance issue): at least 0.50 of the $CONNECTIONS-client figure."
    echo "- Errors during the PostgreSQL surges (by kind): one node:"
    errors_of "$RUN_DIR/pg1.out.errors"
    echo "  two nodes:"
    errors_of "$RUN_DIR/pg2.out.errors"
    echo
    pg_profile
  fi
  ceilings
  echo "## Limits of this machine"
  echo
  echo "| limit | value |"
  echo "|---|---|"
  bare_line() { echo "| bare Boost.Beast server, $1-byte JSON, $CONNECTIONS connections, wrk (req/s) | $(int "$(figure "$2" requests_per_s)") (p50 $(figure "$2" latency_p50_ms) ms, p99 $(figure "$2" latency_p99_ms) ms) |"; }
  bare_line "$answer_identity_bytes" "$RUN_DIR/bare-identity.out"
  bare_line "$answer_gzip_bytes" "$RUN_DIR/bare-gzip.out"
  bare_line 15 "$RUN_DIR/bare.out"
  echo "| bare SQLite insert, one per transaction, WAL + synchronous=FULL (rows/s) | $(int "$fsync_rps") |"
  echo "| bare SQLite insert, 1000 per transaction, WAL + synchronous=FULL (rows/s) | $(int "$batch_rps") |"
  echo "| SqliteStore::Book in process (group commit), 1 / 4 / 64 threads (bookings/s) | $(figure "$RUN_DIR/storage.out" store_book_1_thread_per_s) / $(figure "$RUN_DIR/storage.out" store_book_4_threads_per_s) / $(figure "$RUN_DIR/storage.out" store_book_64_threads_per_s) |"
  echo
  echo "## Details"
  echo
  echo "Latencies in ms, measured by the load generator from sending a request to its complete answer."
  echo
  echo "| requests | count | p50 | p90 | p99 | max |"
  echo "|---|---|---|---|---|---|"
  latency_row "$RUN_DIR/bare-identity.out" latency "bare Beast server, $answer_identity_bytes bytes"
  latency_row "$RUN_DIR/bare-gzip.out" latency "bare Beast server, $answer_gzip_bytes bytes"
  latency_row "$RUN_DIR/availability.out" latency "(a) availability, no bookings stored, identity"
  latency_row "$RUN_DIR/availability.out.gz" latency "(a) availability, no bookings stored, gzip"
  latency_row "$RUN_DIR/surge.out" availability "(b) availability during the surge"
  latency_row "$RUN_DIR/surge.out" book "(b) booking POST during the surge (201 and 409)"
  latency_row "$RUN_DIR/surge.out" fetch "(b) verification: GET booking with its token"
  latency_row "$RUN_DIR/small.out" latency "(c) availability, $SMALL_STORE bookings stored"
  latency_row "$RUN_DIR/large.out" latency "(c) availability, $LARGE_STORE bookings stored"
  echo
  echo "- Load generators: \`wrk -t1 -c$CONNECTIONS\` for every availability and bare-server figure (wrk checks the status"
  echo "  only; one answer per run is checked for its JSON shape); \`surge_load\` for the surge, whose own CPU was"
  echo "  $(figure "$RUN_DIR/surge.out" surge_client_cpu_share) of its core (near 1.00: the client may be the limit) and which asks for availability"
  echo "  with \`Accept-Encoding: gzip\`, as a browser does. Answers other than 2xx/3xx:"
  echo "  (a) $(figure "$RUN_DIR/availability.out" not_2xx) / $(figure "$RUN_DIR/availability.out.gz" not_2xx), (c) $(figure "$RUN_DIR/small.out" not_2xx) / $(figure "$RUN_DIR/large.out" not_2xx)."
  echo "- Availability answer: $answer_identity_bytes bytes, $answer_gzip_bytes with gzip ($(figure "$RUN_DIR/surge.out" api_slots_listed) slots over $DAYS days)."
  echo "- Surge: $(figure "$RUN_DIR/surge.out" surge_acknowledged) of $(figure "$RUN_DIR/surge.out" surge_applicants) applicants booked in $(figure "$RUN_DIR/surge.out" surge_seconds) s;"
  echo "  $(figure "$RUN_DIR/surge.out" surge_requests) requests ($(int "$(figure "$RUN_DIR/surge.out" surge_requests_per_s)") req/s), $(figure "$RUN_DIR/surge.out" surge_slot_full) answered 409 slot_full and retried."
  echo "- Verification through the API: $(figure "$RUN_DIR/surge.out" api_fetched) bookings fetched with their token, $(figure "$RUN_DIR/surge.out" api_not_fetched) not;"
  echo "  slots with free < 0: $(figure "$RUN_DIR/surge.out" api_negative_free); seats taken without a 201: $(figure "$RUN_DIR/surge.out" api_unacknowledged_seats); 201s not holding a seat: $(figure "$RUN_DIR/surge.out" api_missing_seats)."
  echo "- Verification through the database file: $(figure "$RUN_DIR/surge.out" db_booked_rows) active bookings, $(figure "$RUN_DIR/surge.out" db_acknowledged_stored) of them acknowledged,"
  echo "  $(figure "$RUN_DIR/surge.out" db_acknowledged_missing) acknowledged but missing, $(figure "$RUN_DIR/surge.out" db_stored_unacknowledged) stored without a 201, $(figure "$RUN_DIR/surge.out" db_overbooked_slots) slots over capacity."
  echo "- Errors during the surge (by kind):"
  errors_of "$RUN_DIR/surge.out.errors"
  echo "- Availability answers of the wrong shape: $(cat "$RUN_DIR"/availability.out.errors "$RUN_DIR"/small.out.errors "$RUN_DIR"/large.out.errors | wc -l) lines of errors"
  rounds() { awk '$1 == "rounds_requests_per_s" { $1 = ""; print substr($0, 2) }' "$1"; }
  echo "- Requests/s of the three rounds of each wrk figure (the median counts): (a) identity $(rounds "$RUN_DIR/availability.out"),"
  echo "  bare $(rounds "$RUN_DIR/bare-identity.out"); gzip $(rounds "$RUN_DIR/availability.out.gz"), bare $(rounds "$RUN_DIR/bare-gzip.out");"
  echo "  (c) $SMALL_STORE bookings $(rounds "$RUN_DIR/small.out"); $LARGE_STORE bookings $(rounds "$RUN_DIR/large.out")."
  echo "- Stored bookings: $(figure "$RUN_DIR/small.prefill" prefill_bookings) written in $(figure "$RUN_DIR/small.prefill" prefill_seconds) s ($(figure "$RUN_DIR/small.prefill" prefill_booked) active);"
  echo "  $(figure "$RUN_DIR/large.prefill" prefill_bookings) in $(figure "$RUN_DIR/large.prefill" prefill_seconds) s ($(figure "$RUN_DIR/large.prefill" prefill_booked) active), spread over every slot from two years ago to the end of the horizon."
  echo "- Start-up (exec to first 200 from /healthz): empty desk $(figure "$RUN_DIR/surge.startup" startup_ms) ms, $SMALL_STORE bookings $(figure "$RUN_DIR/small.startup" startup_ms) ms, $LARGE_STORE bookings $startup_ms ms."
  echo "- Memory with $LARGE_STORE bookings, after the availability run: VmRSS $rss_kib KiB, VmHWM $hwm_kib KiB; $db_connections open"
  echo "  connections to the database file; page cache setting: $cache_setting, page size $page_size."
  echo
  echo "## Server profile during (b)"
  echo
  echo "Taken with $surge_profile_note. Each sample counts for the innermost part of the server its call stack is in"
  echo "(scripts/perf_breakdown.py); then the share of samples by library and symbol."
  echo
  if [ -s "$RUN_DIR/surge.profile" ]; then
    cat "$RUN_DIR/surge.profile"
  else
    echo "None."
  fi
  echo
  echo "## Server profile during (a)"
  echo
  echo "Taken with $profile_note; by part of the server as for (b), then by library and symbol."
  echo
  if [ -s "$RUN_DIR/availability.profile" ]; then
    cat "$RUN_DIR/availability.profile"
  else
    echo "None."
  fi
  if [ -n "$kept_sections" ]; then
    echo
    printf '%s\n' "$kept_sections"
  fi
} >"$OUTPUT"

log "done: $OUTPUT"
[ "$KEEP_RUN_DIR" = 1 ] || rm -rf "$RUN_DIR"
