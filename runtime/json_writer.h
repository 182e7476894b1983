/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A small streaming JSON writer (the shape of bpftool's json_writer):
 * commas and nesting are handled here, strings are escaped here.
 */
#ifndef TP_JSON_WRITER_H
#define TP_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

/* @pretty: indent by two spaces. NULL on ENOMEM. */
struct json_writer *jsonw_new(FILE *f, bool pretty);
/* Checks that nesting is balanced (an internal error otherwise), writes a
 * final newline if a document was written. NULL-safe.
 */
void jsonw_destroy(struct json_writer **w);

void jsonw_start_object(struct json_writer *w);
void jsonw_end_object(struct json_writer *w);
void jsonw_start_array(struct json_writer *w);
void jsonw_end_array(struct json_writer *w);
void jsonw_name(struct json_writer *w, const char *name);
void jsonw_string(struct json_writer *w, const char *s);
void jsonw_string_len(struct json_writer *w, const char *s, size_t len);
void jsonw_printf(struct json_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jsonw_uint(struct json_writer *w, uint64_t v);
void jsonw_int(struct json_writer *w, int64_t v);
void jsonw_bool(struct json_writer *w, bool v);
void jsonw_null(struct json_writer *w);

/* name + value shortcuts */
void jsonw_string_field(struct json_writer *w, const char *name, const char *s);
void jsonw_uint_field(struct json_writer *w, const char *name, uint64_t v);
void jsonw_int_field(struct json_writer *w, const char *name, int64_t v);
void jsonw_bool_field(struct json_writer *w, const char *name, bool v);

#endif
