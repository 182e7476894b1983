#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Golden tests: run tpc on each input and compare with the expectations next
# to it (re2c/chibicc style). Usage: run-golden.sh TPC DIR
#
#   tests/golden/codegen/<name>.yaml  -> <name>.bpf.c (stdout), <name>.stderr
#   tests/golden/diag/<name>.yaml     -> <name>.stderr, and again with -j: <name>.json
#   tests/golden/examples/<name>.bpf.c <- policies/examples/<name>.yaml (examples never rot)
#
# Header lines in an input: "# RUN: <command>" ($TPC, $INPUT, $TRACEFS, $BTF expanded
# (the recorded kernel inputs: tests never read the build machine's); default per
# area), "# EXIT: <code>" (default 0). A missing expectation with empty output
# passes; with non-empty output it is MISSING (a new case is born: review it,
# then UPDATE=1). UPDATE=1 rewrites expectations: review the git diff like code.
set -u

TPC=${1:?usage: run-golden.sh TPC DIR}
DIR=${2:?usage: run-golden.sh TPC DIR}
TRACEFS=$DIR/tracefs
BTF=$DIR/btf/vmlinux.btf
pass=0
failn=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# compare ACTUAL EXPECTED-FILE LABEL
compare() {
	local actual=$1 expect=$2 label=$3
	if [ -z "$expect" ]; then	# no expectation file: output must be empty
		if [ -s "$actual" ]; then
			echo "FAIL: $label: unexpected output"
			head -20 "$actual" | sed 's/^/    /'
			return 1
		fi
		return 0
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		if [ -s "$actual" ]; then
			cp "$actual" "$expect"
		else
			rm -f "$expect"
		fi
		return 0
	fi
	if [ ! -e "$expect" ]; then
		if [ -s "$actual" ]; then
			echo "MISSING: $label ($expect)"
			head -20 "$actual" | sed 's/^/    /'
			return 1
		fi
		return 0
	fi
	if ! diff -u "$expect" "$actual" >"$tmp/diff"; then
		echo "FAIL: $label"
		head -60 "$tmp/diff"
		return 1
	fi
	return 0
}

header() { # header FILE KEY
	sed -n "s/^# $2: //p" "$1" | head -1
}

run_case() { # run_case INPUT DEFAULT_RUN STDOUT_EXPECT STDERR_EXPECT [json]
	local input=$1 defrun=$2 out_exp=$3 err_exp=$4 json=${5:-}
	local run want rc ok=0
	run=$(header "$input" RUN)
	[ -n "$run" ] || run=$defrun
	want=$(header "$input" EXIT)
	[ -n "$want" ] || want=0
	run=${run//\$TPC/$TPC}
	run=${run//\$INPUT/$input}
	run=${run//\$TRACEFS/$TRACEFS}
	run=${run//\$BTF/$BTF}
	[ -n "$json" ] && run=${run/$TPC /$TPC -j }
	# shellcheck disable=SC2086
	eval "$run" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: $input${json:+ (json)}: exit $rc, expected $want"
		sed 's/^/    /' "$tmp/err" | head -20
		ok=1
	fi
	compare "$tmp/out" "$out_exp" "$input${json:+ (json)} stdout" || ok=1
	[ -z "$json" ] && { compare "$tmp/err" "$err_exp" "$input stderr" || ok=1; }
	if [ $ok = 0 ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi
}

for f in "$DIR"/codegen/*.yaml; do
	[ -e "$f" ] || continue
	b=${f%.yaml}
	run_case "$f" '$TPC compile --emit-c --tracefs $TRACEFS --btf $BTF $INPUT' "$b.bpf.c" "$b.stderr"
done
for f in "$DIR"/diag/*.yaml; do
	[ -e "$f" ] || continue
	b=${f%.yaml}
	run_case "$f" '$TPC check --tracefs $TRACEFS --btf $BTF $INPUT' "" "$b.stderr"
	# JSON parity: same exit code, one JSON document on stdout
	run_case "$f" '$TPC check --tracefs $TRACEFS --btf $BTF $INPUT' "$b.json" "" json
done
mkdir -p "$DIR/examples"
for f in policies/examples/*.yaml; do
	[ -e "$f" ] || continue
	n=$(basename "$f" .yaml)
	run_case "$f" '$TPC compile --emit-c --tracefs $TRACEFS --btf $BTF $INPUT' "$DIR/examples/$n.bpf.c" "$DIR/examples/$n.stderr"
done

echo "golden: $pass passed, $failn failed"
[ "$failn" = 0 ]
