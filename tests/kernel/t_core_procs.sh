#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The core keeps tp_procs right for real processes:
#   exec   absolute path of the executable (TP_PROC_EXECVE), ppid
#   fork   a child process inherits the entry (TP_PROC_CLONE), threads don't
#          get their own entry
#   exit   the entry goes when the last thread exits, not before
#   paths  symlinks resolved, mount points crossed (tmpfs mounted in $WORK),
#          #! scripts record the interpreter, paths of 512 bytes or more keep
#          head and tail with TP_PROC_SPLIT (and still match "/tp-victim")
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"

# entry_check PID PATH FLAGS_SET [PPID]
entry_check() {
	local e
	e=$(procs_get "$1") || fail "pid $1 not in tp_procs"
	python3 - "$e" "$2" "$3" "${4:-}" <<'PY' || fail "tp_procs[$1]: $e"
import json, sys
v = json.loads(sys.argv[1])["formatted"]["value"]
path = v["path"] if isinstance(v["path"], str) else bytes(v["path"]).decode()
want, flags, ppid = sys.argv[2], int(sys.argv[3], 0), sys.argv[4]
assert path == want, "path %r != %r" % (path, want)
assert v["path_len"] == len(want), "path_len %d" % v["path_len"]
assert v["flags"] & flags == flags, "flags %#x lack %#x" % (v["flags"], flags)
assert not ppid or v["ppid"] == int(ppid), "ppid %d != %s" % (v["ppid"], ppid)
PY
}

victim=$(mk_bin tp-victim)
mkfifo "$WORK/f1" "$WORK/f2" || fail mkfifo

# exec + fork: the victim records its pid, forks a subshell that waits
"$victim" -c "echo \$\$ > '$WORK/p1'; ( echo \$BASHPID > '$WORK/p2'; read -r _ < '$WORK/f2' ) & read -r _ < '$WORK/f1'; wait" \
	</dev/null >/dev/null 2>&1 &
vpid=$!
on_exit "kill -9 $vpid"
for _ in $(seq 50); do [ -s "$WORK/p2" ] && [ -s "$WORK/p1" ] && break; sleep 0.1; done
p1=$(cat "$WORK/p1") p2=$(cat "$WORK/p2")
[ "$p1" = "$vpid" ] || fail "victim pid $p1 != $vpid"
entry_check "$p1" "$victim" 0x1 $$
entry_check "$p2" "$victim" 0x8 "$p1"
echo go > "$WORK/f2"
for _ in $(seq 50); do procs_has "$p2" || break; sleep 0.1; done
procs_has "$p2" && fail "entry of exited child $p2 still present"
procs_has "$p1" || fail "entry of the parent $p1 went with its child"
echo go > "$WORK/f1"
wait $vpid
for _ in $(seq 50); do procs_has "$p1" || break; sleep 0.1; done
procs_has "$p1" && fail "entry of exited process $p1 still present"

# threads: a thread exiting keeps the entry; the process exiting removes it
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
"$py" -c "
import threading, os, sys
open('$WORK/tp', 'w').write(str(os.getpid()))
t = threading.Thread(target=lambda: open('$WORK/f1').read())
t.start(); t.join()
open('$WORK/f2').read()
" &
tpid=$!
for _ in $(seq 50); do [ -s "$WORK/tp" ] && break; sleep 0.1; done
[ "$(cat "$WORK/tp")" = "$tpid" ] || fail "python pid"
echo go > "$WORK/f1"
sleep 0.3
procs_has "$tpid" || fail "a thread's exit removed the process entry"
entry_check "$tpid" "$(readlink "/proc/$tpid/exe")" 0x1
echo go > "$WORK/f2"
wait $tpid
for _ in $(seq 50); do procs_has "$tpid" || break; sleep 0.1; done
procs_has "$tpid" && fail "entry of exited threaded process $tpid still present"

# symlink: the file's path is recorded, and it matches
ln -s "$victim" "$WORK/link-to-it"
expect_status "tp-victim run through a symlink" 137 "$(opens "$WORK/link-to-it" /etc/tpc-test-ln)"

# #! script: the interpreter is what runs
printf '#!%s\nexec 3< /etc/tpc-test-script\n' "$victim" > "$WORK/script"
chmod +x "$WORK/script"
s=0; "$WORK/script" </dev/null >/dev/null 2>&1 || s=$?
expect_status "#! script interpreted by tp-victim" 137 "$s"

# mount crossing: a tmpfs mounted inside $WORK
mkdir -p "$WORK/mnt"
if mount -t tmpfs tpc-test "$WORK/mnt" 2>/dev/null; then
	on_exit "umount -l '$WORK/mnt'"
	cp "$victim" "$WORK/mnt/tp-victim"
	"$WORK/mnt/tp-victim" -c "echo \$\$ > '$WORK/p3'; read -r _ < '$WORK/f1'" </dev/null >/dev/null 2>&1 &
	mpid=$!
	for _ in $(seq 50); do [ -s "$WORK/p3" ] && break; sleep 0.1; done
	entry_check "$mpid" "$WORK/mnt/tp-victim" 0x1
	echo go > "$WORK/f1"
	wait $mpid
else
	echo "note: cannot mount tmpfs, mount crossing not tested"
fi

# long paths: whole below 512 bytes; above, head and tail (TP_PROC_SPLIT)
# with the whole length; both still match Postfix "/tp-victim"
for want in 300 700; do
	d=$WORK/long$want
	while [ $((${#d} + 10)) -lt $want ]; do d=$d/dddddddddddddddddddddddddddddddddddddddd; done
	mkdir -p "$d"
	cp "$victim" "$d/tp-victim"
	rm -f "$WORK/p4"
	"$d/tp-victim" -c "echo \$\$ > '$WORK/p4'; read -r _ < '$WORK/f1'" </dev/null >/dev/null 2>&1 &
	lpid=$!
	for _ in $(seq 50); do [ -s "$WORK/p4" ] && break; sleep 0.1; done
	e=$(procs_get "$lpid") || fail "long-path process not in tp_procs"
	python3 - "$e" "$d/tp-victim" <<'PY' || fail "long path entry: $e"
import json, sys
v = json.loads(sys.argv[1])["formatted"]["value"]
path = v["path"] if isinstance(v["path"], str) else bytes(v["path"]).decode()
want = sys.argv[2]
assert v["path_len"] == len(want), "path_len %d != %d" % (v["path_len"], len(want))
if len(want) < 512:
    assert not v["flags"] & 0x4 and path == want, "whole path: %r" % path
else:
    assert v["flags"] & 0x4, "no TP_PROC_SPLIT"
    assert path == want[:256] + want[-256:], "head+tail: %r" % path
PY
	echo go > "$WORK/f1"
	wait $lpid
	expect_status "tp-victim with a ${#d}-byte path" 137 "$(opens "$d/tp-victim" /etc/tpc-test-long)"
done
echo "ok: exec/fork/exit/threads/symlink/script/mount/long path"
