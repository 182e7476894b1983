// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* IR -> BPF C. Reads like the output it produces: one program per hook,
 * one inline function per selector, filters as straight-line compares of
 * constants (sorted tables + binary search past TP_SMALL_SET values).
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
#include "emit.h"
#include "ir.h"
#include "log.h"
#include "tmpl.h"
#include "tp_abi.h"

#define TP_SMALL_SET	8	/* must match passes/layout.c */

struct cg {
	struct emitter *e;
	const struct ir_module *m;
	const struct ir_prog *p;
};

/* ---------------------------------------------------------------- helpers */

static void loc_comment(struct cg *g, struct tp_loc loc, const char *what)
{
	char src[256];

	c_comment_text(src, sizeof(src), g->m->source, strlen(g->m->source));
	emit_line(g->e, "/* %s:%u:%u: %s */", src, loc.line, loc.col, what);
}

/* Little-endian word i of s[0..len), and the mask of its bytes < len. */
static uint64_t str_word(const char *s, size_t len, size_t i, uint64_t *mask)
{
	uint64_t w = 0, mk = 0;
	size_t b;

	for (b = 0; b < 8; b++) {
		size_t o = i * 8 + b;

		if (o < len) {
			w |= (uint64_t)(unsigned char)s[o] << (8 * b);
			mk |= 0xffULL << (8 * b);
		}
	}
	*mask = mk;
	return w;
}

/* "(buf[0] == 0x..ULL && (buf[1] & 0x..ULL) == 0x..ULL)" for the first len bytes */
static void words_expr(FILE *f, const char *buf, const char *s, size_t len)
{
	size_t i, nw = (len + 7) / 8;

	fputc('(', f);
	for (i = 0; i < nw; i++) {
		uint64_t mask, w = str_word(s, len, i, &mask);

		if (i)
			fputs(" && ", f);
		if (mask == ~0ULL)
			fprintf(f, "%s[%zu] == 0x%016" PRIx64 "ULL", buf, i, w);
		else
			fprintf(f, "(%s[%zu] & 0x%" PRIx64 "ULL) == 0x%" PRIx64 "ULL", buf, i, mask, w);
	}
	if (!nw)
		fputs("1", f);
	fputc(')', f);
}

/* A comment listing (some of) the string values */
static void strs_comment(struct cg *g, const struct ir_filter *f)
{
	size_t i;

	for (i = 0; i < f->nr_strs && i < 4; i++) {
		char c[96];

		c_comment_text(c, sizeof(c), f->strs[i].s, f->strs[i].len);
		emit_line(g->e, "/* \"%s\" */", c);
	}
	if (f->nr_strs > 4)
		emit_line(g->e, "/* ... %zu values in all */", f->nr_strs);
}

/* Emit a string table (rows of nw words + lengths) as rodata. */
static void emit_str_table(struct cg *g, const char *name, const struct ir_str *strs, size_t n,
			   size_t nw, bool tail)
{
	size_t i, j;

	emit_line(g->e, "static const __u64 %s_tab[%zu] = {", name, n * nw);
	for (i = 0; i < n; i++) {
		char line[1024];
		size_t o = 0;

		for (j = 0; j < nw; j++) {
			uint64_t mask, w = str_word(strs[i].s, strs[i].len, j, &mask);

			(void)tail;
			o += snprintf(line + o, sizeof(line) - o, "0x%" PRIx64 "ULL,", w);
			if (o >= sizeof(line) - 32 || j + 1 == nw) {
				emit_line(g->e, "\t%s", line);
				o = 0;
			}
		}
	}
	emit_line(g->e, "};");
	emit_line(g->e, "static const __u16 %s_len[%zu] = {", name, n);
	for (i = 0; i < n; i += 16) {
		char line[256];
		size_t o = 0;

		for (j = i; j < n && j < i + 16; j++)
			o += snprintf(line + o, sizeof(line) - o, "%zu,", strs[j].len);
		emit_line(g->e, "\t%s", line);
	}
	emit_line(g->e, "};");
	emit_func(g->e, "static long %s_step(__u64 i, struct tp_bs_ctx *c)", name);
	emit_line(g->e, "return tp_bs_str_step(c, %s_tab, %s_len, %zu, %zu);", name, name, n, nw);
	emit_close(g->e, "");
}

static int cmp_words(const void *a, const void *b, size_t nw)
{
	const struct ir_str *x = a, *y = b;
	size_t i;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	for (i = 0; i < nw; i++) {
		uint64_t m, wx = str_word(x->s, x->len, i, &m), wy = str_word(y->s, y->len, i, &m);

		if (wx != wy)
			return wx < wy ? -1 : 1;
	}
	return 0;
}

static int cmp_words_q(const void *a, const void *b, void *nw)
{
	return cmp_words(a, b, *(size_t *)nw);
}

/* ---------------------------------------------------------------- int filters */

static void int_member_expr(FILE *f, const char *v, const struct ir_filter *flt, const char *tab)
{
	size_t i;
	bool any = false;

	fputc('(', f);
	if (flt->nr_points > TP_SMALL_SET) {
		fprintf(f, "tp_bsearch(%s_pts_step, &ev->bs, %zu, NULL, 0, %s, 0)", tab, flt->nr_points, v);
		any = true;
	} else {
		for (i = 0; i < flt->nr_points; i++, any = true)
			fprintf(f, "%s%s == 0x%" PRIx64 "ULL", any ? " || " : "", v, flt->points[i]);
	}
	if (flt->nr_ranges > 4) {
		fprintf(f, "%stp_bsearch(%s_rng_step, &ev->bs, %zu, NULL, 0, %s, %d)", any ? " || " : "",
			tab, flt->nr_ranges, v, flt->is_signed);
		any = true;
	} else {
		for (i = 0; i < flt->nr_ranges; i++, any = true) {
			if (flt->is_signed)
				fprintf(f, "%s((__s64)%s >= (__s64)0x%" PRIx64 "ULL && (__s64)%s <= (__s64)0x%" PRIx64 "ULL)",
					any ? " || " : "", v, flt->ranges[i].lo, v, flt->ranges[i].hi);
			else
				fprintf(f, "%s(%s >= 0x%" PRIx64 "ULL && %s <= 0x%" PRIx64 "ULL)",
					any ? " || " : "", v, flt->ranges[i].lo, v, flt->ranges[i].hi);
		}
	}
	if (!any)
		fputc('0', f);
	fputc(')', f);
}

static void emit_int_tables(struct cg *g, const struct ir_filter *flt, const char *tab)
{
	size_t i;

	if (flt->nr_points > TP_SMALL_SET) {
		emit_line(g->e, "static const __u64 %s_pts[%zu] = {", tab, flt->nr_points);
		for (i = 0; i < flt->nr_points; i++)
			emit_line(g->e, "\t0x%" PRIx64 "ULL,", flt->points[i]);
		emit_line(g->e, "};");
		emit_func(g->e, "static long %s_pts_step(__u64 i, struct tp_bs_ctx *c)", tab);
		emit_line(g->e, "return tp_bs_u64_step(c, %s_pts, %zu);", tab, flt->nr_points);
		emit_close(g->e, "");
	}
	if (flt->nr_ranges > 4) {
		emit_line(g->e, "static const __u64 %s_rng[%zu] = {", tab, flt->nr_ranges * 2);
		for (i = 0; i < flt->nr_ranges; i++)
			emit_line(g->e, "\t0x%" PRIx64 "ULL, 0x%" PRIx64 "ULL,", flt->ranges[i].lo,
				  flt->ranges[i].hi);
		emit_line(g->e, "};");
		emit_func(g->e, "static long %s_rng_step(__u64 i, struct tp_bs_ctx *c)", tab);
		emit_line(g->e, "return tp_bs_range_step(c, %s_rng, %zu);", tab, flt->nr_ranges);
		emit_close(g->e, "");
	}
}

static bool op_negated(enum ir_op op)
{
	return op == IR_OP_NE || op == IR_OP_NOTIN || op == IR_OP_NOTINMAP ||
	       op == IR_OP_NOTINRANGE || op == IR_OP_NOTPREFIX || op == IR_OP_NOTPOSTFIX;
}

/* An integer predicate on variable v as a C expression. */
static int int_pred(char **out, const char *v, const struct ir_filter *flt, const char *tab)
{
	size_t len;
	FILE *f = open_memstream(out, &len);

	if (!f)
		return -ENOMEM;
	switch (flt->op) {
	case IR_OP_GT:
		if (flt->is_signed)
			fprintf(f, "((__s64)%s > (__s64)0x%" PRIx64 "ULL)", v, flt->bound);
		else
			fprintf(f, "(%s > 0x%" PRIx64 "ULL)", v, flt->bound);
		break;
	case IR_OP_LT:
		if (flt->is_signed)
			fprintf(f, "((__s64)%s < (__s64)0x%" PRIx64 "ULL)", v, flt->bound);
		else
			fprintf(f, "(%s < 0x%" PRIx64 "ULL)", v, flt->bound);
		break;
	case IR_OP_MASK:
		fprintf(f, "((%s & 0x%" PRIx64 "ULL) != 0)", v, flt->mask);
		break;
	default:
		if (op_negated(flt->op))
			fputc('!', f);
		int_member_expr(f, v, flt, tab);
		break;
	}
	return fclose(f) ? -ENOMEM : 0;
}

/* ---------------------------------------------------------------- string filters */

/* Emit a filter function over a buffer (buf: const __u64 *, len: bytes w/o NUL). */
static void emit_str_filter_body(struct cg *g, const struct ir_filter *flt, const char *tab,
				 const char *buf, const char *len, const char *key,
				 const char *charbuf, unsigned int bufsz, bool raw)
{
	bool tail = flt->op == IR_OP_POSTFIX || flt->op == IR_OP_NOTPOSTFIX;
	bool prefix = flt->op == IR_OP_PREFIX || flt->op == IR_OP_NOTPREFIX;
	size_t i = 0;

	while (i < flt->nr_strs) {
		/* a group: the values of one length for Prefix/Postfix, all for Equal */
		size_t l = flt->strs[i].len, j = i, n;

		if (prefix || tail)
			while (j < flt->nr_strs && flt->strs[j].len == l)
				j++;
		else
			j = flt->nr_strs;
		n = j - i;

		if (tail) {
			size_t nw = (l + 7) / 8;

			emit_open(g->e, "if (%s >= %zu)", len, l);
			emit_line(g->e, "tp_tail_key(%s, %s, %u, %s, %zu, %zu);", key, charbuf,
				  bufsz, len, l, nw);
			if (n > TP_SMALL_SET) {
				char name[192];

				snprintf(name, sizeof(name), "%s_l%zu", tab, l);
				emit_line(g->e, "if (tp_bsearch(%s_step, &ev->bs, %zu, %s, %zu, 0, 0))",
					  name, n, key, l);
				emit_line(g->e, "\treturn true;");
			} else {
				for (size_t k = i; k < j; k++) {
					char *expr = NULL;
					size_t el;
					FILE *f = open_memstream(&expr, &el);

					if (!f) {
						emit_fail(g->e, -ENOMEM);
						return;
					}
					words_expr(f, key, flt->strs[k].s, flt->strs[k].len);
					fclose(f);
					emit_line(g->e, "if %s", expr);
					emit_line(g->e, "\treturn true;");
					free(expr);
				}
			}
			emit_close(g->e, "");
		} else if (n > TP_SMALL_SET) {
			size_t maxl = flt->strs[j - 1].len, nw = (maxl + 7) / 8;
			char name[192];

			if (prefix) {
				snprintf(name, sizeof(name), "%s_l%zu", tab, l);
				emit_open(g->e, "if (%s >= %zu)", len, l);
				emit_line(g->e, "tp_make_key(%s, %s, %zu, %zu);", key, buf, l, nw);
				emit_line(g->e, "if (tp_bsearch(%s_step, &ev->bs, %zu, %s, %zu, 0, 0))",
					  name, n, key, l);
			} else {
				snprintf(name, sizeof(name), "%s", tab);
				emit_open(g->e, "if (%s <= %zu)", len, maxl);
				emit_line(g->e, "tp_make_key(%s, %s, %s, %zu);", key, buf, len, nw);
				emit_line(g->e, "if (tp_bsearch(%s_step, &ev->bs, %zu, %s, %s, 0, 0))",
					  name, n, key, len);
			}
			emit_line(g->e, "\treturn true;");
			emit_close(g->e, "");
		} else {
			for (size_t k = i; k < j; k++) {
				char *expr = NULL;
				size_t el;
				FILE *f = open_memstream(&expr, &el);

				if (!f) {
					emit_fail(g->e, -ENOMEM);
					return;
				}
				if (raw) {
					/* Equal: the value and its NUL; Prefix: its bytes */
					words_expr(f, buf, flt->strs[k].s, flt->strs[k].len + !prefix);
					fclose(f);
					emit_line(g->e, "if %s", expr);
				} else {
					words_expr(f, buf, flt->strs[k].s, flt->strs[k].len);
					fclose(f);
					emit_line(g->e, "if (%s %s %zu && %s)", len, prefix ? ">=" : "==",
						  flt->strs[k].len, expr);
				}
				emit_line(g->e, "\treturn true;");
				free(expr);
			}
		}
		i = j;
	}
	emit_line(g->e, "(void)%s;", buf);
	emit_line(g->e, "return false;");
}

/* Tables for a string filter (sorted for the BPF-side binary search). */
static void emit_str_tables(struct cg *g, struct ir_filter *flt, const char *tab)
{
	bool tail = flt->op == IR_OP_POSTFIX || flt->op == IR_OP_NOTPOSTFIX;
	bool prefix = flt->op == IR_OP_PREFIX || flt->op == IR_OP_NOTPREFIX;
	size_t i = 0;

	while (i < flt->nr_strs) {
		size_t l = flt->strs[i].len, j = i, n, nw;
		char name[192];

		if (prefix || tail)
			while (j < flt->nr_strs && flt->strs[j].len == l)
				j++;
		else
			j = flt->nr_strs;
		n = j - i;
		if (n > TP_SMALL_SET) {
			nw = ((prefix || tail) ? (l + 7) / 8 : (flt->strs[j - 1].len + 7) / 8);
			if (prefix || tail)
				snprintf(name, sizeof(name), "%s_l%zu", tab, l);
			else
				snprintf(name, sizeof(name), "%s", tab);
			/* BPF compares (len, words as u64): sort the same way */
			qsort_r(&flt->strs[i], n, sizeof(*flt->strs), cmp_words_q, &nw);
			emit_str_table(g, name, &flt->strs[i], n, nw, tail);
		}
		i = j;
	}
}

/* ---------------------------------------------------------------- per program */

static const char *ctx_type(const struct ir_prog *p, char *buf, size_t sz)
{
	if (p->hook == IR_HOOK_RAW_TP)
		return "struct bpf_raw_tracepoint_args";
	if (p->syscall_tp)
		return p->syscall_exit ? "struct syscall_trace_exit" : "struct syscall_trace_enter";
	snprintf(buf, sz, "struct %s", p->tp_struct);
	return buf;
}

static const char *int_ctype(unsigned int size, bool sgn)
{
	switch (size) {
	case 1: return sgn ? "__s8" : "__u8";
	case 2: return sgn ? "__s16" : "__u16";
	case 4: return sgn ? "__s32" : "__u32";
	default: return sgn ? "__s64" : "__u64";
	}
}

static void emit_tp_struct(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i;

	if (p->hook != IR_HOOK_TRACEPOINT || p->syscall_tp)
		return;
	emit_line(g->e, "/* CO-RE view of the %s/%s record: libbpf relocates each field", p->subsys,
		  p->event);
	emit_line(g->e, " * against the running kernel's BTF; offsets here are not used. */");
	emit_open(g->e, "struct %s", p->tp_struct);
	emit_line(g->e, "struct trace_entry ent;");
	for (i = 0; i < p->nr_tp_fields; i++) {
		const struct ir_tp_field *f = &p->tp_fields[i];

		if (f->data_loc)
			emit_line(g->e, "__u32 __data_loc_%s;", f->name);
		else if (f->array_len)
			emit_line(g->e, "%s %s[%u];", int_ctype(f->size / (f->array_len ?: 1), f->is_signed),
				  f->name, f->array_len);
		else
			emit_line(g->e, "%s %s;", int_ctype(f->size, f->is_signed), f->name);
	}
	emit_close(g->e, " __attribute__((preserve_access_index));");
	emit_blank(g->e);
}

/* The C expression that reads arg a from ctx, as a raw value. */
static void arg_raw_expr(const struct ir_arg *a, char *buf, size_t sz)
{
	switch (a->src) {
	case IR_SRC_TP_COMMON:	/* common_pid: BPF cannot read common_* from ctx */
		snprintf(buf, sz, "st.task->pid");
		break;
	case IR_SRC_SYSCALL_NR:
		snprintf(buf, sz, "ctx->nr");
		break;
	case IR_SRC_SYSCALL_ARG:
		snprintf(buf, sz, "ctx->args[%u]", a->src_n);
		break;
	case IR_SRC_SYSCALL_RET:
		snprintf(buf, sz, "ctx->ret");
		break;
	case IR_SRC_TP_FIELD:
		snprintf(buf, sz, "ctx->%s", a->field);
		break;
	case IR_SRC_RAW_ARG:
		snprintf(buf, sz, "ctx->args[%u]", a->src_n);
		break;
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

		if (a->vt == IR_VT_INT) {
			emit_line(g->e, "__u64 a%u;\t/* %s%s */", a->id, a->tg_type,
				  a->hidden ? ", size of a buffer" : "");
		} else if (a->vt == IR_VT_FD) {
			emit_line(g->e, "__u64 a%u;\t/* fd */", a->id);
			emit_line(g->e, "long n%u;\t/* bytes of its path incl. NUL; 0: not resolved yet */",
				  a->id);
			emit_line(g->e, "__u64 s%u[%u];\t/* its path */", a->id, a->buf_size / 8);
		} else {
			emit_line(g->e, "const void *a%u;\t/* %s */", a->id, a->tg_type);
			if (a->buf_size) {
				emit_line(g->e, "long n%u;\t/* bytes read incl. NUL; 0: not read yet */",
					  a->id);
				emit_line(g->e, "__u64 s%u[%u];", a->id, a->buf_size / 8);
			}
		}
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

static void emit_readers(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i;

	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		if (!a->buf_size)
			continue;
		if (a->vt == IR_VT_FD) {
			emit_line(g->e, "/* Resolve the path of fd arg %u once per event. */", a->id);
			emit_func(g->e, "static __always_inline long %s_read%u(struct tp_state *st, struct %s_ev *ev)",
				  p->c_name, a->id, p->c_name);
			emit_line(g->e, "if (!ev->n%u)", a->id);
			emit_line(g->e, "\tev->n%u = tp_fd_path(st->task, (__s64)ev->a%u, (char *)ev->s%u);",
				  a->id, a->id, a->id);
			emit_line(g->e, "return ev->n%u - 1;\t/* path length, < 0 if none */", a->id);
			emit_close(g->e, "");
			emit_blank(g->e);
			continue;
		}
		if (a->raw_read) {
			emit_line(g->e, "/* Read arg %u (%s) once per event: the %u bytes the constants need,",
				  a->id, a->tg_type, a->raw_read);
			emit_line(g->e, " * with a plain read (values are compared with their NUL); if that");
			emit_line(g->e, " * faults (string just before an unmapped page), a string read. */");
			emit_func(g->e, "static __always_inline long %s_read%u(struct tp_state *st, struct %s_ev *ev)",
				  p->c_name, a->id, p->c_name);
			emit_open(g->e, "if (!ev->n%u)", a->id);
			emit_open(g->e, "if (%s(ev->s%u, %u, ev->a%u) == 0)",
				  a->user_ptr ? "bpf_probe_read_user" : "bpf_probe_read_kernel",
				  a->id, a->raw_read, a->id);
			emit_line(g->e, "ev->n%u = 1;", a->id);
			emit_else(g->e);
			emit_line(g->e, "long n = tp_read_str(ev->s%u, sizeof(ev->s%u), ev->a%u, %s);", a->id,
				  a->id, a->id, a->user_ptr ? "true" : "false");
			emit_line(g->e, "ev->n%u = n > 0 ? n : -1;", a->id);
			emit_close(g->e, "");
			emit_close(g->e, "");
			emit_line(g->e, "return ev->n%u - 1;\t/* < 0 if unreadable; else not a length */", a->id);
			emit_close(g->e, "");
			emit_blank(g->e);
			continue;
		}
		emit_line(g->e, "/* Read arg %u (%s) once per event, at most %u bytes: only as many",
			  a->id, a->tg_type, a->buf_size);
		emit_line(g->e, " * as the longest constant compared against it needs. */");
		emit_func(g->e, "static __always_inline long %s_read%u(struct tp_state *st, struct %s_ev *ev)", p->c_name,
			  a->id, p->c_name);
		emit_open(g->e, "if (!ev->n%u)", a->id);
		emit_line(g->e, "long n = tp_read_str(ev->s%u, sizeof(ev->s%u), ev->a%u, %s);", a->id,
			  a->id, a->id, a->user_ptr ? "true" : "false");
		emit_line(g->e, "ev->n%u = n > 0 ? n : -1;", a->id);
		emit_close(g->e, "");
		emit_line(g->e, "return ev->n%u - 1;\t/* string length, < 0 if unreadable */", a->id);
		emit_close(g->e, "");
		emit_blank(g->e);
	}
}

/* One filter: a static inline function, true when the filter matches. */
static void emit_filter(struct cg *g, unsigned int si, unsigned int fi, struct ir_filter *flt)
{
	const struct ir_prog *p = g->p;
	char fn[128], tab[128], what[192];
	char *pred = NULL;
	int err;

	snprintf(fn, sizeof(fn), "%s_s%u_f%u", p->c_name, si, fi);
	snprintf(tab, sizeof(tab), "%s_s%u_f%u", p->c_name, si, fi);
	switch (flt->kind) {
	case IR_F_ARG:
		snprintf(what, sizeof(what), "matchArgs index %u %s", p->args[flt->arg].index,
			 ir_op_name(flt->op));
		break;
	case IR_F_PID:
		snprintf(what, sizeof(what), "matchPIDs %s%s%s", ir_op_name(flt->op),
			 flt->ns_pid ? " isNamespacePID" : "", flt->follow_forks ? " followForks" : "");
		break;
	case IR_F_BINARY:
		snprintf(what, sizeof(what), "matchBinaries %s", ir_op_name(flt->op));
		break;
	}
	loc_comment(g, flt->loc, what);

	if (flt->kind == IR_F_PID) {
		emit_int_tables(g, flt, tab);
		err = int_pred(&pred, "pid", &(struct ir_filter){
			.op = IR_OP_EQ, .points = flt->points, .nr_points = flt->nr_points,
			.ranges = flt->ranges, .nr_ranges = flt->nr_ranges }, tab);
		if (err) {
			emit_fail(g->e, err);
			return;
		}
		emit_line(g->e, "#define %s_pred(pid) %s", fn, pred);
		emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
		emit_line(g->e, "bool hit;");
		emit_blank(g->e);
		emit_line(g->e, "TP_PID_MATCH(st->task, %d, %d, %s_pred, hit);", flt->ns_pid,
			  flt->follow_forks, fn);
		emit_line(g->e, "return %shit;", flt->op == IR_OP_NOTIN ? "!" : "");
		emit_close(g->e, "");
		emit_line(g->e, "#undef %s_pred", fn);
		free(pred);
		return;
	}

	if (flt->kind == IR_F_ARG && p->args[flt->arg].vt == IR_VT_INT) {
		char v[32];

		emit_int_tables(g, flt, tab);
		snprintf(v, sizeof(v), "ev->a%u", flt->arg);
		err = int_pred(&pred, v, flt, tab);
		if (err) {
			emit_fail(g->e, err);
			return;
		}
		emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
		emit_line(g->e, "return %s;", pred);
		emit_close(g->e, "");
		free(pred);
		return;
	}

	/* strings: a positive matcher, negated by the caller for Not* */
	emit_str_tables(g, flt, tab);
	strs_comment(g, flt);
	emit_func(g->e, "static __always_inline bool %s_any(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
	if (flt->kind == IR_F_BINARY) {
		emit_line(g->e, "struct tp_proc *proc = tp_proc_get(st);");
		emit_line(g->e, "const __u64 *buf;");
		emit_line(g->e, "__u32 len;");
		emit_blank(g->e);
		emit_line(g->e, "if (!proc)");
		emit_line(g->e, "\treturn false;\t/* unknown process: empty path */");
		emit_line(g->e, "buf = (const __u64 *)proc->path;");
		emit_line(g->e, "len = proc->path_len;");
		emit_line(g->e, "if (len > TP_PATH_MAX - 1)");
		emit_line(g->e, "\treturn false;");
		emit_str_filter_body(g, flt, tab, "buf", "len", "ev->key", "proc->path", TP_PATH_MAX,
				     false);
	} else {
		const struct ir_arg *a = &p->args[flt->arg];
		char cb[32];

		emit_line(g->e, "long len = %s_read%u(st, ev);", p->c_name, a->id);
		emit_line(g->e, "const __u64 *buf = ev->s%u;", a->id);
		emit_blank(g->e);
		emit_line(g->e, "if (len < 0)");
		emit_line(g->e, "\treturn false;");
		snprintf(cb, sizeof(cb), "(const char *)ev->s%u", a->id);
		emit_str_filter_body(g, flt, tab, "buf", "len", "ev->key", cb, a->buf_size,
				     a->raw_read > 0);
	}
	emit_close(g->e, "");
	emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
	if (flt->kind == IR_F_ARG && op_negated(flt->op)) {
		/* an unreadable string matches no filter, negated or not */
		emit_line(g->e, "if (%s_read%u(st, ev) < 0)", p->c_name, flt->arg);
		emit_line(g->e, "\treturn false;");
	}
	emit_line(g->e, "return %s%s_any(st, ev);", op_negated(flt->op) ? "!" : "", fn);
	emit_close(g->e, "");
}

static void emit_selector(struct cg *g, unsigned int si, struct ir_selector *s)
{
	const struct ir_prog *p = g->p;
	size_t i;

	for (i = 0; i < s->nr_filters; i++) {
		emit_filter(g, si, i, &s->filters[i]);
		emit_blank(g->e);
	}
	loc_comment(g, s->loc, "selector: filters AND-ed, cheapest first");
	emit_func(g->e, "static __always_inline bool %s_s%u(struct tp_state *st, struct %s_ev *ev)", p->c_name, si,
		  p->c_name);
	for (i = 0; i < s->nr_filters; i++) {
		emit_line(g->e, "if (!%s_s%u_f%zu(st, ev))", p->c_name, si, i);
		emit_line(g->e, "\treturn false;");
	}
	emit_line(g->e, "return true;");
	emit_close(g->e, "");
	emit_blank(g->e);
}

static const char *eva_type(const struct ir_arg *a)
{
	if (strcmp(a->tg_type, "syscall64") == 0)
		return "TP_EVA_SYSCALL";
	return a->is_signed ? "TP_EVA_S64" : "TP_EVA_U64";
}

static void emit_post(struct cg *g)
{
	const struct ir_prog *p = g->p;
	unsigned int off;
	size_t i;

	emit_line(g->e, "/* Post: one ring buffer record, header + args (tp_abi.h). */");
	emit_func(g->e, "static __always_inline void %s_post(struct tp_state *st, struct %s_ev *ev, __u16 action, __u32 sel)",
		  p->c_name, p->c_name);
	emit_line(g->e, "struct tp_ev_hdr *h = bpf_ringbuf_reserve(&tp_events, %u, 0);", p->ev_size);
	emit_line(g->e, "char *r = (char *)h;");
	emit_blank(g->e);
	emit_open(g->e, "if (!h)");
	emit_line(g->e, "__sync_fetch_and_add(&tp_stats[%u].dropped, 1);", p->id);
	emit_line(g->e, "return;");
	emit_close(g->e, "");
	emit_line(g->e, "tp_ev_fill(h, st, %u, TP_EV_TRACEPOINT, action, tp_policy_id, %u, %u, sel);",
		  p->ev_size, p->id, p->nr_ev_args);
	emit_line(g->e, "/* args in fixed slots: constant offsets */");
	off = sizeof(struct tp_ev_hdr);
	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		if (a->hidden)
			continue;
		switch (a->vt) {
		case IR_VT_INT:
			emit_line(g->e, "tp_ev_put_u64(r + %u, %s, ev->a%u);", off, eva_type(a), a->id);
			break;
		case IR_VT_STR:
			emit_line(g->e, "tp_ev_put_str(r + %u, ev->a%u, %s);", off, a->id,
				  a->user_ptr ? "true" : "false");
			break;
		case IR_VT_BUF:
			emit_line(g->e, "tp_ev_put_buf(r + %u, ev->a%u, ev->a%d, %s);", off, a->id,
				  a->size_arg, a->user_ptr ? "true" : "false");
			break;
		case IR_VT_FD:
			emit_line(g->e, "tp_ev_put_fd(r + %u, ev->a%u, %s_read%u(st, ev) + 1, (const char *)ev->s%u);",
				  off, a->id, p->c_name, a->id, a->id);
			break;
		}
		off += sizeof(struct tp_ev_arg) + a->ev_slot;
	}
	emit_line(g->e, "bpf_ringbuf_submit(h, 0);");
	emit_line(g->e, "__sync_fetch_and_add(&tp_stats[%u].posted, 1);", p->id);
	emit_close(g->e, "");
	emit_blank(g->e);
}

static void emit_actions(struct cg *g, const struct ir_selector *s, unsigned int si)
{
	const struct ir_prog *p = g->p;
	size_t i;

	emit_line(g->e, "__sync_fetch_and_add(&tp_stats[%u].matched, 1);", p->id);
	for (i = 0; i < s->nr_actions; i++) {
		const struct ir_action *a = &s->actions[i];

		switch (a->kind) {
		case IR_ACT_SIGKILL:
			emit_line(g->e, "bpf_send_signal(TP_SIGKILL);\t/* Sigkill */");
			emit_line(g->e, "__sync_fetch_and_add(&tp_stats[%u].signaled, 1);", p->id);
			break;
		case IR_ACT_SIGNAL:
			emit_line(g->e, "bpf_send_signal(%u);\t/* Signal */", a->sig);
			emit_line(g->e, "__sync_fetch_and_add(&tp_stats[%u].signaled, 1);", p->id);
			break;
		case IR_ACT_POST:
		case IR_ACT_NOPOST:
			break;
		}
	}
	if (s->post)
		emit_line(g->e, "%s_post(&st, ev, %u, %u);", p->c_name, s->tg_action, si);
	emit_line(g->e, "return 0;");
}

static void emit_prog(struct cg *g)
{
	const struct ir_prog *p = g->p;
	char ct[128], what[160], raw[96];
	size_t i;

	snprintf(what, sizeof(what), "hook %u: %s %s/%s", p->id,
		 p->hook == IR_HOOK_RAW_TP ? "raw tracepoint" : "tracepoint", p->subsys, p->event);
	emit_line(g->e, "/* ---------------------------------------------------------------- */");
	loc_comment(g, p->loc, what);
	emit_blank(g->e);
	emit_tp_struct(g);
	emit_state_struct(g);
	emit_readers(g);
	for (i = 0; i < p->nr_selectors; i++)
		emit_selector(g, i, &p->selectors[i]);
	emit_post(g);

	emit_line(g->e, "SEC(\"%s\")", p->sec);
	emit_func(g->e, "int %s(%s *ctx)", p->c_name, ctx_type(p, ct, sizeof(ct)));
	emit_line(g->e, "struct tp_state st;\t/* task and process: always on the stack */");
	if (p->scratch) {
		emit_line(g->e, "__u32 zero = 0;");
		emit_line(g->e, "struct %s_ev *ev = bpf_map_lookup_elem(&%s_scratch, &zero);",
			  p->c_name, p->c_name);
		emit_blank(g->e);
		emit_line(g->e, "if (!ev)");
		emit_line(g->e, "\treturn 0;");
	} else {
		emit_line(g->e, "struct %s_ev evs, *ev = &evs;", p->c_name);
		emit_blank(g->e);
	}
	emit_line(g->e, "st.task = bpf_get_current_task_btf();");
	emit_line(g->e, "st.proc = NULL;");
	emit_line(g->e, "st.proc_done = 0;");
	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		arg_raw_expr(a, raw, sizeof(raw));
		if (a->vt == IR_VT_FD) {
			emit_line(g->e, "ev->a%u = (__u64)(__s64)(__s32)%s;", a->id, raw);
			emit_line(g->e, "ev->n%u = 0;", a->id);
		} else if (a->vt == IR_VT_INT) {
			if (a->width >= 8)
				emit_line(g->e, "ev->a%u = (__u64)%s;", a->id, raw);
			else
				emit_line(g->e, "ev->a%u = (__u64)(%s)(%s)%s;", a->id,
					  a->is_signed ? "__s64" : "__u64",
					  int_ctype(a->width, a->is_signed), raw);
		} else {
			emit_line(g->e, "ev->a%u = (const void *)(unsigned long)%s;", a->id, raw);
			if (a->buf_size)
				emit_line(g->e, "ev->n%u = 0;", a->id);
		}
	}
	emit_blank(g->e);
	if (p->no_selectors) {
		emit_line(g->e, "/* no selectors: every event is posted */");
		emit_line(g->e, "__sync_fetch_and_add(&tp_stats[%u].matched, 1);", p->id);
		emit_line(g->e, "%s_post(&st, ev, %u, 0);", p->c_name, TP_ACTION_POST);
	}
	for (i = 0; i < p->nr_selectors; i++) {
		const struct ir_selector *s = &p->selectors[i];

		emit_line(g->e, "/* selector %zu: the first selector that matches wins */", i);
		emit_open(g->e, "if (%s_s%zu(&st, ev))", p->c_name, i);
		emit_actions(g, s, i);
		emit_close(g->e, "");
	}
	emit_line(g->e, "return 0;");
	emit_close(g->e, "");
	emit_blank(g->e);
}

static bool module_has_fd(const struct ir_module *m)
{
	size_t i, j;

	for (i = 0; i < m->nr_progs; i++)
		for (j = 0; j < m->progs[i].nr_args; j++)
			if (m->progs[i].args[j].vt == IR_VT_FD)
				return true;
	return false;
}

int codegen_emit(const struct ir_module *m, const struct codegen_opts *opts, char **out,
		 size_t *out_len, char **meta, size_t *meta_len)
{
	char *hooks = NULL, *header = NULL, *metac = NULL, nh[32];
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

	snprintf(nh, sizeof(nh), "%zu", m->nr_progs ? m->nr_progs : 1);
	{
		struct tmpl_slot slots[] = {
			{ "header", header, header_len },
			{ "nr_hooks", nh, strlen(nh) },
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
