#!/usr/bin/env bash
# Azurite (npm `azurite`, a real Azure Storage emulator) for the tests: on loopback, in memory, stopped by PID.
#   scripts/azurite.sh start   installs it into .artifacts/tools if missing, starts it, waits until it answers
#   scripts/azurite.sh stop    SIGTERM, a few seconds' grace, then SIGKILL (once used it may ignore SIGTERM)
set -euo pipefail
cd "$(dirname "$0")/.."

version="3.37.0"
tools=".artifacts/tools/azurite"
pidfile=".artifacts/azurite.pid"
logfile=".artifacts/azurite.log"

start() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "azurite already running (pid $(cat "$pidfile"))"
    return
  fi
  if [ ! -x "$tools/node_modules/.bin/azurite" ]; then
    echo "installing azurite $version"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --silent "azurite@$version" >/dev/null
  fi
  "$tools/node_modules/.bin/azurite" --inMemoryPersistence --skipApiVersionCheck --loose --silent \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$logfile" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; then
      echo "azurite running (pid $(cat "$pidfile"))"
      return
    fi
    sleep 0.2
  done
  echo "azurite did not start; see $logfile" >&2
  stop
  exit 1
}

stop() {
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 25); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
