// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CelExpr AST: types, as Tetragon's checker environment declares them
 * (pkg/celbpf/env.go getFnsOpts(): == and != on two values of one type, < <= > >=
 * + - and(), or(), xor() on two of one integer type, not() on one, int32(int),
 * uint32(uint), && || ! on bools; pkg/celbpf/types.go typeFromGenTy(): which
 * argument types are readable). No implicit conversions, as in CEL.
 * Recursion is bounded by the parser's CEL_MAX_DEPTH.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "cel.h"

const char *cel_type_name(enum cel_type t)
{
	switch (t) {
	case CEL_T_BOOL: return "bool";
	case CEL_T_S32: return "int32";
	case CEL_T_U32: return "uint32";
	case CEL_T_S64: return "int";
	case CEL_T_U64: return "uint";
	case CEL_T_NONE: break;
	}
	return "unsupported";
}

static const char *op_text(enum cel_kind k)
{
	switch (k) {
	case CEL_NOT: return "!";
	case CEL_AND: return "&&";
	case CEL_OR: return "||";
	case CEL_EQ: return "==";
	case CEL_NE: return "!=";
	case CEL_LT: return "<";
	case CEL_LE: return "<=";
	case CEL_GT: return ">";
	case CEL_GE: return ">=";
	case CEL_ADD: return "+";
	case CEL_SUB: return "-";
	case CEL_BAND: return "and()";
	case CEL_BOR: return "or()";
	case CEL_BXOR: return "xor()";
	case CEL_BNOT: return "not()";
	case CEL_TO_S32: return "int32()";
	case CEL_TO_U32: return "uint32()";
	default: return "?";
	}
}

__attribute__((format(printf, 3, 4)))
static int fail(struct cel_error *err, size_t off, const char *fmt, ...)
{
	va_list ap;

	err->off = off;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool is_int(enum cel_type t)
{
	return t == CEL_T_S32 || t == CEL_T_U32 || t == CEL_T_S64 || t == CEL_T_U64;
}

/* How to write a literal of type t: a hint for a literal compared with an arg. */
static const char *lit_hint(enum cel_type t)
{
	switch (t) {
	case CEL_T_S32: return "; write int32(N) for an int32 constant";
	case CEL_T_U32: return "; write uint32(Nu) for a uint32 constant";
	case CEL_T_U64: return "; write Nu for a uint constant";
	case CEL_T_S64: return "; write N (no u) for an int constant";
	default: return "";
	}
}

/* Two operands of one type: the binary operators and functions. */
static int same_type(struct cel_node *n, bool ints, struct cel_error *err)
{
	enum cel_type a = n->l->type, b = n->r->type;

	if (a != b) {
		const char *hint = "";

		if (n->l->kind == CEL_LIT)
			hint = lit_hint(b);
		else if (n->r->kind == CEL_LIT)
			hint = lit_hint(a);
		return fail(err, n->off, "'%s' needs two operands of one type, found %s and %s (CEL converts nothing implicitly%s)",
			    op_text(n->kind), cel_type_name(a), cel_type_name(b), hint);
	}
	if (ints && !is_int(a))
		return fail(err, n->off, "'%s' needs integer operands, found %s", op_text(n->kind),
			    cel_type_name(a));
	return 0;
}

static int check(struct cel_node *n, const struct cel_arg *args, size_t nr, struct cel_error *err)
{
	int ret;

	if (n->l && (ret = check(n->l, args, nr, err)))
		return ret;
	if (n->r && (ret = check(n->r, args, nr, err)))
		return ret;
	switch (n->kind) {
	case CEL_LIT:
		return 0;	/* typed by the parser */
	case CEL_ARG:
		if (n->arg >= nr) {
			if (!nr)
				return fail(err, n->off, "undeclared reference to 'arg%u': the hook has no args",
					    n->arg);
			if (nr == 1)
				return fail(err, n->off, "undeclared reference to 'arg%u': the hook has 1 arg (arg0)",
					    n->arg);
			return fail(err, n->off, "undeclared reference to 'arg%u': the hook has %zu args (arg0..arg%zu)",
				    n->arg, nr, nr - 1);
		}
		if (args[n->arg].failed)
			return -ECANCELED;
		if (args[n->arg].type == CEL_T_NONE)
			return fail(err, n->off, "arg%u is of type '%s': CelExpr reads integer arguments of type int, int32, int64, long, uint32, uint64 or ulong only (as Tetragon)",
				    n->arg, args[n->arg].tname ? args[n->arg].tname : "?");
		n->type = args[n->arg].type;
		return 0;
	case CEL_NOT:
		if (n->l->type != CEL_T_BOOL)
			return fail(err, n->off, "'!' needs a bool, found %s (bitwise: not())",
				    cel_type_name(n->l->type));
		n->type = CEL_T_BOOL;
		return 0;
	case CEL_AND:
	case CEL_OR:
		if (n->l->type != CEL_T_BOOL || n->r->type != CEL_T_BOOL)
			return fail(err, n->off, "'%s' needs two bools, found %s and %s (bitwise: %s())",
				    op_text(n->kind), cel_type_name(n->l->type),
				    cel_type_name(n->r->type), n->kind == CEL_AND ? "and" : "or");
		n->type = CEL_T_BOOL;
		return 0;
	case CEL_EQ:
	case CEL_NE:
		if ((ret = same_type(n, false, err)))
			return ret;
		n->type = CEL_T_BOOL;
		return 0;
	case CEL_LT:
	case CEL_LE:
	case CEL_GT:
	case CEL_GE:
		if ((ret = same_type(n, true, err)))
			return ret;
		n->type = CEL_T_BOOL;
		return 0;
	case CEL_ADD:
	case CEL_SUB:
	case CEL_BAND:
	case CEL_BOR:
	case CEL_BXOR:
		if ((ret = same_type(n, true, err)))
			return ret;
		n->type = n->l->type;
		return 0;
	case CEL_BNOT:
		if (!is_int(n->l->type))
			return fail(err, n->off, "not() needs an integer, found %s (logical: '!')",
				    cel_type_name(n->l->type));
		n->type = n->l->type;
		return 0;
	case CEL_TO_S32:
		/* pkg/celbpf/env.go: int32 has the one overload s32fromint (int -> s32) */
		if (n->l->type != CEL_T_S64)
			return fail(err, n->off, "int32() converts an int (64-bit signed), found %s",
				    cel_type_name(n->l->type));
		n->type = CEL_T_S32;
		return 0;
	case CEL_TO_U32:
		/* u32fromuint (uint -> u32) */
		if (n->l->type != CEL_T_U64)
			return fail(err, n->off, "uint32() converts a uint (64-bit unsigned: 1u), found %s",
				    cel_type_name(n->l->type));
		n->type = CEL_T_U32;
		return 0;
	}
	return fail(err, n->off, "internal error: node kind %d", (int)n->kind);
}

int cel_check(struct cel_expr *e, const struct cel_arg *args, size_t nr, struct cel_error *err)
{
	int ret = check(e->root, args, nr, err);

	if (ret)
		return ret;
	/* pkg/celbpf/compiler.go compile(): "expecting CEL expression to return bool" */
	if (e->root->type != CEL_T_BOOL)
		return fail(err, e->root->off, "the expression is of type %s; CelExpr needs a bool",
			    cel_type_name(e->root->type));
	return 0;
}
