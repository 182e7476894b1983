#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Post imaHash on BPF-LSM hooks (pol_lsm-ima): tp-ima (a static tp-open)
# is executed and opens a file whose digest the test computes. The
# bprm_check_security event carries ima_hash "sha256:<hex>" of tp-ima,
# computed by the sleepable program from bprm->file. Debian's kernels hash
# with sha256 (CONFIG_IMA_DEFAULT_HASH; no ima_hash= on the command line;
# TPC_IMA_WANT_EXE overrides the expected digest, to see the test fail).
# On file_open the kernel has not made the
# file readable yet (FMODE_CAN_READ is set after security_file_open()), so
# IMA can only give a hash it measured before: the event has none here
# (JSON: no ima_hash, as Tetragon; text: why), and a hash, if any, must be
# right. Needs BPF-LSM and ima_hash (probe.sh): skips where they are not
# there (the host: no BPF-LSM), after checking that tpload refuses the
# object, naming the hook (and the missing helper or sleepable program).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
. "$(dirname "$0")/hook_lib.sh"
OBJ=$OBJ_DIR/pol_lsm-ima.bpf.o
[ -f "$OBJ" ] || fail "object $OBJ missing (make kernel-test-objs)"
pol_setup
if ! has_feature lsm; then
	expect_refusal "$OBJ" "hook 0 \(lsm file_open at .*\): no mechanism works on this kernel: "
	skip "no BPF-LSM here (the refusal was checked)"
fi
if ! has_feature ima_hash; then
	expect_refusal "$OBJ" "hook 0 \(lsm file_open at .*\): this kernel lacks what the hook needs: Post imaHash needs "
	skip "BPF-LSM but no bpf_ima_file_hash() in a sleepable program here (the refusal was checked)"
fi
need link_pin
command -v python3 >/dev/null || skip "no python3 (the event checks)"
IMA=$(hook_bin tp-ima)
printf 'tpc imaHash test %s\n' "$$" > "$KT/file"
want_file=$(sha256sum "$KT/file" | cut -d' ' -f1)
want_exe=$(sha256sum "$IMA" | cut -d' ' -f1)

out=$(tpl load "$OBJ" 2>&1) || fail "load: $out"
no_tpload_running
expect_status "tp-ima opens" 0 "$(run_status "$IMA" "$KT/file")"
ev=$(tpl -j events) || fail "events"
# again, for the text rendering (events drains the ring buffers)
expect_status "tp-ima opens again" 0 "$(run_status "$IMA" "$KT/file")"
text=$(tpl events) || fail "events (text)"
tpl unload lsm-ima >/dev/null || fail "unload"
check_tetragon_json "$ev"
python3 - "$ev" "$KT/file" "$IMA" "sha256:$want_file" "sha256:${TPC_IMA_WANT_EXE:-$want_exe}" <<'PY' ||
import json, sys
ev, path, exe, want_file, want_exe = sys.argv[1:]
ls = [json.loads(l)["process_lsm"] for l in ev.splitlines()]
def one(hook, key, p):
    es = [e for e in ls if e["function_name"] == hook and e["args"][0][key]["path"] == p]
    assert es, ("no %s event of %s" % (hook, p), ls)
    return es
for e in one("file_open", "file_arg", path):
    print("file_open ima_hash:", e.get("ima_hash"), "(none, or", want_file + ")")
    assert e.get("ima_hash", want_file) == want_file, e
for e in one("bprm_check_security", "linux_binprm_arg", exe):
    print("bprm_check_security ima_hash:", e.get("ima_hash"), "want", want_exe)
    assert e.get("ima_hash") == want_exe, e
PY
	fail "unexpected events: $ev"
printf '%s\n' "$text" | grep -q "lsm:bprm_check_security .* ima_hash=sha256:${TPC_IMA_WANT_EXE:-$want_exe}" ||
	fail "text events lack ima_hash=sha256:$want_exe: $text"
printf '%s\n' "$text" | grep "lsm:file_open" | sed -n 's/.*\(ima_hash=[^ ]*\( [^ ]*\)\{0,3\}\).*/file_open (text): \1/p' | head -n 1
echo "ok: process_lsm events carry the IMA hash (sha256) of the executable; file_open's is right or absent"
