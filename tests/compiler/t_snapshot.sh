#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Target snapshots without root: `tpload snapshot` of the recorded test inputs
# (--btf tests/golden/btf/vmlinux.btf, --tracefs tests/golden/tracefs) gives
# the same bytes twice, and every example and golden policy compiled with
# `tpc --target-snapshot` is byte-identical to the same policy compiled with
# --btf/--tracefs, and so are bundles. Plus the failures: a snapshot with --btf (usage), a
# truncated snapshot (bad-snapshot, exit 3). tests/kernel/t_snapshot.sh does
# the same against the running kernel.
set -eu
TPC=${1:-build/tpc}
TPLOAD=${2:-build/tpload}
IN="--tracefs tests/golden/tracefs --btf tests/golden/btf/vmlinux.btf"
# module BTF (btfTypeModule goldens): given the same way with either
MOD="--btf-module af_alg=tests/golden/btf/af_alg.btf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$TPLOAD" --btf tests/golden/btf/vmlinux.btf snapshot --tracefs tests/golden/tracefs "$tmp/a.snap" >/dev/null
"$TPLOAD" --btf "$PWD/tests/golden/btf/vmlinux.btf" snapshot --tracefs "$PWD/tests/golden/tracefs/" "$tmp/b.snap" >/dev/null
cmp "$tmp/a.snap" "$tmp/b.snap" || { echo "FAIL: snapshots of the same inputs differ"; exit 1; }
files=$(ls policies/examples/*.yaml tests/golden/codegen/*.yaml)
mkdir -p "$tmp/files" "$tmp/snap"
# shellcheck disable=SC2086
"$TPC" compile $IN $MOD -o "$tmp/files/" $files
# shellcheck disable=SC2086
"$TPC" compile --target-snapshot "$tmp/a.snap" $MOD -o "$tmp/snap/" $files
n=0
for o in "$tmp"/files/*.bpf.o; do
	cmp "$o" "$tmp/snap/$(basename "$o")" || { echo "FAIL: $(basename "$o"): --target-snapshot and --btf/--tracefs objects differ"; exit 1; }
	n=$((n + 1))
done
# a bundle records the objects' target lines: the same bytes both ways too
# shellcheck disable=SC2086
"$TPC" bundle $IN $MOD -o "$tmp/files.tar" policies/examples tests/golden/codegen >/dev/null
# shellcheck disable=SC2086
"$TPC" bundle --target-snapshot "$tmp/a.snap" $MOD -o "$tmp/snap.tar" policies/examples tests/golden/codegen >/dev/null
cmp "$tmp/files.tar" "$tmp/snap.tar" || { echo "FAIL: bundles from --target-snapshot and --btf/--tracefs differ"; exit 1; }
grep -aq "^target define-event-class btf vmlinux.btf sha256:" "$tmp/snap.tar" ||
	{ echo "FAIL: the bundle manifest lacks the objects' target lines"; exit 1; }
rc=0
"$TPC" check --target-snapshot "$tmp/a.snap" --btf x policies/examples/audit-sigkill.yaml 2>/dev/null || rc=$?
[ $rc = 2 ] || { echo "FAIL: --target-snapshot with --btf: exit $rc, want 2"; exit 1; }
head -c $(($(wc -c < "$tmp/a.snap") / 2)) "$tmp/a.snap" > "$tmp/cut.snap"
rc=0
out=$("$TPC" check --target-snapshot "$tmp/cut.snap" policies/examples/audit-sigkill.yaml 2>&1) || rc=$?
[ $rc = 3 ] && [[ $out == *"[bad-snapshot]"* ]] || { echo "FAIL: truncated snapshot: exit $rc: $out"; exit 1; }
# The function list rides along with --tracefs (DIR/available_filter_functions) and
# is recorded by its last component; a node without one records "functions -", and a
# generated_ftrace list then fails naming the snapshot (exit 3).
tar -xzOf "$tmp/a.snap" tpc-snapshot | grep -qx "functions available_filter_functions" ||
	{ echo "FAIL: the snapshot's header lacks 'functions available_filter_functions'"; exit 1; }
mkdir -p "$tmp/nofn"
cp -r tests/golden/tracefs/. "$tmp/nofn/events"
rm "$tmp/nofn/events/available_filter_functions"
"$TPLOAD" --btf tests/golden/btf/vmlinux.btf snapshot --tracefs "$tmp/nofn/events" "$tmp/nofn.snap" >/dev/null
tar -xzOf "$tmp/nofn.snap" tpc-snapshot | grep -qx "functions -" ||
	{ echo "FAIL: a snapshot without a function list does not say 'functions -'"; exit 1; }
rc=0
out=$("$TPC" check --target-snapshot "$tmp/nofn.snap" tests/golden/codegen/kprobe-ftrace-list.yaml 2>&1) || rc=$?
[ $rc = 3 ] && [[ $out == *"has no tracefs/available_filter_functions"*"[no-tracefs]"* ]] ||
	{ echo "FAIL: generated_ftrace from a snapshot without functions: exit $rc: $out"; exit 1; }
# A snapshot comes from a node, which may be hostile: mutated archives (plain tar,
# which tpc reads too) never crash tpc nor make it report an internal error.
gzip -dc "$tmp/a.snap" > "$tmp/plain.tar"
python3 - "$TPC" "$tmp/plain.tar" <<'PY'
import random, subprocess, sys
tpc, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
rng = random.Random(20261202)
for i in range(60):
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        p = rng.randrange(len(b))
        b[p] = rng.randrange(256) if rng.random() < 0.7 else ord(rng.choice("0123456789 /\0\n"))
    open(path + ".m", "wb").write(b)
    for pol in ("tests/golden/codegen/raw-and-fields.yaml", "tests/golden/codegen/define-event-class.yaml"):
        r = subprocess.run([tpc, "-j", "check", "--target-snapshot", path + ".m", pol],
                           capture_output=True, timeout=60)
        if r.returncode not in (0, 1, 3) or r.returncode < 0:
            sys.exit("FAIL: mutated snapshot %d: exit %d: %s" % (i, r.returncode, r.stderr[-400:]))
PY
echo "snapshot: $n objects from --target-snapshot byte-identical to --btf/--tracefs; 60 mutated snapshots handled"
