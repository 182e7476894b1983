#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# process.docker from the cgroup the core captured at exec (docs/events.md,
# "process.docker"): the name of the task's cgroup in the default (v2)
# hierarchy, turned into a container id as Tetragon's agent does:
#   container  a shell moves itself into a cgroup v2 directory named like
#              systemd's docker scope (docker-<64 hex>.scope), then execs the
#              victim, which forks and execs a child: process_exec and
#              process_exit of both carry docker = the id's first 31 hex
#              digits, and so does the child's parent block
#   plain      a process in a cgroup with an ordinary name: no docker
#   seeded     a process moved into the container cgroup before the core was
#              loaded: the iterator captured its cgroup (its process_exit)
#   cgrp_id    tp_procs keeps the cgroup's id (its directory's inode number)
# Every line passes tests/events/tetragon_json.py --strict.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
# any cgroup2 mount is the default hierarchy (/sys/fs/cgroup, or .../unified
# on hybrid hosts)
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
[ -n "$cg2" ] || skip "no cgroup v2 hierarchy mounted"
id=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
[ ${#id} = 64 ] || fail "random id: $id"
cgc=$cg2/docker-$id.scope
cgp=$cg2/tpc-test-plain-$$
mkdir "$cgc" "$cgp" || skip "cannot create cgroups under $cg2"
# the processes are gone by then (killed first: on_exit runs last-in first)
on_exit "rmdir $cgc $cgp"
victim=$(mk_bin tp-victim)
mkfifo "$WORK/go-s" || fail mkfifo

# "${join[@]}" CG CMD...: a sh that moves itself into cgroup CG and execs
# CMD (the same pid; its first exec, sh's, is in the test's cgroup). A
# command, not a function: "cmd &" is then the sh itself, not a subshell.
join=(sh -c 'echo $$ > "$1/cgroup.procs" || exit 9; shift; exec "$@"' join)

# seeded: in the container cgroup before the core exists
"${join[@]}" "$cgc" "$victim" -c 'read -r _ < "$1"' seeded "$WORK/go-s" &
spid=$!
on_exit "kill -9 $spid; sleep 0.2"
for _ in $(seq 50); do [ "$(readlink /proc/$spid/exe)" = "$victim" ] && break; sleep 0.1; done
grep -q "^0::.*/docker-$id.scope\$" /proc/$spid/cgroup || fail "seeded process not in $cgc: $(cat /proc/$spid/cgroup)"

TPL_PROCESS_EVENTS=1
out=$(tpl load "$TP_OBJ" 2>&1) || fail "load: exit $?: $out"
tpl -j events >/dev/null	# drop what the load itself caused

# container: the victim in the container cgroup runs a child (not the last
# command: bash would exec it without a fork)
"${join[@]}" "$cgc" "$victim" -c 'echo $$ > "$1"; "$0" -c "echo \$\$ > \"\$1\"" "$0" "$2"; true' \
	"$victim" "$WORK/vpid" "$WORK/cpid" || fail "container victim: exit $?"
# plain: the victim in an ordinary cgroup
"${join[@]}" "$cgp" "$victim" -c 'echo $$ > "$1"' plain "$WORK/ppid" || fail "plain victim: exit $?"
cgrp_ino=$(stat -c %i "$cgc")
ent=$(procs_get "$spid") || fail "seeded pid $spid not in tp_procs"
echo go > "$WORK/go-s"
wait $spid
sleep 0.3
ev=$(tpl -j events) || fail "events: exit $?"
proc_ring_ok
check_tetragon_json "$ev"
echo "$ev" > "$WORK/events.json"
python3 - "$WORK" "$id" "$spid" "$ent" "$cgrp_ino" "docker-$id.scope" "$victim" <<'PY' || fail "cgroup data wrong (events in $WORK/events.json)"
import json, sys
work, cid, spid, ent, ino, name, victim = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7]
evs = [json.loads(l) for l in open(work + "/events.json") if l.strip()]
pid = lambda f: int(open(work + "/" + f).read())
def find(kind, p):
    # a joined process execs sh, then the victim: its victim execution
    r = [e[kind] for e in evs if kind in e and e[kind]["process"]["pid"] == p and
         e[kind]["process"].get("binary") == victim]
    assert len(r) == 1, "%s of pid %d: %d events" % (kind, p, len(r))
    return r[0]
want = cid[:31]
v, c, p = pid("vpid"), pid("cpid"), pid("ppid")
for kind in ("process_exec", "process_exit"):
    assert find(kind, v)["process"].get("docker") == want, find(kind, v)
    assert find(kind, c)["process"].get("docker") == want, find(kind, c)
    assert "docker" not in find(kind, p)["process"], find(kind, p)
assert find("process_exec", c)["parent"].get("docker") == want, find("process_exec", c)["parent"]
# the same pid's sh, before it joined the cgroup: no docker
sh = [e["process_exec"] for e in evs if "process_exec" in e and
      e["process_exec"]["process"]["pid"] == v and e["process_exec"]["process"].get("binary") != victim]
assert len(sh) == 1 and "docker" not in sh[0]["process"], sh
assert find("process_exit", spid)["process"].get("docker") == want, find("process_exit", spid)
assert "procFS" in find("process_exit", spid)["process"]["flags"].split()
# the seeded entry: cgroup id and name as captured by the iterator
val = json.loads(ent)["formatted"]["value"]
cn = val["cgrp_name"]
cn = cn if isinstance(cn, str) else bytes(cn).split(b"\0")[0].decode()
assert val["cgrp_id"] == ino, (val["cgrp_id"], ino)
assert cn == name, (cn, name)
PY
echo "ok: process cgroup data"
