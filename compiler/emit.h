/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The C emitter: knows C syntax, nothing about policies. Codegen writes
 * through it; policy text reaches the output only through c_quote() and
 * identifiers only through c_check_ident().
 */
#ifndef TPC_EMIT_H
#define TPC_EMIT_H

#include <stddef.h>
#include <stdio.h>

struct emitter {
	FILE *out;		/* normally an open_memstream() buffer */
	int indent;		/* in tabs */
	int err;		/* sticky: first error (-errno), 0 if none */
};

void emit_init(struct emitter *e, FILE *out);
/* One line at the current indent. */
__attribute__((format(printf, 2, 3)))
void emit_line(struct emitter *e, const char *fmt, ...);
/* Line, " {", indent++. */
__attribute__((format(printf, 2, 3)))
void emit_open(struct emitter *e, const char *fmt, ...);
/* A function definition: the line, then "{" on its own line, indent++. */
__attribute__((format(printf, 2, 3)))
void emit_func(struct emitter *e, const char *fmt, ...);
/* "} else {" between two blocks. */
void emit_else(struct emitter *e);
/* A label at column 0. */
void emit_label(struct emitter *e, const char *name);
/* indent--, "}" followed by trailer (e.g. ";" or ""). */
void emit_close(struct emitter *e, const char *trailer);
void emit_blank(struct emitter *e);
/* Raw text, no indent, no newline (templates). */
void emit_raw(struct emitter *e, const char *s, size_t len);
void emit_fail(struct emitter *e, int err);
/* e->err, or -EFAULT if braces are unbalanced. */
int emit_finish(struct emitter *e);

/* Quote s[0..len) as a C string literal into dst: printable ASCII except
 * '"', '\\' and '?' (trigraphs) verbatim, everything else as 3-digit octal
 * escapes. 0, or -E2BIG if dst is too small (never truncates).
 */
int c_quote(char *dst, size_t dst_sz, const char *s, size_t len);
/* Quote for a C comment: printable ASCII only, "*" followed by "/" and
 * any other byte replaced so the comment cannot end early. Always
 * NUL-terminates; truncates with "..." (comments are informational).
 */
void c_comment_text(char *dst, size_t dst_sz, const char *s, size_t len);
/* 0 if s is a C identifier ([A-Za-z_][A-Za-z0-9_]*, 1..64 chars), else -EINVAL. */
int c_check_ident(const char *s);

#endif
