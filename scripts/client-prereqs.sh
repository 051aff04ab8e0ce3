#!/usr/bin/env bash
# Installs what the client example tests (tests/ImageGrid.Server.Tests/Clients) run: Debian's python3-grpcio,
# python3-grpc-tools and python3-protobuf for /usr/bin/python3, only when it lacks them (PyPI is not needed), and the
# packages examples/node's package-lock.json pins (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c 'import grpc, grpc_tools.protoc, google.protobuf' 2>/dev/null; then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-grpcio python3-grpc-tools python3-protobuf
fi

npm ci --prefix examples/node --no-audit --no-fund --loglevel=error
