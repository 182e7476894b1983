#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# process.cap, process.ns and process_credentials, captured by the core at
# exec and printed when the core was created with --process-cred and
# --process-ns (Tetragon's --enable-process-cred/-ns; docs/events.md):
#   ns     a shell in new user and uts namespaces (unshare): its uts and
#          user inums are those of /proc/PID/ns, not is_host; its mnt and
#          net are the host's (is_host; checked where /proc/1/ns is readable)
#   creds  a shell whose ids were all set to 4321 before the exec: every
#          id 4321, no capability left (no cap block); a root shell exec'd
#          with the noroot securebit: SecBitNoRoot, and no capability (root
#          gets none at exec then); the test's own root shell: CAP_SYS_ADMIN
# Every line passes tests/events/tetragon_json.py --strict.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
command -v unshare >/dev/null || skip "unshare missing"
# short options: util-linux's unshare and busybox's (the VMs) both know them
unshare -U -u -r true 2>/dev/null || skip "no user namespaces here"
# as_ids ID BIN ARGS...: exec BIN with every uid and gid ID and no groups
as_ids() {
	python3 -c 'import os, sys
i = int(sys.argv[1]); os.setgroups([]); os.setresgid(i, i, i); os.setresuid(i, i, i)
os.execv(sys.argv[2], sys.argv[2:])' "$@"
}
# noroot BIN ARGS...: exec BIN with the SECBIT_NOROOT securebit (prctl PR_SET_SECUREBITS)
noroot() {
	python3 -c 'import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(28, 1, 0, 0, 0): sys.exit("prctl: %s" % os.strerror(ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}
# a victim uid 4321 can run ($WORK need not be searchable by it)
vdir=$(mktemp -d /tmp/tpc-cred.XXXXXX) || fail mktemp
on_exit "rm -rf $vdir"
chmod 755 "$vdir" && cp "$(command -v bash)" "$vdir/tp-victim" || fail "cp bash"
victim=$vdir/tp-victim

TPL_PROCESS_EVENTS=1
out=$(tpl load --process-cred --process-ns "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
tpl -j list | python3 -c '
import json, sys
c = json.load(sys.stdin)["core"]
assert c["process_cred"] is True and c["process_ns"] is True, c' || fail "list: $(tpl list)"
tpl -j events >/dev/null	# drop what the load itself caused

# ns: prints its pid and its uts and user namespace links
unshare -U -u -r "$victim" -c \
	'echo $$ $(stat -L -c %i /proc/$$/ns/uts /proc/$$/ns/user)' > "$WORK/ns" || fail unshare
# creds: all ids 4321
as_ids 4321 "$victim" -c 'echo $$' > "$WORK/drop" || fail "as_ids 4321"
# root with SECBIT_NOROOT; then a plain root shell
noroot "$victim" -c 'echo $$' > "$WORK/noroot" || fail "noroot"
"$victim" -c 'echo $$' > "$WORK/root" || fail "root shell"
sleep 0.2
ev=$(tpl -j events) || fail "events: exit $?"
proc_ring_ok
check_tetragon_json "$ev"
echo "$ev" > "$WORK/events.json"
host_mnt=$(stat -L -c %i /proc/1/ns/mnt 2>/dev/null) || host_mnt=0
host_net=$(stat -L -c %i /proc/1/ns/net 2>/dev/null) || host_net=0
python3 - "$WORK" "$host_mnt" "$host_net" "$victim" <<'PY' ||
import json, sys
work, host_mnt, host_net, victim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
evs = [json.loads(l) for l in open(work + "/events.json") if l.strip()]
def exec_of(pid):
    # unshare and python exec the victim in their own process: its exec
    r = [e["process_exec"]["process"] for e in evs
         if "process_exec" in e and e["process_exec"]["process"]["pid"] == pid and
         e["process_exec"]["process"]["binary"] == victim]
    assert len(r) == 1, "process_exec of pid %d: %d events" % (pid, len(r))
    return r[0]
pid, uts, user = map(int, open(work + "/ns").read().split())
p = exec_of(pid)
ns = p["ns"]
assert ns["uts"] == {"inum": uts}, ns["uts"]
assert ns["user"] == {"inum": user}, ns["user"]
if host_mnt:
    assert ns["mnt"] == {"inum": host_mnt, "is_host": True}, ns["mnt"]
if host_net:
    assert ns["net"] == {"inum": host_net, "is_host": True}, ns["net"]
assert {"uts", "ipc", "mnt", "pid", "pid_for_children", "net", "cgroup", "user"} <= set(ns), ns
# root of its own user namespace: every capability there
assert "CAP_SYS_ADMIN" in p["cap"]["effective"], p.get("cap")
pc = p["process_credentials"]
assert pc["euid"] == 0, pc
d = exec_of(int(open(work + "/drop").read()))
dc = d["process_credentials"]
for k in ("uid", "gid", "euid", "egid", "suid", "sgid", "fsuid", "fsgid"):
    assert dc[k] == 4321, (k, dc)
assert "securebits" not in dc and "cap" not in d, d
assert d["uid"] == 4321, d
k = exec_of(int(open(work + "/noroot").read()))
assert k["process_credentials"]["securebits"] == ["SecBitNoRoot"], k["process_credentials"]
assert k["process_credentials"]["uid"] == 0 and "cap" not in k, k
r = exec_of(int(open(work + "/root").read()))
assert "securebits" not in r["process_credentials"], r["process_credentials"]
assert "CAP_SYS_ADMIN" in r["cap"]["effective"] and "CAP_SYS_ADMIN" in r["cap"]["permitted"], r["cap"]
assert r["ns"]["uts"].get("is_host") is True and r["ns"]["user"].get("is_host") is True, r["ns"]
PY
	fail "cap/ns/process_credentials wrong (events in $WORK/events.json)"
echo "ok: process.cap, process.ns and process_credentials from the exec"
