# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Helpers for the tests of tpc-compiled policies (t_policy_*.sh). Sourced
# after lib.sh and progs/tp_lib.sh. The objects were compiled once on the
# host from tests/kernel/policies/*.yaml (build/kobj/pol_*.bpf.o): values in
# them are fixed, so the victims live at fixed paths.

KT=/tmp/tpc-ktest

pol_setup() {
	tp_setup
	# the paths are baked into the objects: serialize concurrent runs
	if command -v flock >/dev/null; then
		exec 9>"$KT.lock"
		flock 9
	fi
	rm -rf "$KT"
	mkdir -p "$KT/bin" || fail "mkdir $KT"
	cp "$(command -v bash)" "$KT/bin/tp-victim" || fail "cp bash"
	cp "$(command -v bash)" "$KT/bin/tp-other" || fail "cp bash"
	on_exit pol_cleanup
}

pol_cleanup() {
	rm -rf "$KT"
}

# pol_load NAME: load build/kobj/pol_NAME.bpf.o on the private root
pol_load() {
	local obj=$OBJ_DIR/pol_$1.bpf.o out
	[ -f "$obj" ] || fail "object $obj missing (make kernel-test-objs)"
	out=$(tpl load "$obj" 2>&1) || fail "tpload load $obj: $out"
}

# run_status CMD...: run CMD, print its exit status (137 = SIGKILL)
run_status() {
	local s=0
	"$@" </dev/null >/dev/null 2>&1 || s=$?
	echo "$s"
}

# no_tpload_running: enforcement must not need a resident loader: no tpload
# working on this test's pin root is left (other tpload runs on a shared
# machine are none of our business)
no_tpload_running() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = tpload ] || continue
		tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q -- "$TP_ROOT" &&
			fail "a tpload process is still running (pid ${p#/proc/})"
	done
	return 0
}
