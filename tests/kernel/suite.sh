#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Run the kernel test suite on the running kernel (the host, or a VM guest
# started by tests/vm/run.sh: the same script and the same objects).
#
#   tests/kernel/suite.sh [--kernel-name NAME] [--json OUT] [--require FEATS]
#                         [--skip GLOBS] [-v] [TEST...]
#
# Runs every tests/kernel/t_*.sh (or the TESTs given, by name or path), each
# a standalone bash script: exit 0 pass, 1 fail, 77 skip (with a
# "skip: <reason>" line); any other status is a failure, and so is a test
# running longer than $TPC_TEST_TIMEOUT seconds (default 180).
# Environment given to each test:
#   TPLOAD   build/tpload           TPC      build/tpc (may be absent in a VM)
#   OBJ_DIR  build/kobj: objects built once on the host, same bytes everywhere
#   WORK     a fresh scratch directory, removed afterwards
#   PIN_ROOT /sys/fs/bpf/tpc-test   KERNEL_NAME  NAME
# Before the first test, test pin roots left by a run that was killed (its
# pinned links keep enforcing and would kill this run's victims) are
# removed: $PIN_ROOT when it is the default, and every
# $PIN_ROOT-<test>-<pid> (tests/kernel/progs/tp_lib.sh) whose pid is gone.
# Writes results (tests, probed features, sha256 of every object in OBJ_DIR)
# as JSON to OUT (default build/kernel-results-NAME.json; NAME defaults to
# "host"). --require "F1 F2 ..." makes a probed feature that this kernel is
# known to have (tests/kernel/probe.sh names) a requirement: if one probes
# "no", the suite fails instead of letting its tests skip (a machine set up
# wrongly must not turn the suite into a run of skips).
# --skip "G1 G2 ..." leaves out the tests whose names match a glob (the lab
# runs loader-logic tests on one 6.1 kernel only: mk/vm.mk); they are named
# on the output and are absent from OUT.
# Exit status: 0 when no test failed, 1 otherwise, 2 usage.
set -u
# The whole script is one compound command: bash parses it before running
# it, so editing this file while it runs cannot break the running copy.
{

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
NAME=host
JSON=
VERBOSE=0
REQUIRE=
SKIP=
TESTS=()

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel-name) NAME=${2:?}; shift 2 ;;
	--json) JSON=${2:?}; shift 2 ;;
	--require) REQUIRE=${2?}; shift 2 ;;
	--skip) SKIP=${2?}; shift 2 ;;
	-v) VERBOSE=1; shift ;;
	-h|--help) sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	-*) echo "suite: unknown option $1" >&2; exit 2 ;;
	*) TESTS+=("$1"); shift ;;
	esac
done
: "${JSON:=$REPO/build/kernel-results-$NAME.json}"

export TPLOAD=${TPLOAD:-$REPO/build/tpload}
# The examples kill every program executed from /tmp/, /var/tmp/ and /dev/shm/
# (in a VM they are loaded as they are): a checkout there (a CI clone in
# /tmp) must not have the suite's own tpload killed. It runs from a copy.
case $(readlink -f "$TPLOAD" 2>/dev/null) in
/tmp/*|/var/tmp/*|/dev/shm/*)
	SAFE_BIN=$(mktemp -d /run/tpc-suite-bin.XXXXXX) &&
		cp "$TPLOAD" "$SAFE_BIN/tpload" && export TPLOAD=$SAFE_BIN/tpload &&
		echo "suite: running tpload from $TPLOAD ($REPO is under a directory the examples guard)"
	;;
esac
export TPC=${TPC:-$REPO/build/tpc}
export OBJ_DIR=${OBJ_DIR:-$REPO/build/kobj}
DEFAULT_PIN_ROOT=/sys/fs/bpf/tpc-test
export PIN_ROOT=${PIN_ROOT:-$DEFAULT_PIN_ROOT}
export KERNEL_NAME=$NAME
TIMEOUT=${TPC_TEST_TIMEOUT:-180}

if [ ${#TESTS[@]} -eq 0 ]; then
	for t in "$HERE"/t_*.sh; do
		[ -e "$t" ] && TESTS+=("$t")
	done
fi
if [ -n "$SKIP" ]; then
	kept=() left=
	for t in "${TESTS[@]}"; do
		tn=$(basename "$t" .sh) drop=
		for g in $SKIP; do
			# shellcheck disable=SC2254
			case $tn in $g) drop=1 ;; esac
		done
		if [ -n "$drop" ]; then left+=" $tn"; else kept+=("$t"); fi
	done
	TESTS=("${kept[@]}")
	[ -z "$left" ] || echo "suite: $NAME: not run here (--skip \"$SKIP\"):$left"
fi

# Seconds since boot, with centiseconds (busybox date has no %N).
now() {
	local up _
	read -r up _ < /proc/uptime
	echo "$up"
}

json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	s=${s//$'\n'/\\n}
	s=${s//$'\r'/}
	printf '"%s"' "$(printf '%s' "$s" | tr -d '\000-\010\013-\037')"
}

KREL=$(uname -r)
echo "suite: $NAME: kernel $KREL ($(uname -m)), ${#TESTS[@]} tests"

# Probe every feature once (cached per boot for the tests' `need`).
FEATS_JSON=
MISSING_REQ=
while IFS= read -r line; do
	f=${line%%:*}
	v=${line#*: }
	case "$v" in
	yes) r=true ;;
	*)
		r=false
		case " $REQUIRE " in *" $f "*) MISSING_REQ+="$f ";; esac
		;;
	esac
	FEATS_JSON+="${FEATS_JSON:+, }$(json_str "$f"): $r"
	printf '  probe %s\n' "$line"
done < <("$HERE/probe.sh" --all 2>&1)
if [ -n "$MISSING_REQ" ]; then
	echo "suite: $NAME: required features missing: $MISSING_REQ(--require; is bpffs/tracefs mounted? scripts/kernel-fs.sh)" >&2
	exit 1
fi

# sha256 of every object the tests load.
OBJS_JSON=
if [ -d "$OBJ_DIR" ]; then
	while read -r sum path; do
		OBJS_JSON+="${OBJS_JSON:+, }$(json_str "${path#"$OBJ_DIR"/}"): $(json_str "$sum")"
	done < <(find "$OBJ_DIR" -type f -name '*.o' | LC_ALL=C sort | xargs -r sha256sum)
fi

# sweep_root DIR: remove a stale test root, pins and all (unpinning the
# last reference to a link detaches it).
sweep_root() {
	"$TPLOAD" --root "$1" unload --all >/dev/null 2>&1
	rm -rf "$1" 2>/dev/null
	if [ -e "$1" ]; then
		echo "suite: cannot remove stale test root $1" >&2
	else
		echo "suite: removed stale test root $1 (left by a killed run)"
	fi
}
if [ "$PIN_ROOT" = "$DEFAULT_PIN_ROOT" ] && [ -e "$PIN_ROOT" ]; then
	sweep_root "$PIN_ROOT"
fi
for d in "$PIN_ROOT"-t_*-*; do
	[ -d "$d" ] || continue
	pid=${d##*-}
	case $pid in *[!0-9]*|'') continue ;; esac
	[ -d "/proc/$pid" ] || sweep_root "$d"
done

TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/tpc-suite.XXXXXX")
trap 'rm -rf "$TMPROOT" ${SAFE_BIN:+"$SAFE_BIN"}' EXIT
npass=0 nfail=0 nskip=0
TESTS_JSON=
T0=$(now)
for t in "${TESTS[@]}"; do
	case "$t" in
	*/*) ;;
	*) t=$HERE/${t%.sh}.sh ;;
	esac
	tn=$(basename "$t" .sh)
	if [ ! -f "$t" ]; then
		echo "suite: no such test: $t" >&2
		nfail=$((nfail + 1))
		TESTS_JSON+="${TESTS_JSON:+,
    }{\"name\": $(json_str "$tn"), \"status\": \"fail\", \"seconds\": 0, \"reason\": \"no such test\"}"
		continue
	fi
	work=$TMPROOT/$tn
	mkdir -p "$work"
	log=$TMPROOT/$tn.log
	s=$(now)
	(cd "$REPO" && WORK=$work timeout -s TERM "$TIMEOUT" bash "$t") >"$log" 2>&1 </dev/null
	rc=$?
	e=$(now)
	secs=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f", b - a }')
	reason=
	case $rc in
	0) st=pass; npass=$((npass + 1)) ;;
	77)
		st=skip; nskip=$((nskip + 1))
		reason=$(grep -m1 '^skip: ' "$log" | sed 's/^skip: //')
		[ -n "$reason" ] || reason="(no reason given)"
		;;
	*)
		st=fail; nfail=$((nfail + 1))
		if [ $rc = 124 ] || [ $rc = 143 ]; then
			reason="timeout after ${TIMEOUT}s (exit $rc)"
		else
			reason=$(grep -m1 '^FAIL: ' "$log" | sed 's/^FAIL: //')
			[ -n "$reason" ] || reason="exit $rc"
		fi
		;;
	esac
	reason=${reason:0:1000}
	printf '%-5s %-32s %6ss%s\n' "$(echo "$st" | tr a-z A-Z)" "$tn" "$secs" "${reason:+  ${reason:0:160}}"
	if [ "$st" = fail ] || [ "$VERBOSE" = 1 ]; then
		tail -n 60 "$log" | sed 's/^/    | /'
	fi
	TESTS_JSON+="${TESTS_JSON:+,
    }{\"name\": $(json_str "$tn"), \"status\": \"$st\", \"exit\": $rc, \"seconds\": $secs, \"reason\": $(json_str "$reason")}"
	rm -rf "$work"
done
TOTAL=$(awk -v a="$T0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
echo "suite: $NAME: $npass passed, $nfail failed, $nskip skipped (${TOTAL}s)"

mkdir -p "$(dirname "$JSON")"
cat > "$JSON.tmp" <<EOF
{
  "kernel_name": $(json_str "$NAME"),
  "uname_r": $(json_str "$KREL"),
  "machine": $(json_str "$(uname -m)"),
  "in_vm": $([ -n "${TPC_VM:-}" ] && echo true || echo false),
  "date": $(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)"),
  "seconds": $TOTAL,
  "features": {$FEATS_JSON},
  "objects": {$OBJS_JSON},
  "summary": {"pass": $npass, "fail": $nfail, "skip": $nskip},
  "tests": [
    $TESTS_JSON
  ]
}
EOF
mv "$JSON.tmp" "$JSON"
echo "suite: results in $JSON"
[ "$nfail" -eq 0 ]
exit
}
