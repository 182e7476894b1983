// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* json_writer.c: shape, escaping, pretty printing. */
#include <stdlib.h>

#include "json_writer.h"
#include "test.h"

static char *render(bool pretty, void (*fn)(struct json_writer *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct json_writer *jw = jsonw_new(f);

	jsonw_pretty(jw, pretty);
	fn(jw);
	jsonw_destroy(&jw);
	fclose(f);
	return text;
}

static void doc(struct json_writer *jw)
{
	jsonw_start_object(jw);
	jsonw_string_field(jw, "s", "a\"b\\c\n\t/");
	jsonw_uint_field(jw, "u", UINT64_MAX);
	jsonw_int_field(jw, "i", INT64_MIN);
	jsonw_bool_field(jw, "t", true);
	jsonw_null_field(jw, "n");
	jsonw_name(jw, "a");
	jsonw_start_array(jw);
	jsonw_uint(jw, 1);
	jsonw_start_object(jw);
	jsonw_end_object(jw);
	jsonw_start_array(jw);
	jsonw_end_array(jw);
	jsonw_end_array(jw);
	jsonw_end_object(jw);
}

void test_json_compact(void)
{
	char *s = render(false, doc);

	ASSERT_STREQ(s, "{\"s\":\"a\\\"b\\\\c\\n\\t/\",\"u\":18446744073709551615,"
		     "\"i\":-9223372036854775808,\"t\":true,\"n\":null,\"a\":[1,{},[]]}\n", "compact");
	free(s);
}

void test_json_pretty(void)
{
	char *s = render(true, doc);

	ASSERT_STREQ(s, "{\n"
		     "    \"s\": \"a\\\"b\\\\c\\n\\t/\",\n"
		     "    \"u\": 18446744073709551615,\n"
		     "    \"i\": -9223372036854775808,\n"
		     "    \"t\": true,\n"
		     "    \"n\": null,\n"
		     "    \"a\": [\n"
		     "        1,\n"
		     "        {},\n"
		     "        []\n"
		     "    ]\n"
		     "}\n", "pretty");
	free(s);
}

static void hostile(struct json_writer *jw)
{
	/* NUL, controls, DEL, valid UTF-8 (é, €, U+1F600), and bad bytes:
	 * lone continuation, overlong, surrogate, truncated sequence.
	 */
	static const char s[] = "a\0b\x01\x1f\x7f"
				"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
				"\x80\xc0\xaf\xed\xa0\x80\xe2\x82";

	jsonw_start_array(jw);
	jsonw_string_len(jw, s, sizeof(s) - 1);
	jsonw_end_array(jw);
}

void test_json_escapes(void)
{
	char *s = render(false, hostile);

	ASSERT_STREQ(s, "[\"a\\u0000b\\u0001\\u001f\\u007f\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
		     "\\u0080\\u00c0\\u00af\\u00ed\\u00a0\\u0080\\u00e2\\u0082\"]\n", "escaped");
	free(s);
}

static void hostile_lossy(struct json_writer *jw)
{
	/* as hostile(), plus an ASCII byte that ends a run ("\x80z\x80") */
	static const char s[] = "a\x01\xc3\xa9\x80\xc0\xaf\xed\xa0\x80\xe2\x82z\x80";

	jsonw_lossy_utf8(jw, true);
	jsonw_start_array(jw);
	jsonw_string_len(jw, s, sizeof(s) - 1);
	jsonw_end_array(jw);
}

/* tpload events: each run of invalid bytes is one U+FFFD, as Go's strings.ToValidUTF8
 * (Tetragon's strutils.UTF8FromBPFBytes()); controls are still escaped.
 */
void test_json_lossy_utf8(void)
{
	char *s = render(false, hostile_lossy);

	ASSERT_STREQ(s, "[\"a\\u0001\xc3\xa9\xef\xbf\xbdz\xef\xbf\xbd\"]\n", "lossy");
	free(s);
}
