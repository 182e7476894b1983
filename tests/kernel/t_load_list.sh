#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload list (--json is valid JSON with the documented fields), the pinned
# meta (digest = sha256 of the object file), a second policy from the same
# object under --name, and load --replace: new id, still enforcing, no
# leftovers, the old links gone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
out=$(tpl load "$TP_OBJ" --name second.policy 2>&1) || fail "load --name: exit $?: $out"
[ -d "$TP_ROOT/second_policy" ] || fail "dotted name not mapped to second_policy: $(ls "$TP_ROOT")"

tpl list --json | python3 -m json.tool >/dev/null || fail "list --json is not JSON"
tpl -p list | python3 -m json.tool >/dev/null || fail "-p list is not JSON"
j=$(tpl -j list)
python3 - "$j" "$(sha256sum "$TP_OBJ" | cut -d' ' -f1)" <<'PY' || fail "list: $j"
import json, sys
d, digest = json.loads(sys.argv[1]), sys.argv[2]
assert d["ok"] and d["core"]["loaded"] and d["core"]["procs"] > 0
assert sorted(l["name"] for l in d["core"]["links"]) == ["exec", "exit", "fork"]
assert sorted(d["core"]["maps"]) == ["tp_core_stats", "tp_enforce", "tp_events", "tp_policies", "tp_proc_events", "tp_procs", "tp_procs_gone"]
pol = {p["name"]: p for p in d["policies"]}
assert set(pol) == {"tp-victim-test", "second.policy"}, pol.keys()
assert pol["second.policy"]["dir"] == "second_policy"
p = pol["tp-victim-test"]
assert p["digest"] == "sha256:" + digest, p["digest"]
assert p["id"] >= 1 and p["id"] != pol["second.policy"]["id"]
assert p["source"] == "tests/kernel/progs/tp_victim.bpf.c"
assert p["hooks"] == [{"id": 0, "type": "tracepoint", "target": "syscalls/sys_enter_openat",
                       "prog": "tp0_sys_enter_openat", "location": "tp-victim.yaml:7:5"}]
assert [l["name"] for l in p["links"]] == ["tp0_sys_enter_openat"]
assert p["links"][0]["prog_id"] > 0
assert any(m.endswith("_rodata") for m in p["maps"]), p["maps"]
PY
tpl list | grep -q "^policy tp-victim-test" || fail "text list"

# the meta map holds the .tpc.meta text plus tpload's lines
id1=$(echo "$j" | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["policies"] if p["name"] == "tp-victim-test"][0])')
old_prog=$(bpftool -j link show pinned "$TP_ROOT/tp-victim-test/links/tp0_sys_enter_openat" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["prog_id"])')

out=$(tpl load --replace "$TP_OBJ" 2>&1) || fail "load --replace: exit $?: $out"
j=$(tpl -j list)
id2=$(echo "$j" | python3 -c 'import json,sys; print([p["id"] for p in json.load(sys.stdin)["policies"] if p["name"] == "tp-victim-test"][0])')
[ "$id1" != "$id2" ] || fail "replace kept id $id1"
new_prog=$(bpftool -j link show pinned "$TP_ROOT/tp-victim-test/links/tp0_sys_enter_openat" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["prog_id"])')
[ "$old_prog" != "$new_prog" ] || fail "replace kept the old program"
bpftool prog show id "$old_prog" >/dev/null 2>&1 && fail "old program $old_prog still loaded"
ls -a "$TP_ROOT" | grep -q '^_' && fail "leftovers after replace: $(ls -a "$TP_ROOT")"
victim=$(mk_bin tp-victim)
# both policies match: either kills
expect_status "after replace" 137 "$(opens "$victim" /etc/tpc-test-replace)"
tpl unload second.policy >/dev/null || fail "unload second.policy"
[ -e "$TP_ROOT/second_policy" ] && fail "second_policy left"
expect_status "after replace, one policy" 137 "$(opens "$victim" /etc/tpc-test-replace)"
# unload --all takes dotted names too, then the core
out=$(tpl load "$TP_OBJ" --name second.policy 2>&1) || fail "load --name: exit $?: $out"
tpl unload --all >/dev/null || fail "unload --all"
[ -e "$TP_ROOT" ] && fail "left after unload --all: $(ls -R "$TP_ROOT")"
echo "ok: list, meta, --name, --replace"
