#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The policy registry (core map tp_policies, 1,023 slots) is read in batches:
# stale slots spread over several batches (left by a crashed tpload) are all
# freed by the next load, a new policy gets the lowest free id, and a freed id
# is reused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup

REG=$TP_ROOT/core/maps/tp_policies

# load_id NAME: load $TP_OBJ as NAME, print its id
load_id() {
	local out
	out=$(tpl load "$TP_OBJ" --name "$1" 2>&1) || fail "load $1: exit $?: $out"
	echo "$out" | sed -n 's/.*(id \([0-9]*\)).*/\1/p'
}

# used_slots: ids of the used registry slots, space-separated
used_slots() {
	bpftool -j map dump pinned "$REG" | python3 -c '
import json, sys
ids = []
for e in json.load(sys.stdin):
    k, v = e["formatted"]["key"], e["formatted"]["value"]
    if k and v["used"]:	# slot 0 is the core slot (ABI, options)
        ids.append(str(k))
print(" ".join(ids))'
}

id=$(load_id reg-a)
[ "$id" = 1 ] || fail "first policy got id '$id', want 1"

# ghosts in slots 2..150: used, named after policies that do not exist
python3 - "$REG" > "$WORK/ghosts" <<'PY'
import sys
for k in range(2, 151):
    name = b"ghost-%d" % k
    val = (1).to_bytes(4, "little") + (1).to_bytes(4, "little") + name + bytes(256 - len(name))
    print("map update pinned %s key %s value %s" % (
        sys.argv[1], " ".join(str(b) for b in k.to_bytes(4, "little")),
        " ".join(str(b) for b in val)))
PY
out=$(bpftool batch file "$WORK/ghosts" 2>&1) || fail "writing ghost slots: $out"
[ "$(used_slots | wc -w)" = 150 ] || fail "ghost slots not written: $(used_slots)"

id=$(load_id reg-b)
[ "$id" = 2 ] || fail "policy after the ghosts got id '$id', want 2 (stale slots not freed?)"
[ "$(used_slots)" = "1 2" ] || fail "used slots after gc: '$(used_slots)', want '1 2'"

out=$(tpl unload reg-a 2>&1) || fail "unload reg-a: $out"
[ "$(used_slots)" = "2" ] || fail "used slots after unload: '$(used_slots)', want '2'"
id=$(load_id reg-c)
[ "$id" = 1 ] || fail "policy after unload got id '$id', want the freed id 1"

# list still names both, with their ids
tpl -j list | python3 -c '
import json, sys
d = json.load(sys.stdin)
ids = {p["name"]: p["id"] for p in d["policies"]}
assert ids == {"reg-b": 2, "reg-c": 1}, ids
' || fail "tpload list disagrees with the registry"
echo "ok: stale slots over several batches freed, lowest free id allocated and reused"
