// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CelExpr AST -> C, and back to canonical CEL text (dumps, comments). The C is made
 * of fixed tokens, hex numbers and value reads only. Its semantics are those of
 * Tetragon's BPF code for the expression (pkg/celbpf/codegen.go): int32/uint32
 * values compare and compute on their low 32 bits (emitBranch() and emitArithOp()
 * use the 32-bit jumps and ALU ops), int/uint on 64 bits; + and - wrap (BPF ALU ops
 * never trap, unlike CEL's checked int arithmetic); int32()/uint32() keep the low
 * 32 bits (emitS32(), emitU32()). && and || short-circuit here and not there, which
 * changes nothing: the operands have no side effects and cannot fail.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cel.h"

static const char *c_type(enum cel_type t)
{
	switch (t) {
	case CEL_T_S32: return "__s32";
	case CEL_T_U32: return "__u32";
	case CEL_T_S64: return "__s64";
	case CEL_T_U64: return "__u64";
	default: return "int";
	}
}

/* The unsigned type arithmetic on t is done in (no signed overflow in C). */
static const char *c_utype(enum cel_type t)
{
	return t == CEL_T_S32 || t == CEL_T_U32 ? "__u32" : "__u64";
}

static const char *c_op(enum cel_kind k)
{
	switch (k) {
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
	case CEL_BAND: return "&";
	case CEL_BOR: return "|";
	case CEL_BXOR: return "^";
	default: return "?";
	}
}

void cel_bind(struct cel_node *n, const int *map)
{
	if (!n)
		return;
	if (n->kind == CEL_ARG)
		n->arg = (unsigned int)map[n->pos];
	cel_bind(n->l, map);
	cel_bind(n->r, map);
}

void cel_emit_c(FILE *f, const struct cel_node *n, const char *base)
{
	switch (n->kind) {
	case CEL_LIT:
		if (n->type == CEL_T_BOOL)
			fputs(n->val ? "1" : "0", f);
		else if (n->type == CEL_T_S64)
			fprintf(f, "((__s64)0x%" PRIx64 "ULL)", n->val);
		else
			fprintf(f, "0x%" PRIx64 "ULL", n->val);
		return;
	case CEL_ARG:
		fprintf(f, "((%s)%s%u)", c_type(n->type), base, n->arg);
		return;
	case CEL_NOT:
		fputs("(!", f);
		cel_emit_c(f, n->l, base);
		fputc(')', f);
		return;
	case CEL_AND:
	case CEL_OR:
	case CEL_EQ:
	case CEL_NE:
	case CEL_LT:
	case CEL_LE:
	case CEL_GT:
	case CEL_GE:
		/* operands are of one type, and each C operand has that type */
		fputc('(', f);
		cel_emit_c(f, n->l, base);
		fprintf(f, " %s ", c_op(n->kind));
		cel_emit_c(f, n->r, base);
		fputc(')', f);
		return;
	case CEL_ADD:
	case CEL_SUB:
	case CEL_BAND:
	case CEL_BOR:
	case CEL_BXOR:
		fprintf(f, "((%s)((%s)", c_type(n->type), c_utype(n->type));
		cel_emit_c(f, n->l, base);
		fprintf(f, " %s (%s)", c_op(n->kind), c_utype(n->type));
		cel_emit_c(f, n->r, base);
		fputs("))", f);
		return;
	case CEL_BNOT:
		fprintf(f, "((%s)~(%s)", c_type(n->type), c_utype(n->type));
		cel_emit_c(f, n->l, base);
		fputc(')', f);
		return;
	case CEL_TO_S32:
	case CEL_TO_U32:
		fprintf(f, "((%s)", c_type(n->type));
		cel_emit_c(f, n->l, base);
		fputc(')', f);
		return;
	}
	fputs("0", f);	/* unreachable: cel_check() knows every kind */
}

static const char *fn_name(enum cel_kind k)
{
	switch (k) {
	case CEL_BAND: return "and";
	case CEL_BOR: return "or";
	case CEL_BXOR: return "xor";
	case CEL_BNOT: return "not";
	case CEL_TO_S32: return "int32";
	case CEL_TO_U32: return "uint32";
	default: return "?";
	}
}

void cel_print(FILE *f, const struct cel_node *n)
{
	switch (n->kind) {
	case CEL_LIT:
		if (n->type == CEL_T_BOOL)
			fputs(n->val ? "true" : "false", f);
		else if (n->type == CEL_T_S64)
			fprintf(f, "%" PRId64, (int64_t)n->val);
		else
			fprintf(f, "%" PRIu64 "u", n->val);
		return;
	case CEL_ARG:
		fprintf(f, "arg%u", n->pos);
		return;
	case CEL_NOT:
		fputc('!', f);
		cel_print(f, n->l);
		return;
	case CEL_BAND:
	case CEL_BOR:
	case CEL_BXOR:
	case CEL_BNOT:
	case CEL_TO_S32:
	case CEL_TO_U32:
		fprintf(f, "%s(", fn_name(n->kind));
		cel_print(f, n->l);
		if (n->r) {
			fputs(", ", f);
			cel_print(f, n->r);
		}
		fputc(')', f);
		return;
	default:
		fputc('(', f);
		cel_print(f, n->l);
		fprintf(f, " %s ", c_op(n->kind));
		cel_print(f, n->r);
		fputc(')', f);
		return;
	}
}
