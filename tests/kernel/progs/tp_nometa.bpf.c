// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A hand-written object without .tpc.meta: tpload accepts it only with
 * --name. Counts openat calls in a policy-owned map.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} opens SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&opens, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
