#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The core's programs stay cheap to verify: the path walker is a bpf_loop()
# callback, verified once (as an unrolled bounded loop it cost ~30,000
# verified instructions per program and most of a cold load's time). Budget:
# 5,000 verified instructions per core program.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup

out=$(tpl load "$TP_OBJ" --name "$TP_POLICY" 2>&1) || fail "load: exit $?: $out"
tpl -j list | python3 -c '
import json, sys
links = json.load(sys.stdin)["core"]["links"]
assert sorted(l["name"] for l in links) == ["exec", "exit", "fork"], links
for l in links:
    n = l.get("verified_insns", 0)
    print("  core %-5s %s: %d verified insns" % (l["name"], l["prog_name"], n))
    # 0: the kernel does not report it (< 5.16)
    assert n <= 5000, "%s: %d verified instructions (budget 5000)" % (l["name"], n)
' || fail "core programs over the verifier budget"
echo "ok: core programs within the verifier budget"
