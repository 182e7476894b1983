// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* t_hook_weak.sh: a syscall hook on a weak kernel function (a syscall the
 * kernel does not implement is a weak stub, "W" in /proc/kallsyms:
 * __x64_sys_io_pgetevents_time32 on x86_64), with programs for both
 * mechanisms, and a hook with ignore.callNotFound on a function no kernel
 * has. The programs do nothing: only the mechanism choice and the attach
 * are tested.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tp_abi.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TP_STR_(x)	#x
#define TP_STR(x)	TP_STR_(x)

asm(".pushsection .tpc.meta,\"\",@progbits\n"
    ".ascii \"tpc-meta " TP_STR(TP_ABI_VERSION) "\\n\"\n"
    ".ascii \"policy tp-weak\\n\"\n"
    ".ascii \"kind TracingPolicy\\n\"\n"
    ".ascii \"namespace -\\n\"\n"
    ".ascii \"source tests/kernel/progs/tp_weak.bpf.c\\n\"\n"
    ".ascii \"compiler tpc hand-written\\n\"\n"
    ".ascii \"hook 0 kprobe sys_io_pgetevents_time32 tpw_kprobe weak.yaml:1:1\\n\"\n"
    ".ascii \"func 0 sys_io_pgetevents_time32 syscall\\n\"\n"
    ".ascii \"prog 0 fentry entry tpw_fentry\\n\"\n"
    ".ascii \"prog 0 kprobe entry tpw_kprobe\\n\"\n"
    ".ascii \"hook 1 kprobe tpc_no_such_function tpw_missing weak.yaml:2:1\\n\"\n"
    ".ascii \"func 1 tpc_no_such_function ignore-missing\\n\"\n"
    ".ascii \"prog 1 kprobe entry tpw_missing\\n\"\n"
    ".popsection\n");

SEC("fentry/__x64_sys_io_pgetevents_time32")
int tpw_fentry(void *ctx)
{
	return 0;
}

SEC("kprobe/__x64_sys_io_pgetevents_time32")
int tpw_kprobe(void *ctx)
{
	return 0;
}

SEC("kprobe/tpc_no_such_function")
int tpw_missing(void *ctx)
{
	return 0;
}
