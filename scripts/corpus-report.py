#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""make corpus: Tetragon's example policies through tpc and the kernel lab.

  corpus-report.py TPC CORPUS_DIR [--vm "KERNEL..."] [--docs FILE]

1. `tpc -j check` on every policy file (default target: the build machine's kernel
   inputs), per file: compiles or why not (the first diagnostic), totals by code.
2. With --vm: for each lab kernel, the kernel's own inputs as a `tpload snapshot`
   taken once in a VM (cached in $TPC_CACHE/snapshots, outside git, keyed by the
   kernel package), every file compiled against it (`tpc compile
   --target-snapshot`), and every object produced loaded in a VM of that kernel
   (tests/vm/corpus_verify.sh: the verifier and the attach, --mechanism auto, and
   kprobe where the object offers it).
Writes build/corpus-report.md and .json, and with --docs the committed summary.
Exit 0 unless tpc crashed, printed no JSON, or a VM could not run (a policy being
unsupported or refused by a kernel is a finding, not a failure)."""
import collections, hashlib, json, os, shutil, subprocess, sys

import corpus_scope

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("TPC_CACHE", "/var/cache/tpc")


def corpus_files(root):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(root)
                  for f in fs if f.endswith((".yaml", ".yml")))


def first_error(doc):
    for d in doc.get("diagnostics", []):
        if d["severity"] == "error":
            return d["message"], d["code"]
    return "", ""


def host_check(tpc, root, files, broken):
    rows, codes = [], collections.Counter()
    for f in files:
        p = subprocess.run([tpc, "-j", "check", f], capture_output=True, text=True)
        if p.returncode >= 4 or p.returncode < 0:
            broken.append((f, p.returncode, p.stderr[-500:]))
        try:
            doc = json.loads(p.stdout)
        except ValueError:
            broken.append((f, p.returncode, "no JSON on stdout"))
            continue
        diags = [d for d in doc["diagnostics"] if d["severity"] == "error"]
        for c in sorted({d["code"] for d in diags}):
            codes[c] += 1
        rows.append({"file": os.path.relpath(f, root), "ok": doc["ok"],
                     "exit_code": p.returncode, "first_error": first_error(doc)[0],
                     "codes": sorted({d["code"] for d in diags})})
    return rows, codes


def snapshot(kernel, timeout):
    """The kernel's inputs as a tpload snapshot, taken once in a VM."""
    pkg = os.path.join(CACHE, "kernels", kernel, "package")
    key = hashlib.sha256(open(pkg, "rb").read()).hexdigest()[:12] if os.path.exists(pkg) else "x"
    path = os.path.join(CACHE, "snapshots", f"{kernel}-{key}.snap")
    if os.path.exists(path):
        return path
    out = os.path.join(REPO, "build", "corpus-out", kernel, "snap")
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([os.path.join(REPO, "tests/vm/run.sh"), "--kernel", kernel, "--no-tpc",
                        "-q", "--out", out, "--timeout", str(timeout), "--",
                        os.path.join(REPO, "tests/vm/guest_snapshot.sh"), "/out/k.snap"],
                       capture_output=True, text=True)
    src = os.path.join(out, "k.snap")
    if p.returncode or not os.path.exists(src):
        # the cache does not exist yet (pkg unknown before the first boot): retry keyed
        raise RuntimeError(f"snapshot of {kernel} failed: exit {p.returncode}: {p.stderr[-800:]}")
    if not os.path.exists(pkg):
        return src
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copyfile(src, path + ".tmp")
    os.rename(path + ".tmp", path)
    return path


def compile_for(tpc, root, files, kernel, snap, broken):
    """Compile every file against the kernel's snapshot into build/corpus/<kernel>/<i>/."""
    base = os.path.join(REPO, "build", "corpus", kernel)
    shutil.rmtree(base, ignore_errors=True)
    res = {}
    for i, f in enumerate(files):
        d = os.path.join(base, str(i))
        os.makedirs(d)
        p = subprocess.run([tpc, "-j", "compile", "--target-snapshot", snap, "-o", d + "/", f],
                           capture_output=True, text=True)
        if p.returncode >= 4 or p.returncode < 0:
            broken.append((f, p.returncode, p.stderr[-500:]))
        try:
            doc = json.loads(p.stdout)
        except ValueError:
            broken.append((f, p.returncode, "no JSON on stdout"))
            continue
        res[os.path.relpath(f, root)] = {
            "ok": doc["ok"], "error": first_error(doc)[0],
            "objects": [os.path.relpath(o["path"], base) for o in doc.get("outputs", [])
                        if o["kind"] == "bpf.o"]}
    return base, res


def reason(load):
    """Why a load failed, in one line."""
    try:
        doc = json.loads(load["out"]) if load["out"] else {}
    except ValueError:
        doc = {}
    rej = doc.get("rejected")
    if rej:
        log = [l for l in rej.get("verifier_log", []) if l.strip()]
        return f"verifier rejected {rej.get('program')}: {log[-2] if len(log) > 1 else (log or ['?'])[-1]}"
    for m in doc.get("mechanisms", []):
        if "error" in m:
            return f"hook {m['hook']}: {m['error']}"
    errs = [l for l in load.get("err", "").splitlines() if l.strip()]
    for l in errs:
        if "no mechanism works" in l:
            return l
    if errs:
        return errs[0][:300]
    return "; ".join(doc.get("errors", []))[:300] or f"exit {load['exit']}"


def verify_in_vm(kernel, base, timeout):
    out = os.path.join(REPO, "build", "corpus-out", kernel, "verify")
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([os.path.join(REPO, "tests/vm/run.sh"), "--kernel", kernel, "--no-tpc",
                        "-q", "--files", base, "--out", out, "--timeout", str(timeout), "--",
                        os.path.join(REPO, "tests/vm/corpus_verify.sh"), base,
                        "/out/verify.jsonl"], capture_output=True, text=True)
    path = os.path.join(out, "verify.jsonl")
    if p.returncode or not os.path.exists(path):
        raise RuntimeError(f"corpus VM on {kernel} failed: exit {p.returncode}: {p.stderr[-800:]}")
    loads = [json.loads(l) for l in open(path) if l.strip()]
    return {(l["obj"], l["mechanism"]): l for l in loads}


def mechs(load):
    try:
        doc = json.loads(load["out"])
    except ValueError:
        return ""
    ms = sorted({m["mechanism"] for m in doc.get("mechanisms", []) if "mechanism" in m})
    return ",".join(ms)


def kernel_cell(kd, fname):
    """(verified with --mechanism auto, the report's cell) of one file on one kernel."""
    v = kd["files"].get(fname)
    if not v:
        return False, "-"
    if not v["ok"]:
        return False, "not compiled"
    parts, ok = [], bool(v["objects"])
    for o in v["objects"]:
        a = kd["loads"].get((o, "auto"))
        if not a:
            parts.append("not loaded")
            ok = False
        elif a["exit"] == 0:
            m = mechs(a)
            s = "verified" + (f" ({m})" if m else "")
            b = kd["loads"].get((o, "kprobe"))
            if b:
                s += "; kprobe: " + ("verified" if b["exit"] == 0 else "refused: " + reason(b))
            parts.append(s)
        else:
            parts.append("refused: " + reason(a))
            ok = False
    return ok, "<br>".join(p.replace("|", "\\|") for p in parts) or "no object"


def scope_section(root, rows, kernels):
    """Issue 7's corpus goal: the files in scope, their counts, every exception and why."""
    notes = corpus_scope.notes()
    ins, out = [], collections.Counter()
    for r in rows:
        ok, why = corpus_scope.scope(os.path.join(root, r["file"]))
        if ok:
            ins.append(r)
        else:
            out[why] += 1
    lines = ["\n## Issue 7 scope: kprobe, kretprobe and LSM policies with the listed argument types\n",
             f"{len(ins)} of {len(rows)} files have only `kprobes` (with or without `return: true`) "
             "and `lsmhooks` hooks, and only argument types issue 7 lists (kernel objects, "
             "char_buf/char_iovec, nop, basic types); "
             f"scripts/corpus_scope.py decides. Out of scope: "
             + ", ".join(f"{why} {n}" for why, n in out.most_common()) + ".\n"]
    summary = {"in_scope": len(ins)}
    exc = []
    if kernels:
        lines.append("| kernel | compiled | verified (auto) | with `--mechanism kprobe` |")
        lines.append("|---|---|---|---|")
    for k, kd in kernels.items():
        comp = sum(1 for r in ins if kd["files"].get(r["file"], {}).get("ok"))
        ver = sum(1 for r in ins if kernel_cell(kd, r["file"])[0])
        kp = kpok = 0
        for r in ins:
            for o in kd["files"].get(r["file"], {}).get("objects", []):
                b = kd["loads"].get((o, "kprobe"))
                if b:
                    kp += 1
                    kpok += b["exit"] == 0
        summary[k] = {"compiled": comp, "verified": ver, "kprobe_loads": kp,
                      "kprobe_verified": kpok}
        lines.append(f"| {k} | {comp} of {len(ins)} | {ver} of {len(ins)} | {kpok} of {kp} objects |")
    for r in ins:
        cells = [kernel_cell(kd, r["file"]) for kd in kernels.values()]
        if (all(c[0] for c in cells) if kernels else r["ok"]):
            continue
        why = notes.get(r["file"], "")
        first = r["first_error"] or ""
        if kernels:
            texts = []
            for kd, c in zip(kernels.values(), cells):
                v = kd["files"].get(r["file"], {})
                if c[0]:
                    texts.append("verified")
                elif v and not v["ok"]:
                    texts.append("not compiled: " + v["error"].replace("|", "\\|"))
                else:
                    texts.append(c[1])
        else:
            texts = [(first or "ok").replace("|", "\\|")]
        exc.append((r["file"], texts, why))
    lines.append(f"\nExceptions ({len(exc)}): in scope but not compiled or not verified on every "
                 "kernel, with why (scripts/corpus-notes.tsv; tpc's or the kernel's own words are "
                 "in the per-file table below).\n")
    lines.append("| file | " + (" | ".join(kernels) if kernels else "tpc check") + " | why |")
    lines.append("|---|" + "---|" * max(len(kernels), 1) + "---|")
    for f, cells, why in exc:
        lines.append(f"| `{f}` | " + " | ".join(cells) +
                     f" | {why or '**no note**'} |")
    summary["exceptions"] = [{"file": f, "why": why} for f, _, why in exc]
    return lines, summary


def write_reports(root, rows, codes, kernels, broken, docs):
    ok = sum(r["ok"] for r in rows)
    summary = {"total": len(rows), "ok": ok, "codes": dict(sorted(codes.items())),
               "files": rows, "kernels": {}}
    lines = [f"# Tetragon's example policies through tpc\n",
             f"`make corpus` over `{os.path.basename(os.path.normpath(root))}` "
             f"({len(rows)} files). Generated by scripts/corpus-report.py; do not edit.\n",
             f"**tpc check** (the build machine's kernel inputs): {ok} of {len(rows)} files compile.\n"]
    for k, kd in kernels.items():
        comp = sum(1 for v in kd["files"].values() if v["ok"])
        objs = [(f, o) for f, v in kd["files"].items() for o in v["objects"]]
        ver = sum(1 for f, o in objs if kd["loads"].get((o, "auto"), {}).get("exit") == 0)
        kp = [(f, o) for f, o in objs if (o, "kprobe") in kd["loads"]]
        kpok = sum(1 for f, o in kp if kd["loads"][(o, "kprobe")]["exit"] == 0)
        summary["kernels"][k] = {"compiled_files": comp, "objects": len(objs), "verified": ver,
                                 "kprobe_loads": len(kp), "kprobe_verified": kpok}
        lines.append(f"**{k}** (compiled against its own `tpload snapshot`): {comp} of "
                     f"{len(rows)} files compile into {len(objs)} objects; {ver} of them load "
                     f"(verifier + attach, mechanism auto); of the {len(kp)} with kprobe "
                     f"programs, {kpok} load with `--mechanism kprobe`.\n")
    scope_lines, summary["scope"] = scope_section(root, rows, kernels)
    lines += scope_lines
    lines.append("\n## Host check: errors by code\n\n| code | files |\n|---|---|")
    for c, n in codes.most_common():
        lines.append(f"| `{c}` | {n} |")
    lines.append("\n## Per file\n")
    hdr = "| file | tpc check |" + "".join(f" {k} |" for k in kernels)
    lines.append(hdr)
    lines.append("|---|---|" + "---|" * len(kernels))
    for r in rows:
        cells = ["ok" if r["ok"] else r["first_error"].replace("|", "\\|")]
        for k, kd in kernels.items():
            cells.append(kernel_cell(kd, r["file"])[1])
        lines.append(f"| `{r['file']}` | " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(REPO, "build"), exist_ok=True)
    with open(os.path.join(REPO, "build", "corpus-report.json"), "w") as out:
        json.dump(summary, out, indent=1, default=str)
    with open(os.path.join(REPO, "build", "corpus-report.md"), "w") as out:
        out.write(text)
    if docs:
        with open(docs, "w") as out:
            out.write(text)
    print(f"corpus: {ok} of {len(rows)} policies compile (host check); errors by code: "
          + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    for k, s in summary["kernels"].items():
        print(f"corpus: {k}: {s['compiled_files']} files compiled, {s['objects']} objects, "
              f"{s['verified']} verified; kprobe mechanism: {s['kprobe_verified']} of "
              f"{s['kprobe_loads']}")
    print("corpus: per-file report in build/corpus-report.md" + (f" and {docs}" if docs else ""))


def main():
    args = sys.argv[1:]
    vm, docs = [], None
    while "--vm" in args:
        i = args.index("--vm")
        vm = args[i + 1].split()
        del args[i:i + 2]
    if "--docs" in args:
        i = args.index("--docs")
        docs = args[i + 1]
        del args[i:i + 2]
    tpc = args[0] if args else "build/tpc"
    root = args[1] if len(args) > 1 else "../shared/corpus/tetragon-examples"
    if not os.path.isdir(root):
        print(f"corpus: {root} not found (CORPUS_DIR): nothing to do")
        return 0
    timeout = int(os.environ.get("TPC_VM_TIMEOUT", "1200"))
    files = corpus_files(root)
    broken = []
    rows, codes = host_check(tpc, root, files, broken)
    kernels = {}
    failed = False
    for k in vm:
        try:
            snap = snapshot(k, timeout)
            base, res = compile_for(tpc, root, files, k, snap, broken)
            loads = verify_in_vm(k, base, timeout)
        except RuntimeError as e:
            print(f"corpus: {e}", file=sys.stderr)
            failed = True
            continue
        kernels[k] = {"files": res, "loads": loads}
    write_reports(root, rows, codes, kernels, broken, docs)
    for f, rc, err in broken:
        print(f"corpus: BROKEN {f}: exit {rc}: {err}")
    return 1 if broken or failed else 0


if __name__ == "__main__":
    sys.exit(main())
