#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload apply with the signed bundles of tests/kernel/apply/ (built once by
# tpc on the host, build/kobj/apply/):
#   A = {apply-keep, apply-kill v1, apply-guard-a}, B = {apply-keep,
#   apply-kill v2, apply-guard-b}; each Sigkills tp-victim opening
#   /tmp/tpc-ktest/apply-s3, -s1 and -s2 respectively (guard-a and guard-b
#   guard the same files).
# - --dry-run prints the plan and creates nothing; A applies (enforcing),
#   creating the core with the ring sizes given (--events-ring-size ...);
# - re-applying A is a no-op: same ids, same kernel links, same record;
# - refused bundles change nothing: tampered, signed by an untrusted key,
#   unsigned under --require-signature;
# - swapping A -> B -> A -> B -> A -> B while two victim loops keep trying
#   the enforced opens:
#   not one attempt succeeds (enforcement never lapses), apply-keep keeps
#   its id and links, guard-a is gone, the record names B;
# - --exclusive also removes a policy loaded by hand, which apply otherwise
#   keeps; unload --all removes the record with the root.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
pol_setup
AP=$OBJ_DIR/apply
for f in A.tar A.tar.minisig B.tar B.tar.minisig B-untrusted.tar trust/ci.pub; do
	[ -f "$AP/$f" ] || fail "$AP/$f missing (make kernel-test-objs)"
done
TRUST=$AP/trust
A_DIGEST=$(apply_digest "$AP/A.tar")
B_DIGEST=$(apply_digest "$AP/B.tar")
for s in s1 s2 s3; do
	echo x > "$KT/apply-$s" || fail "create $KT/apply-$s"
done

# --dry-run: the plan, and nothing created
out=$(tpl apply --dry-run --require-signature -K "$TRUST" "$AP/A.tar" 2>&1) ||
	fail "dry run of A: exit $?: $out"
for p in apply-guard-a apply-keep apply-kill; do
	echo "$out" | grep -Eq "^  add +$p " || fail "dry run does not plan to add $p: $out"
done
echo "$out" | grep -q "dry run: nothing was changed" || fail "dry run says nothing about it: $out"
[ ! -e "$TP_ROOT" ] || fail "a dry run created $TP_ROOT"

# A, creating the core with the ring sizes given (as load does)
s=0; tpl apply --events-ring-size 3000 -K "$TRUST" "$AP/A.tar" >/dev/null 2>&1 || s=$?
[ "$s" = 2 ] || fail "apply --events-ring-size 3000 (not a power of two): exit $s, want 2"
out=$(tpl apply --require-signature -K "$TRUST" --events-ring-size 64K --enforce-ring-size 16K \
	--process-ring-size 8K "$AP/A.tar" 2>&1) || fail "apply A: exit $?: $out"
echo "$out" | grep -q "applied bundle sha256:$A_DIGEST: 3 added" || fail "apply A said: $out"
[ "$(tpl -j list | python3 -c 'import json, sys; print(json.load(sys.stdin)["core"]["rings"])')" = \
	"{'tp_enforce': 16384, 'tp_events': 65536, 'tp_proc_events': 8192}" ] || fail "apply: ring sizes: $(tpl list)"
apply_expect_set "after A" "$A_DIGEST" apply-guard-a apply-keep apply-kill
[ "$(apply_field signature)" = good ] || fail "the record's signature is not 'good'"
expect_status "A: tp-victim opens s1" 137 "$(opens "$KT/bin/tp-victim" "$KT/apply-s1")"
expect_status "A: tp-victim opens s2" 137 "$(opens "$KT/bin/tp-victim" "$KT/apply-s2")"
expect_status "A: tp-victim opens s3" 137 "$(opens "$KT/bin/tp-victim" "$KT/apply-s3")"
expect_status "A: tp-other opens s1" 0 "$(opens "$KT/bin/tp-other" "$KT/apply-s1")"
KEEP_ID=$(apply_id apply-keep)
before=$(apply_snapshot)

# re-applying A: a no-op
out=$(tpl apply --require-signature -K "$TRUST" "$AP/A.tar" 2>&1) || fail "re-apply A: exit $?: $out"
echo "$out" | grep -q "is already applied: nothing to do" || fail "re-apply A said: $out"
[ "$(apply_snapshot)" = "$before" ] || fail "re-applying A changed ids, links or the record:
$before
---
$(apply_snapshot)"
out=$(tpl -j apply -K "$TRUST" "$AP/A.tar") || fail "re-apply A -j: exit $?"
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["noop"] and d["ok"], d' ||
	fail "re-apply A -j is not a no-op: $out"

# refused bundles change nothing
cp "$AP/B.tar" "$WORK/tampered.tar" && cp "$AP/B.tar.minisig" "$WORK/tampered.tar.minisig"
printf '\001' | dd of="$WORK/tampered.tar" bs=1 seek=3000 conv=notrunc status=none
cp "$AP/B.tar" "$WORK/unsigned.tar"
for case in "tampered:$WORK/tampered.tar" "untrusted key:$AP/B-untrusted.tar" \
	    "unsigned:$WORK/unsigned.tar"; do
	s=0
	out=$(tpl apply --require-signature -K "$TRUST" "${case#*:}" 2>&1) || s=$?
	expect_status "apply of a ${case%%:*} bundle" 1 "$s"
	echo "$out" | grep -q "refused: nothing was changed" || fail "${case%%:*}: $out"
	[ "$(apply_snapshot)" = "$before" ] || fail "a refused ${case%%:*} bundle changed the root"
done
expect_status "A still enforces after the refusals" 137 "$(opens "$KT/bin/tp-victim" "$KT/apply-s2")"

# the plan of B
out=$(tpl apply -n -K "$TRUST" "$AP/B.tar" 2>&1) || fail "dry run of B: exit $?: $out"
echo "$out" | grep -Eq "^  add +apply-guard-b " || fail "B's plan: $out"
echo "$out" | grep -Eq "^  keep +apply-keep .*unchanged" || fail "B's plan: $out"
echo "$out" | grep -Eq "^  replace +apply-kill " || fail "B's plan: $out"
echo "$out" | grep -Eq "^  remove +apply-guard-a " || fail "B's plan: $out"
[ "$(apply_snapshot)" = "$before" ] || fail "a dry run changed the root"

# swaps under fire
apply_victim_start
n0=$(apply_attempts)
for b in B A B A B; do
	out=$(tpl apply --require-signature -K "$TRUST" "$AP/$b.tar" 2>&1) ||
		fail "apply $b during the swaps: exit $?: $out"
	echo "$out" | grep -q "1 added, 1 replaced, 1 removed, 1 unchanged" || fail "apply $b: $out"
done
n1=$(apply_attempts)
head -n "$n1" "$WORK/attempts" > "$WORK/attempts.swaps"
leaks=$(grep -c '^ok ' "$WORK/attempts.swaps" || true)
[ "$leaks" = 0 ] || fail "$leaks attempts got through during the swaps: $(grep '^ok ' "$WORK/attempts.swaps" | sort | uniq -c)"
bad=$(grep -Ev '^(killed|ok) ' "$WORK/attempts.swaps" | head -n 3)
[ -z "$bad" ] || fail "attempts failed otherwise: $bad"
[ $((n1 - n0)) -ge 10 ] || fail "only $((n1 - n0)) attempts during the swaps: the test proves nothing"
echo "ok: $((n1 - n0)) attempts during 5 swaps, all killed"
apply_expect_set "after the swaps" "$B_DIGEST" apply-guard-b apply-keep apply-kill
# control: the same loops do see a lapse (guard-b unloaded by hand), and
# apply then brings the applied set back whole (guard-b: add)
out=$(tpl unload apply-guard-b 2>&1) || fail "unload apply-guard-b: $out"
for ((i = 0; i < 400; i++)); do
	[ "$(tail -n +"$((n1 + 1))" "$WORK/attempts" | grep -c '^ok s2')" -gt 0 ] && break
	sleep 0.05
done
apply_victim_stop
[ "$(tail -n +"$((n1 + 1))" "$WORK/attempts" | grep -c '^ok s2')" -gt 0 ] ||
	fail "control: with apply-guard-b unloaded no attempt on s2 got through: the loops cannot see a lapse"
[ "$(apply_field whole)" = False ] || fail "control: the record still says the set is whole"
out=$(tpl apply --require-signature -K "$TRUST" "$AP/B.tar" 2>&1) || fail "re-apply B: exit $?: $out"
echo "$out" | grep -q "1 added, 0 replaced, 0 removed, 2 unchanged" || fail "re-apply B: $out"
echo "ok: control: the loops saw the lapse of a hand-made unload; apply restored B"
[ "$(apply_id apply-keep)" = "$KEEP_ID" ] || fail "apply-keep got a new id in the swaps"
expect_status "B: tp-victim opens s2" 137 "$(opens "$KT/bin/tp-victim" "$KT/apply-s2")"

# a policy loaded by hand stays, unless --exclusive
out=$(tpl load "$OBJ_DIR/pol_kill.bpf.o" 2>&1) || fail "load pol_kill: $out"
out=$(tpl apply -K "$TRUST" "$AP/A.tar" 2>&1) || fail "apply A: exit $?: $out"
echo "$out" | grep -Eq "^  keep +ktest-kill .*loaded by hand" || fail "hand-loaded policy: $out"
[ -d "$TP_ROOT/ktest-kill" ] || fail "apply removed a policy loaded by hand"
out=$(tpl apply --exclusive -K "$TRUST" "$AP/B.tar" 2>&1) || fail "apply --exclusive B: exit $?: $out"
echo "$out" | grep -Eq "^  remove +ktest-kill " || fail "--exclusive: $out"
[ ! -e "$TP_ROOT/ktest-kill" ] || fail "--exclusive kept ktest-kill"
apply_expect_set "after --exclusive" "$B_DIGEST" apply-guard-b apply-keep apply-kill

out=$(tpl unload --all 2>&1) || fail "unload --all: $out"
[ ! -e "$TP_ROOT" ] || fail "unload --all left $TP_ROOT: $(ls -A "$TP_ROOT")"
expect_status "after unload --all: tp-victim opens s1" 0 "$(opens "$KT/bin/tp-victim" "$KT/apply-s1")"
echo "ok: plan, apply, no-op, refusals, swaps without a gap, --exclusive, unload"
