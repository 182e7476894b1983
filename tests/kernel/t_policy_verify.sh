#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every example policy and every codegen golden, compiled once on the host
# (build/kobj/{ex,gold}_*.bpf.o), passes this kernel's verifier and attaches
# with tpload, then unloads without leaving pins. On a shared host (not in a
# VM), an example that enforces node-wide is replaced by its narrowed
# variant (exn_*: same code, constants limited to the tests' paths), so a
# colleague's program in /tmp is not killed while it is attached.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
n=0
for obj in "$OBJ_DIR"/ex_*.bpf.o "$OBJ_DIR"/gold_*.bpf.o; do
	[ -f "$obj" ] || continue
	narrow=$OBJ_DIR/exn_$(basename "$obj" | sed 's/^ex_//')
	[ -z "${TPC_VM:-}" ] && [ -f "$narrow" ] && obj=$narrow
	out=$(tpl -j load "$obj" 2>&1) || fail "$(basename "$obj"): load failed: $out"
	name=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["policy"])' 2>/dev/null) ||
		name=$(strings "$obj" | sed -n 's/.*policy \([a-z0-9.-]*\).*/\1/p' | head -1)
	tpl unload "$name" >/dev/null || fail "unload $name"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no objects in $OBJ_DIR (make kernel-test-objs)"
ls "$TP_ROOT" | grep -v '^core$' && fail "pins left: $(ls "$TP_ROOT")"
echo "ok: $n compiled policies verified, attached and unloaded"
