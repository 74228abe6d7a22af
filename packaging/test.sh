#!/usr/bin/env bash
# Builds rackplan (release preset) and runs the whole test suite. Prints ctest's summary on
# success and its full output on failure; the exit status is ctest's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash packaging/build.sh

log=$(mktemp -t rackplan-ctest.XXXXXX.log)
status=0
ctest --test-dir build/release --output-on-failure -j2 >"$log" 2>&1 || status=$?
if [ "$status" -eq 0 ]; then
  sed -n '/tests passed/,$p' "$log"
else
  cat "$log"
fi
rm -f "$log"
exit "$status"
