#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchCapabilityChanges and matchNamespaceChanges (policies/changes.yaml):
# chg_victim.py changes its effective capabilities or unshares a namespace
# after its exec, then opens paths the selectors name. A process that changes
# nothing is never killed; dropping CAP_SYS_ADMIN is a change In
# [CAP_SYS_ADMIN] and not NotIn, dropping CAP_CHOWN the reverse; unsharing
# the UTS namespace is a change In [Uts], unsharing IPC one NotIn [Uts]. The
# Post selectors post once per change (a match refreshes the reference, so a
# later Sigkill selector on the same change does not fire either).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
command -v python3 >/dev/null || skip "missing python3"
python3 -c 'import ctypes; ctypes.CDLL(None).capset' 2>/dev/null || skip "python3 without ctypes/libc"
VICTIM=$(cd "$(dirname "$0")" && pwd)/chg_victim.py
pol_setup
pol_load changes

v() {	# v CHANGE NAME...: run the victim opening $KT/NAME...; prints its exit status
	local what=$1 p=() n
	shift
	for n in "$@"; do p+=("$KT/$n"); done
	run_status python3 "$VICTIM" "$what" "${p[@]}"
}

# the victim works here at all (capset and unshare as root)
expect_status "victim, drop-chown alone" 0 "$(run_status python3 "$VICTIM" drop-chown)"
expect_status "victim, unshare-ipc alone" 0 "$(run_status python3 "$VICTIM" unshare-ipc)"

expect_status "no change" 0 "$(v none capkill capnotin cappost nskill nsnotin nspost)"
expect_status "CAP_SYS_ADMIN dropped: NotIn [CAP_SYS_ADMIN] no, In yes" 137 \
	"$(v drop-sysadmin capnotin capkill)"
expect_status "CAP_CHOWN dropped: In [CAP_SYS_ADMIN] no, NotIn yes" 137 \
	"$(v drop-chown capkill capnotin)"
expect_status "CAP_SYS_ADMIN dropped: posted once, then refreshed" 0 \
	"$(v drop-sysadmin cappost cappost capkill)"
expect_status "Uts unshared: NotIn [Uts] no, In yes" 137 "$(v unshare-uts nsnotin nskill)"
expect_status "Ipc unshared: In [Uts] no, NotIn yes" 137 "$(v unshare-ipc nskill nsnotin)"
expect_status "Uts unshared: posted once, then refreshed" 0 "$(v unshare-uts nspost nspost nskill)"

ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" <<'PY' || fail "events: $ev"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
kt = sys.argv[2] + "/"
got = sorted((e["args"][0]["string_arg"][len(kt):], e["action"]) for e in evs)
want = sorted([("capkill", "KPROBE_ACTION_SIGKILL"), ("capnotin", "KPROBE_ACTION_SIGKILL"),
               ("cappost", "KPROBE_ACTION_POST"), ("nskill", "KPROBE_ACTION_SIGKILL"),
               ("nsnotin", "KPROBE_ACTION_SIGKILL"), ("nspost", "KPROBE_ACTION_POST")])
assert got == want, got
PY
echo "ok: matchCapabilityChanges, matchNamespaceChanges"
