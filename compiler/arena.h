/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* One arena per compilation: the AST, the IR and their strings live here and
 * die together at arena_free(). Nothing allocated from it is freed alone.
 */
#ifndef TPC_ARENA_H
#define TPC_ARENA_H

#include <stddef.h>

struct tp_arena;

/* NULL with errno = ENOMEM on failure. */
struct tp_arena *arena_new(void);
/* NULL-safe. */
void arena_free(struct tp_arena *a);

/* Zeroed memory, aligned for any type. NULL on overflow/ENOMEM. */
void *arena_alloc(struct tp_arena *a, size_t size);
/* Zeroed array of n elements; NULL on overflow/ENOMEM. */
void *arena_calloc(struct tp_arena *a, size_t n, size_t size);
/* Copy of s[0..len) plus a terminating NUL (s may contain NUL bytes). */
char *arena_strndup(struct tp_arena *a, const char *s, size_t len);
char *arena_strdup(struct tp_arena *a, const char *s);
/* printf into the arena. */
__attribute__((format(printf, 2, 3)))
char *arena_printf(struct tp_arena *a, const char *fmt, ...);

#endif
