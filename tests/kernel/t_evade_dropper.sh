#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The unfaulted-literal dropper: a program in /tmp/tpc-ktest/bin execs
# /bin/sh with the path in a .rodata page it never touched, so a program at
# sys_enter_execve cannot read it. Without tpc-fail-closed it escapes (as
# in Tetragon: an unreadable argument matches no filter) and the miss is
# counted (unreadable); with it, it is killed (failclosed). The same dropper
# reading its literal first is killed by both (control). Policies:
# tests/kernel/policies/dropper.yaml, dropper-fc.yaml (tpc warns about both
# at compile time: unreadable-arg).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
pol_setup
cp "$ATT" "$KT/bin/dropper" || fail cp

# counter POLICY FIELD
counter() {
	tpl -j stats "$1" | python3 -c "
import json, sys
print(json.load(sys.stdin)['policies'][0]['total']['$2'])"
}

pol_load dropper
s=$(run_status "$KT/bin/dropper" exec-rodata)
[ "$s" = 90 ] && fail "setup: the literal's page was mapped before execve"
expect_status "unfaulted literal, no fail-closed: escapes (sh exits 7)" 7 "$s"
[ "$(counter ktest-dropper unreadable)" -ge 1 ] || fail "unreadable not counted: $(tpl stats ktest-dropper)"
expect_status "touched literal: killed" 137 "$(run_status "$KT/bin/dropper" exec-touched)"
tpl unload ktest-dropper >/dev/null || fail unload

pol_load dropper-fc
s=$(run_status "$KT/bin/dropper" exec-rodata)
[ "$s" = 90 ] && fail "setup: the literal's page was mapped before execve"
expect_status "unfaulted literal, fail-closed: killed" 137 "$s"
[ "$(counter ktest-dropper-fc failclosed)" -ge 1 ] || fail "failclosed not counted: $(tpl stats ktest-dropper-fc)"
expect_status "touched literal, fail-closed: killed" 137 "$(run_status "$KT/bin/dropper" exec-touched)"
expect_status "another program (not under the prefix) runs sh" 0 \
	"$(run_status "$(command -v bash)" -c "/bin/sh -c 'exit 0'")"
echo "ok: unfaulted dropper escapes and is counted without fail-closed, is killed with it"
