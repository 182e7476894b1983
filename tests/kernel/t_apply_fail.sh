#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# An apply in which one policy fails leaves the previous set fully in place:
# KA applied, then KB plus an object the verifier rejects (exit 1, the
# program and verifier log in the JSON), then KB plus an object whose
# tracepoint does not exist (exit 3): after each, the same policies, ids,
# kernel link ids and record as before, no link of KB's new programs left in
# the kernel. KB alone then applies (the failure was only the bad object).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
command -v python3 >/dev/null || skip "python3 not installed"
tp_setup
apply_kbundles
out=$(tpl apply -K "$EMPTY_TRUST" "$KA" 2>&1) || fail "apply KA: exit $?: $out"
before=$(apply_snapshot)
KA_DIGEST=$(apply_digest "$KA")
apply_expect_set "after KA" "$KA_DIGEST" tp-apply-keep tp-apply-old tp-apply-repl

# kernel links of KB's own programs (v2, new); 0 expected after a failure
kb_links() {
	python3 -c 'import json, subprocess
progs = json.loads(subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True,
                                  text=True).stdout)
ids = {p["id"] for p in progs if p.get("name", "").startswith(("ta2_", "tan_"))}
links = json.loads(subprocess.run(["bpftool", "-j", "link", "show"], capture_output=True,
                                  text=True).stdout)
print(sum(1 for l in links if l.get("prog_id") in ids))'
}

s=0
out=$(tpl -j apply -K "$EMPTY_TRUST" "$KB_REJECT" 2>/dev/null) || s=$?
expect_status "apply of KB + a rejected object" 1 "$s"
echo "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
f = d["failed"]
assert f["policy"] == "tp-reject-test", f
assert f["rejected"]["program"] == "tp0_sys_enter_openat" and f["rejected"]["verifier_log"], f
assert not d["ok"]' || fail "rejected: $out"
[ "$(apply_snapshot)" = "$before" ] || fail "a rejected object changed the set:
$before
---
$(apply_snapshot)"
[ "$(kb_links)" = 0 ] || fail "KB's programs are still attached after the rollback"

s=0
out=$(tpl apply -K "$EMPTY_TRUST" "$KB_NOHOOK" 2>&1) || s=$?
expect_status "apply of KB + an object whose hook does not exist" 3 "$s"
echo "$out" | grep -q "policy 'tp-badattach-test' failed: nothing was changed" || fail "nohook: $out"
[ "$(apply_snapshot)" = "$before" ] || fail "an unattachable object changed the set"
[ "$(kb_links)" = 0 ] || fail "KB's programs are still attached after the rollback"
[ ! -e "$TP_ROOT/_txn" ] || fail "a journal is left"

out=$(tpl apply -K "$EMPTY_TRUST" "$KB" 2>&1) || fail "apply KB: exit $?: $out"
apply_expect_set "after KB" "$(apply_digest "$KB")" tp-apply-keep tp-apply-new tp-apply-repl
[ "$(kb_links)" = 4 ] || fail "KB's 4 links are not attached: $(kb_links)"
echo "ok: a rejected and an unattachable policy each left KA whole; KB alone applies"
