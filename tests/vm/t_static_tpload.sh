#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The air-gapped node: build/tpload-static in a VM whose root holds static
# busybox and nothing else (no bash, no libc.so, no ld.so, no compiler, no
# network), with a bundle signed on the host. The guest script
# (tests/vm/guest_static_tpload.sh) checks that there is no shared library,
# verifies the bundle, refuses a tampered copy, probes the node, runs the
# DaemonSet init container's exact command (read from
# deploy/kubernetes/daemonset.yaml: /tpload apply ... /etc/tpc/bundle/...),
# sees a policy of the bundle kill, re-runs it (a no-op), unloads.
#   tests/vm/t_static_tpload.sh [KERNEL]      (wrap in flock /tmp/tpc-vm.lock)
set -euo pipefail
KERNEL=${1:-debian-6.1-cloud}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
[ -x build/tpload-static ] && [ -x build/tpc ] || { echo "t_static_tpload: make tpload-static first" >&2; exit 1; }
command -v minisign >/dev/null || { echo "t_static_tpload: minisign missing" >&2; exit 1; }
stage=$(mktemp -d "${TMPDIR:-/tmp}/tpc-static.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/node/trust"
cp build/tpload-static "$stage/node/tpload"
minisign -G -W -p "$stage/k.pub" -s "$stage/k.key" >/dev/null
cp "$stage/k.pub" "$stage/node/trust/ci.pub"
build/tpc bundle --tracefs tests/golden/tracefs -k "$stage/k.key" -o "$stage/node/policies.tar" \
	policies/examples >/dev/null
cp "$stage/node/policies.tar" "$stage/node/tampered.tar"
cp "$stage/node/policies.tar.minisig" "$stage/node/tampered.tar.minisig"
printf '\x01' | dd of="$stage/node/tampered.tar" bs=1 seek=3000 conv=notrunc status=none
# the init container's command, one argument per line
awk '/^ *initContainers:/ { ic = 1 } ic && /^ *command:/ { c = 1; next }
     c && /^ *- / { sub(/^ *- /, ""); print; next } c { exit }' deploy/kubernetes/daemonset.yaml \
	> "$stage/node/ds-command"
grep -qx apply "$stage/node/ds-command" || { echo "FAIL: no apply command in daemonset.yaml" >&2; exit 1; }
ldd build/tpload-static >/dev/null 2>&1 && { echo "FAIL: build/tpload-static is dynamic" >&2; exit 1; }
exec tests/vm/run.sh --kernel "$KERNEL" --bare --files "$stage/node" --env "NODE=$stage/node" \
	--timeout "${TPC_VM_TIMEOUT:-300}" -- tests/vm/guest_static_tpload.sh
