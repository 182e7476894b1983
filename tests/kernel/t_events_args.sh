#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Arguments and node name in `tpload events` as Tetragon prints them (docs/events.md),
# from real events of tp-evargs (tests/kernel/policies/evargs.yaml):
# - openat(NULL): error_arg {Message: "Bad address for basic type"} (getArgStatus());
# - a 4096-byte name is kept whole, a 5000-byte one cut to its first 4096 bytes with
#   no sign in JSON (Tetragon's MAX_STRING) and "..." in the text output;
# - write to an fd opened O_RDWR|O_APPEND mode 0640: file_arg {path, permission
#   "-rw-r-----"} (no flags: the path resolved whole), its bytes and size;
# - write from an unmapped buffer: bytes_arg "CharBufErrorPageFault" (ReadArgBytes());
# - a name with bytes that are not UTF-8: one U+FFFD per run (strutils.UTF8FromBPFBytes());
# - node_name (and exec_id's node): HUBBLE_NODE_NAME, else NODE_NAME, else the host name.
# Every line passes the strict schema check.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
EVARGS=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-evargs
[ -x "$EVARGS" ] || fail "$EVARGS missing (make kernel-test-objs)"
pol_setup
cp "$EVARGS" "$KT/bin/tp-evargs" || fail "cp tp-evargs"
pol_load evargs
E=$KT/bin/tp-evargs
"$E" null || fail "tp-evargs null"
"$E" long 4096 "$KT" || fail "tp-evargs long 4096"
"$E" long 5000 "$KT" || fail "tp-evargs long 5000"
"$E" open "$(printf '%s/bad\377\376-x\200' "$KT")" || fail "tp-evargs open"
"$E" fd "$KT/evfile" || fail "tp-evargs fd"
"$E" badbuf "$KT/evfile2" || fail "tp-evargs badbuf"
ev=$(HUBBLE_NODE_NAME= NODE_NAME=tpc-evargs-node tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" <<'PY' || fail "events above"
import base64, json, sys
kt = sys.argv[2]
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
        print("FAIL:", what[:300])
evs = [json.loads(l) for l in sys.argv[1].splitlines() if l.strip()]
for e in evs:
    xid = base64.b64decode(e["process_tracepoint"]["process"]["exec_id"]).decode()
    want(e["node_name"] == "tpc-evargs-node" and xid.startswith("tpc-evargs-node:"),
         f"node_name {e['node_name']} / exec_id {xid}: want NODE_NAME's tpc-evargs-node")
tps = [e["process_tracepoint"] for e in evs]
opens = [t["args"][0] for t in tps if t["event"] == "sys_enter_openat"]
writes = [t["args"] for t in tps if t["event"] == "sys_enter_write"]
want(len(opens) == 6 and len(writes) == 2, f"{len(opens)} opens, {len(writes)} writes: want 6, 2")
want({"string_arg": kt + "/bad\ufffd-x\ufffd"} in opens,
     f"invalid UTF-8: want one U+FFFD per run, got {[o for o in opens if 'bad' in o.get('string_arg', '')]}")
want({"error_arg": {"Message": "Bad address for basic type"}} in opens,
     f"openat(NULL): no error_arg with Tetragon's message in {[o for o in opens if 'string_arg' not in o]}")
name = lambda n: kt + "/" + "a" * (n - len(kt) - 1)
lens = [len(o.get("string_arg", "")) for o in opens]
want({"string_arg": name(4096)} in opens, f"a 4096-byte name not kept whole: lengths {lens}")
want({"string_arg": name(5000)[:4096]} in opens, f"a 5000-byte name not cut at 4096: lengths {lens}")
w = [{"file_arg": {"path": kt + "/evfile", "permission": "-rw-r-----"}},
     {"bytes_arg": base64.b64encode(b"x").decode()}, {"size_arg": "1"}]
want(w in writes, f"fd O_RDWR|O_APPEND 0640: want {w}, got {writes}")
w = [{"file_arg": {"path": kt + "/evfile2", "permission": "-rw-r-----"}},
     {"bytes_arg": base64.b64encode(b"CharBufErrorPageFault").decode()}, {"size_arg": "5"}]
want(w in writes, f"unmapped buffer: want {w}, got {writes}")
sys.exit(1 if bad else 0)
PY
echo "ok: error_arg, string limit, fd file_arg, buffer fault and NODE_NAME in JSON"

# text: a cut string ends in "...", a whole one does not; the fault is named
"$E" null || fail "tp-evargs null"
"$E" long 5000 "$KT" || fail "tp-evargs long 5000"
"$E" long 4096 "$KT" || fail "tp-evargs long 4096"
txt=$(tpl events) || fail "events (text)"
a4096=$(printf 'a%.0s' $(seq $((4096 - ${#KT} - 1))))
printf '%s\n' "$txt" | grep -qF '<Bad address for basic type>' || fail "text: no fault: $txt"
printf '%s\n' "$txt" | grep -qF "\"$KT/$a4096\"..." || fail "text: cut string without ...: $txt"
printf '%s\n' "$txt" | grep -qF "\"$KT/$a4096\"" || fail "text: whole string missing"
[ "$(printf '%s\n' "$txt" | grep -cF "\"$KT/$a4096\"...")" = 1 ] ||
	fail "text: a whole 4096-byte string shown cut: $txt"
echo "ok: text output marks the cut string"

# HUBBLE_NODE_NAME wins over NODE_NAME; without either, the host name
"$E" fd "$KT/evfile" || fail "tp-evargs fd"
ev=$(HUBBLE_NODE_NAME=tpc-hubble-node NODE_NAME=tpc-evargs-node tpl -j events) || fail "events"
check_tetragon_json "$ev"
[ "$(printf '%s\n' "$ev" | python3 -c 'import json,sys; print(sorted({json.loads(l)["node_name"] for l in sys.stdin if l.strip()}))')" = "['tpc-hubble-node']" ] ||
	fail "HUBBLE_NODE_NAME not used: $ev"
"$E" fd "$KT/evfile" || fail "tp-evargs fd"
ev=$(env -u HUBBLE_NODE_NAME -u NODE_NAME "$TPLOAD" --root "$TP_ROOT" -j events) || fail "events"
[ "$(printf '%s\n' "$ev" | python3 -c 'import json,sys; print(sorted({json.loads(l)["node_name"] for l in sys.stdin if l.strip()}))')" = "['$(hostname)']" ] ||
	fail "host name not used: $ev"
echo "ok: node name from HUBBLE_NODE_NAME, NODE_NAME, host name"
