// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Selectors -> IR: matchArgs, matchPIDs, matchBinaries and matchActions,
 * with operators checked against argument types and values parsed against
 * them (Tetragon's rules: base prefixes, ranges, a trailing NUL dropped).
 * Keep going: every problem of a selector is reported in one run.
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

static int lower_int_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
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

static int lower_str_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
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
static int lower_filetype_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
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
static const struct tp_scalar *cap_values(struct lower_ctx *lc, const struct tp_argtype *t,
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

static struct ir_arg *arg_by_index(struct ir_prog *p, uint32_t index)
{
	size_t i;

	for (i = 0; i < p->nr_args; i++)
		if (!p->args[i].hidden && !p->args[i].ret_val && p->args[i].index == index)
			return &p->args[i];
	return NULL;
}

static struct ir_arg *ret_arg(struct ir_prog *p)
{
	size_t i;

	for (i = 0; i < p->nr_args; i++)
		if (p->args[i].ret_val)
			return &p->args[i];
	return NULL;
}

static int lower_match_arg(struct lower_ctx *lc, struct ir_prog *p, const struct tp_match_arg *m,
			   struct ir_filter *f, bool ret_side)
{
	const char *what = ret_side ? "matchReturnArgs" : "matchArgs";
	struct ir_arg *a;
	enum ir_op op;

	f->loc = m->loc;
	f->kind = IR_F_ARG;
	if (op_lookup(m->op.s, &op) || op == IR_OP_IN || op == IR_OP_NOTIN) {
		diag_error(lc->d, m->op.loc, "unsupported",
			   "not supported yet: %s operator '%s' on %s hooks", what, m->op.s,
			   p->kind->title);
		return -EINVAL;
	}
	f->op = op;
	if (ret_side) {
		/* the return value is the only one (Tetragon: index 0) */
		a = ret_arg(p);
		if (m->args || m->index) {
			diag_error(lc->d, m->args ? m->args_loc : m->index_loc, "bad-match-index",
				   "matchReturnArgs filters the return value: index 0, no args");
			return -EINVAL;
		}
		if (!a)
			return -EINVAL;	/* the returnArg's own error was reported */
	} else if (m->args) {
		if (m->nr_args != 1) {
			diag_error(lc->d, m->args_loc, "bad-match-index",
				   "matchArgs 'args' with %zu entries is only meaningful for CapabilitiesGained",
				   m->nr_args);
			return -EINVAL;
		}
		/* positions in the args list (of the YAML: failed args keep theirs) */
		if (m->args[0] >= lc->nr_pos) {
			diag_error(lc->d, m->args_loc, "bad-match-index",
				   "matchArgs args[0] = %u but the hook has %zu args", m->args[0],
				   lc->nr_pos);
			return -EINVAL;
		}
		if (lc->pos_arg[m->args[0]] < 0)
			return -EINVAL;	/* the arg's own error was reported */
		a = &p->args[lc->pos_arg[m->args[0]]];
		if (a->type->repr == TP_REPR_NONE) {
			diag_error(lc->d, m->args_loc, "bad-match-index",
				   "matchArgs args[0] = %u names a nop argument, which reads nothing",
				   m->args[0]);
			return -EINVAL;
		}
	} else {
		a = arg_by_index(p, m->index);
		if (!a && lower_arg_is_bad(lc, m->index))
			return -EINVAL;	/* the arg's own error was reported */
		if (!a) {
			size_t j;

			for (j = 0; j < p->nr_args; j++)
				if (p->args[j].index == m->index &&
				    p->args[j].type->repr == TP_REPR_NONE)
					break;
			diag_error(lc->d, m->index_loc, "bad-match-index",
				   j < p->nr_args ?
				   "matchArgs index %u names a nop argument, which reads nothing" :
				   "matchArgs index %u does not match the index of any entry in args",
				   m->index);
			return -EINVAL;
		}
	}
	f->arg = a->id;
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "%s operator %s needs values", what,
			   ir_op_name(op));
		return -EINVAL;
	}
	if (!a->type->opc && a->type->repr == TP_REPR_OBJ) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "%s arguments are reported, not matched: Tetragon has no operators for them",
			   a->type->name);
		return -EINVAL;
	}
	if (!a->type->opc) {
		diag_error(lc->d, m->op.loc, "unsupported",
			   "not supported yet: %s on %s arguments", what, a->type->name);
		return -EINVAL;
	}
	if (!(ir_op_classes(op) & a->type->opc)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "operator %s does not apply to %s argument (type %s)%s%s", ir_op_name(op),
			   a->type->noun, a->type->canon, a->type->op_note ? ": " : "",
			   a->type->op_note ? a->type->op_note : "");
		return -EINVAL;
	}
	if (op == IR_OP_FILETYPE || op == IR_OP_NOTFILETYPE)
		return lower_filetype_values(lc, m->values, m->nr_values, f);
	if (a->type->repr == TP_REPR_INT) {
		const struct tp_scalar *vals = m->values;

		if (a->type->values != TP_VALUES_INT) {
			vals = cap_values(lc, a->type, m->values, m->nr_values);
			if (!vals)
				return lc->err ? lc->err : -EINVAL;
		}
		return lower_int_values(lc, vals, m->nr_values, op, a->type->is_signed,
					a->type->width, f);
	}
	return lower_str_values(lc, m->values, m->nr_values, op, a->type->max_value, false, f);
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

/* matchNamespaces' `namespace` values, and the inode `host_ns` stands for where the
 * kernel gives the host's namespace a fixed one (include/linux/proc_ns.h
 * PROC_*_INIT_INO); Tetragon reads /proc/1/ns/<type> when it loads the policy
 * (tetragon-reference.md §6.2), which is the same inode for these.
 */
static const struct {
	const char *name;
	enum ir_ns ns;
	uint32_t host_ino;		/* 0: known only on the node (Mnt, Net) */
} ns_kinds[] = {
	{ "Uts", IR_NS_UTS, 0xEFFFFFFEu },
	{ "Ipc", IR_NS_IPC, 0xEFFFFFFFu },
	{ "Mnt", IR_NS_MNT, 0 },
	{ "Pid", IR_NS_PID, 0xEFFFFFFCu },
	{ "PidForChildren", IR_NS_PID_FOR_CHILDREN, 0xEFFFFFFCu },
	{ "Net", IR_NS_NET, 0 },
	{ "Time", IR_NS_TIME, 0xEFFFFFFAu },
	{ "TimeForChildren", IR_NS_TIME_FOR_CHILDREN, 0xEFFFFFFAu },
	{ "Cgroup", IR_NS_CGROUP, 0xEFFFFFFBu },
	{ "User", IR_NS_USER, 0xEFFFFFFDu },
};

static int lower_match_ns(struct lower_ctx *lc, const struct tp_match_ns *m, struct ir_filter *f)
{
	struct tp_scalar *vals;
	enum ir_op op;
	size_t i, k;
	int ret = 0;

	f->loc = m->loc;
	f->kind = IR_F_NS;
	for (k = 0; k < sizeof(ns_kinds) / sizeof(ns_kinds[0]); k++)
		if (m->ns.s && !strcmp(m->ns.s, ns_kinds[k].name))
			break;
	if (k == sizeof(ns_kinds) / sizeof(ns_kinds[0])) {
		diag_error(lc->d, m->ns.s ? m->ns.loc : m->loc, "bad-value",
			   "matchNamespaces needs a namespace (Uts, Ipc, Mnt, Pid, PidForChildren, Net, Time, TimeForChildren, Cgroup, User)");
		return -EINVAL;
	}
	f->ns = ns_kinds[k].ns;
	if (op_lookup(m->op.s, &op) || (op != IR_OP_IN && op != IR_OP_NOTIN)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "matchNamespaces operator must be In or NotIn");
		return -EINVAL;
	}
	f->op = op;
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "matchNamespaces needs values");
		return -EINVAL;
	}
	vals = lower_alloc(lc, m->nr_values, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (i = 0; i < m->nr_values; i++) {
		char *s;

		vals[i] = m->values[i];
		if (vals[i].len != 7 || memcmp(vals[i].s, "host_ns", 7))
			continue;
		if (!ns_kinds[k].host_ino) {
			diag_error(lc->d, vals[i].loc, "unsupported",
				   "not supported yet: host_ns for the %s namespace (its host inode is only known on the node, and tpload does not fill it in yet; write the inode number)",
				   ns_kinds[k].name);
			ret = -EINVAL;
			continue;
		}
		s = lower_alloc(lc, 16, 1);
		if (!s)
			return -ENOMEM;
		vals[i].len = (size_t)snprintf(s, 16, "%u", ns_kinds[k].host_ino);
		vals[i].s = s;
	}
	if (ret)
		return ret;
	return lower_int_values(lc, vals, m->nr_values, IR_OP_EQ, false, 4, f);
}

/* matchCapabilities: In, the task has one of the capabilities in the set; NotIn,
 * none of them; isNamespaceCapability, only tasks outside the host user namespace
 * match (tetragon-reference.md §6.2).
 */
static int lower_match_caps(struct lower_ctx *lc, const struct tp_match_caps *m,
			    struct ir_filter *f)
{
	enum ir_op op;
	size_t i;
	int ret = 0;

	f->loc = m->loc;
	f->kind = IR_F_CAPS;
	if (!strcmp(m->type.s, "Effective")) {
		f->capset = IR_CAPS_EFFECTIVE;
	} else if (!strcmp(m->type.s, "Inheritable")) {
		f->capset = IR_CAPS_INHERITABLE;
	} else if (!strcmp(m->type.s, "Permitted")) {
		f->capset = IR_CAPS_PERMITTED;
	} else {
		diag_error(lc->d, m->type.loc, "bad-value",
			   "matchCapabilities type must be Effective, Inheritable or Permitted");
		return -EINVAL;
	}
	if (op_lookup(m->op.s, &op) || (op != IR_OP_IN && op != IR_OP_NOTIN)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "matchCapabilities operator must be In or NotIn");
		return -EINVAL;
	}
	f->op = op;
	f->ns_cap = m->is_ns_cap;
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "matchCapabilities needs values");
		return -EINVAL;
	}
	for (i = 0; i < m->nr_values; i++) {
		unsigned int cap;

		if (tp_cap_parse(m->values[i].s, m->values[i].len, &cap)) {
			diag_error(lc->d, m->values[i].loc, "bad-value",
				   "'%.*s' is not a capability name (CAP_SYS_ADMIN, ...)",
				   (int)(m->values[i].len > 64 ? 64 : m->values[i].len),
				   m->values[i].s);
			ret = -EINVAL;
			continue;
		}
		f->mask |= 1ull << cap;
	}
	return ret;
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

/* Override: argError, a negative errno, becomes the hook's return value on kinds
 * whose kernel obeys it (ret_errno).
 */
static int lower_override(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_action *ta,
			  bool ret_side, struct ir_action *a)
{
	if (p->kind->no_enforce) {
		diag_error(lc->d, ta->action.loc, "unsupported", "not supported yet: Override on %ss (%s)",
			   p->kind->title, p->kind->no_enforce);
		return -EINVAL;
	}
	if (!p->kind->ret_errno) {
		diag_error(lc->d, ta->action.loc, "unsupported",
			   "not supported yet: Override on %ss (Tetragon ignores it there; use Sigkill or an LSM hook)",
			   p->kind->title);
		return -EINVAL;
	}
	if (ret_side) {
		diag_error(lc->d, ta->action.loc, "bad-action",
			   "Override in matchReturnActions: the function has already run; override at entry (matchActions)");
		return -EINVAL;
	}
	/* kprobes: any value the function may return, as Tetragon (which passes argError
	 * to bpf_override_return); its corpus returns 1 from security_inode_copy_up_xattr.
	 * LSM hooks: an errno (a positive return means something else to the kernel). */
	if (p->kind->ret_any && ta->has_arg_error && ta->arg_error > 0 && ta->arg_error <= 4095) {
		a->kind = IR_ACT_OVERRIDE;
		a->err = ta->arg_error;
		return 0;
	}
	if (!ta->has_arg_error || ta->arg_error >= 0 || ta->arg_error < -4095) {
		diag_error(lc->d, ta->has_arg_error ? ta->arg_error_loc : ta->loc, "bad-value",
			   p->kind->ret_any ?
			   "Override needs argError, the value the function returns instead of running: a negative errno (-4095..-1) or 1..4095" :
			   "Override needs argError, a negative errno (-4095..-1) the function returns instead of running");
		return -EINVAL;
	}
	a->kind = IR_ACT_OVERRIDE;
	a->err = ta->arg_error;
	return 0;
}

/* Post's rateLimit ("N" or "Ns" seconds, "Nm", "Nh"; Tetragon's CRD) and
 * rateLimitScope into the selector; 0 or -EINVAL (reported).
 */
static int lower_rate_limit(struct lower_ctx *lc, const struct tp_action *ta, struct ir_selector *is)
{
	const struct tp_scalar *r = &ta->rate_limit, *sc = &ta->rate_limit_scope;
	uint64_t n = 0, unit = 1;
	size_t i;

	if (!r->s) {
		if (sc->s)
			diag_warn(lc->d, sc->loc, "ignored-param",
				  "rateLimitScope without rateLimit does nothing");
		return 0;
	}
	for (i = 0; i < r->len && r->s[i] >= '0' && r->s[i] <= '9' && n < 1000000000ull; i++)
		n = n * 10 + (uint64_t)(r->s[i] - '0');
	if (i + 1 == r->len && r->s[i] == 'm')
		unit = 60;
	else if (i + 1 == r->len && r->s[i] == 'h')
		unit = 3600;
	else if (i + 1 == r->len && r->s[i] == 's')
		unit = 1;
	else if (i != r->len)
		i = 0;
	if (!i || !n || n > 1000000ull) {
		diag_error(lc->d, r->loc, "bad-value",
			   "rateLimit must be a number of seconds, minutes or hours between 1 and 1000000 (\"30\", \"30s\", \"1m\", \"2h\")");
		return -EINVAL;
	}
	is->rl_ns = n * unit * 1000000000ull;
	is->rl_scope = IR_RL_THREAD;
	if (!sc->s || !strcmp(sc->s, "thread")) {
		is->rl_scope = IR_RL_THREAD;
	} else if (!strcmp(sc->s, "process")) {
		is->rl_scope = IR_RL_PROCESS;
	} else if (!strcmp(sc->s, "global")) {
		is->rl_scope = IR_RL_GLOBAL;
	} else {
		diag_error(lc->d, sc->loc, "bad-value",
			   "rateLimitScope must be thread, process or global");
		return -EINVAL;
	}
	return 0;
}

static int lower_actions(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_action *acts,
			 size_t nr, bool ret_side, struct ir_selector *is)
{
	size_t i;
	int ret = 0;

	is->post = true;
	is->tg_action = TP_ACTION_POST;
	is->ret = p->ret;	/* Override (on kinds with ret_errno) sets -argError */
	if (!nr)
		return 0;
	is->actions = lower_alloc(lc, nr, sizeof(*is->actions));
	if (!is->actions)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		const struct tp_action *ta = &acts[i];
		struct ir_action *a = &is->actions[is->nr_actions];
		const char *name = ta->action.s ? ta->action.s : "";
		bool enforce = false;

		a->loc = ta->loc;
		if (ta->rate_limit.s && strcmp(name, "Post") != 0) {
			diag_error(lc->d, ta->rate_limit.loc, "bad-value",
				   "rateLimit is a parameter of Post (Tetragon rejects it on %s)", name);
			ret = -EINVAL;
			continue;
		}
		if (ta->rate_limit.s && ret_side) {
			diag_error(lc->d, ta->rate_limit.loc, "unsupported",
				   "not supported yet: rateLimit in matchReturnActions (put it on the entry selector's Post)");
			ret = -EINVAL;
			continue;
		}
		if (strcmp(name, "Post") == 0) {
			if (lower_rate_limit(lc, ta, is)) {
				ret = -EINVAL;
				continue;
			}
			a->kind = IR_ACT_POST;
			is->tg_action = TP_ACTION_POST;
		} else if (strcmp(name, "NoPost") == 0) {
			a->kind = IR_ACT_NOPOST;
			is->post = false;
			is->tg_action = TP_ACTION_NOPOST;
		} else if (strcmp(name, "Sigkill") == 0) {
			a->kind = IR_ACT_SIGKILL;
			is->tg_action = TP_ACTION_SIGKILL;
			is->enforces = true;
			enforce = true;
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
			is->enforces = true;
			enforce = true;
		} else if (strcmp(name, "Override") == 0) {
			if (lower_override(lc, p, ta, ret_side, a)) {
				ret = -EINVAL;
				continue;
			}
			is->tg_action = TP_ACTION_OVERRIDE;
			is->ret = a->err;
			is->enforces = true;
		} else {
			diag_error(lc->d, ta->action.loc, "unsupported",
				   "not supported yet: action '%s' (supported: Post, NoPost, Sigkill, Signal%s)",
				   name, p->kind->ret_errno ? ", Override" : "");
			ret = -EINVAL;
			continue;
		}
		if (enforce && p->kind->no_enforce) {
			diag_error(lc->d, ta->action.loc, "unsupported", "not supported yet: %s on %ss (%s)",
				   name, p->kind->title, p->kind->no_enforce);
			ret = -EINVAL;
			continue;
		}
		if (a->kind != IR_ACT_OVERRIDE && ta->has_arg_error)
			diag_warn(lc->d, ta->arg_error_loc, "ignored-param",
				  "argError is a parameter of Override; %s ignores it", name);
		is->nr_actions++;
	}
	return ret;
}

/* The next filter slot, clean: a filter that failed to lower leaves its
 * counts in the slot it was given, and the next one reuses that slot.
 * (Found by fuzzing, like the same reuse of a selector slot below: stale
 * counts indexed past the new, smaller arrays.)
 */
static struct ir_filter *next_filter(struct ir_selector *is)
{
	struct ir_filter *f = &is->filters[is->nr_filters];

	memset(f, 0, sizeof(*f));
	return f;
}

int lower_selector(struct lower_ctx *lc, struct ir_prog *p, const struct tp_selector *s,
		   struct ir_selector *is)
{
	size_t n = s->nr_match_args + s->nr_match_pids + s->nr_match_binaries +
		   s->nr_match_namespaces + s->nr_match_caps, i;
	int ret = 0, err;

	/* the caller reuses the slot of a selector that failed to lower */
	memset(is, 0, sizeof(*is));
	is->loc = s->loc;
	is->filters = lower_alloc(lc, n, sizeof(*is->filters));
	if (!is->filters)
		return -ENOMEM;
	for (i = 0; i < s->nr_match_pids; i++) {
		err = lower_match_pid(lc, &s->match_pids[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_binaries; i++) {
		err = lower_match_binary(lc, &s->match_binaries[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_namespaces; i++) {
		err = lower_match_ns(lc, &s->match_namespaces[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_caps; i++) {
		err = lower_match_caps(lc, &s->match_caps[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_args; i++) {
		err = lower_match_arg(lc, p, &s->match_args[i], next_filter(is), false);
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	err = lower_actions(lc, p, s->match_actions, s->nr_match_actions, false, is);
	return ret ?: err;
}

int lower_ret_selector(struct lower_ctx *lc, struct ir_prog *p, const struct tp_selector *s,
		       struct ir_selector *is)
{
	size_t i;
	int ret = 0, err;

	memset(is, 0, sizeof(*is));	/* as lower_selector() */
	is->loc = s->match_return_args_loc.line ? s->match_return_args_loc :
		  s->match_return_actions_loc.line ? s->match_return_actions_loc : s->loc;
	is->ret_side = true;
	is->filters = lower_alloc(lc, s->nr_match_return_args, sizeof(*is->filters));
	if (!is->filters)
		return -ENOMEM;
	for (i = 0; i < s->nr_match_return_args; i++) {
		err = lower_match_arg(lc, p, &s->match_return_args[i], next_filter(is), true);
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	err = lower_actions(lc, p, s->match_return_actions, s->nr_match_return_actions, true, is);
	return ret ?: err;
}
