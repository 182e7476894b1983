# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Shared helpers for kernel tests (tests/kernel/t_*.sh). Sourced, not run.
# The same tests run on the host kernel and inside the VM kernels.
#
# Environment (set by suite.sh; defaults work from the repo root on the host):
#   TPC       path to tpc     (may be absent inside a VM: objects are prebuilt)
#   TPLOAD    path to tpload
#   OBJ_DIR   directory of prebuilt policy objects (*.bpf.o), built once on the host
#   WORK      scratch directory for this test (created, removed by suite.sh)
# Exit status of a test: 0 pass, 1 fail, 77 skip (with a "skip: <reason>" line).

set -u

: "${TPLOAD:=build/tpload}"
: "${TPC:=build/tpc}"
: "${OBJ_DIR:=build/kobj}"
: "${WORK:=$(mktemp -d)}"
: "${PIN_ROOT:=/sys/fs/bpf/tpc-test}"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "skip: $*"
	exit 77
}

# need FEATURE...: skip unless the running kernel has each feature. Probing
# is done by tests/kernel/probe.sh (feature detection by trying, never by
# kernel version).
# Exit 1 from probe.sh means "not on this kernel" (skip); anything else
# (unknown feature, probes not built) is a broken test setup (fail).
need() {
	local f out rc
	for f in "$@"; do
		out=$("$(dirname "${BASH_SOURCE[0]}")/probe.sh" "$f" 2>&1)
		rc=$?
		case $rc in
		0) ;;
		1) out=${out#"$f: no"}; skip "missing $f${out:+:$out}" ;;
		*) fail "cannot probe $f: $out" ;;
		esac
	done
}

# check DESC CMD...: run CMD, fail with DESC if it fails.
check() {
	local desc=$1
	shift
	"$@" || fail "$desc (command: $*)"
}

# check_tetragon_json EVENTS: every line of EVENTS (what `tpload -j events`
# printed) must be one tetragon.GetEventsResponse in the form Tetragon's
# exporter prints: tests/events/tetragon_json.py --strict (docs/events.md).
# Fails with the checker's findings. Empty EVENTS: nothing to check.
TETRAGON_JSON=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/events/tetragon_json.py
check_tetragon_json() {
	local out
	[ -n "$1" ] || return 0
	[ -f "$TETRAGON_JSON" ] || fail "event checker missing: $TETRAGON_JSON"
	out=$(printf '%s\n' "$1" | python3 "$TETRAGON_JSON" --strict -q - 2>&1) ||
		fail "events do not match Tetragon's schema (tests/events/tetragon_json.py):
$out
events:
$1"
}

# ------------------------------------------------------------------------
# Helpers for tests that load objects and check enforcement (t_lab_*.sh).

# on_exit CMD: run CMD (eval'd) when the test exits, last registered first.
_ON_EXIT=()
_run_on_exit() {
	local i
	for ((i = ${#_ON_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${_ON_EXIT[i]}" >/dev/null 2>&1 || true
	done
}
on_exit() {
	_ON_EXIT+=("$1")
	trap _run_on_exit EXIT
	trap 'exit 143' TERM	# suite.sh's timeout: still clean up
	trap 'exit 130' INT
}

# need_tpload: fail (not skip) unless $TPLOAD is an executable: tpload is
# part of the build that is under test.
need_tpload() {
	[ -x "$TPLOAD" ] || fail "tpload not built: $TPLOAD"
}

# tpload_load OBJ NAME: load, attach and pin OBJ as policy NAME with tpload,
# which must exit 0; registers an unload on exit. Prints tpload's output on
# failure.
tpload_load() {
	local obj=$1 name=$2 out
	[ -f "$obj" ] || fail "object $obj missing (make kernel-test-objs)"
	on_exit "\"\$TPLOAD\" --root \"\$PIN_ROOT\" unload $name"
	out=$("$TPLOAD" --root "$PIN_ROOT" load "$obj" --name "$name" 2>&1) ||
		fail "tpload load $obj --name $name: exit $?: $out"
	[ -z "$out" ] || echo "$out"
}

# tpload_unload NAME: unload policy NAME (must succeed), assert its pins are gone.
tpload_unload() {
	local name=$1 out
	out=$("$TPLOAD" --root "$PIN_ROOT" unload "$name" 2>&1) || fail "tpload unload $name: exit $?: $out"
	[ ! -e "$PIN_ROOT/$name" ] || fail "$PIN_ROOT/$name still exists after unload"
}

# assert_pinned NAME: policy NAME has at least one pinned link.
assert_pinned() {
	local d=$PIN_ROOT/$1/links
	[ -d "$d" ] && [ -n "$(ls -A "$d" 2>/dev/null)" ] || fail "no pinned link under $d"
}

# victim_start COMM HEARTBEAT: start a bash process in the background that
# names itself COMM (/proc/self/comm: no exec, no fork), then loops opening
# files (it writes its iteration count to HEARTBEAT each round: an openat
# by the victim itself). Sets VICTIM_PID.
victim_start() {
	local comm=$1 hb=$2
	rm -f "$hb" "$hb.fifo"
	mkfifo "$hb.fifo" || fail "mkfifo $hb.fifo"
	bash -c '
		exec 9<> "$2.fifo"
		echo -n "$1" > /proc/self/comm
		i=0
		while :; do
			i=$((i + 1))
			echo $i > "$2"
			read -t 0.05 -u 9 _
		done' victim "$comm" "$hb" </dev/null >/dev/null 2>&1 &
	VICTIM_PID=$!
	on_exit "kill -9 $VICTIM_PID"
}

# proc_wait_exit PID SECS: wait up to SECS for child PID to exit; sets
# PROC_STATUS to its wait status (137 = SIGKILL), returns 1 on timeout.
proc_wait_exit() {
	local pid=$1 secs=$2 i
	for ((i = 0; i < secs * 20; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$pid" 2>/dev/null && return 1
	PROC_STATUS=0
	wait "$pid" 2>/dev/null || PROC_STATUS=$?
	return 0
}

# wait_heartbeat FILE N SECS: wait until FILE holds a number >= N.
wait_heartbeat() {
	local f=$1 n=$2 secs=$3 i v
	for ((i = 0; i < secs * 20; i++)); do
		v=$(cat "$f" 2>/dev/null || true)
		[ -n "$v" ] && [ "$v" -ge "$n" ] 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# lab_kill_test OBJ NAME: OBJ SIGKILLs processes named tp-victim when they
# open a file. Load it with tpload; after tpload exited a victim must die by
# SIGKILL while a bystander with another name keeps running; after unload a
# victim must survive many opens.
lab_kill_test() {
	local obj=$1 name=$2 vpid bpid
	tpload_load "$obj" "$name"
	assert_pinned "$name"

	victim_start tp-bystander "$WORK/bystander.hb"
	bpid=$VICTIM_PID
	victim_start tp-victim "$WORK/victim.hb"
	vpid=$VICTIM_PID
	proc_wait_exit "$vpid" 20 || fail "tp-victim (pid $vpid) still alive 20s after its first open"
	[ "$PROC_STATUS" = 137 ] || fail "tp-victim exited with status $PROC_STATUS, not 137 (SIGKILL)"
	wait_heartbeat "$WORK/bystander.hb" 5 20 || fail "bystander did not keep opening files"
	kill -0 "$bpid" 2>/dev/null || fail "bystander died"
	kill "$bpid"
	proc_wait_exit "$bpid" 10

	tpload_unload "$name"
	victim_start tp-victim "$WORK/victim2.hb"
	vpid=$VICTIM_PID
	wait_heartbeat "$WORK/victim2.hb" 5 20 || fail "tp-victim did not survive 5 opens after unload"
	kill -0 "$vpid" 2>/dev/null || fail "tp-victim died after unload"
	kill "$vpid"
	proc_wait_exit "$vpid" 10 || fail "tp-victim did not exit on SIGTERM"
	echo "ok: SIGKILL while pinned (tpload exited), no kill after unload"
}
