#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# probe.sh FEATURE   exit 0 if the running kernel has FEATURE, 1 if not,
#                    2 if it cannot tell (unknown feature, probes not built)
# probe.sh --all     print "<feature>: yes|no (reason)" for every feature
# probe.sh --list    print the feature names
#
# Detection is by trying, never by kernel version: build/ktest/tp-probe loads
# a tiny object (tests/kernel/progs/probe.bpf.c, one per feature), attaches
# it, triggers it and checks it really ran or enforced (e.g. "lsm" means a
# BPF-LSM program attached and denied a getsid() call: BPF-LSM is active, not
# just compiled in). Results are cached per boot in $TPC_PROBE_CACHE
# (default /tmp/tpc-probe) and invalidated when the probes are rebuilt; only
# "yes" is cached (a "no" may be a filesystem not mounted yet);
# TPC_PROBE_NOCACHE=1 disables the cache. Needs root (CAP_BPF, CAP_SYS_ADMIN).
#
# Features: tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe
#           kretprobe fentry fexit fmod_ret lsm ima_hash uprobe override_return cgroup
set -u

FEATURES="tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe kretprobe fentry fexit fmod_ret lsm ima_hash uprobe override_return cgroup"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KTEST_DIR=${KTEST_DIR:-$HERE/../../build/ktest}
PROBE=$KTEST_DIR/tp-probe

# probe_one FEATURE: print the result line, return 0/1/2.
probe_one() {
	local f=$1 obj=$KTEST_DIR/probe_$1.bpf.o boot stamp cache out rc
	case " $FEATURES " in
	*" $f "*) ;;
	*) echo "$f: unknown feature (known: $FEATURES)" >&2; return 2 ;;
	esac
	if [ ! -x "$PROBE" ] || [ ! -f "$obj" ]; then
		echo "$f: cannot probe: $PROBE or $obj missing (make kernel-test-objs)" >&2
		return 2
	fi
	boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo noboot)
	stamp="$boot $(stat -c %Y:%s "$PROBE" "$obj" | tr '\n' ' ')"
	cache=${TPC_PROBE_CACHE:-/tmp/tpc-probe}/$f
	if [ "${TPC_PROBE_NOCACHE:-0}" != 1 ] && [ -f "$cache" ] &&
	   [ "$(head -n 1 "$cache")" = "$stamp" ] && [ "$(sed -n 3p "$cache")" = 0 ]; then
		sed -n 2p "$cache"
		return "$(sed -n 3p "$cache")"
	fi
	out=$("$PROBE" "$f" "$obj" 2>&1)
	rc=$?
	out=$(printf '%s\n' "$out" | tail -n 1)
	[ -n "$out" ] || out="$f: no (tp-probe exit $rc)"
	if [ "$rc" -eq 0 ] && mkdir -p "$(dirname "$cache")" 2>/dev/null; then
		printf '%s\n%s\n%s\n' "$stamp" "$out" "$rc" > "$cache.$$" && mv "$cache.$$" "$cache"
	fi
	echo "$out"
	return "$rc"
}

case "${1:-}" in
""|-h|--help)
	sed -n '3,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	exit 2
	;;
--list)
	printf '%s\n' $FEATURES
	;;
--all)
	for f in $FEATURES; do
		probe_one "$f"
	done
	exit 0
	;;
*)
	probe_one "$1"
	;;
esac
