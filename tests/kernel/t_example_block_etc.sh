#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# policies/examples/block-etc-writes.yaml does what its comment says: a
# process writing to a file under /etc/ (write, pwrite64, writev,
# pwritev2) is killed and the file is unchanged, whatever name it used for
# the file (relative, symlink, /proc/self/root/...), from a thread too; a
# binary at <long dir>/usr/bin/dpkg is not the exempt dpkg; the exempt
# binary writes; other files are not affected.
# In a VM the example itself is loaded; on a shared host its narrowed
# variant (build/kobj/exn_*: /etc/tpc-ktest* only, exempt binary
# /tmp/tpc-ktest/bin/dpkg), so nobody else's write to /etc is killed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
obj=$OBJ_DIR/exn_block-etc-writes.bpf.o
EXEMPT=/tmp/tpc-ktest/bin/dpkg
if [ -n "${TPC_VM:-}" ]; then
	obj=$OBJ_DIR/ex_block-etc-writes.bpf.o
	EXEMPT=/usr/bin/dpkg
fi
[ -f "$obj" ] || fail "$obj missing (make kernel-test-objs)"
pol_setup
F=/etc/tpc-ktest-file
mkdir -p /etc && printf 'orig\n' > "$F" || fail "cannot create $F"
on_exit "rm -f '$F'"
A=$KT/bin/tp-attack
cp "$ATT" "$A" || fail cp
placed_exempt=
if [ ! -e "$EXEMPT" ]; then
	mkdir -p "$(dirname "$EXEMPT")" && cp "$ATT" "$EXEMPT" && placed_exempt=1
	[ -n "$placed_exempt" ] && on_exit "rm -f '$EXEMPT'"
fi
d=$KT/long/$(printf '%*s' 250 '' | tr ' ' a)
mkdir -p "$d$(dirname "$EXEMPT")" && cp "$ATT" "$d$EXEMPT" || fail "spoof dpkg"

out=$(tpl load "$obj" 2>&1) || fail "load $obj: $out"
n=0
# blocked WHAT STATUS: killed, and $F unchanged
blocked() {
	expect_status "$1" 137 "$2"
	[ "$(cat "$F")" = orig ] || fail "$1: the file changed: $(cat "$F" | head -c 200)"
	n=$((n + 1))
}
for m in write pwrite writev pwritev2; do
	blocked "$m(2)" "$(run_status "$A" "$m" "$F")"
done
blocked "a thread writes" "$(run_status "$A" thread-write "$F")"
blocked "relative path" "$(cd /etc && run_status "$A" write tpc-ktest-file)"
ln -s "$F" "$KT/link"
blocked "through a symlink in /tmp" "$(run_status "$A" write "$KT/link")"
blocked "through /proc/self/root" "$(run_status "$A" write "/proc/self/root$F")"
blocked "bash >> redirection" "$(run_status "$KT/bin/tp-victim" -c "echo x >> $F")"
blocked "a binary at ${#d}+ bytes ending in $EXEMPT" "$(run_status "$d$EXEMPT" write "$F")"
: > "$KT/other"
expect_status "a file outside /etc" 0 "$(run_status "$A" write "$KT/other")"
if [ -n "$placed_exempt" ]; then
	expect_status "the exempt $EXEMPT writes" 0 "$(run_status "$EXEMPT" write "$F")"
	grep -q tpc "$F" || fail "the exempt binary's write did not reach the file"
	printf 'orig\n' > "$WORK/orig"
else
	echo "note: $EXEMPT exists here; the exempt binary itself is not run"
fi
# ftruncate: killed, but the kernel truncates anyway (no pending-signal
# check on that path: the example says so); last, as it changes the file
expect_status "ftruncate(2)" 137 "$(run_status "$A" ftruncate "$F")"
n=$((n + 1))
echo "ok: $n writes to /etc blocked (killed, file unchanged); exempt and other files unaffected"
