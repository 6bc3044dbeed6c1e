#!/usr/bin/env bash
# Installs what the test suite needs beyond Java 17, Maven and Python 3: Debian's pika (the Python
# RabbitMQ client the examples use), redis-cli and redis-py, chromium (the web UI test) and
# RabbitMQ's rabbitmqadmin (fetch-rabbitmqadmin.sh). Idempotent: does nothing when everything is present.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
packages=(python3-pika redis-tools python3-redis chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test dependencies: ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
"$here/fetch-rabbitmqadmin.sh"
