// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Bump allocator: one arena per compilation (AST, IR, their strings). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_CHUNK	(64 * 1024)
#define ARENA_ALIGN	_Alignof(max_align_t)

struct chunk {
	struct chunk *next;
	size_t used;
	size_t size;
	max_align_t data[];	/* aligned for any type */
};

struct tp_arena {
	struct chunk *head;	/* current chunk, then older ones */
};

struct tp_arena *arena_new(void)
{
	struct tp_arena *a = calloc(1, sizeof(*a));

	if (!a)
		errno = ENOMEM;
	return a;
}

void arena_free(struct tp_arena *a)
{
	struct chunk *c, *next;

	if (!a)
		return;
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		return NULL;
	c = malloc(sizeof(*c) + size);
	if (!c)
		return NULL;
	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

void *arena_alloc(struct tp_arena *a, size_t size)
{
	struct chunk *c = a->head;
	size_t need;
	void *p;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - ARENA_ALIGN) {
		errno = ENOMEM;
		return NULL;
	}
	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (!c || c->size - c->used < need) {
		if (need > ARENA_CHUNK / 4) {
			/* Big block: own chunk, kept behind the current one so
			 * the current chunk's free space is not wasted.
			 */
			c = chunk_new(need);
			if (!c) {
				errno = ENOMEM;
				return NULL;
			}
			if (a->head) {
				c->next = a->head->next;
				a->head->next = c;
			} else {
				a->head = c;
			}
		} else {
			c = chunk_new(ARENA_CHUNK);
			if (!c) {
				errno = ENOMEM;
				return NULL;
			}
			c->next = a->head;
			a->head = c;
		}
	}
	p = (char *)c->data + c->used;
	c->used += need;
	memset(p, 0, size);
	return p;
}

void *arena_calloc(struct tp_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct tp_arena *a, const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	p = arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct tp_arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct tp_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		errno = EINVAL;
		return NULL;
	}
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
