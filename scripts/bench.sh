#!/usr/bin/env bash
# Builds the benchmark harness in Release (which builds the server and the Rivya simulator it starts) and runs it:
#   bash scripts/bench.sh            the default run (under 5 minutes on 2 cores)
#   bash scripts/bench.sh --quick    CI's smoke test (small scale, about 3 minutes, the limit and Azure Storage scenarios included)
#   bash scripts/bench.sh --Scenarios=limit   against Rivya's default rate limit at full scale (about 3 minutes; not in the default run)
#   bash scripts/bench.sh --Scenarios=limit-2silos   the same from two silos on Azure Storage (Azurite, started here if not running)
#   bash scripts/bench.sh --Scenarios=create-azure,storage-azure   production's mode: one silo on Azure Storage (Azurite), the create
#     path's latency and throughput, and its storage requests counted per create and per task life
# Other arguments go to the harness, e.g. --out=PATH or --Scenarios=create,watch or --WatchTasks=500 (see
# tests/ImageGrid.Benchmarks/BenchSettings.cs). It prints a table and writes JSON (default .artifacts/bench/results.json).
# Everything runs on loopback; the harness kills the processes it started when it ends, fails or is interrupted.
# Exit code: 0 when every scenario ran, non-zero when one failed outright (no timing is asserted).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
project=tests/ImageGrid.Benchmarks/ImageGrid.Benchmarks.csproj

dotnet build "$project" --configuration Release -nologo -clp:ErrorsOnly

# h2load (Debian's nghttp2-client), the lean load generator the create scenarios compare with: installed when
# missing and possible; without it those rows say why they are absent and the rest runs.
if ! command -v h2load >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's nghttp2-client for h2load (apt-get)"
  { apt-get -o DPkg::Lock::Timeout=300 update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq nghttp2-client; } >/dev/null \
    || echo "h2load could not be installed; the create scenarios run without it" >&2
fi

# Two silos form a cluster on Azure Storage, and the "-azure" scenarios run one silo on it: Azurite on loopback,
# stopped again at the end if this script started it.
if [[ " $* " == *"--quick"* || " $* " == *"silos"* || " $* " == *"azure"* ]]; then
  pidfile=.artifacts/azurite.pid
  if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
    bash scripts/azurite.sh start
    trap 'bash scripts/azurite.sh stop' EXIT
  fi
  export IMAGEGRID_TEST_AZURE_STORAGE="${IMAGEGRID_TEST_AZURE_STORAGE:-UseDevelopmentStorage=true}"
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  commit="${commit}+dirty"
fi

dotnet tests/ImageGrid.Benchmarks/bin/Release/net10.0/ImageGrid.Benchmarks.dll --commit="$commit" "$@"
