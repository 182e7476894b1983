#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The signed bundles of the apply tests, made once on the host by make
# kernel-test-objs (the VMs have no tpc): mk-bundles.sh TPC OUT TPC-TARGET-OPTS...
#   OUT/A.tar  = keep.yaml kill-v1.yaml guard-a.yaml, signed by keys/ci.key
#   OUT/B.tar  = keep.yaml kill-v2.yaml guard-b.yaml, signed by keys/ci.key
#   OUT/B-untrusted.tar = B, signed by keys/other.key (not in OUT/trust)
#   OUT/trust/ci.pub    the trust directory of the tests
# Test keys, made on first use with minisign (no password): never trust them.
set -eu
tpc=$1 out=$2
shift 2
dir=tests/kernel/apply
mkdir -p "$out/keys" "$out/trust"
for k in ci other; do
	[ -s "$out/keys/$k.key" ] ||
		minisign -G -W -f -p "$out/keys/$k.pub" -s "$out/keys/$k.key" >/dev/null
done
cp "$out/keys/ci.pub" "$out/trust/ci.pub"
"$tpc" bundle "$@" -k "$out/keys/ci.key" -o "$out/A.tar" \
	$dir/keep.yaml $dir/kill-v1.yaml $dir/guard-a.yaml >/dev/null
"$tpc" bundle "$@" -k "$out/keys/ci.key" -o "$out/B.tar" \
	$dir/keep.yaml $dir/kill-v2.yaml $dir/guard-b.yaml >/dev/null
cp "$out/B.tar" "$out/B-untrusted.tar"
"$tpc" sign -k "$out/keys/other.key" "$out/B-untrusted.tar" >/dev/null
