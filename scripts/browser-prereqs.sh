#!/usr/bin/env bash
# What the dashboard's browser test needs: Debian's chromium (installed with apt-get when /usr/bin/chromium is missing;
# run as root on a fresh Debian, as CI does) and the pinned npm packages of web/ (playwright-core drives chromium).
# Exits non-zero, saying what is missing, when either cannot be had; the browser test then fails with the same advice.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the dashboard browser test (apt-get)"
    # Another apt-get may hold the lock for a while (DPkg::Lock::Timeout waits for it).
    if ! { apt-get -o DPkg::Lock::Timeout=300 update -qq \
        && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium; } \
        >.artifacts/browser-prereqs-apt.log 2>&1; then
      tail -n 20 .artifacts/browser-prereqs-apt.log >&2
      echo "browser prerequisites: apt-get install chromium failed" >&2
      exit 1
    fi
  else
    echo "browser prerequisites: /usr/bin/chromium is missing; install Debian's chromium (apt-get install -y chromium, as root)" >&2
    exit 1
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "browser prerequisites: npm is missing (Node.js 20 with npm)" >&2
  exit 1
fi
if ! (cd web && npm ci --no-audit --no-fund --loglevel=error); then
  echo "browser prerequisites: npm ci in web/ failed" >&2
  exit 1
fi
echo "browser prerequisites: $(/usr/bin/chromium --version 2>/dev/null), web/node_modules ready"
