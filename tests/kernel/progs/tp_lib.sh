# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Helpers for the loader/core tests (t_core_*.sh, t_load_*.sh). Sourced
# after lib.sh. Each test gets a PRIVATE pin root ($TP_ROOT, a fresh core):
# it never touches policies loaded in $PIN_ROOT, and "a process older than
# the core" can be tested anywhere. Everything is unloaded on exit, also on
# failure or timeout.

TP_ROOT=${PIN_ROOT}-$(basename "$0" .sh)-$$
TP_OBJ=$OBJ_DIR/tp_victim.bpf.o
TP_POLICY=tp-victim-test

# tpl ARGS...: tpload on the private root. A load or apply that creates the
# core gets --no-process-events unless TPL_PROCESS_EVENTS=1: tests that count
# their policy's events must not see every exec and exit of the machine.
# With TPL_PROCESS_EVENTS=1 it gets a process ring of TPL_PROC_RING (16M,
# ~7,700 records) unless the test chooses one: every exec and exit of the
# machine goes into it, and the tests read it only now and then. The 1 MiB
# default holds ~480 records; a busy host (builds, other tests: 200-500
# records a second) filled it between two reads, and the last records of a
# test were dropped (t_core_proc_events: the seeded process's process_exit,
# ~3 runs of 10). Check with proc_ring_ok.
TPL_PROC_RING=${TPL_PROC_RING:-16M}
tpl() {
	case "${1:-}" in
	load | apply)
		if [ -e "$TP_ROOT/core" ]; then
			:
		elif [ "${TPL_PROCESS_EVENTS:-0}" != 1 ]; then
			set -- "$1" --no-process-events "${@:2}"
		elif [[ " $* " != *" --process-ring-size "* ]]; then
			set -- "$1" --process-ring-size "$TPL_PROC_RING" "${@:2}"
		fi
		;;
	esac
	"$TPLOAD" --root "$TP_ROOT" "$@"
}

# proc_ring_ok: fails, saying so, if the core dropped process_exec/exit
# records (tp_proc_events full): the test's own may be among them, and a
# missing event would otherwise read as a bug of the core.
proc_ring_ok() {
	local d
	d=$(tpl -j stats | python3 -c 'import json, sys; print(json.load(sys.stdin)["core"]["counters"]["proc_dropped"])') ||
		fail "proc_ring_ok: tpload stats failed"
	[ "$d" = 0 ] || fail "the process ring overflowed: $d records dropped (the machine exec'd more than a $TPL_PROC_RING ring holds between two reads)"
}

tp_cleanup() {
	"$TPLOAD" --root "$TP_ROOT" unload --all >/dev/null 2>&1
	[ -e "$TP_ROOT" ] && rm -rf "$TP_ROOT"
}

tp_setup() {
	need_tpload
	need tracepoint tp_btf iter ringbuf send_signal link_pin
	[ -f "$TP_OBJ" ] || fail "object $TP_OBJ missing (make kernel-test-objs)"
	[ -d /sys/kernel/tracing/events/syscalls ] || [ -d /sys/kernel/debug/tracing/events/syscalls ] ||
		mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true
	on_exit tp_cleanup
}

# mk_bin NAME: a copy of bash named NAME in $WORK (a real ELF executable
# whose path ends in /NAME); prints its path
mk_bin() {
	cp "$(command -v bash)" "$WORK/$1" || fail "cp bash $WORK/$1"
	echo "$WORK/$1"
}

# opens BIN FILE: BIN opens FILE (openat in BIN's own process); prints the
# exit status: 137 = SIGKILL, 1 = open failed normally, 0 = opened
opens() {
	local s=0
	"$1" -c "exec 3< '$2'" </dev/null >/dev/null 2>&1 || s=$?
	echo "$s"
}

# expect_status WHAT WANT GOT
expect_status() {
	[ "$3" = "$2" ] || fail "$1: exit status $3, want $2"
}

# pins_of POLICY: everything under the policy's directory (empty if none)
pins_of() {
	ls -R "$TP_ROOT/$1" 2>/dev/null
}

# procs_has PID: tp_procs has an entry for PID
procs_has() {
	local k
	k=$(printf '%08x' "$1" | sed -E 's/(..)(..)(..)(..)/0x\4 0x\3 0x\2 0x\1/')
	# shellcheck disable=SC2086
	bpftool map lookup pinned "$TP_ROOT/core/maps/tp_procs" key $k >/dev/null 2>&1
}

# procs_get PID: the tp_procs entry of PID as JSON (bpftool -j)
procs_get() {
	local k
	k=$(printf '%08x' "$1" | sed -E 's/(..)(..)(..)(..)/0x\4 0x\3 0x\2 0x\1/')
	# shellcheck disable=SC2086
	bpftool -j map lookup pinned "$TP_ROOT/core/maps/tp_procs" key $k 2>/dev/null
}
