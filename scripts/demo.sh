#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make demo: compile an example policy, load it with tpload (which exits),
# show the kernel killing a process that writes under /etc, print the event,
# unload, and show the same write succeeding. Needs root (CAP_BPF).
set -euo pipefail
cd "$(dirname "$0")/.."

TPC=build/tpc
TPLOAD=build/tpload
POLICY=policies/examples/block-etc-writes.yaml
OBJ=build/demo/block-etc-writes.bpf.o
VICTIM=/etc/tpc-demo.conf

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
cleanup() {
	"$TPLOAD" unload block-etc-writes >/dev/null 2>&1 || true
	rm -f "$VICTIM"
}
trap cleanup EXIT

if [ "$(id -u)" != 0 ]; then
	echo "demo: loading BPF programs needs root" >&2
	exit 3
fi
mkdir -p build/demo
# tpc reads tracepoint formats from tracefs; tpload mounts bpffs itself
scripts/kernel-fs.sh || exit 3

say "1. Compile $POLICY (validation, codegen, in-process clang)"
sed -n '/^apiVersion/,$p' "$POLICY"
"$TPC" compile "$POLICY" -o "$OBJ"
ls -l "$OBJ"

# The core (process table, ring buffers) stays pinned after the last policy is
# unloaded; remove it at the end only if this demo created it.
core_existed=0
[ -e /sys/fs/bpf/tpc/core ] && core_existed=1

say "2. Load it: tpload attaches, pins under /sys/fs/bpf/tpc/ and exits"
"$TPLOAD" load "$OBJ"
"$TPLOAD" list
pgrep -a tpload || echo "(no tpload process is running: enforcement needs no agent)"

say "3. A shell appends to $VICTIM: the kernel kills it (SIGKILL, exit 137)"
set +e
sh -c "echo 'hello' >> $VICTIM"
rc=$?
set -e
echo "exit status: $rc"
[ "$rc" = 137 ] || { echo "demo: expected 137 (SIGKILL)"; exit 1; }
echo "reading /etc is still fine: $(head -c 40 /etc/hostname)"

say "4. The event, as Tetragon JSON (drained from the pinned ring buffer)"
"$TPLOAD" -j events --count 1 --type process_kprobe --type process_tracepoint --type process_lsm

say "5. Unload: links and maps are unpinned, enforcement stops"
"$TPLOAD" unload block-etc-writes
sh -c "echo 'hello' >> $VICTIM"
echo "the same write now succeeds: $(cat $VICTIM)"
if [ "$core_existed" = 0 ] && "$TPLOAD" -j list | grep -q '"policies":\[\]'; then
	# nothing else was loaded meanwhile: remove the core this demo created
	"$TPLOAD" unload --all
fi
ls /sys/fs/bpf/tpc/ 2>/dev/null || echo "(nothing is pinned under /sys/fs/bpf/tpc any more)"
say "Done."
