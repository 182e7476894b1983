/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Tool logging: pr_warn/pr_info/pr_debug. Like libbpf's print callback, this
 * is the one place that decides where tool messages go: stderr by default,
 * never stdout. Policy problems do not go here; they go to diag.
 *
 * The level and the print function are process-wide (set once by main, or
 * by a test), like libbpf's libbpf_set_print(); nothing else is global.
 */
#ifndef TPC_LOG_H
#define TPC_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_WARN,	/* always shown (tool problems, internal errors) */
	LOG_INFO,	/* -v */
	LOG_DEBUG,	/* -vv */
};

/* Print function; receives the level and the formatted-by-caller text
 * (without the "tpc: " prefix). Returns what vfprintf returns.
 */
typedef int (*log_print_fn_t)(enum log_level level, const char *fmt, va_list ap);

/* Messages above level are dropped. Default LOG_WARN. Returns the old one. */
enum log_level log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* NULL restores the default (stderr with a "tpc: " prefix). Returns the old
 * function (NULL if it was the default).
 */
log_print_fn_t log_set_print(log_print_fn_t fn);

/* fmt ends in "\n", as in libbpf. */
__attribute__((format(printf, 2, 3)))
void log_printf(enum log_level level, const char *fmt, ...);

#define pr_warn(fmt, ...)	log_printf(LOG_WARN, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	log_printf(LOG_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	log_printf(LOG_DEBUG, fmt, ##__VA_ARGS__)

#endif
