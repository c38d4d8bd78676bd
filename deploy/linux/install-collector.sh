#!/usr/bin/env bash
# Installs the LlmObserve collector on a bare Linux node (no Kubernetes) as a systemd service.
#
# In the repository this is a template: ingest-api renders it for one cluster
# (GET /api/v1/clusters/{id}/deploy/linux), filling in the three settings below, the unit file
# (llmobserve-collector.service) and the settings file (collector.env.example). It holds no secret.
#
# Usage, as root:
#   LLMOBSERVE_ENROLLMENT_TOKEN=llmo_enroll_… bash install-collector.sh --from DIR
#   bash install-collector.sh --token-file FILE --from DIR
#   bash install-collector.sh --dry-run        # print what it would do; changes nothing, needs no root
#
#   --from DIR         the published collector, copied to /opt/llmobserve-collector:
#                      dotnet publish collector/LlmObserve.Collector -c Release -o DIR
#                      (the node needs the .NET 10 runtime and libbpf1). Without --from, that
#                      directory must hold the collector already.
#   --token-file FILE  the cluster's enrollment token (its first line); else $LLMOBSERVE_ENROLLMENT_TOKEN.
#                      Not needed again once the node has enrolled (an upgrade keeps its credential).
#
# It writes /etc/llmobserve/collector.env (the settings; an existing one is kept and the new one
# written next to it as collector.env.new), /etc/llmobserve/enrollment.env (the token, mode 0600),
# and /etc/systemd/system/llmobserve-collector.service; runs `llmobserve-collector doctor` (kernel,
# BTF, libbpf, tracefs); then enables and (re)starts the service. The node credential and the spool
# live in /var/lib/llmobserve-collector. Without systemd it says how to run the collector instead.
set -euo pipefail

INGEST_URL='https://ingest.example.com'
CLUSTER_NAME='cluster-name'
COLLECTOR_IMAGE='ghcr.io/llmobserve/collector:VERSION'

INSTALL_DIR=/opt/llmobserve-collector
CONFIG_DIR=/etc/llmobserve
STATE_DIR=/var/lib/llmobserve-collector
UNIT_PATH=/etc/systemd/system/llmobserve-collector.service

unit_file() {
  cat <<'LLMOBSERVE_END_OF_UNIT'
#@llmobserve-collector.service@
LLMOBSERVE_END_OF_UNIT
}

settings_file() {
  cat <<'LLMOBSERVE_END_OF_SETTINGS'
#@collector.env.example@
LLMOBSERVE_END_OF_SETTINGS
}

say() { printf 'llmobserve: %s\n' "$*"; }
die() { printf 'llmobserve: error: %s\n' "$*" >&2; exit 1; }

usage() {
  printf '%s\n' "usage: install-collector.sh [--from DIR] [--token-file FILE] [--dry-run]" \
    "The enrollment token comes from --token-file or \$LLMOBSERVE_ENROLLMENT_TOKEN."
}

from='' token_file='' dry_run=''
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || die "--from needs a directory"; from=$2; shift 2 ;;
    --token-file) [ $# -ge 2 ] || die "--token-file needs a file"; token_file=$2; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

[ "$(unit_file)" != '#@llmobserve-collector.service@' ] ||
  die "this is the template from the repository; download the script for your cluster from ingest-api: GET /api/v1/clusters/{id}/deploy/linux"

# Shown, never evaluated: control characters would only garble the terminal.
say "installing the collector for cluster '${CLUSTER_NAME//[[:cntrl:]]/?}', shipping to $INGEST_URL"
if [ -n "$dry_run" ]; then say "dry run: nothing is changed"; fi

# Writes stdin to a file atomically with the given mode, or shows what would be written.
write_file() {
  local path=$1 mode=$2 shown=${3:-}
  if [ -n "$dry_run" ]; then
    say "would write $path (mode $mode):"
    if [ -n "$shown" ]; then cat >/dev/null; printf '    %s\n' "$shown"; else sed 's/^/    /'; fi
    return
  fi
  local tmp
  tmp=$(mktemp "$path.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$path"
  say "wrote $path"
}

if [ -z "$dry_run" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (it installs a system service), or with --dry-run to see what it would do"
fi

# The enrollment token: from a file or the environment, never from this script.
token=${LLMOBSERVE_ENROLLMENT_TOKEN:-}
if [ -n "$token_file" ]; then
  [ -r "$token_file" ] || die "cannot read the token file '$token_file'"
  token=$(head -n 1 -- "$token_file")
fi
token=${token%$'\r'}
if [ -n "$token" ]; then
  [[ $token =~ ^llmo_enroll_[A-Za-z0-9_-]+$ ]] || die "the enrollment token does not look like one (llmo_enroll_…)"
elif [ -s "$STATE_DIR/node-credential.json" ] || [ -s "$CONFIG_DIR/enrollment.env" ]; then
  say "no enrollment token given: this node has enrolled before (or has a token), so none is needed"
elif [ -z "$dry_run" ]; then
  die "no enrollment token: set LLMOBSERVE_ENROLLMENT_TOKEN or pass --token-file FILE (admin enrollment-token create)"
fi

# The collector's files.
if [ -n "$from" ]; then
  [ -f "$from/llmobserve-collector.dll" ] && [ -f "$from/bpf/llmobserve.bpf.o" ] ||
    die "'$from' does not hold a published collector (llmobserve-collector.dll and bpf/llmobserve.bpf.o)"
  if [ -n "$dry_run" ]; then
    say "would copy $from to $INSTALL_DIR"
  else
    install -d -m 0755 "$INSTALL_DIR"
    cp -R -- "$from"/. "$INSTALL_DIR"/
    say "copied the collector from $from to $INSTALL_DIR"
  fi
elif [ ! -x "$INSTALL_DIR/llmobserve-collector" ]; then
  message="$INSTALL_DIR holds no collector: publish it (dotnet publish collector/LlmObserve.Collector -c Release -o DIR, the version of $COLLECTOR_IMAGE) and pass --from DIR"
  if [ -n "$dry_run" ]; then say "$message"; else die "$message"; fi
fi

# Settings and token.
[ -n "$dry_run" ] || install -d -m 0755 "$CONFIG_DIR"
if [ -f "$CONFIG_DIR/collector.env" ] && ! settings_file | cmp -s - "$CONFIG_DIR/collector.env"; then
  say "keeping your $CONFIG_DIR/collector.env; compare it with the new $CONFIG_DIR/collector.env.new"
  settings_file | write_file "$CONFIG_DIR/collector.env.new" 0644
else
  settings_file | write_file "$CONFIG_DIR/collector.env" 0644
fi
if [ -n "$token" ]; then
  printf 'LLMOBSERVE_Shipping__EnrollmentToken=%s\n' "$token" |
    write_file "$CONFIG_DIR/enrollment.env" 0600 "LLMOBSERVE_Shipping__EnrollmentToken=(the token you gave)"
fi

# Can this node run it? doctor checks the kernel, BTF, libbpf and privileges, and mounts tracefs if needed.
if [ -n "$dry_run" ]; then
  say "would run: $INSTALL_DIR/llmobserve-collector doctor"
else
  "$INSTALL_DIR/llmobserve-collector" doctor || die "this node cannot run the collector yet: see the FAIL lines above"
fi

if ! command -v systemctl >/dev/null 2>&1 || [ ! -d /run/systemd/system ]; then
  say "systemd is not running on this node, so no service was installed. Run the collector as root under your init system or supervisor, restarting it when it exits:"
  printf '    %s\n' "set -a; . $CONFIG_DIR/collector.env; [ -r $CONFIG_DIR/enrollment.env ] && . $CONFIG_DIR/enrollment.env; set +a" \
    "exec $INSTALL_DIR/llmobserve-collector run"
  exit 0
fi

unit_file | write_file "$UNIT_PATH" 0644
if [ -n "$dry_run" ]; then
  say "would run: systemctl daemon-reload && systemctl enable llmobserve-collector && systemctl restart llmobserve-collector"
  exit 0
fi
systemctl daemon-reload
systemctl enable llmobserve-collector.service
systemctl restart llmobserve-collector.service
sleep 2
if systemctl is-active --quiet llmobserve-collector.service; then
  say "llmobserve-collector is running; follow it with: journalctl -u llmobserve-collector -f"
  say "once the node has enrolled ($STATE_DIR/node-credential.json exists) you may delete $CONFIG_DIR/enrollment.env"
else
  die "llmobserve-collector did not stay up; see: journalctl -u llmobserve-collector -n 50"
fi
