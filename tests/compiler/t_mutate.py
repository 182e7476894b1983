#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Hostile-input smoke test: mutate every example and golden policy (byte
flips, deletions, duplications, truncations, splices of YAML/C syntax) with a
fixed seed and run `tpc check` and `tpc compile` on each (valid mutants
go through clang: a clang error on generated C is exit 4). tpc must
never crash or report an internal error: exit 0 (valid), 1 (policy errors)
or 3 (environment) only, and -j must always print one JSON document.
Usage: t_mutate.py TPC [N_PER_FILE]"""
import glob, json, os, random, subprocess, sys, tempfile

SNIPPETS = [b"\x00", b"\xff\xfe", b"{", b"[", b"]", b"}", b": ", b"- ", b"\n---\n", b"&a ", b"*a",
            b"!!binary ", b"\"", b"'", b"\\", b"*/", b"#include <x>", b"\t", b"\n  ", b"%YAML 1.1\n",
            b"values: [" + b"9" * 40 + b"]", b"index: 99999999999", b"operator: Prefix",
            b"type: string", b"raw: true",
            # CelExpr: operators, nesting, text that tries to leave the generated C
            b"operator: CelExpr", b" && arg0 == int32(-1)", b"int32(", b"((((((((", b"0x",
            b"9223372036854775808", b"); system(\"x\"", b"*/ int x; /*", b"// ", b"u"]

def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1 and data:
            del data[pos:pos + rng.randint(1, 16)]
        elif op == 2:
            data[pos:pos] = rng.choice(SNIPPETS)
        elif op == 3 and data:
            a = rng.randrange(len(data))
            data[pos:pos] = data[a:a + rng.randint(1, 64)]
        else:
            data = data[:pos]
    return bytes(data)

def main():
    tpc = sys.argv[1]
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(int(os.environ.get("MUTATE_SEED", "20261130")))
    seeds = sorted(glob.glob("policies/examples/*.yaml") + glob.glob("tests/golden/*/*.yaml"))
    bad, runs = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.yaml")
        for seed in seeds:
            base = open(seed, "rb").read()
            for i in range(per):
                data = mutate(rng, base)
                open(path, "wb").write(data)
                for args in (["-j", "check", "--tracefs", "tests/golden/tracefs", "--btf", "tests/golden/btf/vmlinux.btf", path],
                             ["compile", "--tracefs", "tests/golden/tracefs", "--btf", "tests/golden/btf/vmlinux.btf",
                              "-o", os.path.join(tmp, "out.bpf.o"), path]):
                    p = subprocess.run([tpc] + args, capture_output=True, timeout=30)
                    runs += 1
                    ok = p.returncode in (0, 1, 3)
                    if ok and args[0] == "-j":
                        try:
                            json.loads(p.stdout)
                        except ValueError:
                            ok = False
                    if not ok:
                        keep = os.path.join("build", "mutate-fail-%d.yaml" % len(bad))
                        os.makedirs("build", exist_ok=True)
                        open(keep, "wb").write(data)
                        bad.append((seed, args[0], p.returncode, keep,
                                    p.stderr.decode(errors="replace")[-300:]))
    for seed, cmd, rc, keep, err in bad:
        print(f"FAIL: mutation of {seed} ({cmd}): exit {rc}, input kept in {keep}: {err}")
    print(f"mutate: {runs} runs on mutated policies, {len(bad)} crashes or internal errors")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
