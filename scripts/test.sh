#!/usr/bin/env bash
# Runs the whole test suite (unit and integration) and ends with the plain totals line "N passed, N failed".
# Everything the tests talk to runs on loopback: Azurite (started here, stopped by PID on exit) for Azure Storage, and
# the Rivya simulator, ImageGrid servers and Orleans silos inside the test processes (or started by them).
set -uo pipefail
cd "$(dirname "$0")/.."

results=".artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

if ! bash scripts/azurite.sh start; then
  echo "0 passed, 1 failed"
  exit 1
fi
trap 'bash scripts/azurite.sh stop' EXIT
export IMAGEGRID_TEST_AZURE_STORAGE="UseDevelopmentStorage=true"
bash scripts/browser-prereqs.sh || echo "browser prerequisites missing: the dashboard's browser test will fail" >&2
bash scripts/client-prereqs.sh || echo "scripts/client-prereqs.sh failed: the client example tests will fail" >&2

dotnet test ImageGrid.sln \
  --configuration Release \
  --logger "trx" \
  --logger "console;verbosity=normal" \
  --results-directory "$results" \
  --blame-hang-timeout 5m
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run failed without a failed test (a build error, a crashed or hung test host): count it as a failure.
  failed=1
fi
if [ "$failed" -gt 0 ]; then
  python3 scripts/trx-failures.py "$results"/*.trx || true
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
