#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# corpus_verify.sh OBJDIR OUT: run in a VM guest by `make corpus`
# (scripts/corpus-report.py): load every OBJDIR/*/*.bpf.o with tpload on a
# private pin root (the verifier and the attach), with --mechanism auto and,
# when the object has kprobe programs, again with --mechanism kprobe; unload.
# Writes one JSON line per load to OUT: {"obj", "mechanism", "exit", "out"}
# ("out": tpload -j's document, or its messages when it printed none).
set -u
OBJDIR=$1
OUT=$2
TPLOAD=${TPLOAD:-$(cd "$(dirname "$0")/../.." && pwd)/build/tpload}
ROOT=/sys/fs/bpf/tpc-corpus
: > "$OUT"

json_str() {
	python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))'
}

n=0
for obj in "$OBJDIR"/*/*.bpf.o; do
	[ -f "$obj" ] || continue
	for mech in auto kprobe; do
		if [ "$mech" = kprobe ] && ! grep -aq "prog [0-9]* kprobe " "$obj"; then
			continue
		fi
		rc=0
		out=$("$TPLOAD" --root "$ROOT" -j load --mechanism "$mech" "$obj" 2>/tmp/corpus.err) || rc=$?
		err=$(tail -c 4000 /tmp/corpus.err)
		name=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("policy",""))' 2>/dev/null)
		[ "$rc" = 0 ] && [ -n "$name" ] && "$TPLOAD" --root "$ROOT" unload "$name" >/dev/null 2>&1
		printf '{"obj": %s, "mechanism": "%s", "exit": %d, "out": %s, "err": %s}\n' \
			"$(printf '%s' "${obj#"$OBJDIR"/}" | json_str)" "$mech" "$rc" \
			"$(printf '%s' "$out" | json_str)" "$(printf '%s' "$err" | json_str)" >> "$OUT"
		n=$((n + 1))
	done
done
"$TPLOAD" --root "$ROOT" unload --all >/dev/null 2>&1
echo "corpus_verify: $n loads"
