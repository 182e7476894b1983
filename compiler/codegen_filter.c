// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Codegen of filters and selectors: integer and string predicates as
 * straight-line compares of constants, or sorted tables + bpf_loop binary
 * search where "choose-strategies" decided so. Policy strings reach C only as numeric
 * words (cg_str_word) or through c_comment_text() in comments.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "codegen_int.h"
#include "emit.h"
#include "ir.h"
#include "tp_abi.h"

/* tp_select.bpf.h's names for enum ir_ns and enum ir_capset */
static const char *const ns_consts[] = {
	[IR_NS_UTS] = "TP_NS_Uts", [IR_NS_IPC] = "TP_NS_Ipc", [IR_NS_MNT] = "TP_NS_Mnt",
	[IR_NS_PID] = "TP_NS_Pid", [IR_NS_PID_FOR_CHILDREN] = "TP_NS_PidForChildren",
	[IR_NS_NET] = "TP_NS_Net", [IR_NS_TIME] = "TP_NS_Time",
	[IR_NS_TIME_FOR_CHILDREN] = "TP_NS_TimeForChildren", [IR_NS_CGROUP] = "TP_NS_Cgroup",
	[IR_NS_USER] = "TP_NS_User",
};
static const char *const capset_consts[] = {
	[IR_CAPS_EFFECTIVE] = "TP_CAPS_Effective", [IR_CAPS_INHERITABLE] = "TP_CAPS_Inheritable",
	[IR_CAPS_PERMITTED] = "TP_CAPS_Permitted",
};

/* ---------------------------------------------------------------- helpers */

void cg_loc_comment(struct cg *g, struct tp_loc loc, const char *what)
{
	char src[256];

	c_comment_text(src, sizeof(src), g->m->source, strlen(g->m->source));
	emit_line(g->e, "/* %s:%u:%u: %s */", src, loc.line, loc.col, what);
}

/* Little-endian word i of s[0..len), and the mask of its bytes < len. */
uint64_t cg_str_word(const char *s, size_t len, size_t i, uint64_t *mask)
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
		uint64_t mask, w = cg_str_word(s, len, i, &mask);

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
			uint64_t mask, w = cg_str_word(strs[i].s, strs[i].len, j, &mask);

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

/* ---------------------------------------------------------------- int filters */

static void int_member_expr(FILE *f, const char *v, const struct ir_filter *flt, const char *tab)
{
	size_t i;
	bool any = false;

	fputc('(', f);
	if (flt->pts_table) {
		fprintf(f, "tp_bsearch(%s_pts_step, &ev->bs, %zu, NULL, 0, %s, 0)", tab, flt->nr_points, v);
		any = true;
	} else {
		for (i = 0; i < flt->nr_points; i++, any = true)
			fprintf(f, "%s%s == 0x%" PRIx64 "ULL", any ? " || " : "", v, flt->points[i]);
	}
	if (flt->rng_table) {
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

	if (flt->pts_table) {
		emit_line(g->e, "static const __u64 %s_pts[%zu] = {", tab, flt->nr_points);
		for (i = 0; i < flt->nr_points; i++)
			emit_line(g->e, "\t0x%" PRIx64 "ULL,", flt->points[i]);
		emit_line(g->e, "};");
		emit_func(g->e, "static long %s_pts_step(__u64 i, struct tp_bs_ctx *c)", tab);
		emit_line(g->e, "return tp_bs_u64_step(c, %s_pts, %zu);", tab, flt->nr_points);
		emit_close(g->e, "");
	}
	if (flt->rng_table) {
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

/* Emit a filter function over a buffer (buf: const __u64 *, len: bytes w/o NUL).
 * tailend: where the last bytes of the string end in charbuf (Postfix): len
 * for strings, tp_path_end(len) for paths kept as head + tail (tp_abi.h).
 */
static void emit_str_filter_body(struct cg *g, const struct ir_filter *flt, const char *tab,
				 const char *buf, const char *len, const char *key,
				 const char *charbuf, unsigned int bufsz, bool raw,
				 const char *tailend)
{
	bool tail = flt->op == IR_OP_POSTFIX || flt->op == IR_OP_NOTPOSTFIX;
	bool prefix = flt->op == IR_OP_PREFIX || flt->op == IR_OP_NOTPREFIX;
	size_t gi;

	for (gi = 0; gi < flt->nr_groups; gi++) {
		/* a group: the values of one length for Prefix/Postfix, all for Equal */
		const struct ir_strgrp *gr = &flt->groups[gi];
		size_t l = gr->len, i = gr->first, j = gr->first + gr->n, n = gr->n;

		if (tail) {
			size_t nw = (l + 7) / 8;

			emit_open(g->e, "if (%s >= %zu)", len, l);
			emit_line(g->e, "tp_tail_key(%s, %s, %u, %s, %zu, %zu);", key, charbuf,
				  bufsz, tailend, l, nw);
			if (gr->table) {
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
		} else if (gr->table) {
			size_t maxl = gr->len, nw = gr->nw;
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
	}
	if (tail)	/* Postfix compares the key, never the buffer itself */
		emit_line(g->e, "(void)%s;", buf);
	emit_line(g->e, "return false;");
}

/* Tables for a string filter (the groups choose-strategies made tables, already
 * sorted the way the BPF-side binary search compares).
 */
static void emit_str_tables(struct cg *g, const struct ir_filter *flt, const char *tab)
{
	bool tail = flt->op == IR_OP_POSTFIX || flt->op == IR_OP_NOTPOSTFIX;
	bool prefix = flt->op == IR_OP_PREFIX || flt->op == IR_OP_NOTPREFIX;
	size_t gi;

	for (gi = 0; gi < flt->nr_groups; gi++) {
		const struct ir_strgrp *gr = &flt->groups[gi];
		char name[192];

		if (!gr->table)
			continue;
		if (prefix || tail)
			snprintf(name, sizeof(name), "%s_l%zu", tab, gr->len);
		else
			snprintf(name, sizeof(name), "%s", tab);
		emit_str_table(g, name, &flt->strs[gr->first], gr->n, gr->nw, tail);
	}
}

static bool op_head(enum ir_op op)
{
	return op == IR_OP_PREFIX || op == IR_OP_NOTPREFIX;
}

/* The result of a filter whose value cannot be compared: fail closed
 * (counted), or no match.
 */
static void emit_result_undecided(struct cg *g, unsigned int si, bool fc, const char *why,
				  const char *verdict)
{
	if (fc) {
		emit_line(g->e, "TP_CNT_INC(%u, failclosed);", cg_sel_row(g, si));
		emit_line(g->e, "return true;\t/* %s: fail closed (tpc-fail-closed) */", why);
	} else {
		emit_line(g->e, "return false;\t/* %s: %s */", why, verdict);
	}
}

/* matchBinaries, before comparing (docs/policy-support.md, "Paths that
 * cannot be compared"): a process without a usable path matches no
 * operator (Tetragon's match_binaries()), unless fail-closed; a path whose
 * head is not known matches no Prefix and every NotPrefix (it cannot be
 * shown to be one of the values), unless fail-closed.
 */
static void emit_undecided_bin(struct cg *g, const struct ir_filter *flt, unsigned int si, bool fc)
{
	emit_open(g->e, "if (!tp_proc_has_path(proc))");
	emit_line(g->e, "TP_CNT_INC(%u, unknown);", cg_hook_row(g));
	emit_result_undecided(g, si, fc, "no usable path", "no operator matches");
	emit_close(g->e, "");
	if (!op_head(flt->op))
		return;
	if (flt->op == IR_OP_NOTPREFIX) {
		emit_line(g->e, "if (proc->flags & TP_PROC_NOHEAD)");
		emit_line(g->e, "\treturn true;\t/* head not known: not shown to be one of the prefixes */");
		return;
	}
	emit_open(g->e, "if (proc->flags & TP_PROC_NOHEAD)");
	emit_result_undecided(g, si, fc, "head not known", "not shown to match");
	emit_close(g->e, "");
}

/* matchArgs on a string or fd argument, before comparing: an unreadable
 * value matches no operator (Tetragon's selector_arg_offset()), unless
 * fail-closed; an fd that is not open (or a NULL file, path, dentry...)
 * matches nothing (the system call fails anyway); a path whose head is not
 * known is handled as for matchBinaries. Path-like kernel objects (file,
 * path, dentry, linux_binprm, kiocb) follow the fd rules: same walker, same
 * layout (tp_file.bpf.h).
 */
static void emit_undecided_arg(struct cg *g, const struct ir_filter *flt, unsigned int si, bool fc,
			       const struct ir_arg *a)
{
	bool fd = a->type->repr == TP_REPR_PATH;

	if (fd) {
		if (fc) {
			emit_open(g->e, "if (len == TP_FD_UNREADABLE)");
			emit_result_undecided(g, si, fc, "path unreadable", "no operator matches");
			emit_close(g->e, "");
		}
		emit_line(g->e, "if (len < 0)");
		emit_line(g->e, "\treturn false;\t/* %s, or its path unreadable */",
			  a->type->fetch == TP_FETCH_FD_PATH ? "fd not open" : "no object");
		if (!op_head(flt->op))
			return;
		if (flt->op == IR_OP_NOTPREFIX) {
			emit_line(g->e, "if (ev->f%u & TP_PATH_F_NOHEAD)", a->id);
			emit_line(g->e, "\treturn true;\t/* head not known: not shown to be one of the prefixes */");
			return;
		}
		emit_open(g->e, "if (ev->f%u & TP_PATH_F_NOHEAD)", a->id);
		emit_result_undecided(g, si, fc, "head not known", "not shown to match");
		emit_close(g->e, "");
		return;
	}
	emit_open(g->e, "if (len < 0)");
	emit_result_undecided(g, si, fc, "unreadable", "no operator matches");
	emit_close(g->e, "");
}

/* FileType / NotFileType on a file or path argument: the S_IFMT bits of its inode's
 * mode (Tetragon's filter_file_type()). The mode comes with the path; an object
 * whose path or mode cannot be read matches neither operator (fc: an unreadable
 * path fails closed, as for the path operators).
 */
static void emit_filetype(struct cg *g, unsigned int si, bool fc, const struct ir_filter *flt,
			  const char *fn)
{
	const struct ir_prog *p = g->p;
	size_t i;

	emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn,
		  p->c_name);
	emit_line(g->e, "long len = %s_read%u(st, ev);", p->c_name, flt->arg);
	emit_line(g->e, "__u32 t;");
	emit_blank(g->e);
	if (fc) {
		emit_open(g->e, "if (len == TP_FD_UNREADABLE)");
		emit_result_undecided(g, si, fc, "path unreadable", "no operator matches");
		emit_close(g->e, "");
	}
	emit_line(g->e, "if (len < 0 || !(ev->m%u & TP_S_IFMT))", flt->arg);
	emit_line(g->e, "\treturn false;\t/* no inode type to compare */");
	emit_line(g->e, "t = ev->m%u & TP_S_IFMT;", flt->arg);
	for (i = 0; i < flt->nr_points; i++) {
		emit_line(g->e, "if (t == 0%" PRIo64 ")", flt->points[i]);
		emit_line(g->e, "\treturn %s;", flt->op == IR_OP_FILETYPE ? "true" : "false");
	}
	emit_line(g->e, "return %s;", flt->op == IR_OP_FILETYPE ? "false" : "true");
	emit_close(g->e, "");
}

/* matchNamespaceChanges, matchCapabilityChanges (tp_chg.bpf.h): compared with
 * the reference of the process. A process without a tp_procs entry matches
 * no operator, as in Tetragon (process_filter_namespace_change() and
 * process_filter_capability_change(), bpf/process/pfilter.h, reject a task
 * without an execve_map entry), unless fail-closed.
 */
static void emit_change(struct cg *g, unsigned int si, bool fc, const struct ir_filter *flt,
			const char *fn)
{
	const struct ir_prog *p = g->p;
	bool in = flt->op == IR_OP_IN;
	unsigned int k;

	emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn,
		  p->c_name);
	emit_line(g->e, "struct tp_proc *proc = tp_proc_get(st);");
	emit_line(g->e, "const struct tp_chg_ref *ref;");
	if (flt->kind == IR_F_CAPS_CHANGE)
		emit_line(g->e, "__u64 old, cur;");
	emit_blank(g->e);
	emit_open(g->e, "if (!proc)");
	emit_line(g->e, "TP_CNT_INC(%u, unknown);", cg_hook_row(g));
	emit_result_undecided(g, si, fc, "no record of the process", "no operator matches");
	emit_close(g->e, "");
	if (flt->kind == IR_F_CAPS_CHANGE && flt->ns_cap) {
		emit_line(g->e, "if (tp_userns_inum(st->task) == TP_INO_USER_INIT)");
		emit_line(g->e, "	return false;");
	}
	emit_line(g->e, "ref = tp_chg_get(proc);");
	if (flt->kind == IR_F_NS_CHANGE) {
		emit_line(g->e, "/* %s */", in ? "a listed namespace changed" :
			  "a namespace not listed changed");
		for (k = 0; k <= IR_NS_USER; k++) {
			if (!(flt->mask & (1ull << k)) == in)
				continue;
			emit_line(g->e, "if (tp_chg_ns_changed(st->task, proc, ref, %s))", ns_consts[k]);
			emit_line(g->e, "	return true;");
		}
		emit_line(g->e, "return false;");
		emit_close(g->e, "");
		return;
	}
	emit_line(g->e, "old = tp_chg_caps(proc, ref, %s);", capset_consts[flt->capset]);
	emit_line(g->e, "cur = tp_task_caps(st->task, %s);", capset_consts[flt->capset]);
	emit_line(g->e, "if ((old & 0x%" PRIx64 "ull) != (cur & 0x%" PRIx64 "ull))", flt->mask, flt->mask);
	emit_line(g->e, "	return %s;	/* a listed capability changed */", in ? "true" : "false");
	if (in)
		emit_line(g->e, "return false;");
	else
		emit_line(g->e, "return old != cur;	/* only capabilities not listed changed */");
	emit_close(g->e, "");
}

/* One filter: a static inline function, true when the filter matches.
 * fc: the selector enforces and the policy fails closed.
 */
static void emit_filter(struct cg *g, unsigned int si, unsigned int fi, const struct ir_filter *flt,
			bool fc)
{
	const struct ir_prog *p = g->p;
	char fn[128], tab[128], what[192];
	char *pred = NULL;
	int err;

	snprintf(fn, sizeof(fn), "%s_s%u_f%u", p->c_name, si, fi);
	snprintf(tab, sizeof(tab), "%s_s%u_f%u", p->c_name, si, fi);
	switch (flt->kind) {
	case IR_F_ARG:
		if (p->args[flt->arg].ret_val)
			snprintf(what, sizeof(what), "matchReturnArgs %s", ir_op_name(flt->op));
		else
			snprintf(what, sizeof(what), "matchArgs index %u %s",
				 p->args[flt->arg].index, ir_op_name(flt->op));
		break;
	case IR_F_PID:
		snprintf(what, sizeof(what), "matchPIDs %s%s%s", ir_op_name(flt->op),
			 flt->ns_pid ? " isNamespacePID" : "", flt->follow_forks ? " followForks" : "");
		break;
	case IR_F_BINARY:
		snprintf(what, sizeof(what), "matchBinaries %s", ir_op_name(flt->op));
		break;
	case IR_F_NS:
		snprintf(what, sizeof(what), "matchNamespaces %s %s", ns_consts[flt->ns] + 6,
			 ir_op_name(flt->op));
		break;
	case IR_F_CAPS:
		snprintf(what, sizeof(what), "matchCapabilities %s %s%s", capset_consts[flt->capset] + 8,
			 ir_op_name(flt->op), flt->ns_cap ? " isNamespaceCapability" : "");
		break;
	case IR_F_NS_CHANGE:
		snprintf(what, sizeof(what), "matchNamespaceChanges %s", ir_op_name(flt->op));
		break;
	case IR_F_CAPS_CHANGE:
		snprintf(what, sizeof(what), "matchCapabilityChanges %s %s%s",
			 capset_consts[flt->capset] + 8, ir_op_name(flt->op),
			 flt->ns_cap ? " isNamespaceCapability" : "");
		break;
	case IR_F_CEL:
		snprintf(what, sizeof(what), "matchArgs CelExpr");
		break;
	}
	cg_loc_comment(g, flt->loc, what);

	if (flt->kind == IR_F_NS_CHANGE || flt->kind == IR_F_CAPS_CHANGE) {
		emit_change(g, si, fc, flt, fn);
		return;
	}
	if (flt->kind == IR_F_CEL) {
		cg_emit_cel_filter(g, flt, fn);
		return;
	}

	if (flt->kind == IR_F_NS) {
		emit_int_tables(g, flt, tab);
		err = int_pred(&pred, "ino", &(struct ir_filter){
			.op = IR_OP_EQ, .points = flt->points, .nr_points = flt->nr_points,
			.ranges = flt->ranges, .nr_ranges = flt->nr_ranges,
			.pts_table = flt->pts_table, .rng_table = flt->rng_table }, tab);
		if (err) {
			emit_fail(g->e, err);
			return;
		}
		emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
		emit_line(g->e, "__u32 ino = tp_ns_inum(st->task, %s);", ns_consts[flt->ns]);
		emit_blank(g->e);
		emit_line(g->e, "return %s(%s);", flt->op == IR_OP_NOTIN ? "!" : "", pred);
		emit_close(g->e, "");
		free(pred);
		return;
	}

	if (flt->kind == IR_F_CAPS) {
		emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
		if (flt->ns_cap) {
			emit_line(g->e, "if (tp_userns_inum(st->task) == TP_INO_USER_INIT)");
			emit_line(g->e, "\treturn false;");
		}
		emit_line(g->e, "return (tp_task_caps(st->task, %s) & 0x%" PRIx64 "ull) %s 0;",
			  capset_consts[flt->capset], flt->mask, flt->op == IR_OP_NOTIN ? "==" : "!=");
		emit_close(g->e, "");
		return;
	}

	if (flt->kind == IR_F_PID) {
		emit_int_tables(g, flt, tab);
		err = int_pred(&pred, "pid", &(struct ir_filter){
			.op = IR_OP_EQ, .points = flt->points, .nr_points = flt->nr_points,
			.ranges = flt->ranges, .nr_ranges = flt->nr_ranges,
			.pts_table = flt->pts_table, .rng_table = flt->rng_table }, tab);
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

	if (flt->kind == IR_F_ARG && p->args[flt->arg].type->repr == TP_REPR_INT) {
		char v[32];

		emit_int_tables(g, flt, tab);
		snprintf(v, sizeof(v), "ev->a%u", flt->arg);
		err = int_pred(&pred, v, flt, tab);
		if (err) {
			emit_fail(g->e, err);
			return;
		}
		emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
		if (cg_arg_may_fault(&p->args[flt->arg])) {
			/* a value that could not be read matches no operator, negated or not */
			emit_line(g->e, "if (ev->e%u)", flt->arg);
			emit_line(g->e, "\treturn false;");
		}
		emit_line(g->e, "return %s;", pred);
		emit_close(g->e, "");
		free(pred);
		return;
	}

	if (flt->op == IR_OP_FILETYPE || flt->op == IR_OP_NOTFILETYPE) {
		emit_filetype(g, si, fc, flt, fn);
		return;
	}

	/* strings: a positive matcher; Not* operators wrap it (below) */
	emit_str_tables(g, flt, tab);
	strs_comment(g, flt);
	emit_func(g->e, "static __always_inline bool %s%s(struct tp_state *st, struct %s_ev *ev)", fn,
		  op_negated(flt->op) ? "_any" : "", p->c_name);
	if (flt->kind == IR_F_BINARY) {
		emit_line(g->e, "struct tp_proc *proc = tp_proc_get(st);");
		emit_line(g->e, "const __u64 *buf;");
		emit_line(g->e, "__u32 len;");
		emit_blank(g->e);
		if (op_negated(flt->op)) {
			emit_line(g->e, "if (!proc)");
			emit_line(g->e, "\treturn false;");
		} else {
			emit_undecided_bin(g, flt, si, fc);
		}
		emit_line(g->e, "buf = (const __u64 *)proc->path;");
		emit_line(g->e, "len = proc->path_len;");
		emit_str_filter_body(g, flt, tab, "buf", "len", "ev->key", "proc->path", TP_PATH_MAX,
				     false, "tp_path_end(len)");
	} else {
		const struct ir_arg *a = &p->args[flt->arg];
		bool fd = a->type->repr == TP_REPR_PATH;
		char cb[32], end[48];

		emit_line(g->e, "long len = %s_read%u(st, ev);", p->c_name, a->id);
		emit_line(g->e, "const __u64 *buf = ev->s%u;", a->id);
		emit_blank(g->e);
		if (op_negated(flt->op)) {
			emit_line(g->e, "if (len < 0)");
			emit_line(g->e, "\treturn false;");
		} else {
			emit_undecided_arg(g, flt, si, fc, a);
		}
		snprintf(cb, sizeof(cb), "(const char *)ev->s%u", a->id);
		snprintf(end, sizeof(end), "%s", fd ? "tp_path_end(len)" : "len");
		emit_str_filter_body(g, flt, tab, "buf", "len", "ev->key", cb, a->buf_size,
				     a->raw_read > 0, end);
	}
	emit_close(g->e, "");
	if (!op_negated(flt->op))
		return;
	emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn, p->c_name);
	if (flt->kind == IR_F_BINARY) {
		emit_line(g->e, "struct tp_proc *proc = tp_proc_get(st);");
		emit_blank(g->e);
		emit_undecided_bin(g, flt, si, fc);
	} else {
		emit_line(g->e, "long len = %s_read%u(st, ev);", p->c_name, flt->arg);
		emit_blank(g->e);
		emit_undecided_arg(g, flt, si, fc, &p->args[flt->arg]);
	}
	emit_line(g->e, "return !%s_any(st, ev);", fn);
	emit_close(g->e, "");
}

void cg_emit_selector(struct cg *g, unsigned int si, const struct ir_selector *s)
{
	const struct ir_prog *p = g->p;
	size_t i;

	for (i = 0; i < s->nr_filters; i++) {
		emit_filter(g, si, i, &s->filters[i], g->m->fail_closed && s->enforces);
		emit_blank(g->e);
	}
	cg_loc_comment(g, s->loc, "selector: filters AND-ed, cheapest first");
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
