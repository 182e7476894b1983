#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# policies/examples/audit-sigkill.yaml does what its comment says: every
# SIGKILL and SIGSTOP is recorded whatever sends it (kill(2) to a pid and
# to a process group, tgkill(2), pidfd_send_signal(2)), with the sender,
# the target and the result; SIGTERM is not. Post only, so the example
# itself is loaded on the host too (other processes' signals are ignored).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
obj=$OBJ_DIR/ex_audit-sigkill.bpf.o
[ -f "$obj" ] || fail "$obj missing (make kernel-test-objs)"
pol_setup
A=$KT/bin/tp-attack
cp "$ATT" "$A" || fail cp
out=$(tpl load "$obj" 2>&1) || fail "load $obj: $out"

# target: a sleeping process; prints its pid
target() {
	sleep 60 </dev/null >/dev/null 2>&1 &
	echo $!
}
t1=$(target); kill -STOP "$t1"; kill -KILL "$t1"; wait "$t1" 2>/dev/null
t2=$(target); "$A" tgkill "$t2" 9 || fail tgkill; wait "$t2" 2>/dev/null
t3=$(target); "$A" pidfd-kill "$t3" 9 || fail pidfd-kill; wait "$t3" 2>/dev/null
t4=$(target); kill -TERM "$t4"; wait "$t4" 2>/dev/null
# a process group of two: kill -9 -PGID reaches both
( setsid sh -c 'sleep 60 & sleep 60 & echo $$ > '"$WORK/pg"'; wait' </dev/null >/dev/null 2>&1 & )
for _ in $(seq 50); do [ -s "$WORK/pg" ] && break; sleep 0.1; done
pg=$(cat "$WORK/pg")
kids=$(ps -o pid= --ppid "$pg" 2>/dev/null || pgrep -P "$pg")
"$A" kill "-$pg" 9 || fail "kill -9 -$pg"
sleep 0.3

tpl -j events > "$WORK/ev" 2>"$WORK/ev.err" || fail "events: $(cat "$WORK/ev.err")"
python3 - "$WORK/ev" "$t1" "$t2" "$t3" "$t4" "$pg" $kids <<'PY' || fail "events: $(cat "$WORK/ev")"
import json, sys
t1, t2, t3, t4, pg = map(int, sys.argv[2:7])
kids = list(map(int, sys.argv[7:]))
evs = [json.loads(l)["process_tracepoint"] for l in open(sys.argv[1]) if l.strip()]
got = {}
for e in evs:
    a = [int(x.get("int_arg", 0)) for x in e["args"]]
    got.setdefault(a[1], []).append((a[0], e["process"].get("binary", "")))
def has(pid, sig, sender=None):
    r = [s for s, b in got.get(pid, []) if s == sig and (sender is None or b.endswith(sender))]
    assert r, "no record of signal %d to %d (from %s): %r" % (sig, pid, sender, got.get(pid))
has(t1, 19); has(t1, 9)
has(t2, 9, "/tp-attack"); has(t3, 9, "/tp-attack")
assert t4 not in got, "SIGTERM recorded: %r" % got[t4]
for p in [pg] + kids:
    has(p, 9, "/tp-attack")
PY
echo "ok: SIGKILL/SIGSTOP by kill, tgkill, pidfd_send_signal and to a process group recorded; SIGTERM not"
