#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Kill tpload at every step of load / replace / unload / unload --all and
check the transaction invariant (docs/tpload.md "TRANSACTIONS").

How a run is killed: strace -e inject=SYSCALL:signal=SIGKILL:when=K makes the
kernel deliver SIGKILL to tpload on entry to its K-th SYSCALL, i.e. right
after the K-1-th one completed: K = 1..N over every mkdir/rename/rmdir/unlink
(each change of the tree in bpffs) and over the bpf() calls (link creation,
pin, registry updates) reaches every state a crash can leave, with no test
hook compiled into tpload.

After each kill, before anything repairs it:
  I1  every published policy <root>/<dir> is whole (meta, all five links,
      its map); the published core is whole; a published policy implies a
      published core; nothing else is published (only the journal _txn)
Then `tpload list` (which repairs) must exit 0, and:
  I2  no journal or leftover remains; the state is one the operation allows
      (old or new version, or absent; a core only with a reason to exist);
      the registry holds exactly the published policies' ids; the kernel
      holds exactly five tp-multi links per published tp-multi policy (no
      orphan, none missing).
Usage: txn_kill.py TPLOAD ROOT OBJ [BPF_KILLS_PER_SCENARIO [MKDIR_STRIDE]]
(mkdir: every MKDIR_STRIDE-th call, default 2: most are libbpf's mkdir of
existing pin directories, which change nothing; 1 = every call.)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

TPLOAD, ROOT, OBJ = sys.argv[1], sys.argv[2], sys.argv[3]
BPF_KILLS = int(sys.argv[4]) if len(sys.argv) > 4 else 12
MKDIR_STRIDE = int(sys.argv[5]) if len(sys.argv) > 5 else 2
LINKS = ["tpm0_openat", "tpm1_close", "tpm2_dup", "tpm3_getppid", "tpm4_umask"]
CORE = ["links/exec", "links/fork", "links/exit", "maps/tp_procs", "maps/tp_events",
        "maps/tp_policies"]
FS_CALLS = ["mkdir", "rename", "rmdir", "unlink"]
kills = {}


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def tpl(*args, check=True):
    p = subprocess.run([TPLOAD, "--root", ROOT, *args], capture_output=True, text=True)
    if check and p.returncode:
        fail(f"tpload {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return p


def meta_id(d):
    p = subprocess.run(["bpftool", "-j", "map", "dump", "pinned", f"{d}/meta"],
                       capture_output=True, text=True)
    if p.returncode:
        return None
    v = json.loads(p.stdout)[0]["value"]
    text = bytes(int(b, 16) for b in v).decode(errors="replace") if isinstance(v, list) \
        else str(v)
    m = re.search(r"\nid (\d+)\n", text)
    return int(m.group(1)) if m else None


def published():
    """{dir: id} of the published policies; checks I1."""
    if not os.path.isdir(ROOT):
        return None, {}
    pols = {}
    core = False
    for e in sorted(os.listdir(ROOT)):
        p = f"{ROOT}/{e}"
        if e == "_txn":
            continue
        if e == "core":
            miss = [c for c in CORE if not os.path.exists(f"{p}/{c}")]
            if miss:
                return f"published core lacks {miss}", pols
            core = True
            continue
        if e.startswith("_"):
            return f"unexpected leftover {p}", pols
        if not os.path.exists(f"{p}/meta"):
            return f"published policy {e} without meta: {os.listdir(p)}", pols
        links = sorted(os.listdir(f"{p}/links")) if os.path.isdir(f"{p}/links") else []
        if links != sorted(LINKS):
            return f"published policy {e} has links {links}", pols
        if not os.path.exists(f"{p}/maps/tpm_hits"):
            return f"published policy {e} lacks its map", pols
        pols[e] = meta_id(p)
    if pols and not core:
        return f"policies {list(pols)} published without a core", pols
    return None, pols


def kernel_multi_links():
    """tp-multi links alive in the kernel (any root: only this test uses tpm*)."""
    progs = json.loads(subprocess.run(["bpftool", "-j", "prog", "show"], capture_output=True,
                                      text=True, check=True).stdout)
    ids = {p["id"] for p in progs if p.get("name", "").startswith("tpm")}
    links = json.loads(subprocess.run(["bpftool", "-j", "link", "show"], capture_output=True,
                                      text=True, check=True).stdout)
    return sum(1 for lk in links if lk.get("prog_id") in ids)


def registry():
    p = f"{ROOT}/core/maps/tp_policies"
    if not os.path.exists(p):
        return {}
    out = json.loads(subprocess.run(["bpftool", "-j", "map", "dump", "pinned", p],
                                    capture_output=True, text=True, check=True).stdout)
    used = {}
    for e in out:
        v = e.get("formatted", {}).get("value") or {}
        if v.get("used") and e["formatted"]["key"]:	# slot 0: the core's
            key = e["formatted"]["key"]
            used[key] = v
    return used


def reset():
    tpl("unload", "--all", check=False)
    subprocess.run(["rm", "-rf", ROOT])
    if os.path.exists(ROOT):
        fail(f"cannot reset {ROOT}")


def after_repair(what, allowed):
    p = tpl("list")
    err, pols = published()
    if err:
        fail(f"{what}: after repair: {err}")
    if os.path.isdir(ROOT):
        left = [e for e in os.listdir(ROOT) if e.startswith("_")]
        if left:
            fail(f"{what}: after repair: leftovers {left} (list said: {p.stderr})")
    core = os.path.exists(f"{ROOT}/core")
    state = (tuple(sorted(pols)), core)
    if state not in [(tuple(sorted(a)), c) for a, c in allowed]:
        fail(f"{what}: after repair: state {state}, allowed {allowed}; list said: {p.stderr}")
    reg = registry()
    if sorted(reg) != sorted(i for i in pols.values()):
        fail(f"{what}: registry {sorted(reg)} != published ids {pols}")
    want = 5 * len(pols)
    for _ in range(50):
        n = kernel_multi_links()
        if n == want:
            break
        time.sleep(0.1)
    if n != want:
        fail(f"{what}: {n} tp-multi links in the kernel, want {want} ({pols})")
    return pols


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
            fail(f"dry run of {args}: exit {p.returncode}")
        lines = trace.read().splitlines()
    n = {}
    for line in lines:
        m = re.match(r"(?:\[pid\s+\d+\]\s+|\d+\s+)?(\w+)\(", line)
        if m:
            n[m.group(1)] = n.get(m.group(1), 0) + 1
    if not n.get("bpf"):
        fail(f"strace saw no bpf() call of {args}: {len(lines)} trace lines")
    return n


def scenario(name, setup, args, allowed, check_ids=None):
    calls = count_calls(setup, args)
    points = []
    for c in FS_CALLS:
        step = MKDIR_STRIDE if c == "mkdir" else 1
        points += [(c, k) for k in range(1, calls.get(c, 0) + 1, step)]
    nb = calls.get("bpf", 0)
    if nb:
        step = max(1, nb // BPF_KILLS)
        points += [("bpf", k) for k in range(1, nb + 1, step)]
    done = 0
    for c, k in points:
        setup()
        before = published()[1]
        killed = run_killed(args, c, k)
        what = f"{name}: kill at {c} #{k}"
        if killed:
            err, _ = published()
            if err:
                fail(f"{what}: {err}")
            done += 1
        pols = after_repair(what, allowed)
        if check_ids:
            check_ids(what, before, pols)
    kills[name] = (done, dict(calls))
    print(f"{name}: {done} kills ({', '.join(f'{c} {n}' for c, n in sorted(calls.items()))})")


def main():
    if not os.path.isfile(OBJ):
        fail(f"{OBJ} missing")

    def empty():
        reset()

    def keep():
        reset()
        tpl("load", OBJ, "--name", "keep")

    def keep_multi():
        keep()
        tpl("load", OBJ)

    # load into an empty root: the new core goes with a rolled-back load
    scenario("load (empty root)", empty, ["load", OBJ], [([], False), (["tp-multi"], True)])
    scenario("load (core present)", keep, ["load", OBJ],
             [(["keep"], True), (["keep", "tp-multi"], True)])

    def same_or_new(what, before, after):
        if after.get("keep") != before.get("keep"):
            fail(f"{what}: the uninvolved policy changed: {before} -> {after}")

    scenario("replace", keep_multi, ["load", "--replace", OBJ],
             [(["keep", "tp-multi"], True)], same_or_new)
    scenario("unload", keep_multi, ["unload", "tp-multi"],
             [(["keep"], True), (["keep", "tp-multi"], True)], same_or_new)
    scenario("unload --all", keep_multi, ["unload", "--all"],
             [([], False), (["keep", "tp-multi"], True)])
    reset()
    total = sum(d for d, _ in kills.values())
    print(f"total: {total} kills, invariant held after each")
    if total < 50:
        fail(f"only {total} kills landed")


main()
