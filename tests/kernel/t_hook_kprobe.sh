#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# kprobe and fentry hooks compiled by tpc (build/kobj/pol_hook-kprobe.bpf.o,
# pol_hook-fentry.bpf.o), loaded with each mechanism (--mechanism auto, which
# must pick fentry where trampolines work, then --mechanism kprobe), acting after tpload exited: Sigkill on a syscall's string argument
# (syscall: true: args from the wrapper's inner pt_regs), a return probe that
# kills only when the return value matches (matchReturnArgs), Post from a
# kernel function; one process_kprobe event per call in Tetragon's JSON shape;
# the same behaviour with both mechanisms; `tpload stats` labels the return
# probe's entry and return counter rows; unload stops it. On a kernel with
# neither trampolines nor kprobes, the load must be refused naming the hook.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
. "$(dirname "$0")/hook_lib.sh"
pol_setup
OBJ=$OBJ_DIR/pol_hook-kprobe.bpf.o
FOBJ=$OBJ_DIR/pol_hook-fentry.bpf.o
[ -f "$OBJ" ] && [ -f "$FOBJ" ] || fail "objects missing (make kernel-test-objs)"

mechs=
has_feature fentry && has_feature fexit && mechs+="fentry "
has_feature kprobe && has_feature kretprobe && mechs+="kprobe "
if [ -z "$mechs" ]; then
	expect_refusal "$OBJ" "hook 0 \(kprobe sys_openat at .*hook-kprobe.yaml:[0-9]+:[0-9]+\): no mechanism works on this kernel: fentry: .*; kprobe: "
	expect_refusal "$FOBJ" "hook 0 \(fentry do_sys_openat2 at .*\): no mechanism works on this kernel: fentry: "
	skip "neither BPF trampolines nor kprobes on this kernel (the refusal was checked)"
fi
need send_signal link_pin
for m in fentry kprobe; do
	case " $mechs" in *" $m "*) ;; *) echo "note: no $m on this kernel";; esac
done

TP=$(hook_bin tp-kp)
touch "$KT/ret-exists" "$KT/post-me" "$KT/fentry-me"

for mech in $mechs; do
	# trampolines through tpload's own choice (auto must pick them where they
	# work), kprobes forced
	how=$mech
	[ "$mech" = fentry ] && how=auto
	out=$(tpl load --mechanism "$how" "$OBJ" 2>&1) || fail "load --mechanism $how: $out"
	printf '%s\n' "$out" | grep -q "hook 0: $mech __[a-z0-9]*_sys_openat" ||
		fail "$mech: load did not report the mechanism and symbol: $out"
	list=$(tpl list) || fail "list"
	[ "$(printf '%s\n' "$list" | grep -c "via $mech ")" = 3 ] || fail "$mech: list: $list"
	no_tpload_running

	# Sigkill on the string argument of the syscall
	expect_status "$mech: open kill-x" 137 "$(run_status "$TP" "$KT/kill-x")"
	expect_status "$mech: open other (not killed)" 2 "$(run_status "$TP" "$KT/other")"
	# the return probe acts on the return value: ENOENT kills, a success does not
	expect_status "$mech: open ret-exists" 0 "$(run_status "$TP" "$KT/ret-exists")"
	expect_status "$mech: open ret-missing" 137 "$(run_status "$TP" "$KT/ret-missing")"
	expect_status "$mech: open post-me" 0 "$(run_status "$TP" "$KT/post-me")"

	ev=$(tpl -j events) || fail "$mech: events"
	check_tetragon_json "$ev"
	python3 - "$ev" "$TP" "$KT" <<'PY' || fail "$mech: unexpected events: $ev"
import json, sys
evs = [json.loads(l) for l in sys.argv[1].splitlines()]
tp, kt = sys.argv[2], sys.argv[3]
ks = [e["process_kprobe"] for e in evs if "process_kprobe" in e]
assert len(ks) == len(evs), "only process_kprobe events"
mine = [k for k in ks if k["process"].get("binary") == tp]
kill = [k for k in mine if k.get("action") == "KPROBE_ACTION_SIGKILL" and "return" not in k]
assert len(kill) == 1, kill
assert kill[0]["function_name"].endswith("_sys_openat"), kill[0]
assert kill[0]["args"] == [{"string_arg": kt + "/kill-x"}], kill[0]["args"]
ret = [k for k in mine if "return" in k]
assert len(ret) == 1, ret      # ret-exists: the return selector did not match: no event
r = ret[0]
assert r["args"] == [{"string_arg": kt + "/ret-missing", "label": "path"}], r["args"]
assert r["return"] == {"int_arg": -2, "label": "fd"}, r["return"]
assert r["return_action"] == "KPROBE_ACTION_SIGKILL" and r["action"] == "KPROBE_ACTION_POST", r
post = [k for k in mine if k["function_name"] == "do_sys_openat2"]
assert len(post) == 1, post
p = post[0]
assert p["args"] == [{"string_arg": kt + "/post-me", "label": "filename"}], p["args"]
assert p["action"] == "KPROBE_ACTION_POST" and p["policy_name"] == "hook-kprobe", p
assert p["message"] == "post-me opened" and p["tags"] == ["tpc-test"], p
assert p["process"]["pid"] == p["process"]["tid"] and "exec_id" in p["process"], p
PY
	# the return probe's counter rows are labelled: row 0 its selector's
	# entry side (both ret- opens), row 1 its return side (ret-missing only)
	st=$(tpl -j stats hook-kprobe) || fail "$mech: stats"
	python3 - "$st" <<'PY' || fail "$mech: stats rows: $st"
import json, sys
h = json.loads(sys.argv[1])["policies"][0]["hooks"]
s = h[1]["selectors"]
assert s[0]["side"] == "entry" and s[0]["policy_selector"] == 0 and s[0]["matched"] >= 2, s
assert s[1]["side"] == "return" and s[1]["policy_selector"] == 0, s
assert s[1]["matched"] == 1 and s[1]["signaled"] == 1 and s[1]["posted"] == 1, s
assert all("side" not in x for x in h[0]["selectors"] + s[2:]), h
PY
	tpl stats hook-kprobe | grep -q "selector 1 (return side of selector 0): matched 1 " ||
		fail "$mech: stats text: $(tpl stats hook-kprobe)"
	tpl unload hook-kprobe >/dev/null || fail "$mech: unload"
	expect_status "$mech: open kill-x after unload" 2 "$(run_status "$TP" "$KT/kill-x")"
	expect_status "$mech: open ret-missing after unload" 2 "$(run_status "$TP" "$KT/ret-missing")"
	[ -z "$(tpl -j events)" ] || fail "$mech: events after unload"
	echo "ok: $mech: Sigkill on a syscall argument, on a return value; Post from a function; unload stops it"
done

# spec.fentries: trampolines only (--mechanism kprobe leaves them on fentry)
case " $mechs" in
*" fentry "*)
	out=$(tpl load --mechanism kprobe "$FOBJ" 2>&1) || fail "load fentries: $out"
	printf '%s\n' "$out" | grep -q "hook 0: fentry do_sys_openat2" || fail "fentries: $out"
	expect_status "fentries: open fentry-me" 0 "$(run_status "$TP" "$KT/fentry-me")"
	ev=$(tpl -j events) || fail "events"
	check_tetragon_json "$ev"
	python3 - "$ev" "$TP" "$KT" <<'PY' || fail "fentries: unexpected events: $ev"
import json, sys
tp, kt = sys.argv[2], sys.argv[3]
ks = [json.loads(l)["process_kprobe"] for l in sys.argv[1].splitlines()]
mine = [k for k in ks if k["process"].get("binary") == tp]
assert len(mine) == 1, mine
k = mine[0]
assert k["function_name"] == "do_sys_openat2" and k["args"] == [{"string_arg": kt + "/fentry-me"}], k
assert int(k["return"]["long_arg"]) >= 3 and k["return_action"] == "KPROBE_ACTION_POST", k
PY
	tpl unload hook-fentry >/dev/null || fail "unload fentries"
	echo "ok: fentries: trampolines whatever --mechanism says, return value in the event"
	;;
*)
	expect_refusal "$FOBJ" "hook 0 \(fentry do_sys_openat2 at .*\): no mechanism works on this kernel: fentry: "
	echo "ok: fentries refused without trampolines"
	;;
esac
