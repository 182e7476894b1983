/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Hand-written objects for the tests of `tpload apply` (t_apply*.sh): the
 * bundles KA = {keep, v1, old} and KB = {keep, v2, new} are made of them
 * (tests/kernel/mkbundle.py). Every version has programs of its own names
 * (TA_PREFIX), so the kernel's links tell which version of which policy is
 * attached: "A whole or B whole" is checked on the kernel, not only on
 * bpffs. Each program counts its calls in the policy-owned map ta_hits;
 * nothing is enforced.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tp_core_maps.bpf.h"

#define TA_STR_(x)	#x
#define TA_STR(x)	TA_STR_(x)
#define TA_CAT_(a, b)	a##b
#define TA_CAT(a, b)	TA_CAT_(a, b)

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 tp_policy_id = 0;	/* set by the loader before load */

asm(".pushsection .tpc.meta,\"\",@progbits\n"
    ".ascii \"tpc-meta " TA_STR(TP_ABI_VERSION) "\\n\"\n"
    ".ascii \"policy " TA_POLICY "\\n\"\n"
    ".ascii \"kind TracingPolicy\\n\"\n"
    ".ascii \"namespace -\\n\"\n"
    ".ascii \"source tests/kernel/progs/tp_apply.bpf.h\\n\"\n"
    ".ascii \"compiler tpc hand-written\\n\"\n"
    ".ascii \"hook 0 tracepoint syscalls/sys_enter_openat " TA_STR(TA_PREFIX) "openat apply.yaml:1:1\\n\"\n"
    ".ascii \"requires 0 tracepoint\\n\"\n"
    ".ascii \"hook 1 tracepoint syscalls/sys_enter_close " TA_STR(TA_PREFIX) "close apply.yaml:2:1\\n\"\n"
    ".ascii \"requires 1 tracepoint\\n\"\n"
    ".popsection\n");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} ta_hits SEC(".maps");

static __always_inline int hit(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&ta_hits, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int TA_CAT(TA_PREFIX, openat)(void *ctx) { return hit(0); }
SEC("tracepoint/syscalls/sys_enter_close")
int TA_CAT(TA_PREFIX, close)(void *ctx) { return hit(1); }
