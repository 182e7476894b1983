// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* matchArgs CelExpr -> IR: where Tetragon allows it, its one value parsed and
 * type-checked against the hook's args (cel.h), the AST bound to the ir_args.
 *
 * Tetragon's rules (pkg/selectors/celexpr.go parseMatchCelExpr(), addMatchCelExpr();
 * pkg/celbpf/env.go checkerAddArguments()): exactly one value; argN is the N-th entry
 * of the hook's args (index and args of the matchArgs entry are not read); only the
 * generic kprobe and uprobe sensors link the compiled expressions
 * (pkg/sensors/tracing/generickprobe.go, genericuprobe.go: rewriteProg of their
 * filter_arg programs), so tpc accepts CelExpr in the matchArgs of kprobes only.
 * Tetragon's limit of 8 expressions per program (MaxCelExprFunctions) does not apply:
 * tpc compiles each expression into its filter function.
 */
#include <errno.h>
#include <string.h>

#include "cel.h"
#include "diag.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "policy.h"

/* The position of byte off of value v: inside the value when its text is known to be
 * the value byte for byte (tp_scalar.col1), else the value's start.
 */
static struct tp_loc value_loc(const struct tp_scalar *v, size_t off, bool *exact)
{
	struct tp_loc loc = v->loc;

	*exact = v->col1 && off <= v->len;
	if (*exact)
		loc.col = v->col1 + (uint32_t)off;
	return loc;
}

static void report(struct lower_ctx *lc, const struct tp_scalar *v, const struct cel_error *e,
		   int err, bool warning)
{
	bool exact;
	struct tp_loc loc = value_loc(v, e->off, &exact);

	if (warning)
		diag_warn(lc->d, loc, "cel-leading-zero", "CelExpr: %s", e->msg);
	else if (err == -E2BIG)
		diag_error(lc->d, loc, "limit", "CelExpr: %s", e->msg);
	else
		diag_error(lc->d, loc, "bad-cel", "CelExpr: %s", e->msg);
	if (!exact && e->off)
		diag_note(lc->d, loc, "at byte %zu of the expression", e->off);
}

/* What CelExpr reads an arg as: Tetragon's typeFromGenTy() (pkg/celbpf/types.go)
 * by its type name (pkg/generictypes GenericTypeFromString()).
 */
static enum cel_type arg_cel_type(const struct ir_arg *a)
{
	static const struct {
		const char *name;
		enum cel_type t;
	} map[] = {
		{ "int", CEL_T_S32 }, { "int32", CEL_T_S32 }, { "sint32", CEL_T_S32 },
		{ "uint32", CEL_T_U32 },
		{ "int64", CEL_T_S64 }, { "sint64", CEL_T_S64 }, { "long", CEL_T_S64 },
		{ "uint64", CEL_T_U64 }, { "ulong", CEL_T_U64 },
	};
	size_t i;

	if (a->type->repr != TP_REPR_INT || a->type->fetch != TP_FETCH_VALUE)
		return CEL_T_NONE;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(a->type->name, map[i].name))
			return map[i].t;
	return CEL_T_NONE;
}

int lower_match_cel(struct lower_ctx *lc, struct ir_prog *p, const struct tp_match_arg *m,
		    struct ir_filter *f, bool ret_side)
{
	struct cel_arg args[64];
	int map[64];
	struct cel_warnings warn = { 0 };
	struct cel_error e;
	struct cel_expr *ex;
	const struct tp_scalar *v;
	size_t i;
	int err;

	f->loc = m->loc;
	f->kind = IR_F_CEL;
	f->op = IR_OP_CELEXPR;
	if (p->kind != &hook_kprobe) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "CelExpr applies to kprobes only (Tetragon compiles CEL expressions for its kprobe and uprobe programs), not to %ss",
			   p->kind->title);
		return -EINVAL;
	}
	if (ret_side) {
		diag_error(lc->d, m->op.loc, "bad-operator",
			   "CelExpr applies to matchArgs only (Tetragon links the expressions into the entry program's filter)");
		return -EINVAL;
	}
	if (m->nr_values != 1) {
		diag_error(lc->d, m->nr_values ? m->values[1].loc : m->loc, "bad-value",
			   "CelExpr takes exactly one expression in values, got %zu (Tetragon: \"only a single CelExpr value is supported\"; combine them with && or ||)",
			   m->nr_values);
		return -EINVAL;
	}
	if (m->index_loc.line || m->args)
		diag_warn(lc->d, m->args ? m->args_loc : m->index_loc, "cel-ignored-field",
			  "CelExpr ignores %s: the expression names the arguments itself (argN: the N-th entry of args)",
			  m->args ? "'args'" : "'index'");
	v = &m->values[0];
	err = cel_parse(lc->arena, v->s, v->len, &ex, &e, &warn);
	for (i = 0; i < warn.nr; i++)
		report(lc, v, &warn.w[i], 0, true);
	if (err == -ENOMEM)
		return lc->err = -ENOMEM;
	if (err) {
		report(lc, v, &e, err, false);
		return -EINVAL;
	}
	for (i = 0; i < lc->nr_pos && i < 64; i++) {
		const struct ir_arg *a;

		map[i] = lc->pos_arg[i];
		args[i] = (struct cel_arg){ .type = CEL_T_NONE };
		if (map[i] < 0) {
			args[i].failed = true;
			continue;
		}
		a = &p->args[map[i]];
		args[i].type = arg_cel_type(a);
		args[i].tname = a->type->name;
	}
	err = cel_check(ex, args, i, &e);
	if (err == -ECANCELED)
		return -EINVAL;	/* an arg's own error was reported */
	if (err) {
		report(lc, v, &e, err, false);
		return -EINVAL;
	}
	cel_bind(ex->root, map);
	f->cel = ex;
	return 0;
}
