#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchArgs CelExpr on a kprobe (build/kobj/pol_celexpr.bpf.o, from
# tests/kernel/policies/celexpr.yaml): a process calling lseek with arguments the
# expression accepts is killed (137), with any one of them off it is not: the other
# whence, an offset whose low byte differs, a negative offset with the right low
# byte (the compare must be signed), a too small offset. CelExpr is kprobe-only (as
# in Tetragon), so this runs where kprobes or trampolines do (the VMs).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
. "$(dirname "$0")/hook_lib.sh"
has_feature kprobe || has_feature fentry || skip "neither kprobes nor BPF trampolines"
need send_signal
pol_setup
pol_load celexpr
no_tpload_running

# lseek(fd, offset, whence) from python: the call fails (EINVAL) unless killed
seek() {
	python3 -c 'import os, sys
try:
    os.lseek(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
except OSError:
    pass' "$@"
}
expect_status "lseek(0, 0x102a, 7): matches" 137 "$(run_status seek 0 $((0x102a)) 7)"
expect_status "lseek(0, 0x102b, 7): low byte" 0 "$(run_status seek 0 $((0x102b)) 7)"
expect_status "lseek(0, 0x102a, 6): whence" 0 "$(run_status seek 0 $((0x102a)) 6)"
expect_status "lseek(0, -214, 7): negative (signed compare)" 0 "$(run_status seek 0 -214 7)"
expect_status "lseek(0, 42, 7): offset < 1000" 0 "$(run_status seek 0 42 7)"
expect_status "lseek(3, 0x7fffffffffff002a, 7): large offset matches" 137 \
	"$(run_status seek 3 $((0x7fffffffffff002a)) 7)"
tpl unload --all >/dev/null || fail "unload"
expect_status "after unload: not killed" 0 "$(run_status seek 0 $((0x102a)) 7)"
echo "ok: CelExpr kills exactly the calls it accepts"
