#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Every example policy and every codegen golden, compiled once on the host
# (build/kobj/{ex,gold}_*.bpf.o), passes this kernel's verifier and attaches
# with tpload, then unloads without leaving pins. On a shared host (not in a
# VM), an example that enforces node-wide is replaced by its narrowed
# variant (exn_*: same code, constants limited to the tests' paths), so a
# colleague's program in /tmp is not killed while it is attached. Hooks on
# kernel functions load with the mechanism tpload picks (auto), and again
# with --mechanism kprobe where the kernel has kprobes and the object offers
# them; an object this kernel cannot load (its .tpc.meta "requires": no
# trampolines, kprobes, BPF-LSM, bpf_override_return here) must be refused
# (exit 3) naming a hook, with nothing left pinned.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
tp_setup
LOADABLE=$(dirname "$0")/progs/obj_loadable.py
FEATS=$("$(dirname "$0")/probe.sh" --all 2>/dev/null | sed -n 's/^\([a-z_]*\): yes.*/\1/p' | tr '\n' ' ')
EVENTS=/sys/kernel/tracing/events
[ -d "$EVENTS" ] || EVENTS=/sys/kernel/debug/tracing/events

# lacks OBJ: the first tracepoint OBJ hooks that this kernel does not have
# (.tpc.meta "hook" lines: cap_capable is 6.14+, ext4 may be a module that is
# not loaded); empty if it has them all
lacks() {
	local t
	for t in $(strings -a "$1" | sed -n 's/^hook [0-9]* \(tracepoint\|raw_tp\) \([^ ]*\) .*/\2/p'); do
		[ -d "$EVENTS/$t" ] || { echo "$t"; return; }
	done
	# btfTypeModule: CO-RE relocates against the module's BTF, so the module must be
	# loaded (origin /sys/kernel/btf/<m>, or a file named <m>[.btf|.ko])
	for t in $(strings -a "$1" | sed -n 's/^target btf-module \([^ ]*\) .*/\1/p'); do
		t=${t##*/}
		t=${t%.btf}
		t=${t%.ko}
		[ -e "/sys/kernel/btf/$t" ] || { echo "module $t not loaded"; return; }
	done
}

objs=()
for obj in "$OBJ_DIR"/ex_*.bpf.o "$OBJ_DIR"/gold_*.bpf.o; do
	[ -f "$obj" ] || continue
	narrow=$OBJ_DIR/exn_$(basename "$obj" | sed 's/^ex_//')
	[ -z "${TPC_VM:-}" ] && [ -f "$narrow" ] && obj=$narrow
	objs+=("$obj")
done
# What obj_loadable.py says of each object and mechanism, in one python run
# (a python start takes seconds in a TCG guest; this test made ~80)
verdicts=$(python3 "$LOADABLE" --each "auto kprobe" "$FEATS" "${objs[@]}") ||
	fail "obj_loadable --each: $verdicts"
declare -A CAN=()
while read -r o m v; do
	CAN["$o $m"]=$v
done <<< "$verdicts"

n=0 refused=0
skipped=
for obj in "${objs[@]}"; do
	t=$(lacks "$obj")
	if [ -n "$t" ]; then
		skipped="$skipped $(basename "$obj") ($t)"
		continue
	fi
	for mech in auto kprobe; do
		if [ "$mech" = kprobe ]; then
			case " $FEATS " in *" kprobe "*) ;; *) continue ;; esac
			grep -aq "prog [0-9]* kprobe " "$obj" || continue
		fi
		can=${CAN["$obj $mech"]:-}
		[ -n "$can" ] || fail "obj_loadable gave no verdict for $obj ($mech)"
		rc=0
		out=$(tpl -j load --mechanism "$mech" "$obj" 2>&1) || rc=$?
		if [ "$can" != yes ]; then
			[ "$rc" = 3 ] || fail "$(basename "$obj") ($mech, $can): exit $rc, want 3: $out"
			printf '%s\n' "$out" | grep -q "no mechanism works on this kernel" ||
				fail "$(basename "$obj") ($mech): refused without naming the hook: $out"
			ls "$TP_ROOT" | grep -qv '^core$' && fail "a refused load left pins: $(ls "$TP_ROOT")"
			refused=$((refused + 1))
			continue
		fi
		[ "$rc" = 0 ] || fail "$(basename "$obj") ($mech): load failed: $out"
		# the "policy" member of load -j's object (names are [a-z0-9.-]:
		# nothing to unescape)
		name=$(printf '%s' "$out" | grep -o '"policy": *"[^"]*"' | head -1 | sed 's/.*: *"\(.*\)"/\1/')
		[ -n "$name" ] || name=$(strings "$obj" | sed -n 's/.*policy \([a-z0-9.-]*\).*/\1/p' | head -1)
		tpl unload "$name" >/dev/null || fail "unload $name"
		n=$((n + 1))
	done
done
[ "$n" -gt 0 ] || fail "no objects in $OBJ_DIR (make kernel-test-objs)"
ls "$TP_ROOT" | grep -v '^core$' && fail "pins left: $(ls "$TP_ROOT")"
[ -z "$skipped" ] || echo "not on this kernel:$skipped"
echo "ok: $n loads of compiled policies verified, attached and unloaded; $refused refused as this kernel lacks what they need"
