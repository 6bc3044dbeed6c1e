#!/usr/bin/env bash
# Compares Warren's RESP listener with a private redis-server using Debian's redis-benchmark.
#
#   bench/redis-benchmark.sh [--quick] [--runs N] [--no-redis] [--no-install]
#
# Env: REDIS_BENCH_QUICK=1 (same as --quick), REDIS_BENCH_RUNS=N, WARREN_JAVA_OPTS (passed to ./warren).
# Installs redis-tools and redis-server with apt-get when missing and running as root (the system
# service is never started). Both servers listen on 127.0.0.1 only, on free ports from 16379 up, with
# their data in a temporary directory, and are stopped when the script ends, however it ends.
# Raw output and the table go to bench/results/redis-<UTC time>/. See bench/REDIS-BENCHMARK.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

quick="${REDIS_BENCH_QUICK:-0}"
runs="${REDIS_BENCH_RUNS:-}"
with_redis=1
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --runs) runs="$2"; shift ;;
    --no-redis) with_redis=0 ;;
    --no-install) install=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

# ---- fixed parameters -------------------------------------------------------------------------
TESTS="set,get,incr,lpush,lpop,sadd,hset,zadd"     # redis-benchmark -t names (zadd is built in)
CLIENTS=50
DATASIZE=3
KEYSPACE=100000
if [ "$quick" = 1 ]; then
  N_P16=20000; N_P1=5000; WARM_N=10000; runs="${runs:-1}"
else
  # each test lasts about 2 s per server: at 0.3 s (300000 with -P 16) a GC pause or a background job
  # moved a median by a third
  N_P16=2000000; N_P1=200000; WARM_N=500000; runs="${runs:-5}"
fi
BENCH_TIMEOUT=180      # seconds, per redis-benchmark invocation
SERVER_LIFETIME=1800   # seconds: a server outliving this is stopped by `timeout` even if we are killed -9

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$root/bench/results/redis-$stamp"
mkdir -p "$out/raw"
tmp="$(mktemp -d /tmp/warren-redisbench.XXXXXX)"

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# ---- cleanup: stop what we started, by pid ------------------------------------------------------
warren_pid=""; redis_pid=""
stop_pid() {  # pid name
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  log "$2 (pid $pid) did not stop in 10 s, killing"
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$warren_pid" warren
  stop_pid "$redis_pid" redis-server
  [ -f "$tmp/warren.log" ] && cp "$tmp/warren.log" "$out/raw/" 2>/dev/null
  [ -f "$tmp/redis.log" ] && cp "$tmp/redis.log" "$out/raw/" 2>/dev/null
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- tools --------------------------------------------------------------------------------------
need=()
command -v redis-benchmark >/dev/null || need+=(redis-tools)
if [ "$with_redis" = 1 ] && ! command -v redis-server >/dev/null; then need+=(redis-server); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$install" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${need[*]} (apt-get; the system service is not started)"
    made_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
    fi
    apt_rc=0
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q "${need[@]}" > "$out/raw/apt.log" 2>&1 \
      || { DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -q >> "$out/raw/apt.log" 2>&1 \
           && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q "${need[@]}" >> "$out/raw/apt.log" 2>&1; } \
      || apt_rc=$?
    [ "$made_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    [ "$apt_rc" = 0 ] || log "apt-get failed (see $out/raw/apt.log)"
  fi
fi
command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found (apt-get install redis-tools)" >&2; exit 1; }
command -v redis-cli >/dev/null || { echo "redis-cli not found (apt-get install redis-tools)" >&2; exit 1; }
if [ "$with_redis" = 1 ] && ! command -v redis-server >/dev/null; then
  log "redis-server not available: measuring Warren only"; with_redis=0
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { local p="$1"; while ! port_free "$p"; do p=$((p + 1)); done; echo "$p"; }

wait_ping() {  # port pid name seconds
  local deadline=$(( $(date +%s) + $4 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$2" 2>/dev/null || { echo "$3 exited during start-up" >&2; return 1; }
    [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.3
  done
  echo "$3 did not answer PING within $4 s" >&2; return 1
}

# ---- start Warren -------------------------------------------------------------------------------
wport="$(pick_port 16379)"
log "starting Warren on 127.0.0.1:$wport (data dir $tmp/warren-data; builds the jar if needed)"
timeout "$SERVER_LIFETIME" "$root/warren" server --bind 127.0.0.1 --amqp-port off --http-port off \
  --resp-port "$wport" --data-dir "$tmp/warren-data" > "$tmp/warren.log" 2>&1 &
warren_pid=$!
wait_ping "$wport" "$warren_pid" warren 300 || { tail -20 "$tmp/warren.log" >&2; exit 1; }

w_save="$(redis-cli -p "$wport" config get save | sed -n 2p)"
w_aof="$(redis-cli -p "$wport" config get appendonly | sed -n 2p)"
w_fsync="$(redis-cli -p "$wport" config get appendfsync | sed -n 2p)"

# ---- start redis-server with the same persistence -----------------------------------------------
rport=""
if [ "$with_redis" = 1 ]; then
  rport="$(pick_port $((wport + 1)))"
  mkdir -p "$tmp/redis-data"
  log "starting redis-server on 127.0.0.1:$rport (appendonly $w_aof, appendfsync $w_fsync, save '$w_save', dir $tmp/redis-data)"
  timeout "$SERVER_LIFETIME" redis-server --bind 127.0.0.1 --port "$rport" --daemonize no \
    --dir "$tmp/redis-data" --logfile "$tmp/redis.log" --pidfile "" \
    --appendonly "$w_aof" --appendfsync "$w_fsync" --save "$w_save" > /dev/null 2>&1 &
  redis_pid=$!
  wait_ping "$rport" "$redis_pid" redis-server 30 || { tail -20 "$tmp/redis.log" >&2; exit 1; }
fi

# ---- metadata -----------------------------------------------------------------------------------
rb_version="$(redis-benchmark --version 2>/dev/null | head -1)"
rs_version="$( [ "$with_redis" = 1 ] && redis-server --version | head -1 || echo none)"
java_version="$(java -version 2>&1 | head -1)"
warren_rev="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo '+dirty')"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "date (UTC)        $stamp"
  echo "machine           $(uname -n), $(nproc) cpus, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "load average      $load_start (at start)"
  echo "warren            $warren_rev, $java_version, WARREN_JAVA_OPTS='${WARREN_JAVA_OPTS:-}'"
  echo "redis-server      $rs_version"
  echo "redis-benchmark   $rb_version"
  echo "parameters        -c $CLIENTS -d $DATASIZE -r $KEYSPACE -t $TESTS; -P 16 -n $N_P16; -P 1 -n $N_P1; $runs run(s) each, median"
  echo "persistence       both: appendonly $w_aof, appendfsync $w_fsync, save '$w_save' (Warren's defaults; Redis given the same)"
  echo "ports             warren 127.0.0.1:$wport, redis 127.0.0.1:${rport:-none}"
} > "$out/meta.txt"
cat "$out/meta.txt" >&2

# ---- helpers ------------------------------------------------------------------------------------
bench() {  # server port pipeline n tag [tests]
  local tests="${6:-$TESTS}"
  local f="$out/raw/$5-$1-P$3"; [ -n "${6:-}" ] && f="$f-$6"
  timeout "$BENCH_TIMEOUT" redis-benchmark -h 127.0.0.1 -p "$2" -c "$CLIENTS" -n "$4" -d "$DATASIZE" \
    -r "$KEYSPACE" -P "$3" -t "$tests" --csv > "$f.csv" 2> "$f.err" || echo "exit $?" >> "$f.err"
  # redis-benchmark exits at the first error reply; keep what went wrong
  if [ -s "$f.err" ]; then log "$1 -P $3: $(tr '\n' ' ' < "$f.err" | cut -c1-300)"; fi
  awk -F'","' -v srv="$1" -v p="$3" -v tag="$5" 'NR > 1 { gsub(/"/, ""); split($0, a, ","); print tag, srv, p, a[1], a[2] }' \
    "$f.csv" >> "$out/all-runs.txt"
}
flush() { redis-cli -h 127.0.0.1 -p "$1" flushall > /dev/null; }

servers=(warren); ports=("$wport")
if [ "$with_redis" = 1 ]; then servers+=(redis); ports+=("$rport"); fi

# ---- sanity: the replies to the commands redis-benchmark sends, Warren vs Redis -------------------
check_cmds=(
  "config get save" "config get appendonly"
  "set key:000000000042 xxx" "get key:000000000042" "incr counter:000000000042" "get counter:000000000042"
  "lpush mylist xxx" "lpop mylist" "lpop mylist" "sadd myset element:000000000042" "sadd myset element:000000000042"
  "hset myhash element:000000000042 xxx" "hset myhash element:000000000042 xxx"
  "zadd myzset 42 element:000000000042" "zadd myzset 7 element:000000000042" "zscore myzset element:000000000042"
  "flushall"
)
for i in "${!servers[@]}"; do
  : > "$out/raw/check-${servers[$i]}.txt"
  for c in "${check_cmds[@]}"; do
    # shellcheck disable=SC2086
    { echo "> $c"; redis-cli -h 127.0.0.1 -p "${ports[$i]}" $c 2>&1; } >> "$out/raw/check-${servers[$i]}.txt"
  done
done
if [ "$with_redis" = 1 ]; then
  if diff "$out/raw/check-redis.txt" "$out/raw/check-warren.txt" > "$out/raw/check.diff"; then
    log "sanity check: Warren's replies to the benchmark's commands match Redis's"
  else
    log "sanity check: replies differ (Redis < > Warren):"; cat "$out/raw/check.diff" >&2
  fi
fi

# ---- warm-up (not recorded): lets the JIT compile Warren's paths; Redis gets the same ------------
: > "$out/all-runs.txt"
for i in "${!servers[@]}"; do
  log "warm-up ${servers[$i]} (-P 16 -n $WARM_N, -P 1 -n $((WARM_N / 5)))"
  bench "${servers[$i]}" "${ports[$i]}" 16 "$WARM_N" warmup
  bench "${servers[$i]}" "${ports[$i]}" 1 $((WARM_N / 5)) warmup
  flush "${ports[$i]}"
done
: > "$out/all-runs.txt"

# ---- measured runs: each command on one server then at once on the other, the order alternating ----
# A shared machine's speed drifts over tens of seconds: measuring the two servers command by command
# (a few seconds apart) compares them under the same conditions; whole runs of all eight commands,
# about 40 s each, were often far apart in speed (one run's GET 440k, the next one's 790k).
load_runs=()
for mode in 16 1; do
  n=$N_P16; [ "$mode" = 1 ] && n=$N_P1
  for r in $(seq 1 "$runs"); do
    order=("${!servers[@]}")
    if [ $((r % 2)) = 0 ] && [ "${#servers[@]}" = 2 ]; then order=(1 0); fi
    log "run $r/$runs -P $mode -n $n: ${servers[*]} command by command (load $(cut -d' ' -f1 /proc/loadavg))"
    for i in "${order[@]}"; do flush "${ports[$i]}"; done
    for t in ${TESTS//,/ }; do
      for i in "${order[@]}"; do
        bench "${servers[$i]}" "${ports[$i]}" "$mode" "$n" "run$r" "$t"
      done
    done
    load_runs+=("$(cut -d' ' -f1 /proc/loadavg)")
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "load average      $load_end (at end); 1-min load after each run: ${load_runs[*]}" >> "$out/meta.txt"

# errors Warren (or Redis) logged while serving
grep -E '\[(ERROR|WARN)' "$tmp/warren.log" > "$out/raw/warren-warnings.txt" 2>/dev/null || true

# ---- table: median per (server, pipeline, command) ----------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
table="$out/table.txt"
{
  printf '%-8s %-6s %12s %12s %8s  %s\n' mode command warren_rps redis_rps ratio "goal (issue 5)"
  printf '%s\n' "(requests/s: median of the runs; ratio: median of the runs' Warren/Redis, each run measuring a command on both servers seconds apart)"
  for mode in 16 1; do
    for t in SET GET INCR LPUSH LPOP SADD HSET ZADD; do
      w="$(awk -v p="$mode" -v t="$t" '$2 == "warren" && $3 == p && $4 == t { print $5 }' "$out/all-runs.txt" | median)"
      rr="$(awk -v p="$mode" -v t="$t" '$2 == "redis" && $3 == p && $4 == t { print $5 }' "$out/all-runs.txt" | median)"
      ratio="-"; goal="-"
      if [ -n "$w" ] && [ -n "$rr" ]; then
        # the median of the runs' own ratios: each run measured the command on both servers seconds apart
        ratio="$(awk -v p="$mode" -v t="$t" '$3 == p && $4 == t { v[$1 "," $2] = $5; runs[$1] = 1 }
          END { for (r in runs) if ((r ",warren") in v && (r ",redis") in v && v[r ",redis"] > 0) print v[r ",warren"] / v[r ",redis"] }' \
          "$out/all-runs.txt" | median)"
        ratio="$(awk -v x="$ratio" 'BEGIN { printf "%.2f", x }')"
        need="1.00"; [ "$mode" = 1 ] && need="0.90"
        goal="$(awk -v x="$ratio" -v n="$need" 'BEGIN { print (x + 0 >= n + 0) ? "met (>= " n ")" : "MISSED (< " n ")" }')"
      fi
      printf '%-8s %-6s %12s %12s %8s  %s\n' "-P $mode" "$t" "${w:-ERROR}" "${rr:-${rport:+ERROR}}" "$ratio" "$goal"
    done
  done
} > "$table"
{ echo; cat "$out/meta.txt"; echo; cat "$table"; echo; echo "results: $out"; } | tee "$out/summary.txt"
if grep -qs . "$out"/raw/*.err; then
  { echo; echo "redis-benchmark reported errors (it stops at the first error reply):"
    grep -H . "$out"/raw/*.err | sed "s|$out/raw/||" | head -20; } | tee -a "$out/summary.txt"
fi
