#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Writes corrupted copies of a BPF object for t_load_corrupt.sh.

  obj_corrupt.py SRC OUTDIR [N]

Deterministic (seeded). For each region - the ELF header, the section
table, .symtab, .strtab, the code, every .rel* section, .maps, .BTF,
.BTF.ext - N copies with one byte flipped (a bit, a random byte, or a
random 32-bit word, which hits type ids and offsets); truncations at 16
points; and crafted ones: meta-version (.tpc.meta format 9), reloc-license
(a code relocation against a non-map symbol: libbpf refuses at open).
File names: <kind>-<k>.o.
"""
import os
import random
import struct
import sys

src, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 25
data = bytes(open(src, "rb").read())
os.makedirs(out, exist_ok=True)

shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
stroff = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)[0]
secs = []
for i in range(shnum):
    b = shoff + i * shentsize
    name, typ, flags = struct.unpack_from("<IIQ", data, b)
    off, size, link = struct.unpack_from("<QQI", data, b + 0x18)
    nm = data[stroff + name:data.index(0, stroff + name)].decode()
    secs.append((nm, typ, flags, off, size, link, b))

regions = {"ehdr": [(0, 64)], "shdrs": [(shoff, shnum * shentsize)]}
for nm, typ, flags, off, size, link, _ in secs:
    if typ == 8 or size == 0:
        continue
    key = {".symtab": "symtab", ".strtab": "strtab", ".maps": "maps", ".BTF": "btf",
           ".BTF.ext": "btfext"}.get(nm)
    if key is None and nm.startswith(".rel") and not nm.startswith(".rel.debug"):
        key = "rel"
    if key is None and flags & 4:
        key = "code"
    if key:
        regions.setdefault(key, []).append((off, size))

rng = random.Random(0x7bc)


def write(name, d):
    with open(f"{out}/{name}.o", "wb") as f:
        f.write(d)


for key, spans in sorted(regions.items()):
    for k in range(n):
        d = bytearray(data)
        off, size = spans[rng.randrange(len(spans))]
        p = off + rng.randrange(size)
        r = rng.random()
        if r < 0.4:
            d[p] ^= 1 << rng.randrange(8)
        elif r < 0.7 or p + 4 > off + size:
            d[p] = rng.randrange(256)
        else:
            struct.pack_into("<I", d, p, rng.choice([rng.randrange(1 << 32), 0xffffffff,
                                                     rng.randrange(4096)]))
        write(f"flip-{key}-{k}", d)

cuts = sorted({0, 1, 16, 63, 64, shoff, shoff + 1, shoff + shentsize, len(data) - 1,
               len(data) // 2} | {rng.randrange(len(data)) for _ in range(6)})
for k, c in enumerate(cuts):
    write(f"trunc-{k}", data[:c])

d = bytearray(data)
i = d.find(b"tpc-meta ")	# the version digit (TP_ABI_VERSION) becomes another one
if i >= 0:
    d[i + 9:i + 10] = b"8" if d[i + 9:i + 10] == b"9" else b"9"
    write("meta-version", d)

# reloc-license: the first relocation of the first program section now
# names the symbol LICENSE
sym = next(s for s in secs if s[1] == 2)
strt = secs[sym[5]]
lic = None
for k in range(sym[4] // 24):
    nm, = struct.unpack_from("<I", data, sym[3] + 24 * k)
    if data[strt[3] + nm:data.index(0, strt[3] + nm)] == b"LICENSE":
        lic = k
rel = next((s for s in secs if s[1] == 9 and s[0].startswith(".rel") and
            not s[0].startswith(".rel.debug") and not s[0].startswith(".rel.BTF")), None)
if lic is not None and rel is not None:
    d = bytearray(data)
    info, = struct.unpack_from("<Q", d, rel[3] + 8)
    struct.pack_into("<Q", d, rel[3] + 8, (lic << 32) | (info & 0xffffffff))
    write("reloc-license", d)

# meta-escape: the meta's source path carries a terminal escape sequence
d = bytearray(data)
i = d.find(b"source tests/")
if i >= 0:
    d[i + 7:i + 13] = b"\x1b[31mX"
    write("meta-escape", d)
