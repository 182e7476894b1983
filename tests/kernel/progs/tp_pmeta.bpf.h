/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Objects for tests/kernel/t_probe.sh: only their .tpc.meta matters
 * (`tpload probe OBJ` reads the hooks and `requires` lines, it never loads
 * the object). PM_HOOKS is the meta text after the header lines.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>

#define PM_STR_(x)	#x
#define PM_STR(x)	PM_STR_(x)

char LICENSE[] SEC("license") = "Dual BSD/GPL";

asm(".pushsection .tpc.meta,\"\",@progbits\n"
    ".ascii \"tpc-meta " PM_STR(TP_ABI_VERSION) "\\n\"\n"
    ".ascii \"policy " PM_POLICY "\\n\"\n"
    PM_HOOKS
    ".popsection\n");

SEC("tracepoint/syscalls/sys_enter_getppid")
int pm_prog(void *ctx)
{
	return 0;
}
