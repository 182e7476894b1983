/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Tracepoint format files (<tracefs>/events/<subsys>/<event>/format): only
 * field names, C types, sizes and order are used. Offsets are never baked
 * into generated code: fields are read through CO-RE relocations.
 */
#ifndef TPC_TRACEFS_H
#define TPC_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

struct tp_arena;

struct tf_field {
	const char *decl;	/* C declaration type, e.g. "const char *", "__data_loc char[]" */
	const char *name;	/* field name without array suffix */
	unsigned int offset;
	unsigned int size;
	bool is_signed;
	unsigned int array_len;	/* "args[6]" -> 6; 0 if scalar */
	bool is_ptr;
	bool data_loc;
	bool common;		/* common_* field */
};

struct tf_format {
	struct tf_field *fields;	/* in format order: index == Tetragon arg index */
	size_t nr_fields;
};

/* The events directory to use: dir if set, else the first of
 * /sys/kernel/tracing/events, /sys/kernel/debug/tracing/events that exists.
 * NULL if none.
 */
const char *tracefs_events_dir(const char *dir);

/* Parse <events_dir>/<subsys>/<event>/format. 0; -ENOENT if the tracepoint
 * does not exist; -EINVAL on a malformed file; -ENOMEM.
 */
int tracefs_load_format(const char *events_dir, const char *subsys, const char *event,
			struct tp_arena *arena, struct tf_format *out);

/* Parse a format text (unit tests). */
int tracefs_parse_format(const char *text, struct tp_arena *arena, struct tf_format *out);

#endif
