#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload load of a policy-like tracepoint object (tests/kernel/progs/
# tp_victim.bpf.c): after tpload EXITED, a binary named tp-victim opening
# /etc/tpc-test* is SIGKILLed (137); another binary or another path is not;
# pins have the documented layout; after unload nothing is pinned, the
# victim survives, and a second unload is a no-op (exit 0).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup

out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
# no tpload working on this test's root is left (other runs on a shared
# machine are not ours to judge)
for p in /proc/[0-9]*; do
	[ "$(cat "$p/comm" 2>/dev/null)" = tpload ] || continue
	tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q -- "$TP_ROOT" &&
		fail "a tpload process is still running (pid ${p#/proc/})"
done

# documented layout
for p in core/maps/tp_procs core/maps/tp_events core/maps/tp_policies \
	 core/links/exec core/links/fork core/links/exit \
	 $TP_POLICY/links/tp0_sys_enter_openat $TP_POLICY/meta; do
	[ -e "$TP_ROOT/$p" ] || fail "$TP_ROOT/$p not pinned"
done
[ -e "$TP_ROOT/$TP_POLICY/maps/tp_procs" ] && fail "core map pinned as a policy map"
bpftool link show pinned "$TP_ROOT/$TP_POLICY/links/tp0_sys_enter_openat" >/dev/null ||
	fail "pinned link unreadable"

victim=$(mk_bin tp-victim)
other=$(mk_bin tp-bystander)
expect_status "tp-victim opens /etc/tpc-test-kill" 137 "$(opens "$victim" /etc/tpc-test-kill)"
expect_status "tp-bystander opens /etc/tpc-test-kill" 1 "$(opens "$other" /etc/tpc-test-kill)"
expect_status "tp-victim opens /etc/hostname" 0 "$(opens "$victim" /etc/hostname)"
expect_status "tp-victim opens /etc/tpc-tes" 1 "$(opens "$victim" /etc/tpc-tes)"
# a path ending in tp-victim only as a substring does not match
sub=$(mk_bin tp-victim2)
expect_status "tp-victim2 opens /etc/tpc-test-kill" 1 "$(opens "$sub" /etc/tpc-test-kill)"

out=$(tpl unload $TP_POLICY 2>&1) || fail "unload: exit $?: $out"
[ -z "$(pins_of $TP_POLICY)" ] || fail "pins left after unload: $(pins_of $TP_POLICY)"
ls -R "$TP_ROOT/$TP_POLICY" >/dev/null 2>&1 && fail "$TP_ROOT/$TP_POLICY still exists"
expect_status "tp-victim after unload" 1 "$(opens "$victim" /etc/tpc-test-kill)"

out=$(tpl unload $TP_POLICY 2>&1) || fail "second unload: exit $?"
echo "$out" | grep -q "not loaded" || fail "second unload gave no note: $out"

# unload --all removes the core and the root
tpl unload --all >/dev/null 2>&1 || fail "unload --all"
[ -e "$TP_ROOT" ] && fail "$TP_ROOT left after unload --all: $(ls -R "$TP_ROOT")"
echo "ok: kill after tpload exited, selectors, unload"
