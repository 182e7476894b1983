#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchBinaries holds against executables an attacker places at long paths
# (230 bytes to past PATH_MAX, and deeper than the path walker goes), at
# long paths that end like an exempt binary (a NotIn spoof), and against a
# process the core does not know (its entry deleted):
#   - Prefix/Postfix match and NotPrefix/NotPostfix do not, at every length;
#   - a long path ending in an exempt or listed path is not that path;
#   - head not known (> 8,192 components): Prefix does not match, NotPrefix,
#     NotIn and Postfix do; with tpc-fail-closed Prefix matches too;
#   - unknown process: no operator matches (Tetragon), unless fail-closed;
#   - the counters (tpload stats) and the event's binary show it.
# Policies: tests/kernel/policies/binpath.yaml, binpath-fc.yaml.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
pol_setup
DEEP=8300	# components: more than the walker's 8,192 steps
D52=dddddddddddddddddddddddddddddddddddddddddddddddddddd
on_exit "'$ATT' rmdeep '$KT/long' d $DEEP; '$ATT' rmdeep '$KT/long' $D52 115"
cp "$KT/bin/tp-victim" "$KT/bin/tp-exempt" || fail cp

# mkpath LEN NAME: a copy of bash at $KT/long/<a...>/NAME, LEN bytes long
# (NAME may contain slashes); prints the path
mkpath() {
	local d=$KT/long want=$1 name=$2 room
	while :; do
		room=$((want - ${#d} - ${#name} - 2))
		[ $room -le 0 ] && break
		[ $room -gt 200 ] && room=200
		d=$d/$(printf '%*s' "$room" '' | tr ' ' a)
	done
	mkdir -p "$(dirname "$d/$name")" || fail "mkdir for $want"
	cp "$KT/bin/tp-victim" "$d/$name" || fail "cp to a $want-byte path"
	echo "$d/$name"
}

# kill0 BIN PID: BIN (bash) runs `kill -0 PID`; prints its exit status
kill0() {
	run_status "$1" -c "kill -0 $2"
}

# deep PID: the deep copy (head not known) runs `kill -0 PID`
deep() {
	run_status "$ATT" deep-exec "$KT/long" d "$DEEP" "$KT/bin/tp-victim" -c "kill -0 $1"
}

# unknown PID: tp-victim deletes its own tp_procs entry, then kill -0 PID
unknown() {
	run_status "$KT/bin/tp-victim" -c "
		k=\$(printf '%08x' \$\$ | sed -E 's/(..)(..)(..)(..)/0x\\4 0x\\3 0x\\2 0x\\1/')
		bpftool map delete pinned '$TP_ROOT/core/maps/tp_procs' key \$k || exit 3
		kill -0 $1"
}

# stat_of POLICY FIELD: a counter of the policy's total (tpload stats -j)
stat_of() {
	tpl -j stats "$1" | python3 -c "
import json, sys
print(json.load(sys.stdin)['policies'][0]['total']['$2'])"
}

lens="230 256 300 511 512 513 1000 3000 4000"
for n in $lens; do
	p=$(mkpath "$n" long-x)
	e=$(mkpath "$n" tmp/tpc-ktest/bin/tp-exempt)
	v=$(mkpath "$n" tmp/tpc-ktest/bin/tp-victim)
	eval "P$n=\$p E$n=\$e V$n=\$v"
done

pol_load binpath
tries=0
for n in $lens; do
	eval "p=\$P$n e=\$E$n v=\$V$n"
	expect_status "Prefix, ${#p}-byte path" 137 "$(kill0 "$p" 900001)"
	expect_status "Postfix, ${#p}-byte path" 137 "$(kill0 "$p" 900003)"
	expect_status "NotPrefix, ${#p}-byte path" 1 "$(kill0 "$p" 900004)"
	expect_status "NotPostfix, ${#p}-byte path" 1 "$(kill0 "$p" 900006)"
	expect_status "NotIn, ${#p}-byte path" 137 "$(kill0 "$p" 900002)"
	expect_status "NotIn spoof, ${#e}-byte path ending in the exempt path" 137 "$(kill0 "$e" 900002)"
	expect_status "In spoof, ${#v}-byte path ending in the listed path" 1 "$(kill0 "$v" 900005)"
	tries=$((tries + 7))
done
expect_status "NotIn, the exempt binary itself" 1 "$(kill0 "$KT/bin/tp-exempt" 900002)"
expect_status "In, the listed binary itself" 137 "$(kill0 "$KT/bin/tp-victim" 900005)"

# past PATH_MAX and past the walker: created and run with relative paths
expect_status "Prefix, $DEEP components (head not known)" 1 "$(deep 900001)"
expect_status "NotPrefix, head not known" 137 "$(deep 900004)"
expect_status "Postfix, head not known (the tail is exact)" 137 "$(deep 900003)"
expect_status "NotIn, head not known" 137 "$(deep 900002)"
tries=$((tries + 4))
# a 6,000-byte path: past PATH_MAX, head and tail known
expect_status "Prefix, 6,000 bytes" 137 \
	"$(run_status "$ATT" deep-exec "$KT/long" "$D52" 115 \
		"$KT/bin/tp-victim" -c "kill -0 900001")"
expect_status "NotIn spoof past PATH_MAX" 137 \
	"$(run_status "$ATT" deep-exec "$KT/long" "$D52" 115 \
		"$KT/bin/tp-victim" -c "kill -0 900002")"

# unknown process: no operator matches, as in Tetragon
expect_status "NotIn, unknown process" 1 "$(unknown 900002)"
expect_status "In, unknown process" 1 "$(unknown 900005)"
[ "$(stat_of ktest-binpath unknown)" -ge 2 ] || fail "unknown not counted: $(tpl stats ktest-binpath)"
tries=$((tries + 4))

# the event of the 1,000-byte victim shows head...tail
tpl -j events > "$WORK/ev" 2>"$WORK/ev.err" || fail "events: $(cat "$WORK/ev.err")"
python3 - "$WORK/ev" "$P1000" <<'PY' || fail "events"
import json, sys
want = sys.argv[2]
evs = [json.loads(l)["process_tracepoint"] for l in open(sys.argv[1]) if l.strip()]
bins = [e["process"].get("binary", "") for e in evs]
r = want[:256] + "..." + want[-256:]
assert r in bins, "no event with binary %r" % r
e = evs[bins.index(r)]
assert "truncFilename" in e["process"].get("flags", ""), e["process"]
assert e["action"] == "KPROBE_ACTION_SIGKILL", e
PY
tpl unload ktest-binpath >/dev/null || fail unload

# fail closed: what cannot be compared matches
pol_load binpath-fc
expect_status "fail-closed: Prefix, head not known" 137 "$(deep 900001)"
expect_status "fail-closed: NotIn, unknown process" 137 "$(unknown 900002)"
expect_status "fail-closed: In, unknown process" 137 "$(unknown 900005)"
expect_status "fail-closed: Prefix, 3000 bytes" 137 "$(kill0 "$P3000" 900001)"
expect_status "fail-closed: NotPrefix, 3000 bytes under the prefix" 1 "$(kill0 "$P3000" 900004)"
expect_status "fail-closed: In spoof" 1 "$(kill0 "$V3000" 900005)"
[ "$(stat_of ktest-binpath-fc failclosed)" -ge 3 ] || fail "failclosed not counted: $(tpl stats ktest-binpath-fc)"
tries=$((tries + 6))
echo "ok: matchBinaries exact for paths of 230-4000 bytes, past PATH_MAX and spoofed; head-unknown and unknown-process rules hold, fail-closed too ($tries attempts)"
