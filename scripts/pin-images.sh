#!/usr/bin/env bash
# Pins the Dockerfile's base images to the digests their tags point at now, keeping the tags:
#   FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:<old>  ->  FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:<new>
# and, given an app image reference (e.g. registry.example.com/imagegrid:1.0.0), sets its digest in
# k8s/base/kustomization.yaml. Needs the registry: `crane digest` (go-containerregistry) or
# `docker buildx imagetools inspect`. Review the diff, rebuild and test before committing.
# Usage: bash scripts/pin-images.sh [app-image-reference]
set -euo pipefail
cd "$(dirname "$0")/.."

digest_of() {
  if command -v crane >/dev/null 2>&1; then
    crane digest "$1"
  elif command -v docker >/dev/null 2>&1; then
    docker buildx imagetools inspect "$1" --format '{{json .Manifest.Digest}}' | tr -d '"'
  else
    echo "neither crane nor docker is installed" >&2
    return 1
  fi
}

grep -E '^FROM ' Dockerfile | awk '{print $2}' | sort -u | while read -r pinned; do
  tag=${pinned%@*}
  digest=$(digest_of "$tag")
  [[ $digest =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "unexpected digest for $tag: $digest" >&2; exit 1; }
  sed -i "s|^FROM ${pinned//|/\\|}|FROM ${tag}@${digest}|" Dockerfile
  echo "$tag -> $digest"
done

if [ $# -ge 1 ]; then
  digest=$(digest_of "$1")
  [[ $digest =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "unexpected digest for $1: $digest" >&2; exit 1; }
  sed -i -E "s|^(    digest: )sha256:[0-9a-f]{64}|\1${digest}|" k8s/base/kustomization.yaml
  echo "$1 -> $digest (k8s/base/kustomization.yaml)"
fi
