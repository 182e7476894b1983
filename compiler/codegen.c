// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* IR -> BPF C. Reads like the output it produces: one program per hook,
 * one inline function per selector, filters as straight-line compares of
 * constants (or sorted tables + binary search, where the passes chose them).
 * Everything hook-specific comes from the hook-kind table (hooks.h), everything
 * type-specific from the type table (tp_argtypes.h); the IR is read-only here.
 *
 * Policy text reaches the output only through c_quote() (string constants,
 * the meta) and c_comment_text() (comments); numbers are printed from typed
 * IR fields; identifiers are checked (c_check_ident) or generated.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "codegen_int.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "log.h"
#include "tmpl.h"
#include "tp_abi.h"

/* Calls of a return probe in flight (entered, not returned) per hook. */
#define TP_RET_CALLS_MAX	4096

/* ---------------------------------------------------------------- per program */

bool cg_arg_may_fault(const struct ir_arg *a)
{
	return a->resolve || a->type->fetch == TP_FETCH_DEREF;
}

const char *cg_int_ctype(unsigned int size, bool sgn)
{
	switch (size) {
	case 1: return sgn ? "__s8" : "__u8";
	case 2: return sgn ? "__s16" : "__u16";
	case 4: return sgn ? "__s32" : "__u32";
	default: return sgn ? "__s64" : "__u64";
	}
}

static void emit_state_struct(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i;

	emit_line(g->e, "/* Per-event state of %s (%s). */", p->c_name,
		  p->scratch ? "per-CPU scratch map: too big for the stack" : "on the stack");
	emit_open(g->e, "struct %s_ev", p->c_name);
	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		switch (a->type->repr) {
		case TP_REPR_INT:
			emit_line(g->e, "__u64 a%u;\t/* %s%s */", a->id, a->type->canon,
				  a->hidden ? ", size of a buffer" : "");
			break;
		case TP_REPR_PATH:
			emit_line(g->e, "__u64 a%u;\t/* %s */", a->id, a->type->canon);
			emit_line(g->e, "long n%u;\t/* its path's length + 1, or TP_FD_*; 0: not resolved yet */",
				  a->id);
			emit_line(g->e, "__u32 f%u;\t/* its path's TP_PATH_F_* flags */", a->id);
			emit_line(g->e, "__u32 m%u;\t/* its inode's i_mode, 0: unknown */", a->id);
			emit_line(g->e, "__u64 s%u[%u];\t/* its path (tp_abi.h TP_PATH_MAX) */", a->id,
				  a->buf_size / 8);
			break;
		case TP_REPR_OBJ:
			emit_line(g->e, "__u64 a%u;\t/* %s: read when posted */", a->id, a->type->canon);
			break;
		case TP_REPR_NONE:
			break;
		case TP_REPR_STR:
		case TP_REPR_BUF:
		case __TP_REPR_CNT:
			emit_line(g->e, "const void *a%u;\t/* %s */", a->id, a->type->canon);
			if (a->buf_size) {
				emit_line(g->e, "long n%u;\t/* 0: not read yet, < 0: unreadable */",
					  a->id);
				emit_line(g->e, "__u64 s%u[%u];", a->id, a->buf_size / 8);
			}
			break;
		}
		if (cg_arg_may_fault(a))
			emit_line(g->e, "__u32 e%u;\t/* 0, or why it could not be read (TP_EVA_FAULT) */",
				  a->id);
	}
	if (p->key_words)
		emit_line(g->e, "__u64 key[%u];\t/* search key */", p->key_words);
	if (p->tables)
		emit_line(g->e, "struct tp_bs bs;\t/* binary search state (must be in a map) */");
	emit_close(g->e, ";");
	emit_blank(g->e);
	if (p->scratch) {
		emit_open(g->e, "struct");
		emit_line(g->e, "__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);");
		emit_line(g->e, "__uint(max_entries, 1);");
		emit_line(g->e, "__type(key, __u32);");
		emit_line(g->e, "__type(value, struct %s_ev);", p->c_name);
		char trailer[128];

		snprintf(trailer, sizeof(trailer), " %s_scratch SEC(\".maps\");", p->c_name);
		emit_close(g->e, trailer);
		emit_blank(g->e);
	}
}

/* ev->n<id> from a string read n: < 0 when unreadable (counted once per
 * event: the read is cached).
 */
static void emit_unreadable(struct cg *g, const struct ir_arg *a)
{
	emit_open(g->e, "if (n <= 0)");
	emit_line(g->e, "n = -1;");
	emit_line(g->e, "TP_CNT_INC(%u, unreadable);", cg_hook_row(g));
	emit_close(g->e, "");
	emit_line(g->e, "ev->n%u = n;", a->id);
}

/* A string whose resolve failed is unreadable. */
static void emit_resolve_failed(struct cg *g, const struct ir_arg *a)
{
	if (!a->resolve)
		return;
	emit_line(g->e, "if (!ev->n%u && ev->e%u)\t/* resolve failed */", a->id, a->id);
	emit_line(g->e, "\tev->n%u = -1;", a->id);
}

static void emit_readers(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i;

	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		if (!a->buf_size)
			continue;
		if (a->type->fetch == TP_FETCH_OBJ_PATH) {
			emit_line(g->e, "/* Resolve the path of %s arg %u once per event. */",
				  a->type->canon, a->id);
			emit_func(g->e, "static __always_inline long %s_read%u(struct tp_state *st, struct %s_ev *ev)",
				  p->c_name, a->id, p->c_name);
			emit_open(g->e, "if (!ev->n%u)", a->id);
			if (a->resolve) {
				emit_line(g->e, "if (ev->e%u)\t/* resolve failed */", a->id);
				emit_line(g->e, "\tev->n%u = TP_FD_UNREADABLE;", a->id);
				emit_line(g->e, "else");
				g->e->indent++;
			}
			emit_line(g->e, "ev->n%u = %s(st->task, ev->a%u, (char *)ev->s%u, &ev->f%u, &ev->m%u);",
				  a->id, a->type->reader, a->id, a->id, a->id, a->id);
			if (a->resolve)
				g->e->indent--;
			emit_line(g->e, "if (ev->n%u == TP_FD_UNREADABLE)", a->id);
			emit_line(g->e, "\tTP_CNT_INC(%u, unreadable);", cg_hook_row(g));
			emit_close(g->e, "");
			emit_line(g->e, "return ev->n%u > 0 ? ev->n%u - 1 : ev->n%u;\t/* path length, or TP_FD_* */",
				  a->id, a->id, a->id);
			emit_close(g->e, "");
			emit_blank(g->e);
			continue;
		}
		if (a->type->fetch == TP_FETCH_FD_PATH) {
			emit_line(g->e, "/* Resolve the path of fd arg %u once per event. */", a->id);
			emit_func(g->e, "static __always_inline long %s_read%u(struct tp_state *st, struct %s_ev *ev)",
				  p->c_name, a->id, p->c_name);
			emit_open(g->e, "if (!ev->n%u)", a->id);
			emit_line(g->e, "ev->n%u = tp_fd_path(st->task, (__s64)ev->a%u, (char *)ev->s%u, &ev->f%u, &ev->m%u);",
				  a->id, a->id, a->id, a->id, a->id);
			emit_line(g->e, "if (ev->n%u == TP_FD_UNREADABLE)", a->id);
			emit_line(g->e, "\tTP_CNT_INC(%u, unreadable);", cg_hook_row(g));
			emit_close(g->e, "");
			emit_line(g->e, "return ev->n%u > 0 ? ev->n%u - 1 : ev->n%u;\t/* path length, or TP_FD_* */",
				  a->id, a->id, a->id);
			emit_close(g->e, "");
			emit_blank(g->e);
			continue;
		}
		if (a->raw_read) {
			emit_line(g->e, "/* Read arg %u (%s) once per event: the %u bytes the constants need,",
				  a->id, a->type->canon, a->raw_read);
			emit_line(g->e, " * with a plain read (values are compared with their NUL); if that");
			emit_line(g->e, " * faults (string just before an unmapped page), a string read. */");
			emit_func(g->e, "static __always_inline long %s_read%u(struct tp_state *st, struct %s_ev *ev)",
				  p->c_name, a->id, p->c_name);
			emit_resolve_failed(g, a);
			emit_open(g->e, "if (!ev->n%u)", a->id);
			if (a->any_mem)
				emit_open(g->e, "if (tp_read_mem(ev->s%u, %u, ev->a%u, TP_MEM_ANY) == 0)",
					  a->id, a->raw_read, a->id);
			else
				emit_open(g->e, "if (%s(ev->s%u, %u, ev->a%u) == 0)",
					  a->user_ptr ? "bpf_probe_read_user" : "bpf_probe_read_kernel",
					  a->id, a->raw_read, a->id);
			emit_line(g->e, "ev->n%u = 1;", a->id);
			emit_else(g->e);
			emit_line(g->e, "long n = tp_read_str(ev->s%u, sizeof(ev->s%u), ev->a%u, %s);", a->id,
				  a->id, a->id, cg_mem(a));
			emit_unreadable(g, a);
			emit_close(g->e, "");
			emit_close(g->e, "");
			emit_line(g->e, "return ev->n%u - 1;\t/* < 0 if unreadable; else not a length */", a->id);
			emit_close(g->e, "");
			emit_blank(g->e);
			continue;
		}
		emit_line(g->e, "/* Read arg %u (%s) once per event, at most %u bytes: only as many",
			  a->id, a->type->canon, a->buf_size);
		emit_line(g->e, " * as the longest constant compared against it needs. */");
		emit_func(g->e, "static __always_inline long %s_read%u(struct tp_state *st, struct %s_ev *ev)", p->c_name,
			  a->id, p->c_name);
		emit_resolve_failed(g, a);
		emit_open(g->e, "if (!ev->n%u)", a->id);
		emit_line(g->e, "long n = tp_read_str(ev->s%u, sizeof(ev->s%u), ev->a%u, %s);", a->id,
			  a->id, a->id, cg_mem(a));
		emit_unreadable(g, a);
		emit_close(g->e, "");
		emit_line(g->e, "return ev->n%u - 1;\t/* string length, < 0 if unreadable */", a->id);
		emit_close(g->e, "");
		emit_blank(g->e);
	}
}

const char *cg_mem(const struct ir_arg *a)
{
	return a->user_ptr ? "true" : a->any_mem ? "TP_MEM_ANY" : "false";
}

/* The writer of arg a's event slot at offset off. */
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
static bool prog_has_rl(const struct ir_prog *p)
{
	size_t i;

	for (i = 0; i < p->nr_selectors; i++)
		if (p->selectors[i].rl_ns)
			return true;
	return false;
}

/* rateLimit: the key of a filled record (tp_ratelimit.bpf.h), from the record's
 * fixed slots: the first TP_RL_ARGS entry-side args. */
static void emit_rl(struct cg *g)
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

static void emit_post(struct cg *g)
{
	const struct ir_prog *p = g->p;

	emit_line(g->e, "/* Post: one ring buffer record, header + args (tp_abi.h), to rb: tp_enforce");
	emit_line(g->e, " * for selectors that enforce, tp_events for the others. */");
	emit_func(g->e, "static __always_inline void %s_post(struct tp_state *st, struct %s_ev *ev, __u16 action, __u32 sel, struct tp_counters *c, void *rb%s)",
		  p->c_name, p->c_name, prog_has_rl(p) ? ", __u64 rl_ns, __u32 rl_scope" : "");
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
	emit_put_args(g, sizeof(struct tp_ev_hdr), false);
	if (prog_has_rl(p)) {
		emit_open(g->e, "if (rl_ns && %s_rl((const char *)h, action, rl_scope, rl_ns))", p->c_name);
		emit_line(g->e, "bpf_ringbuf_discard(h, 0);\t/* rateLimit */");
		emit_line(g->e, "return;");
		emit_close(g->e, "");
	}
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
static void emit_ret_state(struct cg *g)
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
		  p->c_name, p->c_name, prog_has_rl(p) ? ", __u64 rl_ns, __u32 rl_scope" : "");
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
	if (prog_has_rl(p)) {
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

static void emit_actions(struct cg *g, const struct ir_selector *s, unsigned int si)
{
	const struct ir_prog *p = g->p;
	bool ret_probe = p->ev_entry_size != 0;
	char rl[48] = "";
	size_t i;

	emit_line(g->e, "struct tp_counters *c = TP_CNT(%u);", cg_sel_row(g, si));
	emit_blank(g->e);
	emit_line(g->e, "if (c)");
	emit_line(g->e, "\tc->matched++;");
	for (i = 0; i < s->nr_actions; i++) {
		const struct ir_action *a = &s->actions[i];

		switch (a->kind) {
		case IR_ACT_SIGKILL:
			emit_line(g->e, "bpf_send_signal(TP_SIGKILL);\t/* Sigkill */");
			emit_line(g->e, "if (c)");
			emit_line(g->e, "\tc->signaled++;");
			break;
		case IR_ACT_SIGNAL:
			emit_line(g->e, "bpf_send_signal(%u);\t/* Signal */", a->sig);
			emit_line(g->e, "if (c)");
			emit_line(g->e, "\tc->signaled++;");
			break;
		case IR_ACT_OVERRIDE:
			emit_line(g->e, "/* Override: the function returns %d (the program's verdict) */",
				  a->err);
			emit_line(g->e, "if (c)");
			emit_line(g->e, "\tc->overridden++;");
			break;
		case IR_ACT_POST:
		case IR_ACT_NOPOST:
			break;
		}
	}
	if (s->ret_side) {
		if (s->post)
			emit_line(g->e, "%s_retpost(%s, ev, rec, %u, c, %d);", p->c_name, g->st,
				  s->tg_action, s->enforces);
		emit_line(g->e, "return;");
		return;
	}
	if (prog_has_rl(p))
		snprintf(rl, sizeof(rl), ", %" PRIu64 "ULL, %u", s->rl_ns, s->rl_scope);
	if (ret_probe)
		emit_line(g->e, "%s_save(%s, ev, %u, %u, %d, c, %d%s);", p->c_name, g->st, s->tg_action,
			  si, s->post, s->enforces, rl);
	else if (s->post)
		emit_line(g->e, "%s_post(%s, ev, %u, %u, c, &%s%s);", p->c_name, g->st, s->tg_action, si,
			  s->enforces ? "tp_enforce" : "tp_events", rl);
	emit_line(g->e, "return %d;", s->ret);
}

void cg_emit_prologue(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i;

	emit_line(g->e, "struct tp_state st;\t/* task and process: always on the stack */");
	for (i = 0; i < p->nr_args; i++)
		if (p->args[i].resolve) {
			emit_line(g->e, "__u64 v;\t/* a resolve walk's result */");
			break;
		}
	if (p->scratch) {
		emit_line(g->e, "__u32 zero = 0;");
		emit_line(g->e, "struct %s_ev *ev = bpf_map_lookup_elem(&%s_scratch, &zero);",
			  p->c_name, p->c_name);
		emit_blank(g->e);
		emit_line(g->e, "if (!ev)");
		emit_line(g->e, "\treturn %d;", p->ret);
	} else {
		emit_line(g->e, "struct %s_ev evs, *ev = &evs;", p->c_name);
		emit_blank(g->e);
	}
	emit_line(g->e, "st.task = bpf_get_current_task_btf();");
	emit_line(g->e, "st.proc = NULL;");
	emit_line(g->e, "st.proc_done = 0;");
	if (p->exec_hook) {
		emit_line(g->e, "/* this exec may not be in tp_procs yet: the core's hook on this");
		emit_line(g->e, " * tracepoint may run after this program */");
		emit_line(g->e, "tp_proc_sync_exec(st.task);");
	}
}

void cg_emit_fetch(struct cg *g, cg_arg_expr_fn expr, bool ret_side)
{
	const struct ir_prog *p = g->p;
	char raw[160];
	size_t i;

	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		if (a->ret_val != ret_side || a->type->repr == TP_REPR_NONE)
			continue;
		expr(p, a, raw, sizeof(raw));
		if (a->resolve) {
			/* the walk's result stands for the raw value */
			emit_line(g->e, "ev->e%u = %s_rs%u((__u64)%s, &v);", a->id, p->c_name, a->id,
				  raw);
			snprintf(raw, sizeof(raw), "v");
		}
		if (a->type->fetch == TP_FETCH_DEREF) {
			if (a->resolve) {
				emit_line(g->e, "ev->a%u = 0;", a->id);
				emit_line(g->e, "if (!ev->e%u)", a->id);
				emit_line(g->e, "\tev->e%u = tp_deref_u64(&ev->a%u, v);", a->id, a->id);
			} else {
				emit_line(g->e, "ev->e%u = tp_deref_u64(&ev->a%u, (__u64)%s);", a->id,
					  a->id, raw);
			}
			continue;
		}
		if (a->type->repr == TP_REPR_OBJ) {
			emit_line(g->e, "ev->a%u = (__u64)%s;", a->id, raw);
			continue;
		}
		if (a->type->fetch == TP_FETCH_OBJ_PATH) {
			emit_line(g->e, "ev->a%u = (__u64)%s;", a->id, raw);
			emit_line(g->e, "ev->n%u = 0;", a->id);
			continue;
		}
		if (a->type->repr == TP_REPR_PATH) {
			emit_line(g->e, "ev->a%u = (__u64)(__s64)(%s)%s;", a->id,
				  cg_int_ctype(a->type->width, a->type->is_signed), raw);
			emit_line(g->e, "ev->n%u = 0;", a->id);
		} else if (a->type->repr == TP_REPR_INT) {
			if (a->type->width >= 8)
				emit_line(g->e, "ev->a%u = (__u64)%s;", a->id, raw);
			else
				emit_line(g->e, "ev->a%u = (__u64)(%s)(%s)%s;", a->id,
					  a->type->is_signed ? "__s64" : "__u64",
					  cg_int_ctype(a->type->width, a->type->is_signed), raw);
		} else {
			emit_line(g->e, "ev->a%u = (const void *)(unsigned long)%s;", a->id, raw);
			if (a->buf_size)
				emit_line(g->e, "ev->n%u = 0;", a->id);
		}
	}
}

void cg_emit_dispatch(struct cg *g)
{
	const struct ir_prog *p = g->p;
	bool ret_probe = p->ev_entry_size != 0;
	size_t i, n = p->nr_selectors - p->nr_ret_selectors;

	if (p->no_selectors) {
		emit_line(g->e, "/* no selectors: every event is posted (counted as selector 0) */");
		emit_open(g->e, "%s", "");
		emit_line(g->e, "struct tp_counters *c = TP_CNT(%u);", cg_sel_row(g, 0));
		emit_blank(g->e);
		emit_line(g->e, "if (c)");
		emit_line(g->e, "\tc->matched++;");
		if (ret_probe)
			emit_line(g->e, "%s_save(%s, ev, %u, 0, 1, c, 0%s);", p->c_name, g->st,
				  TP_ACTION_POST, prog_has_rl(p) ? ", 0, 0" : "");
		else
			emit_line(g->e, "%s_post(%s, ev, %u, 0, c, &tp_events%s);", p->c_name, g->st,
				  TP_ACTION_POST, prog_has_rl(p) ? ", 0, 0" : "");
		emit_close(g->e, "");
	}
	for (i = 0; i < n; i++) {
		const struct ir_selector *s = &p->selectors[i];

		emit_line(g->e, "/* selector %zu: the first selector that matches wins */", i);
		emit_open(g->e, "if (%s_s%zu(%s, ev))", p->c_name, i, g->st);
		emit_actions(g, s, i);
		emit_close(g->e, "");
	}
	emit_line(g->e, "return %d;", p->ret);
}

/* The return side of a return probe: the return selectors on the return value,
 * then the merged record. <c>_ret(st, ev) is called by the return programs.
 */
static void emit_ret_dispatch(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i, first = p->nr_selectors - p->nr_ret_selectors;
	const char *st = g->st;

	g->st = "st";
	emit_line(g->e, "/* Return selectors (matchReturnArgs, matchReturnActions): the first that");
	emit_line(g->e, " * matches wins; no selectors: post. */");
	emit_func(g->e, "static __always_inline void %s_retsel(struct tp_state *st, struct %s_ev *ev, const struct %s_rec *rec)",
		  p->c_name, p->c_name, p->c_name);
	if (!p->nr_ret_selectors) {
		emit_line(g->e, "/* posted/dropped: counted on the entry selector's row */");
		emit_line(g->e, "%s_retpost(st, ev, rec, %u, TP_CNT(%u + ((const struct tp_ev_hdr *)rec)->selector), 0);",
			  p->c_name, TP_ACTION_POST, cg_sel_row(g, 0));
	}
	for (i = first; i < p->nr_selectors; i++) {
		emit_line(g->e, "/* return side of selector %zu */", i - first);
		emit_open(g->e, "if (%s_s%zu(st, ev))", p->c_name, i);
		emit_actions(g, &p->selectors[i], (unsigned int)i);
		emit_close(g->e, "");
	}
	emit_close(g->e, "");
	emit_blank(g->e);
	emit_line(g->e, "/* Return: only calls whose entry matched have a record. */");
	emit_func(g->e, "static __always_inline void %s_ret(struct tp_state *st, struct %s_ev *ev)",
		  p->c_name, p->c_name);
	emit_line(g->e, "__u64 key = bpf_get_current_pid_tgid();");
	emit_line(g->e, "const struct %s_rec *rec = bpf_map_lookup_elem(&%s_calls, &key);",
		  p->c_name, p->c_name);
	emit_blank(g->e);
	emit_line(g->e, "if (!rec)");
	emit_line(g->e, "\treturn;");
	emit_line(g->e, "%s_retsel(st, ev, rec);", p->c_name);
	emit_line(g->e, "bpf_map_delete_elem(&%s_calls, &key);", p->c_name);
	emit_close(g->e, "");
	emit_blank(g->e);
	g->st = st;
}

/* What every program of the hook shares: state, readers, selectors, posting. */
static void emit_shared(struct cg *g)
{
	const struct ir_prog *p = g->p;
	char what[160];
	size_t i;

	snprintf(what, sizeof(what), "hook %u: %s %s", p->id, p->kind->title, p->target);
	emit_line(g->e, "/* ---------------------------------------------------------------- */");
	cg_loc_comment(g, p->loc, what);
	emit_blank(g->e);
	if (p->kind->emit_decls)
		p->kind->emit_decls(g);
	for (i = 0; i < p->nr_args; i++)
		if (p->args[i].resolve)
			cg_emit_resolve(g, &p->args[i]);
	emit_state_struct(g);
	emit_readers(g);
	for (i = 0; i < p->nr_selectors; i++)
		cg_emit_selector(g, i, &p->selectors[i]);
	if (p->ev_entry_size) {
		if (prog_has_rl(p))
			emit_rl(g);
		emit_ret_state(g);
		emit_ret_dispatch(g);
	} else {
		if (prog_has_rl(p))
			emit_rl(g);
		emit_post(g);
	}
}

static void emit_prog(struct cg *g)
{
	const struct ir_prog *p = g->p;
	char ct[128];

	g->st = "&st";
	emit_shared(g);
	if (p->kind->emit_progs) {
		p->kind->emit_progs(g);
		return;
	}
	emit_line(g->e, "SEC(\"%s\")", p->sec);
	p->kind->ctx_type(p, ct, sizeof(ct));
	emit_func(g->e, "int %s(%s *ctx)", p->c_name, ct);
	cg_emit_prologue(g);
	cg_emit_fetch(g, p->kind->arg_expr, false);
	emit_blank(g->e);
	cg_emit_dispatch(g);
	emit_close(g->e, "");
	emit_blank(g->e);
}

static bool module_has_exec_hook(const struct ir_module *m)
{
	size_t i;

	for (i = 0; i < m->nr_progs; i++)
		if (m->progs[i].exec_hook)
			return true;
	return false;
}

static bool module_has_fd(const struct ir_module *m)
{
	size_t i, j;

	for (i = 0; i < m->nr_progs; i++)
		for (j = 0; j < m->progs[i].nr_args; j++)
			if (m->progs[i].args[j].type->fetch == TP_FETCH_FD_PATH)
				return true;
	return false;
}

/* The BPF headers of the module's argument types (tp_argtypes.h `header`), each once,
 * in the type table's order (deterministic).
 */
static void emit_type_headers(struct emitter *e, const struct ir_module *m)
{
	const struct tp_argtype *t;
	const char *done[16];
	size_t i, j, k, n = 0, d;
	bool any = false;

	for (k = 0; (t = tp_argtype_at(k)); k++) {
		bool used = false, seen = false;

		if (!t->header)
			continue;
		for (d = 0; d < n; d++)
			if (!strcmp(done[d], t->header))
				seen = true;
		for (i = 0; i < m->nr_progs && !used && !seen; i++)
			for (j = 0; j < m->progs[i].nr_args; j++)
				if (m->progs[i].args[j].type->header &&
				    !strcmp(m->progs[i].args[j].type->header, t->header))
					used = true;
		if (!used || seen || n == sizeof(done) / sizeof(done[0]))
			continue;
		done[n++] = t->header;
		if (!any)
			emit_line(e, "/* kernel objects the policy's argument types read */");
		any = true;
		emit_line(e, "#include \"%s\"", t->header);
	}
	if (any)
		emit_blank(e);
}

/* tp_select.bpf.h when a selector reads the task's namespaces or capabilities. */
static void emit_select_header(struct emitter *e, const struct ir_module *m)
{
	size_t i, j, k;

	for (i = 0; i < m->nr_progs; i++)
		for (j = 0; j < m->progs[i].nr_selectors; j++)
			for (k = 0; k < m->progs[i].selectors[j].nr_filters; k++) {
				enum ir_filter_kind fk = m->progs[i].selectors[j].filters[k].kind;

				if (fk != IR_F_NS && fk != IR_F_CAPS)
					continue;
				emit_line(e, "/* matchNamespaces, matchCapabilities: the task's namespaces and credentials */");
				emit_line(e, "#include \"tp_select.bpf.h\"");
				emit_blank(e);
				goto rl;
			}
rl:
	for (i = 0; i < m->nr_progs; i++)
		if (prog_has_rl(&m->progs[i])) {
			emit_line(e, "/* Post's rateLimit: the keys of the events posted */");
			emit_line(e, "#include \"tp_ratelimit.bpf.h\"");
			emit_blank(e);
			return;
		}
}

int codegen_emit(const struct ir_module *m, const struct codegen_opts *opts, char **out,
		 size_t *out_len, char **meta, size_t *meta_len)
{
	char *hooks = NULL, *header = NULL, *metac = NULL, stride[32], rows[32];
	size_t hooks_len = 0, header_len = 0, metac_len = 0, i;
	struct emitter e;
	struct cg g = { .e = &e, .m = m };
	FILE *f = NULL, *o = NULL;
	char src[256];
	char *q = NULL;
	int err;

	*out = NULL;
	*meta = NULL;
	err = meta_build(m, opts, meta, meta_len);
	if (err)
		return err;

	/* header slot */
	f = open_memstream(&header, &header_len);
	if (!f) {
		err = -ENOMEM;
		goto out;
	}
	c_comment_text(src, sizeof(src), m->source, strlen(m->source));
	fprintf(f, "/* Generated by tpc from %s. DO NOT EDIT. */\n", src);
	c_comment_text(src, sizeof(src), m->policy_name, strlen(m->policy_name));
	fprintf(f, "/* Policy %s (%s): %zu hook%s. */", src, m->kind, m->nr_progs,
		m->nr_progs == 1 ? "" : "s");
	if (fclose(f)) {
		err = -ENOMEM;
		goto out;
	}

	/* meta slot: the text as a C string, through c_quote only */
	q = malloc(*meta_len * 4 + 3);
	if (!q) {
		err = -ENOMEM;
		goto out;
	}
	err = c_quote(q, *meta_len * 4 + 3, *meta, *meta_len);
	if (err)
		goto out;
	f = open_memstream(&metac, &metac_len);
	if (!f) {
		err = -ENOMEM;
		goto out;
	}
	fprintf(f, "const char tp_meta[] SEC(\".tpc.meta\") __attribute__((used)) =\n\t%s;\n", q);
	if (fclose(f)) {
		err = -ENOMEM;
		goto out;
	}

	/* hooks slot */
	f = open_memstream(&hooks, &hooks_len);
	if (!f) {
		err = -ENOMEM;
		goto out;
	}
	emit_init(&e, f);
	if (module_has_fd(m)) {
		emit_line(&e, "/* fd arguments: fd -> struct file -> path (d_path-like walker) */");
		emit_line(&e, "#include \"tp_fd.bpf.h\"");
		emit_blank(&e);
	}
	if (module_has_exec_hook(m)) {
		emit_line(&e, "/* exec hooks record the exec in tp_procs if the core has not yet */");
		emit_line(&e, "#include \"tp_proc.bpf.h\"");
		emit_blank(&e);
	}
	/* counter rows per hook: the hook's own, then one per selector */
	g.cnt_stride = 2;
	for (i = 0; i < m->nr_progs; i++)
		if (m->progs[i].nr_selectors + 1 > g.cnt_stride)
			g.cnt_stride = (unsigned int)m->progs[i].nr_selectors + 1;
	emit_type_headers(&e, m);
	emit_select_header(&e, m);
	for (i = 0; i < m->nr_progs; i++) {
		g.p = &m->progs[i];
		emit_prog(&g);
	}
	err = emit_finish(&e);
	if (fclose(f) && !err)
		err = -ENOMEM;
	if (err) {
		if (err == -EFAULT)
			pr_warn("internal error: unbalanced emitter output\n");
		goto out;
	}
	/* drop the last blank line */
	while (hooks_len && hooks[hooks_len - 1] == '\n' && hooks_len > 1 &&
	       hooks[hooks_len - 2] == '\n')
		hooks[--hooks_len] = '\0';

	snprintf(stride, sizeof(stride), "%u", g.cnt_stride);
	snprintf(rows, sizeof(rows), "%zu", (m->nr_progs ? m->nr_progs : 1) * g.cnt_stride);
	{
		struct tmpl_slot slots[] = {
			{ "header", header, header_len },
			{ "cnt_stride", stride, strlen(stride) },
			{ "cnt_rows", rows, strlen(rows) },
			{ "meta", metac, metac_len },
			{ "hooks", hooks, hooks_len },
		};

		o = open_memstream(out, out_len);
		if (!o) {
			err = -ENOMEM;
			goto out;
		}
		err = tmpl_render("policy.bpf.c.in", slots, sizeof(slots) / sizeof(slots[0]), o);
		if (fclose(o) && !err)
			err = -ENOMEM;
		if (err == -ENOENT) {
			pr_warn("internal error: template policy.bpf.c.in is not embedded\n");
			err = -EFAULT;
		}
	}
out:
	free(q);
	free(header);
	free(metac);
	free(hooks);
	if (err) {
		free(*out);
		*out = NULL;
		free(*meta);
		*meta = NULL;
	}
	return err;
}
