#!/usr/bin/env bash
# JMH micro-benchmarks of Warren's hot paths (frame codec, topic routing, field tables).
#   bench/jmh/run.sh [JMH options...]      e.g. bench/jmh/run.sh TopicRouting -f 1 -wi 3 -i 5
# Defaults (short, for a shared machine): -f 1 -wi 3 -w 1s -i 5 -r 1s. Results also go to
# bench/jmh/target/jmh-result.json. Not part of the main build: `mvn verify` at the root never runs it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ ! -f "$repo/target/warren.jar" ]; then
  echo "jmh: building $repo/target/warren.jar ..." >&2
  (cd "$repo" && mvn -q -B -DskipTests package) >&2
fi
(cd "$here" && mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime) >&2
cp="$here/target/classes:$(cat "$here/target/classpath.txt"):$repo/target/warren.jar"
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
exec java -cp "$cp" org.openjdk.jmh.Main -rf json -rff "$here/target/jmh-result.json" "${args[@]}"
