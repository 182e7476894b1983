// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Streaming JSON writer (see json_writer.h). */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "vec.h"

struct json_writer {
	FILE *out;		/* borrowed */
	bool pretty;
	bool lossy_utf8;	/* invalid UTF-8: U+FFFD per run, not U+00XX per byte */
	bool need_sep;		/* a value was written at this level */
	bool after_name;	/* jsonw_name() was just called */
	bool wrote;		/* anything at all was written */
	uint8_t *stack;		/* '{' or '[' per open level */
	size_t depth;
	size_t cap;
	bool oom;		/* the stack could not grow: depth is still counted */
};

struct json_writer *jsonw_new(FILE *f)
{
	struct json_writer *self = calloc(1, sizeof(*self));

	if (!self) {
		errno = ENOMEM;
		return NULL;
	}
	self->out = f;
	return self;
}

void jsonw_destroy(struct json_writer **self_p)
{
	struct json_writer *self;

	if (!self_p || !*self_p)
		return;
	self = *self_p;
	assert(self->depth == 0 && !self->after_name);
	if (self->wrote)
		fputc('\n', self->out);
	fflush(self->out);
	free(self->stack);
	free(self);
	*self_p = NULL;
}

void jsonw_pretty(struct json_writer *self, bool on)
{
	self->pretty = on;
}

void jsonw_lossy_utf8(struct json_writer *self, bool on)
{
	self->lossy_utf8 = on;
}

int jsonw_error(const struct json_writer *self)
{
	return ferror(self->out) ? -EIO : 0;
}

static void indent(struct json_writer *self)
{
	size_t i;

	if (!self->pretty)
		return;
	fputc('\n', self->out);
	for (i = 0; i < self->depth; i++)
		fputs("    ", self->out);
}

/* Separator and indentation before a value or a name. */
static void begin_value(struct json_writer *self)
{
	self->wrote = true;
	if (self->after_name) {
		self->after_name = false;
		return;
	}
	if (self->need_sep)
		fputc(',', self->out);
	if (self->depth)
		indent(self);
	self->need_sep = true;
}

static void push(struct json_writer *self, char c)
{
	begin_value(self);
	fputc(c, self->out);
	if (vec_ensure((void **)&self->stack, &self->cap, 1, self->depth + 1) == 0)
		self->stack[self->depth] = (uint8_t)c;
	else
		self->oom = true;
	self->depth++;
	self->need_sep = false;
}

static void pop(struct json_writer *self, char open, char close)
{
	assert(self->depth > 0 && !self->after_name);
	if (self->depth == 0)
		return;
	assert(self->oom || self->stack[self->depth - 1] == (uint8_t)open);
	(void)open;
	self->depth--;
	if (self->need_sep)
		indent(self);
	fputc(close, self->out);
	self->need_sep = true;
}

void jsonw_start_object(struct json_writer *self)
{
	push(self, '{');
}

void jsonw_end_object(struct json_writer *self)
{
	pop(self, '{', '}');
}

void jsonw_start_array(struct json_writer *self)
{
	push(self, '[');
}

void jsonw_end_array(struct json_writer *self)
{
	pop(self, '[', ']');
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;	/* overlong, out of range, surrogate */
	return n;
}

static void write_str(struct json_writer *self, const char *value, size_t len)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t i = 0;
	bool bad_run = false;	/* lossy: the last byte was not UTF-8 */

	fputc('"', self->out);
	while (i < len) {
		unsigned char c = s[i];
		size_t n;

		if (c < 0x80)
			bad_run = false;	/* ASCII is UTF-8: it ends a run */
		switch (c) {
		case '"':  fputs("\\\"", self->out); i++; continue;
		case '\\': fputs("\\\\", self->out); i++; continue;
		case '\b': fputs("\\b", self->out); i++; continue;
		case '\f': fputs("\\f", self->out); i++; continue;
		case '\n': fputs("\\n", self->out); i++; continue;
		case '\r': fputs("\\r", self->out); i++; continue;
		case '\t': fputs("\\t", self->out); i++; continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(self->out, "\\u%04x", c);
			i++;
			continue;
		}
		n = utf8_seq(s + i, len - i);
		if (n == 0 && self->lossy_utf8) {
			/* as Go's strings.ToValidUTF8(s, "\uFFFD"): one per run */
			if (!bad_run)
				fputs("\xef\xbf\xbd", self->out);
			bad_run = true;
			i++;
			continue;
		}
		if (n == 0) {
			/* Not UTF-8: keep the byte visible as U+00XX. */
			fprintf(self->out, "\\u%04x", c);
			i++;
			continue;
		}
		bad_run = false;
		fwrite(s + i, 1, n, self->out);
		i += n;
	}
	fputc('"', self->out);
}

void jsonw_name(struct json_writer *self, const char *name)
{
	assert(self->depth > 0 && (self->oom || self->stack[self->depth - 1] == '{'));
	begin_value(self);
	write_str(self, name, strlen(name));
	fputc(':', self->out);
	if (self->pretty)
		fputc(' ', self->out);
	self->after_name = true;
}

void jsonw_string_len(struct json_writer *self, const char *value, size_t len)
{
	begin_value(self);
	write_str(self, value, len);
}

void jsonw_string(struct json_writer *self, const char *value)
{
	jsonw_string_len(self, value, strlen(value));
}

void jsonw_printf(struct json_writer *self, const char *fmt, ...)
{
	va_list ap;

	begin_value(self);
	va_start(ap, fmt);
	vfprintf(self->out, fmt, ap);
	va_end(ap);
}

void jsonw_uint(struct json_writer *self, uint64_t v)
{
	jsonw_printf(self, "%" PRIu64, v);
}

void jsonw_int(struct json_writer *self, int64_t v)
{
	jsonw_printf(self, "%" PRId64, v);
}

void jsonw_bool(struct json_writer *self, bool v)
{
	jsonw_printf(self, "%s", v ? "true" : "false");
}

void jsonw_null(struct json_writer *self)
{
	jsonw_printf(self, "null");
}

void jsonw_string_field(struct json_writer *self, const char *name, const char *v)
{
	jsonw_name(self, name);
	jsonw_string(self, v);
}

void jsonw_uint_field(struct json_writer *self, const char *name, uint64_t v)
{
	jsonw_name(self, name);
	jsonw_uint(self, v);
}

void jsonw_int_field(struct json_writer *self, const char *name, int64_t v)
{
	jsonw_name(self, name);
	jsonw_int(self, v);
}

void jsonw_bool_field(struct json_writer *self, const char *name, bool v)
{
	jsonw_name(self, name);
	jsonw_bool(self, v);
}

void jsonw_null_field(struct json_writer *self, const char *name)
{
	jsonw_name(self, name);
	jsonw_null(self);
}
