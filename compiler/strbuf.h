/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Growable, bounded string builder. Errors are sticky: after the first
 * failure every append is a no-op and strbuf_err() reports it, so callers
 * can append freely and check once.
 */
#ifndef TPC_STRBUF_H
#define TPC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;	/* owned; always NUL-terminated once anything was added */
	size_t len;	/* bytes, excluding the NUL */
	size_t cap;
	size_t limit;	/* max len; 0: SIZE_MAX - 1 */
	int err;	/* 0, -ENOMEM or -E2BIG (limit hit), sticky */
};

#define STRBUF_INIT { 0 }

/* limit: maximum length in bytes, 0 for no limit. */
void strbuf_init(struct strbuf *sb, size_t limit);
/* Frees the buffer and resets sb to empty (the limit is kept). NULL-safe. */
void strbuf_release(struct strbuf *sb);
/* Returns the buffer (caller frees; "" when empty) and resets sb;
 * NULL with errno set if an append failed or on ENOMEM.
 */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/* All return 0, -ENOMEM or -E2BIG (the append would pass the limit; nothing
 * of it is added). data may contain NUL bytes.
 */
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
__attribute__((format(printf, 2, 3)))
int strbuf_addf(struct strbuf *sb, const char *fmt, ...);
__attribute__((format(printf, 2, 0)))
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Drop everything after len bytes (len <= sb->len); clears no error. */
void strbuf_truncate(struct strbuf *sb, size_t len);

static inline const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

static inline int strbuf_err(const struct strbuf *sb)
{
	return sb->err;
}

#endif
