#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The core's task iterator seeds tp_procs for processes that existed before
# the core was loaded: a tp-victim started first (waiting on a fifo) is
# matched and SIGKILLed once it opens /etc/tpc-test* after the load; its
# entry is flagged procFS and holds its absolute executable path.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup

[ -e "$TP_ROOT" ] && fail "$TP_ROOT exists before the test"
victim=$(mk_bin tp-victim)
mkfifo "$WORK/go" || fail "mkfifo"
"$victim" -c "read -r _ < '$WORK/go'; exec 3< /etc/tpc-test-seed" </dev/null >/dev/null 2>&1 &
vpid=$!
on_exit "kill -9 $vpid"
sleep 0.2
kill -0 $vpid 2>/dev/null || fail "victim did not start"

out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
echo "$out" | grep -q "core loaded" || fail "the core was not loaded by this run: $out"

entry=$(procs_get $vpid) || fail "pid $vpid (started before the core) not in tp_procs"
python3 - "$entry" "$victim" <<'PY' || fail "bad seeded entry: $entry"
import json, sys
v = json.loads(sys.argv[1])["formatted"]["value"]
path = v["path"] if isinstance(v["path"], str) else bytes(v["path"]).decode()
assert v["flags"] & 0x2, "no TP_PROC_PROCFS flag"
assert path == sys.argv[2], "path %r != %r" % (path, sys.argv[2])
assert v["path_len"] == len(sys.argv[2])
PY

# A seeded entry made stale (tpload's whole-entry write of the args racing
# an exec, simulated: another exec_id, another path) is replaced when the
# task iterator runs again (core_seed()'s second pass; here via the repair
# that re-attaches a missing core link).
stale=$(python3 - "$entry" <<'PY'
import json, struct, sys
v = bytearray(int(b, 16) for b in json.loads(sys.argv[1])["value"])
exec_id = struct.unpack_from("<Q", v, 24)[0]
struct.pack_into("<Q", v, 24, exec_id + 7)
path = b"/usr/bin/true"
struct.pack_into("<I", v, 20, len(path))
off = 152	# offsetof(struct tp_proc, path): fixed (fields are only appended)
v[off:off + 512] = path + bytes(512 - len(path))
print(" ".join("0x%02x" % b for b in v))
PY
) || fail "cannot build a stale entry"
key=$(printf '%08x' "$vpid" | sed -E 's/(..)(..)(..)(..)/0x\4 0x\3 0x\2 0x\1/')
# shellcheck disable=SC2086
bpftool map update pinned "$TP_ROOT/core/maps/tp_procs" key $key value $stale ||
	fail "cannot write the stale entry"
procs_get $vpid | grep -q '"/usr/bin/true"' || fail "stale entry not written: $(procs_get $vpid)"
rm -f "$TP_ROOT/core/links/exec" || fail "cannot remove the core's exec link"
out=$(tpl list 2>&1) || fail "list (repair): exit $?: $out"
entry=$(procs_get $vpid) || fail "pid $vpid gone from tp_procs after the repair"
python3 - "$entry" "$victim" <<'PY' || fail "stale seeded entry kept: $entry"
import json, sys
v = json.loads(sys.argv[1])["formatted"]["value"]
path = v["path"] if isinstance(v["path"], str) else bytes(v["path"]).decode()
assert path == sys.argv[2], "path %r != %r" % (path, sys.argv[2])
PY
[ -e "$TP_ROOT/core/links/exec" ] || fail "the repair did not re-attach the exec link"

echo go > "$WORK/go"
proc_wait_exit $vpid 10 || fail "victim still alive"
expect_status "pre-existing tp-victim" 137 "$PROC_STATUS"
echo "ok: process older than the core seeded and matched"
