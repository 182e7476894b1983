# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Helpers for the tests of hooks on kernel functions (t_hook_*.sh). Sourced
# after lib.sh, progs/tp_lib.sh and pol_lib.sh.

TPOPEN=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-open

# hook_bin NAME: a copy of the static tp-open at $KT/bin/NAME (policies match it
# by that path); prints the path
hook_bin() {
	[ -x "$TPOPEN" ] || fail "$TPOPEN missing (make kernel-test-objs)"
	cp "$TPOPEN" "$KT/bin/$1" || fail "cp tp-open $KT/bin/$1"
	echo "$KT/bin/$1"
}

# has_feature F: the running kernel has F (tests/kernel/probe.sh), silently
has_feature() {
	"$(dirname "${BASH_SOURCE[0]}")/probe.sh" "$1" >/dev/null 2>&1
}

# expect_refusal OBJ WHAT ARGS...: tpload load OBJ ARGS must fail with exit 3
# (environment) and name WHAT (an ERE) in its message; nothing may stay pinned
expect_refusal() {
	local obj=$1 what=$2 out rc=0
	shift 2
	out=$(tpl load "$obj" "$@" 2>&1) || rc=$?
	[ "$rc" = 3 ] || fail "load $(basename "$obj") $*: exit $rc, want 3 (refused): $out"
	printf '%s\n' "$out" | grep -Eq "$what" ||
		fail "load $(basename "$obj") $*: the refusal does not say /$what/: $out"
	[ -z "$(ls "$TP_ROOT" 2>/dev/null | grep -v '^core$')" ] ||
		fail "a refused load left pins: $(ls "$TP_ROOT")"
}
