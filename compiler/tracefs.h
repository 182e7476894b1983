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

/* The text of <events_dir>/<subsys>/<event>/format (malloc'ed, NUL-terminated,
 * owned by the caller). 0; -ENOENT if the tracepoint does not exist (or a name is not
 * a path component); -errno; -ENOMEM.
 */
int tracefs_read_format(const char *events_dir, const char *subsys, const char *event,
			char **text, size_t *len);

/* Parse a format text. 0; -EINVAL (no fields, malformed); -ENOMEM. */
int tracefs_parse_format(const char *text, struct tp_arena *arena, struct tf_format *out);

#endif
