#!/usr/bin/env bash
# Puts RabbitMQ's own management CLI, rabbitmqadmin (one Python 3 file), in ~/.cache/warren/ so a test
# can run it against Warren's management API. Taken from Debian's rabbitmq-server package without
# installing it (no Erlang needed). Idempotent; does nothing when the file is there.
set -euo pipefail
dest="${XDG_CACHE_HOME:-$HOME/.cache}/warren/rabbitmqadmin"
[ -f "$dest" ] && exit 0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && { apt-get download rabbitmq-server >/dev/null 2>&1 \
  || { apt-get update -qq >/dev/null 2>&1 && apt-get download rabbitmq-server >/dev/null 2>&1; }; }) || { echo "cannot download rabbitmq-server (rabbitmqadmin test will be skipped)" >&2; exit 0; }
dpkg-deb -x "$work"/rabbitmq-server_*.deb "$work/x"
src="$(find "$work/x" -path '*priv/www/cli/rabbitmqadmin' | head -1)"
mkdir -p "$(dirname "$dest")"
cp "$src" "$dest"
chmod +x "$dest"
