#!/usr/bin/env bash
# Start-up of the first @WarrenTest in a fresh JVM (issue 7: "startup to accepting connections in
# under 100 ms"): runs bench/embedded/FirstWarrenTest through the JUnit Platform in N fresh JVMs and
# prints, per run and as medians, the extension's start-up (from just before WarrenExtension's
# beforeAll to the test method), the first AMQP and RESP replies after it, and the whole JVM's time
# from its launch to those replies (JUnit's own start-up included).
#
#   bench/embedded-startup.sh [RUNS]        default 7
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench")"
runs="${1:-7}"
work="$(mktemp -d /tmp/warren-embedded.XXXXXX)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && mvn -q -B -DskipTests package && \
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt") >&2
cp="$repo/target/warren-0.1.0-SNAPSHOT.jar:$(cat "$work/cp.txt")"
javac -d "$work/classes" -cp "$cp" "$bench"/embedded/*.java
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  java -cp "$work/classes:$cp" RunFirstWarren 2>&1 | grep '^start_ms=' | tee -a "$work/runs.txt"
done
median() { cut -d' ' -f"$1" "$work/runs.txt" | cut -d= -f2 | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "median of $(wc -l < "$work/runs.txt") runs: start $(median 1) ms, first AMQP reply $(median 2) ms, first RESP reply $(median 3) ms, JVM launch to both replies $(median 4) ms"
