#!/usr/bin/env bash
# Installs the LlmObserve backend on one Linux host as hardened systemd services: ingest-api, N scanner
# workers, the web console, and the migrate step they wait for. PostgreSQL and RabbitMQ are yours
# (deploy/README.md, "Bare Linux hosts"); their addresses and passwords go in /etc/llmobserve/backend.env.
#
# Usage, as root, from this folder (deploy/linux/backend, or a copy of it):
#   bash install-backend.sh --from DIR|TARBALL [--workers N] [--dry-run]
#   bash install-backend.sh uninstall [--purge] [--dry-run]
#
#   --from DIR|TARBALL the published services (the host needs the ASP.NET Core 10 runtime), as
#                      DIR/ingest-api, DIR/scanner-worker and DIR/web, made with:
#                        dotnet publish ingest-api/LlmObserve.IngestApi -c Release -o DIR/ingest-api
#                        dotnet publish scanner-worker/LlmObserve.ScannerWorker -c Release -o DIR/scanner-worker
#                        dotnet publish web/LlmObserve.Web -c Release -o DIR/web
#                      installed as /opt/llmobserve/<service>. Without --from, the installed ones are kept.
#   --workers N        scanner workers to run (default 1): llmobserve-scanner-worker@5191 … @519N.
#   uninstall          stops and removes the services and programs; --purge also removes
#                      /etc/llmobserve/backend.env and the console's keys. The database is never touched.
#
# Upgrading is the same command with the new DIR: the services stop, the programs are replaced, the
# migrate step runs, and the services start again. Without systemd it says how to run each service.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=/opt/llmobserve
CONFIG_DIR=/etc/llmobserve
ENV_FILE=$CONFIG_DIR/backend.env
UNIT_DIR=/etc/systemd/system
SERVICES=(ingest-api scanner-worker web)
declare -A PROGRAM=([ingest-api]=LlmObserve.IngestApi [scanner-worker]=LlmObserve.ScannerWorker [web]=LlmObserve.Web)
UNITS=(llmobserve.target llmobserve-migrate.service llmobserve-ingest-api.service llmobserve-scanner-worker@.service llmobserve-web.service)
WORKER_PORT_BASE=5190

say() { printf 'llmobserve: %s\n' "$*"; }
die() { printf 'llmobserve: error: %s\n' "$*" >&2; exit 1; }
usage() {
  printf '%s\n' "usage: install-backend.sh [install] [--from DIR|TARBALL] [--workers N] [--dry-run]" \
    "       install-backend.sh uninstall [--purge] [--dry-run]"
}

action=install from='' workers=1 dry_run='' purge=''
while [ $# -gt 0 ]; do
  case "$1" in
    install | uninstall) action=$1; shift ;;
    --from) [ $# -ge 2 ] || die "--from needs a directory or a tarball"; from=$2; shift 2 ;;
    --workers) [ $# -ge 2 ] && [[ $2 =~ ^[1-9]$ ]] || die "--workers needs a number from 1 to 9"; workers=$2; shift 2 ;;
    --purge) purge=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[ -n "$dry_run" ] || [ "$(id -u)" -eq 0 ] || die "run as root, or with --dry-run to see what it would do"

systemd_running() { command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; }
run() { if [ -n "$dry_run" ]; then say "would run: $*"; else "$@"; fi; }
remove() {
  local path
  for path in "$@"; do
    [ -e "$path" ] || [ -L "$path" ] || continue
    if [ -n "$dry_run" ]; then say "would remove $path"; else rm -rf -- "$path"; say "removed $path"; fi
  done
}
# The scanner worker instances systemd knows of (enabled or running), e.g. llmobserve-scanner-worker@5191.service.
worker_units() {
  { systemctl list-units --all --plain --no-legend 'llmobserve-scanner-worker@*' | awk '{print $1}'
    find "$UNIT_DIR" -mindepth 2 -maxdepth 2 -name 'llmobserve-scanner-worker@*.service' -printf '%f\n'; } 2>/dev/null | sort -u || true
}
stop_all() {
  if systemd_running && [ -f "$UNIT_DIR/llmobserve.target" ]; then
    # shellcheck disable=SC2046 # one unit name per word
    run systemctl stop llmobserve.target llmobserve-migrate.service llmobserve-ingest-api.service llmobserve-web.service $(worker_units)
  fi
}

if [ "$action" = uninstall ]; then
  if systemd_running; then
    stop_all
    for unit in llmobserve.target llmobserve-migrate.service llmobserve-ingest-api.service llmobserve-web.service $(worker_units); do
      if systemctl is-enabled --quiet "$unit" 2>/dev/null; then run systemctl disable "$unit"; fi
    done
  fi
  for unit in "${UNITS[@]}"; do remove "$UNIT_DIR/$unit"; done
  remove "$UNIT_DIR/llmobserve.target.wants"
  if systemd_running; then run systemctl daemon-reload; fi
  for service in "${SERVICES[@]}"; do remove "$PREFIX/$service" "$PREFIX/$service.new" "$PREFIX/$service.old"; done
  if [ -d "$PREFIX" ] && [ -z "$(ls -A "$PREFIX")" ]; then remove "$PREFIX"; fi
  if [ -n "$purge" ]; then
    remove "$ENV_FILE" "$CONFIG_DIR/ingest-api.env" "$CONFIG_DIR/scanner-worker.env" "$CONFIG_DIR/web.env" \
      /var/lib/llmobserve-web /var/lib/private/llmobserve-web
  else
    say "kept $ENV_FILE and the console's keys (/var/lib/llmobserve-web); uninstall --purge removes them. The database is yours to drop."
  fi
  if [ -d "$CONFIG_DIR" ] && [ -z "$(ls -A "$CONFIG_DIR")" ]; then remove "$CONFIG_DIR"; fi
  say "the backend is uninstalled"
  exit 0
fi

for unit in "${UNITS[@]}" backend.env.example; do [ -f "$HERE/$unit" ] || die "$HERE/$unit is missing: run the script from deploy/linux/backend (or a whole copy of it)"; done

# The new programs go to /opt/llmobserve/<service>.new first and replace the old ones together.
if [ -n "$from" ]; then
  source_dir=$from
  if [ -f "$from" ]; then
    unpacked=$(mktemp -d)
    trap 'rm -rf -- "$unpacked"' EXIT
    tar -xf "$from" -C "$unpacked" || die "cannot unpack '$from'"
    source_dir=$(dirname -- "$(dirname -- "$(find "$unpacked" -maxdepth 3 -path '*/ingest-api/LlmObserve.IngestApi.dll' -print -quit)")")
  fi
  for service in "${SERVICES[@]}"; do
    [ -f "$source_dir/$service/${PROGRAM[$service]}.dll" ] && [ -f "$source_dir/$service/${PROGRAM[$service]}" ] ||
      die "'$from' has no published $service ($service/${PROGRAM[$service]} and .dll): see --help"
  done
  [ -d "$source_dir/web/wwwroot" ] || die "'$from/web' has no wwwroot: publish the console with dotnet publish, not build"
  for service in "${SERVICES[@]}"; do
    if [ -n "$dry_run" ]; then say "would copy $source_dir/$service to $PREFIX/$service"; continue; fi
    rm -rf -- "$PREFIX/$service.new"
    install -d -m 0755 "$PREFIX" "$PREFIX/$service.new"
    cp -R -- "$source_dir/$service"/. "$PREFIX/$service.new"/
    chmod -R u=rwX,go=rX "$PREFIX/$service.new"
    chmod 0755 "$PREFIX/$service.new/${PROGRAM[$service]}"
  done
else
  for service in "${SERVICES[@]}"; do
    [ -x "$PREFIX/$service/${PROGRAM[$service]}" ] || [ -n "$dry_run" ] || die "$PREFIX/$service holds no program: pass --from DIR (see --help)"
  done
fi

stop_all
if [ -n "$from" ] && [ -z "$dry_run" ]; then
  for service in "${SERVICES[@]}"; do
    if [ -d "$PREFIX/$service" ]; then mv -- "$PREFIX/$service" "$PREFIX/$service.old"; fi
    mv -- "$PREFIX/$service.new" "$PREFIX/$service"
    rm -rf -- "$PREFIX/$service.old"
  done
  say "installed the services from $from in $PREFIX"
fi

# The settings: a new host gets the example, which must be edited before anything can start.
if [ ! -f "$ENV_FILE" ]; then
  if [ -n "$dry_run" ]; then
    say "would write $ENV_FILE (mode 0600) from backend.env.example"
  else
    install -d -m 0755 "$CONFIG_DIR"
    install -m 0600 "$HERE/backend.env.example" "$ENV_FILE"
    say "wrote $ENV_FILE from the example"
  fi
fi
if [ -z "$dry_run" ] && grep -q 'CHANGE-ME' "$ENV_FILE"; then
  say "edit $ENV_FILE first (PostgreSQL, RabbitMQ, the public ingest URL: every CHANGE-ME), then run this script again"
  exit 0
fi

worker_ports=$(seq $((WORKER_PORT_BASE + 1)) $((WORKER_PORT_BASE + workers)))
# A service as its unit starts it, minus the sandbox: the settings file's variables only, as the
# unprivileged user llmobserve, with no capabilities and no_new_privs. $1: the service's own variables.
command_line() {
  printf "env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin %sbash -c 'set -a; . %s; set +a; exec setpriv --reuid=llmobserve --regid=llmobserve --init-groups --bounding-set=-all --no-new-privs %s'" "$1" "$ENV_FILE" "$2"
}
if ! systemd_running; then
  say "systemd is not running on this host, so no service was installed. Create a user for the services"
  say "(useradd --system --no-create-home --shell /usr/sbin/nologin llmobserve) and the console's keys directory"
  say "(install -d -o llmobserve -m 0700 /var/lib/llmobserve-web/keys); then, as root (root reads $ENV_FILE, the"
  say "services run as llmobserve), run the migrate step once per upgrade and each service under your supervisor:"
  printf '    %s\n' "$(command_line '' "$PREFIX/ingest-api/LlmObserve.IngestApi migrate")" \
    "$(command_line 'ASPNETCORE_URLS=http://127.0.0.1:5180 ' "$PREFIX/ingest-api/LlmObserve.IngestApi")"
  for port in $worker_ports; do printf '    %s\n' "$(command_line "ASPNETCORE_URLS=http://127.0.0.1:$port " "$PREFIX/scanner-worker/LlmObserve.ScannerWorker")"; done
  printf '    %s\n' "$(command_line 'ASPNETCORE_URLS=http://127.0.0.1:5182 DataProtection__KeysDirectory=/var/lib/llmobserve-web/keys ' "$PREFIX/web/LlmObserve.Web")"
  exit 0
fi

for unit in "${UNITS[@]}"; do
  if [ -n "$dry_run" ]; then say "would write $UNIT_DIR/$unit"; else install -m 0644 "$HERE/$unit" "$UNIT_DIR/$unit"; fi
done
run systemctl daemon-reload
wanted=(llmobserve.target llmobserve-migrate.service llmobserve-ingest-api.service llmobserve-web.service)
for port in $worker_ports; do wanted+=("llmobserve-scanner-worker@$port.service"); done
for unit in $(worker_units); do
  [[ " ${wanted[*]} " == *" $unit "* ]] || run systemctl disable --now "$unit"
done
run systemctl enable "${wanted[@]}"
run systemctl restart llmobserve-migrate.service ||
  die "the migrate step failed; see: journalctl -u llmobserve-migrate -n 50 (the services stay stopped)"
run systemctl start "${wanted[@]}"
[ -z "$dry_run" ] || exit 0

# Ready when every service's /readyz answers (PostgreSQL and, but for the console, RabbitMQ reachable).
command -v curl >/dev/null 2>&1 || { say "started; curl is not installed, so readiness was not checked: systemctl status 'llmobserve-*'"; exit 0; }
for port in 5180 5182 $worker_ports; do
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then continue 2; fi
    sleep 0.5
  done
  die "the service on 127.0.0.1:$port is not ready after 60 s; see: systemctl status 'llmobserve-*' and journalctl -u 'llmobserve-*'"
done
say "the backend is running: ingest-api on 127.0.0.1:5180, the console on 127.0.0.1:5182, $workers scanner worker(s)"
say "next: a TLS proxy in front of both, a tenant and its first administrator (deploy/README.md, \"Bare Linux hosts\")"
