#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The same input and tpc give byte-identical objects whatever the working
# directory: from two directories with one absolute input path, and from two
# copies of the tree at different places with one relative path (a CI
# checkout elsewhere). Also: no host path of the build leaks into objects.
set -eu
TPC=$(realpath "${1:-build/tpc}")
ROOT=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a" "$tmp/b" "$tmp/copy1/x" "$tmp/copy2/y/z"
n=0
for f in policies/examples/*.yaml tests/golden/codegen/*.yaml; do
	base=$(basename "$f" .yaml)
	(cd "$tmp/a" && "$TPC" compile --tracefs "$ROOT/tests/golden/tracefs" --btf "$ROOT/tests/golden/btf/vmlinux.btf" --btf-module af_alg="$ROOT/tests/golden/btf/af_alg.btf" "$ROOT/$f" -o "$tmp/a/$base.o")
	(cd "$tmp/b" && "$TPC" compile --tracefs "$ROOT/tests/golden/tracefs" --btf "$ROOT/tests/golden/btf/vmlinux.btf" --btf-module af_alg="$ROOT/tests/golden/btf/af_alg.btf" "$ROOT/$f" -o "$tmp/b/$base.o")
	cmp "$tmp/a/$base.o" "$tmp/b/$base.o" || { echo "FAIL: $f differs between working directories"; exit 1; }
	for c in copy1/x copy2/y/z; do
		mkdir -p "$tmp/$c/$(dirname "$f")" "$tmp/$c/tests/golden"
		cp "$f" "$tmp/$c/$f"
		cp -r tests/golden/tracefs tests/golden/btf "$tmp/$c/tests/golden/" 2>/dev/null || true
		(cd "$tmp/$c" && "$TPC" compile --tracefs tests/golden/tracefs \
			--btf tests/golden/btf/vmlinux.btf --btf-module af_alg=tests/golden/btf/af_alg.btf \
			"$f" -o "$base.o")
	done
	cmp "$tmp/copy1/x/$base.o" "$tmp/copy2/y/z/$base.o" || { echo "FAIL: $f differs between tree locations"; exit 1; }
	if strings "$tmp/copy1/x/$base.o" | grep -q -e "$tmp" -e "$ROOT"; then
		echo "FAIL: $f: object contains a host path"; exit 1
	fi
	n=$((n + 1))
done
# a batch run compiles each policy in a forked child, a single run in-process:
# both must give the same bytes
mkdir -p "$tmp/batch"
files=$(ls policies/examples/*.yaml tests/golden/codegen/*.yaml)
# shellcheck disable=SC2086
"$TPC" compile --tracefs "$ROOT/tests/golden/tracefs" --btf "$ROOT/tests/golden/btf/vmlinux.btf" \
	--btf-module af_alg="$ROOT/tests/golden/btf/af_alg.btf" -o "$tmp/batch/" $files
for f in $files; do
	base=$(basename "$f" .yaml)
	name=$(sed -n 's/^  name: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$f" | head -1)
	cmp "$tmp/copy1/x/$base.o" "$tmp/batch/$name.bpf.o" || { echo "FAIL: $f: batch (forked) and single (in-process) compiles differ"; exit 1; }
done
echo "determinism: $n policies byte-identical across working directories and tree locations"
