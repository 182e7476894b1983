#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# An observability flood does not cost enforcement: tp-flooder's getppid(2)
# records fill the tp_events ring (nobody reads it) and are dropped and
# counted; meanwhile 21 victims are killed, and all 21 SIGKILL records are
# in the tp_enforce ring; tpload list/stats show the drops, tpload events
# warns about them. Policy: tests/kernel/policies/flood.yaml.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
pol_setup
cp "$ATT" "$KT/bin/tp-flooder" || fail cp
pol_load flood

# stats_get EXPR: a value from tpload -j stats (python expression on d)
stats_get() {
	tpl -j stats ktest-flood | python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

"$KT/bin/tp-flooder" flood 1000000000 </dev/null >/dev/null 2>&1 &
fpid=$!
on_exit "kill -9 $fpid"
for _ in $(seq 300); do
	[ "$(stats_get "d['policies'][0]['hooks'][0]['selectors'][0]['dropped']")" -gt 0 ] && break
	sleep 0.1
done
[ "$(stats_get "d['policies'][0]['hooks'][0]['selectors'][0]['dropped']")" -gt 0 ] ||
	fail "the flood did not fill the ring: $(tpl stats ktest-flood)"
for i in $(seq 21); do
	expect_status "victim $i during the flood" 137 "$(run_status "$KT/bin/tp-victim" -c "kill -0 900100")"
done
kill -9 $fpid
wait $fpid 2>/dev/null

python3 - "$(tpl -j stats ktest-flood)" <<'PY' || fail "stats: $(tpl stats ktest-flood)"
import json, sys
d = json.loads(sys.argv[1])["policies"][0]
flood, kill = d["hooks"][0]["selectors"][0], d["hooks"][1]["selectors"][0]
assert flood["dropped"] > 0 and flood["posted"] > 0, flood
assert kill["matched"] == 21 and kill["signaled"] == 21, kill
assert kill["posted"] == 21 and kill["dropped"] == 0, kill
assert d["total"]["dropped"] == flood["dropped"], d["total"]
PY
tpl list | grep -q "warning: [0-9]* records dropped" || fail "tpload list shows no drops: $(tpl list)"
tpl -j events > "$WORK/ev" 2> "$WORK/ev.err" || fail "events: $(cat "$WORK/ev.err")"
grep -q "records were dropped before this read" "$WORK/ev.err" ||
	fail "tpload events did not warn about drops: $(cat "$WORK/ev.err")"
python3 - "$WORK/ev" <<'PY' || fail "events"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in open(sys.argv[1]) if l.strip()]
kills = [e for e in evs if e["action"] == "KPROBE_ACTION_SIGKILL"]
assert len(kills) == 21, "%d SIGKILL records of 21" % len(kills)
assert all(e["process"]["binary"].endswith("/tp-victim") for e in kills)
assert len(evs) > 21, "no flood records at all"
PY
echo "ok: 21 of 21 SIGKILL records kept during a flood; drops counted and reported"
