// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* User-facing diagnostics (see diag.h): GNU text to a stream and/or entries
 * buffered for --json. Never fails loudly: on ENOMEM an entry is dropped but
 * still counted, so callers still see diag_error_cnt() > 0.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json_writer.h"
#include "vec.h"

#define DIAG_DEFAULT_MAX_ERRORS 20

struct diag_note_ent {
	struct tp_loc loc;
	char *msg;		/* owned */
};

struct diag_entry {
	enum diag_severity sev;
	char *code;		/* owned, NULL for a top-level note */
	struct tp_loc loc;
	char *msg;		/* owned */
	struct diag_note_ent *notes;
	size_t nr_notes, cap_notes;
};

struct diag {
	FILE *stream;		/* borrowed, NULL: no text */
	bool buffer;
	unsigned int max_errors;
	char **files;		/* owned names; files[0] is unused ("no file") */
	size_t nr_files, cap_files;
	struct diag_entry *ents;
	size_t nr_ents, cap_ents;
	unsigned int error_cnt, warning_cnt;
	bool stopped;		/* max_errors reached */
	bool last_dropped;	/* notes attach to a suppressed entry: drop them */
};

struct diag *diag_new(const struct diag_opts *opts)
{
	struct diag *d = calloc(1, sizeof(*d));

	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	if (opts) {
		d->stream = opts->stream;
		d->buffer = opts->buffer;
		d->max_errors = opts->max_errors;
	}
	if (!d->max_errors)
		d->max_errors = DIAG_DEFAULT_MAX_ERRORS;
	d->nr_files = 1;	/* index 0 = no file */
	if (vec_ensure((void **)&d->files, &d->cap_files, sizeof(*d->files), 1)) {
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	return d;
}

static void entry_free(struct diag_entry *e)
{
	size_t i;

	for (i = 0; i < e->nr_notes; i++)
		free(e->notes[i].msg);
	free(e->notes);
	free(e->code);
	free(e->msg);
}

void diag_free(struct diag *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nr_ents; i++)
		entry_free(&d->ents[i]);
	free(d->ents);
	for (i = 0; i < d->nr_files; i++)
		free(d->files[i]);
	free(d->files);
	free(d);
}

unsigned int diag_add_file(struct diag *d, const char *name)
{
	size_t i;
	char *copy;

	for (i = 1; i < d->nr_files; i++)
		if (strcmp(d->files[i], name) == 0)
			return (unsigned int)i;
	if (d->nr_files >= 0xffffffffu)
		return 0;
	copy = strdup(name);
	if (!copy || vec_ensure((void **)&d->files, &d->cap_files, sizeof(*d->files),
				d->nr_files + 1)) {
		free(copy);
		return 0;	/* degrade to location-less diagnostics */
	}
	d->files[d->nr_files] = copy;
	return (unsigned int)d->nr_files++;
}

const char *diag_file_name(const struct diag *d, unsigned int file)
{
	if (file == 0 || file >= d->nr_files)
		return NULL;
	return d->files[file];
}

unsigned int diag_error_cnt(const struct diag *d)
{
	return d->error_cnt;
}

unsigned int diag_warning_cnt(const struct diag *d)
{
	return d->warning_cnt;
}

bool diag_stopped(const struct diag *d)
{
	return d->stopped;
}

/* Text output escapes control bytes (as \xNN): messages quote values from
 * the policy (YAML "\e[2J" is one escape away), and file names are paths.
 * JSON output escapes them already (json_writer.c).
 */
static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void print_loc(const struct diag *d, struct tp_loc loc)
{
	const char *file = diag_file_name(d, loc.file);

	if (!file && !loc.line) {
		fputs("tpc: ", d->stream);
		return;
	}
	put_escaped(d->stream, file ? file : "<input>");
	if (!loc.line)
		fputs(": ", d->stream);
	else if (!loc.col)
		fprintf(d->stream, ":%u: ", loc.line);
	else
		fprintf(d->stream, ":%u:%u: ", loc.line, loc.col);
}

static const char *sev_str(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_ERROR:	return "error";
	case DIAG_WARNING:	return "warning";
	default:		return "note";
	}
}

/* Print and/or buffer one entry. msg is owned by the callee. */
static void emit(struct diag *d, enum diag_severity sev, struct tp_loc loc, const char *code,
		 char *msg)
{
	struct diag_entry *e;

	if (d->stream) {
		print_loc(d, loc);
		fprintf(d->stream, "%s: ", sev_str(sev));
		put_escaped(d->stream, msg ? msg : "(out of memory)");
		if (code && sev == DIAG_WARNING)
			fprintf(d->stream, " [-W%s]", code);
		else if (code)
			fprintf(d->stream, " [%s]", code);
		fputc('\n', d->stream);
	}
	if (!d->buffer || !msg ||
	    vec_ensure((void **)&d->ents, &d->cap_ents, sizeof(*d->ents), d->nr_ents + 1)) {
		free(msg);
		return;
	}
	e = &d->ents[d->nr_ents];
	memset(e, 0, sizeof(*e));
	e->sev = sev;
	e->loc = loc;
	e->msg = msg;
	e->code = code ? strdup(code) : NULL;
	d->nr_ents++;
}

static void report(struct diag *d, enum diag_severity sev, struct tp_loc loc, const char *code,
		   const char *fmt, va_list ap)
{
	char *msg;

	if (sev == DIAG_ERROR)
		d->error_cnt++;
	else
		d->warning_cnt++;
	if (d->stopped) {
		d->last_dropped = true;
		return;
	}
	if (sev == DIAG_ERROR && d->error_cnt > d->max_errors) {
		d->stopped = true;
		d->last_dropped = true;
		msg = strdup("too many errors, stopping");
		emit(d, DIAG_ERROR, (struct tp_loc){ 0 }, "too-many-errors", msg);
		return;
	}
	d->last_dropped = false;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	emit(d, sev, loc, code, msg);
}

void diag_error(struct diag *d, struct tp_loc loc, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, DIAG_ERROR, loc, code, fmt, ap);
	va_end(ap);
}

void diag_warn(struct diag *d, struct tp_loc loc, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, DIAG_WARNING, loc, code, fmt, ap);
	va_end(ap);
}

void diag_note(struct diag *d, struct tp_loc loc, const char *fmt, ...)
{
	struct diag_entry *e;
	va_list ap;
	char *msg;
	int n;

	if (d->last_dropped)
		return;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		msg = NULL;

	if (!d->nr_ents || !d->buffer) {
		/* Nothing to attach to (or not buffering): a top-level note. */
		emit(d, DIAG_NOTE, loc, NULL, msg);
		return;
	}
	if (d->stream) {
		print_loc(d, loc);
		fputs("note: ", d->stream);
		put_escaped(d->stream, msg ? msg : "(out of memory)");
		fputc('\n', d->stream);
	}
	e = &d->ents[d->nr_ents - 1];
	if (!msg || vec_ensure((void **)&e->notes, &e->cap_notes, sizeof(*e->notes),
			       e->nr_notes + 1)) {
		free(msg);
		return;
	}
	e->notes[e->nr_notes].loc = loc;
	e->notes[e->nr_notes].msg = msg;
	e->nr_notes++;
}

static void write_loc(const struct diag *d, struct json_writer *jw, struct tp_loc loc)
{
	const char *file = diag_file_name(d, loc.file);

	if (file)
		jsonw_string_field(jw, "file", file);
	else
		jsonw_null_field(jw, "file");
	if (loc.line) {
		jsonw_uint_field(jw, "line", loc.line);
		jsonw_uint_field(jw, "col", loc.col);
	} else {
		jsonw_null_field(jw, "line");
		jsonw_null_field(jw, "col");
	}
}

void diag_write_json(const struct diag *d, struct json_writer *jw)
{
	size_t i, j;

	jsonw_start_array(jw);
	for (i = 0; i < d->nr_ents; i++) {
		const struct diag_entry *e = &d->ents[i];

		jsonw_start_object(jw);
		jsonw_string_field(jw, "severity", sev_str(e->sev));
		if (e->code)
			jsonw_string_field(jw, "code", e->code);
		else
			jsonw_null_field(jw, "code");
		write_loc(d, jw, e->loc);
		jsonw_string_field(jw, "message", e->msg);
		jsonw_name(jw, "notes");
		jsonw_start_array(jw);
		for (j = 0; j < e->nr_notes; j++) {
			jsonw_start_object(jw);
			write_loc(d, jw, e->notes[j].loc);
			jsonw_string_field(jw, "message", e->notes[j].msg);
			jsonw_end_object(jw);
		}
		jsonw_end_array(jw);
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
}

size_t diag_nr_entries(const struct diag *d)
{
	return d->nr_ents;
}

void diag_entry_view(const struct diag *d, size_t i, struct diag_view *v)
{
	const struct diag_entry *e = &d->ents[i];

	v->sev = e->sev;
	v->code = e->code;
	v->loc = e->loc;
	v->msg = e->msg;
	v->nr_notes = e->nr_notes;
}

void diag_note_view(const struct diag *d, size_t i, size_t n, struct diag_view_note *v)
{
	v->loc = d->ents[i].notes[n].loc;
	v->msg = d->ents[i].notes[n].msg;
}
