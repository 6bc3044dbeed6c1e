#!/usr/bin/env bash
# Idempotent set-up for the benchmark suite. Safe to run again; does only what is missing.
#   - PerfTest (com.rabbitmq:perf-test) and its dependencies -> bench/perftest/lib  (Maven)
#   - the small AMQP probe used for start-up / queue-depth checks -> bench/perftest/classes
#   - Debian's rabbitmq-server (unless --warren-only) and python3-matplotlib for the chart (apt)
# Never starts a system-wide RabbitMQ: Debian's policy-rc.d / invoke-rc.d is told not to start
# services during the install, and run.sh runs its own private node.
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
want_rabbit=1
for a in "$@"; do [ "$a" = "--warren-only" ] && want_rabbit=0; done

log() { echo "setup: $*" >&2; }

# 1. PerfTest
if ! ls "$bench"/perftest/lib/perf-test-*.jar >/dev/null 2>&1; then
  log "fetching PerfTest with Maven ..."
  (cd "$bench/perftest" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib) >&2
fi

# 2. Probe (compiled against PerfTest's amqp-client)
probe_src="$bench/perftest/Probe.java"
probe_cls="$bench/perftest/classes/Probe.class"
if [ ! -f "$probe_cls" ] || [ "$probe_src" -nt "$probe_cls" ]; then
  log "compiling Probe.java ..."
  mkdir -p "$bench/perftest/classes"
  javac -d "$bench/perftest/classes" -cp "$bench/perftest/lib/*" "$probe_src"
fi

# 3. apt packages (root only; Debian)
apt_missing=()
need_pkg() { dpkg -s "$1" >/dev/null 2>&1 || apt_missing+=("$1"); }
if command -v dpkg >/dev/null 2>&1; then
  [ "$want_rabbit" = 1 ] && need_pkg rabbitmq-server
  need_pkg python3-matplotlib
fi
if [ "${#apt_missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "not root: cannot install ${apt_missing[*]} (chart / RabbitMQ comparison will be skipped)"
  else
    log "installing ${apt_missing[*]} with apt-get ..."
    # policy-rc.d exit 101 = "do not start services"; only created if the system has none.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; created_policy=1
    fi
    { apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${apt_missing[@]}"; } >&2 \
      || log "apt-get install failed: ${apt_missing[*]}"
    [ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    # Debian's package may still have started its own node (no policy-rc.d support somewhere):
    # it is not ours, so we only report it.
    if pgrep -u rabbitmq beam.smp >/dev/null 2>&1; then
      log "note: a system-wide RabbitMQ (user rabbitmq) is running; run.sh uses its own private node and ports"
    fi
  fi
fi
