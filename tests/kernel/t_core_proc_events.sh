#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# process_exec / process_exit from the core, and process/parent blocks from
# what it captured at exec (docs/events.md "process_exec and process_exit"):
#   tree     shell -> child C (tp-victim, exits 3) -> grandchild G; G waits
#            until C has exited, execs tp-victim in its own cwd with an
#            argument with spaces and a long argument list (truncArgs), and
#            is SIGKILLed by the policy: its process_tracepoint carries the
#            exec_id of its process_exec and C (gone) as its parent
#   exit     status 3 for C, signal SIGKILL for G
#   exact    E's argv[1..] is 511 bytes (512 with its last NUL), F's 512
#            (TP_ARGS_MAX): both kept whole, no truncArgs
#   seeded   a process started before the core: procFS entry with its args
#            (from /proc) and cwd, seen in its process_exit
#   off      a core loaded with --no-process-events posts none
# The process ring is tp_lib.sh's TPL_PROC_RING (the machine's other execs go
# into it too); proc_ring_ok fails, saying so, if it overflowed anyway.
# Every line passes tests/events/tetragon_json.py --strict.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
victim=$(mk_bin tp-victim)
mkdir -p "$WORK/cwd-g" "$WORK/cwd-s" || fail mkdir
mkfifo "$WORK/go-s" || fail mkfifo

# seeded: started before the core, waits on a fifo
(cd "$WORK/cwd-s" && exec "$victim" -c 'read -r _ < "$1"' seeded "$WORK/go-s" "x y") &
spid=$!
on_exit "kill -9 $spid"
# seeded only if it runs the victim before the core exists (a slow exec
# would be recorded by the core's exec hook instead)
for _ in $(seq 50); do [ "$(readlink /proc/$spid/exe)" = "$victim" ] && break; sleep 0.1; done

TPL_PROCESS_EVENTS=1
out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
tpl -j events >/dev/null	# drop what the load itself caused
procs_has $spid || fail "the process started before the core ($spid) was not seeded"
tpl -j list | python3 -c 'import json,sys; assert json.load(sys.stdin)["core"]["process_events"] is True' ||
	fail "list: process_events is not true"

# G's arguments: "-c" SCRIPT "a b" then 60 args of 9 bytes (> TP_ARGS_MAX, 512)
long=()
for i in $(seq 1000 1059); do long+=("arg-$i"); done
gscript='exec 3< /etc/tpc-test-procs'
printf '%s\0' -c "$gscript" "a b" "${long[@]}" > "$WORK/gargs"
"$victim" -c '
	( while kill -0 $$ 2>/dev/null; do sleep 0.05; done
	  cd "$2" && echo $BASHPID > "$3" && exec "$4" "${@:5}" ) &
	echo $$ > "$1"; exit 3' c "$WORK/cpid" "$WORK/cwd-g" "$WORK/gpid" "$victim" \
	-c "$gscript" "a b" "${long[@]}" </dev/null >/dev/null 2>&1
[ $? = 3 ] || fail "child did not exit 3"
for _ in $(seq 100); do [ -s "$WORK/gpid" ] && ! kill -0 "$(cat "$WORK/gpid")" 2>/dev/null && break; sleep 0.1; done
[ -s "$WORK/gpid" ] || fail "grandchild did not start"
# E, F: argv[1..] = "-c" SCRIPT FILE FILLER, 512 and 513 bytes with their NULs
escript='echo $$ > "$0"'
for x in e:512 f:513; do
	n=$((${x#*:} - 3 - ${#escript} - 1 - ${#WORK} - 5 - 1 - 1))
	filler=$(printf 'f%.0s' $(seq $n))
	printf '%s\0' -c "$escript" "$WORK/${x%:*}pid" "$filler" > "$WORK/${x%:*}args"
	[ "$(stat -c %s "$WORK/${x%:*}args")" = "${x#*:}" ] || fail "$x: wrong argument bytes"
	"$victim" -c "$escript" "$WORK/${x%:*}pid" "$filler" || fail "$x failed"
done
echo go > "$WORK/go-s"
wait $spid
sleep 0.3
ev=$(tpl -j events) || fail "events: exit $?"
proc_ring_ok
check_tetragon_json "$ev"
echo "$ev" > "$WORK/events.json"
python3 - "$WORK" "$(cat "$WORK/cpid")" "$(cat "$WORK/gpid")" "$spid" "$victim" "$$" <<'PY' || fail "process events wrong (events in $WORK/events.json)"
import base64, json, os, sys
work, cpid, gpid, spid, victim, shell = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
evs = [json.loads(l) for l in open(work + "/events.json") if l.strip()]
def find(kind, pid):
    r = [e[kind] for e in evs if kind in e and e[kind]["process"]["pid"] == pid]
    assert len(r) == 1, "%s of pid %d: %d events" % (kind, pid, len(r))
    return r[0]
def tetragon_args(raw, limit=512):
    # pkg/process ArgsDecoder() of the kept bytes
    toks = raw[:limit].rstrip(b"\0").split(b"\0")
    s = ""
    for a in toks:
        a = a.decode()
        if " " in a:
            s += ' "' + a + '"'
        else:
            s = a if not s else s + " " + a
    return s
# C: exec + exit 3, parent is the (seeded) test shell
c = find("process_exec", cpid)
assert c["process"]["binary"] == victim, c
cf = c["process"]["flags"].split()
assert cf[0] == "execve" and cf[-1] == "clone", cf
assert c["parent"]["pid"] == shell, c["parent"]
assert c["process"]["parent_exec_id"] == c["parent"]["exec_id"]
assert "procFS" in c["parent"]["flags"].split(), c["parent"]
cx = find("process_exit", cpid)
assert cx.get("status") == 3 and "signal" not in cx, cx
assert cx["process"]["exec_id"] == c["process"]["exec_id"]
# G: exec after C exited; parent block = C from captured data
g = find("process_exec", gpid)
gp = g["process"]
assert gp["binary"] == victim, gp
assert gp["cwd"] == os.path.realpath(work + "/cwd-g"), gp.get("cwd")
flags = gp["flags"].split()
assert flags == ["execve", "truncArgs", "clone"], gp["flags"]
raw = open(work + "/gargs", "rb").read()
assert gp["arguments"] == tetragon_args(raw), (gp["arguments"], tetragon_args(raw))
assert ' "a b" ' in gp["arguments"], gp["arguments"]
assert gp["uid"] == os.geteuid() and "auid" in gp
assert gp["parent_exec_id"] == c["process"]["exec_id"], (gp, c)
assert g["parent"]["exec_id"] == c["process"]["exec_id"] and g["parent"]["pid"] == cpid, g["parent"]
node, kt, pid = base64.b64decode(gp["exec_id"]).decode().rsplit(":", 2)
assert int(pid) == gpid and int(kt) > 0
# G's tracepoint event: same exec_id, same parent
t = [e["process_tracepoint"] for e in evs if "process_tracepoint" in e]
assert len(t) == 1, "want one process_tracepoint, got %d" % len(t)
t = t[0]
assert t["process"]["exec_id"] == gp["exec_id"], (t["process"], gp)
assert t["process"]["arguments"] == gp["arguments"] and t["process"]["cwd"] == gp["cwd"]
assert t["parent"]["exec_id"] == c["process"]["exec_id"], t.get("parent")
gx = find("process_exit", gpid)
assert gx.get("signal") == "SIGKILL" and "status" not in gx, gx
assert gx["parent"]["exec_id"] == c["process"]["exec_id"]
# without --process-cred / --process-ns (the default): none of their blocks
for e in evs:
    for k, v in e.items():
        if isinstance(v, dict):
            for blk in (v.get("process", {}), v.get("parent", {})):
                assert not {"cap", "ns", "process_credentials"} & set(blk), blk
# E, F: up to TP_ARGS_MAX bytes without the last NUL: kept whole
for x in "ef":
    e = find("process_exec", int(open(work + "/%spid" % x).read()))["process"]
    assert "truncArgs" not in e["flags"].split(), (x, e["flags"])
    assert e["arguments"] == tetragon_args(open(work + "/%sargs" % x, "rb").read(), 513), (x, e["arguments"])
# seeded process: procFS, args from /proc, its cwd
s = find("process_exit", spid)["process"]
assert s["flags"].split()[0] == "procFS" and "errorArgs" not in s["flags"], s["flags"]
sargs = [b"-c", b'read -r _ < "$1"', b"seeded", (work + "/go-s").encode(), b"x y"]
assert s["arguments"] == tetragon_args(b"\0".join(sargs) + b"\0"), s["arguments"]
assert s["cwd"] == os.path.realpath(work + "/cwd-s"), s.get("cwd")
PY

# --type filters (other processes of the machine exec and exit too)
"$victim" -c 'exit 0'
sleep 0.2
tpl -j events --type process_exit > "$WORK/only-exit.json" || fail "events --type"
grep -q process_exec "$WORK/only-exit.json" && fail "--type process_exit printed a process_exec"
grep -q '"process_exit"' "$WORK/only-exit.json" || fail "--type process_exit printed nothing"

# off: a core created with --no-process-events posts none
tpl unload --all >/dev/null || fail "unload"
out=$(tpl load --no-process-events "$TP_OBJ" 2>&1) || fail "load --no-process-events: $out"
tpl -j list | python3 -c 'import json,sys; assert json.load(sys.stdin)["core"]["process_events"] is False' ||
	fail "list: process_events is not false"
"$victim" -c 'exit 0'
sleep 0.2
ev=$(tpl -j events) || fail "events: exit $?"
[ -z "$ev" ] || fail "--no-process-events: events posted: $ev"
echo "ok: process events"
