#!/usr/bin/env bash
# Installs the dependencies, then configures and builds the release preset (build/release).
# Quiet on success; on failure it prints the build log. Incremental when run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash packaging/install-deps.sh

log=$(mktemp -t rackplan-build.XXXXXX.log)
if ! { cmake --preset release && cmake --build --preset release; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "build: configuring or building the release preset failed (log: $log)" >&2
  exit 1
fi
rm -f "$log"
