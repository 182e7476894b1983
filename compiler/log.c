// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tool logging to stderr (see log.h). */
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

static enum log_level cur_level = LOG_WARN;
static log_print_fn_t cur_print;

enum log_level log_set_level(enum log_level level)
{
	enum log_level old = cur_level;

	cur_level = level;
	return old;
}

enum log_level log_get_level(void)
{
	return cur_level;
}

log_print_fn_t log_set_print(log_print_fn_t fn)
{
	log_print_fn_t old = cur_print;

	cur_print = fn;
	return old;
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > cur_level)
		return;
	va_start(ap, fmt);
	if (cur_print) {
		cur_print(level, fmt, ap);
	} else {
		char *msg = NULL, *p;

		fputs("tpc: ", stderr);
		/* control bytes of paths and values escaped (newline, tab kept) */
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = NULL;
		for (p = msg; p && *p; p++) {
			unsigned char c = (unsigned char)*p;

			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				fprintf(stderr, "\\x%02x", c);
			else
				fputc(c, stderr);
		}
		free(msg);
	}
	va_end(ap);
}
