#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# policies/examples/watch-credential-files.yaml does what its comment says:
# every successful open of /etc/shadow is reported with the file's real path
# whatever name the opener used (relative, symlink, "//", "/./",
# /proc/self/root, openat2, from a thread-less helper or bash), also by a
# binary whose long path ends in /usr/bin/passwd; a failed open is not.
# Post only, so the example itself is loaded on the host too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
obj=$OBJ_DIR/ex_watch-credential-files.bpf.o
[ -f "$obj" ] || fail "$obj missing (make kernel-test-objs)"
pol_setup
if [ ! -e /etc/shadow ]; then	# a minimal VM image
	[ -n "${TPC_VM:-}" ] || fail "no /etc/shadow on this host"
	mkdir -p /etc && : > /etc/shadow && chmod 640 /etc/shadow && on_exit "rm -f /etc/shadow"
fi
A=$KT/bin/tp-attack
cp "$ATT" "$A" || fail cp
d=$KT/long/$(printf '%*s' 250 '' | tr ' ' a)/usr/bin
mkdir -p "$d" && cp "$ATT" "$d/passwd" || fail "spoof passwd"
ln -s /etc/shadow "$KT/link"

out=$(tpl load "$obj" 2>&1) || fail "load $obj: $out"
n=0
opened() {	# WHAT CMD...
	local what=$1
	shift
	expect_status "$what" 0 "$(run_status "$@")"
	n=$((n + 1))
}
opened "plain" "$A" open /etc/shadow
opened "relative" sh -c "cd /etc && exec '$A' open shadow"
opened "symlink" "$A" open "$KT/link"
opened "double slash" "$A" open //etc//shadow
opened "dot" "$A" open /etc/./shadow
opened "/proc/self/root" "$A" open /proc/self/root/etc/shadow
opened "openat2" "$A" openat2 /etc/shadow
opened "bash redirection" "$KT/bin/tp-victim" -c "exec 3< /etc/shadow"
opened "a binary at a long path ending in /usr/bin/passwd" "$d/passwd" open /etc/shadow
expect_status "a failed open" 1 "$(run_status "$A" open /etc/shadow-not-there)"

tpl -j events > "$WORK/ev" 2>"$WORK/ev.err" || fail "events: $(cat "$WORK/ev.err")"
python3 - "$WORK/ev" "$n" "$KT" <<'PY' || fail "events: $(cat "$WORK/ev")"
import json, sys
kt = sys.argv[3]
evs = [json.loads(l)["process_tracepoint"] for l in open(sys.argv[1]) if l.strip()]
mine = [e for e in evs if e["process"].get("binary", "").startswith(kt)]
assert len(mine) == int(sys.argv[2]), "%d events of ours, want %s" % (len(mine), sys.argv[2])
for e in mine:
    assert e["args"][0]["file_arg"]["path"] == "/etc/shadow", e["args"]
    assert e["subsys"] == "syscalls" and e["event"].startswith("sys_exit_open"), e
    assert e["message"] == "credential file opened" and e["action"] == "KPROBE_ACTION_POST"
assert any(e["event"] == "sys_exit_openat2" for e in mine)
assert any(e["process"]["binary"].endswith("/usr/bin/passwd") for e in mine)
PY
echo "ok: $n opens of /etc/shadow reported with the real path; a failed open is not"
