// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CelExpr (compiler/cel.h): the parser, the type checker and the two printers. */
#include <errno.h>
#include <stdlib.h>

#include "arena.h"
#include "cel.h"
#include "test.h"

/* The hook's args in these tests: arg0 int, arg1 int32, arg2 long, arg3 uint32,
 * arg4 uint64, arg5 string, arg6 failed (its own error reported).
 */
static const struct cel_arg args[] = {
	{ CEL_T_S32, "int", false }, { CEL_T_S32, "int32", false }, { CEL_T_S64, "long", false },
	{ CEL_T_U32, "uint32", false }, { CEL_T_U64, "uint64", false },
	{ CEL_T_NONE, "string", false }, { CEL_T_NONE, "int", true },
};

/* Parse and check s; 0 and the canonical text in out, or the error. */
static int run(struct tp_arena *a, const char *s, char *out, size_t sz, struct cel_error *e,
	       const char *base)
{
	struct cel_expr *ex;
	int ret = cel_parse(a, s, strlen(s), &ex, e, NULL);
	FILE *f;

	if (ret)
		return ret;
	ret = cel_check(ex, args, sizeof(args) / sizeof(args[0]), e);
	if (ret)
		return ret;
	f = fmemopen(out, sz, "w");
	if (!f)
		return -ENOMEM;
	if (base)
		cel_emit_c(f, ex->root, base);
	else
		cel_print(f, ex->root);
	fclose(f);
	return 0;
}

void test_cel_parse(void)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "arg1 == int32(-1) && arg0 >= int32(1024)",
		  "((arg1 == int32(-1)) && (arg0 >= int32(1024)))" },
		/* precedence: || < && < relations < + - ; left associative */
		{ "true || false && false", "(true || (false && false))" },
		{ "arg2 - 1 - 2 == 0", "(((arg2 - 1) - 2) == 0)" },
		{ "arg2 + 1 < 2 == true", "(((arg2 + 1) < 2) == true)" },
		/* '!' binds to the operand; an even number of them is dropped (cel-go) */
		{ "!(arg2 > 0)", "!(arg2 > 0)" },
		{ "!!(arg2 > 0)", "(arg2 > 0)" },
		{ "!!!true", "!true" },
		/* literals: hex, uint, the int64 extremes, a sign on a literal */
		{ "arg4 == 0xffffffffffffffffu", "(arg4 == 18446744073709551615u)" },
		{ "arg2 == -9223372036854775808 || arg2 == 9223372036854775807",
		  "((arg2 == -9223372036854775808) || (arg2 == 9223372036854775807))" },
		{ "arg2 - -1 == 0x10", "((arg2 - -1) == 16)" },
		{ "uint32(arg4) == arg3", "(uint32(arg4) == arg3)" },
		{ "xor(and(arg3, uint32(1u)), or(arg3, not(arg3))) != arg3",
		  "(xor(and(arg3, uint32(1u)), or(arg3, not(arg3))) != arg3)" },
		/* whitespace and // comments */
		{ "\targ2\n>\r0 // x == y\n && true", "((arg2 > 0) && true)" },
	};
	static const struct {
		const char *in;
		size_t off;
		const char *msg;
	} bad[] = {
		{ "", 0, "empty expression" },
		{ "arg2 ==", 7, "expected an operand at the end" },
		{ "(arg2 > 0", 9, "missing ')'" },
		{ "arg2 > 0)", 8, "unbalanced ')'" },
		{ "arg2 > 0 arg2", 9, "expected an operator or the end" },
		{ "arg0 == int32(1)); system(\"x\"", 16, "unbalanced ')'" },
		{ "arg0 == 1 */ x /*", 10, "operator '*'" },
		{ "arg0 == 1\n#define X", 10, "unexpected '#'" },
		{ "arg0 == \"s\"", 8, "string literals" },
		{ "arg0 == r'x'", 8, "string literals" },
		{ "arg0 == b\"x\"", 8, "bytes literals" },
		{ "arg0 == 1.0", 8, "floating-point" },
		{ "arg0 == 1e3", 8, "floating-point" },
		{ "arg0 == null", 8, "null" },
		{ "arg0 in [1]", 5, "'in'" },
		{ "arg0 ? 1 : 2", 5, "conditional" },
		{ "arg0.x", 4, "field selection" },
		{ "arg0[0]", 4, "indexing" },
		{ "{1: 2}", 0, "maps" },
		{ "has(arg0)", 0, "macro 'has'" },
		{ "size(arg0)", 0, "function 'size'" },
		{ "int64(1)", 0, "function 'int64'" },
		{ "-arg2 == 1", 0, "negation" },
		{ "--1 == 1", 0, "negation" },
		{ "-1u == 1u", 0, "cannot be negative" },
		{ "arg2 == 9223372036854775808", 8, "out of range" },
		{ "arg2 == -9223372036854775809", 8, "out of range" },
		{ "arg4 == 18446744073709551616u", 8, "out of range" },
		{ "arg4 == 0x", 8, "without digits" },
		{ "arg2 = 1", 5, "'=' is not an operator" },
		{ "arg2 & 1", 5, "and()" },
		{ "arg01 == 1", 0, "undeclared reference to 'arg01'" },
		{ "foo == 1", 0, "undeclared reference to 'foo'" },
		{ "int32(1, 2)", 9, "takes 1 argument" },
		{ "and(1)", 5, "takes 2 arguments" },
		{ "arg0 == 1\x01", 9, "0x01" },
		{ "arg0 == 1\xe2\x98\x83", 9, "0xe2" },
		/* an error inside a loop of the parser ends it (these hung once) */
		{ "! \"s\"", 2, "string literals" },
		{ "!!!?", 3, "conditional" },
		{ "1 + + *", 4, "expected an operand" },
		{ "arg0 == int32(1) && ?", 20, "conditional" },
		{ "and(1, ?", 7, "conditional" },
	};
	struct tp_arena *a = arena_new();
	struct cel_expr *ex;
	struct cel_error e;
	char out[512];
	size_t i;

	if (!ASSERT_TRUE(a, "arena"))
		return;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int ret = cel_parse(a, ok[i].in, strlen(ok[i].in), &ex, &e, NULL);

		if (!ASSERT_OK(ret, ok[i].in)) {
			fprintf(stderr, "    %zu: %s\n", e.off, e.msg);
			continue;
		}
		if (!ASSERT_OK(run(a, ok[i].in, out, sizeof(out), &e, NULL), ok[i].in)) {
			fprintf(stderr, "    %zu: %s\n", e.off, e.msg);
			continue;
		}
		ASSERT_STREQ(out, ok[i].out, ok[i].in);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = cel_parse(a, bad[i].in, strlen(bad[i].in), &ex, &e, NULL);

		if (!ASSERT_EQ(ret, -EINVAL, bad[i].in))
			continue;
		ASSERT_EQ(e.off, bad[i].off, bad[i].in);
		ASSERT_STRSTR(e.msg, bad[i].msg, bad[i].in);
	}
	arena_free(a);
}

void test_cel_limits(void)
{
	struct tp_arena *a = arena_new();
	struct cel_warnings w = { 0 };
	struct cel_expr *ex;
	struct cel_error e;
	char *s = malloc(4096);
	size_t i, n;

	if (!ASSERT_TRUE(a && s, "alloc"))
		goto out;
	/* length */
	memset(s, ' ', CEL_MAX_LEN + 1);
	memcpy(s, "true", 4);
	ASSERT_EQ(cel_parse(a, s, CEL_MAX_LEN + 1, &ex, &e, NULL), -E2BIG, "too long");
	ASSERT_OK(cel_parse(a, s, CEL_MAX_LEN, &ex, &e, NULL), "at the length limit");
	/* nesting: parentheses (parser recursion) */
	n = 0;
	for (i = 0; i < CEL_MAX_DEPTH + 1; i++)
		s[n++] = '(';
	memcpy(s + n, "true", 4);
	n += 4;
	for (i = 0; i < CEL_MAX_DEPTH + 1; i++)
		s[n++] = ')';
	ASSERT_EQ(cel_parse(a, s, n, &ex, &e, NULL), -E2BIG, "parentheses too deep");
	ASSERT_OK(cel_parse(a, s + 1, n - 2, &ex, &e, NULL), "parentheses at the limit");
	/* depth of the AST: a left-deep chain */
	n = 0;
	n += (size_t)sprintf(s + n, "true");
	for (i = 1; i < CEL_MAX_DEPTH; i++)
		n += (size_t)sprintf(s + n, "&&true");
	ASSERT_OK(cel_parse(a, s, n, &ex, &e, NULL), "chain at the limit");
	ASSERT_EQ(ex->root->depth, CEL_MAX_DEPTH, "chain depth");
	n += (size_t)sprintf(s + n, "&&true");
	ASSERT_EQ(cel_parse(a, s, n, &ex, &e, NULL), -E2BIG, "chain too deep");
	/* nodes: a balanced tree of 511 nodes in 1021 bytes */
	{
		char *t = malloc(4096), *u = malloc(4096);
		unsigned int k;

		if (ASSERT_TRUE(t && u, "alloc")) {
			strcpy(t, "1");
			for (k = 0; k < 8; k++) {
				snprintf(u, 4096, "(%s+%s)", t, t);
				strcpy(t, u);
			}
			ASSERT_EQ(cel_parse(a, t, strlen(t), &ex, &e, NULL), -E2BIG, "too many nodes");
			ASSERT_STRSTR(e.msg, "nodes", "nodes message");
		}
		free(t);
		free(u);
	}
	/* a leading zero is decimal (cel-go VisitInt), with a warning */
	ASSERT_OK(cel_parse(a, "arg2 == 0755", 12, &ex, &e, &w), "leading zero");
	ASSERT_EQ(ex->root->r->val, 755, "decimal");
	ASSERT_EQ(w.nr, 1, "one warning");
	ASSERT_EQ(w.w[0].off, 8, "warning offset");
out:
	free(s);
	arena_free(a);
}

void test_cel_check(void)
{
	static const struct {
		const char *in;
		int ret;
		size_t off;
		const char *msg;
	} cases[] = {
		{ "arg9 == 1", -EINVAL, 0, "the hook has 7 args (arg0..arg6)" },
		{ "arg5 == 1", -EINVAL, 0, "type 'string'" },
		{ "arg6 == int32(1)", -ECANCELED, 0, "" },
		{ "arg0 == 1", -EINVAL, 5, "int32 and int" },
		{ "arg0 == arg2", -EINVAL, 5, "int32 and int" },
		{ "arg3 < 1u", -EINVAL, 5, "uint32(Nu)" },
		{ "arg2 > 1u", -EINVAL, 5, "write N (no u)" },
		{ "true < false", -EINVAL, 5, "integer operands" },
		{ "true + true == true", -EINVAL, 5, "integer operands" },
		{ "arg0 && true", -EINVAL, 5, "two bools" },
		{ "!arg0", -EINVAL, 0, "needs a bool" },
		{ "not(true)", -EINVAL, 0, "needs an integer" },
		{ "int32(arg0) == arg0", -EINVAL, 0, "converts an int" },
		{ "uint32(1) == arg3", -EINVAL, 0, "converts a uint" },
		{ "arg2 + 1", -EINVAL, 5, "of type int; CelExpr needs a bool" },
		{ "and(arg0, arg3) == arg0", -EINVAL, 0, "int32 and uint32" },
	};
	struct tp_arena *a = arena_new();
	struct cel_error e;
	char out[512];
	size_t i;

	if (!ASSERT_TRUE(a, "arena"))
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = run(a, cases[i].in, out, sizeof(out), &e, NULL);

		if (!ASSERT_EQ(ret, cases[i].ret, cases[i].in) || ret == -ECANCELED)
			continue;
		ASSERT_EQ(e.off, cases[i].off, cases[i].in);
		ASSERT_STRSTR(e.msg, cases[i].msg, cases[i].in);
	}
	arena_free(a);
}

void test_cel_emit(void)
{
	static const struct {
		const char *in, *c;
	} cases[] = {
		{ "arg1 == int32(-1)", "(((__s32)ev->a1) == ((__s32)((__s64)0xffffffffffffffffULL)))" },
		/* signed arithmetic is done unsigned and cast back: wraps, no C UB */
		{ "arg2 + 1 > arg2",
		  "(((__s64)((__u64)((__s64)ev->a2) + (__u64)((__s64)0x1ULL))) > ((__s64)ev->a2))" },
		{ "arg3 - arg3 >= arg3",
		  "(((__u32)((__u32)((__u32)ev->a3) - (__u32)((__u32)ev->a3))) >= ((__u32)ev->a3))" },
		{ "not(arg4) != 0u", "(((__u64)~(__u64)((__u64)ev->a4)) != 0x0ULL)" },
		{ "!(true || false)", "(!(1 || 0))" },
	};
	struct tp_arena *a = arena_new();
	struct cel_expr *ex;
	struct cel_error e;
	char out[512];
	int map[7] = { 10, 11, 12, 13, 14, 15, 16 };
	size_t i;

	if (!ASSERT_TRUE(a, "arena"))
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!ASSERT_OK(run(a, cases[i].in, out, sizeof(out), &e, "ev->a"), cases[i].in))
			continue;
		ASSERT_STREQ(out, cases[i].c, cases[i].in);
	}
	/* binding: positions become ir_arg ids; dumps keep argN */
	if (ASSERT_OK(cel_parse(a, "arg2 == 1", 9, &ex, &e, NULL), "parse") &&
	    ASSERT_OK(cel_check(ex, args, 7, &e), "check")) {
		FILE *f = fmemopen(out, sizeof(out), "w");

		cel_bind(ex->root, map);
		cel_emit_c(f, ex->root, "ev->a");
		fputc(' ', f);
		cel_print(f, ex->root);
		fclose(f);
		ASSERT_STREQ(out, "(((__s64)ev->a12) == ((__s64)0x1ULL)) (arg2 == 1)", "bind");
	}
	arena_free(a);
}
