#!/usr/bin/env bash
# tools/dev/ensure-services.sh [--dry-run]
#
# Makes RabbitMQ (AMQP_URL) and PostgreSQL (DATABASE_URL) reachable for a local run or a CI job,
# then creates the application database (the path of DATABASE_URL, "hub" by default) if missing.
#
# For each service, the first of these that applies wins:
#   a) already reachable                  -> nothing to do
#   b) installed on this machine          -> start it, wait until it answers
#   c) not installed, root on Debian      -> apt-get install, configure (PostgreSQL), start, wait
#   d) a Docker engine answers            -> docker compose up -d <service>, wait
#   e) none of these                      -> print what to do, exit 1
# Steps b-d only apply when the URL points at this machine (localhost / 127.x / ::1).
#
# Environment:
#   AMQP_URL                 default amqp://guest:guest@127.0.0.1:5672
#   DATABASE_URL             default postgres://postgres@127.0.0.1:5432/hub
#   ENSURE_SERVICES_TIMEOUT  seconds to wait for each service to come up (default 60)
#
# --dry-run runs the read-only checks for real and prints what it would start, install or
# create, without changing anything.
set -euo pipefail

# Nothing we run may wait for a keypress: CI jobs (and `.ci/run`) have no standard input.
exec </dev/null

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
readonly SCRIPT_DIR REPO_ROOT
readonly AMQP_URL="${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}"
readonly DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hub}"
readonly TIMEOUT_S="${ENSURE_SERVICES_TIMEOUT:-60}"

DRY_RUN=0
APT_UPDATED=0
FAILURES=()   # one "what to do" message per service we could not bring up
PG_OK=0       # set once PostgreSQL is (or, in a dry run, would be) reachable

# Every ensure_* function records its outcome in globals and returns 0. They are never called
# in an `if`/`||` context, because bash silently switches off `set -e` inside such calls.

# ----------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------

say() { echo "services: $*"; }
warn() { echo "services: warning: $*" >&2; }

# fail_service SUMMARY [HELP...]: report now, remember the help text for the final summary, and
# keep going, so that one run reports everything that is missing.
fail_service() {
  echo "services: error: $1" >&2
  FAILURES+=("$(printf '%s\n' "$@")")
}

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# In dry-run mode, print the command instead of running it. Fd 9 (the lock) is closed for the
# command: a daemon it starts must not inherit the lock and hold it for the rest of its life.
run() {
  if ((DRY_RUN)); then
    say "would run: $*"
  else
    "$@" 9>&-
  fi
}

have() { command -v "$1" >/dev/null 2>&1; }

# One TCP connect attempt, capped at 2 s (a filtered port would otherwise hang for minutes).
# bash's /dev/tcp needs no nc/curl, which a bare Debian or a slim image does not have.
tcp_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# Poll "$@" (a command) once a second until it succeeds or the deadline (in $SECONDS) passes.
poll_until() {
  local deadline=$1
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

is_local_host() {
  case "$1" in
    localhost | 127.* | ::1) return 0 ;;
    *) return 1 ;;
  esac
}

# Split URL into URL_HOST / URL_PORT / URL_PATH (userinfo is skipped: it must never be printed).
# IPv6 hosts may be written in brackets ([::1]); the brackets are removed.
parse_url() {
  local url=$1 default_port=$2
  local re='^[A-Za-z][A-Za-z0-9+.-]*://([^@/]*@)?(\[[^]/]*\]|[^:/?#]*)(:([0-9]*))?(/([^?#]*))?'
  if ! [[ $url =~ $re ]]; then
    echo "services: error: cannot parse URL (expected scheme://[user[:pass]@]host[:port][/path])" >&2
    exit 2
  fi
  URL_HOST=${BASH_REMATCH[2]}
  URL_HOST=${URL_HOST#[}
  URL_HOST=${URL_HOST%]}
  URL_HOST=${URL_HOST:-127.0.0.1}
  URL_PORT=${BASH_REMATCH[4]:-$default_port}
  URL_PATH=${BASH_REMATCH[6]}
}

# host:port for messages; IPv6 literals go back into brackets so the port stays readable.
host_port() {
  if [[ $1 == *:* ]]; then echo "[$1]:$2"; else echo "$1:$2"; fi
}

# apt-get update is slow and only needed once per run, even if both packages are missing.
apt_install() {
  if ((!APT_UPDATED)); then
    run apt-get update -q || return 1
    APT_UPDATED=1
  fi
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

can_apt_install() {
  [[ -f /etc/debian_version ]] && [[ $(id -u) -eq 0 ]] && have apt-get
}

# Sets COMPOSE to the compose command if a Docker engine (not just the CLI) answers.
docker_usable() {
  have docker || return 1
  timeout 15 docker info >/dev/null 2>&1 || return 1
  if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
  elif have docker-compose; then
    COMPOSE=(docker-compose)
  else
    return 1
  fi
}

compose_up() {
  run "${COMPOSE[@]}" -f "$REPO_ROOT/docker-compose.yml" up -d "$1"
}

# ----------------------------------------------------------------------------------------------
# RabbitMQ
# ----------------------------------------------------------------------------------------------

rabbitmq_installed() { have rabbitmq-server; }

rabbitmq_node_running() {
  have rabbitmq-diagnostics && timeout 20 rabbitmq-diagnostics -q ping >/dev/null 2>&1
}

start_rabbitmq() {
  # A node that is up but not (yet) listening is either still booting or configured for another
  # port: starting a second node would only fail with "node already running", so just wait.
  if rabbitmq_node_running; then
    say "rabbitmq node is already running; waiting for it to listen on $RMQ_ADDR"
    return 0
  fi
  ((DRY_RUN)) && { say "would run: rabbitmq-server -detached"; return 0; }
  say "starting rabbitmq (rabbitmq-server -detached)"
  local out
  if ! out=$(rabbitmq-server -detached 2>&1 9>&-); then
    echo "$out" >&2
    return 1
  fi
}

wait_for_rabbitmq() {
  ((DRY_RUN)) && { say "would wait up to ${TIMEOUT_S}s for rabbitmq at $RMQ_ADDR"; return 0; }
  local deadline=$((SECONDS + TIMEOUT_S))
  if ! poll_until "$deadline" tcp_open "$RMQ_HOST" "$RMQ_PORT"; then
    return 1
  fi
  # The AMQP listener opens before every plugin and vhost is ready; await_startup closes that gap.
  if have rabbitmqctl && is_local_host "$RMQ_HOST"; then
    local left=$((deadline - SECONDS))
    ((left > 0)) || left=1
    timeout $((left + 5)) rabbitmqctl -q await_startup --timeout "$left" >/dev/null 2>&1 || return 1
  fi
}

# The management UI/API (15672) helps when debugging queues; enabling it needs no restart.
# Failure here is never fatal: the hub itself only needs AMQP.
enable_rabbitmq_management() {
  have rabbitmq-plugins || return 0
  if timeout 20 rabbitmq-plugins -q is_enabled rabbitmq_management >/dev/null 2>&1; then
    say "rabbitmq management plugin already enabled"
  elif ((DRY_RUN)); then
    say "would run: rabbitmq-plugins enable rabbitmq_management"
  elif timeout 60 rabbitmq-plugins -q enable rabbitmq_management >/dev/null 2>&1; then
    say "rabbitmq management plugin enabled (http://127.0.0.1:15672)"
  else
    warn "could not enable rabbitmq_management (ignored)"
  fi
}

rabbitmq_help() {
  cat <<EOF
RabbitMQ is not reachable at $RMQ_ADDR. Do one of:
  - Debian/Ubuntu: sudo apt-get install -y rabbitmq-server && sudo rabbitmq-server -detached
  - macOS:         brew install rabbitmq && brew services start rabbitmq
  - Docker:        docker compose up -d rabbitmq   (from $REPO_ROOT)
  - or point AMQP_URL at a running broker (currently host $RMQ_HOST, port $RMQ_PORT).
Then run tools/dev/ensure-services.sh again.
EOF
}

ensure_rabbitmq() {
  parse_url "$AMQP_URL" 5672
  RMQ_HOST=$URL_HOST
  RMQ_PORT=$URL_PORT
  RMQ_ADDR=$(host_port "$RMQ_HOST" "$RMQ_PORT")

  # a) already reachable
  if tcp_open "$RMQ_HOST" "$RMQ_PORT"; then
    say "rabbitmq reachable at $RMQ_ADDR"
    is_local_host "$RMQ_HOST" && enable_rabbitmq_management
    return 0
  fi
  say "rabbitmq not reachable at $RMQ_ADDR"

  # We can only start things on this machine; a remote broker is somebody else's to run.
  if ! is_local_host "$RMQ_HOST"; then
    fail_service "rabbitmq at $RMQ_ADDR is not local, so this script cannot start it" \
      "$(rabbitmq_help)"
    return 0
  fi

  if [[ $RMQ_PORT != 5672 ]]; then
    warn "a default RabbitMQ install listens on 5672, AMQP_URL asks for $RMQ_PORT"
  fi

  if rabbitmq_installed; then
    # b) installed locally
    say "rabbitmq is installed locally -> start it"
  elif can_apt_install; then
    # c) not installed, root on Debian
    say "rabbitmq not installed, root on Debian -> apt-get install rabbitmq-server"
    if ! apt_install rabbitmq-server; then
      fail_service "apt-get install rabbitmq-server failed" "$(rabbitmq_help)"
      return 0
    fi
  elif docker_usable; then
    # d) Docker
    say "rabbitmq not installed, docker engine available -> docker compose up -d rabbitmq"
    if ! compose_up rabbitmq; then
      fail_service "docker compose up -d rabbitmq failed" "$(rabbitmq_help)"
      return 0
    fi
    if wait_for_rabbitmq; then
      ((DRY_RUN)) || say "rabbitmq reachable at $RMQ_ADDR (docker)"
    else
      fail_service "rabbitmq container did not answer on $RMQ_ADDR within ${TIMEOUT_S}s" \
        "Check: docker compose logs rabbitmq"
    fi
    return 0
  else
    # e) nothing we can do from here
    fail_service "rabbitmq is not installed and cannot be installed or started from here" \
      "$(rabbitmq_help)"
    return 0
  fi

  if ! start_rabbitmq; then
    fail_service "rabbitmq-server -detached failed" \
      "Check /var/log/rabbitmq/ and run: rabbitmq-server -detached"
    return 0
  fi
  if ! wait_for_rabbitmq; then
    fail_service "rabbitmq did not answer on $RMQ_ADDR within ${TIMEOUT_S}s" \
      "Check /var/log/rabbitmq/*.log (is the node configured for port $RMQ_PORT?)"
    return 0
  fi
  ((DRY_RUN)) || say "rabbitmq reachable at $RMQ_ADDR"
  enable_rabbitmq_management
}

# ----------------------------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------------------------

# Debian's postgresql-common (pg_ctlcluster) plus at least one server version.
postgres_installed() {
  have pg_ctlcluster && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# pg_isready (not a bare TCP connect) because a starting or recovering server accepts TCP but
# refuses sessions. Fall back to TCP when only the server side is missing client tools.
postgres_ready() {
  if have pg_isready; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1
  else
    tcp_open "$PG_HOST" "$PG_PORT"
  fi
}

wait_for_postgres() {
  ((DRY_RUN)) && { say "would wait up to ${TIMEOUT_S}s for postgres at $PG_ADDR"; return 0; }
  poll_until $((SECONDS + TIMEOUT_S)) postgres_ready
}

# Prints "<version> <cluster> <status>" for the cluster configured on $PG_PORT, if any.
postgres_cluster_for_port() {
  have pg_lsclusters || return 0
  pg_lsclusters --no-header 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; exit }'
}

newest_postgres_version() {
  local dirs=(/usr/lib/postgresql/*/bin/postgres) v best=0
  for v in "${dirs[@]}"; do
    v=${v#/usr/lib/postgresql/}
    v=${v%%/*}
    [[ $v =~ ^[0-9]+$ ]] && ((v > best)) && best=$v
  done
  echo "$best"
}

# Only for a cluster this run created (fresh apt install or a new cluster): nobody else's settings
# exist there yet. Listen on 127.0.0.1 at $PG_PORT and trust user postgres over local TCP, which
# is what the default DATABASE_URL (no password) needs. An existing cluster is never edited.
configure_fresh_cluster() {
  local ver=$1 name=$2
  local hba="/etc/postgresql/$ver/$name/pg_hba.conf"
  local marker="# added by tools/dev/ensure-services.sh"
  say "fresh cluster $ver/$name -> listen on 127.0.0.1:$PG_PORT, trust user postgres from 127.0.0.1"
  run pg_conftool "$ver" "$name" set listen_addresses 127.0.0.1
  run pg_conftool "$ver" "$name" set port "$PG_PORT"
  if ((DRY_RUN)); then
    say "would prepend to $hba: host all postgres 127.0.0.1/32 trust"
  elif ! grep -qF "$marker" "$hba"; then
    # pg_hba is first-match-wins, so the rule must come before Debian's scram-sha-256 lines.
    local tmp
    tmp=$(mktemp)
    {
      echo "$marker: local development only"
      echo "host    all    postgres    127.0.0.1/32    trust"
      cat "$hba"
    } >"$tmp"
    cat "$tmp" >"$hba" # keep the file's owner and mode
    rm -f "$tmp"
  fi
}

start_postgres_cluster() {
  local ver=$1 name=$2
  ((DRY_RUN)) || say "starting postgres cluster $ver/$name"
  run pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start
}

postgres_help() {
  cat <<EOF
PostgreSQL is not reachable at $PG_ADDR. Do one of:
  - Debian/Ubuntu: sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect <version> main start
                   (and allow user postgres from 127.0.0.1 in pg_hba.conf, or put a password in DATABASE_URL)
  - macOS:         brew install postgresql@15 && brew services start postgresql@15
  - Docker:        docker compose up -d postgres   (from $REPO_ROOT)
  - or point DATABASE_URL at a running server (currently host $PG_HOST, port $PG_PORT).
Then run tools/dev/ensure-services.sh again.
EOF
}

# Sets PG_OK=1 when PostgreSQL is (or, in a dry run, would be) reachable.
ensure_postgres() {
  parse_url "$DATABASE_URL" 5432
  PG_HOST=$URL_HOST
  PG_PORT=$URL_PORT
  PG_ADDR=$(host_port "$PG_HOST" "$PG_PORT")
  PG_DB=${URL_PATH:-hub}

  # a) already reachable
  if postgres_ready; then
    say "postgres reachable at $PG_ADDR"
    PG_OK=1
    return 0
  fi
  say "postgres not reachable at $PG_ADDR"

  if ! is_local_host "$PG_HOST"; then
    fail_service "postgres at $PG_ADDR is not local, so this script cannot start it" \
      "$(postgres_help)"
    return 0
  fi

  local fresh=0
  if postgres_installed; then
    # b) installed locally
    say "postgres is installed locally -> start it"
  elif can_apt_install; then
    # c) not installed, root on Debian. The package creates cluster "main" but does not start it
    # (no systemd here).
    say "postgres not installed, root on Debian -> apt-get install postgresql"
    if ! apt_install postgresql; then
      fail_service "apt-get install postgresql failed" "$(postgres_help)"
      return 0
    fi
    fresh=1
  elif docker_usable; then
    # d) Docker
    say "postgres not installed, docker engine available -> docker compose up -d postgres"
    if ! compose_up postgres; then
      fail_service "docker compose up -d postgres failed" "$(postgres_help)"
      return 0
    fi
    if ! wait_for_postgres; then
      fail_service "postgres container did not answer on $PG_ADDR within ${TIMEOUT_S}s" \
        "Check: docker compose logs postgres"
      return 0
    fi
    ((DRY_RUN)) || say "postgres reachable at $PG_ADDR (docker)"
    PG_OK=1
    return 0
  else
    # e) nothing we can do from here
    fail_service "postgres is not installed and cannot be installed or started from here" \
      "$(postgres_help)"
    return 0
  fi

  local ver name status
  if ((fresh && DRY_RUN)); then
    # Nothing was installed, so there is no cluster to look at: describe the usual outcome.
    ver="<version>" name=main status=down
    configure_fresh_cluster "$ver" "$name"
  else
    read -r ver name status <<<"$(postgres_cluster_for_port)" || true
    if [[ -z ${ver:-} ]] && ((fresh)); then
      # A fresh install normally creates "main" (on 5432, or the next free port): reuse it.
      read -r ver name status <<<"$(pg_lsclusters --no-header 2>/dev/null | awk '{ print $1, $2, $4; exit }')" || true
    fi
    if [[ -z ${ver:-} ]]; then
      if pg_lsclusters --no-header 2>/dev/null | grep -q .; then
        fail_service "no postgres cluster is configured for port $PG_PORT" \
          "Existing clusters (pg_lsclusters):
$(pg_lsclusters 2>/dev/null)
Set DATABASE_URL to one of these ports, or start the right cluster yourself."
        return 0
      fi
      # Installed but no cluster at all (e.g. create_main_cluster = false): make our own.
      ver=$(newest_postgres_version)
      name=main
      status=down
      say "no postgres cluster exists -> create $ver/$name on port $PG_PORT"
      run pg_createcluster --port "$PG_PORT" "$ver" "$name"
      fresh=1
    fi
    if ((fresh)); then
      configure_fresh_cluster "$ver" "$name"
    fi
  fi

  if [[ $status == online* ]]; then
    # Running but refusing TCP on this address: a config matter we must not "fix" by restarting.
    fail_service "postgres cluster $ver/$name is running but not accepting connections at $PG_ADDR" \
      "Check listen_addresses in /etc/postgresql/$ver/$name/postgresql.conf and /var/log/postgresql/."
    return 0
  fi

  if ! start_postgres_cluster "$ver" "$name"; then
    fail_service "pg_ctlcluster $ver $name start failed" "See /var/log/postgresql/postgresql-$ver-$name.log"
    return 0
  fi
  if ! wait_for_postgres; then
    fail_service "postgres did not accept connections at $PG_ADDR within ${TIMEOUT_S}s" \
      "See /var/log/postgresql/postgresql-$ver-$name.log"
    return 0
  fi
  ((DRY_RUN)) || say "postgres reachable at $PG_ADDR"
  PG_OK=1
}

# DATABASE_URL with the database replaced by the maintenance db "postgres" (query string kept),
# because the application database may not exist yet.
maintenance_url() {
  local base=${DATABASE_URL%%\?*} query=""
  [[ $DATABASE_URL == *\?* ]] && query="?${DATABASE_URL#*\?}"
  local scheme=${base%%://*} rest=${base#*://}
  echo "$scheme://${rest%%/*}/postgres$query"
}

# Runs one SQL statement against the maintenance db and prints the single-value result.
# psql if present; otherwise the repo's own `pg` driver (present after npm ci).
pg_query() {
  local sql=$1 url
  url=$(maintenance_url)
  if have psql; then
    PGCONNECT_TIMEOUT=5 psql "$url" -X -w -q -A -t -v ON_ERROR_STOP=1 -c "$sql"
  elif have node && [[ -d $REPO_ROOT/node_modules/pg ]]; then
    (cd "$REPO_ROOT" && PG_URL="$url" PG_SQL="$sql" node -e '
      const { Client } = require("pg");
      const c = new Client({ connectionString: process.env.PG_URL, connectionTimeoutMillis: 5000 });
      c.connect()
        .then(() => c.query(process.env.PG_SQL))
        .then((r) => { for (const row of r.rows) console.log(Object.values(row)[0]); return c.end(); })
        .catch((e) => { console.error(e.message); process.exit(1); });')
  else
    echo "neither psql nor node with the pg package (npm ci) is available" >&2
    return 1
  fi
}

ensure_database() {
  # The name goes into SQL unquoted-safe only if it is a plain identifier; anything else is a typo.
  if ! [[ $PG_DB =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
    fail_service "database name '$PG_DB' from DATABASE_URL is not a plain identifier" \
      "Use letters, digits and underscores only."
    return 0
  fi
  local exists
  if ! exists=$(pg_query "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'"); then
    fail_service "could not query postgres at $PG_ADDR as the DATABASE_URL user" \
      "Check the user/password in DATABASE_URL and pg_hba.conf (trust for 127.0.0.1, or a password)."
    return 0
  fi
  if [[ $exists == 1 ]]; then
    say "database $PG_DB exists"
    return 0
  fi
  if ((DRY_RUN)); then
    say "would create database $PG_DB"
    return 0
  fi
  # Another job may create it at the same moment; "already exists" then counts as success.
  if pg_query "CREATE DATABASE \"$PG_DB\"" >/dev/null 2>&1; then
    say "created database $PG_DB"
  elif [[ $(pg_query "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>/dev/null) == 1 ]]; then
    say "database $PG_DB exists (created concurrently)"
  else
    fail_service "could not create database $PG_DB" \
      "Does the DATABASE_URL user have CREATEDB? Try: psql '$(maintenance_url | sed 's#://[^@/]*@#://***@#')' -c 'CREATE DATABASE \"$PG_DB\"'"
  fi
}

# ----------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------

main() {
  while (($#)); do
    case "$1" in
      --dry-run | -n) DRY_RUN=1 ;;
      -h | --help) usage; exit 0 ;;
      *) echo "services: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
  done
  if ! [[ $TIMEOUT_S =~ ^[0-9]+$ ]]; then
    echo "services: ENSURE_SERVICES_TIMEOUT must be a whole number of seconds" >&2
    exit 2
  fi
  ((DRY_RUN)) && say "dry run: checks are real, nothing will be started, installed or created"

  # Parallel CI jobs on one machine would otherwise race to start the same server or run apt-get
  # twice. Dry runs change nothing and need no lock.
  if ((!DRY_RUN)) && have flock; then
    exec 9>"${TMPDIR:-/tmp}/hub-ensure-services.lock"
    flock -w $((TIMEOUT_S * 3 + 300)) 9 || warn "could not take the lock; continuing without it"
  fi

  ensure_rabbitmq
  ensure_postgres
  if ((PG_OK)); then
    if ((DRY_RUN)) && ! postgres_ready; then
      say "would then create database $PG_DB if missing"
    else
      ensure_database
    fi
  fi

  if ((${#FAILURES[@]})); then
    echo >&2
    echo "services: FAILED - what to do:" >&2
    local f
    for f in "${FAILURES[@]}"; do
      echo "$f" >&2
    done
    exit 1
  fi
  if ((DRY_RUN)); then
    say "dry run done (nothing changed)"
  else
    say "ready (AMQP $RMQ_ADDR, PostgreSQL $PG_ADDR/$PG_DB)"
  fi
}

main "$@"
