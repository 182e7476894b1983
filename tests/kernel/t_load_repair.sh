#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Repair of leftovers (docs/tpload.md "TRANSACTIONS"), each reported by the
# command that repairs it (text on stderr, "repaired" in JSON):
#  - stray _staging_* / _old_* directories of older versions: removed;
#  - a policy without meta (an older tpload killed while unloading): removed,
#    its links detach;
#  - a core missing a link with no policy: removed, the next load brings a
#    whole one; with a policy: the link is re-attached (reusing the maps) and
#    the exit hook really works again (an exited process leaves tp_procs);
#  - a core missing a map while policies use it: refused (exit 3), named.
# Concurrent runs on one root are serialized: 6 parallel loads of one name
# give exactly one success; 8 parallel loads of different names all succeed
# with distinct ids; while another holder has the root's lock, tpload waits
# and changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
OBJ=$OBJ_DIR/tp_multi.bpf.o
[ -f "$OBJ" ] || fail "$OBJ missing (make kernel-test-objs)"

tpm_links() {
	python3 - <<'PY'
import json, subprocess
progs = json.loads(subprocess.check_output(["bpftool", "-j", "prog", "show"]))
ids = {p["id"] for p in progs if p.get("name", "").startswith("tpm")}
links = json.loads(subprocess.check_output(["bpftool", "-j", "link", "show"]))
print(sum(1 for l in links if l.get("prog_id") in ids))
PY
}
wait_links() {
	local n
	for _ in $(seq 50); do n=$(tpm_links); [ "$n" = "$1" ] && return 0; sleep 0.1; done
	fail "$2: $n tp-multi links in the kernel, want $1"
}

# leftovers of older versions
tpl load "$OBJ" >/dev/null || fail "load"
mkdir "$TP_ROOT/_staging_tp-multi" "$TP_ROOT/_old_123"
out=$(tpl list 2>&1 >/dev/null) || fail "list: $out"
echo "$out" | grep -q "repaired: removed leftover $TP_ROOT/_staging_tp-multi" || fail "no report: $out"
[ -e "$TP_ROOT/_staging_tp-multi" ] || [ -e "$TP_ROOT/_old_123" ] && fail "leftovers stay"
out=$(tpl list 2>&1 >/dev/null)
echo "$out" | grep -q repaired && fail "a second list repairs again: $out"

# a policy without meta: what a killed older unload left
rm "$TP_ROOT/tp-multi/meta" "$TP_ROOT/tp-multi/maps/tpm_hits" "$TP_ROOT/tp-multi/links/tpm0_openat"
wait_links 4 "policy without meta, before repair"
out=$(tpl -j list) || fail "list -j: $out"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); r=d["repaired"]; assert len(r)==1 and "incomplete policy" in r[0], r; assert d["policies"]==[], d' "$out" ||
	fail "list -j: $out"
wait_links 0 "policy without meta, after repair"

# a core missing a link, no policy: replaced by a whole one
rm "$TP_ROOT/core/links/exit"
out=$(tpl load "$OBJ" 2>&1) || fail "load over a core without exit link: $out"
echo "$out" | grep -q "removed an incomplete core (missing links/exit)" || fail "no report: $out"
echo "$out" | grep -q "core loaded" || fail "no new core: $out"
[ -e "$TP_ROOT/core/links/exit" ] || fail "new core has no exit link"

# with a policy: the link is re-attached, and it works
rm "$TP_ROOT/core/links/exit"
out=$(tpl list 2>&1 >/dev/null) || fail "list: $out"
relink_out=$out
echo "$out" | grep -q "re-attached the core's missing links (links/exit)$" || fail "no report: $out"
[ -e "$TP_ROOT/core/links/exit" ] || fail "exit link not re-attached"
sleep 30 & pid=$!
procs_has $pid || fail "tp_procs misses a new process"
kill $pid; wait $pid 2>/dev/null
for _ in $(seq 50); do procs_has $pid || break; sleep 0.1; done
procs_has $pid && fail "an exited process stays in tp_procs: the exit hook is not back"

# a core without a map under a policy cannot be repaired in place
mv_map=$TP_ROOT/core/maps/tp_events
# (seen once in a full run: the pin was gone here, and the list below exited
# 0: the whole root was gone. tpload itself removes nothing here (the relink
# only adds the link); a tpload run whose --root was a parent of this root
# used to "repair" it away (t_load_foreign_root.sh). Say what is left.)
[ -d "$TP_ROOT/core" ] || fail "$TP_ROOT/core is gone after the relink (another process removed it); relink said: $relink_out; root: $(find "$TP_ROOT" 2>&1 | sort | tr '\n' ' ')"
rm "$mv_map" || fail "no $mv_map after the relink; relink said: $relink_out; root: $(find "$TP_ROOT" | sort | tr '\n' ' ')"
s=0; out=$(tpl list 2>&1) || s=$?
expect_status "list with a core without tp_events" 3 "$s"
echo "$out" | grep -q "lacks maps/tp_events" || fail "not named: $out"
tpl unload --all >/dev/null 2>&1 || fail "unload --all takes a broken core away"
[ -e "$TP_ROOT" ] && fail "root left: $(ls -R "$TP_ROOT")"

# concurrency: one name, 6 runs at once
for i in 1 2 3 4 5 6; do (tpl load "$OBJ" >/dev/null 2>&1; echo $? > "$WORK/rc$i") & done
wait
ok=$(cat "$WORK"/rc* | grep -c '^0$'); one=$(cat "$WORK"/rc* | grep -c '^1$')
[ "$ok" = 1 ] && [ "$one" = 5 ] || fail "6 concurrent loads of one name: $ok ok, $one refused ($(cat "$WORK"/rc*))"
rm -f "$WORK"/rc*
# different names, with lists and unloads of another name in between
for i in 1 2 3 4 5 6 7 8; do (tpl load "$OBJ" --name "c$i" >/dev/null 2>&1; echo $? > "$WORK/rc$i") & done
for i in 1 2 3; do tpl list >/dev/null 2>&1 & tpl unload tp-multi >/dev/null 2>&1 & done
wait
[ "$(cat "$WORK"/rc* | sort -u)" = 0 ] || fail "concurrent loads failed: $(cat "$WORK"/rc*)"
ids=$(for i in 1 2 3 4 5 6 7 8; do bpftool -j map dump pinned "$TP_ROOT/c$i/meta" |
	python3 -c 'import json,sys,re; v=json.load(sys.stdin)[0]["value"]; t=bytes(int(b,16) for b in v).decode(); print(re.search(r"\nid (\d+)\n", t).group(1))'; done | sort -u | wc -l)
[ "$ids" = 8 ] || fail "8 concurrent loads got $ids distinct ids"
ls -A "$TP_ROOT" | grep -q '^_' && fail "journal left: $(ls -A "$TP_ROOT")"
wait_links 40 "8 policies"

# while someone holds the lock, tpload waits and changes nothing
before=$(ls -R "$TP_ROOT")
# (the holder is python: busybox in the VMs has no flock(1))
python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(3600)' "$TP_ROOT" "$WORK/locked" & hpid=$!
on_exit "kill $hpid"
for _ in $(seq 100); do [ -e "$WORK/locked" ] && break; sleep 0.1; done
[ -e "$WORK/locked" ] || fail "the lock holder did not start"
tpl unload c1 >/dev/null 2>&1 & upid=$!
sleep 1
kill -0 $upid 2>/dev/null || fail "unload finished while the root was locked"
[ "$(ls -R "$TP_ROOT")" = "$before" ] || fail "the root changed while locked"
kill $hpid; wait $hpid 2>/dev/null
wait $upid || fail "unload after the lock was released"
[ -e "$TP_ROOT/c1" ] && fail "c1 still loaded"

# unload --all while loads wait: they recreate the root and a core
for i in 1 2 3; do (tpl load "$OBJ" --name "d$i" >/dev/null 2>&1; echo $? > "$WORK/rd$i") & done
tpl unload --all >/dev/null 2>&1 || fail "unload --all"
wait
[ "$(cat "$WORK"/rd* | sort -u)" = 0 ] || fail "loads racing unload --all: $(cat "$WORK"/rd*)"
out=$(tpl list 2>&1) || fail "list: $out"
echo "$out" | grep -q repaired && fail "state needed repair: $out"
for i in 1 2 3; do	# loaded before the unload (gone) or after it (whole)
	[ ! -e "$TP_ROOT/d$i" ] || [ -e "$TP_ROOT/d$i/meta" ] || fail "d$i is not whole"
done
echo "ok: leftovers repaired and reported; concurrent runs serialized"
