# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Helpers for the tests of tpload apply (t_apply*.sh). Sourced after lib.sh
# and progs/tp_lib.sh.

# The object ABI of $TPLOAD ("tpload 0.1.0 (abi N)")
apply_abi() {
	"$TPLOAD" -V | sed -n 's/.*(abi \([0-9]*\)).*/\1/p'
}

# apply_kbundles: $KA, $KB (unsigned bundles of hand-written objects,
# tests/kernel/progs/tp_apply_*.bpf.c), $KB_REJECT (KB + an object the
# verifier rejects), $KB_NOHOOK (KB + an object with a hook this kernel does
# not have), and $EMPTY_TRUST (a trust directory with no key), in $WORK
apply_kbundles() {
	local o=$OBJ_DIR abi mk
	abi=$(apply_abi)
	[ -n "$abi" ] || fail "cannot read the ABI from $TPLOAD -V"
	mk="python3 $(dirname "${BASH_SOURCE[0]}")/mkbundle.py --abi $abi"
	for f in keep v1 v2 old new; do
		[ -f "$o/tp_apply_$f.bpf.o" ] || fail "$o/tp_apply_$f.bpf.o missing (make kernel-test-objs)"
	done
	KA=$WORK/KA.tar KB=$WORK/KB.tar KB_REJECT=$WORK/KB-reject.tar KB_NOHOOK=$WORK/KB-nohook.tar
	$mk "$KA" tp-apply-keep="$o/tp_apply_keep.bpf.o" tp-apply-repl="$o/tp_apply_v1.bpf.o" \
		tp-apply-old="$o/tp_apply_old.bpf.o" || fail "mkbundle KA"
	$mk "$KB" tp-apply-keep="$o/tp_apply_keep.bpf.o" tp-apply-repl="$o/tp_apply_v2.bpf.o" \
		tp-apply-new="$o/tp_apply_new.bpf.o" || fail "mkbundle KB"
	$mk "$KB_REJECT" --from "$KB" tp-reject-test="$o/tp_reject.bpf.o" || fail "mkbundle reject"
	$mk "$KB_NOHOOK" --from "$KB" tp-badattach-test="$o/tp_badattach.bpf.o" || fail "mkbundle nohook"
	EMPTY_TRUST=$WORK/empty-trust
	mkdir -p "$EMPTY_TRUST"
}

# apply_digest BUNDLE.tar: the bundle's content digest (its manifest's last line)
apply_digest() {
	python3 -c 'import sys, tarfile
t = tarfile.open(sys.argv[1])
print(t.extractfile("manifest").read().decode().splitlines()[-1].split(":")[1])' "$1"
}

# apply_list: `tpload -j list` of the private root
apply_list() {
	tpl -j list 2>/dev/null
}

# apply_field KEY: the applied-bundle record's KEY (signature: its status)
apply_field() {
	apply_list | python3 -c 'import json, sys
a = json.load(sys.stdin)["applied"] or {}
v = a.get(sys.argv[1])
print(v["status"] if isinstance(v, dict) else v)' "$1"
}

# apply_id NAME: the id of loaded policy NAME
apply_id() {
	apply_list | python3 -c 'import json, sys
print([p["id"] for p in json.load(sys.stdin)["policies"] if p["name"] == sys.argv[1]][0])' "$1"
}

# apply_expect_set WHAT DIGEST NAME...: exactly these policies are loaded, the
# record names bundle DIGEST and says the applied set is whole
apply_expect_set() {
	local what=$1 digest=$2 out
	shift 2
	out=$(apply_list | python3 -c 'import json, sys
d = json.load(sys.stdin)
a = d["applied"] or {}
names = sorted(p["name"] for p in d["policies"])
if names != sorted(sys.argv[2:]):
    print("loaded:", names)
elif a.get("bundle") != "sha256:" + sys.argv[1] or not a.get("whole"):
    print("record:", a)' "$digest" "$@") || fail "$what: tpload -j list failed"
	[ -z "$out" ] || fail "$what: $out"
}

# apply_snapshot: the loaded state as text: the record (bundle, time), each
# policy's name, id, digest and the kernel ids of its pinned links (one
# python: its start-up is slow in a TCG guest)
apply_snapshot() {
	apply_list | python3 -c 'import glob, json, subprocess, sys
d = json.load(sys.stdin)
a = d["applied"] or {}
print("record", a.get("bundle"), a.get("time"))
for p in d["policies"]:
    print("policy", p["name"], p["id"], p["digest"])
for l in sorted(glob.glob(sys.argv[1] + "/*/links/*")):
    k = json.loads(subprocess.run(["bpftool", "-j", "link", "show", "pinned", l],
                                  capture_output=True, text=True).stdout or "{}")
    print(l, k.get("id"), k.get("prog_id"))' "$TP_ROOT"
}

# apply_victim_start: two loops that keep running tp-victim, which opens
# $KT/apply-s1, -s2, -s3 in turn; one line per attempt in $WORK/attempts:
# "killed sN" (SIGKILL: blocked), "ok sN" (the open succeeded: a leak), or
# "errS sN" (failed otherwise)
apply_victim_start() {
	local i
	: > "$WORK/attempts"
	touch "$WORK/victim.run"
	APPLY_VICTIMS=()
	for i in 1 2; do
		(
			while [ -e "$WORK/victim.run" ]; do
				for s in s1 s2 s3; do
					st=0
					out=$("$KT/bin/tp-victim" -c "exec 3< '$KT/apply-$s' && echo ok" \
						2>/dev/null </dev/null) || st=$?
					if [ "$st" = 137 ]; then
						echo "killed $s"
					elif [ "$st" = 0 ] && [ "$out" = ok ]; then
						echo "ok $s"
					else
						echo "err$st $s"
					fi >> "$WORK/attempts"
				done
			done
		) &
		APPLY_VICTIMS+=($!)
		on_exit "rm -f '$WORK/victim.run'; kill $!"
	done
	wait_attempts 3 20 || fail "the victim loops do not run"
}

apply_attempts() {
	wc -l < "$WORK/attempts"
}

# wait_attempts N SECS
wait_attempts() {
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		[ "$(apply_attempts)" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

apply_victim_stop() {
	rm -f "$WORK/victim.run"
	wait "${APPLY_VICTIMS[@]}" 2>/dev/null
}
