#!/usr/bin/env bash
# Checks that the dashboard's committed build outputs match their sources: regenerates web/src/gen from protos/ and
# rebuilds the bundle into a temporary folder, then compares them with web/src/gen and src/ImageGrid.Server/wwwroot.
# After changing web/ or protos/imagegrid/v1/imagegrid.proto, run `npm run build` in web/ and commit what it changed.
# Needs Node.js with npm (installs web/'s pinned packages with npm ci). Ends with one line, OK or FAILED.
set -uo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "dashboard bundle check: FAILED ($1)"
  exit 1
}

(cd web && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in web/"
(cd web && npm run --silent generate -- -o "$tmp/generated") || fail "buf generate"
diff -r "$tmp/generated/src/gen" web/src/gen ||
  fail "web/src/gen differs from what protos/ generate: run npm run build in web/ and commit"
(cd web && node build.mjs "$tmp/wwwroot" >/dev/null) || fail "esbuild"
diff -r "$tmp/wwwroot" src/ImageGrid.Server/wwwroot >/dev/null || {
  diff -rq "$tmp/wwwroot" src/ImageGrid.Server/wwwroot
  fail "src/ImageGrid.Server/wwwroot differs from the bundle web/ builds: run npm run build in web/ and commit"
}
echo "dashboard bundle check: OK (web/src/gen and src/ImageGrid.Server/wwwroot match their sources)"
