# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Which corpus files issue 7's corpus goal covers, and the notes on its exceptions.

In scope: every hook of the file is a kprobe (with or without return: true) or an LSM
hook, and every argument type (args, returnArg) is one issue 7 lists: the kernel
objects, char_buf/char_iovec, nop and the basic types. Used by corpus-report.py.
"""
import os

import yaml

BASIC = {"auto", "int", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
         "uint64", "s8", "s16", "s32", "s64", "u8", "u16", "u32", "u64", "long", "ulong",
         "size_t", "string", "fd", "syscall64", "bool"}
KOBJ = {"file", "path", "dentry", "linux_binprm", "cred", "capability", "kernel_cap_t",
        "cap_inheritable", "cap_permitted", "cap_effective", "user_namespace", "bpf_attr",
        "bpf_map", "bpf_prog", "perf_event", "module", "load_info", "kiocb", "iov_iter",
        "char_buf", "char_iovec", "nop"}
TYPES = BASIC | KOBJ
OTHER_HOOKS = ("tracepoints", "uprobes", "usdts", "fentries")
NOTES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus-notes.tsv")


def scope(path):
    """(True, "") for a file in scope, else (False, why not)."""
    try:
        with open(path) as f:
            docs = list(yaml.safe_load_all(f))
    except (yaml.YAMLError, UnicodeDecodeError):
        return False, "not YAML"
    hooks = 0
    for d in docs:
        spec = d.get("spec") if isinstance(d, dict) else None
        if not isinstance(spec, dict):
            continue
        for k in OTHER_HOOKS:
            if spec.get(k):
                return False, f"{k} hooks"
        for k in ("kprobes", "lsmhooks"):
            for h in spec.get(k) or []:
                if not isinstance(h, dict):
                    continue
                hooks += 1
                args = list(h.get("args") or [])
                if isinstance(h.get("returnArg"), dict):
                    args.append(h["returnArg"])
                for a in args:
                    t = str(a.get("type", "auto")) if isinstance(a, dict) else "?"
                    if t not in TYPES:
                        return False, f"argument type {t}"
    if not hooks:
        return False, "no kprobe or LSM hook"
    return True, ""


def notes():
    """{corpus-relative path: why it is an exception} (scripts/corpus-notes.tsv)."""
    out = {}
    if not os.path.exists(NOTES):
        return out
    with open(NOTES) as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            path, why = line.rstrip("\n").split("\t", 1)
            out[path] = why
    return out
