// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* diag.c: GNU text format, notes, location-less errors, max_errors, JSON. */
#include <stdlib.h>

#include "diag.h"
#include "json_writer.h"
#include "test.h"

struct cap {
	char *text;
	size_t len;
	FILE *f;
};

static FILE *cap_open(struct cap *c)
{
	c->text = NULL;
	c->len = 0;
	c->f = open_memstream(&c->text, &c->len);
	return c->f;
}

static const char *cap_str(struct cap *c)
{
	fflush(c->f);
	return c->text ? c->text : "";
}

static void cap_close(struct cap *c)
{
	fclose(c->f);
	free(c->text);
}

void test_diag_text(void)
{
	struct diag_opts o = { 0 };
	unsigned int f1, f2;
	struct diag *d;
	struct cap c;

	o.stream = cap_open(&c);
	d = diag_new(&o);
	if (!ASSERT_TRUE(d, "diag_new"))
		return;
	f1 = diag_add_file(d, "policies/x.yaml");
	f2 = diag_add_file(d, "b.yaml");
	ASSERT_NEQ(f1, 0, "0 means no file");
	ASSERT_EQ(diag_add_file(d, "policies/x.yaml"), f1, "same name, same index");
	ASSERT_STREQ(diag_file_name(d, f2), "b.yaml", "name");
	ASSERT_EQ(diag_file_name(d, 0), NULL, "no file");

	diag_error(d, (struct tp_loc){ f1, 16, 19 }, "bad-enum", "invalid value '%s'", "Equals");
	diag_note(d, (struct tp_loc){ f1, 16, 19 }, "did you mean '%s'?", "Equal");
	diag_error(d, (struct tp_loc){ 0 }, "io", "no input");
	diag_error(d, (struct tp_loc){ f2, 0, 0 }, "io", "cannot open: %s", "Permission denied");
	diag_warn(d, (struct tp_loc){ f2, 3, 1 }, "unused-arg", "arg %d unused", 2);
	ASSERT_STREQ(cap_str(&c),
		     "policies/x.yaml:16:19: error: invalid value 'Equals' [bad-enum]\n"
		     "policies/x.yaml:16:19: note: did you mean 'Equal'?\n"
		     "tpc: error: no input [io]\n"
		     "b.yaml: error: cannot open: Permission denied [io]\n"
		     "b.yaml:3:1: warning: arg 2 unused [-Wunused-arg]\n", "text");
	ASSERT_EQ(diag_error_cnt(d), 3, "errors");
	ASSERT_EQ(diag_warning_cnt(d), 1, "warnings");
	diag_free(d);
	diag_free(NULL);
	cap_close(&c);
}

void test_diag_max_errors(void)
{
	struct diag_opts o = { .max_errors = 2, .buffer = true };
	struct json_writer *jw;
	struct diag *d;
	struct cap c, j;
	unsigned int f;
	int i;

	o.stream = cap_open(&c);
	d = diag_new(&o);
	f = diag_add_file(d, "a.yaml");
	for (i = 1; i <= 4; i++) {
		diag_error(d, (struct tp_loc){ f, i, 1 }, "x", "e%d", i);
		diag_note(d, (struct tp_loc){ f, i, 2 }, "n%d", i);
	}
	ASSERT_TRUE(diag_stopped(d), "stopped");
	ASSERT_EQ(diag_error_cnt(d), 4, "still counted");
	ASSERT_STREQ(cap_str(&c),
		     "a.yaml:1:1: error: e1 [x]\na.yaml:1:2: note: n1\n"
		     "a.yaml:2:1: error: e2 [x]\na.yaml:2:2: note: n2\n"
		     "tpc: error: too many errors, stopping [too-many-errors]\n", "capped");

	cap_open(&j);
	jw = jsonw_new(j.f);
	diag_write_json(d, jw);
	jsonw_destroy(&jw);
	ASSERT_STREQ(cap_str(&j),
		     "[{\"severity\":\"error\",\"code\":\"x\",\"file\":\"a.yaml\",\"line\":1,\"col\":1,"
		     "\"message\":\"e1\",\"notes\":[{\"file\":\"a.yaml\",\"line\":1,\"col\":2,"
		     "\"message\":\"n1\"}]},"
		     "{\"severity\":\"error\",\"code\":\"x\",\"file\":\"a.yaml\",\"line\":2,\"col\":1,"
		     "\"message\":\"e2\",\"notes\":[{\"file\":\"a.yaml\",\"line\":2,\"col\":2,"
		     "\"message\":\"n2\"}]},"
		     "{\"severity\":\"error\",\"code\":\"too-many-errors\",\"file\":null,\"line\":null,"
		     "\"col\":null,\"message\":\"too many errors, stopping\",\"notes\":[]}]\n", "json");
	cap_close(&j);
	diag_free(d);
	cap_close(&c);
}

void test_diag_json_only(void)
{
	struct diag_opts o = { .stream = NULL, .buffer = true };
	struct diag *d = diag_new(&o);
	struct json_writer *jw;
	struct cap j;

	diag_warn(d, (struct tp_loc){ diag_add_file(d, "q\"\n.yaml"), 1, 2 }, "large-map", "m\x01");
	cap_open(&j);
	jw = jsonw_new(j.f);
	diag_write_json(d, jw);
	jsonw_destroy(&jw);
	ASSERT_STREQ(cap_str(&j),
		     "[{\"severity\":\"warning\",\"code\":\"large-map\",\"file\":\"q\\\"\\n.yaml\","
		     "\"line\":1,\"col\":2,\"message\":\"m\\u0001\",\"notes\":[]}]\n", "escaped");
	ASSERT_EQ(diag_error_cnt(d), 0, "no errors");
	cap_close(&j);
	diag_free(d);
}
