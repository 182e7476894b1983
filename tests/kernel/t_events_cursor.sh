#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Buffering without a reader and a reader's cursor (docs/events.md):
# - the ring sizes are chosen when the core is created (tpload load
#   --events-ring-size/--enforce-ring-size), a second policy adopts them,
#   tpload list shows them; records made while no reader runs are kept and
#   a reader started later gets every one of them; more than the ring holds
#   are dropped and counted;
# - a reader with --output/--cursor SIGKILLed again and again while a flood
#   runs, then restarted with the same cursor, writes every record that
#   entered the ring exactly once (lines = the policy's posted counter, no
#   record twice);
# - a torn last line (a writer killed mid-line) is cut when the file is
#   opened again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
pol_setup
cp "$ATT" "$KT/bin/tp-flooder" || fail cp
V=$KT/bin/tp-victim
F=$KT/bin/tp-flooder
ALL=$WORK/all.jsonl

# stats_get EXPR: a value from tpload -j stats ktest-flood (python on d)
stats_get() {
	tpl -j stats ktest-flood | python3 -c "import json, sys; d = json.load(sys.stdin)['policies'][0]; print($1)"
}

# 1. ring sizes at core creation; a late reader gets what was buffered
s=0; tpl load --events-ring-size 3000 "$OBJ_DIR/pol_flood.bpf.o" >/dev/null 2>&1 || s=$?
[ "$s" = 2 ] || fail "--events-ring-size 3000 (not a power of two): exit $s, want 2"
out=$(tpl load --events-ring-size 64K --enforce-ring-size 16K "$OBJ_DIR/pol_flood.bpf.o" 2>&1) ||
	fail "load with ring sizes: $out"
out=$(tpl load "$TP_OBJ" 2>&1) || fail "a second policy on the sized rings: $out"
[ "$(tpl -j list | python3 -c 'import json, sys; print(json.load(sys.stdin)["core"]["rings"])')" = \
	"{'tp_enforce': 16384, 'tp_events': 65536, 'tp_proc_events': 1048576}" ] || fail "ring sizes: $(tpl list)"
"$F" flood 20 || fail flooder
expect_status "open" 137 "$(opens "$V" /etc/tpc-test-late)"
sleep 1		# nobody reads meanwhile
got=$(tpl -j events) || fail "late reader: exit $?"
printf '%s\n' "$got" >> "$ALL"
[ "$(grep -c '"event":"sys_enter_getppid"' <<< "$got")" = 20 ] || fail "late reader: want 20 flood records: $got"
[ "$(grep -c '"policy_name":"tp-victim-test"' <<< "$got")" = 1 ] || fail "late reader: no kill record: $got"
"$F" flood 1000 || fail flooder
[ "$(stats_get "d['total']['dropped']")" -gt 0 ] || fail "1000 records fit a 64K ring: $(tpl stats)"
tpl events >/dev/null 2>&1
tpl unload --all >/dev/null || fail "unload --all"

# 2. a reader SIGKILLed at random points: no loss, no repeat
pol_load flood
O=$WORK/out/ev.log
C=$WORK/out/cursor
mkdir -p "$WORK/out"
reader() {
	exec "$TPLOAD" --root "$TP_ROOT" events "$@" --output "$O" --cursor "$C" \
		--output-max-size 1M --output-max-files 100
}
for k in 1 2 3 4; do
	(reader --follow --timeout 60 2>>"$WORK/reader.err") &
	rpid=$!
	on_exit "kill -9 $rpid"
	"$F" flood 4000 || fail flooder
	sleep 0.$((k * 2))
	kill -9 $rpid
	wait $rpid 2>/dev/null
done
(reader 2>>"$WORK/reader.err") || fail "last reader: $(cat "$WORK/reader.err")"
(reader 2>>"$WORK/reader.err") || fail "an idle reader: $(cat "$WORK/reader.err")"

# 2b. deterministic kill points (strace injects SIGKILL on entry to the
# K-th call, as t_load_txn_kill does): after the lines are written but not
# synced (fdatasync 1), after they are synced but before the cursor is
# replaced (rename 2; rename 1 is the cursor stored at start), after the
# cursor is stored but before the ring position is committed (fsync 4: the
# directory after rename 2). Each time the restarted reader must write the
# records exactly once.
if command -v strace >/dev/null; then
	for at in fdatasync:when=1 rename:when=2 fsync:when=4; do
		"$F" flood 7 || fail flooder
		s=0
		strace -f -o /dev/null -e trace="${at%%:*}" -e inject="$at:signal=SIGKILL" \
			"$TPLOAD" --root "$TP_ROOT" events --output "$O" --cursor "$C" \
			--output-max-size 1M --output-max-files 100 2>>"$WORK/reader.err" || s=$?
		[ "$s" != 0 ] || fail "strace $at: the reader was not killed"
		(reader 2>>"$WORK/reader.err") || fail "after a kill at $at: $(cat "$WORK/reader.err")"
	done
	kills=3
else
	kills=0
	echo "note: strace not installed: no deterministic kill points"
fi

posted=$(stats_get "d['total']['posted']")
python3 - "$WORK/out" "$posted" <<'PY' >> "$ALL" || fail "cursor: $(cat "$WORK/reader.err")"
import json, os, sys
d, posted = sys.argv[1], int(sys.argv[2])
names = sorted((n for n in os.listdir(d) if n.startswith("ev.log")),
               key=lambda n: -int(n.rsplit(".", 1)[1]) if n != "ev.log" else 1)
seen, n = set(), 0
for name in names:
    b = open(os.path.join(d, name), "rb").read()
    assert not b or b.endswith(b"\n"), name
    for l in b.decode().splitlines():
        e = json.loads(l)
        k = (e["time"], e["process_tracepoint"]["process"]["pid"])
        assert k not in seen, "record written twice: %s" % l[:200]
        seen.add(k)
        n += 1
        if n % 500 == 1:
            print(l)
assert n == posted, "%d lines, %d records posted" % (n, posted)
print("%d records, none lost, none repeated" % n, file=sys.stderr)
PY
# the first two exact kills left lines the cursor does not cover: cut, written again
[ "$kills" = 0 ] || [ "$(grep -c "written after the cursor was stored" "$WORK/reader.err")" -ge 2 ] ||
	fail "no cut after the kills: $(cat "$WORK/reader.err")"

# 3. a torn last line is cut when the file is opened again
printf '{"process_tracepoint":{"pro' >> "$WORK/torn.log"
"$F" flood 2 || fail flooder
tpl events --output "$WORK/torn.log" 2>"$WORK/torn.err" || fail "torn: $(cat "$WORK/torn.err")"
grep -q "cut a torn last line (27 bytes)" "$WORK/torn.err" || fail "no note of the cut: $(cat "$WORK/torn.err")"
[ "$(grep -c . "$WORK/torn.log")" = 2 ] || fail "torn: $(cat "$WORK/torn.log")"
cat "$WORK/torn.log" >> "$ALL"
check_tetragon_json "$(cat "$ALL")"
echo "ok: ring sizes, late reader, $posted records through 4 randomly and $kills exactly SIGKILLed readers, torn line cut"
