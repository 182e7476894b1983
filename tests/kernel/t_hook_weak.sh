#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A syscall this kernel does not implement is a weak stub ("W" in
# /proc/kallsyms: __x64_sys_io_pgetevents_time32 on x86_64). tpload once took
# only "t"/"T" symbols for functions, so --mechanism kprobe refused such a
# hook ("no function ... in /proc/kallsyms"): the corpus'
# list-syscalls-generated.yaml could not load with kprobes. Tetragon counts
# w/W as functions (pkg/ksyms ksym.isFunction). Here, with
# tests/kernel/progs/tp_weak.bpf.o: --mechanism kprobe attaches a kprobe on
# the weak symbol, auto picks fentry where trampolines work; the hook with
# ignore.callNotFound on a function no kernel has is skipped and said so;
# unload leaves nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/hook_lib.sh"
tp_setup
OBJ=$OBJ_DIR/tp_weak.bpf.o
[ -f "$OBJ" ] || fail "$OBJ missing (make kernel-test-objs)"
[ "$(uname -m)" = x86_64 ] || skip "the object names the x86_64 symbol"
SYM=__x64_sys_io_pgetevents_time32
grep -q " [wW] $SYM\$" /proc/kallsyms || skip "$SYM is not a weak symbol of this kernel"

mechs=
has_feature kprobe && mechs+="kprobe "
has_feature fentry && mechs+="auto "
[ -n "$mechs" ] || skip "missing kprobe and fentry"
for how in $mechs; do
	want=$how
	[ "$how" = auto ] && want=fentry
	out=$(tpl load --mechanism "$how" "$OBJ" 2>&1) || fail "load --mechanism $how: $out"
	printf '%s\n' "$out" | grep -q "hook 0: $want $SYM" || fail "$how: not $want on $SYM: $out"
	printf '%s\n' "$out" | grep -q "hook 1 skipped: tpc_no_such_function is not in this kernel (ignore.callNotFound)" ||
		fail "$how: the callNotFound hook not reported skipped: $out"
	[ "$(ls "$TP_ROOT/tp-weak/links")" = "tpw_$want" ] ||
		fail "$how: links: $(ls "$TP_ROOT/tp-weak/links")"
	tpl unload tp-weak >/dev/null || fail "$how: unload"
	echo "ok: $how: $want on the weak $SYM; callNotFound hook skipped"
done
