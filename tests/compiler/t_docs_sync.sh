#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Docs, help and code agree (bpftool's synctypes idea): every diagnostic code
# the sources use is declared in diag_codes.h and documented in
# docs/diagnostics.md; every command of `tpc --help` and `tpload --help` is in
# its man page; every option of `tpc compile --help` is in docs/tpc.md; every
# tpload command and each of its options is in docs/tpload.md and the bash
# completion.
set -eu
TPC=${1:-build/tpc}
TPLOAD=${2:-build/tpload}
rc=0
used=$(grep -rhoE '(diag_error|diag_warn)\([^,]+, [^,]+, "[a-z-]+"' compiler/*.c compiler/passes/*.c |
	grep -oE '"[a-z-]+"$' | tr -d '"' | sort -u)
declared=$(grep -oE '^\s*E\([A-Z_]+,\s*"[a-z-]+"' compiler/diag_codes.h | grep -oE '"[a-z-]+"' | tr -d '"' | sort -u)
for c in $used; do
	grep -q "\"$c\"" compiler/diag_codes.h || grep -q " $c " compiler/diag_codes.h ||
		{ echo "FAIL: code '$c' used but not declared in compiler/diag_codes.h"; rc=1; }
done
for c in $used $declared; do
	grep -q "\`$c\`" docs/diagnostics.md || { echo "FAIL: code '$c' not in docs/diagnostics.md"; rc=1; }
done
for cmd in $("$TPC" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
	grep -q "$cmd" docs/tpc.md || { echo "FAIL: tpc command '$cmd' not in docs/tpc.md"; rc=1; }
done
for opt in $("$TPC" compile --help | grep -oE -- '--[a-z-]+' | sort -u); do
	grep -q -- "$opt" docs/tpc.md || { echo "FAIL: tpc compile option '$opt' not in docs/tpc.md"; rc=1; }
done
if [ -x "$TPLOAD" ]; then
	for cmd in $("$TPLOAD" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
		grep -q "$cmd" docs/tpload.md || { echo "FAIL: tpload command '$cmd' not in docs/tpload.md"; rc=1; }
		awk -v c="$cmd" '$1 == "local" && $2 ~ /^cmds=/' docs/bash-completion/tpload | grep -qw "$cmd" ||
			{ echo "FAIL: tpload command '$cmd' not in docs/bash-completion/tpload"; rc=1; }
		# every option of the command's --help: in the man page and the completion
		for opt in $("$TPLOAD" "$cmd" --help | grep -oE -- '^ +(-[a-zA-Z], )?--[a-z-]+' |
			     grep -oE -- '--[a-z-]+' | sort -u); do
			grep -q -- "$opt" docs/tpload.md ||
				{ echo "FAIL: tpload $cmd option '$opt' not in docs/tpload.md"; rc=1; }
			awk -v c="$cmd" '$1 == c")" { p = 1 } p { print } p && /;;/ { exit }' \
				docs/bash-completion/tpload | grep -q -- "$opt" ||
				{ echo "FAIL: tpload $cmd option '$opt' not in docs/bash-completion/tpload"; rc=1; }
		done
	done
	# every option of load and events: in docs/tpload.md (and the man page made from it)
	# and in the bash completion; the export options also in docs/events.md
	for sub in load events; do
		for opt in $("$TPLOAD" $sub --help | grep -oE -- '--[a-z-]+' | sort -u); do
			grep -q -- "$opt" docs/tpload.md ||
				{ echo "FAIL: tpload $sub option '$opt' not in docs/tpload.md"; rc=1; }
			grep -q -- "$opt" docs/bash-completion/tpload ||
				{ echo "FAIL: tpload $sub option '$opt' not in docs/bash-completion/tpload"; rc=1; }
		done
	done
	for opt in $("$TPLOAD" events --help | grep -oE -- '--(output|cursor|policy|type|binary)[a-z-]*' | sort -u); do
		grep -q -- "$opt" docs/events.md ||
			{ echo "FAIL: tpload events option '$opt' not in docs/events.md"; rc=1; }
	done
fi
[ $rc = 0 ] && echo "docs-sync: codes, commands and options agree"
exit $rc
