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

# lseek(fd, offset, whence) for each triple, in one python process (the calls fail,
# EINVAL or EBADF, unless the process is killed first)
seek() {
	python3 -c 'import os, sys
a = [int(x) for x in sys.argv[1:]]
for i in range(0, len(a), 3):
    try:
        os.lseek(a[i], a[i + 1], a[i + 2])
    except OSError:
        pass' "$@"
}
expect_status "lseek(0, 0x102a, 7): matches" 137 "$(run_status seek 0 $((0x102a)) 7)"
expect_status "lseek(3, 0x7fffffffffff002a, 7): a large offset matches" 137 \
	"$(run_status seek 3 $((0x7fffffffffff002a)) 7)"
# each of these has one argument off: the low byte, whence, a negative offset with
# the right low byte (the compare must be signed), an offset < 1000; none may kill
expect_status "near misses" 0 "$(run_status seek 0 $((0x102b)) 7  0 $((0x102a)) 6  0 -214 7  0 42 7)"
tpl unload --all >/dev/null || fail "unload"
expect_status "after unload: not killed" 0 "$(run_status seek 0 $((0x102a)) 7)"
echo "ok: CelExpr kills exactly the calls it accepts"
