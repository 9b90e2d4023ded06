#!/usr/bin/env bash
# `npm test`: lint, type-check, unit tests, then the integration and end-to-end suites against the
# real RabbitMQ and PostgreSQL (started or installed by ensure-services.sh when they are not up).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true TZ=UTC NX_TUI=false FORCE_COLOR=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step() { printf '\n== %s\n' "$*"; }

step "services"
bash tools/dev/ensure-services.sh
bash tools/dev/ensure-browser.sh

step "lint (includes module boundaries)"
npx nx run-many -t lint --parallel=2 --outputStyle=static

step "type-check"
npx tsc -p tsconfig.check.json
echo "type-check: no errors"

status=0
step "unit tests"
npx nx run-many -t test --parallel=2 --outputStyle=static 2>&1 | tee -a "$log" || status=1

step "integration and end-to-end tests (real RabbitMQ, PostgreSQL, simulators)"
npx nx run-many -t integration e2e --parallel=2 --outputStyle=static 2>&1 | tee -a "$log" || status=1

# After the other suites, not beside them: each starts the whole hub (the fault suite also its own
# PostgreSQL and RabbitMQ, which it crashes), and on 2 cores they would starve each other.
step "fault suite, short run (kill -9 each service, crash RabbitMQ and PostgreSQL, failing CRMs)"
npx nx run chaos:chaos --outputStyle=static 2>&1 | tee -a "$log" || status=1

step "end-to-end benchmark, smoke run (every order of the mix fully cascaded and logged)"
npx nx run bench-e2e:smoke --outputStyle=static || status=1

# One closing line over every jest project: "N passed, N failed".
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^Tests:/ { for (i = 2; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
  END { printf "\n%d passed, %d failed\n", p, f; if (p == 0) exit 1 }' || status=1
exit $status
