#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload events --json: a Post from the policy object is printed as one
# Tetragon process_tracepoint JSON object per line, with the process
# (exec_id = base64 "<node>:<exec ktime>:<pid>", binary, flags, start_time),
# subsys/event from the meta hook, args (int_arg, string_arg), policy_name,
# action, message, tags, node_name and an RFC 3339 time. The ring is drained:
# a second read prints nothing. Text mode prints one line per event.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
victim=$(mk_bin tp-victim)

t0=$(date +%s)
"$victim" -c "echo \$\$ > '$WORK/pid'; exec 3< /etc/tpc-test-events" </dev/null >/dev/null 2>&1
[ $? = 137 ] || fail "victim not killed"
vpid=$(cat "$WORK/pid")
ev=$(tpl -j events) || fail "events: exit $?"
[ "$(echo "$ev" | wc -l)" = 1 ] || fail "want exactly one event line, got: $ev"
check_tetragon_json "$ev"
python3 - "$ev" "$vpid" "$victim" "$(hostname)" "$t0" <<'PY' || fail "unexpected event: $ev"
import base64, datetime, json, sys
ev, pid, victim, host, t0 = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
d = json.loads(ev)
assert set(d) == {"process_tracepoint", "node_name", "time"}, d.keys()
assert d["node_name"] == host
t = d["process_tracepoint"]
p = t["process"]
assert p["pid"] == pid and p["tid"] == pid, p
assert p["binary"] == victim, p["binary"]
assert p["uid"] == 0 and "auid" in p
assert "execve" in p["flags"].split(), p["flags"]
node, ktime, epid = base64.b64decode(p["exec_id"]).decode().rsplit(":", 2)
assert node == host and int(epid) == pid and int(ktime) > 0, p["exec_id"]
assert t["subsys"] == "syscalls" and t["event"] == "sys_enter_openat"
assert t["args"] == [{"int_arg": -100}, {"string_arg": "/etc/tpc-test-events"}], t["args"]
assert t["policy_name"] == "tp-victim-test"
assert t["action"] == "KPROBE_ACTION_SIGKILL"
assert t["message"] == "tp-victim opened a test file"
assert t["tags"] == ["tpc-test", "sigkill"]
def ts(s):
    assert s.endswith("Z"), s
    base, _, frac = s[:-1].partition(".")
    assert len(frac) in (0, 3, 6, 9), s
    return datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=datetime.timezone.utc).timestamp()
now = datetime.datetime.now(datetime.timezone.utc).timestamp()
for s in (d["time"], p["start_time"]):
    assert t0 - 2 <= ts(s) <= now + 2, (s, t0, now)
assert ts(p["start_time"]) <= ts(d["time"]) + 1
PY
[ -z "$(tpl -j events)" ] || fail "the ring was not drained"

# text mode, --count and --follow --timeout
"$victim" -c "exec 3< /etc/tpc-test-events2" </dev/null >/dev/null 2>&1
"$victim" -c "exec 3< /etc/tpc-test-events3" </dev/null >/dev/null 2>&1
txt=$(tpl events --count 1) || fail "events --count 1: exit $?"
[ "$(echo "$txt" | wc -l)" = 1 ] || fail "--count 1 printed: $txt"
echo "$txt" | grep -q 'tp-victim-test syscalls/sys_enter_openat SIGKILL' || fail "text: $txt"
echo "$txt" | grep -q '/etc/tpc-test-events2' || fail "text: $txt"
txt=$(timeout 20 "$TPLOAD" --root "$TP_ROOT" events --follow --timeout 1) || fail "events --follow: exit $?"
echo "$txt" | grep -q '/etc/tpc-test-events3' || fail "follow: $txt"
echo "ok: events"
