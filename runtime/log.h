/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* tpload logging: the one place that decides where tool text goes (stderr,
 * never stdout). libbpf's print callback is routed here with levels demoted
 * by one: -v shows libbpf info, -vv libbpf debug.
 * In JSON mode warnings are also kept in memory so the command can put them
 * in its one JSON document; they reach stderr only with -v.
 */
#ifndef TP_LOG_H
#define TP_LOG_H

#include <stdbool.h>
#include <stddef.h>

void log_init(int verbosity, bool json);
int log_verbosity(void);

void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Shown like a warning in text mode, but not an error in JSON mode. */
void pr_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Warnings kept in JSON mode (without the trailing newline). Borrowed. */
size_t log_nr_kept(void);
const char *log_kept(size_t i);
void log_free(void);

#endif
