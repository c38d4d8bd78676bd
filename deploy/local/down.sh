#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started. Data (PostgreSQL, RabbitMQ) is kept for the next up.
set -euo pipefail
# Installing packages and running the servers takes root: re-run through sudo when we are not root.
[ "$(id -u)" = 0 ] || exec sudo --preserve-env=LLMOBSERVE_STATE_DIR "$0" "$@"
# shellcheck source=deploy/local/lib.sh
. "$(dirname "$0")/lib.sh"

stop_service collector
stop_service web
stop_service scanner-worker
stop_service ingest-api
llmo_load_secrets
llmo_rabbit_stop
llmo_pg_stop
log "stopped; data kept in $LLMO_STATE"
