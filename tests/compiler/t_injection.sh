#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Hostile policy strings reach generated C only as escaped literals, numeric
# words or sanitized comments: strip comments and literals with a real C
# tokenizer, then no token of the payloads may remain. Then compile it.
set -eu
TPC=${1:-build/tpc}
out=$(mktemp)
trap 'rm -f "$out" "$out.o"' EXIT
# hostile-strings: values of string filters; kprobe-celexpr: a CelExpr whose comment
# carries a breakout (the C is printed from the AST, comments are dropped)
for pol in hostile-strings kprobe-celexpr; do
"$TPC" compile --emit-c --tracefs tests/golden/tracefs --btf tests/golden/btf/vmlinux.btf tests/golden/codegen/$pol.yaml -o "$out"
python3 - "$out" <<'PY'
import re, sys
src = open(sys.argv[1], encoding='latin-1').read()
# drop comments and string/char literals exactly as a C lexer would
tok = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
code = tok.sub(' ', src)
bad = [w for w in ('evil', 'system', 'evil.h', 'trigraph', 'bpf_send_signal(9)', 'return 0; }', '#define')
       if w in code]
# the only preprocessor line is our include
pp = [l for l in code.splitlines() if l.strip().startswith('#')]
if bad or [p.split()[0] for p in pp] != ['#include'] or '#include "tp_common.bpf.h"' not in src.splitlines():
    print('FAIL: injected code in generated C:', bad, pp)
    sys.exit(1)
# every comment is closed where we closed it: no comment contains "*/" early
for c in re.findall(r'/\*.*?\*/', src, re.S):
    if '*/' in c[2:-2]:
        print('FAIL: comment terminated early:', c[:80]); sys.exit(1)
print('injection: hostile values appear only as escaped literals and sanitized comments')
PY
"$TPC" compile --tracefs tests/golden/tracefs --btf tests/golden/btf/vmlinux.btf tests/golden/codegen/$pol.yaml -o "$out.o"
done
