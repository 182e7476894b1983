// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* IR -> BPF C, per program: the ring buffer record of an event (header + args in
 * fixed slots, tp_abi.h), Post's rateLimit key, and a return probe's record kept
 * from entry to return.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "codegen_int.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "lsm_ima.h"
#include "tp_abi.h"

/* Calls of a return probe in flight (entered, not returned) per hook. */
#define TP_RET_CALLS_MAX	4096

static void emit_put(struct cg *g, const struct ir_arg *a, unsigned int off)
{
	const struct ir_prog *p = g->p;
	const char *user = cg_mem(a);

	switch (a->type->repr) {
	case TP_REPR_INT:
		emit_line(g->e, "tp_ev_put_u64(r + %u, %s, ev->a%u);", off,
			  tp_eva_name(a->type->eva), a->id);
		break;
	case TP_REPR_STR:
		emit_line(g->e, "tp_ev_put_str(r + %u, ev->a%u, %s);", off, a->id, user);
		break;
	case TP_REPR_BUF:
		switch (a->type->fetch) {
		case TP_FETCH_IOVEC:
			emit_line(g->e, "tp_ev_put_iovec(r + %u, (__u64)ev->a%u, ev->a%d, %u);", off,
				  a->id, a->size_arg, a->ev_slot / 2);
			break;
		case TP_FETCH_IOV_ITER:
			emit_line(g->e, "tp_ev_put_iov_iter(r + %u, (__u64)ev->a%u, %u);", off, a->id,
				  a->ev_slot);
			break;
		default:
			if (a->ev_slot == TP_STR_MAX)
				emit_line(g->e, "tp_ev_put_buf(r + %u, ev->a%u, ev->a%d, %s);", off,
					  a->id, a->size_arg, user);
			else
				emit_line(g->e, "tp_ev_put_buf_slot(r + %u, ev->a%u, ev->a%d, %s, %u);",
					  off, a->id, a->size_arg, user, a->ev_slot);
			break;
		}
		break;
	case TP_REPR_PATH:
		if (a->type->fetch == TP_FETCH_OBJ_PATH)
			emit_line(g->e, "tp_ev_put_file(r + %u, %s_read%u(st, ev) + 1, (const char *)ev->s%u, ev->f%u, ev->m%u);",
				  off, p->c_name, a->id, a->id, a->id, a->id);
		else
			emit_line(g->e, "tp_ev_put_fd(r + %u, ev->a%u, %s_read%u(st, ev) + 1, (const char *)ev->s%u, ev->f%u, ev->m%u);",
				  off, a->id, p->c_name, a->id, a->id, a->id, a->id);
		break;
	case TP_REPR_OBJ:
		emit_line(g->e, "%s(r + %u, ev->a%u);", a->type->reader, off, a->id);
		break;
	case TP_REPR_NONE:
	case __TP_REPR_CNT:
		break;
	}
}

/* The writers of the args of one record side (entry: all but the return value;
 * ret_side: the return value only) into r, from offset off. Returns the end offset.
 */
static unsigned int emit_put_args(struct cg *g, unsigned int off, bool ret_side)
{
	const struct ir_prog *p = g->p;
	size_t i;

	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		if (a->hidden || a->ret_val != ret_side)
			continue;
		if (cg_arg_may_fault(a)) {
			emit_line(g->e, "if (ev->e%u)", a->id);
			emit_line(g->e, "\ttp_ev_put_fault(r + %u, ev->e%u, %u);", off, a->id,
				  a->ev_slot);
			emit_line(g->e, "else");
			g->e->indent++;
		}
		emit_put(g, a, off);
		if (cg_arg_may_fault(a))
			g->e->indent--;
		off += sizeof(struct tp_ev_arg) + a->ev_slot;
	}
	return off;
}

/* Does a selector of the program have Post's rateLimit? */
bool cg_prog_has_rl(const struct ir_prog *p)
{
	size_t i;

	for (i = 0; i < p->nr_selectors; i++)
		if (p->selectors[i].rl_ns)
			return true;
	return false;
}

/* rateLimit: the key of a filled record (tp_ratelimit.bpf.h), from the record's
 * fixed slots: the first TP_RL_ARGS entry-side args. */
void cg_emit_rl(struct cg *g)
{
	const struct ir_prog *p = g->p;
	unsigned int off = sizeof(struct tp_ev_hdr), n = 0;
	size_t i;

	emit_line(g->e, "/* rateLimit: was this record's key (hook, action, scope, first bytes of the");
	emit_line(g->e, " * first %u args) posted less than rl_ns ago? */", 5);
	emit_func(g->e, "static __always_inline bool %s_rl(const char *r, __u16 action, __u32 scope, __u64 rl_ns)",
		  p->c_name);
	emit_line(g->e, "struct tp_rl_key *k = tp_rl_key_start(%u, action, scope);", p->id);
	emit_blank(g->e);
	emit_line(g->e, "if (!k)");
	emit_line(g->e, "\treturn false;");
	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		if (a->hidden || a->ret_val)
			continue;
		if (n < 5)
			emit_line(g->e, "tp_rl_key_arg(k, %u, r + %u);", n, off);
		n++;
		off += sizeof(struct tp_ev_arg) + a->ev_slot;
	}
	emit_line(g->e, "return tp_rl_hit(k, rl_ns);");
	emit_close(g->e, "");
	emit_blank(g->e);
}

/* Post imaHash (LSM hooks, lsm_ima.c): the hash of st->ima_file after the args,
 * written by bpf_ima_file_hash() into the reserved record, once the args are
 * written (the per-event state may be a per-CPU map that another run of the
 * program on this CPU reuses while this one sleeps). The program is
 * sleepable and the helper may sleep while it reads the file; only that record
 * waits (the ring buffer's consumer stops at it until it is submitted). As
 * Tetragon's ima program (bpf/process/bpf_generic_lsm_ima_file.c), computed
 * only for a record that is posted with imaHash; a negative algo (no file,
 * IMA cannot hash it) leaves the event without ima_hash, as
 * GetProcessLsm() (pkg/grpc/tracing/tracing.go) does for an unknown algo.
 */
static void emit_ima(struct cg *g, unsigned int off)
{
	emit_open(g->e, "if (ima)");
	emit_line(g->e, "struct tp_ev_ima *im = (struct tp_ev_ima *)((char *)h + %u);", off);
	emit_blank(g->e);
	emit_line(g->e, "h->flags |= TP_EV_F_IMA;");
	emit_line(g->e, "im->algo = -2;\t/* -ENOENT: no file */");
	emit_line(g->e, "if (st->ima_file)");
	emit_line(g->e, "\tim->algo = bpf_ima_file_hash(st->ima_file, im->hash, TP_IMA_HASH_MAX);");
	emit_close(g->e, "");
}

void cg_emit_post(struct cg *g)
{
	const struct ir_prog *p = g->p;
	unsigned int off;

	emit_line(g->e, "/* Post: one ring buffer record, header + args (tp_abi.h), to rb: tp_enforce");
	emit_line(g->e, " * for selectors that enforce, tp_events for the others. */");
	emit_func(g->e, "static __always_inline void %s_post(struct tp_state *st, struct %s_ev *ev, __u16 action, __u32 sel, struct tp_counters *c, void *rb%s%s)",
		  p->c_name, p->c_name, cg_prog_has_rl(p) ? ", __u64 rl_ns, __u32 rl_scope" : "",
		  lsm_ima_prog(p) ? ", int ima" : "");
	emit_line(g->e, "struct tp_ev_hdr *h = bpf_ringbuf_reserve(rb, %u, 0);", p->ev_size);
	if (p->nr_ev_args)
		emit_line(g->e, "char *r = (char *)h;");
	emit_blank(g->e);
	emit_open(g->e, "if (!h)");
	emit_line(g->e, "if (c)");
	emit_line(g->e, "\tc->dropped++;");
	emit_line(g->e, "return;");
	emit_close(g->e, "");
	emit_line(g->e, "tp_ev_fill(h, st, %u, %s, action, tp_policy_id, %u, %u, sel);",
		  p->ev_size, p->kind->ev_kind, p->id, p->nr_ev_args);
	if (p->nr_ev_args)
		emit_line(g->e, "/* args in fixed slots: constant offsets */");
	off = emit_put_args(g, sizeof(struct tp_ev_hdr), false);
	if (cg_prog_has_rl(p)) {
		emit_open(g->e, "if (rl_ns && %s_rl((const char *)h, action, rl_scope, rl_ns))", p->c_name);
		emit_line(g->e, "bpf_ringbuf_discard(h, 0);\t/* rateLimit */");
		emit_line(g->e, "return;");
		emit_close(g->e, "");
	}
	if (lsm_ima_prog(p))	/* after rateLimit: no hash for a dropped record */
		emit_ima(g, off);
	emit_line(g->e, "bpf_ringbuf_submit(h, 0);");
	emit_line(g->e, "if (c)");
	emit_line(g->e, "\tc->posted++;");
	emit_close(g->e, "");
	emit_blank(g->e);
}

/* A return probe: the entry program keeps its record (all but the return value)
 * in a hash map keyed by pid_tgid; the return program takes it out, adds the
 * return value and posts one record (Tetragon merges its two halves in
 * userspace: one event, with "return" and "return_action"). The record goes to
 * tp_enforce when the entry or the return selector enforces.
 */
void cg_emit_ret_state(struct cg *g)
{
	const struct ir_prog *p = g->p;
	char trailer[128];

	emit_line(g->e, "/* The entry part of a %s record, kept from entry to return. */", p->c_name);
	emit_open(g->e, "struct %s_rec", p->c_name);
	emit_line(g->e, "__u64 w[%u];", p->ev_entry_size / 8);
	emit_close(g->e, ";");
	emit_blank(g->e);
	emit_open(g->e, "struct");
	emit_line(g->e, "__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);");
	emit_line(g->e, "__uint(max_entries, 1);");
	emit_line(g->e, "__type(key, __u32);");
	emit_line(g->e, "__type(value, struct %s_rec);", p->c_name);
	snprintf(trailer, sizeof(trailer), " %s_recbuf SEC(\".maps\");", p->c_name);
	emit_close(g->e, trailer);
	emit_blank(g->e);
	emit_line(g->e, "/* Calls in flight, by pid_tgid: memory only for the calls entered and not");
	emit_line(g->e, " * returned yet; a thread is in one call of a function at a time (recursion:");
	emit_line(g->e, " * the inner call wins). */");
	emit_open(g->e, "struct");
	emit_line(g->e, "__uint(type, BPF_MAP_TYPE_HASH);");
	emit_line(g->e, "__uint(max_entries, %u);", TP_RET_CALLS_MAX);
	emit_line(g->e, "__uint(map_flags, BPF_F_NO_PREALLOC);");
	emit_line(g->e, "__type(key, __u64);");
	emit_line(g->e, "__type(value, struct %s_rec);", p->c_name);
	snprintf(trailer, sizeof(trailer), " %s_calls SEC(\".maps\");", p->c_name);
	emit_close(g->e, trailer);
	emit_blank(g->e);

	emit_line(g->e, "/* Entry: keep the record for the return program (post: 0 for NoPost;");
	emit_line(g->e, " * enforce: the selector enforces). A full table loses the record (dropped). */");
	emit_func(g->e, "static __always_inline void %s_save(struct tp_state *st, struct %s_ev *ev, __u16 action, __u32 sel, int post, struct tp_counters *c, int enforce%s)",
		  p->c_name, p->c_name, cg_prog_has_rl(p) ? ", __u64 rl_ns, __u32 rl_scope" : "");
	emit_line(g->e, "__u64 key = bpf_get_current_pid_tgid();");
	emit_line(g->e, "__u32 zero = 0;");
	emit_line(g->e, "struct %s_rec *rec = bpf_map_lookup_elem(&%s_recbuf, &zero);", p->c_name,
		  p->c_name);
	emit_line(g->e, "struct tp_ev_hdr *h = (struct tp_ev_hdr *)rec;");
	if (p->nr_ev_args > 1)
		emit_line(g->e, "char *r = (char *)rec;");
	emit_blank(g->e);
	emit_line(g->e, "if (!rec)");
	emit_line(g->e, "\treturn;");
	emit_line(g->e, "tp_ev_fill(h, st, %u, %s, action, tp_policy_id, %u, %u, sel);",
		  p->ev_entry_size, p->kind->ev_kind, p->id, p->nr_ev_args - 1);
	emit_line(g->e, "if (!post)");
	emit_line(g->e, "\th->flags |= TP_EV_F_NOPOST;");
	emit_line(g->e, "if (enforce)");
	emit_line(g->e, "\th->flags |= TP_EV_F_ENFORCE;");
	emit_put_args(g, sizeof(struct tp_ev_hdr), false);
	if (cg_prog_has_rl(p)) {
		emit_line(g->e, "if (post && rl_ns && %s_rl((const char *)rec, action, rl_scope, rl_ns))",
			  p->c_name);
		emit_line(g->e, "\th->flags |= TP_EV_F_NOPOST;\t/* rateLimit */");
	}
	emit_line(g->e, "if (bpf_map_update_elem(&%s_calls, &key, rec, BPF_ANY) && c)", p->c_name);
	emit_line(g->e, "\tc->dropped++;");
	emit_close(g->e, "");
	emit_blank(g->e);

	emit_line(g->e, "/* Return: the entry's record + the return value, one ring buffer record. */");
	emit_func(g->e, "static __always_inline void %s_retpost(struct tp_state *st, struct %s_ev *ev, const struct %s_rec *rec, __u16 action, struct tp_counters *c, int enforce)",
		  p->c_name, p->c_name, p->c_name);
	emit_line(g->e, "__u8 flags = ((const struct tp_ev_hdr *)rec)->flags;");
	emit_line(g->e, "struct tp_ev_hdr *h;");
	emit_line(g->e, "char *r;");
	emit_blank(g->e);
	emit_line(g->e, "if (flags & TP_EV_F_NOPOST)");
	emit_line(g->e, "\treturn;");
	emit_line(g->e, "if (enforce || (flags & TP_EV_F_ENFORCE))");
	emit_line(g->e, "\th = bpf_ringbuf_reserve(&tp_enforce, %u, 0);", p->ev_size);
	emit_line(g->e, "else");
	emit_line(g->e, "\th = bpf_ringbuf_reserve(&tp_events, %u, 0);", p->ev_size);
	emit_open(g->e, "if (!h)");
	emit_line(g->e, "if (c)");
	emit_line(g->e, "\tc->dropped++;");
	emit_line(g->e, "return;");
	emit_close(g->e, "");
	emit_line(g->e, "r = (char *)h;");
	emit_line(g->e, "bpf_probe_read_kernel(h, %u, rec);", p->ev_entry_size);
	emit_line(g->e, "h->size = %u;", p->ev_size);
	emit_line(g->e, "h->nr_args = %u;", p->nr_ev_args);
	emit_line(g->e, "h->ret_action = action;");
	emit_line(g->e, "h->flags = (flags & ~TP_EV_F_ENFORCE) | TP_EV_F_RETURN;");
	emit_put_args(g, p->ev_entry_size, true);
	emit_line(g->e, "bpf_ringbuf_submit(h, 0);");
	emit_line(g->e, "if (c)");
	emit_line(g->e, "\tc->posted++;");
	emit_close(g->e, "");
	emit_blank(g->e);
}
