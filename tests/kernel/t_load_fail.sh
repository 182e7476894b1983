#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# All or nothing. With a policy already loaded:
#  - an object whose second program's tracepoint does not exist fails at
#    attach (exit 3), leaves nothing pinned and no registry slot taken;
#  - an object the verifier rejects fails (exit 1) naming the program, its
#    YAML location and the verifier log tail (text and --json);
#  - loading the same policy twice is refused (exit 1);
#  - an object without .tpc.meta needs --name (exit 1; loads with it), bad
#    usage exits 2;
# the earlier policy keeps enforcing throughout. A failing first load in an
# empty root also removes the core it brought.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
BAD=$OBJ_DIR/tp_badattach.bpf.o
REJ=$OBJ_DIR/tp_reject.bpf.o
[ -f "$BAD" ] && [ -f "$REJ" ] || fail "test objects missing (make kernel-test-objs)"

# empty root: the failed run takes its core away again
s=0; out=$(tpl load "$BAD" 2>&1) || s=$?
expect_status "load of $BAD into an empty root" 3 "$s"
[ -e "$TP_ROOT/core" ] && fail "core left behind by a failed first load: $(ls -R "$TP_ROOT")"

out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
before=$(ls -R "$TP_ROOT")
victim=$(mk_bin tp-victim)

s=0; out=$(tpl load "$BAD" 2>&1) || s=$?
expect_status "load of $BAD" 3 "$s"
echo "$out" | grep -q "tp1_no_such_call" || fail "no program name in: $out"
echo "$out" | grep -q "bad.yaml:9:5" || fail "no YAML location in: $out"
echo "$out" | grep -q "does not exist" || fail "no missing-hook diagnosis in: $out"
[ "$(ls -R "$TP_ROOT")" = "$before" ] || fail "pins changed by a failed load: $(ls -R "$TP_ROOT")"
bpftool link show pinned "$TP_ROOT/$TP_POLICY/links/tp0_sys_enter_openat" >/dev/null ||
	fail "earlier policy's link gone"
# the failed load's programs are released (freeing is RCU-deferred: retry)
for _ in $(seq 50); do bpftool prog show | grep -q tp1_no_such_cal || break; sleep 0.1; done
bpftool prog show | grep -q tp1_no_such_cal && fail "a program of the failed load is still loaded"
expect_status "earlier policy still kills" 137 "$(opens "$victim" /etc/tpc-test-fail1)"

s=0; out=$(tpl load "$REJ" 2>&1) || s=$?
expect_status "load of $REJ" 1 "$s"
for want in "tp0_sys_enter_openat" "reject.yaml:12:7" "verifier log" "invalid mem access"; do
	echo "$out" | grep -q "$want" || fail "'$want' missing in: $out"
done
[ "$(ls -R "$TP_ROOT")" = "$before" ] || fail "pins changed by a rejected load"
s=0; out=$(tpl -j load "$REJ" 2>/dev/null) || s=$?
expect_status "load -j of $REJ" 1 "$s"
python3 - "$out" <<'PY' || fail "bad JSON for a rejection: $out"
import json, sys
d = json.loads(sys.argv[1])
assert d["ok"] is False
r = d["rejected"]
assert r["program"] == "tp0_sys_enter_openat" and r["location"] == "reject.yaml:12:7"
assert any("invalid mem access" in l for l in r["verifier_log"])
assert 0 < len(r["verifier_log"]) <= 30
PY

s=0; out=$(tpl load "$TP_OBJ" 2>&1) || s=$?
expect_status "second load of the same policy" 1 "$s"
echo "$out" | grep -q "already loaded" || fail "no 'already loaded' in: $out"

NOMETA=$OBJ_DIR/tp_nometa.bpf.o
[ -f "$NOMETA" ] || fail "$NOMETA missing (make kernel-test-objs)"
s=0; tpl load "$NOMETA" >/dev/null 2>&1 || s=$?
expect_status "object without .tpc.meta and no --name" 1 "$s"
out=$(tpl load "$NOMETA" --name counter 2>&1) || fail "load without meta, with --name: $out"
[ -e "$TP_ROOT/counter/links/count_openat" ] && [ -e "$TP_ROOT/counter/maps/opens" ] ||
	fail "pins of counter: $(ls -R "$TP_ROOT/counter")"
tpl unload counter >/dev/null || fail "unload counter"
s=0; tpl load >/dev/null 2>&1 || s=$?
expect_status "load without OBJ" 2 "$s"
s=0; tpl frobnicate >/dev/null 2>&1 || s=$?
expect_status "unknown command" 2 "$s"
s=0; tpl load "$WORK/does-not-exist.o" >/dev/null 2>&1 || s=$?
[ "$s" = 0 ] && fail "loading a missing file succeeded"

# the registry is clean: exactly one slot used (the earlier policy)
n=$(bpftool -j map dump pinned "$TP_ROOT/core/maps/tp_policies" |
	python3 -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["formatted"]["key"] and e["formatted"]["value"]["used"]))')
[ "$n" = 1 ] || fail "$n registry slots used, want 1"
expect_status "earlier policy still kills at the end" 137 "$(opens "$victim" /etc/tpc-test-fail2)"
ls -a "$TP_ROOT" | grep -q '^_' && fail "staging leftovers: $(ls -a "$TP_ROOT")"
echo "ok: failed loads leave nothing behind"
