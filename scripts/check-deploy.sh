#!/usr/bin/env bash
# Offline checks of the container image and the Kubernetes deployment (there is no Docker engine or cluster here):
#   1. the manifests in k8s/ against the Kubernetes schemas, kustomize rendering and cross-references, including who
#      can reach the ImageGrid pods (a NetworkPolicy admits only ImageGrid's own pods to the silo port 11111, keeps
#      8080 and 8081 open, no Orleans gateway port 30000), and a self-test that this network check catches each way of
#      opening them too wide; and that nothing in k8s/base sets a Demo setting (the demo account), with a self-test
#      that this catches each way of setting one; the production shape of k8s/base (replicas left to the autoscaler,
#      scale-up and scale-down behaviour, memory request = limit, at least 500m CPU, a headless Service, zone and node
#      spread per ReplicaSet, storage by Workload Identity with no connection string, RBAC on pods limited to get, list,
#      watch, patch, no setting that does nothing), images pinned by digest (every FROM and the kustomize image) and no
#      0.0.0.0 URL, each with a self-test that it catches every way of breaking it;
#   2. dockerfilelint on the Dockerfile;
#   3. every path the Dockerfile copies exists, and the restore sees every project the server needs;
#   4. the Dockerfile's publish command succeeds, and its output holds the assemblies the image starts;
#   5. the dashboard the image serves (src/ImageGrid.Server/wwwroot, committed) matches its sources in web/
#      (scripts/check-dashboard-bundle.sh).
# Needs Node.js (npm) and the .NET SDK; installs its npm tools itself (tools/deploy-check, npm ci).
# Ends with one line: "deploy check: OK (...)" or "deploy check: FAILED (...)"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

tools=tools/deploy-check
publish_dir=.artifacts/publish
log_dir=.artifacts/deploy-check
mkdir -p "$log_dir"
passed=()
failed=()

run_step() {
  local name=$1
  shift
  echo "== ${name}"
  if "$@"; then
    passed+=("$name")
  else
    failed+=("$name")
  fi
}

summary() {
  if [ "${#failed[@]}" -eq 0 ]; then
    echo "deploy check: OK (${passed[*]})"
    exit 0
  fi
  echo "deploy check: FAILED (${failed[*]}; passed: ${passed[*]:-none})"
  exit 1
}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "Node.js and npm are required (tools/deploy-check)" >&2
  failed+=(node)
  summary
fi

# --loglevel=error: kubernetes-models declares node >= 22 but runs on the Node 20 here (an EBADENGINE warning).
if ! (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >"../../${log_dir}/npm-ci.log" 2>&1); then
  cat "${log_dir}/npm-ci.log" >&2
  failed+=(npm-ci)
  summary
fi

run_step manifests node "$tools/validate-manifests.mjs"
run_step network-check-selftest node --test --test-reporter=dot "$tools/orleans-network.test.mjs"
run_step demo-check-selftest node --test --test-reporter=dot "$tools/demo-settings.test.mjs"
run_step production-shape-selftest node --test --test-reporter=dot "$tools/production-shape.test.mjs"
run_step image-pins-selftest node --test --test-reporter=dot "$tools/image-pins.test.mjs"
run_step dockerfilelint "$tools/node_modules/.bin/dockerfilelint" Dockerfile
run_step dashboard-bundle bash scripts/check-dashboard-bundle.sh

publish() {
  rm -rf "$publish_dir"
  # The Dockerfile's publish command (tools/deploy-check/check-dockerfile.mjs checks that it publishes this project).
  if ! dotnet publish src/ImageGrid.Server/ImageGrid.Server.csproj -c Release -o "$publish_dir" -p:UseAppHost=false \
      --nologo -v quiet >"${log_dir}/publish.log" 2>&1; then
    grep -E "error|Error" "${log_dir}/publish.log" | sort -u | head -n 40 >&2
    echo "dotnet publish failed (full log: ${log_dir}/publish.log)" >&2
    return 1
  fi
  echo "dotnet publish src/ImageGrid.Server -c Release: OK (${publish_dir})"
}
run_step publish publish

if [[ " ${passed[*]} " == *" publish "* ]]; then
  run_step dockerfile-paths node "$tools/check-dockerfile.mjs" --published "$publish_dir"
else
  run_step dockerfile-paths node "$tools/check-dockerfile.mjs"
fi

summary
