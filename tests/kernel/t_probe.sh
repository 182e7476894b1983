#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload probe on this kernel (host: no kprobes, no trampolines; VMs: all
# but bpf_override_return), checked against an independent implementation:
# every feature tpload probes (its own embedded programs) must agree with
# tests/kernel/probe.sh (the test suite's tp-probe). Then per policy, for
# objects whose .tpc.meta needs lsm, kprobe, trampolines-or-kprobes,
# fmod_ret-or-kprobe+override_return, a function no kernel has, a feature no
# tpload knows: the verdict and the exit status (0 ready, 3 not ready) follow
# from what this kernel has; a bundle of tracepoint policies is ready
# everywhere; an invalid object or a tampered bundle is refused (exit 1).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
need_tpload
command -v python3 >/dev/null || skip "python3 not installed"
PROBE_SH=$(dirname "$0")/probe.sh
AP=$OBJ_DIR/apply
[ -f "$AP/A.tar" ] || fail "$AP/A.tar missing (make kernel-test-objs)"

# what probe.sh finds, once
declare -A HAVE=()
while IFS= read -r line; do
	HAVE[${line%%:*}]=${line#*: }
done < <("$PROBE_SH" --all 2>&1)
[ ${#HAVE[@]} -ge 16 ] || fail "probe.sh --all: ${!HAVE[*]}"
have() {
	[ "${HAVE[$1]%% *}" = yes ]
}

# the node: every feature as probe.sh says
s=0
out=$("$TPLOAD" -j probe 2>"$WORK/err") || s=$?
expect_status "tpload probe (the core needs tracepoints and iterators only)" 0 "$s"
echo "$out" > "$WORK/node.json"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["ready"] and d["ok"], d' \
	"$WORK/node.json" || fail "probe -j: not ready: $out"
pairs=()
for f in "${!HAVE[@]}"; do
	pairs+=("$f=${HAVE[$f]%% *}")
done
python3 -c 'import json, sys
feats = json.load(open(sys.argv[1]))["features"]
bad = 0
for a in sys.argv[2:]:
    f, want = a.split("=")
    r = feats.get(f)
    got = "yes" if r and r["ok"] else "no"
    print(f"feature {f}: tpload probe {got}" + ("" if r is None or r["ok"] else " (" + r["reason"] + ")")
          + f", probe.sh {want}")
    bad |= r is None or got != want
sys.exit(bad)' "$WORK/node.json" "${pairs[@]}" || fail "tpload probe and probe.sh disagree (above)"
out=$("$TPLOAD" probe 2>&1) || fail "tpload probe (text): exit $?"
echo "$out" | grep -q "^verdict: ready$" || fail "text verdict: $out"

# per policy, in one bundle of the tp_pmeta objects (one run: fewer
# start-ups in a TCG guest): the verdict follows from what probe.sh found
yes_if() {
	if "$@"; then echo true; else echo false; fi
}
. "$(dirname "$0")/apply_lib.sh"
abi=$(apply_abi)
args=()
for f in lsm kprobe alt override nofunc unknown; do
	[ -f "$OBJ_DIR/tp_pmeta_$f.bpf.o" ] || fail "$OBJ_DIR/tp_pmeta_$f.bpf.o missing (make kernel-test-objs)"
	args+=("tp-probe-$f=$OBJ_DIR/tp_pmeta_$f.bpf.o")
done
python3 "$(dirname "$0")/mkbundle.py" --abi "$abi" "$WORK/pm.tar" "${args[@]}" || fail "mkbundle"
mkdir -p "$WORK/trust"
s=0
out=$("$TPLOAD" -j probe -K "$WORK/trust" "$WORK/pm.tar" 2>/dev/null) || s=$?
expect_status "probe of the tp_pmeta bundle (nofunc, unknown are never ready)" 3 "$s"
echo "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
want = dict(a.split("=") for a in sys.argv[1:])
got = {p["name"][len("tp-probe-"):]: p for p in d["policies"]}
for n, w in want.items():
    p = got[n]
    assert str(p["ready"]).lower() == w, (n, w, p)
    print(f"ok: probe {n}: ready={w}", "" if p["ready"] else p["hooks"][0].get("problems"))
assert "no function tpc_no_such_function" in got["nofunc"]["hooks"][0]["problems"], got["nofunc"]
assert "unknown feature teleport" in got["unknown"]["hooks"][0]["problems"], got["unknown"]
assert not d["ready"]' \
	lsm="$(yes_if have lsm)" kprobe="$(yes_if have kprobe)" \
	alt="$(yes_if eval '{ have fentry && have fexit; } || { have kprobe && have kretprobe; }')" \
	override="$(yes_if eval 'have fmod_ret || { have kprobe && have override_return; }')" \
	nofunc=false unknown=false || fail "per-policy verdicts: $out"

# one object that needs one feature: exit 0 where the kernel has it, 3 where
# not (host: no kprobes, no trampolines/BPF-LSM; VMs: both), and the text
# names what is missing
for f in lsm kprobe; do
	want=3
	have $f && want=0
	s=0
	out=$("$TPLOAD" probe "$OBJ_DIR/tp_pmeta_$f.bpf.o" 2>&1) || s=$?
	expect_status "probe of an object that needs $f (probe.sh: ${HAVE[$f]%% *})" $want "$s"
	if [ $want = 3 ]; then
		echo "$out" | grep -q "^policy tp-probe-$f .*: NOT READY$" || fail "$f: $out"
		echo "$out" | grep -q "$f" || fail "$f: the missing feature is not named: $out"
	fi
done

# one object: the text verdict and the exit status
s=0
out=$("$TPLOAD" probe "$OBJ_DIR/tp_pmeta_nofunc.bpf.o" 2>&1) || s=$?
expect_status "probe of one object that cannot load" 3 "$s"
echo "$out" | grep -q "^policy tp-probe-nofunc .*: NOT READY$" || fail "nofunc: $out"
echo "$out" | grep -q "^verdict: NOT READY$" || fail "nofunc: $out"
s=0
out=$("$TPLOAD" probe "$OBJ_DIR/tp_multi.bpf.o" 2>&1) || s=$?
expect_status "probe of tp_multi (tracepoints)" 0 "$s"
echo "$out" | grep -q "^policy tp-multi .*: ready$" || fail "tp_multi: $out"

# a missing tracepoint: the hook, not a feature
s=0
out=$("$TPLOAD" -j probe "$OBJ_DIR/tp_badattach.bpf.o") || s=$?
expect_status "probe of an object with a missing tracepoint" 3 "$s"
echo "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
h = [h for p in d["policies"] for h in p["hooks"] if h["target"] == "syscalls/sys_enter_no_such_call"][0]
assert h["exists"] is False and not h["ok"], h
assert not d["policies"][0]["ready"] and not d["ready"], d' || fail "missing tracepoint: $out"

# a bundle of tracepoint policies: ready here, per policy
s=0
out=$("$TPLOAD" -j probe -K "$AP/trust" "$AP/A.tar") || s=$?
expect_status "probe of bundle A" 0 "$s"
echo "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
names = sorted(p["name"] for p in d["policies"])
assert names == ["apply-guard-a", "apply-keep", "apply-kill"], names
assert all(p["ready"] and all(h["exists"] for h in p["hooks"]) for p in d["policies"]), d
t = [t for p in d["policies"] for t in p["targets"]]
assert t and all(t["kind"] in ("btf", "tracefs") for t in t), t' || fail "bundle A: $out"

# refused inputs: exit 1
head -c 100 "$OBJ_DIR/tp_multi.bpf.o" > "$WORK/trunc.bpf.o"
s=0
"$TPLOAD" probe "$WORK/trunc.bpf.o" >/dev/null 2>&1 || s=$?
expect_status "probe of a truncated object" 1 "$s"
cp "$AP/A.tar" "$WORK/t.tar" && cp "$AP/A.tar.minisig" "$WORK/t.tar.minisig"
printf '\001' | dd of="$WORK/t.tar" bs=1 seek=3000 conv=notrunc status=none
s=0
"$TPLOAD" probe -K "$AP/trust" "$WORK/t.tar" >/dev/null 2>&1 || s=$?
expect_status "probe of a tampered bundle" 1 "$s"
echo "ok: probe agrees with probe.sh on every feature; verdicts and exit codes per policy"
