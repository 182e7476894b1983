#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A non-syscall tracepoint read through CO-RE (signal/signal_generate): an
# event is posted when tp-victim sends SIGWINCH to itself, with the signal
# and target pid as args; other signals and binaries post nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
pol_setup
pol_load fields
"$KT/bin/tp-other" -c 'kill -WINCH $$' </dev/null >/dev/null 2>&1
"$KT/bin/tp-victim" -c 'kill -USR2 $$; true' </dev/null >/dev/null 2>&1
"$KT/bin/tp-victim" -c 'echo $$ > '"$KT"'/pid; kill -WINCH $$' </dev/null >/dev/null 2>&1
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$(cat "$KT/pid")" "$KT" <<'PY' || fail "events: $ev"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
assert len(evs) == 1, f"want 1 event, got {len(evs)}: {evs}"
e = evs[0]
assert e["subsys"] == "signal" and e["event"] == "signal_generate", e
assert e["args"][0] == {"int_arg": 28}, e["args"]
assert e["args"][1] == {"int_arg": int(sys.argv[2])}, e["args"]
assert e["process"]["binary"] == sys.argv[3] + "/bin/tp-victim"
PY
echo "ok: CO-RE tracepoint fields"
