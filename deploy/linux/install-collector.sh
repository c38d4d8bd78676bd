#!/usr/bin/env bash
# Installs the LlmObserve collector on a bare Linux node (no Kubernetes) as a hardened systemd
# service; where systemd is not running, prints the exact command to run it, or runs it under a
# simple supervision loop (--supervise).
#
# In the repository this is a template: ingest-api renders it for one cluster
# (GET /api/v1/clusters/{id}/deploy/linux), filling in the three settings below, the unit file
# (llmobserve-collector.service) and the settings file (collector.env.example). It holds no secret.
#
# Usage, as root:
#   LLMOBSERVE_ENROLLMENT_TOKEN=llmo_enroll_… bash install-collector.sh --from DIR
#   bash install-collector.sh --token-file FILE --from collector.tar.gz [--supervise]
#   bash install-collector.sh uninstall [--purge]
#   add --dry-run to print what it would do: it then changes nothing and needs no root
#
#   --from DIR|TARBALL the published collector (dotnet publish collector/LlmObserve.Collector -c Release
#                      -o DIR, or a tar of that directory), installed as /opt/llmobserve-collector. The
#                      node needs the .NET 10 runtime and libbpf1. Without --from, the installed one is kept.
#   --token-file FILE  the cluster's enrollment token (its first line); else $LLMOBSERVE_ENROLLMENT_TOKEN.
#                      Not needed again once the node has enrolled (an upgrade keeps its credential).
#   --supervise        without systemd only: run the collector in the background, restarted 5 s after
#                      it exits (pid in /run/llmobserve-collector.pid, log /var/log/llmobserve-collector.log).
#                      It does not start at boot and has no sandbox beyond the four capabilities.
#   uninstall          stops the collector and removes the service, the program, the token and the log;
#                      keeps the settings and the node's credential and spool unless --purge is given.
#
# It writes /etc/llmobserve/collector.env (settings; one you changed is kept, the new one goes next to it
# as collector.env.new), /etc/llmobserve/enrollment.env (the token, mode 0600) and the unit; runs
# `llmobserve-collector doctor` on the new program before it replaces the old; then (re)starts the service.
# The node credential and the spool live in /var/lib/llmobserve-collector.
set -euo pipefail

INGEST_URL='https://ingest.example.com'
CLUSTER_NAME='cluster-name'
COLLECTOR_IMAGE='ghcr.io/llmobserve/collector:VERSION'

INSTALL_DIR=/opt/llmobserve-collector
CONFIG_DIR=/etc/llmobserve
STATE_DIR=/var/lib/llmobserve-collector
UNIT=llmobserve-collector.service
UNIT_PATH=/etc/systemd/system/$UNIT
PID_FILE=/run/llmobserve-collector.pid
LOG_FILE=/var/log/llmobserve-collector.log
# The unit's CapabilityBoundingSet, in setpriv's spelling: without systemd the collector gets these only.
CAPABILITIES=-all,+bpf,+perfmon,+sys_admin,+sys_ptrace

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
  printf '%s\n' "usage: install-collector.sh [install] [--from DIR|TARBALL] [--token-file FILE] [--supervise] [--dry-run]" \
    "       install-collector.sh uninstall [--purge] [--dry-run]" \
    "The enrollment token comes from --token-file or \$LLMOBSERVE_ENROLLMENT_TOKEN."
}

action=install from='' token_file='' dry_run='' supervise='' purge=''
while [ $# -gt 0 ]; do
  case "$1" in
    install | uninstall) action=$1; shift ;;
    --from) [ $# -ge 2 ] || die "--from needs a directory or a tarball"; from=$2; shift 2 ;;
    --token-file) [ $# -ge 2 ] || die "--token-file needs a file"; token_file=$2; shift 2 ;;
    --supervise) supervise=1; shift ;;
    --purge) purge=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[ "$action" = uninstall ] || [ -z "$purge" ] || die "--purge goes with uninstall"
[ "$action" = install ] || [ -z "$from$token_file$supervise" ] || die "uninstall takes only --purge and --dry-run"

systemd_running() { command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; }

# Runs a command, or shows it in a dry run.
run() { if [ -n "$dry_run" ]; then say "would run: $*"; else "$@"; fi; }

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
  { cat >"$tmp" && chmod "$mode" "$tmp" && mv -f "$tmp" "$path"; } || die "cannot write $path"
  say "wrote $path"
}

remove() {
  local path
  for path in "$@"; do
    if [ ! -e "$path" ] && [ ! -L "$path" ]; then continue; elif [ -n "$dry_run" ]; then say "would remove $path"; else rm -rf -- "$path"; say "removed $path"; fi
  done
}

# The collector as the unit starts it, as one shell command: the settings files' variables only, and
# only the unit's four capabilities with no_new_privs (setpriv, util-linux). The unit's other
# sandboxing (read-only system, private /tmp, …) needs systemd.
launcher() { if command -v setpriv >/dev/null 2>&1; then printf 'setpriv --bounding-set=%s --inh-caps=-all --ambient-caps=-all --no-new-privs ' "$CAPABILITIES"; fi; }
run_script() {
  printf '%s' "set -a; . $CONFIG_DIR/collector.env; if [ -r $CONFIG_DIR/enrollment.env ]; then . $CONFIG_DIR/enrollment.env; fi; set +a; exec $(launcher)$INSTALL_DIR/llmobserve-collector run"
}
run_command() { printf "env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c '%s'" "$(run_script)"; }

# Runs in the background (--supervise): starts the collector again 5 s after it exits, until SIGTERM,
# which it passes on to the collector, waiting for it to stop.
supervise_loop() {
  local pid_file=$1 script=$2 child='' stopping='' code
  trap 'stopping=1; if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; fi' TERM INT HUP
  echo "$BASHPID" >"$pid_file"
  while [ -z "$stopping" ]; do
    printf '%s llmobserve-supervise: starting the collector\n' "$(date -u +%FT%TZ)"
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c "$script" &
    child=$!
    code=0; wait "$child" || code=$?
    while kill -0 "$child" 2>/dev/null; do code=0; wait "$child" || code=$?; done
    child=''
    [ -z "$stopping" ] || break
    printf '%s llmobserve-supervise: the collector exited with code %s; starting it again in 5 s\n' "$(date -u +%FT%TZ)" "$code"
    sleep 5 & child=$!; wait "$child" || true; child=''
  done
  printf '%s llmobserve-supervise: stopped\n' "$(date -u +%FT%TZ)"
  rm -f "$pid_file"
}

# The running supervision loop's pid, if any (a stale pid file or a reused pid is not ours).
supervisor_pid() {
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa llmobserve-supervise "/proc/$pid/cmdline" && echo "$pid"
}

stop_supervisor() {
  local pid
  pid=$(supervisor_pid) || { remove "$PID_FILE"; return 0; }
  if [ -n "$dry_run" ]; then say "would stop the supervised collector (pid $pid)"; return; fi
  kill -TERM "$pid"
  for _ in $(seq 1 70); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"; fi
  rm -f "$PID_FILE"
  say "stopped the supervised collector (pid $pid)"
}

stop_service() { if systemd_running && [ -f "$UNIT_PATH" ]; then run systemctl stop "$UNIT"; fi; stop_supervisor; }

uninstall() {
  [ -n "$dry_run" ] || [ "$(id -u)" -eq 0 ] || die "run as root, or with --dry-run to see what it would do"
  if systemd_running && [ -f "$UNIT_PATH" ]; then run systemctl disable --now "$UNIT"; fi
  stop_supervisor
  remove "$UNIT_PATH" "/etc/systemd/system/multi-user.target.wants/$UNIT"
  if systemd_running; then run systemctl daemon-reload; run systemctl reset-failed "$UNIT" 2>/dev/null || true; fi
  remove "$INSTALL_DIR" "$INSTALL_DIR.new" "$INSTALL_DIR.old" "$CONFIG_DIR/enrollment.env" "$CONFIG_DIR/collector.env.new" "$LOG_FILE"
  if [ -n "$purge" ]; then remove "$CONFIG_DIR/collector.env" "$STATE_DIR"
  else say "kept $CONFIG_DIR/collector.env (settings) and $STATE_DIR (this node's credential and spool) for a reinstall; uninstall --purge removes them"; fi
  if [ -d "$CONFIG_DIR" ] && [ -z "$(ls -A "$CONFIG_DIR")" ]; then remove "$CONFIG_DIR"; fi
  say "the collector is uninstalled"
}

if [ "$action" = uninstall ]; then uninstall; exit 0; fi

[ "$(unit_file)" != '#@llmobserve-collector.service@' ] ||
  die "this is the template from the repository; download the script for your cluster from ingest-api: GET /api/v1/clusters/{id}/deploy/linux"

# Shown, never evaluated: control characters would only garble the terminal.
say "installing the collector for cluster '${CLUSTER_NAME//[[:cntrl:]]/?}', shipping to $INGEST_URL"
if [ -n "$dry_run" ]; then say "dry run: nothing is changed"; fi
if [ -z "$dry_run" ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root (it installs a system service), or with --dry-run to see what it would do"
fi
[ -z "$supervise" ] || ! systemd_running || die "systemd is running here: the collector runs as its service; --supervise is for nodes without systemd"

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

# The new program goes to $INSTALL_DIR.new first, and replaces the old only once doctor accepts it.
program=$INSTALL_DIR
if [ -n "$from" ]; then
  source_dir=$from
  if [ -f "$from" ]; then
    unpacked=$(mktemp -d)
    trap 'rm -rf -- "$unpacked"' EXIT
    tar -xf "$from" -C "$unpacked" || die "cannot unpack '$from' (a tar of the published collector)"
    source_dir=$(dirname -- "$(find "$unpacked" -maxdepth 2 -name llmobserve-collector.dll -print -quit)")
  fi
  [ -f "$source_dir/llmobserve-collector.dll" ] && [ -f "$source_dir/llmobserve-collector" ] && [ -f "$source_dir/bpf/llmobserve.bpf.o" ] ||
    die "'$from' does not hold a published collector (llmobserve-collector, llmobserve-collector.dll and bpf/llmobserve.bpf.o)"
  program=$INSTALL_DIR.new
  if [ -n "$dry_run" ]; then say "would copy $from to $INSTALL_DIR"; else
    { rm -rf -- "$program" && install -d -m 0755 "$program" && cp -R -- "$source_dir"/. "$program"/ &&
      chmod -R u=rwX,go=rX "$program" && chmod 0755 "$program/llmobserve-collector"; } || die "cannot copy $from to $program"
  fi
elif [ ! -x "$INSTALL_DIR/llmobserve-collector" ]; then
  message="$INSTALL_DIR holds no collector: publish it (dotnet publish collector/LlmObserve.Collector -c Release -o DIR, the version of $COLLECTOR_IMAGE) and pass --from DIR"
  if [ -n "$dry_run" ]; then say "$message"; else die "$message"; fi
fi

# Can this node run it, with the capabilities it will have? doctor checks the kernel, BTF, libbpf and
# privileges, and mounts tracefs if needed.
if [ -n "$dry_run" ]; then
  say "would run: $(launcher)$program/llmobserve-collector doctor"
else
  # shellcheck disable=SC2046 # launcher is a list of words
  if ! $(launcher) "$program/llmobserve-collector" doctor; then
    [ "$program" = "$INSTALL_DIR" ] || rm -rf -- "$program"
    die "this node cannot run the collector yet: see the FAIL lines above (nothing was changed)"
  fi
fi

stop_service
if [ "$program" != "$INSTALL_DIR" ] && [ -z "$dry_run" ]; then
  if [ -d "$INSTALL_DIR" ]; then mv -- "$INSTALL_DIR" "$INSTALL_DIR.old"; fi
  mv -- "$program" "$INSTALL_DIR"
  rm -rf -- "$INSTALL_DIR.old"
  say "installed the collector from $from in $INSTALL_DIR"
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
[ -n "$dry_run" ] || install -d -m 0700 "$STATE_DIR"

# Waits up to 60 s for the collector's "Capture started" among the log lines the command "$@" prints.
wait_started() {
  for _ in $(seq 1 120); do if "$@" 2>/dev/null | grep -q 'Capture started'; then return 0; fi; sleep 0.5; done
  return 1
}
enrolled_note() {
  if [ -s "$STATE_DIR/node-credential.json" ]; then say "the node has enrolled: you may delete $CONFIG_DIR/enrollment.env"
  else say "the node has not enrolled yet: watch the log for the enrollment (ingest-api at $INGEST_URL)"; fi
}

if ! systemd_running; then
  if [ -z "$supervise" ]; then
    say "systemd is not running on this node, so no service was installed. Run the collector as root under your init system or supervisor, restarting it when it exits, with this command:"
    printf '    %s\n' "$(run_command)"
    say "or run this script again with --supervise to start it in the background now (not at boot)"
    exit 0
  fi
  [ -n "$(launcher)" ] || say "warning: setpriv (util-linux) is missing, so the collector keeps all of root's capabilities"
  if [ -n "$dry_run" ]; then say "would start in the background, restarted when it exits: $(run_command)"; exit 0; fi
  offset=$(($(stat -c %s "$LOG_FILE" 2>/dev/null || echo 0) + 1))
  setsid bash -c "$(declare -f supervise_loop); supervise_loop \"\$@\"" llmobserve-supervise "$PID_FILE" "$(run_script)" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  say "started the collector in the background, restarted when it exits, with: $(run_command)"
  wait_started tail -c "+$offset" "$LOG_FILE" ||
    die "the collector did not start capturing within 60 s; see $LOG_FILE (stop it: bash install-collector.sh uninstall)"
  say "llmobserve-collector is running (supervisor pid $(supervisor_pid || echo '?'), $PID_FILE); log: $LOG_FILE"
  say "it does not start at boot: run this script with --supervise from your boot scripts, or use an init system"
  enrolled_note
  exit 0
fi

unit_file | write_file "$UNIT_PATH" 0644
since=$(date +%s)
run systemctl daemon-reload
run systemctl enable "$UNIT"
run systemctl restart "$UNIT"
[ -z "$dry_run" ] || exit 0
if wait_started journalctl -u "$UNIT" --since "@$since" -o cat --no-pager && systemctl is-active --quiet "$UNIT"; then
  say "llmobserve-collector is running; follow it with: journalctl -u llmobserve-collector -f"
  enrolled_note
else
  die "llmobserve-collector did not start capturing within 60 s; see: journalctl -u llmobserve-collector -n 50"
fi
