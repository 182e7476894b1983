#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""docs/<tool>.md -> roff man page, so the man pages and the docs are one text.

Handles the subset the man-page docs use: '# name(section)', '## SECTION',
'### subsection', paragraphs, '- ' lists (with continuation lines), ``` blocks,
| tables |, **bold**, `code` (bold), [text](link) (text). Deterministic: no date
unless SOURCE_DATE_EPOCH is set.
Usage: md2man.py DOC.md VERSION > OUT
"""
import datetime
import os
import re
import sys


def esc(s):
    s = s.replace("\\", "\\e").replace("-", "\\-")
    return s


def inline(s):
    s = esc(s)
    s = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", s)
    s = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", s)
    s = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", s)
    return s


def line_out(out, s):
    # a roff control character at the start of a text line must be escaped
    if s.startswith((".", "'")):
        s = "\\&" + s
    out.append(s)


def main():
    path, version = sys.argv[1], sys.argv[2]
    lines = open(path, encoding="utf-8").read().splitlines()
    m = re.match(r"^# ([a-z0-9-]+)\((\d)\)$", lines[0])
    if not m:
        sys.exit(f"{path}: first line must be '# name(section)'")
    name, section = m.group(1), m.group(2)
    date = ""
    if "SOURCE_DATE_EPOCH" in os.environ:
        date = datetime.datetime.utcfromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"])).strftime("%Y-%m-%d")
    out = [f'.\\" Generated from {os.path.basename(path)} by scripts/md2man.py. DO NOT EDIT.',
           f'.TH {name.upper()} {section} "{date}" "tpc {version}" "tpc"']
    i = 1
    in_list = False
    while i < len(lines):
        l = lines[i]
        if l.startswith("```"):
            out.append(".PP")
            out.append(".nf")
            out.append(".RS 4")
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                line_out(out, esc(lines[i]))
                i += 1
            out.append(".RE")
            out.append(".fi")
            in_list = False
        elif l.startswith("## "):
            out.append(".SH " + esc(l[3:].upper()))
            in_list = False
        elif l.startswith("### "):
            out.append('.SS "' + inline(l[4:]).replace('"', '\\(dq') + '"')
            in_list = False
        elif l.startswith("|"):
            out.append(".PP")
            out.append(".TS")
            out.append("tab(|);")
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            i -= 1
            ncol = max(len(r) for r in rows)
            out.append(" ".join(["l"] * (ncol - 1) + ["lx"]) + ".")
            for r in rows:
                out.append("|".join(inline(c) for c in r))
            out.append(".TE")
            in_list = False
        elif re.match(r"^\s*- ", l):
            out.append(".IP \\(bu 2")
            line_out(out, inline(re.sub(r"^\s*- ", "", l)))
            in_list = True
        elif not l.strip():
            if not in_list:
                out.append(".PP")
            in_list = False
            # a blank line ends a list item; the next paragraph starts fresh
        else:
            line_out(out, inline(l.strip() if in_list else l))
        i += 1
    # collapse repeated paragraph macros
    res = []
    for o in out:
        if o == ".PP" and res and res[-1] in (".PP",) or (o == ".PP" and res and res[-1].startswith(".SH")):
            continue
        res.append(o)
    sys.stdout.write("\n".join(res) + "\n")


main()
