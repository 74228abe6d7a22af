#!/usr/bin/env bash
# Installs the Debian 12 packages rackplan builds, tests and runs with. Idempotent: when
# every package is present it changes nothing and needs no root. Quiet on success; on
# failure it prints apt's log.
set -euo pipefail

packages=(
  cmake ninja-build g++
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libqt6sql6-sqlite qt6-qpa-plugins
  libboost-graph-dev catch2 libsqlite3-dev nlohmann-json3-dev libcli11-dev
  xvfb xauth poppler-utils fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run this script as root to install them" >&2
  exit 1
fi

log=$(mktemp -t rackplan-install-deps.XXXXXX.log)
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-deps: apt-get failed installing: ${missing[*]} (log: $log)" >&2
  exit 1
fi
rm -f "$log"
