// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests of the back half of tpc: values, the two doors from policy
 * text into C (c_quote, c_comment_text, c_check_ident), the emitter,
 * templates, tracefs formats, and the pipeline from YAML to C.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "compile.h"
#include "diag.h"
#include "emit.h"
#include "policy.h"
#include "target.h"
#include "test.h"
#include "tmpl.h"
#include "tracefs.h"
#include "values.h"

void test_value_parse_int(void)
{
	uint64_t v;

	ASSERT_OK(value_parse_int("42", 2, false, 4, &v), "dec");
	ASSERT_EQ(v, 42, "dec value");
	ASSERT_OK(value_parse_int("0x1F", 4, false, 4, &v), "hex");
	ASSERT_EQ(v, 31, "hex value");
	ASSERT_OK(value_parse_int("010", 3, false, 4, &v), "octal, like Tetragon");
	ASSERT_EQ(v, 8, "octal value");
	ASSERT_OK(value_parse_int("-1", 2, true, 4, &v), "negative signed");
	ASSERT_EQ(v, UINT64_MAX, "sign-extended");
	ASSERT_OK(value_parse_int("-2147483648", 11, true, 4, &v), "INT32_MIN");
	ASSERT_EQ((int64_t)v, INT32_MIN, "INT32_MIN value");
	ASSERT_EQ(value_parse_int("2147483648", 10, true, 4, &v), -ERANGE, "INT32_MAX + 1");
	ASSERT_EQ(value_parse_int("-1", 2, false, 8, &v), -ERANGE, "negative unsigned");
	ASSERT_EQ(value_parse_int("256", 3, false, 1, &v), -ERANGE, "uint8 overflow");
	ASSERT_OK(value_parse_int("18446744073709551615", 20, false, 8, &v), "UINT64_MAX");
	ASSERT_EQ(value_parse_int("18446744073709551616", 20, false, 8, &v), -ERANGE, "> UINT64_MAX");
	ASSERT_EQ(value_parse_int("12abc", 5, false, 8, &v), -EINVAL, "trailing junk");
	ASSERT_EQ(value_parse_int("", 0, false, 8, &v), -EINVAL, "empty");
	ASSERT_EQ(value_parse_int("1\0" "2", 3, false, 8, &v), -EINVAL, "NUL byte");
	ASSERT_EQ(value_parse_int("0x", 2, false, 8, &v), -EINVAL, "bare 0x");
	ASSERT_EQ(value_parse_int("09", 2, false, 8, &v), -EINVAL, "bad octal");
}

void test_value_parse_range(void)
{
	uint64_t lo, hi;

	ASSERT_OK(value_parse_range("-10:-1", 6, true, 4, &lo, &hi), "signed range");
	ASSERT_EQ((int64_t)lo, -10, "lo");
	ASSERT_EQ((int64_t)hi, -1, "hi");
	ASSERT_EQ(value_parse_range("5:1", 3, false, 4, &lo, &hi), -EINVAL, "lo > hi");
	ASSERT_EQ(value_parse_range("5", 1, false, 4, &lo, &hi), -EINVAL, "no colon");
}

void test_values_sort(void)
{
	uint64_t v[] = { 5, 1, 5, 3, 1 };

	ASSERT_EQ(values_sort_u64(v, 5, false), 3, "dedup");
	ASSERT_EQ(v[0], 1, "v0");
	ASSERT_EQ(v[2], 5, "v2");
}

void test_c_quote(void)
{
	char buf[64], tiny[4];

	ASSERT_OK(c_quote(buf, sizeof(buf), "a\"b\\c\n?", 7), "escapes");
	ASSERT_STREQ(buf, "\"a\\042b\\134c\\012\\077\"", "every risky byte is octal");
	ASSERT_OK(c_quote(buf, sizeof(buf), "x\0y", 3), "NUL inside");
	ASSERT_STREQ(buf, "\"x\\000y\"", "NUL as octal");
	ASSERT_EQ(c_quote(tiny, sizeof(tiny), "abc", 3), -E2BIG, "never truncates");
	ASSERT_OK(c_quote(buf, 3, "", 0), "empty fits in 3");
	ASSERT_STREQ(buf, "\"\"", "empty literal");
}

void test_c_comment_text(void)
{
	char buf[64];

	c_comment_text(buf, sizeof(buf), "a*/b/*c\n", 8);
	ASSERT_TRUE(!strstr(buf, "*/") && !strstr(buf, "/*"), "no comment delimiters");
	ASSERT_TRUE(!strchr(buf, '\n'), "no newline");
	c_comment_text(buf, 8, "0123456789abcdef", 16);
	ASSERT_EQ(strlen(buf), 7, "truncated to fit");
	ASSERT_TRUE(strstr(buf, "...") != NULL, "marked truncated");
}

void test_c_check_ident(void)
{
	ASSERT_OK(c_check_ident("tp0_sys_enter_openat"), "ident");
	ASSERT_EQ(c_check_ident("0abc"), -EINVAL, "leading digit");
	ASSERT_EQ(c_check_ident("a-b"), -EINVAL, "dash");
	ASSERT_EQ(c_check_ident(""), -EINVAL, "empty");
	ASSERT_EQ(c_check_ident("a;b"), -EINVAL, "semicolon");
}

void test_emitter_balance(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct emitter e;

	emit_init(&e, f);
	emit_func(&e, "int f(void)");
	emit_open(&e, "if (1)");
	emit_line(&e, "return 1;");
	emit_close(&e, "");
	ASSERT_EQ(emit_finish(&e), -EFAULT, "unbalanced is an internal error");
	emit_close(&e, "");
	ASSERT_OK(emit_finish(&e), "balanced");
	fclose(f);
	ASSERT_TRUE(strstr(buf, "int f(void)\n{\n\tif (1) {\n\t\treturn 1;\n\t}\n}\n") != NULL,
		    "kernel style");
	free(buf);
}

void test_tmpl_slots(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tmpl_slot missing[] = { { "header", "x", 1 } };
	struct tmpl_slot extra[] = {
		{ "header", "", 0 }, { "cnt_stride", "2", 1 }, { "cnt_rows", "2", 1 },
		{ "meta", "", 0 }, { "hooks", "", 0 }, { "nope", "", 0 },
	};

	ASSERT_EQ(tmpl_render("policy.bpf.c.in", missing, 1, f), -EFAULT, "unfilled slot");
	ASSERT_EQ(tmpl_render("policy.bpf.c.in", extra, 6, f), -EFAULT, "slot not in template");
	ASSERT_EQ(tmpl_render("nope.bpf.c.in", extra, 6, f), -ENOENT, "no template");
	fclose(f);
	free(buf);
}

void test_tracefs_format(void)
{
	const char *txt =
		"name: x\nformat:\n"
		"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
		"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
		"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
		"\tfield:const char * filename;\toffset:16;\tsize:8;\tsigned:0;\n"
		"\tfield:unsigned long args[6];\toffset:24;\tsize:48;\tsigned:0;\n"
		"\tfield:__data_loc char[] name;\toffset:72;\tsize:4;\tsigned:0;\n";
	struct tp_arena *a = arena_new();
	struct tf_format fmt;

	if (!ASSERT_OK(tracefs_parse_format(txt, a, &fmt), "parse"))
		goto out;
	ASSERT_EQ(fmt.nr_fields, 6, "fields");
	ASSERT_STREQ(fmt.fields[1].name, "common_pid", "common");
	ASSERT_TRUE(fmt.fields[1].common && fmt.fields[1].is_signed, "common_pid flags");
	ASSERT_STREQ(fmt.fields[3].name, "filename", "ptr name");
	ASSERT_STREQ(fmt.fields[3].decl, "const char *", "ptr decl");
	ASSERT_TRUE(fmt.fields[3].is_ptr, "is_ptr");
	ASSERT_EQ(fmt.fields[4].array_len, 6, "array");
	ASSERT_STREQ(fmt.fields[4].name, "args", "array name");
	ASSERT_TRUE(fmt.fields[5].data_loc, "data_loc");
	ASSERT_EQ(tracefs_parse_format("garbage", a, &fmt), -EINVAL, "no fields");
out:
	arena_free(a);
}

/* YAML in memory -> C, with the golden tracefs formats and BTF */
static int compile_mem(const char *yaml, char **c, unsigned int *errors)
{
	struct diag_opts dopts = { .stream = NULL };
	struct target_opts to = { .tracefs = "tests/golden/tracefs",
				  .btf = "tests/golden/btf/vmlinux.btf" };
	struct compile_opts co = { .stop_after_codegen = true };
	struct compile_result res = {};
	struct tp_arena *a = arena_new();
	struct diag *d = diag_new(&dopts);
	struct tp_policy *pol = NULL;
	char why[256];
	int err;

	err = target_new(&to, &co.target, why, sizeof(why));
	err = err ?: policy_parse_mem("t.yaml", yaml, strlen(yaml), a, d, &pol);
	err = err ?: compile_policy(pol, &co, a, d, &res);
	*errors = diag_error_cnt(d);
	*c = res.c;
	res.c = NULL;
	compile_result_free(&res);
	target_free(co.target);
	diag_free(d);
	arena_free(a);
	return err;
}

#define HDR "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n  tracepoints:\n" \
	"  - subsystem: syscalls\n    event: sys_enter_lseek\n    args:\n    - index: 5\n      type: uint32\n"

void test_codegen_constants(void)
{
	char *c = NULL;
	unsigned int errs;

	if (!ASSERT_OK(compile_mem(HDR "    selectors:\n    - matchArgs:\n      - index: 5\n"
				   "        operator: Equal\n        values: [\"4444\", \"0x10\"]\n", &c, &errs),
		       "compile"))
		return;
	ASSERT_TRUE(strstr(c, "0x115cULL") && strstr(c, "0x10ULL"), "values are immediates");
	ASSERT_TRUE(strstr(c, "SEC(\"tracepoint/syscalls/sys_enter_lseek\")") != NULL, "section");
	ASSERT_TRUE(strstr(c, "ctx->args[0]") != NULL, "fd is args[0] via CO-RE");
	free(c);
}

void test_codegen_large_set_uses_table(void)
{
	char *yaml = NULL, *c = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&yaml, &len);
	unsigned int errs, i;

	fputs(HDR "    selectors:\n    - matchArgs:\n      - index: 5\n        operator: InMap\n        values:\n", f);
	for (i = 0; i < 1000; i++)
		fprintf(f, "        - \"%u\"\n", i * 3);
	fclose(f);
	if (ASSERT_OK(compile_mem(yaml, &c, &errs), "1000 values")) {
		ASSERT_TRUE(strstr(c, "tp_bsearch(") && strstr(c, "tp_bs_u64_step("), "binary search in a bpf_loop callback");
		ASSERT_TRUE(strstr(c, "[1000] = {") != NULL, "sorted table of 1000");
		ASSERT_TRUE(strstr(c, "_scratch SEC(\".maps\")") != NULL, "search state in a map");
	}
	free(c);
	free(yaml);
}

void test_codegen_rejects(void)
{
	char *c = NULL;
	unsigned int errs;

	ASSERT_EQ(compile_mem(HDR "    selectors:\n    - matchArgs:\n      - index: 5\n"
			      "        operator: Prefix\n        values: [\"a\"]\n", &c, &errs),
		  -EINVAL, "Prefix on an integer");
	ASSERT_EQ(errs, 1, "one error");
	free(c);
	c = NULL;
	ASSERT_EQ(compile_mem(HDR "    selectors:\n    - matchArgs:\n      - index: 9\n"
			      "        operator: Equal\n        values: [\"1\"]\n", &c, &errs),
		  -EINVAL, "index without an args entry");
	free(c);
}
