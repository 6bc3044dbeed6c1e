#!/usr/bin/env bash
# Profiling recipe: record a JFR of Warren under scenario S1 (or any PerfTest flags) and print the hot
# methods, the hot stacks and the allocation hot spots.
#
#   bench/profile.sh [SECONDS] [-- PERFTEST FLAGS...]     default: 20 s of S1 (-x 1 -y 1 -a)
#
# What it does, so you can do it by hand:
#   1. ./warren server --bind 127.0.0.1 --amqp-port 27680 --resp-port off --http-port off --data-dir /tmp/x
#      jcmd <warren pid> JFR.start name=bench settings=profile
#      (profile.sh uses a copy of the JDK's profile.jfc with jdk.ExecutionSample every 1 ms; or start
#      the recording with the JVM: WARREN_JAVA_OPTS="-XX:StartFlightRecording=name=bench,settings=profile")
#   2. java -cp 'bench/perftest/lib/*' com.rabbitmq.perf.PerfTest -h amqp://guest:guest@127.0.0.1:27680 \
#        -x 1 -y 1 -a -s 100 -z 20
#   3. jcmd <warren pid> JFR.dump name=bench filename=warren.jfr      (then stop Warren)
#   4. python3 bench/jfr_hot.py warren.jfr     (or open warren.jfr in JDK Mission Control:
#      "Method Profiling" and "Memory > Allocations"; or `jfr print --events jdk.ExecutionSample`)
# The recording and the report are kept in bench/results/profile-<timestamp>/.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench")"
secs=20
if [ $# -gt 0 ] && [ "$1" != "--" ]; then secs="$1"; shift; fi
[ "${1:-}" = "--" ] && shift
flags=("$@"); [ ${#flags[@]} -eq 0 ] && flags=(-x 1 -y 1 -a)
port=${BENCH_PROFILE_PORT:-27680}   # below the ephemeral range: see BENCH_PORT_BASE in run.sh

"$bench/setup.sh" --warren-only
out="$bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$out"
data="$(mktemp -d /tmp/warren-profile.XXXXXX)"
# JDK 17's "profile" settings sample running Java code every 10-20 ms; sample every 1 ms instead.
jhome="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
sed -e '/<event name="jdk.ExecutionSample">/,/<\/event>/ s#<setting name="period"[^>]*>[^<]*<#<setting name="period">1 ms<#' \
    -e '/<event name="jdk.NativeMethodSample">/,/<\/event>/ s#<setting name="period"[^>]*>[^<]*<#<setting name="period">10 ms<#' \
    "$jhome/lib/jfr/profile.jfc" > "$out/bench.jfc"
CP="$bench/perftest/lib/*"
line=$(java -Dlogback.configurationFile="$bench/perftest/probe-logback.xml" -cp "$bench/perftest/classes:$CP" Probe \
  startup "$port" 60 "$out/warren.log" -- env \
  "WARREN_JAVA_OPTS=${WARREN_JAVA_OPTS:-}" \
  "$repo/warren" server --bind 127.0.0.1 --amqp-port "$port" --resp-port off --http-port off --data-dir "$data/data" \
  | grep '^startup_ms=')
pid=${line##*pid=}
stop() { kill -TERM "$pid" 2>/dev/null || true; for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; rm -rf "$data"; }
trap stop EXIT
# record the load only, not the start-up
jcmd "$pid" JFR.start name=bench settings="$out/bench.jfc" >/dev/null
echo "profile: Warren pid $pid, PerfTest ${flags[*]} -s 100 -z $secs" >&2
java -cp "$CP" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$port" -s 100 -z "$secs" -i 5 "${flags[@]}" \
  > "$out/perftest.log" 2>&1 || true
grep -E "rate avg|latency min" "$out/perftest.log" >&2 || true
jcmd "$pid" JFR.dump name=bench filename="$out/warren.jfr" >/dev/null
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
"$PY" "$bench/jfr_hot.py" "$out/warren.jfr" | tee "$out/hot.txt"
echo "profile: recording $out/warren.jfr, report $out/hot.txt" >&2
