#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchPIDs isNamespacePID [1]: pid 1 of a new pid namespace matches (an
# event: a namespace init ignores SIGKILL sent from inside it), the same
# binary in the host namespace does not; followForks extends the match to
# descendants of that pid 1 (killed), and only the followForks selector does.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
command -v unshare >/dev/null || skip "missing unshare"
unshare -pf true 2>/dev/null || skip "cannot create pid namespaces here"
pol_setup
pol_load pidns

# host namespace: tp-victim's ns pid is its host pid, never 1
expect_status "host ns, ns-a" 1 "$(run_status "$KT/bin/tp-victim" -c "exec 3< $KT/ns-a")"
# pid 1 of a new namespace: tp-victim itself is pid 1 -> one event
run_status unshare -pf "$KT/bin/tp-victim" -c "exec 3< $KT/ns-a" >/dev/null
# a child (ns pid 2) of ns pid 1: not matched without followForks (no event) ...
s=$(run_status unshare -pf "$KT/bin/tp-victim" -c "$KT/bin/tp-victim -c 'exec 3< $KT/ns-a'; exit \$?")
[ "$s" = 1 ] || fail "ns pid 2, ns-a (no followForks): exit $s, want 1"
# ... and matched through its ancestor with followForks: killed
s=$(run_status unshare -pf "$KT/bin/tp-victim" -c "$KT/bin/tp-victim -c 'exec 3< $KT/ns-b'; exit \$?")
[ "$s" = 137 ] || fail "ns pid 2, ns-b (followForks): exit $s, want 137"
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" <<'PY' || fail "events: $ev"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
got = [(e["args"][0]["string_arg"], e["action"]) for e in evs]
want = [(sys.argv[2] + "/ns-a", "KPROBE_ACTION_POST"), (sys.argv[2] + "/ns-b", "KPROBE_ACTION_SIGKILL")]
assert got == want, got
PY
echo "ok: isNamespacePID and followForks"
