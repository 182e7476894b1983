#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""CelExpr differential test: random well-typed expressions of Tetragon's CEL
subset (every operator, function and type, literals at the edges) through
`tpc compile --emit-c`; the C each filter returns is built with the host C
compiler (-fsanitize=undefined: the C must not rely on undefined behaviour) and
evaluated on random argument values, against a model of the BPF code Tetragon
emits (pkg/celbpf/codegen.go): int32/uint32 on 32 bits, int/uint on 64, + and -
wrap, int32()/uint32() keep the low 32 bits. Then random token soups: tpc must
answer 0 or 1, never crash. Usage: t_cel_diff.py TPC [N]"""
import os, random, re, subprocess, sys, tempfile

S32, U32, S64, U64, BOOL = "int32", "uint32", "int", "uint", "bool"
INTS = (S32, U32, S64, U64)
WIDTH = {S32: 32, U32: 32, S64: 64, U64: 64}
ARGS = [S32, S64, U32, U64]            # arg0..arg3, see HOOK

HOOK = """apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: cel-diff
spec:
  kprobes:
  - call: "sys_lseek"
    syscall: true
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "long"
    - index: 2
      type: "uint32"
    - index: 1
      type: "uint64"
    selectors:
"""


def wrap(t, v):
    w = WIDTH[t]
    v &= (1 << w) - 1
    if t in (S32, S64) and v >> (w - 1):
        v -= 1 << w
    return v


def edge(rng, bits):
    return rng.choice([0, 1, 2, 0x7f, 0xff, 0x80, (1 << (bits - 1)) - 1, 1 << (bits - 1),
                       (1 << bits) - 1, (1 << bits) - 2, rng.getrandbits(bits),
                       rng.getrandbits(8)])


def lit(rng, t):
    """(text, value) of a literal expression of int type t."""
    if t == S64:
        v = wrap(S64, edge(rng, 64))
        if v < 0:
            return "-%d" % -v, v
        return (hex(v) if rng.random() < 0.3 else str(v)), v
    if t == U64:
        v = edge(rng, 64)
        return (hex(v) if rng.random() < 0.3 else str(v)) + "u", v
    inner, v = lit(rng, S64 if t == S32 else U64)
    return "%s(%s)" % (t, inner), wrap(t, v)


class Gen:
    def __init__(self, rng, vals):
        self.rng, self.vals = rng, vals   # vals: one list of arg values per case

    def int_(self, t, d):
        r = self.rng
        k = r.randrange(8) if d > 0 else r.randrange(2)
        if k == 0:
            i = r.choice([i for i, a in enumerate(ARGS) if a == t])
            return "arg%d" % i, [v[i] for v in self.vals]
        if k == 1:
            s, v = lit(r, t)
            return s, [v] * len(self.vals)
        if k in (2, 3):
            op = r.choice(["+", "-"])
            a, av = self.int_(t, d - 1)
            b, bv = self.int_(t, d - 1)
            f = (lambda x, y: x + y) if op == "+" else (lambda x, y: x - y)
            return "(%s %s %s)" % (a, op, b), [wrap(t, f(x, y)) for x, y in zip(av, bv)]
        if k in (4, 5):
            fn = r.choice(["and", "or", "xor"])
            a, av = self.int_(t, d - 1)
            b, bv = self.int_(t, d - 1)
            f = {"and": lambda x, y: x & y, "or": lambda x, y: x | y,
                 "xor": lambda x, y: x ^ y}[fn]
            return "%s(%s, %s)" % (fn, a, b), [wrap(t, f(x, y)) for x, y in zip(av, bv)]
        if k == 6:
            a, av = self.int_(t, d - 1)
            return "not(%s)" % a, [wrap(t, ~x) for x in av]
        if t in (S32, U32):      # int32(int), uint32(uint): the low 32 bits
            a, av = self.int_(S64 if t == S32 else U64, d - 1)
            return "%s(%s)" % (t, a), [wrap(t, x) for x in av]
        return self.int_(t, d - 1)

    def bool_(self, d):
        r = self.rng
        if d <= 0 and r.random() < 0.2:
            b = r.random() < 0.5
            return ("true" if b else "false"), [b] * len(self.vals)
        k = r.randrange(5) if d > 0 else 0
        if k in (0, 1, 2):
            t = r.choice(INTS)
            op = r.choice(["==", "!=", "<", "<=", ">", ">="])
            a, av = self.int_(t, d - 1)
            b, bv = self.int_(t, d - 1)
            f = {"==": lambda x, y: x == y, "!=": lambda x, y: x != y,
                 "<": lambda x, y: x < y, "<=": lambda x, y: x <= y,
                 ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}[op]
            return "(%s %s %s)" % (a, op, b), [f(x, y) for x, y in zip(av, bv)]
        if k == 3:
            op = r.choice(["&&", "||", "==", "!="])
            a, av = self.bool_(d - 1)
            b, bv = self.bool_(d - 1)
            f = {"&&": lambda x, y: x and y, "||": lambda x, y: x or y,
                 "==": lambda x, y: x == y, "!=": lambda x, y: x != y}[op]
            return "(%s %s %s)" % (a, op, b), [f(x, y) for x, y in zip(av, bv)]
        a, av = self.bool_(d - 1)
        return "!(%s)" % a, [not x for x in av]


def stored(t, v):
    """ev->a<i>: the 64-bit value, sign- or zero-extended from the type's width."""
    return v & ((1 << 64) - 1)


def main():
    tpc = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    rng = random.Random(int(os.environ.get("CEL_SEED", "20261203")))
    cases = 24
    vals = [[wrap(t, edge(rng, WIDTH[t])) for t in ARGS] for _ in range(cases)]
    g = Gen(rng, vals)
    exprs, want = [], []
    while len(exprs) < n:
        s, v = g.bool_(rng.randrange(1, 5))
        if len(s) > 1000:
            continue
        exprs.append(s)
        want.append(v)
    with tempfile.TemporaryDirectory() as tmp:
        pol = os.path.join(tmp, "p.yaml")
        with open(pol, "w") as f:
            f.write(HOOK)
            for s in exprs:
                f.write("    - matchArgs:\n      - operator: CelExpr\n        values:\n"
                        "        - '%s'\n" % s)
        p = subprocess.run([tpc, "compile", "--emit-c", "--tracefs", "tests/golden/tracefs",
                            "--btf", "tests/golden/btf/vmlinux.btf", pol],
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            print("FAIL: tpc compile: exit %d\n%s" % (p.returncode, p.stderr[:2000]))
            return 1
        rets = {}
        for m in re.finditer(r"bool kp0_sys_lseek_s(\d+)_f0\(.*?\n\{\n\treturn (.*?);\n\}", p.stdout):
            rets[int(m.group(1))] = m.group(2)
        if len(rets) != n:
            print("FAIL: found %d filter functions, want %d" % (len(rets), n))
            return 1
        c = ["#include <stdint.h>", "#include <stdio.h>",
             "typedef int32_t __s32; typedef uint32_t __u32;",
             "typedef int64_t __s64; typedef uint64_t __u64;",
             "struct ev { __u64 a0, a1, a2, a3; };"]
        for i in range(n):
            c.append("static int f%d(const struct ev *ev) { return %s; }" % (i, rets[i]))
        c.append("static const struct ev vals[%d] = {" % cases)
        for v in vals:
            c.append("\t{ %s }," % ", ".join("0x%xULL" % stored(t, x) for t, x in zip(ARGS, v)))
        c.append("};")
        c.append("static int (*const fs[%d])(const struct ev *) = { %s };" %
                 (n, ", ".join("f%d" % i for i in range(n))))
        c.append("int main(void) { for (int i = 0; i < %d; i++) { for (int j = 0; j < %d; j++)"
                 " putchar('0' + !!fs[i](&vals[j])); putchar('\\n'); } return 0; }" % (n, cases))
        src, exe = os.path.join(tmp, "e.c"), os.path.join(tmp, "e")
        open(src, "w").write("\n".join(c) + "\n")
        cc = os.environ.get("CC", "cc")
        p = subprocess.run([cc, "-O1", "-fsanitize=undefined", "-fno-sanitize-recover=all",
                            "-std=gnu11", "-o", exe, src],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print("FAIL: the C does not build:\n" + p.stderr[:2000])
            return 1
        p = subprocess.run([exe], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            print("FAIL: evaluation: exit %d\n%s" % (p.returncode, p.stderr[:2000]))
            return 1
        got = p.stdout.split("\n")
        bad = 0
        for i in range(n):
            w = "".join("1" if x else "0" for x in want[i])
            if got[i] != w:
                bad += 1
                if bad <= 5:
                    print("FAIL: %s\n  C:     %s\n  got  %s\n  want %s" % (exprs[i], rets[i],
                                                                        got[i], w))
        if bad:
            return 1
        # token soups: any answer but a crash or an internal error
        toks = ["arg0", "arg1", "arg2", "arg3", "arg9", "int32(", "uint32(", "and(", "not(",
                "(", ")", ",", "==", "!=", "<", ">=", "+", "-", "&&", "||", "!", "1", "-1",
                "0x10", "5u", "true", "null", "\"s\"", "?", ":", ".", "[", "*", "/", "%",
                "in", "size(", "1.5", "//", "\\", "'", "}", "\t"]
        with open(pol, "w") as f:
            f.write(HOOK)
            for _ in range(200):
                s = " ".join(rng.choice(toks) for _ in range(rng.randrange(1, 12)))
                f.write("    - matchArgs:\n      - operator: CelExpr\n        values:\n"
                        "        - %s\n" % ('"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')))
        p = subprocess.run([tpc, "-j", "check", "--tracefs", "tests/golden/tracefs", "--btf",
                            "tests/golden/btf/vmlinux.btf", pol], capture_output=True, timeout=120)
        if p.returncode not in (0, 1) or b"internal" in p.stdout:
            print("FAIL: token soup: exit %d" % p.returncode)
            return 1
    print("cel-diff: %d random expressions x %d argument sets agree with the model of "
          "Tetragon's BPF; 200 token soups refused cleanly" % (n, cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
