// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hand-written programs for `make bench`: the floor each tpc-generated
 * program is compared against, and the null program whose cost (the BPF
 * stats overhead and the program call) is subtracted from every other one.
 *
 * One source, one object per variant (-DV_<VARIANT>); the constants
 * (binary path, prefix, equal value) come from build/bench/floor_consts.h,
 * written by bench/bench.py as 64-bit immediates, so nothing is loaded from
 * .rodata. Same hook as tpc's programs (tracepoint/syscalls/sys_enter_openat),
 * loaded by tpload with --name into the bench's private pin root, so the
 * binary check can use the core's tp_procs map exactly like tpc does.
 *
 * Floor techniques:
 *  - task fields by direct BTF loads (bpf_get_current_task_btf());
 *  - the tgid from bpf_get_current_pid_tgid() (no task load);
 *  - Equal/Prefix with a raw bpf_probe_read_user() of exactly the bytes the
 *    constant needs (Equal: value + its NUL), compared as 64-bit words. A
 *    fault means "no match": a string that equals (or starts with) the
 *    constant has all those bytes mapped;
 *  - large Equal sets: a BPF hash map (filled by the bench after load) of
 *    zero-padded 32-byte keys, one bpf_probe_read_user_str();
 *  - Post: the same record as tpc (tp_ev_hdr + filename + flags) but the
 *    header's ppid/flags/exec time come from the tp_procs entry already
 *    looked up, and only path_len + 1 bytes of the path are copied.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "tp_core_maps.bpf.h"
#include "floor_consts.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 tp_policy_id = 0;	/* set by tpload */

#define REC_SIZE	(sizeof(struct tp_ev_hdr) + sizeof(struct tp_ev_arg) + TP_STR_MAX + \
			 sizeof(struct tp_ev_arg) + 8)

static __always_inline struct tp_proc *proc_of_current(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	return bpf_map_lookup_elem(&tp_procs, &tgid);
}

/* Is the current executable FLOOR_BIN (full path, as matchBinaries In)? */
static __always_inline bool bin_match(struct tp_proc **pp)
{
	struct tp_proc *p = proc_of_current();
	const __u64 *w;

	*pp = p;
	if (!p || p->path_len != FLOOR_BIN_LEN)
		return false;
	w = (const __u64 *)p->path;
	return FLOOR_BIN_WORDS(w);
}

/* Does the user string start with FLOOR_PREFIX? */
static __always_inline bool prefix_match(const void *uptr)
{
	__u64 w[FLOOR_PREFIX_NW] = {};

	if (bpf_probe_read_user(w, FLOOR_PREFIX_LEN, uptr))
		return false;
	return FLOOR_PREFIX_WORDS(w);
}

/* Is the user string exactly FLOOR_EQ (compared with its NUL)? */
static __always_inline bool eq_match(const void *uptr)
{
	__u64 w[FLOOR_EQ_NW] = {};

	if (bpf_probe_read_user(w, FLOOR_EQ_LEN + 1, uptr))
		return false;
	return FLOOR_EQ_WORDS(w);
}

static __always_inline void post(struct syscall_trace_enter *ctx, struct tp_proc *p)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct tp_ev_hdr *h = bpf_ringbuf_reserve(&tp_events, REC_SIZE, 0);
	const void *fname = (const void *)ctx->args[1];
	struct tp_ev_arg *a;
	__u64 off = sizeof(*h);
	long n;

	if (!h)
		return;
	h->kind = TP_EV_TRACEPOINT;
	h->action = TP_ACTION_POST;
	h->policy_id = tp_policy_id;
	h->hook_id = 0;
	h->nr_args = 2;
	h->ktime = bpf_ktime_get_ns();
	h->pid = t->tgid;
	h->tid = t->pid;
	h->uid = t->cred->euid.val;
	h->auid = t->loginuid.val;
	h->selector = 0;
	__builtin_memcpy(h->comm, t->comm, sizeof(h->comm));
	if (p) {
		__u32 len = p->path_len & (TP_PATH_MAX - 1);

		h->ppid = p->ppid;
		h->proc_flags = p->flags;
		h->exec_ktime = p->exec_ktime;
		h->path_len = len;
		bpf_probe_read_kernel(h->path, len + 1, p->path);
	} else {
		h->ppid = t->real_parent->tgid;
		h->proc_flags = 0;
		h->exec_ktime = 0;
		h->path_len = 0;
		h->path[0] = 0;
	}

	a = (void *)h + off;
	n = bpf_probe_read_user_str(a + 1, TP_STR_MAX, fname);
	a->slot = 0;
	a->orig_len = 0;
	if (n > 0) {
		n -= 1;
		a->type = TP_EVA_STR;
		a->flags = n >= TP_STR_MAX - 1 ? TP_EVA_F_TRUNC : 0;
		a->len = n;
		off += sizeof(*a) + ((n + 7) & ~7);
	} else {
		a->type = TP_EVA_ERR;
		a->flags = 0;
		a->len = 0;
		off += sizeof(*a);
	}
	if (off > REC_SIZE - sizeof(*a) - 8)
		goto out;
	a = (void *)h + off;
	a->type = TP_EVA_S64;
	a->flags = 0;
	a->len = 8;
	a->orig_len = 8;
	a->slot = 0;
	*(__s64 *)(a + 1) = (__s32)ctx->args[2];
	off += sizeof(*a) + 8;
out:
	h->size = off;
	bpf_ringbuf_submit(h, 0);
}

#if defined(V_EQSET)
/* Zero-padded keys of the set (values <= 31 bytes), filled by the bench. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FLOOR_SET_MAX);
	__uint(key_size, 32);
	__uint(value_size, 1);
} floor_set SEC(".maps");
#endif

SEC("tracepoint/syscalls/sys_enter_openat")
int tp0_sys_enter_openat(struct syscall_trace_enter *ctx)
{
#if defined(V_NULL)
	return 0;
#elif defined(V_MAIN)
	/* matchBinaries In [FLOOR_BIN] && filename Prefix FLOOR_PREFIX: Post */
	struct tp_proc *p;

	if (!bin_match(&p))
		return 0;
	if (!prefix_match((const void *)ctx->args[1]))
		return 0;
	post(ctx, p);
	return 0;
#elif defined(V_PREFIX)
	if (prefix_match((const void *)ctx->args[1]))
		post(ctx, proc_of_current());
	return 0;
#elif defined(V_BIN)
	struct tp_proc *p;

	if (bin_match(&p))
		post(ctx, p);
	return 0;
#elif defined(V_EQ1)
	if (eq_match((const void *)ctx->args[1]))
		post(ctx, proc_of_current());
	return 0;
#elif defined(V_EQSET)
	__u64 key[5] = {};
	long n = bpf_probe_read_user_str(key, 33, (const void *)ctx->args[1]);

	if (n < 1 || n > 32)
		return 0;	/* unreadable, or longer than any value */
	if (bpf_map_lookup_elem(&floor_set, key))
		post(ctx, proc_of_current());
	return 0;
#else
#error "define one V_<VARIANT>"
#endif
}
