// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Loads fine, fails at attach: the second program's tracepoint does not
 * exist. Used to check that a failed load leaves nothing pinned.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tp_core_maps.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 tp_policy_id = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

#define TP_STR_(x)	#x
#define TP_STR(x)	TP_STR_(x)

asm(".pushsection .tpc.meta,\"\",@progbits\n"
    ".ascii \"tpc-meta " TP_STR(TP_ABI_VERSION) "\\n\"\n"
    ".ascii \"policy tp-badattach-test\\n\"\n"
    ".ascii \"hook 0 tracepoint syscalls/sys_enter_openat tp0_sys_enter_openat bad.yaml:6:5\\n\"\n"
    ".ascii \"hook 1 tracepoint syscalls/sys_enter_no_such_call tp1_no_such_call bad.yaml:9:5\\n\"\n"
    ".popsection\n");

SEC("tracepoint/syscalls/sys_enter_openat")
int tp0_sys_enter_openat(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&hits, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_no_such_call")
int tp1_no_such_call(void *ctx)
{
	return 0;
}
