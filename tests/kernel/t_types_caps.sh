#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# cred, user_namespace, capability and a capability set (resolve cred ->
# cap_effective) on the raw capability/cap_capable tracepoint (Linux 6.14+):
# tp-victim asking for CAP_SYS_RESOURCE is killed by its capability number,
# tp-other's request is posted and rendered as Tetragon renders these types.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
need raw_tp
ev_dir=/sys/kernel/tracing/events/capability/cap_capable
[ -d "$ev_dir" ] || [ -d /sys/kernel/debug/tracing/events/capability/cap_capable ] ||
	skip "no capability/cap_capable tracepoint (Linux 6.14+)"
pol_setup
pol_load types-caps
# raising the hard RLIMIT_NOFILE asks capable(CAP_SYS_RESOURCE) (whether granted or not)
raise='ulimit -Hn $(( $(ulimit -Hn) + 1 ))'
expect_status "tp-victim asks CAP_SYS_RESOURCE" 137 "$(run_status "$KT/bin/tp-victim" -c "$raise")"
s=$(run_status "$KT/bin/tp-other" -c "$raise")
[ "$s" = 0 ] || [ "$s" = 1 ] || fail "tp-other: exit status $s, want 0 or 1 (not killed)"
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$(id -u)" <<'PY' || fail "events: $ev"
import json, sys
uid = int(sys.argv[2])
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
assert {e["action"] for e in evs} == {"KPROBE_ACTION_SIGKILL", "KPROBE_ACTION_POST"}, evs
for e in evs:
    cred, ns, cap, eff = e["args"]
    c = cred["process_credentials_arg"]
    assert c["uid"] == uid and c["euid"] == uid and "fsgid" in c, c
    assert c["user_ns"]["ns"]["inum"] > 0, c
    assert ns["user_ns_arg"]["level"] == 0 and ns["user_ns_arg"]["ns"]["is_host"], ns
    assert cap == {"capability_arg": {"value": 24, "name": "CAP_SYS_RESOURCE"}}, cap
    hexset = eff["cap_effective_arg"]
    assert len(hexset) == 16, eff
    names = c.get("caps", {}).get("effective", [])
    # the set resolved through the cred is the one the cred reports
    want = 0
    order = ["CAP_CHOWN", "DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
             "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
             "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
             "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
             "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
             "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
             "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
             "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
             "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
             "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"]
    for n in names:
        want |= 1 << order.index(n)
    assert int(hexset, 16) == want, (hexset, names)
PY
echo "ok: capability matched by name; cred, user namespace, capability and set reported"
