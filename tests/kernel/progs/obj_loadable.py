#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""obj_loadable.py OBJ MECH FEATURES...: can tpload load OBJ on a kernel with
FEATURES (tests/kernel/probe.sh names), with --mechanism MECH (auto, fentry,
kprobe)? Reads the "requires <hook> <alt>|<alt>..." lines of the object's
.tpc.meta (docs/object-format.md): a hook loads if one alternative's features
(comma-separated) are all there; with MECH fentry/kprobe, hooks that offer that
mechanism must use it. Prints "yes", or "no: <hook> needs <alts>"; exit 0.

obj_loadable.py --each MECHS FEATURES OBJ...: the same for every OBJ and each
MECH of MECHS (space-separated; FEATURES too), one "OBJ MECH VERDICT" line
each: one python start for a whole test instead of one per load (seconds
each in a TCG guest)."""
import sys


def meta(path):
    data = open(path, "rb").read()
    i = data.find(b"tpc-meta ")
    if i < 0:
        return ""
    j = data.find(b"\0", i)
    return data[i:j if j >= 0 else len(data)].decode(errors="replace")


def verdict(obj, mech, feats):
    for line in meta(obj).splitlines():
        f = line.split(" ")
        if len(f) < 3 or f[0] != "requires":
            continue
        alts = [a.split(",") for a in f[2].split("|")]
        if mech in ("fentry", "kprobe"):
            want = "fentry" if mech == "fentry" else "kprobe"
            forced = [a for a in alts if want in a or (want == "fentry" and "fmod_ret" in a)]
            if forced and len(alts) > 1:
                alts = forced
        if not any(all(x in feats for x in a) for a in alts):
            return f"no: hook {f[1]} needs {f[2]}"
    return "yes"


def main():
    if sys.argv[1] == "--each":
        mechs, feats = sys.argv[2].split(), set(sys.argv[3].split())
        for obj in sys.argv[4:]:
            for mech in mechs:
                print(f"{obj} {mech} {verdict(obj, mech, feats)}")
        return 0
    print(verdict(sys.argv[1], sys.argv[2], set(sys.argv[3:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
