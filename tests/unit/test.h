/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Unit-test macros in the test_progs shape. Each test_<area>.c defines
 * `void test_<name>(void)`; the Makefile collects them into gen/tests.h.
 * Every ASSERT_* prints "file:line: func: FAIL: name: ..." on failure and
 * evaluates to true when the check passed, so tests can bail out:
 *	if (!ASSERT_OK(err, "parse")) return;
 */
#ifndef TPC_TEST_H
#define TPC_TEST_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

extern int test__fail_cnt;	/* failures in the running test */

/* Mark the running test as skipped (it still counts as passed). */
void test__skip(const char *why);
/* Repo-relative path helper: tests run from the repo root. */
#define TEST_DATA(name) "tests/unit/data/" name

#define TEST_FAIL_(fmt, ...) ({							\
	fprintf(stderr, "%s:%d: %s: FAIL: " fmt "\n", __FILE__, __LINE__, __func__,	\
		##__VA_ARGS__);								\
	test__fail_cnt++;								\
	false;										\
})

#define ASSERT_TRUE(cond, name) ({							\
	bool ok_ = !!(cond);								\
	ok_ ? true : TEST_FAIL_("%s: %s is false", name, #cond);			\
})

#define ASSERT_FALSE(cond, name) ({							\
	bool ok_ = !(cond);								\
	ok_ ? true : TEST_FAIL_("%s: %s is true", name, #cond);				\
})

#define ASSERT_EQ(a, b, name) ({							\
	long long a_ = (long long)(a), b_ = (long long)(b);				\
	a_ == b_ ? true : TEST_FAIL_("%s: %s != %s (%lld != %lld)", name, #a, #b, a_, b_); \
})

#define ASSERT_NEQ(a, b, name) ({							\
	long long a_ = (long long)(a), b_ = (long long)(b);				\
	a_ != b_ ? true : TEST_FAIL_("%s: %s == %s (%lld)", name, #a, #b, a_);		\
})

#define ASSERT_OK(x, name) ({								\
	long long x_ = (long long)(x);							\
	x_ == 0 ? true : TEST_FAIL_("%s: %s returned %lld", name, #x, x_);		\
})

#define ASSERT_ERR(x, name) ({								\
	long long x_ = (long long)(x);							\
	x_ < 0 ? true : TEST_FAIL_("%s: %s returned %lld, expected an error", name, #x, x_); \
})

#define ASSERT_STREQ(a, b, name) ({							\
	const char *a_ = (a), *b_ = (b);						\
	(a_ && b_ && strcmp(a_, b_) == 0) ? true :					\
		TEST_FAIL_("%s: %s != %s (\"%s\" != \"%s\")", name, #a, #b,		\
			   a_ ? a_ : "(null)", b_ ? b_ : "(null)");			\
})

#define ASSERT_STRSTR(hay, needle, name) ({						\
	const char *h_ = (hay), *n_ = (needle);						\
	(h_ && n_ && strstr(h_, n_)) ? true :						\
		TEST_FAIL_("%s: \"%s\" not found in \"%s\"", name, n_ ? n_ : "(null)",	\
			   h_ ? h_ : "(null)");						\
})

#endif
