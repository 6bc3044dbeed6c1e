#!/usr/bin/env bash
# Warren benchmark suite: PerfTest scenarios S1-S5, FILL and start-up, against Warren and (when it can
# be installed and started) a private RabbitMQ node, back to back; prints one table with the ratio.
#
#   bench/run.sh [--quick] [--warren-only] [--runs N]
#
# Environment (all optional):
#   BENCH_SECONDS   length of each PerfTest scenario            (default 20; --quick: 6)
#   BENCH_WARMUP    first seconds left out of the figures       (default 5;  --quick: 2)
#   BENCH_RUNS      runs per broker, figures are the median     (default 2;  --quick: 1)
#   BENCH_FILL      messages in the FILL scenario               (default 1000000; --quick: 100000)
#   BENCH_FILL_WAIT seconds between "right after" and "later" RSS (default 30; --quick: 5)
#   BENCH_PORT_BASE first of 4 consecutive local ports used     (default 27672)
#   BENCH_SCENARIOS space-separated subset of "S1 S2 S3 S4 S5 FILL RECOVERY" (default all but RECOVERY)
#   BENCH_RECOVERY  persistent messages in RECOVERY              (default: BENCH_FILL)
#   WARREN_JAVA_OPTS JVM options for Warren (passed to ./warren)
# Results go to bench/results/<UTC timestamp>/ (raw PerfTest CSVs, figures.tsv, table.md, chart.png).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench")"

quick=0; warren_only=0; runs_opt=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --warren-only) warren_only=1 ;;
    --runs) runs_opt="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then d_sec=6; d_warm=2; d_runs=1; d_fill=100000; d_wait=5
else d_sec=20; d_warm=5; d_runs=2; d_fill=1000000; d_wait=30; fi
SECONDS_PER=${BENCH_SECONDS:-$d_sec}
WARMUP=${BENCH_WARMUP:-$d_warm}
RUNS=${runs_opt:-${BENCH_RUNS:-$d_runs}}
FILL=${BENCH_FILL:-$d_fill}
FILL_WAIT=${BENCH_FILL_WAIT:-$d_wait}
SCENARIOS=${BENCH_SCENARIOS:-"S1 S2 S3 S4 S5 FILL"}
# Below Linux's ephemeral range (32768-60999): the start-up probe connects every 5 ms while nothing
# listens yet, and a connection attempt given the server's port as its own source port connects to
# itself (a TCP self-connect), whose TIME_WAIT then keeps the server from binding that port for a minute.
base=${BENCH_PORT_BASE:-27672}
WARREN_PORT=$base; RABBIT_PORT=$((base + 1)); RABBIT_DIST_PORT=$((base + 2)); RABBIT_EPMD_PORT=$((base + 3))

setup_args=(); [ "$warren_only" = 1 ] && setup_args+=(--warren-only)
"$bench/setup.sh" "${setup_args[@]}"

PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
CP="$bench/perftest/lib/*"
PROBE=(java -Dlogback.configurationFile="$bench/perftest/probe-logback.xml" -cp "$bench/perftest/classes:$CP" Probe)
PERFTEST=(java -Xmx512m -cp "$CP" com.rabbitmq.perf.PerfTest)

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$bench/results/$stamp"
mkdir -p "$out"
work="$(mktemp -d /tmp/warren-bench.XXXXXX)"
figures="$out/figures.tsv"
printf 'broker\trun\tfigure\tvalue\tload1\n' > "$figures"

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$(load1)" >> "$figures"; }
rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo nan; }
hwm_mb() { awk '/^VmHWM:/ {printf "%.1f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo nan; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$WARREN_PORT" "$RABBIT_PORT" "$RABBIT_DIST_PORT" "$RABBIT_EPMD_PORT"; do
  port_free "$p" || { echo "port $p on 127.0.0.1 is in use; set BENCH_PORT_BASE" >&2; exit 1; }
done

# ---------------------------------------------------------------- servers
SERVER_PID=""      # pid of the measured process (java for Warren, beam.smp for RabbitMQ)
LAUNCH_PID=""      # pid of what we launched (same as SERVER_PID for Warren)

# descendants of $1 whose command name is $2
find_desc() {
  local pid="$1" name="$2" c
  for c in $(pgrep -P "$pid" 2>/dev/null); do
    [ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$name" ] && echo "$c"
    find_desc "$c" "$name"
  done
}

start_warren() { # [keep] -- sets STARTUP_MS, SERVER_PID, LAUNCH_PID; wipes the data dir unless "keep"
  local dd="$work/warren-data"; [ "${1:-}" = keep ] || rm -rf "$dd"
  local line attempt
  for attempt in 1 2; do
    line=$("${PROBE[@]}" startup "$WARREN_PORT" 60 "$work/warren.log" -- \
      env "WARREN_JAVA_OPTS=${WARREN_JAVA_OPTS:-}" "$repo/warren" server --bind 127.0.0.1 \
      --amqp-port "$WARREN_PORT" --resp-port off --http-port off --data-dir "$dd" | grep '^startup_ms=') && break
    # say why (the log is deleted with the work directory), and try once more
    log "warren did not start (attempt $attempt); its log ends with:"
    tail -5 "$work/warren.log" >&2
    [ -n "$(ss -ltnp 2>/dev/null | grep ":$WARREN_PORT ")" ] && log "port $WARREN_PORT is taken: $(ss -ltnp | grep ":$WARREN_PORT ")"
    sleep 2
  done
  LAUNCH_PID=${line##*pid=}; SERVER_PID=$LAUNCH_PID
  STARTUP_MS=${line%% *}; STARTUP_MS=${STARTUP_MS#startup_ms=}
}

RABBIT_BIN=/usr/lib/rabbitmq/bin
rabbit_env() {
  local r="$work/rabbit"
  export HOME="$r/home"
  export RABBITMQ_NODENAME=warrenbench@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$RABBIT_PORT
  export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT
  export ERL_EPMD_PORT=$RABBIT_EPMD_PORT
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_MNESIA_BASE="$r/mnesia"
  export RABBITMQ_LOG_BASE="$r/log"
  export RABBITMQ_CONFIG_FILE="$r/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$r/advanced.config"
  export RABBITMQ_CONF_ENV_FILE="$r/rabbitmq-env.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$r/enabled_plugins"
  export RABBITMQ_PID_FILE="$r/rabbit.pid"
}
start_rabbit() { # [keep] -- sets STARTUP_MS, SERVER_PID, LAUNCH_PID; wipes the node's data unless "keep"
  local r="$work/rabbit"
  [ "${1:-}" = keep ] || rm -rf "$r/mnesia" "$r/log"; mkdir -p "$r/home" "$r/mnesia" "$r/log"
  printf 'listeners.tcp.default = %s\nloopback_users.guest = true\n' "$RABBIT_PORT" > "$r/rabbitmq.conf"
  : > "$r/rabbitmq-env.conf"; echo '[].' > "$r/enabled_plugins"
  local line
  line=$( (rabbit_env; "${PROBE[@]}" startup "$RABBIT_PORT" 90 "$work/rabbit.log" -- "$RABBIT_BIN/rabbitmq-server") | grep '^startup_ms=')
  LAUNCH_PID=${line##*pid=}
  SERVER_PID=$(find_desc "$LAUNCH_PID" beam.smp | head -1)
  [ -n "$SERVER_PID" ] || { log "RabbitMQ: no beam.smp under pid $LAUNCH_PID"; return 1; }
  STARTUP_MS=${line%% *}; STARTUP_MS=${STARTUP_MS#startup_ms=}
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$SERVER_PID" 2>/dev/null; then log "pid $SERVER_PID did not stop in 30 s: SIGKILL"; kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
  [ "$LAUNCH_PID" != "$SERVER_PID" ] && { for i in $(seq 1 50); do kill -0 "$LAUNCH_PID" 2>/dev/null || break; sleep 0.1; done; kill -TERM "$LAUNCH_PID" 2>/dev/null || true; }
  SERVER_PID=""; LAUNCH_PID=""
}
stop_epmd() { # the epmd our private node started on its own port
  if [ -x "$(command -v epmd)" ]; then (rabbit_env; epmd -port "$RABBIT_EPMD_PORT" -kill >/dev/null 2>&1) || true; fi
}
cleanup() { stop_server; stop_epmd; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- scenarios
perftest() { # name port csv extra-args...
  local name="$1" port="$2"; shift 2
  local csv="$out/$BROKER-run$RUN-$name.csv"
  log "$BROKER run $RUN $name: perftest $*"
  timeout $((SECONDS_PER + 60)) "${PERFTEST[@]}" -h "amqp://guest:guest@127.0.0.1:$port" -s 100 -z "$SECONDS_PER" -i 1 -o "$csv" "$@" \
    > "$out/$BROKER-run$RUN-$name.log" 2>&1 || log "$BROKER $name: PerfTest exited with $? (see $out/$BROKER-run$RUN-$name.log)"
  "$PY" "$bench/report.py" interval "$csv" "$WARMUP" | while read -r fig val; do record "$BROKER" "$RUN" "$name.$fig" "$val"; done
}

# Exact PerfTest flags of each scenario (documented in BENCHMARKS.md).
S1_FLAGS=(-x 1 -y 1 -a)
S2_FLAGS=(-x 1 -y 1 -u bench-s2 -f persistent -c 100 -q 100 -A 50)
S3_FLAGS=(-e bench-fanout -t fanout -qp 'bench-s3-%d' -qpf 1 -qpt 4 -x 1 -y 4 -a)
S4_FLAGS=(-x 1 -y 1 -a -r 10000)
S5_FLAGS=(-qp 'bench-s5-%d' -qpf 1 -qpt 50 -x 50 -y 50 -r 200 -a)
FILL_FLAGS=(-x 1 -y 0 -u bench-fill -ad false -C "$FILL")

run_fill() {
  local port="$1"
  log "$BROKER run $RUN FILL: $FILL messages, perftest ${FILL_FLAGS[*]} -s 100"
  local t0 t1 line probe
  # The depth probe runs from before PerfTest's launch, so that the end of the fill is when the queue
  # holds every message, not when a probe started afterwards is up (its JVM start is about 0.5 s).
  "${PROBE[@]}" depth "$port" bench-fill "$FILL" 600 > "$work/fill-depth.txt" 2>&1 &
  probe=$!
  for _ in $(seq 1 1500); do grep -q '^connected' "$work/fill-depth.txt" && break; sleep 0.02; done
  t0=$(date +%s%3N)
  timeout 600 "${PERFTEST[@]}" -h "amqp://guest:guest@127.0.0.1:$port" -s 100 -i 5 "${FILL_FLAGS[@]}" \
    > "$out/$BROKER-run$RUN-FILL.log" 2>&1 || log "$BROKER FILL: PerfTest exited with $?"
  local peak=0 sampler
  ( while kill -0 "$SERVER_PID" 2>/dev/null; do rss_mb "$SERVER_PID"; echo; sleep 1; done ) > "$work/rss.txt" 2>/dev/null &
  sampler=$!
  wait "$probe" || true
  if line=$(grep '^reached_epoch_ms=[0-9]' "$work/fill-depth.txt"); then
    t1=${line#reached_epoch_ms=}; t1=${t1%% *}
    record "$BROKER" "$RUN" fill.seconds "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", (b-a)/1000}')"
  else
    log "$BROKER FILL: queue never reached $FILL messages ($(cat "$work/fill-depth.txt"))"
  fi
  record "$BROKER" "$RUN" fill.rss_after_mb "$(rss_mb "$SERVER_PID")"
  sleep "$FILL_WAIT"
  record "$BROKER" "$RUN" fill.rss_later_mb "$(rss_mb "$SERVER_PID")"
  record "$BROKER" "$RUN" fill.rss_peak_mb "$(hwm_mb "$SERVER_PID")"
  kill "$sampler" 2>/dev/null || true
  "${PROBE[@]}" delete "$port" bench-fill || true
}

# RECOVERY (issue 3; opt-in, add it to BENCH_SCENARIOS): N persistent messages with confirms into a
# durable queue, clean stop, start again on the same data: start-up to first handshake = recovery time.
RECOVERY_FLAGS=(-x 1 -y 0 -u bench-recovery -ad false -f persistent -c 100 -C "${BENCH_RECOVERY:-$FILL}")
run_recovery() {
  local port="$1" n="${BENCH_RECOVERY:-$FILL}" line
  "start_$BROKER" || return 1
  log "$BROKER run $RUN RECOVERY: $n persistent messages, perftest ${RECOVERY_FLAGS[*]} -s 100"
  timeout 900 "${PERFTEST[@]}" -h "amqp://guest:guest@127.0.0.1:$port" -s 100 -i 5 "${RECOVERY_FLAGS[@]}" \
    > "$out/$BROKER-run$RUN-RECOVERY.log" 2>&1 || log "$BROKER RECOVERY: PerfTest exited with $?"
  "${PROBE[@]}" depth "$port" bench-recovery "$n" 120 | grep -q '^reached_epoch_ms=[0-9]' \
    || log "$BROKER RECOVERY: queue never reached $n messages"
  stop_server
  "start_$BROKER" keep || return 1
  record "$BROKER" "$RUN" recovery.ms "$STARTUP_MS"
  log "$BROKER run $RUN RECOVERY: restarted in $STARTUP_MS ms"
  if line=$("${PROBE[@]}" depth "$port" bench-recovery "$n" 60 | grep '^reached_epoch_ms='); then
    record "$BROKER" "$RUN" recovery.messages "${line##*depth=}"
  else
    log "$BROKER RECOVERY: fewer than $n messages after the restart"
  fi
  "${PROBE[@]}" delete "$port" bench-recovery || true
  stop_server
}

want() { [[ " $SCENARIOS " == *" $1 "* ]]; }

bench_broker() { # broker
  BROKER="$1"
  local port
  if [ "$BROKER" = warren ]; then port=$WARREN_PORT; else port=$RABBIT_PORT; fi
  # start-up and idle RSS, then S1-S5 on that server
  "start_$BROKER" || return 1
  record "$BROKER" "$RUN" startup.ms "$STARTUP_MS"
  log "$BROKER run $RUN: started in $STARTUP_MS ms (pid $SERVER_PID)"
  sleep 5
  record "$BROKER" "$RUN" idle.rss_mb "$(rss_mb "$SERVER_PID")"
  want S1 && perftest S1 "$port" "${S1_FLAGS[@]}"
  want S2 && perftest S2 "$port" "${S2_FLAGS[@]}"
  want S3 && perftest S3 "$port" "${S3_FLAGS[@]}"
  want S4 && perftest S4 "$port" "${S4_FLAGS[@]}"
  want S5 && perftest S5 "$port" "${S5_FLAGS[@]}"
  "${PROBE[@]}" delete "$port" bench-s2 bench-s3-1 bench-s3-2 bench-s3-3 bench-s3-4 2>/dev/null || true
  stop_server
  # FILL on a fresh server so that its peak RSS is FILL's own
  if want FILL; then
    "start_$BROKER" || return 1
    record "$BROKER" "$RUN" startup.ms "$STARTUP_MS"
    run_fill "$port"
    stop_server
  fi
  if want RECOVERY; then run_recovery "$port" || return 1; fi
}

# ---------------------------------------------------------------- main
# Start-up is measured with the jar already built: build it (and record its class-data-sharing
# archive) now if the sources changed, so that no measured start includes a build.
log "preparing ./warren (build and class-data-sharing archive if out of date)"
"$repo/warren" --version >/dev/null
rabbit_ok=0; rabbit_why=""
if [ "$warren_only" = 1 ]; then rabbit_why="--warren-only"
elif [ ! -x "$RABBIT_BIN/rabbitmq-server" ]; then rabbit_why="rabbitmq-server is not installed (apt-get install rabbitmq-server failed or not root)"
else rabbit_ok=1; fi

{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F: '/model name/ {gsub(/^ /,"",$2); print $2; exit}' /proc/cpuinfo)"
  echo "mem_total_mb=$(awk '/MemTotal/ {printf "%d", $2/1024}' /proc/meminfo)"
  echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "warren=$(git -C "$repo" describe --always --dirty 2>/dev/null)"
  echo "perftest=$(basename "$(ls "$bench"/perftest/lib/perf-test-*.jar)" .jar)"
  echo "rabbitmq=$(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo none)"
  echo "erlang=$(dpkg-query -W -f='${Version}' erlang-base 2>/dev/null || echo none)"
  echo "settings=seconds=$SECONDS_PER warmup=$WARMUP runs=$RUNS fill=$FILL fill_wait=$FILL_WAIT quick=$quick"
} > "$out/env.txt"
cat "$out/env.txt" >&2

for RUN in $(seq 1 "$RUNS"); do
  bench_broker warren || log "warren run $RUN failed"
  if [ "$rabbit_ok" = 1 ]; then
    if ! bench_broker rabbit; then
      log "RabbitMQ run $RUN failed (see $work/rabbit.log)"; cp "$work/rabbit.log" "$out/" 2>/dev/null || true
      stop_server
      [ "$RUN" = 1 ] && { rabbit_ok=0; rabbit_why="the private RabbitMQ node did not start (see $out/rabbit.log)"; }
    fi
    stop_epmd
  fi
done
echo "load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/env.txt"
cp "$work/warren.log" "$out/warren.log" 2>/dev/null || true

"$PY" "$bench/report.py" table "$out" ${rabbit_why:+--no-rabbit-reason "$rabbit_why"}
ln -sfn "$stamp" "$bench/results/latest"
log "results in $out"
