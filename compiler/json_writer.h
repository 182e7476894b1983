/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Small streaming JSON writer, in the shape of bpftool's json_writer:
 * jsonw_new(), jsonw_start_object(), jsonw_name(), jsonw_string(), ...
 * The writer inserts commas and (with jsonw_pretty()) newlines and
 * indentation itself; callers only say what comes next.
 */
#ifndef TPC_JSON_WRITER_H
#define TPC_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;
typedef struct json_writer json_writer_t;

/* Writes to f (borrowed, not closed). NULL with errno = ENOMEM. */
struct json_writer *jsonw_new(FILE *f);
/* Ends the output with a newline and frees *self_p (sets it to NULL).
 * Asserts that every object and array was closed. NULL-safe.
 */
void jsonw_destroy(struct json_writer **self_p);
/* Pretty-print (4-space indent, as bpftool -p). Default off (compact). */
void jsonw_pretty(struct json_writer *self, bool on);
/* Invalid UTF-8 in strings: each run of bytes that are not UTF-8 becomes one U+FFFD
 * (on), or each such byte U+00XX (off, the default: nothing is lost).
 */
void jsonw_lossy_utf8(struct json_writer *self, bool on);
/* -EIO if a write to the stream failed so far, else 0. */
int jsonw_error(const struct json_writer *self);

void jsonw_start_object(struct json_writer *self);
void jsonw_end_object(struct json_writer *self);
void jsonw_start_array(struct json_writer *self);
void jsonw_end_array(struct json_writer *self);

/* Key of the next value; only inside an object. */
void jsonw_name(struct json_writer *self, const char *name);

/* Strings are escaped: '"', '\\', every control character, DEL, and every
 * byte that is not part of valid UTF-8 are written as escapes (\n, \t,
 * \u00XX), so any input gives valid JSON. len variants take NUL bytes.
 */
void jsonw_string(struct json_writer *self, const char *value);
void jsonw_string_len(struct json_writer *self, const char *value, size_t len);
__attribute__((format(printf, 2, 3)))
void jsonw_printf(struct json_writer *self, const char *fmt, ...);	/* raw value text */
void jsonw_uint(struct json_writer *self, uint64_t v);
void jsonw_int(struct json_writer *self, int64_t v);
void jsonw_bool(struct json_writer *self, bool v);
void jsonw_null(struct json_writer *self);

/* name + value */
void jsonw_string_field(struct json_writer *self, const char *name, const char *v);
void jsonw_uint_field(struct json_writer *self, const char *name, uint64_t v);
void jsonw_int_field(struct json_writer *self, const char *name, int64_t v);
void jsonw_bool_field(struct json_writer *self, const char *name, bool v);
void jsonw_null_field(struct json_writer *self, const char *name);

#endif
