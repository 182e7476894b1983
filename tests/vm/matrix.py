#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Merge kernel suite results into the kernel x test matrix.

  matrix.py --obj-dir build/kobj --out build/kernel-matrix.json \
            [--expect KERNEL]... RESULTS.json...

RESULTS are the files tests/kernel/suite.sh writes (build/kernel-results-
<name>.json: the host's and one per VM kernel). Prints the test matrix and the
probed feature matrix, writes the merged JSON, and exits 1 when a test failed
on any kernel, an --expect'ed kernel has no results, or the objects a kernel
loaded are not byte-identical (sha256) to the ones built on the host in
--obj-dir (one compile, every kernel).
"""
import argparse
import hashlib
import json
import os
import sys


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def host_objects(obj_dir):
    objs = {}
    for root, _, files in os.walk(obj_dir):
        for name in files:
            if name.endswith(".o"):
                p = os.path.join(root, name)
                objs[os.path.relpath(p, obj_dir)] = sha256(p)
    return dict(sorted(objs.items()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--obj-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--expect", action="append", default=[],
                    help="a kernel that must have results (repeatable)")
    ap.add_argument("--vm-info", help="directory with <kernel>/vm.json files from tests/vm/run.sh --out")
    ap.add_argument("results", nargs="*")
    a = ap.parse_args()

    problems = []
    runs = {}
    for path in a.results:
        try:
            with open(path) as f:
                r = json.load(f)
        except (OSError, ValueError) as e:
            problems.append(f"{path}: unreadable results: {e}")
            continue
        runs[r.get("kernel_name", os.path.basename(path))] = r
    for k in a.expect:
        if k not in runs:
            problems.append(f"{k}: no results (the VM or the suite did not finish)")

    # Host first, then the VMs in the order asked for, then anything else.
    order = [k for k in ["host"] + a.expect if k in runs]
    order += sorted(k for k in runs if k not in order)
    vm = {}
    for k in order:
        p = os.path.join(a.vm_info, k, "vm.json") if a.vm_info else None
        if p and os.path.exists(p):
            try:
                with open(p) as f:
                    vm[k] = json.load(f)
            except (OSError, ValueError):
                pass

    # Every kernel must have loaded exactly the objects in --obj-dir, byte
    # for byte. Results of a kernel that was not --expect'ed (the host's,
    # from `make test-host`) with other objects are stale (objects rebuilt
    # since): reported, not counted.
    ref = host_objects(a.obj_dir) if os.path.isdir(a.obj_dir) else {}
    warnings = []
    stale = set()
    for k in order:
        seen = runs[k].get("objects", {})
        diffs = []
        for obj, h in ref.items():
            if obj not in seen:
                diffs.append(f"{k}: object {obj} missing from OBJ_DIR")
            elif seen[obj] != h:
                diffs.append(f"{k}: object {obj} differs from the host build "
                             f"(sha256 {seen[obj][:12]} != {h[:12]})")
        for obj in seen:
            if obj not in ref:
                diffs.append(f"{k}: object {obj} is not in the host's {a.obj_dir}")
        if diffs and k not in a.expect:
            stale.add(k)
            warnings.append(f"{k}: results are stale ({len(diffs)} objects differ from "
                            f"{a.obj_dir}): not counted; re-run its suite")
        else:
            problems += diffs

    tests = sorted({t["name"] for r in runs.values() for t in r.get("tests", [])})
    cell = {}
    for k in order:
        for t in runs[k].get("tests", []):
            cell[(t["name"], k)] = t
            if t["status"] not in ("pass", "skip") and k not in stale:
                problems.append(f"{k}: {t['name']} failed: {t.get('reason', '')}")

    w = max([len(t) for t in tests] + [len("test")])
    cols = [max(len(k) + 1, 5, min(len(runs[k].get("uname_r", "")), 22)) for k in order]
    line = "-" * (w + sum(c + 2 for c in cols))
    print(line)
    print(f"{'test':<{w}}" + "".join(f"  {k + ('*' if k in stale else ''):<{c}}" for k, c in zip(order, cols)))
    print(line)
    for t in tests:
        row = f"{t:<{w}}"
        for k, c in zip(order, cols):
            row += f"  {cell.get((t, k), {}).get('status', '-'):<{c}}"
        print(row)
    print(line)
    row = f"{'(kernel)':<{w}}"
    for k, c in zip(order, cols):
        row += f"  {runs[k].get('uname_r', '?')[:c]:<{c}}"
    print(row)
    row = f"{'(suite seconds)':<{w}}"
    for k, c in zip(order, cols):
        row += f"  {str(runs[k].get('seconds', '?')):<{c}}"
    print(row)
    if vm:
        row = f"{'(VM boot/wall s)':<{w}}"
        for k, c in zip(order, cols):
            v = vm.get(k)
            row += f"  {(str(v.get('boot_seconds')) + '/' + str(v.get('vm_wall_seconds'))) if v else '-':<{c}}"
        print(row)

    feats = []
    for k in order:
        for f in runs[k].get("features", {}):
            if f not in feats:
                feats.append(f)
    if feats:
        print(f"{'features':<{w}}" + "".join(f"  {k[:c]:<{c}}" for k, c in zip(order, cols)))
        for f in feats:
            row = f"  {f:<{w - 2}}"
            for k, c in zip(order, cols):
                v = runs[k].get("features", {}).get(f)
                row += f"  {('yes' if v else 'no') if v is not None else '-':<{c}}"
            print(row)
    print(line)

    identical = not any(" object " in p for p in problems)
    out = {
        "ok": not problems,
        "problems": problems,
        "warnings": warnings,
        "stale": sorted(stale),
        "kernels": {k: {key: runs[k].get(key) for key in
                        ("uname_r", "machine", "in_vm", "date", "seconds", "summary", "features")}
                    for k in order},
        "vm": vm,
        "tests": {t: {k: cell[(t, k)]["status"] for k in order if (t, k) in cell} for t in tests},
        "details": {t: {k: cell[(t, k)] for k in order if (t, k) in cell} for t in tests},
        "objects": ref,
        "objects_by_kernel": {k: runs[k].get("objects", {}) for k in order},
        "objects_identical": identical,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out + ".tmp", "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    os.replace(a.out + ".tmp", a.out)

    print(f"objects: {len(ref)} built once on the host, "
          f"{'identical (sha256) on every kernel' if identical else 'MISMATCH'}"
          + (f" (* stale, not counted: {', '.join(sorted(stale))})" if stale else ""))
    for p in warnings:
        print(f"matrix: warning: {p}", file=sys.stderr)
    for p in problems:
        print(f"matrix: {p[:400]}", file=sys.stderr)
    print(f"matrix: {'ok' if not problems else 'FAILED'}; {a.out}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
