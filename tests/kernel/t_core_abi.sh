#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A core pinned by a tpload of another ABI version is never mixed with this
# version's policies: tpload stamps TP_ABI_VERSION in registry slot 0 when
# it loads the core; a core stamped otherwise (here: an unstamped, version-1
# core, made by clearing slot 0) makes `load` refuse while a policy is loaded
# (exit 3) and `events` refuse to read; with no policy loaded, `load`
# replaces the core. `apply` does the same (refuses with nothing changed,
# replaces the core of an empty root).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
REG=$TP_ROOT/core/maps/tp_policies

# slot0_abi: the abi field of registry slot 0
slot0_abi() {
	bpftool -j map lookup pinned "$REG" key 0 0 0 0 |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["formatted"]["value"]["abi"])'
}

# make_old: clear slot 0, as a core loaded by a version-1 tpload has it
make_old() {
	# shellcheck disable=SC2046
	bpftool map update pinned "$REG" key 0 0 0 0 value $(python3 -c 'print(" ".join(["0"] * 264))') ||
		fail "cannot clear slot 0"
}

out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: $out"
want=$("$TPLOAD" -V | sed -n 's/.*(abi \([0-9]*\)).*/\1/p')	# "tpload 0.1.0 (abi N)"
[ -n "$want" ] || fail "tpload -V names no ABI version: $("$TPLOAD" -V)"
[ "$(slot0_abi)" = "$want" ] || fail "slot 0 abi $(slot0_abi), want $want"

make_old
s=0; out=$(tpl load "$TP_OBJ" --name second 2>&1) || s=$?
expect_status "load against an older core with a policy loaded" 3 "$s"
echo "$out" | grep -q "ABI version 1, this tpload needs version $want" || fail "message: $out"
[ -e "$TP_ROOT/second" ] && fail "second policy pinned against the old core"
s=0; out=$(tpl events 2>&1) || s=$?
expect_status "events from an older core" 3 "$s"
tpl list | grep -q "ABI 1, not this tpload's" || fail "list does not flag the core: $(tpl list)"

tpl unload tp-victim-test >/dev/null || fail unload
out=$(tpl load "$TP_OBJ" 2>&1) || fail "load after the policies were unloaded: $out"
echo "$out" | grep -q "core of an older ABI replaced" || fail "message: $out"
[ "$(slot0_abi)" = "$want" ] || fail "replaced core has abi $(slot0_abi)"

# apply: the same rules
. "$(dirname "$0")/apply_lib.sh"
apply_kbundles
make_old
s=0; out=$(tpl apply -K "$EMPTY_TRUST" "$KA" 2>&1) || s=$?
expect_status "apply against an older core with a policy loaded" 3 "$s"
echo "$out" | grep -q "ABI version 1, this tpload needs version $want" || fail "apply: $out"
[ "$(ls "$TP_ROOT")" = "$(printf 'core\ntp-victim-test')" ] || fail "apply changed the root: $(ls "$TP_ROOT")"
tpl unload tp-victim-test >/dev/null || fail unload
out=$(tpl apply -n -K "$EMPTY_TRUST" "$KA" 2>&1) || fail "apply --dry-run: $out"
echo "$out" | grep -q "the pinned core has ABI version 1" || fail "apply --dry-run does not note the core: $out"
out=$(tpl apply -K "$EMPTY_TRUST" "$KA" 2>&1) || fail "apply into a root with an older core: $out"
echo "$out" | grep -q "3 added.*core of an older ABI replaced" || fail "apply: $out"
[ "$(slot0_abi)" = "$want" ] || fail "core replaced by apply has abi $(slot0_abi)"
echo "ok: a core of another ABI is refused while policies use it, replaced when none do (load, apply)"
