// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Streaming JSON writer. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "log.h"

#define JSONW_MAX_DEPTH	32

struct json_writer {
	FILE *f;
	bool pretty;
	int depth;
	bool first[JSONW_MAX_DEPTH];	/* no element written yet at this depth */
	bool after_name;
	bool wrote;
};

struct json_writer *jsonw_new(FILE *f, bool pretty)
{
	struct json_writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->f = f;
	w->pretty = pretty;
	w->first[0] = true;
	return w;
}

void jsonw_destroy(struct json_writer **pw)
{
	struct json_writer *w = pw ? *pw : NULL;

	if (!w)
		return;
	if (w->depth != 0)
		pr_warn("internal error: unbalanced JSON writer (depth %d)\n", w->depth);
	if (w->wrote)
		fputc('\n', w->f);
	fflush(w->f);
	free(w);
	*pw = NULL;
}

static void indent(struct json_writer *w)
{
	int i;

	if (!w->pretty)
		return;
	fputc('\n', w->f);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* before any value or name */
static void sep(struct json_writer *w)
{
	if (w->after_name) {
		w->after_name = false;
		return;
	}
	if (!w->first[w->depth])
		fputc(',', w->f);
	if (w->depth > 0)
		indent(w);
	w->first[w->depth] = false;
	w->wrote = true;
}

static void start(struct json_writer *w, char c)
{
	sep(w);
	fputc(c, w->f);
	if (w->depth < JSONW_MAX_DEPTH - 1)
		w->depth++;
	w->first[w->depth] = true;
}

static void end(struct json_writer *w, char c)
{
	bool empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty)
		indent(w);
	fputc(c, w->f);
}

void jsonw_start_object(struct json_writer *w) { start(w, '{'); }
void jsonw_end_object(struct json_writer *w) { end(w, '}'); }
void jsonw_start_array(struct json_writer *w) { start(w, '['); }
void jsonw_end_array(struct json_writer *w) { end(w, ']'); }

static void quote(struct json_writer *w, const char *s, size_t len)
{
	size_t i;

	fputc('"', w->f);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': fputs("\\\"", w->f); break;
		case '\\': fputs("\\\\", w->f); break;
		case '\n': fputs("\\n", w->f); break;
		case '\r': fputs("\\r", w->f); break;
		case '\t': fputs("\\t", w->f); break;
		case '\b': fputs("\\b", w->f); break;
		case '\f': fputs("\\f", w->f); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(w->f, "\\u%04x", c);
			else
				fputc(c, w->f);
		}
	}
	fputc('"', w->f);
}

void jsonw_name(struct json_writer *w, const char *name)
{
	sep(w);
	quote(w, name, strlen(name));
	fputs(w->pretty ? ": " : ":", w->f);
	w->after_name = true;
}

void jsonw_string_len(struct json_writer *w, const char *s, size_t len)
{
	sep(w);
	quote(w, s, len);
}

void jsonw_string(struct json_writer *w, const char *s)
{
	jsonw_string_len(w, s ? s : "", s ? strlen(s) : 0);
}

void jsonw_printf(struct json_writer *w, const char *fmt, ...)
{
	va_list ap;

	sep(w);
	va_start(ap, fmt);
	vfprintf(w->f, fmt, ap);
	va_end(ap);
}

void jsonw_uint(struct json_writer *w, uint64_t v) { jsonw_printf(w, "%" PRIu64, v); }
void jsonw_int(struct json_writer *w, int64_t v) { jsonw_printf(w, "%" PRId64, v); }
void jsonw_bool(struct json_writer *w, bool v) { jsonw_printf(w, "%s", v ? "true" : "false"); }
void jsonw_null(struct json_writer *w) { jsonw_printf(w, "null"); }

void jsonw_string_field(struct json_writer *w, const char *name, const char *s)
{
	jsonw_name(w, name);
	jsonw_string(w, s);
}

void jsonw_uint_field(struct json_writer *w, const char *name, uint64_t v)
{
	jsonw_name(w, name);
	jsonw_uint(w, v);
}

void jsonw_int_field(struct json_writer *w, const char *name, int64_t v)
{
	jsonw_name(w, name);
	jsonw_int(w, v);
}

void jsonw_bool_field(struct json_writer *w, const char *name, bool v)
{
	jsonw_name(w, name);
	jsonw_bool(w, v);
}
