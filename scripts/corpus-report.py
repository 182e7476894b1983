#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""make corpus: run `tpc -j check` on every policy of a corpus directory
(default ../shared/corpus/tetragon-examples) and report, per file, whether it
compiles or why not (the first diagnostic), plus totals by diagnostic code.
Writes build/corpus-report.md and build/corpus-report.json. Exit 0 unless tpc
crashed or printed no JSON (a policy being unsupported is a finding, not a
failure)."""
import collections, json, os, subprocess, sys

def main():
    tpc = sys.argv[1] if len(sys.argv) > 1 else "build/tpc"
    root = sys.argv[2] if len(sys.argv) > 2 else "../shared/corpus/tetragon-examples"
    if not os.path.isdir(root):
        print(f"corpus: {root} not found, nothing to do")
        return 0
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root)
                   for f in fs if f.endswith((".yaml", ".yml")))
    rows, codes, broken = [], collections.Counter(), []
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
        first = diags[0]["message"] if diags else ""
        rows.append({"file": os.path.relpath(f, root), "ok": doc["ok"],
                     "exit_code": p.returncode, "first_error": first,
                     "codes": sorted({d["code"] for d in diags})})
    ok = sum(r["ok"] for r in rows)
    os.makedirs("build", exist_ok=True)
    with open("build/corpus-report.json", "w") as out:
        json.dump({"total": len(rows), "ok": ok, "codes": dict(sorted(codes.items())), "files": rows}, out, indent=1)
    with open("build/corpus-report.md", "w") as out:
        out.write(f"# tpc check over {root}\n\n{ok} of {len(rows)} files compile.\n\n")
        out.write("| code | files |\n|---|---|\n")
        for c, n in codes.most_common():
            out.write(f"| `{c}` | {n} |\n")
        out.write("\n| file | result |\n|---|---|\n")
        for r in rows:
            res = "ok" if r["ok"] else r["first_error"].replace("|", "\\|")
            out.write(f"| `{r['file']}` | {res} |\n")
    print(f"corpus: {ok} of {len(rows)} policies compile; errors by code: "
          + ", ".join(f"{c} {n}" for c, n in codes.most_common()))
    print("corpus: per-file report in build/corpus-report.md")
    for f, rc, err in broken:
        print(f"corpus: BROKEN {f}: exit {rc}: {err}")
    return 1 if broken else 0

if __name__ == "__main__":
    sys.exit(main())
