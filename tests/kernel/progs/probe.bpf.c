// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Feature probes for tests/kernel/probe.sh, run by tp-probe (probe.c).
 * Compiled once per feature with -DPROBE_<FEATURE> into
 * build/ktest/probe_<feature>.bpf.o. Each program only acts for the probing
 * process (tgid == probe_tgid, set in rodata by tp-probe) and proves the
 * feature works: it counts a hit, or denies/signals something tp-probe
 * checks from user space. Triggers: prctl(PR_SET_NAME) -> task_rename,
 * read() -> vfs_read, getsid() -> security_task_getsid / task_getsid,
 * socket() in a fresh cgroup -> cgroup/sock_create.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define EPERM 1
#define SIGUSR1 10

const volatile __u32 probe_tgid = 0;
__u64 hits = 0;

static __always_inline int mine(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == probe_tgid;
}

static __always_inline void hit(void)
{
	if (mine())
		__sync_fetch_and_add(&hits, 1);
}

#if defined(PROBE_TRACEPOINT)
SEC("tracepoint/task/task_rename")
int probe_tp(void *ctx) { hit(); return 0; }

#elif defined(PROBE_RAW_TP) || defined(PROBE_LINK_PIN)
SEC("raw_tp/task_rename")
int probe_raw_tp(void *ctx) { hit(); return 0; }

#elif defined(PROBE_TP_BTF)
SEC("tp_btf/task_rename")
int BPF_PROG(probe_tp_btf, struct task_struct *task, const char *comm) { hit(); return 0; }

#elif defined(PROBE_ITER)
SEC("iter/task")
int probe_iter(struct bpf_iter__task *ctx)
{
	if (ctx->task)
		__sync_fetch_and_add(&hits, 1);
	return 0;
}

#elif defined(PROBE_RINGBUF)
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} probe_rb SEC(".maps");

SEC("raw_tp/task_rename")
int probe_ringbuf(void *ctx)
{
	__u64 *e;

	if (!mine())
		return 0;
	e = bpf_ringbuf_reserve(&probe_rb, sizeof(*e), 0);
	if (!e)
		return 0;
	*e = 0x7470637072626531ULL;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

#elif defined(PROBE_SEND_SIGNAL)
SEC("raw_tp/task_rename")
int probe_send_signal(void *ctx)
{
	if (mine())
		bpf_send_signal(SIGUSR1);
	return 0;
}

#elif defined(PROBE_KPROBE)
SEC("kprobe/vfs_read")
int probe_kprobe(void *ctx) { hit(); return 0; }

#elif defined(PROBE_KRETPROBE)
SEC("kretprobe/vfs_read")
int probe_kretprobe(void *ctx) { hit(); return 0; }

#elif defined(PROBE_FENTRY)
SEC("fentry/vfs_read")
int BPF_PROG(probe_fentry) { hit(); return 0; }

#elif defined(PROBE_FEXIT)
SEC("fexit/vfs_read")
int BPF_PROG(probe_fexit) { hit(); return 0; }

#elif defined(PROBE_FMOD_RET)
SEC("fmod_ret/security_task_getsid")
int BPF_PROG(probe_fmod_ret, struct task_struct *p)
{
	return mine() ? -EPERM : 0;
}

#elif defined(PROBE_LSM)
SEC("lsm/task_getsid")
int BPF_PROG(probe_lsm, struct task_struct *p, int ret)
{
	if (ret)
		return ret;
	return mine() ? -EPERM : 0;
}

#elif defined(PROBE_IMA_HASH)
/* Post imaHash: a sleepable BPF-LSM program gets the IMA hash of an open file
 * (tp-probe's own executable; file_ioctl: the file is readable there) */
SEC("lsm.s/file_ioctl")
int BPF_PROG(probe_ima_hash, struct file *file)
{
	__u8 hash[64];

	if (mine() && bpf_ima_file_hash(file, hash, sizeof(hash)) > 0)
		hit();
	return 0;
}

#elif defined(PROBE_UPROBE)
SEC("uprobe")
int probe_uprobe(void *ctx) { hit(); return 0; }

#elif defined(PROBE_OVERRIDE_RETURN)
SEC("kprobe/__x64_sys_getsid")
int probe_override(struct pt_regs *ctx)
{
	if (mine())
		bpf_override_return(ctx, -EPERM);
	return 0;
}

#elif defined(PROBE_CGROUP)
/* Attached to a cgroup only the probing process is in: deny every socket. */
SEC("cgroup/sock_create")
int probe_cgroup(void *ctx)
{
	return 0;
}

#else
#error "define PROBE_<FEATURE>"
#endif
