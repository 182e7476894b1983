// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Diagnostics for CI: SARIF 2.1.0 (code scanning) and GitHub Actions
 * workflow commands (annotations), from the buffered entries of a diag.
 * Written from the OASIS SARIF 2.1.0 spec: sarifLog {version, runs}, run
 * {tool.driver {name, rules[]}, results[]}, result {ruleId, ruleIndex,
 * level, message.text, locations[].physicalLocation {artifactLocation.uri,
 * region {startLine, startColumn}}, relatedLocations[]}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diag_codes.h"
#include "json_writer.h"

static const struct {
	const char *code;
	const char *desc;
} code_table[] = {
#define E(id, code, desc) { code, desc },
	TPC_ERRORS(E)
#undef E
};

static const char *code_desc(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(code_table) / sizeof(code_table[0]); i++)
		if (strcmp(code_table[i].code, code) == 0)
			return code_table[i].desc;
	return NULL;
}

static const char *level(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_ERROR:	return "error";
	case DIAG_WARNING:	return "warning";
	default:		return "note";
	}
}

/* A relative path as a URI reference: unreserved bytes and '/' stay. */
static void uri_of(const char *path, char *out, size_t size)
{
	size_t o = 0;

	for (; *path && o + 4 < size; path++) {
		unsigned char c = (unsigned char)*path;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c))
			out[o++] = c;
		else
			o += snprintf(out + o, size - o, "%%%02X", c);
	}
	out[o] = '\0';
}

static void write_location(const struct diag *d, struct json_writer *jw, struct tp_loc loc)
{
	const char *file = diag_file_name(d, loc.file);
	char uri[8192];

	jsonw_name(jw, "physicalLocation");
	jsonw_start_object(jw);
	jsonw_name(jw, "artifactLocation");
	jsonw_start_object(jw);
	uri_of(file, uri, sizeof(uri));
	jsonw_string_field(jw, "uri", uri);
	jsonw_end_object(jw);
	if (loc.line) {
		jsonw_name(jw, "region");
		jsonw_start_object(jw);
		jsonw_uint_field(jw, "startLine", loc.line);
		if (loc.col)
			jsonw_uint_field(jw, "startColumn", loc.col);
		jsonw_end_object(jw);
	}
	jsonw_end_object(jw);
}

void diag_write_sarif(const struct diag *d, FILE *f, const char *tool_version, bool pretty)
{
	size_t n = diag_nr_entries(d), i, j, nr_rules = 0;
	const char **rules = calloc(n ? n : 1, sizeof(*rules));
	struct json_writer *jw = jsonw_new(f);
	struct diag_view v;

	if (!jw || !rules) {
		free(rules);
		jsonw_destroy(&jw);
		return;
	}
	/* rules: every code reported, in first-seen order */
	for (i = 0; i < n; i++) {
		diag_entry_view(d, i, &v);
		for (j = 0; v.code && j < nr_rules && strcmp(rules[j], v.code); j++)
			;
		if (v.code && j == nr_rules)
			rules[nr_rules++] = v.code;
	}
	jsonw_pretty(jw, pretty);
	jsonw_start_object(jw);
	jsonw_string_field(jw, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jsonw_string_field(jw, "version", "2.1.0");
	jsonw_name(jw, "runs");
	jsonw_start_array(jw);
	jsonw_start_object(jw);
	jsonw_name(jw, "tool");
	jsonw_start_object(jw);
	jsonw_name(jw, "driver");
	jsonw_start_object(jw);
	jsonw_string_field(jw, "name", "tpc");
	jsonw_string_field(jw, "version", tool_version);
	jsonw_string_field(jw, "informationUri", "https://github.com/cilium/tetragon");
	jsonw_name(jw, "rules");
	jsonw_start_array(jw);
	for (j = 0; j < nr_rules; j++) {
		const char *desc = code_desc(rules[j]);

		jsonw_start_object(jw);
		jsonw_string_field(jw, "id", rules[j]);
		jsonw_name(jw, "shortDescription");
		jsonw_start_object(jw);
		jsonw_string_field(jw, "text", desc ? desc : rules[j]);
		jsonw_end_object(jw);
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);
	jsonw_end_object(jw);	/* driver */
	jsonw_end_object(jw);	/* tool */
	jsonw_string_field(jw, "columnKind", "unicodeCodePoints");
	jsonw_name(jw, "results");
	jsonw_start_array(jw);
	for (i = 0; i < n; i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *m;

		diag_entry_view(d, i, &v);
		jsonw_start_object(jw);
		if (v.code) {
			for (j = 0; j < nr_rules && strcmp(rules[j], v.code); j++)
				;
			jsonw_string_field(jw, "ruleId", v.code);
			jsonw_uint_field(jw, "ruleIndex", j);
		}
		jsonw_string_field(jw, "level", level(v.sev));
		/* notes are folded into the text too: viewers show only the message */
		m = open_memstream(&text, &len);
		if (m) {
			fputs(v.msg, m);
			for (j = 0; j < v.nr_notes; j++) {
				struct diag_view_note nv;

				diag_note_view(d, i, j, &nv);
				fprintf(m, "\nnote: %s", nv.msg);
			}
			fclose(m);
		}
		jsonw_name(jw, "message");
		jsonw_start_object(jw);
		jsonw_string_field(jw, "text", text ? text : v.msg);
		jsonw_end_object(jw);
		free(text);
		jsonw_name(jw, "locations");
		jsonw_start_array(jw);
		if (diag_file_name(d, v.loc.file)) {
			jsonw_start_object(jw);
			write_location(d, jw, v.loc);
			jsonw_end_object(jw);
		}
		jsonw_end_array(jw);
		if (v.nr_notes) {
			jsonw_name(jw, "relatedLocations");
			jsonw_start_array(jw);
			for (j = 0; j < v.nr_notes; j++) {
				struct diag_view_note nv;

				diag_note_view(d, i, j, &nv);
				jsonw_start_object(jw);
				jsonw_uint_field(jw, "id", j);
				if (diag_file_name(d, nv.loc.file))
					write_location(d, jw, nv.loc);
				jsonw_name(jw, "message");
				jsonw_start_object(jw);
				jsonw_string_field(jw, "text", nv.msg);
				jsonw_end_object(jw);
				jsonw_end_object(jw);
			}
			jsonw_end_array(jw);
		}
		jsonw_end_object(jw);
	}
	jsonw_end_array(jw);	/* results */
	jsonw_end_object(jw);	/* run */
	jsonw_end_array(jw);	/* runs */
	jsonw_end_object(jw);
	jsonw_destroy(&jw);
	fputc('\n', f);
	free(rules);
}

/* Workflow command escaping: data escapes % CR LF; properties also : and ,. */
static void gh_escape(FILE *f, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':	fputs("%25", f); break;
		case '\r':	fputs("%0D", f); break;
		case '\n':	fputs("%0A", f); break;
		case ':':	fputs(property ? "%3A" : ":", f); break;
		case ',':	fputs(property ? "%2C" : ",", f); break;
		default:	fputc(*s, f);
		}
	}
}

void diag_write_github(const struct diag *d, FILE *f)
{
	size_t n = diag_nr_entries(d), i, j;

	for (i = 0; i < n; i++) {
		struct diag_view v;
		const char *file;
		const char *sep = " ";

		diag_entry_view(d, i, &v);
		file = diag_file_name(d, v.loc.file);
		fprintf(f, "::%s", v.sev == DIAG_ERROR ? "error" :
				   v.sev == DIAG_WARNING ? "warning" : "notice");
		if (file) {
			fputs(" file=", f);
			gh_escape(f, file, true);
			sep = ",";
			if (v.loc.line)
				fprintf(f, ",line=%u", v.loc.line);
			if (v.loc.line && v.loc.col)
				fprintf(f, ",col=%u", v.loc.col);
		}
		if (v.code) {
			fprintf(f, "%stitle=tpc ", sep);
			gh_escape(f, v.code, true);
		}
		fputs("::", f);
		gh_escape(f, v.msg, false);
		if (v.code)
			fprintf(f, " [%s]", v.code);
		for (j = 0; j < v.nr_notes; j++) {
			struct diag_view_note nv;

			diag_note_view(d, i, j, &nv);
			fputs("%0Anote: ", f);
			gh_escape(f, nv.msg, false);
		}
		fputc('\n', f);
	}
}
