#!/usr/bin/env bash
# Usage: tools/dev/wait-for-port.sh HOST PORT [TIMEOUT_S]
#
# Waits until a TCP connection to HOST:PORT succeeds, or fails after TIMEOUT_S (default 60).
# Uses bash's /dev/tcp so it needs neither nc nor curl (neither is in node:*-slim or a bare Debian).
# Exit 0 when the port accepts connections, 1 on timeout, 2 on bad arguments.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 HOST PORT [TIMEOUT_S]" >&2
  exit 2
fi

host=$1
port=$2
timeout_s=${3:-60}

if ! [[ $port =~ ^[0-9]+$ && $timeout_s =~ ^[0-9]+$ ]]; then
  echo "wait-for-port: PORT and TIMEOUT_S must be whole numbers (got '$port', '$timeout_s')" >&2
  exit 2
fi

# One connection attempt, capped at 2 s: a filtered port would otherwise hang until the kernel's
# own connect timeout (minutes). The subshell closes the socket again when it exits.
tcp_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

deadline=$((SECONDS + timeout_s))
until tcp_open "$host" "$port"; do
  if ((SECONDS >= deadline)); then
    echo "wait-for-port: $host:$port not reachable after ${timeout_s}s" >&2
    exit 1
  fi
  sleep 1
done
echo "wait-for-port: $host:$port reachable"
