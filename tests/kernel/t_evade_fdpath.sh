#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# fd arguments are matched by the open file's whole path at any length:
# tp-attack writing to /tmp/tpc-ktest/fdlong/<...>/fd-tail is killed for
# paths of 230 bytes to past PATH_MAX (Prefix on the head, Postfix on the
# tail); a path deeper than the walker goes (head not known) is not shown
# to match the Prefix; /tmp/tpc-ktest/fd-exact is matched exactly and a
# long path ending in it is not (the old tail-only path matched it).
# Policy: tests/kernel/policies/fdpath.yaml.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
pol_setup
cp "$ATT" "$KT/bin/tp-attack" || fail cp
A=$KT/bin/tp-attack
D52=dddddddddddddddddddddddddddddddddddddddddddddddddddd
on_exit "'$A' rmdeep '$KT/fdlong' d 8300 fd-tail; '$A' rmdeep '$KT/fdlong' $D52 115 fd-tail"

# mkfile BASE LEN NAME: an empty file at BASE/<a...>/NAME, LEN bytes long
mkfile() {
	local d=$1 want=$2 name=$3 room
	while :; do
		room=$((want - ${#d} - ${#name} - 2))
		[ $room -le 0 ] && break
		[ $room -gt 200 ] && room=200
		d=$d/$(printf '%*s' "$room" '' | tr ' ' a)
	done
	mkdir -p "$(dirname "$d/$name")" && : > "$d/$name" || fail "file of $want bytes"
	echo "$d/$name"
}

pol_load fdpath
n=0
for len in 230 256 300 512 1000 3000 4000; do
	f=$(mkfile "$KT/fdlong" "$len" fd-tail)
	expect_status "write to a ${#f}-byte path" 137 "$(run_status "$A" write "$f")"
	s=$(mkfile "$KT/fdspoof" "$len" tmp/tpc-ktest/fd-exact)
	expect_status "write to a ${#s}-byte path ending in the Equal value" 0 "$(run_status "$A" write "$s")"
	n=$((n + 2))
done
: > "$KT/fd-exact"
expect_status "write to the Equal value itself" 137 "$(run_status "$A" write "$KT/fd-exact")"
expect_status "write past PATH_MAX (6,000 bytes)" 137 \
	"$(run_status "$A" deep-open "$KT/fdlong" "$D52" 115 fd-tail)"
expect_status "write, head not known: not shown to match the Prefix" 0 \
	"$(run_status "$A" deep-open "$KT/fdlong" d 8300 fd-tail)"
expect_status "a thread writes" 137 "$(run_status "$A" thread-write "$f")"
n=$((n + 4))
echo "ok: fd paths matched by head and tail at every length ($n attempts)"
