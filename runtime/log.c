// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload logging and the libbpf print callback. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "util.h"

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

/* Text reaches the terminal with its control bytes escaped (names, paths
 * and messages may come from an object or a pinned meta): everything below
 * 0x20 but newline and tab, and DEL, is written as \xNN.
 */
static void vprint_escaped(FILE *f, const char *fmt, va_list ap)
{
	char buf[1024], *s = buf;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf) && vasprintf(&s, fmt, ap) < 0)
		return;
	fputs_escaped(f, s, true);
	if (s != buf)
		free(s);
}

static void vlog(int level, bool note, const char *fmt, va_list ap)
{
	va_list aq;

	if (level == 0 && json_mode && !note) {
		va_copy(aq, ap);
		keep(fmt, aq);
		va_end(aq);
	}
	if (level > verbosity || (json_mode && verbosity == 0))
		return;
	vprint_escaped(stderr, fmt, ap);
}

void pr_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(0, true, fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(0, false, fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(1, false, fmt, ap);
	va_end(ap);
}

void pr_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(2, false, fmt, ap);
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
	vprint_escaped(stderr, fmt, ap);
	return 0;
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
