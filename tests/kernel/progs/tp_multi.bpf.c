// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hand-written object with five hooks for the loader's transaction tests
 * (t_load_txn_kill.sh, t_load_repair.sh): a policy is whole only with all
 * five links, its map and its meta. Each program counts its calls in the
 * policy-owned map tpm_hits; nothing is enforced.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "tp_core_maps.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 tp_policy_id = 0;	/* set by the loader before load */

#define TP_STR_(x)	#x
#define TP_STR(x)	TP_STR_(x)

asm(".pushsection .tpc.meta,\"\",@progbits\n"
    ".ascii \"tpc-meta " TP_STR(TP_ABI_VERSION) "\\n\"\n"
    ".ascii \"policy tp-multi\\n\"\n"
    ".ascii \"kind TracingPolicy\\n\"\n"
    ".ascii \"namespace -\\n\"\n"
    ".ascii \"source tests/kernel/progs/tp_multi.bpf.c\\n\"\n"
    ".ascii \"compiler tpc hand-written\\n\"\n"
    ".ascii \"hook 0 tracepoint syscalls/sys_enter_openat tpm0_openat multi.yaml:1:1\\n\"\n"
    ".ascii \"hook 1 tracepoint syscalls/sys_enter_close tpm1_close multi.yaml:2:1\\n\"\n"
    ".ascii \"hook 2 tracepoint syscalls/sys_enter_dup tpm2_dup multi.yaml:3:1\\n\"\n"
    ".ascii \"hook 3 tracepoint syscalls/sys_enter_getppid tpm3_getppid multi.yaml:4:1\\n\"\n"
    ".ascii \"hook 4 tracepoint syscalls/sys_enter_umask tpm4_umask multi.yaml:5:1\\n\"\n"
    ".popsection\n");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} tpm_hits SEC(".maps");

static __always_inline int hit(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&tpm_hits, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int tpm0_openat(void *ctx) { return hit(0); }
SEC("tracepoint/syscalls/sys_enter_close")
int tpm1_close(void *ctx) { return hit(1); }
SEC("tracepoint/syscalls/sys_enter_dup")
int tpm2_dup(void *ctx) { return hit(2); }
SEC("tracepoint/syscalls/sys_enter_getppid")
int tpm3_getppid(void *ctx) { return hit(3); }
SEC("tracepoint/syscalls/sys_enter_umask")
int tpm4_umask(void *ctx) { return hit(4); }
