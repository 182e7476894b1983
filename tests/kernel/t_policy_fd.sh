#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# fd arguments are matched by the open file's path (resolved in the kernel
# from the task's fd table): a write to fd-* kills tp-victim, a write to
# another file does not; the event has file_arg.path and .permission.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
pol_setup
pol_load fd
expect_status "write to fd-x" 137 "$(run_status "$KT/bin/tp-victim" -c "exec 3> $KT/fd-x; echo hi >&3")"
expect_status "write to other" 0 "$(run_status "$KT/bin/tp-victim" -c "exec 3> $KT/other; echo hi >&3")"
expect_status "other binary" 0 "$(run_status "$KT/bin/tp-other" -c "exec 3> $KT/fd-y; echo hi >&3")"
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" "$(stat -c %A "$KT/fd-x")" <<'PY' || fail "events: $ev"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
assert len(evs) == 1, evs
a = evs[0]["args"]
assert a[0] == {"file_arg": {"path": sys.argv[2] + "/fd-x", "permission": sys.argv[3]}}, a
assert a[1] == {"size_arg": "3"}, a
PY
echo "ok: fd matched and reported by path"
