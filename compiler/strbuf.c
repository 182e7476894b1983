// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Growable, bounded string builder (see strbuf.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "vec.h"

void strbuf_init(struct strbuf *sb, size_t limit)
{
	memset(sb, 0, sizeof(*sb));
	sb->limit = limit;
}

void strbuf_release(struct strbuf *sb)
{
	size_t limit;

	if (!sb)
		return;
	limit = sb->limit;
	free(sb->buf);
	strbuf_init(sb, limit);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p;

	if (sb->err) {
		errno = sb->err == -E2BIG ? E2BIG : ENOMEM;
		strbuf_release(sb);
		return NULL;
	}
	p = sb->buf ? sb->buf : strdup("");
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	if (len)
		*len = sb->len;
	sb->buf = NULL;
	strbuf_release(sb);
	return p;
}

static size_t limit_of(const struct strbuf *sb)
{
	return sb->limit ? sb->limit : SIZE_MAX - 1;
}

/* Room for len more bytes plus the NUL. */
static int grow(struct strbuf *sb, size_t len)
{
	int err;

	if (sb->err)
		return sb->err;
	if (len > limit_of(sb) - sb->len) {
		sb->err = -E2BIG;
		return sb->err;
	}
	err = vec_ensure((void **)&sb->buf, &sb->cap, 1, sb->len + len + 1);
	if (err)
		sb->err = err;
	return err;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	int err = grow(sb, len);

	if (err)
		return err;
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, err;

	if (sb->err)
		return sb->err;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		sb->err = -EINVAL;
		return sb->err;
	}
	err = grow(sb, (size_t)n);
	if (err)
		return err;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return err;
}

void strbuf_truncate(struct strbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}
