#!/usr/bin/env bash
# Builds rackplan (release preset) and runs the main job: the chip comparison table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash packaging/build.sh
build/release/bin/rackplan catalog list chips
