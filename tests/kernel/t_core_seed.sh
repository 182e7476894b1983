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

echo go > "$WORK/go"
proc_wait_exit $vpid 10 || fail "victim still alive"
expect_status "pre-existing tp-victim" 137 "$PROC_STATUS"
echo "ok: process older than the core seeded and matched"
