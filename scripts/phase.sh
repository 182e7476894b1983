#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# phase.sh LOG NAME CMD...: run CMD as one phase of `make test`, print how
# long it took and append "NAME STATUS SECONDS" to LOG, so a CI log shows
# where the 30-minute budget goes. `phase.sh --summary LOG` prints LOG.
# `phase.sh --parallel LOG NAME CMD...` marks NAME's line as one of phases
# run at the same time (scripts/phases-parallel.sh, which logs the group's
# wall time): the summary shows it but leaves it out of the total.
# Exit status: CMD's.
set -u
if [ "${1:-}" = --summary ]; then
	[ -r "${2:-}" ] || exit 0
	echo "phases (seconds):"
	awk '$4 == "parallel" { printf "  %-16s %-4s %6d  (in parallel, in its group)\n", $1, $2, $3; next }
	     { printf "  %-16s %-4s %6d\n", $1, $2, $3; t += $3 }
	     END { printf "  %-16s      %6d\n", "total", t }' "$2"
	exit 0
fi
par=
[ "${1:-}" = --parallel ] && { par=" parallel"; shift; }
[ $# -ge 3 ] || { echo "usage: phase.sh LOG NAME CMD... | phase.sh --summary LOG" >&2; exit 2; }
log=$1 name=$2
shift 2
start=$(date +%s)
"$@"
rc=$?
secs=$(( $(date +%s) - start ))
status=ok
[ "$rc" = 0 ] || status=FAIL
echo "$name $status $secs$par" >> "$log"
echo "== phase $name: $status in ${secs} s"
exit "$rc"
