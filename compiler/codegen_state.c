// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* IR -> BPF C, per program: the per-event state struct (struct <prog>_ev) and the
 * readers that fill its strings and buffers (<prog>_r<id>). Types come from the type
 * table (tp_argtypes.h); the IR is read-only here.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "codegen_int.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "tp_abi.h"

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

void cg_emit_state_struct(struct cg *g)
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

void cg_emit_readers(struct cg *g)
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
