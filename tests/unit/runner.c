// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit-test runner (test_progs shape): runs every test_*() from the
 * generated registry, or those whose name contains argv[1].
 * Prints "unit: N passed, M failed"; exits 1 if any test failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define DEFINE_TEST(name) void test_##name(void);
#include "tests.h"
#undef DEFINE_TEST

struct test_def {
	const char *name;
	void (*fn)(void);
};

static const struct test_def tests[] = {
#define DEFINE_TEST(name) { #name, test_##name },
#include "tests.h"
#undef DEFINE_TEST
};

int test__fail_cnt;
static const char *skip_reason;

void test__skip(const char *why)
{
	skip_reason = why;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0, skipped = 0;
	size_t i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (filter && !strstr(tests[i].name, filter))
			continue;
		test__fail_cnt = 0;
		skip_reason = NULL;
		tests[i].fn();
		if (test__fail_cnt) {
			printf("FAIL: %s\n", tests[i].name);
			failed++;
		} else if (skip_reason) {
			printf("SKIP: %s: %s\n", tests[i].name, skip_reason);
			skipped++;
			passed++;
		} else {
			passed++;
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	if (skipped)
		printf("unit: %d of the passed tests were skipped\n", skipped);
	return failed ? 1 : 0;
}
