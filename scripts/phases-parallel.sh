#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# phases-parallel.sh LOG GROUP NAME CMD [NAME CMD]...: run several phases of
# `make test` at the same time (each CMD is one shell command, run through
# scripts/phase.sh as phase NAME), each with its output in
# $(dirname LOG)/phase-logs/NAME.log. When a phase ends its log is printed
# whole, under a header, so concurrent phases do not interleave on the
# console; `tail -f` the log files to follow them live. GROUP's wall time
# goes to LOG as "GROUP STATUS SECONDS", the members' lines are marked
# "(parallel)" so that `phase.sh --summary` does not count them twice.
# Exit status: 0 when every phase succeeded, 1 otherwise (each failing
# phase is named at the end; its log was printed when it ended).
set -u
[ $# -ge 4 ] && [ $(( ($# - 2) % 2 )) = 0 ] ||
	{ echo "usage: phases-parallel.sh LOG GROUP NAME CMD [NAME CMD]..." >&2; exit 2; }
log=$1 group=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
logdir=$(dirname "$log")/phase-logs
mkdir -p "$logdir"

declare -A name_of=()
names=()
start=$(date +%s)
while [ $# -gt 0 ]; do
	name=$1 cmd=$2
	shift 2
	out=$logdir/$name.log
	: > "$out"
	"$here/phase.sh" --parallel "$log" "$name" bash -c "$cmd" > "$out" 2>&1 &
	name_of[$!]=$name
	names+=("$name")
	echo "== phase $name: started (pid $!), output in $out"
done

# Kill what is still running if we are interrupted (make's ^C, a timeout).
trap 'kill "${!name_of[@]}" 2>/dev/null; exit 130' INT TERM

failed=
while [ ${#name_of[@]} -gt 0 ]; do
	pid=
	wait -n -p pid "${!name_of[@]}"
	rc=$?
	[ -n "$pid" ] || continue
	name=${name_of[$pid]}
	unset "name_of[$pid]"
	echo "================================================================ $name (exit $rc)"
	cat "$logdir/$name.log"
	echo "================================================================ end of $name"
	[ "$rc" = 0 ] || failed="$failed $name"
done

secs=$(( $(date +%s) - start ))
status=ok
[ -z "$failed" ] || status=FAIL
echo "$group $status $secs" >> "$log"
echo "== phase $group ($(echo "${names[@]}" | tr ' ' '+') in parallel): $status in ${secs} s${failed:+; failed:$failed}"
[ -z "$failed" ]
