// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Selector filters -> IR: matchArgs and matchReturnArgs (operators checked against
 * the argument's type), matchPIDs, matchNamespaces, matchCapabilities and
 * matchBinaries.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "policy.h"
#include "tp_caps.h"
#include "values.h"

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

int lower_match_arg(struct lower_ctx *lc, struct ir_prog *p, const struct tp_match_arg *m,
		    struct ir_filter *f, bool ret_side)
{
	const char *what = ret_side ? "matchReturnArgs" : "matchArgs";
	struct ir_arg *a;
	enum ir_op op;

	f->loc = m->loc;
	f->kind = IR_F_ARG;
	if (lower_op_lookup(m->op.s, &op) || op == IR_OP_IN || op == IR_OP_NOTIN) {
		diag_error(lc->d, m->op.loc, "unsupported",
			   "not supported yet: %s operator '%s' on %s hooks", what, m->op.s,
			   p->kind->title);
		return -EINVAL;
	}
	if (op == IR_OP_CELEXPR)
		return lower_match_cel(lc, p, m, f, ret_side);
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
			vals = lower_cap_values(lc, a->type, m->values, m->nr_values);
			if (!vals)
				return lc->err ? lc->err : -EINVAL;
		}
		return lower_int_values(lc, vals, m->nr_values, op, a->type->is_signed,
					a->type->width, f);
	}
	return lower_str_values(lc, m->values, m->nr_values, op, a->type->max_value, false, f);
}

int lower_match_pid(struct lower_ctx *lc, const struct tp_match_pid *m, struct ir_filter *f)
{
	enum ir_op op;

	f->loc = m->loc;
	f->kind = IR_F_PID;
	if (lower_op_lookup(m->op.s, &op) || (op != IR_OP_IN && op != IR_OP_NOTIN)) {
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

int lower_match_ns(struct lower_ctx *lc, const struct tp_match_ns *m, struct ir_filter *f)
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
	if (lower_op_lookup(m->op.s, &op) || (op != IR_OP_IN && op != IR_OP_NOTIN)) {
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
 * match (tetragon-reference.md §6.2). matchCapabilityChanges has the same fields
 * (Tetragon's ParseMatchCaps() parses both, pkg/selectors/kernel.go).
 */
static int lower_caps_common(struct lower_ctx *lc, const struct tp_match_caps *m,
			     struct ir_filter *f, enum ir_filter_kind kind, const char *what)
{
	enum ir_op op;
	size_t i;
	int ret = 0;

	f->loc = m->loc;
	f->kind = kind;
	if (!strcmp(m->type.s, "Effective")) {
		f->capset = IR_CAPS_EFFECTIVE;
	} else if (!strcmp(m->type.s, "Inheritable")) {
		f->capset = IR_CAPS_INHERITABLE;
	} else if (!strcmp(m->type.s, "Permitted")) {
		f->capset = IR_CAPS_PERMITTED;
	} else {
		diag_error(lc->d, m->type.loc, "bad-value",
			   "%s type must be Effective, Inheritable or Permitted", what);
		return -EINVAL;
	}
	if (lower_op_lookup(m->op.s, &op) || (op != IR_OP_IN && op != IR_OP_NOTIN)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "%s operator must be In or NotIn", what);
		return -EINVAL;
	}
	f->op = op;
	f->ns_cap = m->is_ns_cap;
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "%s needs values", what);
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

int lower_match_caps(struct lower_ctx *lc, const struct tp_match_caps *m,
		     struct ir_filter *f)
{
	return lower_caps_common(lc, m, f, IR_F_CAPS, "matchCapabilities");
}

/* matchCapabilityChanges: the set compared with the one recorded for the
 * process (Tetragon's process_filter_capability_change(), bpf/process/pfilter.h):
 * In, one of the listed capabilities changed; NotIn, none of them did and
 * another one did.
 */
int lower_match_cap_change(struct lower_ctx *lc, const struct tp_match_caps *m,
			   struct ir_filter *f)
{
	return lower_caps_common(lc, m, f, IR_F_CAPS_CHANGE, "matchCapabilityChanges");
}

/* matchNamespaceChanges: the namespace kinds, named as matchNamespaces names
 * them in any case (Tetragon's ParseMatchNamespaceChange() lower-cases them);
 * In, one of the listed kinds changed since the record; NotIn, one of the
 * others did (process_filter_namespace_change(), bpf/process/pfilter.h).
 */
int lower_match_ns_change(struct lower_ctx *lc, const struct tp_match_ns_change *m,
			  struct ir_filter *f)
{
	enum ir_op op;
	size_t i, k;
	int ret = 0;

	f->loc = m->loc;
	f->kind = IR_F_NS_CHANGE;
	if (lower_op_lookup(m->op.s, &op) || (op != IR_OP_IN && op != IR_OP_NOTIN)) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "matchNamespaceChanges operator must be In or NotIn");
		return -EINVAL;
	}
	f->op = op;
	if (!m->nr_values) {
		diag_error(lc->d, m->loc, "bad-value", "matchNamespaceChanges needs values");
		return -EINVAL;
	}
	for (i = 0; i < m->nr_values; i++) {
		const struct tp_scalar *v = &m->values[i];

		for (k = 0; k < sizeof(ns_kinds) / sizeof(ns_kinds[0]); k++)
			if (strlen(ns_kinds[k].name) == v->len &&
			    !strncasecmp(v->s, ns_kinds[k].name, v->len))
				break;
		if (k == sizeof(ns_kinds) / sizeof(ns_kinds[0])) {
			diag_error(lc->d, v->loc, "bad-value",
				   "'%.*s' is not a namespace (Uts, Ipc, Mnt, Pid, PidForChildren, Net, Time, TimeForChildren, Cgroup, User)",
				   (int)(v->len > 64 ? 64 : v->len), v->s);
			ret = -EINVAL;
			continue;
		}
		f->mask |= 1ull << ns_kinds[k].ns;
	}
	return ret;
}

int lower_match_binary(struct lower_ctx *lc, const struct tp_match_binary *m,
		       struct ir_filter *f)
{
	enum ir_op op;

	f->loc = m->loc;
	f->kind = IR_F_BINARY;
	if (lower_op_lookup(m->op.s, &op) ||
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
