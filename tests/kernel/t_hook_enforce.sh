#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Enforcement on kernel functions by tpc-compiled policies, after tpload
# exited, in real victims (static binaries that open only what they are told):
#  - Override on security_file_open (pol_hook-override): the open returns
#    EPERM for the matching binary only, another binary's open works; Sigkill
#    kills (137). On trampolines this is fmod_ret; with --mechanism kprobe it
#    needs bpf_override_return: where the kernel lacks it the load is refused,
#    naming the hook and the missing feature, and nothing stays loaded.
#  - BPF-LSM file_open (pol_hook-lsm): EACCES for one binary, SIGKILL for
#    another, process_lsm events in Tetragon's JSON shape.
#  - unload restores normal behaviour.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
. "$(dirname "$0")/hook_lib.sh"
pol_setup
OVR=$OBJ_DIR/pol_hook-override.bpf.o
LSM=$OBJ_DIR/pol_hook-lsm.bpf.o
[ -f "$OVR" ] && [ -f "$LSM" ] || fail "objects missing (make kernel-test-objs)"
echo secret > "$KT/file"
done_any=0

# ---- Override on a kprobe hook
if has_feature fmod_ret; then
	need send_signal link_pin
	OV=$(hook_bin tp-ovr)
	OK=$(hook_bin tp-ovr-kill)
	OTHER=$(hook_bin tp-other)
	out=$(tpl load "$OVR" 2>&1) || fail "load override: $out"
	printf '%s\n' "$out" | grep -q "hook 0: fentry security_file_open" ||
		fail "override: not on trampolines (fmod_ret): $out"
	no_tpload_running
	expect_status "override: tp-ovr opens" 1 "$(run_status "$OV" "$KT/file")"	# EPERM
	expect_status "override: tp-ovr-kill opens" 137 "$(run_status "$OK" "$KT/file")"
	expect_status "override: another binary opens" 0 "$(run_status "$OTHER" "$KT/file")"
	ev=$(tpl -j events) || fail "events"
	check_tetragon_json "$ev"
	python3 - "$ev" "$OV" "$OK" <<'PY' || fail "override: unexpected events: $ev"
import json, sys
ov, ok = sys.argv[2], sys.argv[3]
ks = [json.loads(l)["process_kprobe"] for l in sys.argv[1].splitlines()]
o = [k for k in ks if k["process"].get("binary") == ov]
assert o and all(k["action"] == "KPROBE_ACTION_OVERRIDE" for k in o), o
assert all(k["function_name"] == "security_file_open" for k in o), o
assert any(k["action"] == "KPROBE_ACTION_SIGKILL" and k["process"].get("binary") == ok for k in ks), ks
PY
	# counters: selector 0 overrode, selector 1 killed, records posted (tp_enforce)
	st=$(tpl -j stats hook-override) || fail "stats"
	python3 - "$st" <<'PY' || fail "override: counters: $st"
import json, sys
p = json.loads(sys.argv[1])["policies"][0]
s = p["hooks"][0]["selectors"]
assert s[0]["matched"] >= 1 and s[0]["overridden"] >= 1 and s[0]["posted"] >= 1, s
assert s[1]["matched"] >= 1 and s[1]["signaled"] >= 1 and s[1]["overridden"] == 0, s
assert all(x["dropped"] == 0 for x in s), s
PY
	tpl unload hook-override >/dev/null || fail "unload override"
	expect_status "override: tp-ovr opens after unload" 0 "$(run_status "$OV" "$KT/file")"
	expect_status "override: tp-ovr-kill opens after unload" 0 "$(run_status "$OK" "$KT/file")"
	echo "ok: Override (fmod_ret) returns EPERM, Sigkill kills, only for the matching binaries"
	done_any=1
fi
if has_feature kprobe && ! has_feature override_return; then
	expect_refusal "$OVR" "hook 0 \(kprobe security_file_open at .*\): no mechanism works on this kernel: kprobe: Override needs bpf_override_return, which this kernel lacks" --mechanism kprobe
	echo "ok: --mechanism kprobe with Override refused: no bpf_override_return here"
fi
if ! has_feature fmod_ret && ! has_feature override_return; then
	expect_refusal "$OVR" "hook 0 \(kprobe security_file_open at .*\): no mechanism works on this kernel: fmod_ret: .*; kprobe: "
	echo "ok: Override refused: neither fmod_ret nor bpf_override_return"
fi

# ---- BPF-LSM
if has_feature lsm; then
	need send_signal link_pin
	LV=$(hook_bin tp-lsm)
	LK=$(hook_bin tp-lsm-kill)
	LO=$(hook_bin tp-lsm-other)
	out=$(tpl load "$LSM" 2>&1) || fail "load lsm: $out"
	printf '%s\n' "$out" | grep -q "hook 0: lsm file_open" || fail "lsm: $out"
	no_tpload_running
	expect_status "lsm: tp-lsm opens" 13 "$(run_status "$LV" "$KT/file")"	# EACCES
	expect_status "lsm: tp-lsm-kill opens" 137 "$(run_status "$LK" "$KT/file")"
	expect_status "lsm: another binary opens" 0 "$(run_status "$LO" "$KT/file")"
	ev=$(tpl -j events) || fail "events"
	check_tetragon_json "$ev"
	python3 - "$ev" "$LV" "$LK" <<'PY' || fail "lsm: unexpected events: $ev"
import json, sys
lv, lk = sys.argv[2], sys.argv[3]
ls = [json.loads(l)["process_lsm"] for l in sys.argv[1].splitlines()]
d = [e for e in ls if e["process"].get("binary") == lv]
assert d and all(e["action"] == "KPROBE_ACTION_OVERRIDE" for e in d), d
assert all(e["function_name"] == "file_open" and e["message"] == "lsm denied" for e in d), d
assert all(e["policy_name"] == "hook-lsm" for e in d), d
assert any(e["action"] == "KPROBE_ACTION_SIGKILL" and e["process"].get("binary") == lk for e in ls), ls
PY
	tpl unload hook-lsm >/dev/null || fail "unload lsm"
	expect_status "lsm: tp-lsm opens after unload" 0 "$(run_status "$LV" "$KT/file")"
	echo "ok: BPF-LSM Override returns EACCES, Sigkill kills, only for the matching binaries"
	done_any=1
else
	expect_refusal "$LSM" "hook 0 \(lsm file_open at .*\): no mechanism works on this kernel: BPF-LSM"
	echo "ok: LSM hooks refused without BPF-LSM"
fi
[ "$done_any" = 1 ] || skip "no fmod_ret and no BPF-LSM on this kernel (the refusals were checked)"
