#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload snapshot on this kernel: one file holding its BTF (byte for byte
# /sys/kernel/btf/vmlinux) and every tracepoint format, the same bytes twice.
# Where tpc is available (the host): policies compiled against that snapshot
# are byte-identical to policies compiled against the live kernel inputs.
. "$(dirname "$0")/lib.sh"
[ -r /sys/kernel/btf/vmlinux ] || skip "no /sys/kernel/btf/vmlinux"
[ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ] ||
	skip "tracefs not mounted"

snap=$WORK/node.snap
out=$("$TPLOAD" -j snapshot "$snap") || fail "tpload snapshot: exit $?: $out"
"$TPLOAD" snapshot "$WORK/again.snap" >/dev/null || fail "second snapshot"
cmp -s "$snap" "$WORK/again.snap" || fail "two snapshots of one kernel differ"
python3 - "$snap" "$out" <<'PY' || fail "snapshot content"
import hashlib, json, os, sys, tarfile
path, report = sys.argv[1], json.loads(sys.argv[2])
assert report["ok"] and report["sha256"] == hashlib.sha256(open(path, "rb").read()).hexdigest(), report
with tarfile.open(path, "r:gz") as t:
    names = t.getnames()
    assert names[0] == "tpc-snapshot", names[:3]
    hdr = dict(l.split(" ", 1) for l in t.extractfile("tpc-snapshot").read().decode().splitlines())
    assert hdr["tpc-snapshot"] == "1" and hdr["kernel"] == os.uname().release, hdr
    assert hdr["btf"] == "/sys/kernel/btf/vmlinux", hdr
    btf = t.extractfile("btf/vmlinux").read()
    assert btf == open("/sys/kernel/btf/vmlinux", "rb").read(), "BTF differs from the kernel's"
    events = hdr["tracefs"]
    fmts = [n for n in names if n.startswith("tracefs/events/")]
    assert len(fmts) == report["tracepoint_formats"] > 100, len(fmts)
    want = "tracefs/events/syscalls/sys_enter_openat/format"
    assert t.extractfile(want).read() == open(events + "/syscalls/sys_enter_openat/format", "rb").read()
    for m in t.getmembers():
        assert m.mtime == 0 and m.uid == 0 and m.mode == 0o644, m.name
PY

# no BTF where one was asked for: exit 3, the option named, nothing written
out=$("$TPLOAD" --btf "$WORK/none.btf" snapshot "$WORK/bad.snap" 2>&1)
[ $? = 3 ] || fail "missing --btf: exit $?, want 3: $out"
case $out in *"--btf"*) ;; *) fail "missing --btf not named: $out" ;; esac
[ -e "$WORK/bad.snap" ] || [ -e "$WORK/bad.snap.tmp" ] && fail "partial snapshot left"

[ -x "$TPC" ] && [ -d policies/examples ] ||
	{ echo "ok: snapshot (tpc or the repository's policies not here: no compile comparison)"; exit 0; }
mkdir -p "$WORK/live" "$WORK/snap"
# (kprobe-btf-module reads a module BTF fixture made for the golden BTF, not this kernel)
files=$(ls policies/examples/*.yaml tests/golden/codegen/*.yaml | grep -v '/kprobe-btf-module\.yaml$')
# kprobe-ftrace-list needs the kernel's available_filter_functions: where it
# cannot be read (the host: no function tracer for kprobes) the compile must
# refuse naming how to give it, and the other files are compared without it
aff=/sys/kernel/tracing/available_filter_functions
if ! head -c 1 "$aff" >/dev/null 2>&1; then
	files=$(echo "$files" | grep -v '/kprobe-ftrace-list\.yaml$')
	out=$("$TPC" compile -o "$WORK/" tests/golden/codegen/kprobe-ftrace-list.yaml 2>&1) &&
		fail "a generated_ftrace list compiled without a readable $aff"
	case $out in *"--tracefs DIR"*"[no-tracefs]"*) ;;
	*) fail "no [no-tracefs] error naming --tracefs: $out" ;; esac
fi
# shellcheck disable=SC2086
"$TPC" compile -o "$WORK/live/" $files || fail "compile against the live kernel"
# shellcheck disable=SC2086
"$TPC" compile --target-snapshot "$snap" -o "$WORK/snap/" $files || fail "compile against the snapshot"
n=0
for o in "$WORK"/live/*.bpf.o; do
	cmp -s "$o" "$WORK/snap/$(basename "$o")" || fail "$(basename "$o"): snapshot and live objects differ"
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n objects"
grep -aq "target btf /sys/kernel/btf/vmlinux sha256:$(sha256sum /sys/kernel/btf/vmlinux | cut -c1-64)" \
	"$WORK/live/define-event-class.bpf.o" || fail "the object does not record the kernel's BTF digest"
echo "ok: snapshot: $n objects byte-identical to the live compile"
