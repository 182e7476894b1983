#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Corrupted objects never crash tpload and never leave anything behind
# (docs/object-format.md "Guarantees"):
#  - in an empty root, an empty file, a directory, a FIFO, a .tpc.meta of an
#    unknown format, an object libbpf refuses at open, a truncated object and
#    a 4 GiB sparse file each fail with exit 1 and leave no core, no root;
#  - the 4 GiB file is refused by its size, not read (tpload runs under a
#    256 MiB address-space limit: reading it would fail with ENOMEM, exit 3);
#  - with a policy loaded, ~200 corruptions (~45 in a VM) of tp_victim.bpf.o (a flipped
#    bit, byte or 32-bit word in the ELF header, the section table, .symtab,
#    .strtab, the code, the relocations, .maps, .BTF, .BTF.ext; truncations)
#    each exit 0 (the flip did not matter), 1 (refused) or 3 (a hook that does
#    not exist); never 4, never a signal; the earlier policy and the core are
#    untouched and no journal is left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
# per region: 20 on the host; 3 in a TCG guest (the parsing is the kernel's
# business only at load; the host run covers the variety)
N=${TPC_CORRUPT_PER_REGION:-20}
[ "${TPC_VM:-}" = 1 ] && N=${TPC_CORRUPT_PER_REGION:-3}
C=$WORK/corrupt
python3 "$(dirname "$0")/obj_corrupt.py" "$TP_OBJ" "$C" "$N" || fail "obj_corrupt.py"

no_core() {
	[ -e "$TP_ROOT/core" ] && fail "$1: core left behind: $(ls -R "$TP_ROOT")"
	[ -e "$TP_ROOT" ] && [ -n "$(ls -A "$TP_ROOT")" ] && fail "$1: $TP_ROOT not empty: $(ls -A "$TP_ROOT")"
	return 0
}

: > "$WORK/empty.o"
mkdir "$WORK/dir.o"
mkfifo "$WORK/fifo.o"
truncate -s 4G "$WORK/huge.o"
for f in "$WORK/empty.o" "$WORK/dir.o" "$WORK/fifo.o" "$C/meta-version.o" "$C/reloc-license.o" \
	 "$C/trunc-3.o" "$WORK/huge.o"; do
	s=0; out=$( (ulimit -v 262144; tpl load --name x "$f") 2>&1) || s=$?
	expect_status "load of $(basename "$f") into an empty root ($out)" 1 "$s"
	no_core "$(basename "$f")"
done
s=0; out=$(tpl load --name x "$WORK/huge.o" 2>&1) || s=$?
echo "$out" | grep -q "larger than" || fail "no size diagnostic for a 4 GiB file: $out"
out=$(tpl load "$C/reloc-license.o" 2>&1)
echo "$out" | grep -q "Relocation failed" || fail "libbpf's error not named: $out"

tpl load "$TP_OBJ" >/dev/null 2>&1 || fail "load of $TP_OBJ"
before=$(ls -R "$TP_ROOT")
declare -A outcome
total=0
for f in "$C"/*.o; do
	kind=$(basename "$f" .o); kind=${kind%-*}
	s=0; out=$(tpl load --name mut "$f" 2>&1) || s=$?
	case $s in
	0) tpl unload mut >/dev/null 2>&1 || fail "unload of $(basename "$f")" ;;
	1|3) ;;
	*) fail "$(basename "$f"): exit $s: $out" ;;
	esac
	outcome[$kind:$s]=$(( ${outcome[$kind:$s]:-0} + 1 ))
	total=$((total + 1))
	[ "$(ls -R "$TP_ROOT")" = "$before" ] ||
		fail "$(basename "$f") (exit $s) changed the root: $(ls -R "$TP_ROOT")"
done
for k in $(printf '%s\n' "${!outcome[@]}" | sort); do printf '%s=%s ' "$k" "${outcome[$k]}"; done
echo
victim=$(mk_bin tp-victim)
expect_status "the earlier policy still kills" 137 "$(opens "$victim" /etc/tpc-test-corrupt)"

# control bytes never reach the terminal raw: a meta field (list) and an
# event's file name (events, text)
tpl events >/dev/null 2>&1
tpl load --name esc "$C/meta-escape.o" >/dev/null 2>&1 || fail "load of meta-escape.o"
out=$(tpl list 2>&1)
echo "$out" | grep -q $'\x1b' && fail "list printed a raw ESC"
echo "$out" | grep -qF 'source \x1b[31mXkernel' || fail "list did not escape the source: $out"
tpl unload esc >/dev/null
expect_status "tp-victim opens an escape-named file" 137 "$(opens "$victim" $'/etc/tpc-test\e[2J\n')"
out=$(tpl events 2>&1)
echo "$out" | grep -q $'\x1b' && fail "events printed a raw ESC"
echo "$out" | grep -qF '/etc/tpc-test\x1b[2J\x0a' || fail "events did not escape the file name: $out"
echo "ok: $total corrupted objects: no crash, nothing left behind"
