#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# An exec flood does not crowd policy events out (docs/events.md "Buffering
# without a reader"): the core posts process_exec/process_exit into its own
# ring (tp_proc_events), so a fork/exec loop that fills it costs a policy's
# audit records nothing. With small rings (tp_events 64K, tp_proc_events 16K)
# and nobody reading, a shell execs /bin/true in a loop until the core counts
# dropped process records; meanwhile tp-flooder's 40 getppid(2) are posted
# by ktest-flood (Post, tp_events): all 40 kept, the policy's dropped is 0.
# `tpload events` then prints both rings merged by time. Policy:
# tests/kernel/policies/flood.yaml.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
pol_setup
cp "$ATT" "$KT/bin/tp-flooder" || fail cp
TPL_PROCESS_EVENTS=1
out=$(tpl load "$OBJ_DIR/pol_flood.bpf.o" --events-ring-size 64K --process-ring-size 16K 2>&1) ||
	fail "load: $out"

# core_get EXPR / sel_get EXPR: a value from tpload -j stats (python on c / s)
core_get() {
	tpl -j stats | python3 -c "import json, sys; c = json.load(sys.stdin)['core']['counters']; print($1)"
}
sel_get() {
	tpl -j stats ktest-flood |
		python3 -c "import json, sys; s = json.load(sys.stdin)['policies'][0]['hooks'][0]['selectors'][0]; print($1)"
}

bash -c 'while :; do /bin/true; done' </dev/null >/dev/null 2>&1 &
xpid=$!
on_exit "kill -9 $xpid 2>/dev/null"
for _ in $(seq 300); do
	[ "$(core_get "c['proc_dropped']")" -gt 0 ] && break
	sleep 0.1
done
[ "$(core_get "c['proc_dropped']")" -gt 0 ] || fail "the exec flood did not fill the process ring: $(tpl stats)"
"$KT/bin/tp-flooder" flood 40 </dev/null >/dev/null 2>&1 || fail "tp-flooder failed"
sleep 0.2
kill -9 $xpid
wait $xpid 2>/dev/null

[ "$(sel_get "s['posted']")" = 40 ] || fail "posted: $(tpl stats ktest-flood)"
[ "$(sel_get "s['dropped']")" = 0 ] ||
	fail "policy records dropped during an exec flood: $(tpl stats ktest-flood)"
tpl -j events > "$WORK/ev" 2> "$WORK/ev.err" || fail "events: $(cat "$WORK/ev.err")"
check_tetragon_json "$(cat "$WORK/ev")"
python3 - "$WORK/ev" <<'PY' || fail "events (in $WORK/ev)"
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
pol = [e for e in evs if "process_tracepoint" in e]
proc = [e for e in evs if "process_exec" in e or "process_exit" in e]
assert len(pol) == 40, "%d policy records of 40" % len(pol)
assert all(e["process_tracepoint"]["process"]["binary"].endswith("/tp-flooder") for e in pol)
assert proc, "no process records at all"
# merged by time: where a line of one ring follows a line of the other, time
# does not go back (each ring keeps its own order)
for a, b in zip(evs, evs[1:]):
    if ("process_tracepoint" in a) != ("process_tracepoint" in b):
        assert a["time"] <= b["time"], (a["time"], b["time"])
PY
echo "ok: 40 of 40 policy records kept during an exec flood (process ring full, policy dropped 0); both rings merged by time"
