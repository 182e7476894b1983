// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* AST -> IR for tracepoint hooks. Checks what needs the hook's shape: arg
 * indexes against the tracepoint format, Tetragon types, operators against
 * types, values parsed against types. Keep going: every problem of the
 * policy is reported in one run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "emit.h"
#include "ir.h"
#include "lower.h"
#include "policy.h"
#include "tp_abi.h"
#include "tp_class.h"
#include "tracefs.h"
#include "values.h"

#define TP_MAX_ARGS		16	/* event args per hook (Tetragon: 5) */
#define TP_STR_VALUE_MAX	4095	/* longest string constant (Tetragon: 4096 incl. NUL) */
#define TP_BIN_VALUE_MAX	(TP_PATH_MAX - 1)

struct lower_ctx {
	struct tp_arena *arena;
	struct diag *d;
	const struct lower_opts *opts;
	const char *events_dir;
	int err;		/* sticky -ENOMEM */
	uint32_t bad_idx[64];	/* arg indexes of the current hook that failed (reported) */
	size_t nr_bad_idx;
};

static void mark_bad(struct lower_ctx *lc, uint32_t idx)
{
	if (lc->nr_bad_idx < sizeof(lc->bad_idx) / sizeof(lc->bad_idx[0]))
		lc->bad_idx[lc->nr_bad_idx++] = idx;
}

static bool is_bad(const struct lower_ctx *lc, uint32_t idx)
{
	size_t i;

	for (i = 0; i < lc->nr_bad_idx; i++)
		if (lc->bad_idx[i] == idx)
			return true;
	return false;
}

static const char *const op_names[] = {
#define X(id, spelling) [IR_OP_##id] = spelling,
	IR_OPS(X)
#undef X
};

const char *ir_op_name(enum ir_op op)
{
	return op < __IR_OP_CNT ? op_names[op] : "?";
}

/* Tetragon's aliases: GreaterThan/LessThan are GT/LT. */
static int op_lookup(const char *s, enum ir_op *op)
{
	size_t i;

	if (!s)
		return -EINVAL;
	if (strcmp(s, "GreaterThan") == 0)
		s = "GT";
	else if (strcmp(s, "LessThan") == 0)
		s = "LT";
	for (i = 0; i < __IR_OP_CNT; i++)
		if (strcmp(s, op_names[i]) == 0) {
			*op = i;
			return 0;
		}
	return -EINVAL;
}

/* Tetragon arg type -> representation. */
struct type_info {
	const char *name;
	enum ir_vtype vt;
	unsigned int width;
	bool is_signed;
	const char *canon;	/* name reported in events/meta */
};

static const struct type_info types[] = {
	{ "int",	IR_VT_INT, 4, true,  "int" },
	{ "int8",	IR_VT_INT, 1, true,  "int8" },
	{ "sint8",	IR_VT_INT, 1, true,  "int8" },
	{ "int16",	IR_VT_INT, 2, true,  "int16" },
	{ "sint16",	IR_VT_INT, 2, true,  "int16" },
	{ "int32",	IR_VT_INT, 4, true,  "int32" },
	{ "sint32",	IR_VT_INT, 4, true,  "int32" },
	{ "int64",	IR_VT_INT, 8, true,  "int64" },
	{ "sint64",	IR_VT_INT, 8, true,  "int64" },
	{ "long",	IR_VT_INT, 8, true,  "int64" },
	{ "uint8",	IR_VT_INT, 1, false, "uint8" },
	{ "uint16",	IR_VT_INT, 2, false, "uint16" },
	{ "uint32",	IR_VT_INT, 4, false, "uint32" },
	{ "uint64",	IR_VT_INT, 8, false, "uint64" },
	{ "ulong",	IR_VT_INT, 8, false, "uint64" },
	{ "size_t",	IR_VT_INT, 8, false, "size_t" },
	{ "syscall64",	IR_VT_INT, 8, false, "syscall64" },
	{ "string",	IR_VT_STR, 8, false, "string" },
	{ "char_buf",	IR_VT_BUF, 8, false, "char_buf" },
	{ "fd",		IR_VT_FD,  4, true,  "fd" },
};

static const struct type_info *type_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

static void *lalloc(struct lower_ctx *lc, size_t n, size_t sz)
{
	void *p = arena_calloc(lc->arena, n ? n : 1, sz);

	if (!p)
		lc->err = -ENOMEM;
	return p;
}

static bool is_ident_chars(const char *s, size_t len)
{
	size_t i;

	if (!len || len > 64)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- args */

/* Where format field idx of a tracepoint comes from. */
static int arg_source(struct lower_ctx *lc, struct ir_prog *p, const struct tf_format *fmt,
		      uint32_t idx, struct ir_arg *a, const struct tf_field **fieldp)
{
	const struct tf_field *f = &fmt->fields[idx];

	*fieldp = f;
	if (f->common) {
		/* BPF programs cannot read the first 8 bytes of a tracepoint
		 * record; common_pid is the current thread's pid, the rest
		 * (type, flags, preempt_count) is not available.
		 */
		if (strcmp(f->name, "common_pid"))
			return -ENOTSUP;
		a->src = IR_SRC_TP_COMMON;
		a->field = "pid";
		return 0;
	}
	if (p->syscall_tp) {
		if (strcmp(f->name, "__syscall_nr") == 0) {
			a->src = IR_SRC_SYSCALL_NR;
			return 0;
		}
		if (p->syscall_exit) {
			a->src = IR_SRC_SYSCALL_RET;
			return 0;
		}
		/* fields after __syscall_nr are args[0..5] in order */
		a->src = IR_SRC_SYSCALL_ARG;
		a->src_n = 0;
		for (size_t i = 0; i < idx; i++)
			if (!fmt->fields[i].common && strcmp(fmt->fields[i].name, "__syscall_nr"))
				a->src_n++;
		return 0;
	}
	if (c_check_ident(f->name))
		return -EINVAL;
	a->src = IR_SRC_TP_FIELD;
	a->field = f->name;
	return 0;
}

/* type: auto, from the format field. */
static const struct type_info *auto_type(const struct tf_field *f)
{
	if (f->data_loc || f->array_len)
		return NULL;
	if (f->is_ptr)
		return type_lookup("char_buf");
	if (strstr(f->decl, "size_t"))
		return type_lookup("size_t");
	switch (f->size) {
	case 1: return type_lookup(f->is_signed ? "int8" : "uint8");
	case 2: return type_lookup(f->is_signed ? "int16" : "uint16");
	case 4: return type_lookup(f->is_signed ? "int32" : "uint32");
	case 8: return type_lookup(f->is_signed ? "int64" : "uint64");
	}
	return NULL;
}

static void set_type(struct ir_arg *a, const struct type_info *ti)
{
	a->vt = ti->vt;
	a->width = ti->width;
	a->is_signed = ti->is_signed;
	a->tg_type = ti->canon;
}

static int lower_args(struct lower_ctx *lc, const struct tp_tracepoint *tp, struct ir_prog *p,
		      const struct tf_format *fmt)
{
	size_t i, n = 0, cap = tp->nr_args * 2 + 1;
	int ret = 0, err;

	p->args = lalloc(lc, cap, sizeof(*p->args));
	if (!p->args)
		return -ENOMEM;

	for (i = 0; i < tp->nr_args; i++) {
		const struct tp_arg *ta = &tp->args[i];
		struct ir_arg *a = &p->args[n];
		const struct tf_field *f = NULL;
		const struct type_info *ti = NULL;
		const char *tname = ta->type.s ? ta->type.s : "auto";

		a->loc = ta->loc;
		a->id = n;
		a->index = ta->index;
		a->size_arg = -1;
		a->label = ta->label.s;

		if (p->hook == IR_HOOK_RAW_TP) {
			if (ta->index > 5) {
				diag_error(lc->d, ta->index_loc, "bad-arg-index",
					   "raw tracepoint argument index %u is out of range (0-5)",
					   ta->index);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			a->src = IR_SRC_RAW_ARG;
			a->src_n = ta->index;
		} else {
			if (ta->index >= fmt->nr_fields) {
				diag_error(lc->d, ta->index_loc, "bad-arg-index",
					   "tracepoint %s/%s has %zu format fields (0-%zu); index %u does not exist",
					   p->subsys, p->event, fmt->nr_fields, fmt->nr_fields - 1,
					   ta->index);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			err = arg_source(lc, p, fmt, ta->index, a, &f);
			if (err == -ENOTSUP) {
				diag_error(lc->d, ta->index_loc, "unsupported",
					   "not supported yet: field %u (%s) of %s/%s: BPF programs cannot read common fields other than common_pid",
					   ta->index, fmt->fields[ta->index].name, p->subsys, p->event);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			if (err) {
				diag_error(lc->d, ta->index_loc, "bad-arg-index",
					   "format field %u of %s/%s has a name tpc cannot use",
					   ta->index, p->subsys, p->event);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
		}

		if (strcmp(tname, "auto") == 0) {
			if (!f) {
				diag_error(lc->d, ta->type.loc, "bad-arg-type",
					   "type 'auto' needs a tracepoint format; raw tracepoint arguments need an explicit type");
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			ti = auto_type(f);
			if (!ti) {
				diag_error(lc->d, ta->type.loc, "unsupported",
					   "not supported yet: type 'auto' for field '%s %s' (arrays and __data_loc fields)",
					   f->decl, f->name);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
		} else {
			ti = type_lookup(tname);
			if (!ti) {
				diag_error(lc->d, ta->type.loc, "unsupported",
					   "not supported yet: argument type '%s' on tracepoints (supported: integer types, size_t, string, char_buf, syscall64, fd, auto)",
					   tname);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
		}
		set_type(a, ti);
		if (ti->vt == IR_VT_FD && f && (f->is_ptr || f->array_len || f->data_loc)) {
			diag_error(lc->d, ta->type.loc, "bad-arg-type",
				   "type 'fd' needs an integer field, but '%s' is '%s'", f->name, f->decl);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if (f && f->data_loc) {
			diag_error(lc->d, ta->index_loc, "unsupported",
				   "not supported yet: __data_loc field '%s'", f->name);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if (f && f->array_len) {
			diag_error(lc->d, ta->index_loc, "unsupported",
				   "not supported yet: array field '%s[%u]' (const_buf)", f->name,
				   f->array_len);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if ((ti->vt == IR_VT_STR || ti->vt == IR_VT_BUF) && f && !f->is_ptr &&
		    a->src != IR_SRC_SYSCALL_ARG) {
			diag_error(lc->d, ta->type.loc, "bad-arg-type",
				   "type '%s' needs a pointer, but field '%s' is '%s'", ti->name,
				   f->name, f->decl);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if (ti->vt == IR_VT_INT && f && f->is_ptr) {
			/* a pointer value as an integer: allowed, like Tetragon */
		}
		a->user_ptr = a->src == IR_SRC_SYSCALL_ARG;
		if (ti->vt == IR_VT_BUF) {
			if (!ta->size_arg_index) {
				diag_error(lc->d, ta->loc, "bad-size-arg",
					   "char_buf needs sizeArgIndex (the size field's index + 1)");
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			a->size_arg = (int)ta->size_arg_index - 1;	/* resolved below */
		}
		n++;
	}

	/* sizeArgIndex: find (or add, hidden) the size field's arg */
	for (i = 0; i < n; i++) {
		struct ir_arg *a = &p->args[i];
		uint32_t sidx;
		size_t j;

		if (a->vt != IR_VT_BUF)
			continue;
		sidx = (uint32_t)a->size_arg;
		for (j = 0; j < n; j++)
			if (p->args[j].index == sidx && p->args[j].vt == IR_VT_INT)
				break;
		if (j == n) {
			struct ir_arg *h = &p->args[n];
			const struct tf_field *f = NULL;

			if (p->hook == IR_HOOK_RAW_TP) {
				if (sidx > 5)
					goto bad;
				h->src = IR_SRC_RAW_ARG;
				h->src_n = sidx;
				set_type(h, type_lookup("uint64"));
			} else {
				if (sidx >= fmt->nr_fields || arg_source(lc, p, fmt, sidx, h, &f) ||
				    f->is_ptr || f->array_len || f->data_loc)
					goto bad;
				set_type(h, auto_type(f));
			}
			h->loc = a->loc;
			h->id = n;
			h->index = sidx;
			h->size_arg = -1;
			h->hidden = true;
			j = n++;
		}
		a->size_arg = (int)j;
		continue;
bad:
		diag_error(lc->d, a->loc, "bad-size-arg",
			   "sizeArgIndex %u does not name an integer field", sidx + 1);
		ret = -EINVAL;
	}
	if (n > TP_MAX_ARGS) {
		diag_error(lc->d, tp->loc, "too-many-args",
			   "%zu arguments (with hidden size fields); tpc supports %d per hook", n,
			   TP_MAX_ARGS);
		ret = -EINVAL;
	}
	p->nr_args = n;
	return ret;
}

/* ---------------------------------------------------------------- filters */

static bool op_is_int(enum ir_op op)
{
	switch (op) {
	case IR_OP_EQ: case IR_OP_NE: case IR_OP_GT: case IR_OP_LT: case IR_OP_MASK:
	case IR_OP_INRANGE: case IR_OP_NOTINRANGE: case IR_OP_INMAP: case IR_OP_NOTINMAP:
		return true;
	default:
		return false;
	}
}

static bool op_is_str(enum ir_op op)
{
	switch (op) {
	case IR_OP_EQ: case IR_OP_NE: case IR_OP_PREFIX: case IR_OP_NOTPREFIX:
	case IR_OP_POSTFIX: case IR_OP_NOTPOSTFIX:
		return true;
	default:
		return false;
	}
}

static int cmp_range_u(const void *a, const void *b)
{
	const struct ir_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int cmp_range_s(const void *a, const void *b)
{
	const struct ir_range *x = a, *y = b;

	return (int64_t)x->lo < (int64_t)y->lo ? -1 : (int64_t)x->lo > (int64_t)y->lo;
}

/* Sort ranges and merge overlapping or adjacent ones. */
static size_t merge_ranges(struct ir_range *r, size_t n, bool sgn)
{
	size_t i, o = 0;

	if (!n)
		return 0;
	qsort(r, n, sizeof(*r), sgn ? cmp_range_s : cmp_range_u);
	for (i = 0; i < n; i++) {
		if (o) {
			struct ir_range *last = &r[o - 1];
			bool at_max = sgn ? last->hi == (uint64_t)INT64_MAX : last->hi == UINT64_MAX;

			if (at_max)
				continue;	/* contained */
			if (sgn ? (int64_t)r[i].lo <= (int64_t)last->hi + 1 : r[i].lo <= last->hi + 1) {
				if (sgn ? (int64_t)r[i].hi > (int64_t)last->hi : r[i].hi > last->hi)
					last->hi = r[i].hi;
				continue;
			}
		}
		r[o++] = r[i];
	}
	return o;
}

static int lower_int_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
			    enum ir_op op, bool sgn, unsigned int width, struct ir_filter *f)
{
	size_t i;
	int ret = 0;

	f->is_signed = sgn;
	f->points = lalloc(lc, nr, sizeof(*f->points));
	f->ranges = lalloc(lc, nr, sizeof(*f->ranges));
	if (!f->points || !f->ranges)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		const struct tp_scalar *v = &vals[i];
		bool want_range = op == IR_OP_INRANGE || op == IR_OP_NOTINRANGE;
		bool may_range = want_range || op == IR_OP_INMAP || op == IR_OP_NOTINMAP;
		uint64_t x, lo, hi;
		int err;

		if (may_range && memchr(v->s, ':', v->len)) {
			err = value_parse_range(v->s, v->len, sgn, width, &lo, &hi);
			if (!err) {
				f->ranges[f->nr_ranges].lo = lo;
				f->ranges[f->nr_ranges++].hi = hi;
				continue;
			}
		} else if (want_range) {
			err = -EINVAL;
		} else if (v->len > 5 && strncmp(v->s, "list:", 5) == 0) {
			diag_error(lc->d, v->loc, "unsupported",
				   "not supported yet: list references in values ('%.64s')", v->s);
			ret = -EINVAL;
			continue;
		} else {
			err = value_parse_int(v->s, v->len, sgn, width, &x);
			if (!err) {
				f->points[f->nr_points++] = x;
				continue;
			}
		}
		if (want_range && err == -EINVAL && !memchr(v->s, ':', v->len))
			diag_error(lc->d, v->loc, "bad-value",
				   "%s needs 'min:max' ranges, got '%.64s'", ir_op_name(op), v->s);
		else if (err == -ERANGE)
			diag_error(lc->d, v->loc, "bad-value",
				   "value '%.64s' is out of range for %s %u-bit argument", v->s,
				   sgn ? "a signed" : "an unsigned", width * 8);
		else
			diag_error(lc->d, v->loc, "bad-value",
				   "value '%.64s' is not %s (decimal, 0x hex or 0 octal)", v->s,
				   may_range ? "an integer or a 'min:max' range" : "an integer");
		ret = -EINVAL;
	}
	if (ret)
		return ret;

	switch (op) {
	case IR_OP_GT: {	/* arg > any value  <=>  arg > min */
		uint64_t m = f->points[0];

		for (i = 1; i < f->nr_points; i++)
			if (sgn ? (int64_t)f->points[i] < (int64_t)m : f->points[i] < m)
				m = f->points[i];
		f->bound = m;
		f->nr_points = 0;
		break;
	}
	case IR_OP_LT: {	/* arg < any value  <=>  arg < max */
		uint64_t m = f->points[0];

		for (i = 1; i < f->nr_points; i++)
			if (sgn ? (int64_t)f->points[i] > (int64_t)m : f->points[i] > m)
				m = f->points[i];
		f->bound = m;
		f->nr_points = 0;
		break;
	}
	case IR_OP_MASK:	/* arg & any value != 0  <=>  arg & OR(values) != 0 */
		for (i = 0; i < f->nr_points; i++)
			f->mask |= f->points[i];
		f->nr_points = 0;
		break;
	default:
		/* membership: points compared for equality only, sorted as u64 */
		f->nr_points = values_sort_u64(f->points, f->nr_points, false);
		f->nr_ranges = merge_ranges(f->ranges, f->nr_ranges, sgn);
		break;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	const struct ir_str *x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

static int lower_str_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
			    enum ir_op op, size_t max_len, bool binaries, struct ir_filter *f)
{
	size_t i, o = 0;
	int ret = 0;

	f->strs = lalloc(lc, nr, sizeof(*f->strs));
	if (!f->strs)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		const struct tp_scalar *v = &vals[i];
		size_t len = v->len;

		/* Tetragon strips one trailing NUL from string values ("/etc/passwd\0") */
		if (len && v->s[len - 1] == '\0')
			len--;
		if (memchr(v->s, '\0', len)) {
			diag_error(lc->d, v->loc, "bad-value",
				   "value contains a NUL byte at offset %zu; a %s never does, so it could never match",
				   (size_t)((const char *)memchr(v->s, '\0', len) - v->s),
				   binaries ? "path" : "string");
			ret = -EINVAL;
			continue;
		}
		if (len == 0 && (op == IR_OP_PREFIX || op == IR_OP_NOTPREFIX || op == IR_OP_POSTFIX ||
				 op == IR_OP_NOTPOSTFIX)) {
			diag_error(lc->d, v->loc, "bad-value",
				   "empty %s value would match everything", ir_op_name(op));
			ret = -EINVAL;
			continue;
		}
		if (len > max_len) {
			diag_error(lc->d, v->loc, "bad-value",
				   "value is %zu bytes; %s values are limited to %zu bytes", len,
				   binaries ? "matchBinaries" : ir_op_name(op), max_len);
			ret = -EINVAL;
			continue;
		}
		f->strs[o].s = v->s;
		f->strs[o].len = len;
		o++;
	}
	if (ret)
		return ret;
	qsort(f->strs, o, sizeof(*f->strs), cmp_str);
	f->nr_strs = 0;
	for (i = 0; i < o; i++)
		if (!f->nr_strs || cmp_str(&f->strs[f->nr_strs - 1], &f->strs[i]))
			f->strs[f->nr_strs++] = f->strs[i];
	for (i = 0; i < f->nr_strs; i++)
		if (f->strs[i].len > f->max_len)
			f->max_len = f->strs[i].len;
	return 0;
}

static struct ir_arg *arg_by_index(struct ir_prog *p, uint32_t index)
{
	size_t i;

	for (i = 0; i < p->nr_args; i++)
		if (!p->args[i].hidden && p->args[i].index == index)
			return &p->args[i];
	return NULL;
}

static int lower_match_arg(struct lower_ctx *lc, struct ir_prog *p, const struct tp_match_arg *m,
			   struct ir_filter *f)
{
	struct ir_arg *a;
	enum ir_op op;

	f->loc = m->loc;
	f->kind = IR_F_ARG;
	if (op_lookup(m->op.s, &op) || op == IR_OP_IN || op == IR_OP_NOTIN) {
		diag_error(lc->d, m->op.loc, "unsupported",
			   "not supported yet: matchArgs operator '%s' on tracepoints", m->op.s);
		return -EINVAL;
	}
	f->op = op;
	if (m->args) {
		if (m->nr_args != 1) {
			diag_error(lc->d, m->args_loc, "bad-match-index",
				   "matchArgs 'args' with %zu entries is only meaningful for CapabilitiesGained",
				   m->nr_args);
			return -EINVAL;
		}
		/* positions in the args list */
		if (m->args[0] >= p->nr_args || p->args[m->args[0]].hidden) {
			diag_error(lc->d, m->args_loc, "bad-match-index",
				   "matchArgs args[0] = %u but the hook has %zu args", m->args[0],
				   p->nr_args);
			return -EINVAL;
		}
		a = &p->args[m->args[0]];
	} else {
		a = arg_by_index(p, m->index);
		if (!a && is_bad(lc, m->index))
			return -EINVAL;	/* the arg's own error was reported */
		if (!a) {
			diag_error(lc->d, m->index_loc, "bad-match-index",
				   "matchArgs index %u does not match the index of any entry in args",
				   m->index);
			return -EINVAL;
		}
	}
	f->arg = a->id;
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "matchArgs operator %s needs values",
			   ir_op_name(op));
		return -EINVAL;
	}
	if (a->vt == IR_VT_INT) {
		if (!op_is_int(op)) {
			diag_error(lc->d, m->op.loc, "bad-operator",
				   "operator %s does not apply to integer argument (type %s)",
				   ir_op_name(op), a->tg_type);
			return -EINVAL;
		}
		return lower_int_values(lc, m->values, m->nr_values, op, a->is_signed, a->width, f);
	}
	if (a->vt == IR_VT_BUF) {
		diag_error(lc->d, m->op.loc, "unsupported",
			   "not supported yet: matchArgs on char_buf arguments");
		return -EINVAL;
	}
	if (a->vt == IR_VT_FD && !op_is_str(op)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "operator %s does not apply to fd arguments: they are matched on the file's path (Equal, NotEqual, Prefix, NotPrefix, Postfix, NotPostfix)",
			   ir_op_name(op));
		return -EINVAL;
	}
	if (a->vt == IR_VT_FD)
		return lower_str_values(lc, m->values, m->nr_values, op, TP_PATH_MAX - 1, false, f);
	if (!op_is_str(op)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "operator %s does not apply to string argument (type %s)", ir_op_name(op),
			   a->tg_type);
		return -EINVAL;
	}
	return lower_str_values(lc, m->values, m->nr_values, op, TP_STR_VALUE_MAX, false, f);
}

static int lower_match_pid(struct lower_ctx *lc, const struct tp_match_pid *m, struct ir_filter *f)
{
	enum ir_op op;

	f->loc = m->loc;
	f->kind = IR_F_PID;
	if (op_lookup(m->op.s, &op) || (op != IR_OP_IN && op != IR_OP_NOTIN)) {
		diag_error(lc->d, m->op.loc, "bad-operator", "matchPIDs operator must be In or NotIn");
		return -EINVAL;
	}
	f->op = op;
	f->ns_pid = m->is_ns_pid;
	f->follow_forks = m->follow_forks;
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "matchPIDs needs values");
		return -EINVAL;
	}
	return lower_int_values(lc, m->values, m->nr_values, IR_OP_EQ, false, 4, f);
}

static int lower_match_binary(struct lower_ctx *lc, const struct tp_match_binary *m,
			      struct ir_filter *f)
{
	enum ir_op op;

	f->loc = m->loc;
	f->kind = IR_F_BINARY;
	if (op_lookup(m->op.s, &op) ||
	    !(op == IR_OP_IN || op == IR_OP_NOTIN || op == IR_OP_PREFIX || op == IR_OP_NOTPREFIX ||
	      op == IR_OP_POSTFIX || op == IR_OP_NOTPOSTFIX)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "matchBinaries operator must be In, NotIn, Prefix, NotPrefix, Postfix or NotPostfix");
		return -EINVAL;
	}
	f->op = op;
	if (m->follow_children) {
		diag_error(lc->d, m->follow_children_loc, "unsupported",
			   "not supported yet: matchBinaries followChildren");
		return -EINVAL;
	}
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "matchBinaries needs values");
		return -EINVAL;
	}
	return lower_str_values(lc, m->values, m->nr_values, op, TP_BIN_VALUE_MAX, true, f);
}

static int lower_actions(struct lower_ctx *lc, const struct tp_selector *s, struct ir_selector *is)
{
	size_t i;
	int ret = 0;

	is->post = true;
	is->tg_action = TP_ACTION_POST;
	if (!s->nr_match_actions)
		return 0;
	is->actions = lalloc(lc, s->nr_match_actions, sizeof(*is->actions));
	if (!is->actions)
		return -ENOMEM;
	for (i = 0; i < s->nr_match_actions; i++) {
		const struct tp_action *ta = &s->match_actions[i];
		struct ir_action *a = &is->actions[is->nr_actions];
		const char *name = ta->action.s ? ta->action.s : "";

		a->loc = ta->loc;
		if (strcmp(name, "Post") == 0) {
			a->kind = IR_ACT_POST;
			is->tg_action = TP_ACTION_POST;
		} else if (strcmp(name, "NoPost") == 0) {
			a->kind = IR_ACT_NOPOST;
			is->post = false;
			is->tg_action = TP_ACTION_NOPOST;
		} else if (strcmp(name, "Sigkill") == 0) {
			a->kind = IR_ACT_SIGKILL;
			is->tg_action = TP_ACTION_SIGKILL;
		} else if (strcmp(name, "Signal") == 0) {
			if (!ta->has_arg_sig || ta->arg_sig < 1 || ta->arg_sig > 64) {
				diag_error(lc->d, ta->has_arg_sig ? ta->arg_sig_loc : ta->loc,
					   "bad-value", "Signal needs argSig between 1 and 64");
				ret = -EINVAL;
				continue;
			}
			a->kind = IR_ACT_SIGNAL;
			a->sig = ta->arg_sig;
			is->tg_action = TP_ACTION_SIGNAL;
		} else if (strcmp(name, "Override") == 0) {
			diag_error(lc->d, ta->action.loc, "unsupported",
				   "not supported yet: Override on tracepoints (Tetragon ignores it there; use Sigkill or an LSM hook)");
			ret = -EINVAL;
			continue;
		} else {
			diag_error(lc->d, ta->action.loc, "unsupported",
				   "not supported yet: action '%s' (supported: Post, NoPost, Sigkill, Signal)",
				   name);
			ret = -EINVAL;
			continue;
		}
		is->nr_actions++;
	}
	return ret;
}

static int lower_selector(struct lower_ctx *lc, struct ir_prog *p, const struct tp_selector *s,
			  struct ir_selector *is)
{
	size_t n = s->nr_match_args + s->nr_match_pids + s->nr_match_binaries, i;
	int ret = 0, err;

	is->loc = s->loc;
	is->filters = lalloc(lc, n, sizeof(*is->filters));
	if (!is->filters)
		return -ENOMEM;
	for (i = 0; i < s->nr_match_pids; i++) {
		err = lower_match_pid(lc, &s->match_pids[i], &is->filters[is->nr_filters]);
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_binaries; i++) {
		err = lower_match_binary(lc, &s->match_binaries[i], &is->filters[is->nr_filters]);
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_args; i++) {
		err = lower_match_arg(lc, p, &s->match_args[i], &is->filters[is->nr_filters]);
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	err = lower_actions(lc, s, is);
	return ret ?: err;
}

/* ---------------------------------------------------------------- hooks */

static int lower_tracepoint(struct lower_ctx *lc, const struct tp_tracepoint *tp, unsigned int id,
			    struct ir_prog *p)
{
	struct tf_format fmt = {};
	size_t i;
	int ret = 0, err;

	p->loc = tp->loc;
	p->id = id;
	p->hook = tp->raw ? IR_HOOK_RAW_TP : IR_HOOK_TRACEPOINT;
	if (!tp->subsystem.s || !is_ident_chars(tp->subsystem.s, tp->subsystem.len)) {
		diag_error(lc->d, tp->subsystem.loc, "bad-tracepoint",
			   "subsystem must be a tracepoint system name ([A-Za-z0-9_], 1-64 chars)");
		return -EINVAL;
	}
	if (!tp->event.s || !is_ident_chars(tp->event.s, tp->event.len)) {
		diag_error(lc->d, tp->event.loc, "bad-tracepoint",
			   "event must be a tracepoint event name ([A-Za-z0-9_], 1-64 chars)");
		return -EINVAL;
	}
	p->subsys = tp->subsystem.s;
	p->event = tp->event.s;
	p->message = tp->message.s;
	if (tp->message.s && tp->message.len == 1) {
		diag_error(lc->d, tp->message.loc, "bad-value",
			   "message must be empty or at least 2 characters (Tetragon rejects 1)");
		ret = -EINVAL;
	}
	if (tp->message.s && tp->message.len > 256)
		diag_warn(lc->d, tp->message.loc, "long-message",
			  "message is %zu characters; events carry the first 256", tp->message.len);
	p->tags = lalloc(lc, tp->nr_tags, sizeof(*p->tags));
	if (!p->tags)
		return -ENOMEM;
	for (i = 0; i < tp->nr_tags; i++) {
		if (tp->tags[i].len < 2) {
			diag_error(lc->d, tp->tags[i].loc, "bad-value",
				   "tags must be 2 to 128 characters");
			ret = -EINVAL;
		}
		p->tags[p->nr_tags++] = tp->tags[i].s;
	}

	if (p->hook == IR_HOOK_TRACEPOINT) {
		if (!lc->events_dir) {
			diag_error(lc->d, tp->loc, "no-tracefs",
				   "cannot read the format of %s/%s: no tracefs found (mount it, or pass --tracefs DIR)",
				   p->subsys, p->event);
			return -EINVAL;
		}
		err = tracefs_load_format(lc->events_dir, p->subsys, p->event, lc->arena, &fmt);
		if (err == -ENOMEM)
			return err;
		if (err) {
			diag_error(lc->d, tp->event.loc, "unknown-tracepoint",
				   "tracepoint %s/%s not found in %s (%s)", p->subsys, p->event,
				   lc->events_dir, strerror(-err));
			return -EINVAL;
		}
		p->syscall_tp = strcmp(p->subsys, "syscalls") == 0 &&
				(strncmp(p->event, "sys_enter_", 10) == 0 ||
				 strncmp(p->event, "sys_exit_", 9) == 0);
		p->syscall_exit = p->syscall_tp && strncmp(p->event, "sys_exit_", 9) == 0;
		if (!p->syscall_tp) {
			/* the CO-RE struct trace_event_raw_<class>: the event's own
			 * name, or its DEFINE_EVENT class found by fields in BTF */
			char cls[160];

			err = tp_class_find(p->event, &fmt, cls, sizeof(cls));
			if (err == -ENOENT) {
				diag_error(lc->d, tp->event.loc, "unknown-tracepoint",
					   "no struct trace_event_raw_* in this machine's kernel BTF has the fields of %s/%s",
					   p->subsys, p->event);
				return -EINVAL;
			}
			if (err || c_check_ident(cls))	/* no BTF here: assume TRACE_EVENT */
				snprintf(cls, sizeof(cls), "trace_event_raw_%s", p->event);
			p->tp_struct = arena_strdup(lc->arena, cls);
			p->tp_fields = lalloc(lc, fmt.nr_fields, sizeof(*p->tp_fields));
			if (!p->tp_struct || !p->tp_fields)
				return -ENOMEM;
			for (i = 0; i < fmt.nr_fields; i++) {
				const struct tf_field *f = &fmt.fields[i];
				struct ir_tp_field *o;

				if (f->common || c_check_ident(f->name))
					continue;
				o = &p->tp_fields[p->nr_tp_fields++];
				o->name = f->name;
				o->size = f->size;
				o->is_signed = f->is_signed;
				o->array_len = f->array_len;
				o->data_loc = f->data_loc;
			}
		}
	}

	lc->nr_bad_idx = 0;
	err = lower_args(lc, tp, p, &fmt);
	if (err == -ENOMEM)
		return err;
	if (err)
		ret = err;	/* keep going: selectors on the good args are checked too */

	p->no_selectors = tp->nr_selectors == 0;
	p->selectors = lalloc(lc, tp->nr_selectors, sizeof(*p->selectors));
	if (!p->selectors)
		return -ENOMEM;
	for (i = 0; i < tp->nr_selectors; i++) {
		err = lower_selector(lc, p, &tp->selectors[i], &p->selectors[p->nr_selectors]);
		if (err == -ENOMEM)
			return err;
		if (err)
			ret = err;
		else
			p->nr_selectors++;
	}
	return ret;
}

int ir_lower(const struct tp_policy *pol, const struct lower_opts *opts, struct tp_arena *arena,
	     struct diag *d, struct ir_module **out)
{
	struct lower_ctx lc = { .arena = arena, .d = d, .opts = opts };
	struct ir_module *m;
	size_t i;
	int ret = 0, err;

	lc.events_dir = tracefs_events_dir(opts ? opts->tracefs_dir : NULL);
	m = lalloc(&lc, 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->policy_name = pol->name.s;
	m->kind = pol->kind == TP_POLICY_NAMESPACED ? "TracingPolicyNamespaced" : "TracingPolicy";
	m->namespace_ = pol->namespace_.s;
	m->source = pol->file;
	m->progs = lalloc(&lc, pol->nr_tracepoints, sizeof(*m->progs));
	if (!m->progs)
		return -ENOMEM;
	for (i = 0; i < pol->nr_tracepoints; i++) {
		err = lower_tracepoint(&lc, &pol->tracepoints[i], i, &m->progs[m->nr_progs]);
		if (err == -ENOMEM || lc.err)
			return -ENOMEM;
		if (err)
			ret = err;
		else
			m->nr_progs++;
	}
	if (ret)
		return ret;
	*out = m;
	return 0;
}
