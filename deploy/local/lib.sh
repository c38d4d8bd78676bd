# shellcheck shell=bash
# Shared by up.sh, down.sh and test.sh: where local state lives, and how the local PostgreSQL and
# RabbitMQ are installed, started and stopped. Sourced, never run.
#
# State lives outside the clone (a clone in a 0700 directory would be unreachable for the
# postgres user) and is shared by every clone on the machine; each test run still gets its own
# database and virtual host.

LLMO_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ "$(id -u)" = 0 ]; then
  LLMO_STATE=${LLMOBSERVE_STATE_DIR:-/var/lib/llmobserve}
else
  LLMO_STATE=${LLMOBSERVE_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/llmobserve}
fi
LLMO_PG_PORT=${LLMOBSERVE_PG_PORT:-5433}
LLMO_AMQP_PORT=${LLMOBSERVE_AMQP_PORT:-5673}
LLMO_RABBIT_MGMT_PORT=${LLMOBSERVE_RABBITMQ_MANAGEMENT_PORT:-15673}
# A second instance on other ports (LLMOBSERVE_*_PORT) needs a node name of its own.
if [ "$LLMO_AMQP_PORT" = 5673 ]; then LLMO_RABBIT_NODE=llmobserve@localhost; else LLMO_RABBIT_NODE=llmobserve-$LLMO_AMQP_PORT@localhost; fi
LLMO_PG_BIN=/usr/lib/postgresql/15/bin
LLMO_RABBIT_BIN=/usr/lib/rabbitmq/bin

log() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as the given service user when we are root (PostgreSQL refuses to run as root),
# as ourselves otherwise.
as_user() {
  local user=$1; shift
  # From /: the service user may not be allowed into the current directory (a 0700 clone).
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$user" -- "$@"); else "$@"; fi
}

llmo_install_packages() {
  local missing=()
  [ -x "$LLMO_PG_BIN/postgres" ] || missing+=(postgresql)
  [ -x "$LLMO_RABBIT_BIN/rabbitmq-server" ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  # The collector's eBPF build (bpf/Makefile) and its capture tests' clients.
  command -v clang >/dev/null || missing+=(clang)
  command -v llvm-strip >/dev/null || missing+=(llvm)
  [ -x /usr/sbin/bpftool ] || command -v bpftool >/dev/null || missing+=(bpftool)
  [ -f /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
  [ -f /usr/include/linux/bpf.h ] || missing+=(linux-libc-dev)
  [ -x /usr/bin/python3 ] || missing+=(python3)
  # The OCSF export test validates events against the schema with Debian's python3-jsonschema.
  /usr/bin/python3 -c 'import jsonschema' 2>/dev/null || missing+=(python3-jsonschema)
  command -v node >/dev/null || missing+=(nodejs npm)
  # The console's browser tests drive Debian's Chromium (Playwright never downloads a browser here).
  # Fonts too (only recommended by the package, and we install without recommends): the README's
  # screenshots are taken by those tests.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
  # The deployment tests: `docker-compose config` checks docker-compose.yml (no Docker daemon needed);
  # `systemd-analyze` the bare-node units. kubectl (for `kubectl kustomize`) is not a Debian package:
  # the build machines carry it.
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v systemd-analyze >/dev/null || missing+=(systemd)
  # The benchmark report draws its charts with gnuplot; the fault-injection suite cuts the collector
  # off in a network namespace of its own (ip netns, veth) from iproute2.
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  command -v ip >/dev/null || missing+=(iproute2)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]}; run as root (sudo) to install them"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # If the packages start their own system services, those keep their default ports and data;
    # ours run on other ports (5433, 5673) with data directories of their own.
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: see https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

# The official LLM SDKs the capture tests run as real clients (tests/clients/node, lock file pinned).
llmo_install_test_clients() {
  if [ ! -d "$LLMO_REPO/tests/clients/node/node_modules" ] || [ "$LLMO_REPO/tests/clients/node/package-lock.json" -nt "$LLMO_REPO/tests/clients/node/node_modules" ]; then
    log "installing the Node.js test clients (npm ci)"
    (cd "$LLMO_REPO/tests/clients/node" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Random secrets for the local servers, generated once and kept in the state directory (0600).
llmo_load_secrets() {
  mkdir -p "$LLMO_STATE"
  chmod 755 "$LLMO_STATE"
  local f="$LLMO_STATE/secrets.env"
  if [ ! -f "$f" ]; then
    ( umask 077
      printf 'LLMO_PG_ADMIN_PASSWORD=%s\nLLMO_PG_PASSWORD=%s\nLLMO_RABBIT_PASSWORD=%s\nLLMO_RABBIT_ADMIN_PASSWORD=%s\n' \
        "$(llmo_random)" "$(llmo_random)" "$(llmo_random)" "$(llmo_random)" >"$f" )
  fi
  # shellcheck disable=SC1090
  . "$f"
  # The services connect as llmobserve (owner of its database, not a superuser); setup and tests as
  # llmobserve_admin, which may create databases.
  LLMO_PG_CONN="Host=127.0.0.1;Port=$LLMO_PG_PORT;Username=llmobserve;Password=$LLMO_PG_PASSWORD;Database=llmobserve"
  LLMO_PG_ADMIN_CONN="Host=127.0.0.1;Port=$LLMO_PG_PORT;Username=llmobserve_admin;Password=$LLMO_PG_ADMIN_PASSWORD;Database=postgres"
  LLMO_AMQP_BASE="amqp://llmobserve:$LLMO_RABBIT_PASSWORD@127.0.0.1:$LLMO_AMQP_PORT"
  LLMO_RABBIT_MGMT="http://llmobserve-admin:$LLMO_RABBIT_ADMIN_PASSWORD@127.0.0.1:$LLMO_RABBIT_MGMT_PORT"
}

# Reads a bounded amount: `tr </dev/urandom | head` would die of SIGPIPE under pipefail.
llmo_random() { local s; s=$(head -c 512 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9'); printf '%s' "${s:0:32}"; }

llmo_pg_running() { "$LLMO_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$LLMO_PG_PORT"; }

llmo_pg_start() {
  local dir="$LLMO_STATE/postgres"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initializing PostgreSQL in $dir/data"
    local pwfile; pwfile=$(mktemp); printf '%s\n' "$LLMO_PG_ADMIN_PASSWORD" >"$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
    as_user postgres "$LLMO_PG_BIN/initdb" -D "$dir/data" -U llmobserve_admin --pwfile="$pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    rm -f "$pwfile"
    # Sized for one shared development machine; see deploy/README.md for production settings.
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $LLMO_PG_PORT
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 1GB
max_wal_size = 4GB
default_toast_compression = lz4
wal_compression = lz4
EOF
  fi
  if ! llmo_pg_running; then
    log "starting PostgreSQL on 127.0.0.1:$LLMO_PG_PORT"
    as_user postgres "$LLMO_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
      || die "PostgreSQL did not start; see $dir/postgres.log"
  fi
  # The application role and database (idempotent).
  PGPASSWORD=$LLMO_PG_ADMIN_PASSWORD "$LLMO_PG_BIN/psql" -q -h 127.0.0.1 -p "$LLMO_PG_PORT" -U llmobserve_admin -d postgres \
    -v ON_ERROR_STOP=1 -v pw="$LLMO_PG_PASSWORD" >/dev/null <<'SQL'
SELECT format('CREATE ROLE llmobserve LOGIN PASSWORD %L', :'pw') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'llmobserve') \gexec
SELECT 'CREATE DATABASE llmobserve OWNER llmobserve' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'llmobserve') \gexec
SQL
}

llmo_pg_stop() {
  local dir="$LLMO_STATE/postgres"
  [ -f "$dir/data/postmaster.pid" ] || return 0
  log "stopping PostgreSQL"
  as_user postgres "$LLMO_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
}

llmo_rabbit_env() {
  local dir="$LLMO_STATE/rabbitmq"
  export RABBITMQ_NODENAME=$LLMO_RABBIT_NODE RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$LLMO_AMQP_PORT RABBITMQ_DIST_PORT=$((LLMO_AMQP_PORT + 20000)) \
    RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log \
    RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf \
    RABBITMQ_PID_FILE=$dir/rabbitmq.pid HOME=$dir
}

rabbitctl() { ( llmo_rabbit_env; "$LLMO_RABBIT_BIN/rabbitmqctl" -q -n "$LLMO_RABBIT_NODE" "$@" ); }

llmo_rabbit_running() { rabbitctl status >/dev/null 2>&1; }

llmo_rabbit_start() {
  local dir="$LLMO_STATE/rabbitmq"
  mkdir -p "$dir/mnesia" "$dir/log"
  printf '[rabbitmq_management].\n' >"$dir/enabled_plugins"
  cat >"$dir/rabbitmq.conf" <<EOF
management.tcp.ip = 127.0.0.1
management.tcp.port = $LLMO_RABBIT_MGMT_PORT
# Batches are capped by ingest-api well below this.
max_message_size = 67108864
EOF
  if llmo_rabbit_running; then return; fi
  log "starting RabbitMQ on 127.0.0.1:$LLMO_AMQP_PORT"
  ( llmo_rabbit_env; "$LLMO_RABBIT_BIN/rabbitmq-server" -detached >/dev/null 2>&1 )
  # `wait` follows the pid file until the node has booted; `await_startup` alone gives up on a
  # node that has not registered with epmd yet.
  rabbitctl wait --timeout 120 "$dir/rabbitmq.pid" >/dev/null || die "RabbitMQ did not start; see $dir/log"
  if ! rabbitctl list_users | grep -q '^llmobserve\b'; then
    rabbitctl add_user llmobserve "$LLMO_RABBIT_PASSWORD" >/dev/null
    rabbitctl add_user llmobserve-admin "$LLMO_RABBIT_ADMIN_PASSWORD" >/dev/null
    rabbitctl set_user_tags llmobserve-admin administrator >/dev/null
    rabbitctl delete_user guest >/dev/null || true
  fi
  rabbitctl add_vhost llmobserve >/dev/null 2>&1 || true
  rabbitctl set_permissions -p llmobserve llmobserve '.*' '.*' '.*' >/dev/null
  rabbitctl set_permissions -p llmobserve llmobserve-admin '.*' '.*' '.*' >/dev/null
}

llmo_rabbit_stop() {
  llmo_rabbit_running || return 0
  log "stopping RabbitMQ"
  rabbitctl stop >/dev/null || true
}

# Where the tests find the servers (read by tests/LlmObserve.Testing/TestEnvironment.cs).
llmo_write_test_env() {
  mkdir -p "$LLMO_REPO/.llmobserve"
  ( umask 077
    printf 'LLMOBSERVE_TEST_POSTGRES=%s\nLLMOBSERVE_TEST_RABBITMQ=%s\nLLMOBSERVE_TEST_RABBITMQ_MANAGEMENT=%s\n' \
      "$LLMO_PG_ADMIN_CONN" "$LLMO_AMQP_BASE" "$LLMO_RABBIT_MGMT" >"$LLMO_REPO/.llmobserve/test.env" )
}

llmo_infra_up() {
  llmo_install_packages
  llmo_load_secrets
  llmo_pg_start
  llmo_rabbit_start
  llmo_write_test_env
}

# Stops a service started by up.sh (SIGTERM, then SIGKILL after 30 s).
stop_service() {
  local pidfile="$LLMO_STATE/run/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $1"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
