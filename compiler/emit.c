// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The C emitter and the only two doors from policy text into C. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "emit.h"

void emit_init(struct emitter *e, FILE *out)
{
	e->out = out;
	e->indent = 0;
	e->err = 0;
}

static void vline(struct emitter *e, const char *fmt, va_list ap)
{
	int i;

	if (e->err)
		return;
	for (i = 0; i < e->indent; i++)
		fputc('\t', e->out);
	vfprintf(e->out, fmt, ap);
	fputc('\n', e->out);
	if (ferror(e->out))
		e->err = -EIO;
}

void emit_line(struct emitter *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(e, fmt, ap);
	va_end(ap);
}

void emit_open(struct emitter *e, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		emit_fail(e, -E2BIG);
		return;
	}
	emit_line(e, "%s%s{", buf, n ? " " : "");
	e->indent++;
}

void emit_func(struct emitter *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(e, fmt, ap);
	va_end(ap);
	emit_line(e, "{");
	e->indent++;
}

void emit_else(struct emitter *e)
{
	if (e->indent == 0) {
		emit_fail(e, -EFAULT);
		return;
	}
	e->indent--;
	emit_line(e, "} else {");
	e->indent++;
}

void emit_label(struct emitter *e, const char *name)
{
	if (e->err)
		return;
	fprintf(e->out, "%s:\n", name);
}

void emit_close(struct emitter *e, const char *trailer)
{
	if (e->indent == 0) {
		emit_fail(e, -EFAULT);
		return;
	}
	e->indent--;
	emit_line(e, "}%s", trailer ? trailer : "");
}

void emit_blank(struct emitter *e)
{
	if (e->err)
		return;
	fputc('\n', e->out);
}

void emit_raw(struct emitter *e, const char *s, size_t len)
{
	if (e->err)
		return;
	if (fwrite(s, 1, len, e->out) != len)
		e->err = -EIO;
}

void emit_fail(struct emitter *e, int err)
{
	if (!e->err)
		e->err = err;
}

int emit_finish(struct emitter *e)
{
	if (e->err)
		return e->err;
	if (e->indent != 0)
		return -EFAULT;
	if (fflush(e->out))
		return -EIO;
	return 0;
}

int c_quote(char *dst, size_t dst_sz, const char *s, size_t len)
{
	size_t o = 0, i;

	if (dst_sz < 3)
		return -E2BIG;
	dst[o++] = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
			if (o + 1 >= dst_sz)
				return -E2BIG;
			dst[o++] = c;
		} else {
			if (o + 4 >= dst_sz)
				return -E2BIG;
			dst[o++] = '\\';
			dst[o++] = '0' + ((c >> 6) & 7);
			dst[o++] = '0' + ((c >> 3) & 7);
			dst[o++] = '0' + (c & 7);
		}
	}
	if (o + 2 > dst_sz)
		return -E2BIG;
	dst[o++] = '"';
	dst[o] = '\0';
	return 0;
}

void c_comment_text(char *dst, size_t dst_sz, const char *s, size_t len)
{
	size_t o = 0, i;

	if (!dst_sz)
		return;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (o + 4 >= dst_sz) {
			if (dst_sz >= 4) {
				o = dst_sz - 4;
				memcpy(dst + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (c < 0x20 || c >= 0x7f || c == '\\')
			c = '?';
		/* never let "*" "/" (end of comment) or "/" "*" through */
		if ((c == '/' && o && dst[o - 1] == '*') || (c == '*' && o && dst[o - 1] == '/'))
			dst[o++] = ' ';
		dst[o++] = c;
	}
	dst[o] = '\0';
}

int c_check_ident(const char *s)
{
	size_t i;

	if (!s || !*s)
		return -EINVAL;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i >= 64)
			return -EINVAL;
		if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (i && c >= '0' && c <= '9'))
			continue;
		return -EINVAL;
	}
	return 0;
}
