#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Kill `tpload apply` at every step and check "A whole or B whole".

Bundles (tests/kernel/mkbundle.py, objects tests/kernel/progs/tp_apply_*):
KA = {tp-apply-keep, tp-apply-repl v1, tp-apply-old},
KB = {tp-apply-keep, tp-apply-repl v2, tp-apply-new}. Every version's
programs have names of their own (tak_, ta1_, ta2_, tao_, tan_), so the
kernel's links say which versions are attached.

Scenarios: apply KB over KA (add, replace, keep, remove), apply KA into an
empty root. tpload is SIGKILLed by strace's syscall injection on entry to
its K-th mkdir/rename/rmdir/unlink (every one; mkdir every MKDIR_STRIDE-th)
and at a spread of its bpf() calls (docs/tpload.md "TRANSACTIONS").

After each kill, before anything repairs it:
  K1  every published policy is whole (meta, both links, its map), the
      published core is whole, nothing but _txn and _applied is published
  K2  (KB over KA) the kernel enforces A whole or B whole: all links of
      keep+v1+old, or all of keep+v2+new
Then `tpload list` (which repairs) exits 0 and:
  R1  no journal is left; the published policies and their digests are
      exactly A or exactly B (or nothing, for the empty root), and the
      applied-bundle record names that bundle
  R2  the kernel holds exactly 2 links per published policy of that set and
      none of the other versions; the registry holds exactly the published
      ids; tp-apply-keep kept its id (it is in both bundles)
Usage: apply_kill.py TPLOAD ROOT KA.tar KB.tar [BPF_KILLS [MKDIR_STRIDE]]
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import tarfile
import time

TPLOAD, ROOT, KA, KB = sys.argv[1:5]
BPF_KILLS = int(sys.argv[5]) if len(sys.argv) > 5 else 6
MKDIR_STRIDE = int(sys.argv[6]) if len(sys.argv) > 6 else 2
FS_CALLS = ["mkdir", "rename", "rmdir", "unlink"]
PREFIX = {"tp-apply-keep": "tak_", "v1": "ta1_", "v2": "ta2_", "tp-apply-old": "tao_",
          "tp-apply-new": "tan_"}
CORE = ["links/exec", "links/fork", "links/exit", "maps/tp_procs", "maps/tp_events",
        "maps/tp_policies"]
EMPTY_TRUST = None
kills = {}


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def bundle_info(path):
    """(content digest, {policy: object digest})"""
    with tarfile.open(path) as t:
        manifest = t.extractfile("manifest").read().decode()
    pols = {}
    digest = None
    for line in manifest.splitlines():
        f = line.split(" ")
        if f[0] == "policy":
            pols[f[1]] = f[3][len("sha256:"):]
        elif f[0] == "content":
            digest = f[1][len("sha256:"):]
    return digest, pols


A_DIGEST, A_POLS = bundle_info(KA)
B_DIGEST, B_POLS = bundle_info(KB)


def tpl(*args, check=True):
    p = subprocess.run([TPLOAD, "--root", ROOT, *args], capture_output=True, text=True)
    if check and p.returncode:
        fail(f"tpload {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return p


def apply_args(bundle):
    return ["apply", "-K", EMPTY_TRUST, bundle]


def published():
    """error (K1) or None: structure only, nothing is read from bpffs maps."""
    if not os.path.isdir(ROOT):
        return None
    pols = []
    core = False
    for e in sorted(os.listdir(ROOT)):
        p = f"{ROOT}/{e}"
        if e in ("_txn", "_applied"):
            continue
        if e == "core":
            miss = [c for c in CORE if not os.path.exists(f"{p}/{c}")]
            if miss:
                return f"published core lacks {miss}"
            core = True
            continue
        if e.startswith("_"):
            return f"unexpected leftover {p}"
        if not os.path.exists(f"{p}/meta"):
            return f"published policy {e} without meta: {os.listdir(p)}"
        links = sorted(os.listdir(f"{p}/links")) if os.path.isdir(f"{p}/links") else []
        if len(links) != 2 or not os.path.exists(f"{p}/maps/ta_hits"):
            return f"published policy {e} is not whole: links {links}"
        pols.append(e)
    if pols and not core:
        return f"policies {pols} published without a core"
    return None


def listed():
    """`tpload -j list` (repairs first): ({name: (id, digest)}, record digest, stderr)"""
    p = tpl("-j", "list")
    d = json.loads(p.stdout)
    pols = {q["name"]: (q.get("id"), (q.get("digest") or "")[len("sha256:"):])
            for q in d.get("policies", [])}
    rec = (d.get("applied") or {}).get("bundle")
    return pols, rec[len("sha256:"):] if rec else None, d.get("repaired", [])


def kernel_links():
    """{prefix: number of links} for the tp_apply programs (any root: only this test uses ta*)"""
    progs = json.loads(subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True,
                                      text=True, check=True).stdout)
    names = {p["id"]: p.get("name", "") for p in progs}
    links = json.loads(subprocess.run(["bpftool", "-j", "link", "show"], capture_output=True,
                                      text=True, check=True).stdout)
    n = {}
    for lk in links:
        name = names.get(lk.get("prog_id"), "")
        for pfx in PREFIX.values():
            if name.startswith(pfx):
                n[pfx] = n.get(pfx, 0) + 1
    return n


def whole(n, versions):
    return all(n.get(PREFIX[v], 0) >= 2 for v in versions)


A_SET = ["tp-apply-keep", "v1", "tp-apply-old"]
B_SET = ["tp-apply-keep", "v2", "tp-apply-new"]


def registry():
    p = f"{ROOT}/core/maps/tp_policies"
    if not os.path.exists(p):
        return []
    out = json.loads(subprocess.run(["bpftool", "-j", "map", "dump", "pinned", p],
                                    capture_output=True, text=True, check=True).stdout)
    return sorted(e["formatted"]["key"] for e in out
                  if e["formatted"]["key"] and  # slot 0: the core's
                  (e.get("formatted", {}).get("value") or {}).get("used"))


def reset():
    tpl("unload", "--all", check=False)
    subprocess.run(["rm", "-rf", ROOT])
    if os.path.exists(ROOT):
        fail(f"cannot reset {ROOT}")


def after_repair(what, allowed, keep_id):
    pols, rec, repaired = listed()
    err = published()
    if err:
        fail(f"{what}: after repair: {err}")
    if os.path.isdir(ROOT) and "_txn" in os.listdir(ROOT):
        fail(f"{what}: after repair: a journal is left (repaired: {repaired})")
    digests = {n: g for n, (_, g) in pols.items()}
    state = None
    for name, (bdigest, bpols, versions) in allowed.items():
        if digests == bpols and rec == bdigest:
            state = (name, versions)
    if not state:
        fail(f"{what}: after repair: published {digests} record {rec}: neither of "
             f"{list(allowed)}; repaired: {repaired}")
    want = {PREFIX[v]: 2 for v in state[1]}
    for _ in range(50):
        n = kernel_links()
        if n == want:
            break
        time.sleep(0.1)
    if n != want:
        fail(f"{what}: kernel links {n}, want {want} (state {state[0]})")
    ids = sorted(i for i, _ in pols.values())
    if registry() != ids:
        fail(f"{what}: registry {registry()} != published ids {ids}")
    if keep_id is not None and pols.get("tp-apply-keep", (None,))[0] != keep_id:
        fail(f"{what}: tp-apply-keep's id changed: {keep_id} -> {pols.get('tp-apply-keep')}")
    return state[0]


def run_killed(args, call, k):
    cmd = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={call}",
           "-e", f"inject={call}:signal=SIGKILL:when={k}", TPLOAD, "--root", ROOT, *args]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode in (-9, 137)


def count_calls(setup, args):
    setup()
    # strace writes the trace to a file of its own: "-o /dev/stdout" reads
    # nothing when /dev/stdout is not the usual symlink (it was once a
    # regular file on the shared host, and every count was 0)
    with tempfile.NamedTemporaryFile("r", prefix="tpc-strace-") as trace:
        p = subprocess.run(["strace", "-f", "-qq", "-o", trace.name, "-e",
                            "trace=" + ",".join(FS_CALLS + ["bpf"]), TPLOAD, "--root", ROOT,
                            *args], capture_output=True, text=True)
        if p.returncode:
            fail(f"dry run of {args}: exit {p.returncode}: {p.stderr}")
        lines = trace.read().splitlines()
    n = {}
    for line in lines:
        m = re.match(r"(?:\[pid\s+\d+\]\s+|\d+\s+)?(\w+)\(", line)
        if m:
            n[m.group(1)] = n.get(m.group(1), 0) + 1
    if not n.get("bpf"):
        fail(f"strace saw no bpf() call of {args}: {len(lines)} trace lines")
    return n


def scenario(name, setup, args, allowed, swap, mkdir_stride, bpf_kills):
    calls = count_calls(setup, args)
    points = []
    for c in FS_CALLS:
        step = mkdir_stride if c == "mkdir" else 1
        points += [(c, k) for k in range(1, calls.get(c, 0) + 1, step)]
    nb = calls.get("bpf", 0)
    if nb:
        step = max(1, nb // bpf_kills)
        points += [("bpf", k) for k in range(1, nb + 1, step)]
    done = 0
    seen = {}
    for c, k in points:
        setup()
        keep_id = listed()[0].get("tp-apply-keep", (None,))[0]
        killed = run_killed(args, c, k)
        what = f"{name}: kill at {c} #{k}"
        if killed:
            err = published()
            if err:
                fail(f"{what}: {err}")
            if swap:
                n = kernel_links()
                if not whole(n, A_SET) and not whole(n, B_SET):
                    fail(f"{what}: the kernel enforces neither A nor B whole: links {n}")
            done += 1
        st = after_repair(what, allowed, keep_id)
        seen[st] = seen.get(st, 0) + 1
    kills[name] = done
    print(f"{name}: {done} kills ({', '.join(f'{c} {n}' for c, n in sorted(calls.items()))}); "
          f"after repair: {seen}")
    if len(seen) < 2:
        fail(f"{name}: the kills never produced both outcomes {list(allowed)}: {seen}")


def main():
    global EMPTY_TRUST
    EMPTY_TRUST = os.environ.get("WORK", "/tmp") + "/apply-kill-trust"
    os.makedirs(EMPTY_TRUST, exist_ok=True)

    def empty():
        reset()

    def have_a():
        reset()
        tpl(*apply_args(KA))

    # KA has v1 under "tp-apply-repl"; KB has v2
    a = (A_DIGEST, A_POLS, A_SET)
    b = (B_DIGEST, B_POLS, B_SET)
    scenario("apply KB over KA", have_a, apply_args(KB), {"A": a, "B": b}, True,
             MKDIR_STRIDE, BPF_KILLS)
    # much like load into an empty root (t_load_txn_kill.sh): fewer points
    scenario("apply KA into an empty root", empty, apply_args(KA),
             {"none": (None, {}, []), "A": a}, False, MKDIR_STRIDE * 4, max(1, BPF_KILLS // 2))
    reset()
    total = sum(kills.values())
    print(f"total: {total} kills, A whole or B whole after each")
    if total < 25:
        fail(f"only {total} kills landed")


main()
