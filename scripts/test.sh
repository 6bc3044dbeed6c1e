#!/usr/bin/env bash
# Runs Warren's whole test suite: installs the test dependencies (idempotent), then builds and tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/install-test-deps.sh"
cd "$here"
exec mvn -B verify "$@"
