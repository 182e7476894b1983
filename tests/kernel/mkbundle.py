#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Write a tpc bundle (docs/bundle-format.md, tar form) from objects that
`tpc bundle` cannot make: hand-written test objects, a verifier-rejected or
unattachable object next to good ones. The tests of `tpload apply` need them
in the VMs, which have no tpc. Unsigned (apply accepts an unsigned bundle
without --require-signature).

  mkbundle.py --abi N OUT.tar [--from BUNDLE.tar] NAME=OBJ...

NAME is the policy name (it must be the object's .tpc.meta policy name, as
tpc bundle guarantees: tpload refuses a mismatch). --from copies the
policies of another tar bundle (its objects, sources and lines).
"""
import hashlib
import io
import sys
import tarfile


def member(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))


def read_bundle(path):
    """{name: (object bytes, [manifest lines of it])}"""
    pols = {}
    with tarfile.open(path, format=tarfile.USTAR_FORMAT) as t:
        manifest = t.extractfile("manifest").read().decode()
        objs = {m.name: t.extractfile(m).read() for m in t.getmembers() if m.name != "manifest"}
    for line in manifest.splitlines():
        f = line.split(" ")
        if f[0] == "policy":
            pols[f[1]] = (objs[f[2]], [line])
        elif f[0] in ("target", "requires") and f[1] in pols:
            pols[f[1]][1].append(line)
    return pols


def main(argv):
    abi = None
    src = None
    pairs = []
    args = iter(argv[1:])
    out = None
    for a in args:
        if a == "--abi":
            abi = next(args)
        elif a == "--from":
            src = next(args)
        elif out is None:
            out = a
        else:
            name, _, obj = a.partition("=")
            with open(obj, "rb") as f:
                pairs.append((name, f.read()))
    if not abi or not out:
        print(__doc__, file=sys.stderr)
        return 2
    pols = read_bundle(src) if src else {}
    for name, data in pairs:
        digest = hashlib.sha256(data).hexdigest()
        pols[name] = (data, [f"policy {name} objects/{name}.bpf.o sha256:{digest} {len(data)} -"])
    text = f"tpc-bundle 1\ngenerator tpc test-mkbundle\nabi {abi}\narch x86\n"
    for name in sorted(pols):
        text += "".join(line + "\n" for line in pols[name][1])
    text += "content sha256:" + hashlib.sha256(text.encode()).hexdigest() + "\n"
    with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as t:
        member(t, "manifest", text.encode())
        for name in sorted(pols):
            member(t, f"objects/{name}.bpf.o", pols[name][0])
    return 0


sys.exit(main(sys.argv))
