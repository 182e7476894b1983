#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A BPF-LSM file_open program denying files named tp-lab-deny-me, loaded by
# tpload from the prebuilt lab_lsm_deny.bpf.o: after tpload exited, opening
# such a file fails with EPERM in new processes, other files open, and
# after unload the file opens again.
. "$(dirname "$0")/lib.sh"
OBJ=$OBJ_DIR/lab_lsm_deny.bpf.o
NAME=lab-lsm-deny
need lsm link_pin
need_tpload

DENY=$WORK/tp-lab-deny-me
ALLOW=$WORK/tp-lab-allow-me
echo secret > "$DENY"
echo public > "$ALLOW"
check "deny file readable before load" grep -q secret "$DENY"

tpload_load "$OBJ" "$NAME"
assert_pinned "$NAME"

# New processes (cat), after tpload exited.
out=$(cat "$DENY" 2>&1) && fail "read $DENY while the LSM program is pinned: $out"
case "$out" in
*"Operation not permitted"*) ;;
*) fail "reading $DENY failed but not with EPERM: $out" ;;
esac
check "other files still open" grep -q public "$ALLOW"
out=$(cat "$ALLOW" 2>&1) || fail "cat $ALLOW: $out"
# Also opened by this shell (no new process) and by name through a symlink.
ln -s "$DENY" "$WORK/link"
( : < "$WORK/link" ) 2>/dev/null && fail "opened $DENY through a symlink"

tpload_unload "$NAME"
out=$(cat "$DENY" 2>&1) || fail "still denied after unload: $out"
[ "$out" = secret ] || fail "unexpected content after unload: $out"
echo "ok: EPERM while pinned (tpload exited), allowed after unload"
