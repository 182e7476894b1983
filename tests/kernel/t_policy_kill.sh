#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A tpc-compiled policy (tests/kernel/policies/kill.yaml, built once on the
# host) enforces with no agent: tp-victim opening /tmp/tpc-ktest/secret* is
# SIGKILLed (exit 137) after tpload exited, also when it started before the
# load; another binary, another path are not; the Post event is Tetragon
# JSON; after unload the victim survives and bpffs holds nothing of it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
pol_setup

# started before the load: the core's iterator/exec tracking knows its binary.
# It opens when told to, after the load and the other opens (a fixed sleep
# lost that race under TCG on a loaded machine: the open came first, exit 1).
rm -f "$KT/early-go"
"$KT/bin/tp-victim" -c "n=0; while [ ! -e $KT/early-go ] && [ \$n -lt 600 ]; do sleep 0.05; n=\$((n + 1)); done; exec 3< $KT/secret-early" \
	</dev/null >/dev/null 2>&1 &
early=$!

pol_load kill
no_tpload_running
[ -d "$TP_ROOT/ktest-kill/links" ] || fail "no links pinned: $(ls -R "$TP_ROOT")"

expect_status "victim opens secret" 137 "$(run_status "$KT/bin/tp-victim" -c "exec 3< $KT/secret-1")"
expect_status "other binary opens secret" 1 "$(run_status "$KT/bin/tp-other" -c "exec 3< $KT/secret-1")"
echo data > "$KT/public"
expect_status "victim opens another path" 0 "$(run_status "$KT/bin/tp-victim" -c "exec 3< $KT/public")"
touch "$KT/early-go"
s=0; wait "$early" || s=$?
expect_status "victim started before the load" 137 "$s"

ev=$(tpl -j events) || fail "tpload events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" <<'PY' || fail "events: $ev"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
kt = sys.argv[2]
assert len(evs) == 2, f"want 2 events (secret-1, secret-early), got {len(evs)}"
paths = sorted(e["args"][0]["string_arg"] for e in evs)
assert paths == [f"{kt}/secret-1", f"{kt}/secret-early"], paths
for e in evs:
    assert e["process"]["binary"] == f"{kt}/bin/tp-victim", e["process"]
    assert e["policy_name"] == "ktest-kill" and e["action"] == "KPROBE_ACTION_SIGKILL"
    assert e["subsys"] == "syscalls" and e["event"] == "sys_enter_openat"
    assert e["message"] == "ktest: secret opened" and e["tags"] == ["ktest"]
    assert e["args"][0].get("label") in (None, "filename")
    assert "int_arg" in e["args"][1]
PY

# unload returns once the links are detached (runtime/pin_remove.h): since
# Linux 6.5 the put of a link's last pin only queues its release
link_ids=$(for l in "$TP_ROOT"/ktest-kill/links/*; do
	bpftool -j link show pinned "$l" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
done)
[ -n "$link_ids" ] || fail "no link ids of ktest-kill"
tpl unload ktest-kill >/dev/null || fail "unload"
for id in $link_ids; do
	bpftool link show id "$id" >/dev/null 2>&1 && fail "link $id still exists when unload returned"
done
[ -e "$TP_ROOT/ktest-kill" ] && fail "pins left after unload: $(pins_of ktest-kill)"
expect_status "victim after unload" 1 "$(run_status "$KT/bin/tp-victim" -c "exec 3< $KT/secret-1")"
echo "ok: compiled policy kills the victim only, without an agent, until unloaded"
