/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Hand-written BPF helpers that generated policy programs call. Generated
 * code holds only constants and thin glue; the logic lives here, compiled
 * as-is (tests compile every golden output against this header).
 *
 * Hot-path rules (measured): read task fields by direct BTF loads, read
 * only as many user bytes as the longest constant needs, bump counters in
 * place, post events only on match.
 */
#ifndef TP_COMMON_BPF_H
#define TP_COMMON_BPF_H

#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "tp_abi.h"
#include "tp_core_maps.bpf.h"

/* Hides a value's known range from clang, so a mask after a range check is
 * kept: 6.1's verifier loses the check's bound across register copies.
 */
#ifndef TP_OPAQUE
#define TP_OPAQUE(x)		asm volatile("" : "+r"(x))
#endif

#define TP_SIGKILL		9
#define TP_ANCESTORS_MAX	10	/* followForks: levels walked, like Tetragon */
#define TP_BSEARCH_STEPS	32

/* Counters (tp_abi.h struct tp_counters): the policy template declares
 * the per-CPU map tp_counters; generated code names rows by number (hook *
 * TP_CNT_STRIDE [+ 1 + selector]). Plain increments: the value is this
 * CPU's (a program nested on the same CPU can, rarely, lose one count).
 */
#define TP_CNT(row)		tp_cnt_lookup(&tp_counters, (row))
#define TP_CNT_INC(row, field)						\
	do {								\
		struct tp_counters *__c = TP_CNT(row);			\
									\
		if (__c)						\
			__c->field++;					\
	} while (0)

static __always_inline struct tp_counters *tp_cnt_lookup(void *map, __u32 row)
{
	return bpf_map_lookup_elem(map, &row);
}

/* Per-event state shared by the inlined selector functions of a program. */
struct tp_state {
	struct task_struct *task;
	struct tp_proc *proc;	/* NULL: not looked up yet or unknown */
	int proc_done;
	struct file *ima_file;	/* Post imaHash (LSM hooks): the file to hash */
};

/* Paths (tp_abi.h TP_PATH_MAX): where the last bytes of a path of @len
 * bytes end in its buffer: at len when whole, at TP_PATH_MAX when split.
 */
static __always_inline __u32 tp_path_end(__u32 len)
{
	return len < TP_PATH_MAX ? len : TP_PATH_MAX;
}

/* Does a process entry have a path matchBinaries can compare? Without one
 * (no entry: kernel thread, table full; unreadable path) no operator
 * matches, as in Tetragon (bpf/process/types/basic.h, match_binaries()).
 */
static __always_inline bool tp_proc_has_path(const struct tp_proc *p)
{
	return p && p->path_len && !(p->flags & TP_PROC_NOPATH);
}

static __always_inline struct tp_proc *tp_proc_get(struct tp_state *st)
{
	if (!st->proc_done) {
		__u32 tgid = st->task->tgid;

		st->proc = bpf_map_lookup_elem(&tp_procs, &tgid);
		st->proc_done = 1;
	}
	return st->proc;
}

/* Thread-group id as seen from the task's own pid namespace. */
static __always_inline __u32 tp_ns_tgid(struct task_struct *t)
{
	struct pid *pid = t->group_leader->thread_pid;
	unsigned int level = pid->level;

	return BPF_CORE_READ(pid, numbers[level].nr);
}

/* Little-endian word i (8 bytes) of a string of len bytes, bytes >= len zeroed. */
static __always_inline __u64 tp_mask_word(__u64 w, __u32 len, __u32 i)
{
	__u32 off = i * 8;

	if (len <= off)
		return 0;
	if (len - off >= 8)
		return w;
	return w & ((1ULL << ((len - off) * 8)) - 1);
}

/* Build a zero-padded key of nw words from the first len bytes of buf. */
static __always_inline void tp_make_key(__u64 *key, const __u64 *buf, __u32 len, __u32 nw)
{
	__u32 i;

	for (i = 0; i < nw; i++)
		key[i] = tp_mask_word(buf[i], len, i);
}

/* Binary search over sorted tables in .rodata, as bpf_loop() callbacks:
 * the verifier checks a callback body once (6.1) or until its state
 * converges (6.7+) instead of walking every step of an inlined loop, which
 * with six 1,000-value tables ran past 6.1's 1M-instruction budget. The
 * search window (lo, hi) lives in a per-CPU map value, never on the stack:
 * values loaded from a map are unknown to the verifier, so every step looks
 * the same to it and converges at once. Needs bpf_loop (Linux 5.17+).
 */
struct tp_bs {
	__u32 lo;
	__u32 hi;
};

#define TP_READ_ONCE(x)		(*(volatile typeof(x) *)&(x))
#define TP_WRITE_ONCE(x, v)	(*(volatile typeof(x) *)&(x) = (v))

struct tp_bs_ctx {
	const __u64 *key;	/* strings: the key's words */
	struct tp_bs *bs;	/* the window, in map memory */
	__u64 v;		/* integers: the value */
	__u32 len;		/* strings: key length */
	__u32 sgn;		/* ranges: signed compare */
	__u32 found;
	__u32 pad;
};

/* One step: -1 go left, 1 go right, 0 found, 2 stop (window empty). */
static __always_inline int tp_bs_mid(struct tp_bs_ctx *c, __u32 n, __u64 *midp)
{
	/* 64-bit: one register for the check and the index, so the verifier
	 * keeps the bound (a 32-bit copy would lose it) */
	__u64 lo = TP_READ_ONCE(c->bs->lo), hi = TP_READ_ONCE(c->bs->hi);
	__u64 mid;

	if (lo >= hi || hi > n)
		return 2;
	mid = lo + (hi - lo) / 2;
	if (mid >= n)
		return 2;
	*midp = mid;
	return 1;
}

static __always_inline long tp_bs_move(struct tp_bs_ctx *c, __u64 mid, int cmp)
{
	if (cmp == 0) {
		c->found = 1;
		return 1;
	}
	if (cmp < 0)
		TP_WRITE_ONCE(c->bs->hi, mid);
	else
		TP_WRITE_ONCE(c->bs->lo, mid + 1);
	return 0;
}

/* Steps with the table, its size and its row width as constants: tpc emits
 * one small callback per table that calls these, so the verifier sees every
 * bound as a constant inside the callback.
 */
static __always_inline long tp_bs_str_step(struct tp_bs_ctx *c, const __u64 *tab,
					   const __u16 *lens, __u32 n, __u32 nw)
{
	__u64 mid, j;
	int cmp = 0;

	if (tp_bs_mid(c, n, &mid) != 1)
		return 1;
	if (c->len != lens[mid]) {
		cmp = c->len < lens[mid] ? -1 : 1;
	} else {
		for (j = 0; j < nw; j++) {
			__u64 t = tab[mid * nw + j];

			if (c->key[j] != t) {
				cmp = c->key[j] < t ? -1 : 1;
				break;
			}
		}
	}
	return tp_bs_move(c, mid, cmp);
}

static __always_inline long tp_bs_u64_step(struct tp_bs_ctx *c, const __u64 *tab, __u32 n)
{
	__u64 mid, t;

	if (tp_bs_mid(c, n, &mid) != 1)
		return 1;
	t = tab[mid];
	return tp_bs_move(c, mid, c->v == t ? 0 : c->v < t ? -1 : 1);
}

static __always_inline long tp_bs_range_step(struct tp_bs_ctx *c, const __u64 *tab, __u32 n)
{
	__u64 mid, a, b;
	int cmp;

	if (tp_bs_mid(c, n, &mid) != 1)
		return 1;
	a = tab[mid * 2];
	b = tab[mid * 2 + 1];
	if (c->sgn ? (__s64)c->v < (__s64)a : c->v < a)
		cmp = -1;
	else if (c->sgn ? (__s64)c->v > (__s64)b : c->v > b)
		cmp = 1;
	else
		cmp = 0;
	return tp_bs_move(c, mid, cmp);
}

/* Run a binary search: step is a callback made by tpc for one table (see
 * above), n its rows; key/len for strings, v/sgn for integers and ranges.
 */
static __always_inline bool tp_bsearch(void *step, struct tp_bs *bs, __u32 n, const __u64 *key,
				       __u32 len, __u64 v, bool sgn)
{
	struct tp_bs_ctx c = { .key = key, .bs = bs, .v = v, .len = len, .sgn = sgn };

	TP_WRITE_ONCE(bs->lo, 0);
	TP_WRITE_ONCE(bs->hi, n);
	bpf_loop(TP_BSEARCH_STEPS, step, &c, 0);
	return c.found;
}

/* Copy the last l bytes of buf[0..len) into key (nw words, zero-padded).
 * bufsz must be a power of two; the caller guarantees len >= l.
 */
static __always_inline void tp_tail_key(__u64 *key, const char *buf, __u32 bufsz, __u32 len,
					__u32 l, __u32 nw)
{
	char *k = (char *)key;
	__u32 i, start = len - l;

	for (i = 0; i < nw; i++)
		key[i] = 0;
	for (i = 0; i < nw * 8 && i < l; i++)
		k[i] = buf[(start + i) & (bufsz - 1)];
}

/* Where a pointer argument points: the mem argument of the readers below
 * (false: kernel, true: user memory; kprobe args of unknown origin: both).
 */
#define TP_MEM_ANY		2

/* Read a string argument: bytes incl. the NUL, or < 0 on fault. */
static __always_inline long tp_read_str(void *buf, __u32 size, const void *ptr, int mem)
{
	long n;

	if (mem == 1)
		return bpf_probe_read_user_str(buf, size, ptr);
	n = bpf_probe_read_kernel_str(buf, size, ptr);
	if (n < 0 && mem == TP_MEM_ANY)
		n = bpf_probe_read_user_str(buf, size, ptr);
	return n;
}

/* Read size bytes: 0 or < 0 on fault. */
static __always_inline long tp_read_mem(void *buf, __u32 size, const void *ptr, int mem)
{
	long err;

	if (mem == 1)
		return bpf_probe_read_user(buf, size, ptr);
	err = bpf_probe_read_kernel(buf, size, ptr);
	if (err < 0 && mem == TP_MEM_ANY)
		err = bpf_probe_read_user(buf, size, ptr);
	return err;
}

/* Does the task (or, with follow_forks, one of its ancestors) have a tgid
 * that pred() accepts? Ancestors are walked through real_parent by direct
 * loads: no helper calls.
 */
#define TP_PID_MATCH(task, ns_pid, follow, pred, result)				\
	do {										\
		struct task_struct *__t = (task);					\
		__u32 __i;								\
		(result) = false;							\
		for (__i = 0; __i < ((follow) ? TP_ANCESTORS_MAX : 1); __i++) {		\
			__u32 __pid = (ns_pid) ? tp_ns_tgid(__t) : (__u32)__t->tgid;	\
			if (pred(__pid)) {						\
				(result) = true;					\
				break;							\
			}								\
			if (__t->tgid <= 1)						\
				break;							\
			__t = __t->real_parent;						\
			if (!__t)							\
				break;							\
		}									\
	} while (0)

/* Argument n of a trampoline program (fentry, fexit, fmod_ret, lsm) as a number:
 * ctx[n] of a pointer parameter is a typed pointer, which the verifier does not
 * let a program cast or shift.
 */
static __always_inline __u64 tp_ctx_u64(void *ctx, __u32 n)
{
	__u64 v = 0;

	bpf_get_func_arg(ctx, n, &v);
	return v;
}

/* Fill an event header from the current task and its process entry. */
static __always_inline void tp_ev_fill(struct tp_ev_hdr *h, struct tp_state *st, __u32 size,
				       __u16 kind, __u16 action, __u32 policy_id, __u16 hook_id,
				       __u16 nr_args, __u32 selector)
{
	struct task_struct *t = st->task;
	struct tp_proc *p = tp_proc_get(st);

	h->size = size;
	h->kind = kind;
	h->action = action;
	h->policy_id = policy_id;
	h->hook_id = hook_id;
	h->nr_args = nr_args;
	h->ktime = bpf_ktime_get_ns();
	h->pid = t->tgid;
	h->tid = t->pid;
	h->ppid = t->real_parent->tgid;
	h->uid = t->cred->euid.val;
	if (bpf_core_field_exists(t->loginuid))
		h->auid = t->loginuid.val;
	else
		h->auid = (__u32)-1;
	h->selector = selector;
	h->ret_action = 0;
	h->flags = 0;
	__builtin_memcpy(h->comm, t->comm, sizeof(h->comm));
	if (p) {
		__u32 n = p->path_len;

		h->proc_flags = p->flags;
		h->exec_ktime = p->exec_ktime;
		h->path_len = n;
		/* only the path and its NUL when whole, not all TP_PATH_MAX bytes */
		if (n < TP_PATH_MAX) {
			TP_OPAQUE(n);
			bpf_probe_read_kernel(h->path, (n & (TP_PATH_MAX - 1)) + 1, p->path);
		} else {
			bpf_probe_read_kernel(h->path, TP_PATH_MAX, p->path);
		}
	} else {
		h->proc_flags = 0;
		h->exec_ktime = 0;
		h->path_len = 0;
		h->path[0] = 0;
	}
}

/* Event arg writers: each fills a fixed slot (header + payload bytes
 * reserved, recorded in tp_ev_arg.slot), so generated code writes every arg
 * at a constant offset: no offset arithmetic for the verifier to track
 * (6.1's loses bounds across register copies). Each returns the slot's size.
 */
static __always_inline __u64 tp_ev_put_u64(void *dst, __u16 type, __u64 v)
{
	struct tp_ev_arg *a = dst;

	a->type = type;
	a->flags = 0;
	a->len = 8;
	a->orig_len = 8;
	a->slot = 8;
	*(__u64 *)(a + 1) = v;
	return sizeof(*a) + 8;
}

/* An argument that could not be read: Tetragon's error_arg. status: TP_FAULT_BASIC,
 * or n + 1 for a resolve read that failed at depth n. slot: the arg's slot.
 */
static __always_inline __u64 tp_ev_put_fault(void *dst, __u32 status, __u32 slot)
{
	struct tp_ev_arg *a = dst;

	a->type = TP_EVA_FAULT;
	a->flags = 0;
	a->len = 4;
	a->orig_len = 4;
	a->slot = slot;
	*(__u32 *)(a + 1) = status;
	return sizeof(*a) + slot;
}

static __always_inline __u64 tp_ev_put_str(void *dst, const void *ptr, int mem)
{
	struct tp_ev_arg *a = dst;
	long n = tp_read_str(a + 1, TP_STRING_MAX + 2, ptr, mem);

	/* Tetragon: copy_strings() fails, read_arg() sets the arg status -1 */
	if (n <= 0)
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_STRING_SLOT);
	a->type = TP_EVA_STR;
	a->slot = TP_STRING_SLOT;
	n -= 1;	/* drop the NUL: at most TP_STRING_MAX + 1 bytes read */
	a->flags = n > TP_STRING_MAX ? TP_EVA_F_TRUNC : 0;
	a->len = n > TP_STRING_MAX ? TP_STRING_MAX : n;
	a->orig_len = a->len;
	return sizeof(*a) + TP_STRING_SLOT;
}

/* A buffer of size bytes at ptr, at most slot bytes kept (slot: a power of 2, a
 * constant at every call site so the verifier sees the bound). mem: as tp_read_mem().
 */
static __always_inline __u64 tp_ev_put_buf_slot(void *dst, const void *ptr, __u64 size, int mem,
						__u32 slot)
{
	struct tp_ev_arg *a = dst;
	__u32 n = size > slot ? slot : (__u32)size;
	long err;

	n &= (slot * 2 - 1);
	if (n > slot)
		n = slot;
	err = tp_read_mem(a + 1, n, ptr, mem);
	if (err)	/* Tetragon's __copy_char_buf(): char_buf_pagefault */
		return tp_ev_put_fault(dst, TP_FAULT_CHARBUF, slot);
	a->type = TP_EVA_BYTES;
	a->flags = size > slot ? TP_EVA_F_TRUNC : 0;
	a->len = n;
	a->orig_len = size > 0xffffffffULL ? 0xffffffffU : (__u32)size;
	a->slot = slot;
	return sizeof(*a) + slot;
}

static __always_inline __u64 tp_ev_put_buf(void *dst, const void *ptr, __u64 size, int mem)
{
	return tp_ev_put_buf_slot(dst, ptr, size, mem, TP_STR_MAX);
}

/* 8 bytes behind a kernel pointer (kernel_cap_t *): 0, or TP_FAULT_BASIC. */
static __always_inline __u32 tp_deref_u64(__u64 *dst, __u64 ptr)
{
	if (!ptr || bpf_probe_read_kernel(dst, sizeof(*dst), (const void *)ptr)) {
		*dst = 0;
		return TP_FAULT_BASIC;
	}
	return 0;
}

/* resolve: read the integer lvalue lv (a member, bitfields too, of a CO-RE struct
 * that base points to) into *dst, with its size and sign from the running kernel
 * (libbpf's BPF_CORE_READ_BITFIELD_PROBED, with the read's error kept). 0 or < 0.
 */
#define TP_CORE_READ_INT(dst, base, lv) ({							\
	unsigned long long __v = 0;								\
	long __e = bpf_probe_read_kernel(&__v,							\
		__builtin_preserve_field_info(lv, BPF_FIELD_BYTE_SIZE),			\
		(const void *)(base) + __builtin_preserve_field_info(lv, BPF_FIELD_BYTE_OFFSET));\
	__v <<= __builtin_preserve_field_info(lv, BPF_FIELD_LSHIFT_U64);			\
	if (__builtin_preserve_field_info(lv, BPF_FIELD_SIGNED))				\
		__v = ((long long)__v) >> __builtin_preserve_field_info(lv, BPF_FIELD_RSHIFT_U64);\
	else											\
		__v = __v >> __builtin_preserve_field_info(lv, BPF_FIELD_RSHIFT_U64);		\
	*(dst) = __v;										\
	__e;											\
})

#endif
