#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel-object (`file`) arguments on kernel functions, against an attacker, in
# real victims after tpload exited (objects compiled by tpc from
# tests/kernel/policies/hook-file*.yaml):
#  - pol_hook-file: Sigkill at security_file_open for a path under
#    /tmp/tpc-ktest/kill/ (Prefix) and at fd_install for exactly
#    /tmp/tpc-ktest/fdinst (Equal), loaded with each mechanism (--mechanism
#    auto, which must pick fentry where trampolines work, then kprobe): the
#    kernel resolves the file, so every name the attacker uses for it is
#    caught: a symlink (absolute, relative), a relative path after chdir, `..`,
#    /proc/self/root/..., openat2(2), an open from a second thread, a 650-byte
#    path (longer than the 256-byte head the record keeps) and one longer than
#    PATH_MAX (reached by chdir); a hard link elsewhere is another name of the
#    inode and is not (path-based, as in Tetragon); a sibling directory whose
#    name starts like the prefix and a long path whose tail reads like it are
#    not matched. Both mechanisms must give the same result for every case.
#  - pol_hook-file-override: Override on the same argument: EACCES
#    (fmod_ret on security_file_open) for a path under /tmp/tpc-ktest/deny/,
#    through the same tricks, and EPERM (BPF-LSM file_open) under
#    /tmp/tpc-ktest/lsmdeny/; with --mechanism kprobe the load is refused where
#    the kernel lacks bpf_override_return.
#  - unload restores normal behaviour.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
. "$(dirname "$0")/hook_lib.sh"
OBJ=$OBJ_DIR/pol_hook-file.bpf.o
OVR=$OBJ_DIR/pol_hook-file-override.bpf.o
ATTACK=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-attack
mechs=
has_feature fentry && has_feature fexit && mechs+="fentry "
has_feature kprobe && has_feature kretprobe && mechs+="kprobe "
[ -n "$mechs" ] || skip "neither BPF trampolines nor kprobes on this kernel (t_hook_kprobe checks the refusal)"
need send_signal link_pin
pol_setup
[ -f "$OBJ" ] && [ -f "$OVR" ] || fail "objects missing (make kernel-test-objs)"
[ -x "$ATTACK" ] || fail "$ATTACK missing (make kernel-test-objs)"
TP=$(hook_bin tp-fopen)
# last registered, first run: unload before pol_setup's rm -rf (which opens
# directories the policies match), and remove the deep trees rm cannot
DEEPN=22
D200=$(printf 'd%.0s' $(seq 200))
kt_cleanup() {
	tpl unload --all >/dev/null 2>&1
	"$ATTACK" rmdeep "$KT/kill" "$D200" "$DEEPN" deep-x >/dev/null 2>&1
	"$ATTACK" rmdeep "$KT/deny" "$D200" "$DEEPN" deep-x >/dev/null 2>&1
}
on_exit kt_cleanup

# ---- the tree, made before anything is loaded (making it opens the files)
L650=$(printf 'p%.0s' $(seq 240))/$(printf 'q%.0s' $(seq 240))/$(printf 'r%.0s' $(seq 120))
for d in kill deny lsmdeny ok kill-not; do
	mkdir -p "$KT/$d/$L650" || fail "mkdir $KT/$d/..."
	echo secret > "$KT/$d/x" && echo secret > "$KT/$d/$L650/x" || fail "create $KT/$d/x"
done
mkdir -p "$KT/ok/$L650/kill" && echo x > "$KT/ok/$L650/kill/x" || fail "create the long decoy"
echo x > "$KT/fdinst" && echo x > "$KT/fdinst-not" || fail "create fdinst"
for d in kill deny; do
	"$ATTACK" deep-open "$KT/$d" "$D200" "$DEEPN" deep-x >/dev/null || fail "deep-open $d"
	ln -s "$KT/$d/x" "$KT/$d-sl" && ln -s "../$d/x" "$KT/ok/$d-rsl" &&
		ln "$KT/$d/x" "$KT/$d-hl-out" && ln "$KT/ok/x" "$KT/$d/hl-in" || fail "links to $d"
done
ln -s "$KT/fdinst" "$KT/ok/fdinst-sl" || fail "ln fdinst"

# cases DIR: one "name status" line per attacker trick on $KT/DIR/x (137:
# killed, 13/1: the open failed with EACCES/EPERM (tp-open exits with the
# errno; tp-attack exits 1 on any failure), 0: opened)
cases() {
	local d=$1
	echo "direct $(run_status "$TP" "$KT/$d/x")"
	echo "symlink $(run_status "$TP" "$KT/$d-sl")"
	echo "relative-symlink $(run_status "$TP" "$KT/ok/$d-rsl")"
	echo "chdir-relative $(run_status bash -c 'cd "$1" && exec "$2" x' - "$KT/$d" "$TP")"
	echo "dotdot $(run_status "$TP" "$KT/ok/../$d/x")"
	echo "proc-self-root $(run_status "$TP" "/proc/self/root$KT/$d/x")"
	echo "openat2 $(run_status "$ATTACK" openat2 "$KT/$d/x")"
	echo "thread $(run_status "$ATTACK" thread-write "$KT/$d/x")"
	echo "long-650 $(run_status "$TP" "$KT/$d/$L650/x")"
	echo "beyond-path-max $(run_status "$ATTACK" deep-reopen "$KT/$d" "$D200" "$DEEPN" deep-x)"
	echo "hardlink-in-dir $(run_status "$TP" "$KT/$d/hl-in")"
	echo "hardlink-elsewhere $(run_status "$TP" "$KT/$d-hl-out")"
	echo "dir-itself $(run_status "$TP" "$KT/$d")"
	echo "sibling-dir $(run_status "$TP" "$KT/kill-not/x")"
	echo "other $(run_status "$TP" "$KT/ok/x")"
	echo "long-tail-decoy $(run_status "$TP" "$KT/ok/$L650/kill/x")"
}

# expect_cases WHAT GOT WANT: both "name status" lists, equal
expect_cases() {
	[ "$2" = "$3" ] || fail "$1: got:
$2
want:
$3"
}

# what every trick must give with a policy acting by S on the path (closed
# form: the hard link elsewhere is not under the prefix)
want_cases() {
	local s=$1
	printf '%s\n' "direct $s" "symlink $s" "relative-symlink $s" "chdir-relative $s" "dotdot $s" \
		"proc-self-root $s" "openat2 ${2:-$s}" "thread ${2:-$s}" "long-650 $s" \
		"beyond-path-max ${2:-$s}" "hardlink-in-dir $s" "hardlink-elsewhere 0" "dir-itself 0" \
		"sibling-dir 0" "other 0" "long-tail-decoy 0"
}
# after_unload WHAT DIR: a few of the tricks work again (the baseline above ran
# them all)
after_unload() {
	local got="direct $(run_status "$TP" "$KT/$2/x") symlink $(run_status "$TP" "$KT/$2-sl")"
	got+=" openat2 $(run_status "$ATTACK" openat2 "$KT/$2/x")"
	got+=" beyond-path-max $(run_status "$ATTACK" deep-reopen "$KT/$2" "$D200" "$DEEPN" deep-x)"
	[ "$got" = "direct 0 symlink 0 openat2 0 beyond-path-max 0" ] || fail "$1: after unload: $got"
}
before=$(cases kill)
expect_cases "nothing loaded" "$before" "$(want_cases 0)"
expect_cases "nothing loaded" "$(cases deny)" "$(want_cases 0)"

# ---- Sigkill, each mechanism
results=
for mech in $mechs; do
	how=$mech
	[ "$mech" = fentry ] && how=auto
	out=$(tpl load --mechanism "$how" "$OBJ" 2>&1) || fail "load --mechanism $how: $out"
	printf '%s\n' "$out" | grep -q "hook 0: $mech security_file_open" &&
		printf '%s\n' "$out" | grep -q "hook 1: $mech fd_install" ||
		fail "$mech: load did not report the mechanism: $out"
	[ "$(tpl list | grep -c "via $mech ")" = 2 ] || fail "$mech: list: $(tpl list)"
	no_tpload_running
	got=$(cases kill)
	expect_cases "$mech: Sigkill under $KT/kill/" "$got" "$(want_cases 137)"
	fd="fdinst $(run_status "$TP" "$KT/fdinst") fdinst-symlink $(run_status "$TP" "$KT/ok/fdinst-sl") fdinst-not $(run_status "$TP" "$KT/fdinst-not")"
	[ "$fd" = "fdinst 137 fdinst-symlink 137 fdinst-not 0" ] || fail "$mech: fd_install: $fd"
	results+="$mech: $(printf '%s' "$got" | tr '\n' ' ') $fd
"
	ev=$(tpl -j events) || fail "$mech: events"
	check_tetragon_json "$ev"
	python3 - "$ev" "$TP" "$KT" <<'PY' || fail "$mech: unexpected events: $ev"
import json, sys
tp, kt = sys.argv[2], sys.argv[3]
ks = [json.loads(l)["process_kprobe"] for l in sys.argv[1].splitlines()]
mine = [k for k in ks if k["process"].get("binary") == tp]
so = [k for k in mine if k["function_name"] == "security_file_open"]
assert all(k["action"] == "KPROBE_ACTION_SIGKILL" for k in mine), mine
paths = {k["args"][0]["file_arg"]["path"] for k in so}
assert kt + "/kill/x" in paths and kt + "/kill/hl-in" in paths, paths
assert all(p.startswith(kt + "/kill/") for p in paths), paths
fi = [k for k in mine if k["function_name"] == "fd_install"]
assert fi and all(k["args"][1]["file_arg"]["path"] == kt + "/fdinst" for k in fi), fi
PY
	tpl unload hook-file >/dev/null || fail "$mech: unload"
	after_unload "$mech" kill
	[ "$(run_status "$TP" "$KT/fdinst")" = 0 ] || fail "$mech: fdinst after unload"
	echo "ok: $mech: Sigkill on a file argument through every name of the file; unload stops it"
done
if [ "$(printf '%s' "$results" | wc -l)" = 2 ]; then
	[ "$(printf '%s\n' "$results" | sed -n 1p | cut -d' ' -f2-)" = \
	  "$(printf '%s\n' "$results" | sed -n 2p | cut -d' ' -f2-)" ] ||
		fail "fentry and kprobe differ: $results"
	echo "ok: fentry and kprobe give the same result for every case"
fi

# ---- Override (fmod_ret on the kprobe hook, BPF-LSM on the LSM hook)
if has_feature fmod_ret && has_feature lsm; then
	out=$(tpl load "$OVR" 2>&1) || fail "load override: $out"
	printf '%s\n' "$out" | grep -q "hook 0: fentry security_file_open" &&
		printf '%s\n' "$out" | grep -q "hook 1: lsm file_open" ||
		fail "override: not on fmod_ret and BPF-LSM: $out"
	no_tpload_running
	# tp-attack reports a failed open as 1; the process is not killed
	expect_cases "Override under $KT/deny/" "$(cases deny)" "$(want_cases 13 1)"
	expect_status "lsm: open under lsmdeny/" 1 "$(run_status "$TP" "$KT/lsmdeny/x")"
	expect_status "lsm: long open under lsmdeny/" 1 "$(run_status "$TP" "$KT/lsmdeny/$L650/x")"
	expect_status "lsm: open elsewhere" 0 "$(run_status "$TP" "$KT/ok/x")"
	tpl unload hook-file-override >/dev/null || fail "unload override"
	after_unload Override deny
	expect_status "lsm: after unload" 0 "$(run_status "$TP" "$KT/lsmdeny/x")"
	echo "ok: Override returns EACCES (fmod_ret) and EPERM (BPF-LSM) through every name; unload stops it"
else
	echo "note: no fmod_ret or no BPF-LSM here: Override not run"
fi
if has_feature kprobe && ! has_feature override_return; then
	expect_refusal "$OVR" "hook 0 \(kprobe security_file_open at .*\): no mechanism works on this kernel: kprobe: Override needs bpf_override_return" --mechanism kprobe
	echo "ok: --mechanism kprobe with Override refused: no bpf_override_return here"
fi
