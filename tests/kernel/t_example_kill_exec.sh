#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# policies/examples/kill-exec-from-tmp.yaml does what its comment says: a
# program executed from /tmp/, /dev/shm/, /var/tmp/ or a memfd is killed
# before it runs (its marker file is never written), however it is
# started: plain, through a symlink, relative, a hard link, execveat() on
# an fd, a file deleted before exec, a memfd, from a thread, from a forked
# child, at 3,000 bytes, past PATH_MAX, deeper than the path walker goes
# (fail-closed); the same program elsewhere runs. Every kill has its record
# in the enforcement ring.
# In a VM the example itself is loaded; on a shared host its narrowed
# variant (build/kobj/exn_*: the same policy limited to the tests' own
# directories), so a colleague's program in /tmp is not killed meanwhile.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
obj=$OBJ_DIR/exn_kill-exec-from-tmp.bpf.o
[ -n "${TPC_VM:-}" ] && obj=$OBJ_DIR/ex_kill-exec-from-tmp.bpf.o
[ -f "$obj" ] || fail "$obj missing (make kernel-test-objs)"
pol_setup
OUT=/opt/tpc-ktest	# not world-writable: programs here run
mkdir -p "$OUT" /dev/shm/tpc-ktest /var/tmp/tpc-ktest "$KT/deep" || fail mkdir
on_exit "'$OUT/tp-attack' rmdeep '$KT/deep' d 8300; rm -rf '$OUT' /dev/shm/tpc-ktest /var/tmp/tpc-ktest"
cp "$ATT" "$OUT/tp-attack" || fail cp
A=$OUT/tp-attack
X=$KT/bin/x
cp "$(command -v bash)" "$X" || fail cp
cp "$X" "$OUT/x"
cp "$X" /dev/shm/tpc-ktest/x
cp "$X" /var/tmp/tpc-ktest/x
M=$OUT/marker

out=$(tpl load "$obj" 2>&1) || fail "load $obj: $out"
name=$(tpl -j list | python3 -c 'import json,sys; print(json.load(sys.stdin)["policies"][0]["name"])')

kills=0
# killed WHAT STATUS...: the program was killed and did not run
killed() {
	local what=$1 s=$2
	rm -f "$M"
	expect_status "$what" 137 "$s"
	[ -e "$M" ] && fail "$what: the program ran (marker written)"
	kills=$((kills + 1))
}
RUN="echo ran > $M"

rm -f "$M"; killed "plain exec from /tmp" "$(run_status "$X" -c "$RUN")"
ln -s "$X" "$OUT/link"
killed "through a symlink outside /tmp" "$(run_status "$OUT/link" -c "$RUN")"
killed "relative path" "$(cd "$KT/bin" && run_status ./x -c "$RUN")"
ln "$X" "$KT/bin/hardlink"
killed "a hard link inside /tmp" "$(run_status "$KT/bin/hardlink" -c "$RUN")"
killed "execveat(AT_EMPTY_PATH) on an fd" "$(run_status "$A" execveat "$X" x -c "$RUN")"
cp "$X" "$KT/bin/gone"
killed "execveat of a file deleted first" "$(run_status "$A" execveat-unlinked "$KT/bin/gone" gone -c "$RUN")"
killed "memfd exec" "$(run_status "$A" memfd-exec "$OUT/x" x -c "$RUN")"
killed "a thread calls exec" "$(run_status "$A" thread-exec "$X" x -c "$RUN")"
killed "a forked child calls exec" "$(run_status "$A" fork-exec "$X" x -c "$RUN")"
killed "/dev/shm" "$(run_status /dev/shm/tpc-ktest/x -c "$RUN")"
killed "/var/tmp" "$(run_status /var/tmp/tpc-ktest/x -c "$RUN")"
d=$KT/long
while [ ${#d} -lt 2990 ]; do d=$d/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done
mkdir -p "$d" && cp "$X" "$d/x"
killed "a ${#d}-byte directory" "$(run_status "$d/x" -c "$RUN")"
killed "past PATH_MAX, deeper than the walker (fail-closed)" \
	"$(run_status "$A" deep-exec "$KT/deep" d 8300 "$X" -c "$RUN")"

rm -f "$M"
expect_status "the same program outside these directories" 0 "$(run_status "$OUT/x" -c "$RUN")"
[ -e "$M" ] || fail "the program outside did not run"

tpl -j events > "$WORK/ev" 2>"$WORK/ev.err" || fail "events: $(cat "$WORK/ev.err")"
python3 - "$WORK/ev" "$kills" "$name" <<'PY' || fail "events"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in open(sys.argv[1]) if l.strip()]
kills = [e for e in evs if e["action"] == "KPROBE_ACTION_SIGKILL"]
assert len(kills) == int(sys.argv[2]), "%d records, %s kills" % (len(kills), sys.argv[2])
bins = [e["process"].get("binary", "") for e in kills]
assert any(b.startswith("/memfd:tpc-attack") and b.endswith(" (deleted)") for b in bins), bins
assert any(b.endswith("/gone (deleted)") for b in bins), bins
assert all(e["policy_name"] == sys.argv[3] and e["subsys"] == "sched" for e in kills)
PY
echo "ok: $kills ways to exec from /tmp, /dev/shm, /var/tmp or memory: all killed before running"
