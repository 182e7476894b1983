#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload events --output FILE for log shippers (docs/events.md): the export
# file rotates by size into FILE.1 ... FILE.N, keeps at most N rotated
# files, holds whole lines only (each one a Tetragon JSON object) and loses
# no record across rotations (the count of lines equals the count of
# records produced). The filters (--policy, --type, --binary; OR within a
# flag, AND across flags) select exactly their records, and -o compact
# prints one escaped line per record. Policies: flood.yaml (ktest-flood:
# getppid of tp-flooder posted, kill -0 900100 of tp-victim killed) and the
# hand-written tp_victim object (tp-victim-test: openat /etc/tpc-test*).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
ATT=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
[ -x "$ATT" ] || fail "$ATT missing (make kernel-test-objs)"
pol_setup
cp "$ATT" "$KT/bin/tp-flooder" || fail cp
pol_load flood
out=$(tpl load "$TP_OBJ" 2>&1) || fail "load $TP_OBJ: $out"
V=$KT/bin/tp-victim
F=$KT/bin/tp-flooder

# produce NFLOOD NKILL: NFLOOD getppid records (tp_events), NKILL kills by
# each policy (tp_enforce)
produce() {
	local i
	"$F" flood "$1" || fail "flooder"
	for ((i = 0; i < $2; i++)); do
		expect_status "kill -0 900100" 137 "$(run_status "$V" -c "kill -0 900100")"
		expect_status "open" 137 "$(opens "$V" /etc/tpc-test-export)"
	done
}

# every JSON line of the test, checked once at the end (check_tetragon_json)
ALL=$WORK/all.jsonl

# check_files DIR MAX: every file in DIR ends with a newline and is at most
# MAX bytes; prints the lines, oldest file first (also kept in $ALL), and
# checks that they are in time order
check_files() {
	python3 - "$1" "$2" <<'PY' || fail "export files in $1: $(ls -l "$1")"
import json, os, sys
d, mx = sys.argv[1], int(sys.argv[2])
names = sorted(os.listdir(d), key=lambda n: -int(n.rsplit(".", 1)[1]) if n != "ev.log" else 1)
t = []
for n in names:
    b = open(os.path.join(d, n), "rb").read()
    assert b.endswith(b"\n"), (n, b[-80:])
    assert len(b) <= mx, (n, len(b))
    t += [json.loads(l)["time"] for l in b.decode().splitlines()]
    sys.stdout.write(b.decode())
# compare as times: protojson drops trailing zero digits ("...:59.1Z" is
# earlier than "...:59.123Z" but sorts after it as a string)
def key(s):
    base, _, frac = s[:-1].partition(".")
    return (base, frac.ljust(9, "0"))
assert [key(x) for x in t] == sorted(key(x) for x in t), "records out of time order across the rotated files"
PY
}

# 1. rotation with room for everything: no record lost, time order kept
produce 400 3
mkdir -p "$WORK/a"
tpl events --output "$WORK/a/ev.log" --output-max-size 32K --output-max-files 100 ||
	fail "events --output: exit $?"
lines=$(check_files "$WORK/a" 32768) || exit 1
printf '%s\n' "$lines" >> "$ALL"
n=$(printf '%s\n' "$lines" | wc -l)
[ "$n" = 406 ] || fail "want 406 lines (400 posted + 6 killed) in the export files, got $n"
nf=$(ls "$WORK/a" | wc -l)
[ "$nf" -ge 5 ] || fail "32K files: want several rotations, got $nf files"
[ -z "$(tpl events)" ] || fail "records left in the rings after the export"

# 2. at most N rotated files, the newest kept, every rotated file nearly full
produce 400 0
mkdir -p "$WORK/b"
tpl events --output "$WORK/b/ev.log" --output-max-size 32K --output-max-files 3 ||
	fail "events --output (3 files): exit $?"
[ "$(ls "$WORK/b" | tr '\n' ' ')" = "ev.log ev.log.1 ev.log.2 ev.log.3 " ] ||
	fail "want ev.log and 3 rotated files: $(ls "$WORK/b")"
check_files "$WORK/b" 32768 >> "$ALL" || exit 1
for f in ev.log.1 ev.log.2 ev.log.3; do
	[ "$(stat -c %s "$WORK/b/$f")" -gt $((32768 - 2048)) ] || fail "$f is not full: $(ls -l "$WORK/b")"
done
# appending again continues FILE, a new run rotates the same way
produce 3 0
tpl events --output "$WORK/b/ev.log" --output-max-size 32K --output-max-files 3 || fail "append"
[ "$(ls "$WORK/b" | wc -l)" = 4 ] || fail "append: $(ls "$WORK/b")"

# 3. filters: each read gets a fresh set (a filtered-out record is consumed)
filt() { # EXPECTED_LINES ARGS...: the lines printed with ARGS
	local want=$1 got
	shift
	produce 5 2
	got=$(tpl -j events "$@") || fail "events $*: exit $?"
	[ -z "$got" ] || printf '%s\n' "$got" >> "$ALL"
	[ "$(printf '%s' "$got" | grep -c .)" = "$want" ] ||
		fail "events $*: want $want lines, got: $got"
	[ -z "$(tpl events)" ] || fail "events $*: the filtered-out records were not consumed"
	printf '%s\n' "$got"
}
got=$(filt 2 --policy tp-victim-test) || exit 1
[ "$(grep -c '"policy_name":"tp-victim-test"' <<< "$got")" = 2 ] || fail "--policy: $got"
got=$(filt 2 --policy ktest-flood --binary "$V") || exit 1
[ "$(grep -c '"event":"sys_enter_kill"' <<< "$got")" = 2 ] || fail "--policy AND --binary: $got"
filt 9 --policy ktest-flood --policy tp-victim-test --type process_tracepoint \
	--binary "$KT/bin/tp-*" >/dev/null
got=$(filt 5 --binary "$F" --type process_exec --type process_tracepoint) || exit 1
[ "$(grep -c '"event":"sys_enter_getppid"' <<< "$got")" = 5 ] || fail "--binary: $got"
filt 0 --type process_kprobe >/dev/null
filt 0 --policy no-such-policy >/dev/null
filt 0 --binary "$KT/bin/tp-victi" >/dev/null	# exact unless it ends in '*'
for bad in "--type process_foo" "--binary relative" "--binary /a*b" "--policy ''" \
	"--output-max-size 1X" "--output-max-files -1" "--cursor $WORK/c" "-o yaml"; do
	s=0
	eval "tpl events $bad" >/dev/null 2>&1 || s=$?
	[ "$s" = 2 ] || fail "events $bad: exit $s, want 2 (usage)"
done

# 4. -o compact: one line per record, control bytes escaped
mkdir -p "$WORK/d$(printf '\001')x"
cp "$V" "$WORK/d$(printf '\001')x/tp-victim" || fail cp
"$F" flood 1
expect_status "open" 137 "$(opens "$WORK/d$(printf '\001')x/tp-victim" /etc/tpc-test-compact)"
got=$(tpl events -o compact) || fail "compact: exit $?"
[ "$(printf '%s\n' "$got" | wc -l)" = 2 ] || fail "compact: want 2 lines: $got"
host=$(uname -n)
grep -qxF "⁉️ tracepoint $host $F syscalls sys_enter_getppid policy=ktest-flood" <<< "$got" ||
	fail "compact tracepoint line: $got"
grep -qxF "⁉️ tracepoint $host $WORK/d\\x01x/tp-victim syscalls sys_enter_openat policy=tp-victim-test action=SIGKILL" <<< "$got" ||
	fail "compact kill line (escaped): $got"
check_tetragon_json "$(cat "$ALL")"
echo "ok: export rotation (406 of 406 records, 3 rotated files kept), filters, compact"
