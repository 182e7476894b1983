/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* matchArgs operator CelExpr: the CEL subset Tetragon compiles to BPF (pkg/celbpf),
 * parsed into a typed AST, checked against the hook's argument types, and printed
 * as a C expression built only from fixed tokens, numbers and ev->a<id> reads (the
 * user's text never reaches the generated C).
 *
 * The subset (Tetragon's checker environment, pkg/celbpf/env.go getFnsOpts() and
 * types.go typeFromGenTy()): types bool, int (int64), uint (uint64) and the opaque
 * int32/uint32; literals true, false, integers (decimal or 0x hex; -N; a u/U suffix
 * makes a uint); identifiers arg0..argN-1 (the N-th entry of the hook's args); the
 * operators == != (both operands of one type), < <= > >= + - (both of one integer
 * type; + and - wrap at the type's width, as Tetragon's BPF ALU ops do, where CEL's
 * own int would raise an overflow error), && || ! (bool); the functions int32(int),
 * uint32(uint), and(x, y), or(x, y), xor(x, y), not(x) (bitwise, one integer type).
 * There are no implicit conversions: arg0 == 1 on an int arg is a type error (write
 * int32(1)), as it is for Tetragon. The expression's type must be bool.
 *
 * Everything else CEL has (strings, bytes, doubles, null, lists, maps, fields,
 * indexes, `in`, ?:, * / %, unary minus on a non-literal, macros such as has() or
 * size()) is a diagnostic naming it.
 */
#ifndef TPC_CEL_H
#define TPC_CEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tp_arena;

/* Limits, checked before anything is built from the text (docs/policy-support.md). */
#define CEL_MAX_LEN	1024	/* bytes of one expression */
#define CEL_MAX_DEPTH	32	/* AST depth (bounds recursion and the C's nesting) */
#define CEL_MAX_NODES	256	/* AST nodes */
#define CEL_MAX_ARGS	64	/* argN: N < this */

enum cel_type {
	CEL_T_BOOL,
	CEL_T_S32,		/* Tetragon's opaque "s32": int, int32, sint32 args; int32() */
	CEL_T_U32,		/* "u32": uint32 args; uint32() */
	CEL_T_S64,		/* CEL int: int64, sint64, long args; int literals */
	CEL_T_U64,		/* CEL uint: uint64, ulong args; 1u literals */
	CEL_T_NONE,		/* an argument CelExpr cannot read (its type name is given) */
};

enum cel_kind {
	CEL_LIT,		/* val (bool: 0/1; integers: the 64-bit two's complement) */
	CEL_ARG,		/* argN */
	CEL_NOT,		/* !l */
	CEL_AND,		/* l && r */
	CEL_OR,			/* l || r */
	CEL_EQ, CEL_NE, CEL_LT, CEL_LE, CEL_GT, CEL_GE,
	CEL_ADD, CEL_SUB,	/* l + r, l - r: wrap at the type's width */
	CEL_BAND, CEL_BOR, CEL_BXOR,	/* and(l, r), or(l, r), xor(l, r) */
	CEL_BNOT,		/* not(l) */
	CEL_TO_S32,		/* int32(l) */
	CEL_TO_U32,		/* uint32(l) */
};

struct cel_node {
	enum cel_kind kind;
	enum cel_type type;	/* set by cel_check() */
	uint32_t off;		/* byte offset of the node's token in the text */
	uint64_t val;		/* CEL_LIT */
	unsigned int arg;	/* CEL_ARG: position in args (parse), ir_arg id (cel_bind) */
	unsigned int pos;	/* CEL_ARG: position in args (argN) */
	unsigned int depth;	/* 1 + the deeper child's */
	struct cel_node *l, *r;
};

struct cel_expr {
	struct cel_node *root;
	size_t nr_nodes;
	uint64_t args;		/* positions referenced (bit N: argN) */
};

/* A problem in the text: the byte offset it is about, and the message. */
struct cel_error {
	size_t off;
	char msg[256];
};

/* Warnings that do not stop compilation (e.g. a decimal literal with a leading 0,
 * which CEL reads as decimal: 0755 is 755). Up to 4 are kept.
 */
struct cel_warnings {
	size_t nr;
	struct cel_error w[4];
};

/* Parse s[0..len) (cel_parse.c). 0 and *out; -EINVAL with *err; -E2BIG (a limit,
 * with *err); -ENOMEM. warn may be NULL.
 */
int cel_parse(struct tp_arena *a, const char *s, size_t len, struct cel_expr **out,
	      struct cel_error *err, struct cel_warnings *warn);

/* One entry of the hook's args, as CelExpr sees it. */
struct cel_arg {
	enum cel_type type;	/* CEL_T_NONE: not usable (why in tname) */
	const char *tname;	/* the `type:` as written, for messages */
	bool failed;		/* the arg's own error was reported: say nothing more */
};

/* Type-check e against the hook's args[0..nr) (cel_check.c): sets every node's
 * type. 0; -EINVAL with *err (-ECANCELED: an arg that already failed is named,
 * nothing to report).
 */
int cel_check(struct cel_expr *e, const struct cel_arg *args, size_t nr, struct cel_error *err);

/* "int32", "bool", ... as CEL and Tetragon's checker spell the types. */
const char *cel_type_name(enum cel_type t);

/* Set every CEL_ARG's arg to map[pos] (cel_emit.c). */
void cel_bind(struct cel_node *n, const int *map);

/* The C expression of checked node n (cel_emit.c): value reads are `<base><id>`
 * (base a C identifier prefix such as "ev->a"), everything else fixed tokens and
 * hex numbers. Integers are computed in unsigned C arithmetic and cast back, so
 * nothing is undefined behaviour in C and results wrap like Tetragon's BPF ALU ops.
 */
void cel_emit_c(FILE *f, const struct cel_node *n, const char *base);

/* The canonical CEL text of n, fully parenthesised, for IR dumps and comments
 * (only fixed tokens, decimal numbers and argN).
 */
void cel_print(FILE *f, const struct cel_node *n);

#endif
