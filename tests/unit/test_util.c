// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* arena.c, strbuf.c, vec.h, log.c. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "log.h"
#include "strbuf.h"
#include "test.h"
#include "vec.h"

void test_arena(void)
{
	struct tp_arena *a = arena_new();
	char *s, *big;
	int *v;
	size_t i;

	if (!ASSERT_TRUE(a, "arena_new"))
		return;
	s = arena_strndup(a, "a\0b", 3);
	ASSERT_EQ(memcmp(s, "a\0b", 4), 0, "strndup keeps NUL, terminates");
	ASSERT_STREQ(arena_printf(a, "%s-%d", "x", 42), "x-42", "printf");
	for (i = 0; i < 10000; i++) {
		v = arena_calloc(a, 3, sizeof(*v));
		ASSERT_EQ((uintptr_t)v % _Alignof(max_align_t), 0, "aligned");
		ASSERT_EQ(v[0] | v[1] | v[2], 0, "zeroed");
		v[0] = 1;
	}
	big = arena_alloc(a, 1 << 20);
	ASSERT_TRUE(big && big[12345] == 0, "big block");
	ASSERT_EQ(arena_calloc(a, SIZE_MAX / 2, 4), NULL, "overflow");
	ASSERT_EQ(arena_alloc(a, SIZE_MAX - 4), NULL, "huge");
	arena_free(a);
	arena_free(NULL);
}

void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	char *p;

	ASSERT_STREQ(strbuf_str(&sb), "", "empty");
	ASSERT_OK(strbuf_addf(&sb, "%d-%s", 7, "x"), "addf");
	ASSERT_OK(strbuf_add(&sb, "\0y", 2), "add NUL");
	ASSERT_EQ(sb.len, 5, "len");
	p = strbuf_detach(&sb, &len);
	ASSERT_EQ(memcmp(p, "7-x\0y", 6), 0, "detach");
	ASSERT_EQ(len, 5, "detach len");
	free(p);

	strbuf_init(&sb, 8);
	ASSERT_OK(strbuf_addstr(&sb, "12345678"), "at limit");
	ASSERT_EQ(strbuf_addch(&sb, '9'), -E2BIG, "over limit");
	ASSERT_EQ(strbuf_addstr(&sb, ""), -E2BIG, "sticky");
	ASSERT_STREQ(strbuf_str(&sb), "12345678", "nothing partial");
	ASSERT_EQ(strbuf_detach(&sb, NULL), NULL, "detach reports the error");
	strbuf_release(&sb);

	strbuf_init(&sb, 0);
	ASSERT_EQ(strbuf_add(&sb, "x", SIZE_MAX), -E2BIG, "size overflow");
	strbuf_release(&sb);
	strbuf_release(NULL);
}

void test_vec_ensure(void)
{
	size_t cap = 0, i;
	int *v = NULL;

	ASSERT_OK(vec_ensure((void **)&v, &cap, sizeof(*v), 1), "first");
	ASSERT_TRUE(cap >= 16, "min cap");
	for (i = 0; i < cap; i++)
		ASSERT_EQ(v[i], 0, "zeroed");
	v[0] = 5;
	ASSERT_OK(vec_ensure((void **)&v, &cap, sizeof(*v), 1000), "grow");
	ASSERT_TRUE(cap >= 1000 && v[0] == 5 && v[999] == 0, "kept and zeroed");
	ASSERT_EQ(vec_ensure((void **)&v, &cap, sizeof(*v), SIZE_MAX / 2), -ENOMEM, "overflow");
	ASSERT_TRUE(cap >= 1000 && v[0] == 5, "untouched on error");
	free(v);
}

static char log_buf[256];
static int log_cnt;

static int capture(enum log_level level, const char *fmt, va_list ap)
{
	log_cnt++;
	return vsnprintf(log_buf, sizeof(log_buf), fmt, ap);
}

void test_log(void)
{
	log_print_fn_t old_fn = log_set_print(capture);
	enum log_level old = log_set_level(LOG_WARN);

	pr_debug("hidden %d\n", 1);
	ASSERT_EQ(log_cnt, 0, "debug filtered");
	pr_warn("clang failed: %s\n", "x");
	ASSERT_STREQ(log_buf, "clang failed: x\n", "warn");
	log_set_level(LOG_DEBUG);
	pr_debug("shown %d\n", 2);
	ASSERT_STREQ(log_buf, "shown 2\n", "debug");
	ASSERT_EQ(log_get_level(), LOG_DEBUG, "level");
	log_set_level(old);
	log_set_print(old_fn);
}
