#!/usr/bin/env bash
# What one uprobe hit costs on this machine, by the kind of instruction it sits on (as root):
# the kernel emulates a few (nop, push, jmp, call, jcc) and single-steps the others out of line,
# which takes a debug trap; under a hypervisor that intercepts #DB, that trap leaves the guest.
# OpenSSL's SSL_write/SSL_read start with `sub $imm,%rsp`, so every TLS probe hit pays the slow path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
tracefs=/sys/kernel/tracing
[ -d "$tracefs/events" ] || tracefs=/sys/kernel/debug/tracing
group=llmo_uprobe_cost
cleanup() {
	for e in sub nop push; do echo 0 > "$tracefs/events/$group/$e/enable" 2>/dev/null || true; done
	for e in sub nop push; do echo "-:$group/$e" >> "$tracefs/uprobe_events" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
cc -O1 -fno-pie -no-pie -fcf-protection=none -o "$work/calls" "$here/calls.c"
# File offset of a symbol: its address less the non-PIE load base.
offset() { printf '0x%x' $((0x$(nm "$work/calls" | awk -v f="$1" '$3 == f { print $1 }') - 0x400000)); }
for e in sub nop push; do
	echo "p:$group/$e $work/calls:$(offset "first_$e")" >> "$tracefs/uprobe_events"
done
declare -A plain probed
while read -r name us; do plain[$name]=$us; done < <("$work/calls")
for e in sub nop push; do echo 1 > "$tracefs/events/$group/$e/enable"; done
while read -r name us; do probed[$name]=$us; done < <("$work/calls")
printf '%-44s %10s %10s %12s\n' "first instruction of the probed function" "plain µs" "probed µs" "probe cost µs"
for e in sub nop push; do
	awk -v n="first_$e" -v a="${plain[first_$e]}" -v b="${probed[first_$e]}" 'BEGIN { printf "%-44s %10.3f %10.3f %12.2f\n", n, a, b, b - a }'
done
