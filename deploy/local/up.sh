#!/usr/bin/env bash
# Runs the whole system on this machine: installs what it needs (Debian packages), starts
# PostgreSQL and RabbitMQ with data directories of their own, builds and migrates, starts
# ingest-api, scanner-worker and the web console in the background, creates a demo tenant,
# cluster, enrollment token, API key and console admin, writes them to .llmobserve/local.env, and
# starts the eBPF collector enrolled
# with the demo token, so LLM calls made on this machine appear in the backend. Returns once
# everything answers its health check. Running it again is idempotent and fast; deploy/local/down.sh stops it all.
set -euo pipefail
# Installing packages and running the servers takes root: re-run through sudo when we are not root.
[ "$(id -u)" = 0 ] || exec sudo --preserve-env=LLMOBSERVE_STATE_DIR "$0" "$@"
# shellcheck source=deploy/local/lib.sh
. "$(dirname "$0")/lib.sh"

API_URL=http://127.0.0.1:${LLMOBSERVE_API_PORT:-5180}
WORKER_URL=http://127.0.0.1:${LLMOBSERVE_WORKER_PORT:-5181}
WEB_URL=http://127.0.0.1:${LLMOBSERVE_WEB_PORT:-5182}
ADMIN_USER=admin@llmobserve.local
APP="$LLMO_REPO/.llmobserve/app"
RUN="$LLMO_STATE/run"
LOGS="$LLMO_STATE/logs"
ENV_FILE="$LLMO_REPO/.llmobserve/local.env"

llmo_infra_up
mkdir -p "$APP" "$RUN" "$LOGS"

# Build only when the sources changed since the last build.
stamp=$(cd "$LLMO_REPO" && find ingest-api scanner-worker web db collector bpf deploy/k8s/collector deploy/linux Directory.Build.props Directory.Packages.props global.json \
  -type f \( -name '*.cs' -o -name '*.razor' -o -name '*.css' -o -name '*.js' -o -name '*.yaml' -o -name '*.sh' -o -name '*.service' -o -name '*.csproj' -o -name '*.sql' -o -name '*.props' -o -name '*.json' -o -name '*.c' -o -name '*.h' -o -name Makefile \) -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' \
  -exec stat -c '%n %Y %s' {} + | sort | md5sum | cut -d' ' -f1)
if [ "$(cat "$APP/stamp" 2>/dev/null)" != "$stamp" ]; then
  log "building ingest-api, scanner-worker, the web console and the collector (Release)"
  for p in ingest-api/LlmObserve.IngestApi scanner-worker/LlmObserve.ScannerWorker web/LlmObserve.Web collector/LlmObserve.Collector; do
    dotnet publish "$LLMO_REPO/$p" -c Release -o "$APP/$(basename "$(dirname "$p")")" --nologo -v quiet >"$LOGS/build.log" 2>&1 \
      || die "build failed; see $LOGS/build.log"
  done
  echo "$stamp" >"$APP/stamp"
  rebuilt=1
fi

export Postgres__ConnectionString="$LLMO_PG_CONN" RabbitMq__Uri="$LLMO_AMQP_BASE/llmobserve"
# Where the console's onboarding tells new collectors to send their traffic.
export Deploy__PublicIngestUrl="$API_URL"
export DataProtection__KeysDirectory="$LLMO_STATE/web-keys"
dotnet "$APP/ingest-api/LlmObserve.IngestApi.dll" migrate | sed 's/^/    /'

# start <name> <dll> <url>: (re)starts a service unless it runs already on the current build.
start() {
  local name=$1 dll=$2 url=$3 pidfile="$RUN/$1.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    [ -z "${rebuilt:-}" ] && return 0
    log "restarting $name on the new build"
    stop_service "$name"
  fi
  log "starting $name on $url"
  ASPNETCORE_URLS=$url setsid nohup dotnet "$dll" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

wait_healthy() {
  local name=$1 url=$2
  for _ in $(seq 1 120); do
    curl -fs "$url/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null || die "$name exited; see $LOGS/$name.log"
    sleep 0.5
  done
  die "$name did not become healthy within 60 s; see $LOGS/$name.log"
}

start ingest-api "$APP/ingest-api/LlmObserve.IngestApi.dll" "$API_URL"
start scanner-worker "$APP/scanner-worker/LlmObserve.ScannerWorker.dll" "$WORKER_URL"
start web "$APP/web/LlmObserve.Web.dll" "$WEB_URL"
wait_healthy ingest-api "$API_URL"
wait_healthy scanner-worker "$WORKER_URL"
wait_healthy web "$WEB_URL"

# Demo tenant and secrets: kept from the previous run while they are valid.
demo=$(dotnet "$APP/ingest-api/LlmObserve.IngestApi.dll" admin demo --api-url "$API_URL" --reuse "$ENV_FILE")
# The console's demo administrator. Its password is kept from the previous run (so running this
# again signs nobody out); a new one is generated, and set, only when the file has none.
admin_password=$(grep -s '^LLMOBSERVE_ADMIN_PASSWORD=' "$ENV_FILE" | cut -d= -f2- || true)
reset=()
[ -n "$admin_password" ] || { admin_password=$(llmo_random); reset=(--reset-password); }
LLMOBSERVE_ADMIN_PASSWORD="$admin_password" dotnet "$APP/web/LlmObserve.Web.dll" users add \
  --email "$ADMIN_USER" --tenant demo --role admin "${reset[@]}" | sed 's/^/    /'
( umask 077
  { echo "# Written by deploy/local/up.sh; secrets for this machine's local backend only."
    echo "$demo"
    echo "LLMOBSERVE_WEB_URL=$WEB_URL"
    echo "LLMOBSERVE_ADMIN_USER=$ADMIN_USER"
    echo "LLMOBSERVE_ADMIN_PASSWORD=$admin_password"
    echo "LLMOBSERVE_POSTGRES=$LLMO_PG_CONN"
  } >"$ENV_FILE" )

# The collector on this machine: enrolls once with the demo token, then uses its stored credential.
# Plaintext model servers on the usual ports (Ollama 11434, vLLM 8000) are captured too.
COLLECTOR_LOG="$LOGS/collector.log"
if ! { [ -f "$RUN/collector.pid" ] && kill -0 "$(cat "$RUN/collector.pid")" 2>/dev/null && [ -z "${rebuilt:-}" ]; }; then
  stop_service collector
  token=$(grep '^LLMOBSERVE_ENROLLMENT_TOKEN=' "$ENV_FILE" | cut -d= -f2-)
  log "starting the collector (eBPF; log $COLLECTOR_LOG)"
  : >"$COLLECTOR_LOG"
  setsid nohup dotnet "$APP/collector/llmobserve-collector.dll" run --ingest-url "$API_URL" --enrollment-token "$token" \
    --node-name "$(hostname)" --state-dir "$LLMO_STATE/collector" --plaintext-port 11434=ollama --plaintext-port 8000=vllm \
    >>"$COLLECTOR_LOG" 2>&1 </dev/null &
  echo $! >"$RUN/collector.pid"
  for _ in $(seq 1 120); do
    grep -q "Capture started" "$COLLECTOR_LOG" && break
    kill -0 "$(cat "$RUN/collector.pid")" 2>/dev/null || die "the collector exited; see $COLLECTOR_LOG (and run: dotnet $APP/collector/llmobserve-collector.dll doctor)"
    sleep 0.5
  done
  grep -q "Capture started" "$COLLECTOR_LOG" || die "the collector did not start capturing within 60 s; see $COLLECTOR_LOG"
fi

log "LlmObserve is running: console at $WEB_URL (sign in as $ADMIN_USER). Secrets are in .llmobserve/local.env:"
grep -v '^#' "$ENV_FILE" | grep -v '^LLMOBSERVE_POSTGRES=' | sed 's/^/    /'
echo "    logs: $LOGS   stop: deploy/local/down.sh"
echo "    collector: dotnet $APP/collector/llmobserve-collector.dll doctor | trace"
