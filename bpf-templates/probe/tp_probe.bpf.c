// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The feature probes of `tpload probe` (runtime/probe.c), compiled once per
 * feature with -DPROBE_<FEATURE> at build time and embedded in tpload (a
 * node has no compiler). Each object holds one program that acts only for
 * the probing process (probe_tgid, set in rodata before load) and proves
 * that the feature works: it counts a hit in the map `hits`, sends a signal,
 * writes a ring buffer record or denies a call, which tpload checks from
 * user space. Triggers: prctl(PR_SET_NAME) -> task_rename, read() ->
 * vfs_read, getsid(pid) -> security_task_getsid, socket() in a cgroup,
 * ioctl() on /proc/self/exe -> security_file_ioctl.
 * The feature names are those of `requires` lines (docs/object-format.md)
 * and tests/kernel/probe.sh, whose test-only probes work the same way.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define EPERM 1
#define SIGUSR1 10

const volatile __u32 probe_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline int mine(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == probe_tgid;
}

static __always_inline void count(void)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&hits, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline void hit(void)
{
	if (mine())
		count();
}

#if defined(PROBE_TRACEPOINT)
SEC("tracepoint/task/task_rename")
int tpp_tracepoint(void *ctx) { hit(); return 0; }

#elif defined(PROBE_RAW_TP) || defined(PROBE_LINK_PIN)
SEC("raw_tp/task_rename")
int tpp_raw_tp(void *ctx) { hit(); return 0; }

#elif defined(PROBE_TP_BTF)
SEC("tp_btf/task_rename")
int BPF_PROG(tpp_tp_btf, struct task_struct *task, const char *comm) { hit(); return 0; }

#elif defined(PROBE_ITER)
SEC("iter/task")
int tpp_iter(struct bpf_iter__task *ctx)
{
	if (ctx->task)
		count();
	return 0;
}

#elif defined(PROBE_RINGBUF)
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} tpp_rb SEC(".maps");

SEC("raw_tp/task_rename")
int tpp_ringbuf(void *ctx)
{
	__u64 *e;

	if (!mine())
		return 0;
	e = bpf_ringbuf_reserve(&tpp_rb, sizeof(*e), 0);
	if (!e)
		return 0;
	*e = 0x7470637072626531ULL;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

#elif defined(PROBE_SEND_SIGNAL)
SEC("raw_tp/task_rename")
int tpp_send_signal(void *ctx)
{
	if (mine())
		bpf_send_signal(SIGUSR1);
	return 0;
}

#elif defined(PROBE_KPROBE)
SEC("kprobe/vfs_read")
int tpp_kprobe(void *ctx) { hit(); return 0; }

#elif defined(PROBE_KRETPROBE)
SEC("kretprobe/vfs_read")
int tpp_kretprobe(void *ctx) { hit(); return 0; }

#elif defined(PROBE_FENTRY)
SEC("fentry/vfs_read")
int BPF_PROG(tpp_fentry) { hit(); return 0; }

#elif defined(PROBE_FEXIT)
SEC("fexit/vfs_read")
int BPF_PROG(tpp_fexit) { hit(); return 0; }

#elif defined(PROBE_FMOD_RET)
SEC("fmod_ret/security_task_getsid")
int BPF_PROG(tpp_fmod_ret, struct task_struct *p)
{
	return mine() ? -EPERM : 0;
}

#elif defined(PROBE_LSM)
SEC("lsm/task_getsid")
int BPF_PROG(tpp_lsm, struct task_struct *p, int ret)
{
	if (ret)
		return ret;
	return mine() ? -EPERM : 0;
}

#elif defined(PROBE_IMA_HASH)
/* Post imaHash (docs/policy-support.md): a sleepable BPF-LSM program gets the
 * IMA hash of a file tpload has open (its own executable). On file_ioctl: at
 * file_open the file is not readable yet, IMA could not hash it. */
SEC("lsm.s/file_ioctl")
int BPF_PROG(tpp_ima_hash, struct file *file)
{
	__u8 hash[64];

	if (mine() && bpf_ima_file_hash(file, hash, sizeof(hash)) > 0)
		count();
	return 0;
}

#elif defined(PROBE_UPROBE)
/* attached by tpload to a function of its own binary */
SEC("uprobe")
int tpp_uprobe(void *ctx) { hit(); return 0; }

#elif defined(PROBE_OVERRIDE_RETURN)
/* attached by tpload to <arch prefix>sys_getsid */
SEC("kprobe")
int tpp_override(struct pt_regs *ctx)
{
	if (mine())
		bpf_override_return(ctx, -EPERM);
	return 0;
}

#elif defined(PROBE_CGROUP)
/* attached to a fresh cgroup that only a child of tpload joins: deny sockets */
SEC("cgroup/sock_create")
int tpp_cgroup(void *ctx)
{
	return 0;
}

#else
#error "define PROBE_<FEATURE>"
#endif
