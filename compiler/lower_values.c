// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Selector values -> IR: the operator table, and the values of a filter parsed
 * against its argument type (Tetragon's rules: base prefixes, ranges, a trailing
 * NUL dropped; sorted and merged for the passes); capability names as numbers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "policy.h"
#include "tp_caps.h"
#include "values.h"

static const char *const op_names[] = {
#define X(id, spelling, classes) [IR_OP_##id] = spelling,
	IR_OPS(X)
#undef X
};

static const unsigned int op_classes[] = {
#define X(id, spelling, classes) [IR_OP_##id] = classes,
	IR_OPS(X)
#undef X
};

const char *ir_op_name(enum ir_op op)
{
	return op < __IR_OP_CNT ? op_names[op] : "?";
}

unsigned int ir_op_classes(enum ir_op op)
{
	return op < __IR_OP_CNT ? op_classes[op] : 0;
}

/* Tetragon's aliases: GreaterThan/LessThan are GT/LT. */
int lower_op_lookup(const char *s, enum ir_op *op)
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

/* ---------------------------------------------------------------- filters */

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

int lower_int_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
		     enum ir_op op, bool sgn, unsigned int width, struct ir_filter *f)
{
	size_t i;
	int ret = 0;

	f->is_signed = sgn;
	f->points = lower_alloc(lc, nr, sizeof(*f->points));
	f->ranges = lower_alloc(lc, nr, sizeof(*f->ranges));
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

int lower_str_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
		     enum ir_op op, size_t max_len, bool binaries, struct ir_filter *f)
{
	size_t i, o = 0;
	int ret = 0;

	f->strs = lower_alloc(lc, nr, sizeof(*f->strs));
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

/* FileType values (Tetragon's fileTypeTable in pkg/selectors/kernel.go: exact names)
 * -> S_IFMT values, as points.
 */
int lower_filetype_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
			  struct ir_filter *f)
{
	static const struct {
		const char *name;
		uint64_t mode;
	} types[] = {
		{ "reg", 0100000 }, { "regular", 0100000 }, { "dir", 0040000 },
		{ "lnk", 0120000 }, { "link", 0120000 }, { "sock", 0140000 },
		{ "socket", 0140000 }, { "blk", 0060000 }, { "block", 0060000 },
		{ "chr", 0020000 }, { "char", 0020000 }, { "fifo", 0010000 }, { "pipe", 0010000 },
	};
	size_t i, j;
	int ret = 0;

	f->points = lower_alloc(lc, nr, sizeof(*f->points));
	if (!f->points)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		for (j = 0; j < sizeof(types) / sizeof(types[0]); j++)
			if (vals[i].len == strlen(types[j].name) &&
			    !memcmp(vals[i].s, types[j].name, vals[i].len))
				break;
		if (j == sizeof(types) / sizeof(types[0])) {
			diag_error(lc->d, vals[i].loc, "bad-value",
				   "unknown file type '%.64s' (reg, dir, lnk, sock, blk, chr, fifo, or regular, link, socket, block, char, pipe)",
				   vals[i].s);
			ret = -EINVAL;
			continue;
		}
		f->points[f->nr_points++] = types[j].mode;
	}
	if (ret)
		return ret;
	f->nr_points = values_sort_u64(f->points, f->nr_points, false);
	return 0;
}

/* Capability names in the values of a capability type, as numbers (tp_caps.h):
 * a set ("CAP_A,CAP_B") for kernel_cap_t and cap_*, one capability for capability.
 * Numbers and ranges are kept. NULL (reported, or -ENOMEM in lc->err).
 */
const struct tp_scalar *lower_cap_values(struct lower_ctx *lc, const struct tp_argtype *t,
					 const struct tp_scalar *vals, size_t nr)
{
	struct tp_scalar *out = lower_alloc(lc, nr, sizeof(*out));
	bool bad = false;
	size_t i, bl;
	const char *b;

	if (!out)
		return NULL;
	for (i = 0; i < nr; i++) {
		uint64_t x;
		unsigned int cap;

		out[i] = vals[i];
		if (!vals[i].len || (vals[i].s[0] >= '0' && vals[i].s[0] <= '9') ||
		    vals[i].s[0] == '-' || memchr(vals[i].s, ':', vals[i].len))
			continue;	/* a number or a range: parsed as one */
		if (t->values == TP_VALUES_CAP ? tp_cap_parse(vals[i].s, vals[i].len, &cap) :
		    tp_caps_parse(vals[i].s, vals[i].len, &x, &b, &bl)) {
			if (t->values == TP_VALUES_CAP) {
				b = vals[i].s;
				bl = vals[i].len;
			}
			diag_error(lc->d, vals[i].loc, "bad-value",
				   "'%.*s' is not a capability name (CAP_SYS_ADMIN, ...)%s",
				   (int)(bl > 64 ? 64 : bl), b,
				   t->values == TP_VALUES_CAPS ? "; a set is written CAP_A,CAP_B" : "");
			bad = true;
			continue;
		}
		if (t->values == TP_VALUES_CAP)
			x = cap;
		out[i].s = arena_printf(lc->arena, "%llu", (unsigned long long)x);
		if (!out[i].s) {
			lc->err = -ENOMEM;
			return NULL;
		}
		out[i].len = strlen(out[i].s);
	}
	return bad ? NULL : out;
}
