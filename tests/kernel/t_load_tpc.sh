#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpc -> tpload end to end: a TracingPolicy (tracepoint, matchArgs Prefix,
# matchBinaries In, Sigkill) compiled by tpc loads with tpload, kills the
# named binary only, reports a Tetragon JSON event, and unloads cleanly.
# Skips where tpc is not available (VM guests run prebuilt objects only).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
[ -x "$TPC" ] || skip "tpc not available: $TPC"
tp_setup

victim=$(mk_bin tp-victim)
other=$(mk_bin tp-other)
cat > "$WORK/victim.yaml" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: tpc-e2e.test
spec:
  tracepoints:
  - subsystem: syscalls
    event: sys_enter_openat
    message: "e2e: test file opened"
    tags: ["e2e"]
    args:
    - index: 6
      type: string
    - index: 7
      type: int
    selectors:
    - matchArgs:
      - index: 6
        operator: Prefix
        values:
        - "/etc/tpc-test"
      matchBinaries:
      - operator: In
        values:
        - $victim
      matchActions:
      - action: Sigkill
YAML
out=$("$TPC" compile -o "$WORK/" "$WORK/victim.yaml" 2>&1) || fail "tpc compile: exit $?: $out"
obj=$(ls "$WORK"/*.bpf.o 2>/dev/null | head -n1)
[ -f "$obj" ] || fail "tpc produced no object in $WORK: $(ls "$WORK")"
out=$(tpl load "$obj" 2>&1) || fail "tpload load $obj: exit $?: $out"
[ -d "$TP_ROOT/tpc-e2e_test/links" ] || fail "pins: $(ls -R "$TP_ROOT")"

expect_status "tp-victim" 137 "$(opens "$victim" /etc/tpc-test-e2e)"
expect_status "tp-other" 1 "$(opens "$other" /etc/tpc-test-e2e)"
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$victim" <<'PY' || fail "event: $ev"
import json, sys
lines = [json.loads(l) for l in sys.argv[1].splitlines()]
assert len(lines) == 1, lines
t = lines[0]["process_tracepoint"]
assert t["process"]["binary"] == sys.argv[2]
assert t["policy_name"] == "tpc-e2e.test" and t["action"] == "KPROBE_ACTION_SIGKILL"
assert t["event"] == "sys_enter_openat" and t["args"][0] == {"string_arg": "/etc/tpc-test-e2e"}
assert t["message"] == "e2e: test file opened" and t["tags"] == ["e2e"]
PY
tpl -j list | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert [p["name"] for p in d["policies"]] == ["tpc-e2e.test"], d
assert d["policies"][0]["hooks"][0]["location"].endswith("victim.yaml:7:5"), d["policies"][0]["hooks"]
' || fail "list"
tpl unload tpc-e2e.test >/dev/null || fail "unload"
[ -e "$TP_ROOT/tpc-e2e_test" ] && fail "pins left"
expect_status "tp-victim after unload" 1 "$(opens "$victim" /etc/tpc-test-e2e)"
echo "ok: tpc -> tpload end to end"
