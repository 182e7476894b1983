/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* User-facing diagnostics: GNU "file:line:col: severity: message [code]"
 * text, or buffered entries that cmd_* writes into one JSON document.
 */
#ifndef TPC_DIAG_H
#define TPC_DIAG_H

#include <stdbool.h>
#include <stdio.h>
#include "tp_loc.h"

struct json_writer;

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE,
};

struct diag_opts {
	FILE *stream;		/* text output; NULL discards text (fuzzer, --json) */
	bool buffer;		/* keep entries for diag_write_json() */
	unsigned int max_errors;	/* 0: default (20) */
};

struct diag;

/* NULL with errno = ENOMEM on failure. */
struct diag *diag_new(const struct diag_opts *opts);
void diag_free(struct diag *d);		/* NULL-safe */

/* Register an input file name (the path as given); returns its index for
 * struct tp_loc.file. The name is copied.
 */
unsigned int diag_add_file(struct diag *d, const char *name);
const char *diag_file_name(const struct diag *d, unsigned int file);

/* code: stable kebab-case code printed as " [code]". A note attaches to the
 * previous error or warning (JSON "notes").
 */
__attribute__((format(printf, 4, 5)))
void diag_error(struct diag *d, struct tp_loc loc, const char *code, const char *fmt, ...);
__attribute__((format(printf, 4, 5)))
void diag_warn(struct diag *d, struct tp_loc loc, const char *code, const char *fmt, ...);
__attribute__((format(printf, 3, 4)))
void diag_note(struct diag *d, struct tp_loc loc, const char *fmt, ...);

unsigned int diag_error_cnt(const struct diag *d);
unsigned int diag_warning_cnt(const struct diag *d);
/* True once max_errors errors were reported: later diagnostics are dropped
 * (still counted), so long-running phases may stop early.
 */
bool diag_stopped(const struct diag *d);

/* Write the buffered entries as a JSON array value (the caller has written
 * the key). Order: as reported.
 */
void diag_write_json(const struct diag *d, struct json_writer *jw);

/* Read access to the buffered entries (for the SARIF and GitHub writers,
 * diag_formats.c). Pointers are borrowed, valid until diag_free().
 */
struct diag_view_note {
	struct tp_loc loc;
	const char *msg;
};
struct diag_view {
	enum diag_severity sev;
	const char *code;		/* NULL for a top-level note */
	struct tp_loc loc;
	const char *msg;
	size_t nr_notes;
};
size_t diag_nr_entries(const struct diag *d);
void diag_entry_view(const struct diag *d, size_t i, struct diag_view *v);
void diag_note_view(const struct diag *d, size_t i, size_t n, struct diag_view_note *v);

/* SARIF 2.1.0 (one run; rules = the codes reported, with their
 * descriptions; results with file:line:col regions) to @f.
 */
void diag_write_sarif(const struct diag *d, FILE *f, const char *tool_version, bool pretty);
/* GitHub Actions workflow commands: one ::error/::warning/::notice line
 * per entry, notes folded into the message.
 */
void diag_write_github(const struct diag *d, FILE *f);

#endif
