#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""tpc check --format sarif|github: structure and agreement with the text output.

SARIF is checked structurally against the OASIS SARIF 2.1.0 specification
(sarifLog 3.13, run 3.14, tool/toolComponent 3.18-3.19, reportingDescriptor 3.49,
result 3.27, location 3.28, physicalLocation 3.29, artifactLocation 3.4, region
3.30, message 3.11): required properties present with the right types, only
properties the spec defines for each object, ruleIndex pointing at its rule,
levels from the spec's enum, 1-based lines and columns. Then every text
diagnostic (file:line:col: severity: message [code]) must appear as a result
with the same location, level and rule, and as a GitHub annotation.
Usage: t_ci_formats.py TPC
"""
import json
import re
import subprocess
import sys

TPC = sys.argv[1] if len(sys.argv) > 1 else "build/tpc"
INPUTS = ["tests/golden/diag/bad-header.yaml", "tests/golden/diag/schema-errors.yaml",
          "tests/golden/diag/semantic-errors.yaml",
          "policies/examples/block-etc-writes.yaml"]
failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)


# Properties the spec defines for the objects tpc writes (subset of each
# object's full list is fine; anything else is a bug or a typo).
ALLOWED = {
    "sarifLog": {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
    "run": {"tool", "results", "columnKind", "artifacts", "invocations", "originalUriBaseIds",
            "language", "properties", "automationDetails"},
    "tool": {"driver", "extensions", "properties"},
    "toolComponent": {"name", "version", "semanticVersion", "informationUri", "rules",
                      "fullName", "organization", "properties"},
    "reportingDescriptor": {"id", "name", "shortDescription", "fullDescription",
                            "helpUri", "help", "defaultConfiguration", "properties"},
    "message": {"text", "markdown", "id", "arguments", "properties"},
    "result": {"ruleId", "ruleIndex", "rule", "kind", "level", "message", "locations",
               "relatedLocations", "properties", "fingerprints", "partialFingerprints"},
    "location": {"id", "physicalLocation", "logicalLocations", "message", "annotations",
                 "relationships", "properties"},
    "physicalLocation": {"artifactLocation", "region", "contextRegion", "address", "properties"},
    "artifactLocation": {"uri", "uriBaseId", "index", "description", "properties"},
    "region": {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
               "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"},
}


def props(obj, kind, where):
    check(isinstance(obj, dict), f"{where}: {kind} is not an object")
    if isinstance(obj, dict):
        extra = set(obj) - ALLOWED[kind]
        check(not extra, f"{where}: {kind} has properties the spec does not define: {extra}")


def is_int(v, minimum):
    return isinstance(v, int) and not isinstance(v, bool) and v >= minimum


def check_message(m, where):
    props(m, "message", where)
    check(isinstance(m.get("text"), str) and m["text"], f"{where}: message.text missing")


def check_phys(p, where):
    props(p, "physicalLocation", where)
    a = p.get("artifactLocation")
    props(a, "artifactLocation", where + ".artifactLocation")
    uri = a.get("uri") if isinstance(a, dict) else None
    # a URI reference: no spaces, no backslashes, relative (no scheme, not absolute)
    check(isinstance(uri, str) and uri and not re.search(r"[ \\\\]", uri) and not uri.startswith("/"),
          f"{where}: bad artifactLocation.uri {uri!r}")
    if "region" in p:
        r = p["region"]
        props(r, "region", where + ".region")
        check(is_int(r.get("startLine"), 1), f"{where}: region.startLine must be an integer >= 1")
        if "startColumn" in r:
            check(is_int(r["startColumn"], 1), f"{where}: region.startColumn must be >= 1")


def check_sarif(doc):
    props(doc, "sarifLog", "log")
    check(doc.get("version") == "2.1.0", "log.version must be 2.1.0")
    runs = doc.get("runs")
    check(isinstance(runs, list) and len(runs) == 1, "log.runs must be an array of one run")
    run = runs[0]
    props(run, "run", "run")
    check(run.get("columnKind") in (None, "utf16CodeUnits", "unicodeCodePoints"), "run.columnKind")
    tool = run.get("tool")
    props(tool, "tool", "run.tool")
    drv = tool.get("driver")
    props(drv, "toolComponent", "run.tool.driver")
    check(drv.get("name") == "tpc", "driver.name must be tpc")
    rules = drv.get("rules", [])
    ids = []
    for i, r in enumerate(rules):
        props(r, "reportingDescriptor", f"rules[{i}]")
        check(isinstance(r.get("id"), str) and r["id"], f"rules[{i}].id missing")
        ids.append(r.get("id"))
        if "shortDescription" in r:
            check_message(r["shortDescription"], f"rules[{i}].shortDescription")
    check(len(ids) == len(set(ids)), "rule ids must be unique")
    results = run.get("results")
    check(isinstance(results, list), "run.results must be an array")
    for i, res in enumerate(results):
        w = f"results[{i}]"
        props(res, "result", w)
        check_message(res.get("message", {}), w)
        check(res.get("level") in ("none", "note", "warning", "error"), f"{w}.level")
        if "ruleIndex" in res:
            check(is_int(res["ruleIndex"], 0) and res["ruleIndex"] < len(rules)
                  and rules[res["ruleIndex"]]["id"] == res.get("ruleId"),
                  f"{w}: ruleIndex does not point at ruleId")
        for j, loc in enumerate(res.get("locations", [])):
            props(loc, "location", f"{w}.locations[{j}]")
            check_phys(loc.get("physicalLocation", {}), f"{w}.locations[{j}]")
        for j, loc in enumerate(res.get("relatedLocations", [])):
            props(loc, "location", f"{w}.relatedLocations[{j}]")
            check(is_int(loc.get("id", 0), 0), f"{w}.relatedLocations[{j}].id")
            if "physicalLocation" in loc:
                check_phys(loc["physicalLocation"], f"{w}.relatedLocations[{j}]")
    return results, rules


def run(*args):
    p = subprocess.run([TPC, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


TEXT_RE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.*) \[(?:-W)?(?P<code>[a-z-]+)\]$")

rc_text, _, text = run("check", *INPUTS)
rc_sarif, sarif_out, sarif_err = run("check", "--format", "sarif", *INPUTS)
rc_gh, gh_out, _ = run("check", "--format", "github", *INPUTS)
check(rc_text == rc_sarif == rc_gh == 1, f"exit codes differ or are not 1: {rc_text} {rc_sarif} {rc_gh}")
check(sarif_err == "", f"--format sarif wrote to stderr: {sarif_err[:200]}")
doc = json.loads(sarif_out)
results, rules = check_sarif(doc)

expected = [m.groupdict() for m in map(TEXT_RE.match, text.splitlines()) if m]
check(len(expected) >= 3, "the inputs give at least 3 located diagnostics")
for e in expected:
    found = [r for r in results if r.get("ruleId") == e["code"] and r["level"] == e["sev"]
             and r.get("locations")
             and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == e["file"]
             and r["locations"][0]["physicalLocation"]["region"]["startLine"] == int(e["line"])
             and r["locations"][0]["physicalLocation"]["region"]["startColumn"] == int(e["col"])
             and r["message"]["text"].split("\n")[0] == e["msg"]]
    check(len(found) == 1, f"text diagnostic not in SARIF: {e}")
    ann = f"::{e['sev']} file={e['file']},line={e['line']},col={e['col']},title=tpc {e['code']}::"
    check(any(l.startswith(ann) for l in gh_out.splitlines()), f"no GitHub annotation {ann}")
for l in gh_out.splitlines():
    check(re.match(r"^::(error|warning|notice)( [a-z]+=[^,:]*(,[a-z]+=[^,:]*)*)?::[^\r]*$", l),
          f"malformed workflow command: {l[:120]}")
check(len(gh_out.splitlines()) == len(results), "one annotation per SARIF result")

# a valid policy: an empty, valid log, exit 0
rc, out, _ = run("check", "--format", "sarif", "policies/examples/block-etc-writes.yaml")
r, _ = check_sarif(json.loads(out))
check(rc == 0 and r == [], "a valid policy gives no results")
rc, out, _ = run("check", "--format", "github", "policies/examples/block-etc-writes.yaml")
check(rc == 0 and out == "", "a valid policy gives no annotations")
# a path that needs escaping in both formats
rc, out, _ = run("check", "--format", "github", "no such, dir:x.yaml")
check(rc != 0 and "file=no such%2C dir%3Ax.yaml" in out, f"github property escaping: {out!r}")
rc, out, _ = run("check", "--format", "sarif", "no such, dir:x.yaml")
check(rc != 0 and "no%20such%2C%20dir%3Ax.yaml" in out, "sarif uri escaping")
rc, _, _ = run("check", "--format", "xml", "policies/examples/block-etc-writes.yaml")
check(rc == 2, "unknown --format is a usage error")

for f in failures:
    print("FAIL:", f)
print(f"ci-formats: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
