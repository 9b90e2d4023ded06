#!/usr/bin/env bash
# `npm start`: everything a fresh clone needs to run the whole hub with its simulators.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "start: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
bash tools/dev/ensure-services.sh
export SWC_NODE_PROJECT=tsconfig.base.json
exec node -r @swc-node/register tools/dev/start.ts "$@"
