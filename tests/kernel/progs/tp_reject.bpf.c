// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rejected by the verifier (NULL map value dereference): checks that tpload
 * names the program, its YAML location and shows the verifier log tail.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tp_core_maps.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 tp_policy_id = 0;

#define TP_STR_(x)	#x
#define TP_STR(x)	TP_STR_(x)

asm(".pushsection .tpc.meta,\"\",@progbits\n"
    ".ascii \"tpc-meta " TP_STR(TP_ABI_VERSION) "\\n\"\n"
    ".ascii \"policy tp-reject-test\\n\"\n"
    ".ascii \"hook 0 tracepoint syscalls/sys_enter_openat tp0_sys_enter_openat reject.yaml:12:7\\n\"\n"
    ".popsection\n");

SEC("tracepoint/syscalls/sys_enter_openat")
int tp0_sys_enter_openat(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct tp_proc *p = bpf_map_lookup_elem(&tp_procs, &tgid);

	return p->flags;	/* no NULL check: the verifier must refuse */
}
