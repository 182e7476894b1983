#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# What the VM lab's boot step did (tests/vm/boot_apply.sh: the ExecStart of
# deploy/systemd/tpc-apply.service, run by /init before this suite, with a
# signed bundle and its key in /etc/tpc): it exited 0, the default pin root
# holds bundle A whole with a good signature, and A enforces. The next boot's
# run of the same command is a no-op; a tampered /etc/tpc/bundle.tar is
# refused with nothing loaded. Skips outside the VM lab.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
B=/run/tpc-boot-apply
if [ ! -f $B.rc ]; then
	[ "${TPC_REQUIRE_BOOT_APPLY:-0}" = 1 ] && fail "the boot step did not run (tests/vm/boot_apply.sh)"
	skip "no boot step ran (VM lab only: tests/vm/run.sh --init-hook tests/vm/boot_apply.sh)"
fi
pol_setup
ROOT=/sys/fs/bpf/tpc
on_exit "\"\$TPLOAD\" unload --all"
cmd=$(cat $B.cmd)
case "$cmd" in
*" apply "*"--require-signature"*) ;;
*) fail "the unit's ExecStart is not a signed apply: $cmd" ;;
esac
[ "$(cat $B.rc)" = 0 ] || fail "the boot step ($cmd) exited $(cat $B.rc): $(cat $B.log)"
A_DIGEST=$(apply_digest /etc/tpc/bundle.tar)
grep -q "applied bundle sha256:$A_DIGEST: 3 added" $B.log || fail "boot step output: $(cat $B.log)"

# the default root, as the unit left it
out=$("$TPLOAD" -j list) || fail "tpload list: exit $?"
echo "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
a = d["applied"]
assert a and a["bundle"] == "sha256:" + sys.argv[1] and a["whole"], a
assert a["signature"]["status"] == "good", a
assert a["path"] == "/etc/tpc/bundle.tar", a
assert sorted(p["name"] for p in d["policies"]) == ["apply-guard-a", "apply-keep", "apply-kill"], d' \
	"$A_DIGEST" || fail "after boot: $out"
echo x > "$KT/apply-s1"
echo x > "$KT/apply-s2"
expect_status "after boot: tp-victim opens s1" 137 "$(opens "$KT/bin/tp-victim" "$KT/apply-s1")"
expect_status "after boot: tp-victim opens s2" 137 "$(opens "$KT/bin/tp-victim" "$KT/apply-s2")"
expect_status "after boot: tp-other opens s1" 0 "$(opens "$KT/bin/tp-other" "$KT/apply-s1")"

# the next boot (bpffs kept): the same command changes nothing
out=$($cmd 2>&1) || fail "second run of $cmd: exit $?: $out"
echo "$out" | grep -q "is already applied: nothing to do" || fail "second run: $out"

# a tampered bundle at boot: refused, nothing loaded
"$TPLOAD" unload --all >/dev/null || fail "unload --all"
[ ! -e "$ROOT" ] || fail "unload --all left $ROOT"
cp /etc/tpc/bundle.tar "$WORK/good.tar"
printf '\001' | dd of=/etc/tpc/bundle.tar bs=1 seek=3000 conv=notrunc status=none
s=0
out=$($cmd 2>&1) || s=$?
cp "$WORK/good.tar" /etc/tpc/bundle.tar
expect_status "boot with a tampered bundle" 1 "$s"
[ ! -e "$ROOT" ] || fail "a refused bundle left $ROOT: $(ls -A "$ROOT")"
expect_status "tampered: tp-victim opens s1" 0 "$(opens "$KT/bin/tp-victim" "$KT/apply-s1")"
echo "ok: the unit's command applied A at boot, enforcing; no-op again; a tampered bundle loads nothing"
