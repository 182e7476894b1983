// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Front end: YAML -> AST (policy_parse.c), schema errors with exact
 * positions, CRD defaults, unsupported fields, hostile input, and the
 * Tetragon example corpus.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "diag.h"
#include "policy.h"
#include "test.h"

struct pres {
	struct tp_arena *arena;
	struct diag *d;
	struct tp_policy *pol;
	int err;
	char *text;		/* diagnostics as printed */
	size_t text_len;
	FILE *f;
};

static int parse_buf(struct pres *r, const char *yaml, size_t len)
{
	struct diag_opts o = { .buffer = true };

	memset(r, 0, sizeof(*r));
	r->f = open_memstream(&r->text, &r->text_len);
	o.stream = r->f;
	r->arena = arena_new();
	r->d = diag_new(&o);
	if (!r->f || !r->arena || !r->d)
		return -ENOMEM;
	r->err = policy_parse_mem("t.yaml", yaml, len, r->arena, r->d, &r->pol);
	fflush(r->f);
	return r->err;
}

static int parse_str(struct pres *r, const char *yaml)
{
	return parse_buf(r, yaml, strlen(yaml));
}

/* Test-only allocation: a test may abort on ENOMEM. */
static void *xcalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p)
		abort();
	return p;
}

static void pres_free(struct pres *r)
{
	if (r->f)
		fclose(r->f);
	free(r->text);
	diag_free(r->d);
	arena_free(r->arena);
}

/* Lines 1-5; spec's content starts on line 6. */
#define HDR "apiVersion: cilium.io/v1alpha1\n"	\
	    "kind: TracingPolicy\n"		\
	    "metadata:\n"			\
	    "  name: t\n"			\
	    "spec:\n"

static bool has_unsupported(const struct tp_policy *pol, const char *path, uint32_t line,
			    uint32_t col)
{
	size_t i;

	for (i = 0; i < pol->nr_unsupported; i++)
		if (strcmp(pol->unsupported[i].path, path) == 0)
			return pol->unsupported[i].loc.line == line &&
			       pol->unsupported[i].loc.col == col;
	return false;
}

void test_parse_tracepoint_ast(void)
{
	static const char y[] = HDR
		"  tracepoints:\n"				/* 6 */
		"  - subsystem: syscalls\n"			/* 7 */
		"    event: sys_enter_lseek\n"			/* 8 */
		"    raw: false\n"				/* 9 */
		"    message: \"hi\"\n"				/* 10 */
		"    tags: [a, \"b\"]\n"			/* 11 */
		"    args:\n"					/* 12 */
		"    - index: 7\n"				/* 13 */
		"      label: fd\n"				/* 14 */
		"    - index: 0x5\n"				/* 15 */
		"      type: char_buf\n"			/* 16 */
		"      sizeArgIndex: 3\n"			/* 17 */
		"    selectors:\n"				/* 18 */
		"    - matchPIDs:\n"				/* 19 */
		"      - operator: In\n"			/* 20 */
		"        values: [1111, 0x10]\n"		/* 21 */
		"        followForks: true\n"			/* 22 */
		"      matchArgs:\n"				/* 23 */
		"      - index: 7\n"				/* 24 */
		"        operator: Equal\n"			/* 25 */
		"        values: [\"a\\0b\", 4444]\n"		/* 26 */
		"      - args: [0, 1]\n"			/* 27 */
		"        operator: CapabilitiesGained\n"	/* 28 */
		"      matchBinaries:\n"			/* 29 */
		"      - operator: In\n"			/* 30 */
		"        values: [/usr/bin/bash]\n"		/* 31 */
		"      matchActions:\n"				/* 32 */
		"      - action: Sigkill\n"			/* 33 */
		"      - action: Signal\n"			/* 34 */
		"        argSig: 9\n";				/* 35 */
	const struct tp_tracepoint *tp;
	const struct tp_selector *sel;
	struct pres r;

	if (!ASSERT_OK(parse_str(&r, y), "parse"))
		goto out;
	ASSERT_EQ(r.text_len, 0, "no diagnostics");
	if (!ASSERT_TRUE(r.pol, "policy") || !ASSERT_EQ(r.pol->nr_tracepoints, 1, "nr_tp"))
		goto out;
	ASSERT_STREQ(r.pol->name.s, "t", "name");
	ASSERT_EQ(r.pol->name.loc.line, 4, "name line");
	ASSERT_EQ(r.pol->name.loc.col, 9, "name col");
	ASSERT_EQ(r.pol->kind, TP_POLICY_CLUSTER, "kind");
	ASSERT_TRUE(r.pol->has_tracepoints, "has_tracepoints");
	ASSERT_EQ(r.pol->nr_unsupported, 0, "nothing unsupported");
	ASSERT_EQ(r.pol->spec_loc.line, 6, "spec loc");
	ASSERT_EQ(r.pol->next, NULL, "one document");
	ASSERT_STREQ(r.pol->file, "t.yaml", "file");

	tp = &r.pol->tracepoints[0];
	ASSERT_EQ(tp->loc.line, 7, "tp line");
	ASSERT_EQ(tp->loc.col, 5, "tp col");
	ASSERT_STREQ(tp->subsystem.s, "syscalls", "subsystem");
	ASSERT_STREQ(tp->event.s, "sys_enter_lseek", "event");
	ASSERT_FALSE(tp->raw, "raw");
	ASSERT_EQ(tp->raw_loc.line, 9, "raw loc");
	ASSERT_STREQ(tp->message.s, "hi", "message");
	ASSERT_EQ(tp->nr_tags, 2, "tags");
	ASSERT_STREQ(tp->tags[1].s, "b", "tag b");

	ASSERT_EQ(tp->nr_args, 2, "nr_args");
	ASSERT_EQ(tp->args[0].index, 7, "arg0 index");
	ASSERT_STREQ(tp->args[0].type.s, "auto", "CRD default type");
	ASSERT_EQ(tp->args[0].type.loc.line, 13, "default type loc = entry");
	ASSERT_STREQ(tp->args[0].label.s, "fd", "label");
	ASSERT_EQ(tp->args[1].index, 5, "hex index");
	ASSERT_STREQ(tp->args[1].type.s, "char_buf", "type");
	ASSERT_EQ(tp->args[1].size_arg_index, 3, "sizeArgIndex");
	ASSERT_EQ(tp->args[1].size_arg_index_loc.line, 17, "sizeArgIndex loc");

	ASSERT_EQ(tp->nr_selectors, 1, "nr_selectors");
	sel = &tp->selectors[0];
	ASSERT_EQ(sel->nr_match_pids, 1, "pids");
	ASSERT_STREQ(sel->match_pids[0].op.s, "In", "pid op");
	ASSERT_EQ(sel->match_pids[0].nr_values, 2, "pid values");
	ASSERT_STREQ(sel->match_pids[0].values[0].s, "1111", "pid value as written");
	ASSERT_STREQ(sel->match_pids[0].values[1].s, "0x10", "hex pid as written");
	ASSERT_TRUE(sel->match_pids[0].follow_forks, "followForks");
	ASSERT_FALSE(sel->match_pids[0].is_ns_pid, "isNamespacePID default");

	ASSERT_EQ(sel->nr_match_args, 2, "match args");
	ASSERT_EQ(sel->match_args[0].index, 7, "ma index");
	ASSERT_EQ(sel->match_args[0].nr_values, 2, "ma values");
	ASSERT_EQ(sel->match_args[0].values[0].len, 3, "NUL kept: len");
	ASSERT_EQ(memcmp(sel->match_args[0].values[0].s, "a\0b", 3), 0, "NUL kept: bytes");
	ASSERT_STREQ(sel->match_args[0].values[1].s, "4444", "int value kept as text");
	ASSERT_EQ(sel->match_args[0].values[1].loc.line, 26, "value line");
	ASSERT_EQ(sel->match_args[1].nr_args, 2, "args list");
	ASSERT_EQ(sel->match_args[1].args[1], 1, "args[1]");
	ASSERT_EQ(sel->match_args[1].args_loc.line, 27, "args loc");

	ASSERT_EQ(sel->nr_match_binaries, 1, "binaries");
	ASSERT_STREQ(sel->match_binaries[0].values[0].s, "/usr/bin/bash", "binary");
	ASSERT_FALSE(sel->match_binaries[0].follow_children, "followChildren default");
	ASSERT_EQ(sel->match_binaries[0].follow_children_loc.line, 0, "followChildren absent");

	ASSERT_TRUE(sel->has_match_actions, "has actions");
	ASSERT_EQ(sel->nr_match_actions, 2, "actions");
	ASSERT_STREQ(sel->match_actions[0].action.s, "Sigkill", "action");
	ASSERT_FALSE(sel->match_actions[0].has_arg_sig, "no argSig");
	ASSERT_TRUE(sel->match_actions[1].has_arg_sig, "argSig");
	ASSERT_EQ(sel->match_actions[1].arg_sig, 9, "argSig value");
	ASSERT_EQ(sel->match_actions[1].arg_sig_loc.line, 35, "argSig line");
	ASSERT_EQ(sel->match_actions[1].arg_sig_loc.col, 17, "argSig col");
out:
	pres_free(&r);
}

void test_parse_unknown_field(void)
{
	static const char y[] = HDR
		"  tracepoints:\n"
		"  - subsystem: s\n"
		"    event: e\n"
		"    selectors:\n"
		"    - matchArgs:\n"
		"      - index: 0\n"
		"        operatr: Equal\n";		/* 12 */
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_EQ(r.pol, NULL, "no policy from a broken document");
	ASSERT_STRSTR(r.text, "t.yaml:12:9: error: unknown field 'operatr' in "
		      "spec.tracepoints[0].selectors[0].matchArgs[0] [unknown-field]\n"
		      "t.yaml:12:9: note: did you mean 'operator'?\n", "unknown field");
	/* ...and operator is now missing: located at the parent mapping. */
	ASSERT_STRSTR(r.text, "t.yaml:11:9: error: missing required field 'operator' in "
		      "spec.tracepoints[0].selectors[0].matchArgs[0] [missing-field]", "missing");
	ASSERT_EQ(diag_error_cnt(r.d), 2, "exactly two errors");
	pres_free(&r);

	ASSERT_EQ(parse_str(&r, HDR "  tracepoint: []\n  foo: 1\nbar: 2\n"), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:6:3: error: unknown field 'tracepoint' in spec [unknown-field]\n"
		      "t.yaml:6:3: note: did you mean 'tracepoints'?\n", "spec level");
	ASSERT_STRSTR(r.text, "t.yaml:7:3: error: unknown field 'foo' in spec [unknown-field]\n"
		      "t.yaml:8:1:", "no suggestion for foo");
	ASSERT_STRSTR(r.text, "t.yaml:8:1: error: unknown field 'bar' at the top level [unknown-field]",
		      "top level");
	pres_free(&r);
}

void test_parse_wrong_type(void)
{
	static const char y[] = HDR
		"  tracepoints:\n"
		"  - subsystem: s\n"
		"    event: e\n"
		"    raw: yes\n"				/* 9 */
		"    args:\n"
		"    - index: abc\n"				/* 11 */
		"    - index: \"5\"\n"				/* 12 */
		"    - index: 010\n"				/* 13 */
		"    selectors: {}\n"				/* 14 */
		"    tags: x\n"					/* 15 */
		"    message: [a]\n";				/* 16 */
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:9:10: error: spec.tracepoints[0].raw must be a boolean, "
		      "got 'yes' [wrong-type]", "bool");
	ASSERT_STRSTR(r.text, "t.yaml:11:14: error: spec.tracepoints[0].args[0].index must be an "
		      "integer, got 'abc' [wrong-type]", "int");
	ASSERT_STRSTR(r.text, "t.yaml:12:14: error: spec.tracepoints[0].args[1].index must be an "
		      "integer, got a quoted string '5' [wrong-type]", "quoted int");
	ASSERT_STRSTR(r.text, "t.yaml:13:14: error: spec.tracepoints[0].args[2].index must be an "
		      "integer, got '010' [wrong-type]\nt.yaml:13:14: note: leading zeros", "octal");
	ASSERT_STRSTR(r.text, "t.yaml:14:16: error: spec.tracepoints[0].selectors must be a list, "
		      "got a mapping [wrong-type]", "list");
	ASSERT_STRSTR(r.text, "t.yaml:15:11: error: spec.tracepoints[0].tags must be a list, got 'x'",
		      "tags");
	ASSERT_STRSTR(r.text, "t.yaml:16:14: error: spec.tracepoints[0].message must be a string, "
		      "got a list [wrong-type]", "string");
	ASSERT_EQ(diag_error_cnt(r.d), 7, "all errors in one run");
	pres_free(&r);

	ASSERT_EQ(parse_str(&r, "- a\n- b\n"), -EINVAL, "list root");
	ASSERT_STRSTR(r.text, "t.yaml:1:1: error: a policy document must be a mapping, got a list "
		      "[wrong-type]", "root");
	pres_free(&r);
}

void test_parse_bad_enum(void)
{
	static const char y[] = HDR
		"  tracepoints:\n"
		"  - subsystem: s\n"
		"    event: e\n"
		"    args:\n"
		"    - index: 0\n"
		"      type: in32\n"				/* 11 */
		"    selectors:\n"
		"    - matchArgs:\n"
		"      - index: 0\n"
		"        operator: Equals\n";			/* 15 */
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:11:13: error: invalid value 'in32' for "
		      "spec.tracepoints[0].args[0].type [bad-enum]\n"
		      "t.yaml:11:13: note: did you mean 'int32'?\n"
		      "t.yaml:11:13: note: allowed values: auto, int, sint8,", "type");
	ASSERT_STRSTR(r.text, "t.yaml:15:19: error: invalid value 'Equals' for "
		      "spec.tracepoints[0].selectors[0].matchArgs[0].operator [bad-enum]\n"
		      "t.yaml:15:19: note: did you mean 'Equal'?\n"
		      "t.yaml:15:19: note: allowed values: Equal, NotEqual, Prefix,", "operator");
	pres_free(&r);
}

void test_parse_missing_field(void)
{
	static const char y[] =
		"apiVersion: cilium.io/v1alpha1\n"
		"kind: TracingPolicy\n"
		"metadata:\n"
		"  namespace: x\n"				/* 4 */
		"spec:\n"
		"  tracepoints:\n"
		"  - event: e\n"				/* 7 */
		"    args:\n"
		"    - type: int\n"				/* 9 */
		"    selectors:\n"
		"    - matchPIDs:\n"
		"      - operator: In\n";			/* 12 */
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:7:5: error: missing required field 'subsystem' in "
		      "spec.tracepoints[0] [missing-field]", "subsystem");
	ASSERT_STRSTR(r.text, "t.yaml:9:7: error: missing required field 'index' in "
		      "spec.tracepoints[0].args[0] [missing-field]", "index");
	ASSERT_STRSTR(r.text, "t.yaml:12:9: error: missing required field 'values' in "
		      "spec.tracepoints[0].selectors[0].matchPIDs[0] [missing-field]", "values");
	ASSERT_STRSTR(r.text, "t.yaml:4:3: error: missing required field 'name' in metadata "
		      "[missing-field]", "name");
	pres_free(&r);

	ASSERT_EQ(parse_str(&r, "kind: TracingPolicy\n"), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:1:1: error: missing required field 'apiVersion' [missing-field]",
		      "apiVersion");
	ASSERT_STRSTR(r.text, "t.yaml:1:1: error: missing required field 'spec' [missing-field]",
		      "spec");
	pres_free(&r);

	/* A type with a CRD default is not missing. */
	ASSERT_OK(parse_str(&r, HDR "  tracepoints:\n  - subsystem: s\n    event: e\n"
			    "    args:\n    - index: 1\n"), "type defaulted");
	pres_free(&r);
}

void test_parse_duplicate_key(void)
{
	static const char y[] = HDR
		"  tracepoints:\n"
		"  - subsystem: s\n"				/* 7 */
		"    event: e\n"
		"    subsystem: t\n";				/* 9 */
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_STREQ(r.text, "t.yaml:9:5: error: duplicate key 'subsystem' in spec.tracepoints[0] "
		     "[duplicate-key]\nt.yaml:7:5: note: first defined here\n", "dup");
	pres_free(&r);
}

void test_parse_yaml_error(void)
{
	struct pres r;

	ASSERT_EQ(parse_str(&r, HDR "  tracepoints: [\n  a: b\n"), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:8:1: error: did not find expected ',' or ']' [yaml]\n"
		      "t.yaml:6:16: note: while parsing a flow sequence\n", "flow");
	pres_free(&r);

	/* Tabs, NUL bytes: libyaml's reader and scanner errors. */
	ASSERT_EQ(parse_buf(&r, "a: b\nc: \0d\n", 10), -EINVAL, "NUL byte");
	ASSERT_STRSTR(r.text, "t.yaml:2:4: error: control characters are not allowed (byte 0x00) "
		      "[yaml]", "reader error position");
	pres_free(&r);

	/* A syntax error in the second document keeps the first one's errors. */
	ASSERT_EQ(parse_str(&r, HDR "  foo: 1\n---\n: : :\n  - ]\n"), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "unknown field 'foo'", "first doc");
	ASSERT_STRSTR(r.text, "[yaml]", "second doc");
	pres_free(&r);
}

void test_parse_api_version_kind_name(void)
{
	static const char y[] =
		"apiVersion: cilium.io/v1\n"
		"kind: TracingPolicyNamespace\n"
		"metadata:\n"
		"  name: Foo_Bar\n"
		"  namespace: \"-x\"\n"
		"spec: {}\n";
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:1:13: error: unsupported apiVersion 'cilium.io/v1' "
		      "[bad-api-version]\nt.yaml:1:13: note: expected 'cilium.io/v1alpha1'\n", "api");
	ASSERT_STRSTR(r.text, "t.yaml:2:7: error: unsupported kind 'TracingPolicyNamespace' [bad-kind]\n"
		      "t.yaml:2:7: note: did you mean 'TracingPolicyNamespaced'?\n", "kind");
	ASSERT_STRSTR(r.text, "t.yaml:4:9: error: metadata.name 'Foo_Bar' is not a valid DNS-1123 "
		      "subdomain [invalid-name]", "name");
	ASSERT_STRSTR(r.text, "t.yaml:5:14: error: metadata.namespace '-x' is not a valid DNS-1123 "
		      "label [invalid-name]", "namespace");
	pres_free(&r);

	ASSERT_EQ(parse_str(&r, "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\n"
			    "metadata:\n  name: a..b\nspec: {}\n"), -EINVAL, "a..b");
	ASSERT_STRSTR(r.text, "[invalid-name]", "empty label");
	pres_free(&r);

	ASSERT_OK(parse_str(&r, "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\n"
			    "metadata:\n  name: a-1.b2\nspec: {}\n"), "good name");
	ASSERT_EQ(r.pol->has_tracepoints, false, "no tracepoints key");
	pres_free(&r);
}

void test_parse_namespaced(void)
{
	static const char y[] =
		"apiVersion: cilium.io/v1alpha1\n"
		"kind: TracingPolicyNamespaced\n"
		"metadata:\n"
		"  name: n\n"
		"  namespace: team-a\n"
		"spec:\n"
		"  hostSelector: {}\n";			/* 7 */
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_STREQ(r.text, "t.yaml:7:3: error: TracingPolicyNamespaced must not have "
		     "spec.hostSelector [forbidden-field]\n", "hostSelector");
	pres_free(&r);

	ASSERT_OK(parse_str(&r, "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicyNamespaced\n"
			    "metadata:\n  name: n\n  namespace: team-a\nspec:\n  hostSelector: ~\n"),
		  "null hostSelector is absent");
	if (ASSERT_TRUE(r.pol, "pol")) {
		ASSERT_EQ(r.pol->kind, TP_POLICY_NAMESPACED, "kind");
		ASSERT_STREQ(r.pol->namespace_.s, "team-a", "namespace");
		ASSERT_EQ(r.pol->nr_unsupported, 0, "null is default");
	}
	pres_free(&r);
}

void test_parse_ranges_and_limits(void)
{
	static const char y[] = HDR
		"  tracepoints:\n"
		"  - subsystem: s\n"
		"    event: e\n"
		"    args:\n"
		"    - index: -1\n"				/* 10 */
		"    - index: 0x80000000\n"			/* 11 */
		"    - index: 99999999999999999999\n"		/* 12 */
		"    tags: [a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q]\n"	/* 13 */
		"    selectors:\n"
		"    - matchBinaries:\n"			/* 15 */
		"      - {operator: In, values: [a]}\n"
		"      - {operator: In, values: [b]}\n"
		"      matchPIDs:\n"
		"      - {operator: In, values: [-5]}\n";	/* 19: int32, negative allowed */
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "parse");
	ASSERT_STRSTR(r.text, "t.yaml:10:14: error: spec.tracepoints[0].args[0].index must be >= 0, "
		      "got -1 [out-of-range]", "minimum");
	ASSERT_STRSTR(r.text, "t.yaml:11:14: error: spec.tracepoints[0].args[1].index is out of "
		      "range: 0x80000000 does not fit in int32 [out-of-range]", "int32");
	ASSERT_STRSTR(r.text, "t.yaml:12:14: error: spec.tracepoints[0].args[2].index is out of "
		      "range: 99999999999999999999 does not fit in int32", "int64 overflow");
	ASSERT_STRSTR(r.text, "t.yaml:13:11: error: spec.tracepoints[0].tags has 17 items, at most "
		      "16 allowed [too-many-items]", "tags");
	ASSERT_STRSTR(r.text, "t.yaml:16:7: error: spec.tracepoints[0].selectors[0].matchBinaries "
		      "has 2 items, at most 1 allowed [too-many-items]", "matchBinaries");
	ASSERT_EQ(diag_error_cnt(r.d), 5, "matchPIDs -5 is fine");
	pres_free(&r);
}

void test_parse_multi_doc(void)
{
	static const char y[] =
		"---\n"
		HDR "  tracepoints: []\n"
		"---\n"
		"# second\n"
		"apiVersion: cilium.io/v1alpha1\n"
		"kind: TracingPolicyNamespaced\n"
		"metadata: {name: two, namespace: ns}\n"
		"spec: {}\n"
		"---\n";
	struct pres r;

	if (!ASSERT_OK(parse_str(&r, y), "parse"))
		goto out;
	if (!ASSERT_TRUE(r.pol && r.pol->next, "two policies"))
		goto out;
	ASSERT_EQ(r.pol->doc_idx, 0, "doc 0");
	ASSERT_TRUE(r.pol->has_tracepoints, "empty list present");
	ASSERT_EQ(r.pol->nr_tracepoints, 0, "empty list");
	ASSERT_STREQ(r.pol->next->name.s, "two", "second name");
	ASSERT_EQ(r.pol->next->doc_idx, 1, "doc 1");
	ASSERT_EQ(r.pol->next->loc.line, 10, "root loc of doc 1");
	ASSERT_EQ(r.pol->next->kind, TP_POLICY_NAMESPACED, "kind 2");
	ASSERT_EQ(r.pol->next->next, NULL, "trailing --- skipped");
out:
	pres_free(&r);

	/* A broken document in the middle: the good ones are still returned. */
	ASSERT_EQ(parse_str(&r, HDR "  tracepoints: []\n---\n" HDR "  x: 1\n---\n" HDR "  tracepoints: []\n"), -EINVAL,
		  "middle broken");
	ASSERT_TRUE(r.pol && r.pol->next && !r.pol->next->next, "two good documents");
	if (r.pol && r.pol->next)
		ASSERT_EQ(r.pol->next->doc_idx, 2, "third document");
	ASSERT_STRSTR(r.text, "t.yaml:13:3: error: unknown field 'x' in spec", "error in doc 1");
	pres_free(&r);

	ASSERT_EQ(parse_str(&r, ""), -EINVAL, "empty file");
	ASSERT_STREQ(r.text, "t.yaml: error: no policy: the file holds no YAML document [no-policy]\n",
		     "no-policy");
	pres_free(&r);
	ASSERT_EQ(parse_str(&r, "# only a comment\n---\n---\n"), -EINVAL, "empty docs");
	ASSERT_STRSTR(r.text, "[no-policy]", "no-policy 2");
	pres_free(&r);
}

void test_parse_unsupported(void)
{
	static const char y[] = HDR
		"  uprobes:\n"					/* 6 */
		"  - path: /bin/true\n"
		"    symbols: [main]\n"
		"  loader: false\n"				/* 9: default */
		"  podSelector: {}\n"				/* 10: present means something */
		"  options: []\n"				/* 11: empty */
		"  tracepoints:\n"
		"  - subsystem: s\n"
		"    event: e\n"
		"    args:\n"
		"    - index: 0\n"
		"      resolve: \"f_path.dentry\"\n"		/* 17 */
		"      returnCopy: false\n"			/* default */
		"      maxData: false\n"
		"      btfType: \"\"\n"
		"    selectors:\n"
		"    - matchActions:\n"
		"      - action: Post\n"
		"        rateLimit: 1m\n"			/* 24 */
		"        kernelStackTrace: false\n"
		"    - matchNamespaces:\n"			/* 26 */
		"      - {namespace: Pid, operator: In, values: [host_ns]}\n"
		"      matchCapabilities: []\n"
		"      matchArgs:\n"
		"      - index: 0\n"
		"        operator: Equal\n"
		"        values: [x]\n"
		"        cel: 1\n"; /* unknown: error, so use a separate doc below */
	static const char y2[] = HDR
		"  uprobes:\n"					/* 6 */
		"  - path: /bin/true\n"
		"    symbols: [main]\n"
		"  loader: false\n"
		"  podSelector: {}\n"				/* 10 */
		"  options: []\n"
		"  tracepoints:\n"
		"  - subsystem: s\n"
		"    event: e\n"
		"    args:\n"
		"    - index: 0\n"
		"      source: current_task\n"		/* 17 */
		"      returnCopy: false\n"
		"      maxData: false\n"
		"      btfType: \"\"\n"
		"    selectors:\n"
		"    - matchActions:\n"
		"      - action: Post\n"
		"        userStackTrace: true\n"		/* 24 */
		"        kernelStackTrace: false\n"
		"    - matchParentBinaries:\n"		/* 26 */
		"      - {operator: In, values: [/bin/sh]}\n"
		"      matchCapabilities: []\n";
	struct pres r;

	ASSERT_EQ(parse_str(&r, y), -EINVAL, "unknown cel");
	ASSERT_STRSTR(r.text, "unknown field 'cel'", "cel");
	pres_free(&r);

	if (!ASSERT_OK(parse_str(&r, y2), "parse"))
		goto out;
	ASSERT_EQ(r.pol->nr_unsupported, 5, "count");
	ASSERT_TRUE(has_unsupported(r.pol, "spec.uprobes", 6, 3), "uprobes");
	ASSERT_TRUE(has_unsupported(r.pol, "spec.podSelector", 10, 3), "podSelector");
	ASSERT_TRUE(has_unsupported(r.pol, "spec.tracepoints[0].args[0].source", 17, 7), "source");
	ASSERT_TRUE(has_unsupported(r.pol,
				    "spec.tracepoints[0].selectors[0].matchActions[0].userStackTrace",
				    24, 9), "userStackTrace");
	ASSERT_TRUE(has_unsupported(r.pol,
				    "spec.tracepoints[0].selectors[1].matchParentBinaries",
				    26, 7), "matchParentBinaries");
	ASSERT_EQ(r.pol->tracepoints[0].nr_selectors, 2, "selectors");
	ASSERT_EQ(r.pol->tracepoints[0].selectors[1].has_match_actions, false, "no actions key");
out:
	pres_free(&r);
}

void test_parse_metadata(void)
{
	static const char y[] =
		"apiVersion: cilium.io/v1alpha1\n"
		"kind: TracingPolicy\n"
		"metadata:\n"
		"  name: m\n"
		"  labels: {app: x, n: 1}\n"
		"  annotations:\n"
		"    a/b: \"c\"\n"
		"  uid: 1234-5678\n"
		"  resourceVersion: \"9\"\n"
		"  generation: 3\n"
		"  creationTimestamp: null\n"
		"  managedFields: [{manager: kubectl}]\n"
		"  finalizers: [x]\n"
		"spec: {}\n";
	struct pres r;

	ASSERT_OK(parse_str(&r, y), "ObjectMeta accepted");
	ASSERT_EQ(r.text_len, 0, "no diagnostics");
	pres_free(&r);

	ASSERT_EQ(parse_str(&r, "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\n"
			    "metadata:\n  name: m\n  lables: {}\n  labels: {a: [1]}\nspec: {}\n"),
		  -EINVAL, "bad metadata");
	ASSERT_STRSTR(r.text, "t.yaml:5:3: error: unknown field 'lables' in metadata [unknown-field]\n"
		      "t.yaml:5:3: note: did you mean 'labels'?\n", "lables");
	ASSERT_STRSTR(r.text, "t.yaml:6:15: error: metadata.labels.a must be a string, got a list "
		      "[wrong-type]", "label value");
	pres_free(&r);
}

void test_parse_hostile(void)
{
	static const char bomb[] =
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
		"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
	char *big, *p;
	struct pres r;
	size_t i, n;

	/* Billion laughs inside the spec: capped, reported once. */
	n = strlen(HDR "  tracepoints:\n  - subsystem: s\n    event: e\n    tags: \n") + strlen(bomb) * 2 + 64;
	big = xcalloc(n);
	p = big + sprintf(big, HDR "  tracepoints:\n  - subsystem: s\n    event: e\n    tags:\n");
	/* Indent the bomb under tags as a flow list of aliases. */
	p += sprintf(p, "    - [&a [x,x,x,x,x,x,x,x,x,x], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], "
		     "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c], "
		     "&e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d], &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e], "
		     "&g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]]\n");
	ASSERT_EQ(parse_str(&r, big), -EINVAL, "bomb in tags");
	ASSERT_STRSTR(r.text, "must be a string, got a list", "tags item type");
	pres_free(&r);
	free(big);

	/* A cycle (&v [a, *v]) is fine: the schema is finite, so is the walk. */
	ASSERT_EQ(parse_str(&r, HDR "  selectorsMacros:\n    m:\n      matchArgs: [{operator: Equal, "
			    "values: &v [a, *v]}]\n"), -EINVAL, "recursive alias");
	ASSERT_STRSTR(r.text, "t.yaml:8:45: error: spec.selectorsMacros.m.matchArgs[0].values[1] must "
		      "be a string, got a list [wrong-type]", "cycle at the anchor");
	pres_free(&r);

	/* Exponential aliases where the schema descends: 1000 selectors x 1000
	 * matchArgs x 1000 values from a few KiB. Capped and reported once.
	 */
	n = 64 * 1024;
	big = xcalloc(n);
	p = big + sprintf(big, HDR "  tracepoints:\n  - subsystem: s\n    event: e\n    selectors:\n"
			  "    - &s1 {matchArgs: [&m1 {operator: Equal, values: [x");
	for (i = 1; i < 1000; i++)
		p += sprintf(p, ",x");
	p += sprintf(p, "]}");
	for (i = 1; i < 1000; i++)
		p += sprintf(p, ",*m1");
	p += sprintf(p, "]}\n");
	for (i = 1; i < 1000; i++)
		p += sprintf(p, "    - *s1\n");
	ASSERT_EQ(parse_str(&r, big), -EINVAL, "bomb");
	ASSERT_STRSTR(r.text, "error: document too large: more than 500000 nodes (after expanding YAML "
		      "aliases) [limit]", "visits capped");
	ASSERT_EQ(diag_error_cnt(r.d), 1, "reported once");
	pres_free(&r);
	free(big);
	ASSERT_EQ(parse_str(&r, bomb), -EINVAL, "bomb at top level");
	pres_free(&r);

	/* Deep nesting: refused before libyaml sees it (its scanner is
	 * quadratic in flow nesting: 200,000 levels took 100 s), at the first
	 * opener past the limit, in linear time.
	 */
	n = 200000;
	big = xcalloc(2 * n + 256);
	p = big + sprintf(big, HDR "  tracepoints: ");
	memset(p, '[', n);
	memset(p + n, ']', n);
	p[2 * n] = '\0';
	ASSERT_EQ(parse_str(&r, big), -EINVAL, "deep");
	ASSERT_STREQ(r.text, "t.yaml:6:80: error: flow collections ('[' or '{') nested deeper than 64 "
		     "[limit]\n", "depth");
	pres_free(&r);
	free(big);

	/* 4 KiB strings everywhere: keys, values, names; message text is cut. */
	n = 4096;
	big = xcalloc(4 * n + 512);
	p = big + sprintf(big, HDR "  tracepoints:\n  - subsystem: ");
	memset(p, 's', n);
	p += n;
	p += sprintf(p, "\n    event: e\n    ");
	memset(p, 'k', 1000);	/* libyaml allows simple keys up to 1024 */
	p += 1000;
	p += sprintf(p, ": 1\n    message: \"");
	for (i = 0; i < n / 4; i++)
		p += sprintf(p, "\\x%02zx", i & 0xff);
	sprintf(p, "\"\n");
	ASSERT_EQ(parse_str(&r, big), -EINVAL, "long strings");
	ASSERT_STRSTR(r.text, "unknown field 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' in "
		      "spec.tracepoints[0]", "key cut");
	ASSERT_TRUE(r.text_len < 1000, "bounded message");
	pres_free(&r);
	free(big);

	/* NUL inside a key must not match a real field name. */
	ASSERT_EQ(parse_str(&r, HDR "  \"tracepoints\\0x\": []\n"), -EINVAL, "NUL in key");
	ASSERT_STRSTR(r.text, "unknown field 'tracepoints\\x00x' in spec", "escaped NUL");
	pres_free(&r);

	/* Complex keys. */
	ASSERT_EQ(parse_str(&r, HDR "  ? [a]\n  : 1\n"), -EINVAL, "complex key");
	ASSERT_STRSTR(r.text, "t.yaml:6:5: error: keys in spec must be strings, got a list", "key");
	pres_free(&r);

	/* Too large. */
	n = (16u << 20) + 1;
	big = xcalloc(n);
	memset(big, ' ', n);
	ASSERT_EQ(parse_buf(&r, big, n), -EINVAL, "too large");
	ASSERT_STRSTR(r.text, "t.yaml: error: input too large", "limit");
	pres_free(&r);
	free(big);
}

void test_parse_max_errors(void)
{
	char buf[4096], *p = buf;
	struct pres r;
	int i;

	p += sprintf(p, HDR);
	for (i = 0; i < 25; i++)
		p += sprintf(p, "  x%d: 1\n", i);
	ASSERT_EQ(parse_str(&r, buf), -EINVAL, "parse");
	ASSERT_EQ(diag_error_cnt(r.d), 21, "parsing stops after max_errors + 1");
	ASSERT_STRSTR(r.text, "unknown field 'x19'", "20th shown");
	ASSERT_FALSE(strstr(r.text, "unknown field 'x20'"), "21st not shown");
	ASSERT_STRSTR(r.text, "tpc: error: too many errors, stopping [too-many-errors]\n", "stop");
	pres_free(&r);

	/* A document after the limit is not checked, so it must not be built
	 * (found by fuzzing: metadata.name as a mapping reached the builder).
	 */
	p += sprintf(p, "---\n" HDR "  tracepoints: []\n---\napiVersion: cilium.io/v1alpha1\n"
		     "kind: TracingPolicy\nmetadata:\n  name: {a: b}\nspec: {}\n");
	ASSERT_EQ(parse_str(&r, buf), -EINVAL, "parse");
	ASSERT_EQ(r.pol, NULL, "nothing built after the limit");
	pres_free(&r);
}

void test_parse_file_errors(void)
{
	struct tp_arena *a = arena_new();
	struct diag_opts o = { 0 };
	struct tp_policy *pol = (void *)1;
	char *text = NULL;
	size_t len = 0;
	struct diag *d;

	o.stream = open_memstream(&text, &len);
	d = diag_new(&o);
	ASSERT_EQ(policy_parse_file("tests/unit/data/does-not-exist.yaml", a, d, &pol), -ENOENT,
		  "ENOENT");
	ASSERT_EQ(pol, NULL, "out cleared");
	ASSERT_EQ(policy_parse_file("tests/unit/data", a, d, &pol), -EISDIR, "EISDIR");
	fflush(o.stream);
	ASSERT_STREQ(text, "tests/unit/data/does-not-exist.yaml: error: cannot open: No such file or "
		     "directory [io]\ntests/unit/data: error: cannot read: Is a directory [io]\n",
		     "io errors");
	diag_free(d);
	fclose(o.stream);
	free(text);
	arena_free(a);
}

/* Parse a file; returns the number of errors and the policy list. */
static unsigned int parse_path(const char *path, struct tp_arena *a, struct tp_policy **pol,
			       FILE *out)
{
	struct diag_opts o = { .stream = out };
	struct diag *d = diag_new(&o);
	unsigned int n;

	policy_parse_file(path, a, d, pol);
	n = diag_error_cnt(d);
	diag_free(d);
	return n;
}

void test_parse_example_data(void)
{
	static const char *const files[] = {
		"tracepoint-lseek-pid.yaml", "killer.yaml", "rawtp.yaml", "fd_install_ns.yaml",
	};
	struct tp_arena *a = arena_new();
	struct tp_policy *pol;
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), TEST_DATA("%s"), files[i]);
		ASSERT_EQ(parse_path(path, a, &pol, stderr), 0, files[i]);
		ASSERT_TRUE(pol, files[i]);
	}
	/* killer.yaml: enforcers unsupported; lists, argError and the tracepoint in the AST */
	if (parse_path(TEST_DATA("killer.yaml"), a, &pol, stderr) == 0 && pol) {
		const struct tp_action *act;

		ASSERT_STREQ(pol->name.s, "kill-syscalls", "name");
		ASSERT_EQ(pol->nr_unsupported, 1, "enforcers");
		if (pol->nr_unsupported == 1)
			ASSERT_STREQ(pol->unsupported[0].path, "spec.enforcers", "enforcers");
		ASSERT_EQ(pol->nr_lists, 1, "lists");
		if (pol->nr_lists == 1)
			ASSERT_STREQ(pol->lists[0].name.s, "dups", "list name");
		act = pol->nr_tracepoints && pol->tracepoints[0].nr_selectors &&
		      pol->tracepoints[0].selectors[0].nr_match_actions ?
		      &pol->tracepoints[0].selectors[0].match_actions[0] : NULL;
		ASSERT_TRUE(act, "action");
		if (act) {
			ASSERT_EQ(act->arg_sig, 9, "argSig");
			ASSERT_TRUE(act->has_arg_error, "argError");
		}
	}
	if (parse_path(TEST_DATA("rawtp.yaml"), a, &pol, stderr) == 0 && pol) {
		ASSERT_TRUE(pol->tracepoints[0].raw, "raw");
		ASSERT_EQ(pol->tracepoints[0].raw_loc.line, 9, "raw line");
		ASSERT_EQ(pol->tracepoints[0].raw_loc.col, 12, "raw col");
	}
	arena_free(a);
}

/* Files of ../shared/corpus/tetragon-examples that Tetragon rejects (per
 * ../shared/docs/tetragon-corpus.md "Schema check"), with the reason.
 */
static const char *const corpus_invalid[] = {
	/* not valid YAML */
	"docs-extracted/docs/content/en/docs/concepts/tracing-policy/mode/block-L0044.yaml",
	"docs/security-observability-with-ebpf/04_chapter/01_cilium_tracing_policy/04_deny_c2_connection.yaml",
	/* fragments: no spec / no metadata / truncated */
	"docs-extracted/docs/content/en/docs/concepts/tracing-policy/example/block-L0047.yaml",
	"docs-extracted/docs/content/en/docs/concepts/tracing-policy/hooks/block-L0472.yaml",
	"docs-extracted/docs/content/en/docs/concepts/tracing-policy/selectors/block-L1363.yaml",
	/* legacy e-book syntax (FollowFD, Instring, matchPids, sockfd) */
	"docs/security-observability-with-ebpf/03_chapter/01_installation/elastic_keystore_fd_install.yaml",
	"docs/security-observability-with-ebpf/04_chapter/01_cilium_tracing_policy/01_privileged_pod.yaml",
	"docs/security-observability-with-ebpf/04_chapter/01_cilium_tracing_policy/03_etc_kubernetes_manifests_write.yaml",
	"docs/security-observability-with-ebpf/04_chapter/01_cilium_tracing_policy/05_deny_write_to_ops_bank_account.yaml",
	"docs/security-observability-with-ebpf/04_chapter/examples/tracing_policy.yaml",
	/* metadata.name 'example_ns_N' is not a DNS-1123 subdomain (the API server
	 * rejects it; the corpus table does not check names)
	 */
	"docs-extracted/docs/content/en/docs/concepts/tracing-policy/selectors/block-L0608.yaml",
	"docs-extracted/docs/content/en/docs/concepts/tracing-policy/selectors/block-L0705.yaml",
	/* first document is a Pod: every document of a policy file must be a policy */
	"examples/other/file-block-kubectl-exec-access.yaml",
	/* testdata/specs/{nosuchcall,wrongarg*,...}.yaml are schema-valid: they fail BTF checks */
};

static bool corpus_expect_invalid(const char *rel)
{
	size_t i;

	for (i = 0; i < sizeof(corpus_invalid) / sizeof(corpus_invalid[0]); i++)
		if (strncmp(rel, corpus_invalid[i], strlen(corpus_invalid[i])) == 0)
			return true;
	return false;
}

struct corpus_stats {
	int valid, invalid, bad;
	size_t root_len;
};

static void corpus_walk(const char *dir, struct corpus_stats *st)
{
	struct dirent **ents;
	int n, i;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char path[1024];
		struct stat sb;
		size_t l = strlen(name);

		if (name[0] == '.' || snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
		    stat(path, &sb)) {
			free(ents[i]);
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			corpus_walk(path, st);
		} else if ((l > 5 && strcmp(name + l - 5, ".yaml") == 0) ||
			   (l > 4 && strcmp(name + l - 4, ".yml") == 0)) {
			const char *rel = path + st->root_len + 1;
			struct tp_arena *a = arena_new();
			bool want_invalid = corpus_expect_invalid(rel);
			struct tp_policy *pol;
			char *text = NULL;
			size_t tl = 0;
			FILE *f = open_memstream(&text, &tl);
			unsigned int errs = parse_path(path, a, &pol, f);

			fclose(f);
			if (!want_invalid && errs) {
				TEST_FAIL_("%s: %u errors:\n%s", rel, errs, text);
				st->bad++;
			} else if (want_invalid && !errs) {
				TEST_FAIL_("%s: expected schema errors, got none", rel);
				st->bad++;
			} else if (want_invalid) {
				st->invalid++;
			} else {
				st->valid++;
			}
			free(text);
			arena_free(a);
		}
		free(ents[i]);
	}
	free(ents);
}

void test_parse_tetragon_corpus(void)
{
	const char *root = getenv("TPC_CORPUS") ?: "../shared/corpus/tetragon-examples";
	struct corpus_stats st = { .root_len = strlen(root) };
	struct stat sb;

	if (stat(root, &sb) || !S_ISDIR(sb.st_mode)) {
		test__skip("../shared/corpus/tetragon-examples not found");
		return;
	}
	corpus_walk(root, &st);
	ASSERT_TRUE(st.valid >= 100, "most of the corpus is valid");
	ASSERT_EQ(st.bad, 0, "corpus files with unexpected results");
}
