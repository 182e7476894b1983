#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchNamespaces (Pid, host_ns), matchCapabilities (Effective In / NotIn) and
# Post's rateLimit (policies/nscaps.yaml): three opens of rl in the host pid
# namespace as root post one event (the others are rate limited); ns is killed
# in a new pid namespace only; nocap is killed without CAP_SYS_ADMIN only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
command -v unshare >/dev/null || skip "missing unshare"
unshare -pf true 2>/dev/null || skip "cannot create pid namespaces here"
command -v setpriv >/dev/null || skip "missing setpriv"
pol_setup
pol_load nscaps

for i in 1 2 3; do
	s=$(run_status "$KT/bin/tp-victim" -c "exec 3< $KT/rl")
	[ "$s" = 1 ] || fail "rl open $i: exit $s, want 1 (ENOENT, not killed)"
done
# host pid namespace: not killed; another one: killed (pid 2 there: the kernel
# ignores a SIGKILL a namespace's init sends itself)
expect_status "ns, host pid ns" 1 "$(run_status "$KT/bin/tp-victim" -c "exec 3< $KT/ns")"
s=$(run_status unshare -pf "$KT/bin/tp-other" -c "$KT/bin/tp-victim -c 'exec 3< $KT/ns'; exit \$?")
[ "$s" = 137 ] || fail "ns, new pid ns: exit $s, want 137"
# root with CAP_SYS_ADMIN: not killed; without it (no effective capability): killed
expect_status "nocap, root" 1 "$(run_status "$KT/bin/tp-victim" -c "exec 3< $KT/nocap")"
# (a setpriv that cannot empty the effective set, e.g. some busybox builds: not tested)
drop="setpriv --inh-caps=-all --bounding-set=-all"
eff=$($drop "$KT/bin/tp-other" -c 'grep CapEff /proc/self/status' 2>/dev/null | tr -d ' \t')
nocap=0
if [ "$eff" = CapEff:0000000000000000 ]; then
	nocap=1
	s=$(run_status $drop "$KT/bin/tp-victim" -c "exec 3< $KT/nocap")
	[ "$s" = 137 ] || fail "nocap, no capabilities: exit $s, want 137"
else
	echo "note: $drop leaves '$eff' here: the NotIn case is not tested"
fi
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" "$nocap" <<'PY' || fail "events: $ev"
import json, sys
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
got = [(e["args"][0]["string_arg"], e["action"]) for e in evs]
kt = sys.argv[2]
want = [(kt + "/rl", "KPROBE_ACTION_POST"), (kt + "/ns", "KPROBE_ACTION_SIGKILL")]
if sys.argv[3] == "1":
    want.append((kt + "/nocap", "KPROBE_ACTION_SIGKILL"))
assert got == want, got
PY
echo "ok: matchNamespaces, matchCapabilities, rateLimit"
