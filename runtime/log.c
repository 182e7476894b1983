// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload logging and the libbpf print callback. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "log.h"

/* Process-wide by nature, like libbpf's own print callback. */
static int verbosity;
static bool json_mode;
static char **kept;
static size_t nr_kept;

static void keep(const char *fmt, va_list ap)
{
	char **n;
	char *s;
	size_t len;

	if (vasprintf(&s, fmt, ap) < 0)
		return;
	len = strlen(s);
	while (len && s[len - 1] == '\n')
		s[--len] = '\0';
	n = realloc(kept, (nr_kept + 1) * sizeof(*kept));
	if (!n) {
		free(s);
		return;
	}
	kept = n;
	kept[nr_kept++] = s;
}

static void vlog(int level, const char *fmt, va_list ap)
{
	va_list aq;

	if (level == 0 && json_mode) {
		va_copy(aq, ap);
		keep(fmt, aq);
		va_end(aq);
	}
	if (level > verbosity || (json_mode && verbosity == 0))
		return;
	vfprintf(stderr, fmt, ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(0, fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(1, fmt, ap);
	va_end(ap);
}

void pr_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(2, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int our = level == LIBBPF_WARN ? 1 : level == LIBBPF_INFO ? 2 : 3;

	/* libbpf's warnings are context for our own message, which says what
	 * failed; show them with -v. The verifier log is printed by us
	 * (tail only), libbpf's full copy only with -vvv.
	 */
	if (strstr(fmt, "-- BEGIN PROG LOAD LOG --"))
		our = 3;
	if (our > verbosity)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void log_init(int v, bool json)
{
	verbosity = v;
	json_mode = json;
	libbpf_set_print(libbpf_print);
}

int log_verbosity(void)
{
	return verbosity;
}

size_t log_nr_kept(void)
{
	return nr_kept;
}

const char *log_kept(size_t i)
{
	return i < nr_kept ? kept[i] : NULL;
}

void log_free(void)
{
	size_t i;

	for (i = 0; i < nr_kept; i++)
		free(kept[i]);
	free(kept);
	kept = NULL;
	nr_kept = 0;
}
