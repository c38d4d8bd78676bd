#!/usr/bin/env bash
# The test command. Installs (Debian packages, when missing) and starts the local PostgreSQL and
# RabbitMQ, then runs every test against them. Each test run gets its own databases and virtual
# hosts, so it does not disturb a running deploy/local/up.sh or another test run.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "$0")/lib.sh"

llmo_infra_up
llmo_install_test_clients
cd "$LLMO_REPO"
log "running the tests (dotnet test LlmObserve.sln -c Release)"
exec dotnet test LlmObserve.sln -c Release --logger "console;verbosity=normal" "$@"
