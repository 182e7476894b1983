#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# linux_binprm on the raw sched_process_exec tracepoint: matched by the path of
# the executed file (tp-victim is killed at exec, tp-other is not), reported as
# Tetragon's linux_binprm_arg / file_arg with its permission. Paths are kept as the
# core keeps them (head + tail + whole length, tp_abi.h): a 640-byte path whose tail
# reads like the victim's neither satisfies the Prefix by accident nor escapes the
# NotPrefix (posted, printed head...tail); a 640-byte path under the Prefix is killed
# (its head is exact); an unlinked victim run through /proc/self/fd is killed too
# (its path ends in " (deleted)", the Prefix still holds).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
need raw_tp
pol_setup
pol_load types-exec
expect_status "exec tp-victim" 137 "$(run_status "$KT/bin/tp-victim" -c 'true')"
expect_status "exec tp-other" 0 "$(run_status "$KT/bin/tp-other" -c 'true')"
# /tmp/tpc-ktest/L/<3 x 200 bytes>/tmp/tpc-ktest/bin/tp-victim: 650 bytes, kept as
# its first and last 256 bytes; the tail reads like the victim's path
a200=$(printf 'a%.0s' $(seq 200))
long=$KT/L/$a200/$a200/$a200$KT/bin
mkdir -p "$long" || fail "mkdir long path"
cp "$KT/bin/tp-victim" "$long/tp-victim" || fail "cp"
expect_status "exec long path ending like the victim's" 0 "$(run_status "$long/tp-victim" -c 'true')"
# /tmp/tpc-ktest/bin/tp-victim.d/<3 x 200 bytes>/x: 650 bytes under the Prefix
deep=$KT/bin/tp-victim.d/$a200/$a200/$a200
mkdir -p "$deep" || fail "mkdir deep path"
cp "$KT/bin/tp-victim" "$deep/x" || fail "cp"
expect_status "exec long path under the Prefix" 137 "$(run_status "$deep/x" -c 'true')"
# an unlinked copy, executed through its fd: ".../tp-victim-del (deleted)"
cp "$KT/bin/tp-victim" "$KT/bin/tp-victim-del" || fail "cp"
expect_status "exec unlinked victim" 137 "$(run_status bash -c \
	'exec 3<"$1" && rm -f "$1" && exec /proc/self/fd/3 -c true' _ "$KT/bin/tp-victim-del")"
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" <<'PY' || fail "events: $ev"
import json, sys
kt = sys.argv[2]
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
mine = [e for e in evs if e["process"].get("binary", "").endswith(("/tp-victim", "/tp-other"))]
by_action = {}
for e in mine:
    by_action.setdefault(e["action"], []).append(e)
kill_all = [e for e in evs if e["action"] == "KPROBE_ACTION_SIGKILL"]
kill = by_action.get("KPROBE_ACTION_SIGKILL", [])
assert len(kill) == 1, kill
a = kill[0]["args"]
assert a[0] == {"linux_binprm_arg": {"path": kt + "/bin/tp-victim", "permission": "-rwxr-xr-x"}}, a
assert a[1] == {"file_arg": {"path": kt + "/bin/tp-victim", "permission": "-rwxr-xr-x"}}, a
assert a[2] == {"string_arg": "tp-victim"}, a
assert a[3] == {"int_arg": 3}, a		# argv: tp-victim -c true
post = by_action.get("KPROBE_ACTION_POST", [])
other = [e for e in post if e["args"][0]["linux_binprm_arg"]["path"] == kt + "/bin/tp-other"]
assert len(other) == 1 and other[0]["args"][1]["file_arg"]["permission"] == "-rwxr-xr-x", post
longp = [e for e in post if e["args"][0]["linux_binprm_arg"]["path"].endswith("/tp-victim")]
assert len(longp) == 1, post
lp = longp[0]["args"][0]["linux_binprm_arg"]
assert "flags" not in lp, lp	# the head is known: exact
head = kt + "/L/" + "a" * 200
assert lp["path"].startswith(head[:256]) and "..." in lp["path"], lp
assert lp["path"].endswith(("a" * 200 + kt + "/bin/tp-victim")[-256:]), lp
assert len(lp["path"]) == 256 + 3 + 256, lp
killp = [e["args"][0]["linux_binprm_arg"]["path"] for e in kill_all]
assert any(p.startswith(kt + "/bin/tp-victim.d/") and p.endswith("/x") and "..." in p
           for p in killp), killp
assert kt + "/bin/tp-victim-del (deleted)" in killp, killp
PY
echo "ok: linux_binprm matched and reported by path; long paths exact (no Prefix by accident, no NotPrefix escape, no Prefix escape); an unlinked victim killed"
