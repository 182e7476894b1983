#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload never changes a directory that is not a pin root of its own
# (runtime/root_owner.c). Every command starts with the repair, which removes
# what it does not know (a directory without meta is "an incomplete policy"):
# pointed at /sys/fs/bpf or at the parent of other roots, a `list` used to
# unpin every root and every other tool's pins in it. This is what emptied
# t_load_repair's root between two steps (its core's tp_events "missing"
# after the relink): a tpload run on the parent directory.
# Here a parent directory holding a real root and foreign entries: list,
# load, unload --all and events on the parent exit 3 naming it, and change
# nothing; the inner root keeps its core, policy and links.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
OBJ=$OBJ_DIR/tp_multi.bpf.o
[ -f "$OBJ" ] || fail "$OBJ missing (make kernel-test-objs)"
PARENT=$TP_ROOT
INNER=$PARENT/inner
on_exit "\"\$TPLOAD\" --root \"$INNER\" unload --all"

out=$("$TPLOAD" --root "$INNER" load --no-process-events "$OBJ" 2>&1) || fail "load into $INNER: $out"
mkdir "$PARENT/_foreign" "$PARENT/foreign" || fail "mkdir"
before=$(ls -R "$PARENT")
for cmd in list "load $OBJ --name other" "unload --all" "unload tp-multi" "stats"; do
	s=0
	# shellcheck disable=SC2086
	out=$("$TPLOAD" --root "$PARENT" $cmd 2>&1) || s=$?
	expect_status "tpload --root PARENT $cmd" 3 "$s"
	echo "$out" | grep -q "$PARENT is not a tpload pin root" || fail "$cmd: not said: $out"
	[ "$(ls -R "$PARENT")" = "$before" ] || fail "$cmd changed $PARENT: $(ls -R "$PARENT")"
done
out=$("$TPLOAD" --root "$INNER" list 2>&1) || fail "list of the inner root: $out"
echo "$out" | grep -q "^policy tp-multi" || fail "the inner root lost its policy: $out"
echo "$out" | grep -q repaired && fail "the inner root needed repair: $out"
[ -e "$INNER/core/maps/tp_events" ] || fail "the inner core lost tp_events"

# an empty directory is a root (the first load makes it one)
mkdir "$PARENT/empty" || fail "mkdir"
out=$("$TPLOAD" --root "$PARENT/empty" list 2>&1) || fail "list of an empty root: $out"
echo "ok: a directory that is not a pin root is refused and left as it was"
