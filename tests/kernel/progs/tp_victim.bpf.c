// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hand-written, policy-like object for the loader tests (what tpc will
 * generate for a tracepoint hook with a binary + path selector and
 * Sigkill). Follows docs/object-format.md: core maps by pin name,
 * rodata tp_policy_id, a .tpc.meta section.
 *
 * Policy: in sys_enter_openat, when the executable of the current process
 * ends with "/tp-victim" and the filename starts with "/etc/tpc-test",
 * post an event (dfd, filename) and SIGKILL the process.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "tp_core_maps.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 tp_policy_id = 0;	/* set by the loader before load */

/* .tpc.meta: non-allocated, so libbpf ignores it */
#define TP_STR_(x)	#x
#define TP_STR(x)	TP_STR_(x)

asm(".pushsection .tpc.meta,\"\",@progbits\n"
    ".ascii \"tpc-meta " TP_STR(TP_ABI_VERSION) "\\n\"\n"
    ".ascii \"policy tp-victim-test\\n\"\n"
    ".ascii \"kind TracingPolicy\\n\"\n"
    ".ascii \"namespace -\\n\"\n"
    ".ascii \"source tests/kernel/progs/tp_victim.bpf.c\\n\"\n"
    ".ascii \"compiler tpc hand-written\\n\"\n"
    ".ascii \"hook 0 tracepoint syscalls/sys_enter_openat tp0_sys_enter_openat tp-victim.yaml:7:5\\n\"\n"
    ".ascii \"arg 0 0 int -\\n\"\n"
    ".ascii \"arg 0 1 string -\\n\"\n"
    ".ascii \"message 0 tp-victim%20opened%20a%20test%20file\\n\"\n"
    ".ascii \"tag 0 tpc-test\\n\"\n"
    ".ascii \"tag 0 sigkill\\n\"\n"
    ".popsection\n");

#define VICTIM		"/tp-victim"
#define VICTIM_LEN	(sizeof(VICTIM) - 1)
#define PREFIX		"/etc/tpc-test"
#define PREFIX_LEN	(sizeof(PREFIX) - 1)
#define SIGKILL		9

struct ev_int {
	struct tp_ev_arg a;
	__s64 v;
};

struct ev {
	struct tp_ev_hdr hdr;
	struct ev_int dfd;
	struct tp_ev_arg fname;
	char fname_data[TP_STR_MAX];
};

SEC("tracepoint/syscalls/sys_enter_openat")
int tp0_sys_enter_openat(struct syscall_trace_enter *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct task_struct *task;
	const char *fname;
	char head[PREFIX_LEN + 1];
	struct tp_proc *p;
	struct ev *e;
	__u32 len, i;
	long n;

	p = bpf_map_lookup_elem(&tp_procs, &tgid);
	if (!p)
		return 0;
	len = p->path_len;
	if (len < VICTIM_LEN)
		return 0;
	if (len > TP_PATH_MAX)	/* head + tail: the tail ends at TP_PATH_MAX */
		len = TP_PATH_MAX;
	for (i = 0; i < VICTIM_LEN; i++)
		if (p->path[(len - VICTIM_LEN + i) & (TP_PATH_MAX - 1)] != VICTIM[i])
			return 0;

	fname = (const char *)BPF_CORE_READ(ctx, args[1]);
	if (bpf_probe_read_user_str(head, sizeof(head), fname) < (long)sizeof(head))
		return 0;
	for (i = 0; i < PREFIX_LEN; i++)
		if (head[i] != PREFIX[i])
			return 0;

	e = bpf_ringbuf_reserve(&tp_events, sizeof(*e), 0);
	if (e) {
		task = (struct task_struct *)bpf_get_current_task();
		e->hdr.kind = TP_EV_TRACEPOINT;
		e->hdr.action = TP_ACTION_SIGKILL;
		e->hdr.policy_id = tp_policy_id;
		e->hdr.hook_id = 0;
		e->hdr.nr_args = 2;
		e->hdr.ktime = bpf_ktime_get_ns();
		e->hdr.pid = tgid;
		e->hdr.tid = (__u32)bpf_get_current_pid_tgid();
		e->hdr.ppid = p->ppid;
		e->hdr.uid = BPF_CORE_READ(task, cred, euid.val);
		e->hdr.auid = BPF_CORE_READ(task, loginuid.val);
		e->hdr.proc_flags = p->flags;
		e->hdr.exec_ktime = p->exec_ktime;
		bpf_get_current_comm(e->hdr.comm, sizeof(e->hdr.comm));
		e->hdr.path_len = p->path_len;
		e->hdr.selector = 0;
		bpf_probe_read_kernel(e->hdr.path, sizeof(e->hdr.path), p->path);

		e->dfd.a.type = TP_EVA_S64;
		e->dfd.a.flags = 0;
		e->dfd.a.len = sizeof(__s64);
		e->dfd.a.orig_len = 0;
		e->dfd.a.slot = 0;
		e->dfd.v = (int)BPF_CORE_READ(ctx, args[0]);

		n = bpf_probe_read_user_str(e->fname_data, sizeof(e->fname_data), fname);
		if (n < 1)
			n = 1;
		e->fname.type = TP_EVA_STR;
		e->fname.flags = n == sizeof(e->fname_data) ? TP_EVA_F_TRUNC : 0;
		e->fname.len = (__u32)(n - 1);	/* no NUL */
		e->fname.orig_len = 0;
		e->fname.slot = 0;
		e->hdr.size = (__u32)(offsetof(struct ev, fname_data) + ((n - 1 + 7) & ~7));
		bpf_ringbuf_submit(e, 0);
	}
	bpf_send_signal(SIGKILL);
	return 0;
}
