// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* `tpload list`: the applied-bundle record (applied.h), and whether the
 * policies it lists are still loaded as applied.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "applied.h"
#include "bundle.h"
#include "cli.h"
#include "core.h"
#include "log.h"
#include "meta.h"
#include "util.h"

/* What is loaded under @name now: 1 the applied object, 0 another one, -1 none. */
static int loaded_state(const struct tp_root *r, const struct tp_applied_policy *ap,
			unsigned int *id)
{
	char dir[NAME_MAX + 1], path[PATH_MAX], *text = NULL;
	struct tp_meta m;
	int state = -1;

	*id = 0;
	if (policy_dir(r, ap->name, dir, sizeof(dir)) ||
	    path_fmt(path, sizeof(path), "%s/%s/meta", r->path, dir) ||
	    tp_meta_map_read(path, &text))
		return -1;
	if (!meta_parse(text, &m)) {
		state = m.digest && !strncmp(m.digest, "sha256:", 7) &&
			!strcmp(m.digest + 7, ap->digest) ? 1 : 0;
		*id = m.id > 0 ? (unsigned int)m.id : 0;
		meta_free(&m);
	}
	free(text);
	return state;
}

void cli_show_applied(struct json_writer *w, const struct tp_root *r)
{
	char when[32], esc[PATH_MAX], d[80];
	struct tp_applied a;
	bool whole = true;
	unsigned int id;
	struct tm tm;
	time_t t;
	size_t i;
	int err, st;

	err = r->lock_fd >= 0 ? applied_read(r->path, &a) : -ENOENT;
	if (err) {
		if (err != -ENOENT)
			pr_warn("%s/%s: cannot read the applied-bundle record: %s\n", r->path,
				TP_APPLIED_NAME, strerror(-err));
		if (w)
			jsonw_null_field(w, "applied");
		return;
	}
	t = (time_t)a.time;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	if (w) {
		jsonw_name(w, "applied");
		jsonw_start_object(w);
		snprintf(d, sizeof(d), "sha256:%s", a.digest);
		jsonw_string_field(w, "bundle", d);
		jsonw_string_field(w, "time", when);
		jsonw_string_field(w, "path", a.path ? a.path : "");
		jsonw_string_field(w, "format", a.format ? a.format : "");
		jsonw_string_field(w, "generator", a.generator ? a.generator : "");
		jsonw_name(w, "signature");
		jsonw_start_object(w);
		jsonw_string_field(w, "status", a.signature ? a.signature : "none");
		if (a.keyid && *a.keyid)
			jsonw_string_field(w, "key_id", a.keyid);
		if (a.comment && *a.comment)
			jsonw_string_field(w, "trusted_comment", a.comment);
		jsonw_end_object(w);
		jsonw_name(w, "policies");
		jsonw_start_array(w);
	} else {
		printf("bundle sha256:%s applied %s from %s (%s, %s; signature: %s%s%s)\n", a.digest,
		       when, str_escape(esc, sizeof(esc), a.path ? a.path : "?"),
		       a.format ? a.format : "?", a.generator ? a.generator : "?",
		       a.signature ? a.signature : "none", a.keyid && *a.keyid ? ", key " : "",
		       a.keyid ? a.keyid : "");
	}
	for (i = 0; i < a.nr_pols; i++) {
		const struct tp_applied_policy *ap = &a.pols[i];

		st = loaded_state(r, ap, &id);
		whole &= st == 1 && id == ap->id;
		if (w) {
			jsonw_start_object(w);
			jsonw_string_field(w, "name", ap->name);
			snprintf(d, sizeof(d), "sha256:%s", ap->digest);
			jsonw_string_field(w, "digest", d);
			jsonw_uint_field(w, "id", ap->id);
			jsonw_string_field(w, "state", st == 1 && id == ap->id ? "applied" :
					   st == 1 ? "reloaded" : st == 0 ? "changed" : "absent");
			jsonw_end_object(w);
		} else {
			printf("  %s (id %u)%s\n", ap->name, ap->id,
			       st == 1 && id == ap->id ? "" :
			       st == 1 ? ": reloaded since (another id)" :
			       st == 0 ? ": CHANGED since (another object is loaded)" :
			       ": NOT LOADED (unloaded since)");
		}
	}
	if (w) {
		jsonw_end_array(w);
		jsonw_bool_field(w, "whole", whole);
		jsonw_end_object(w);
	} else if (!whole) {
		printf("  the applied set is no longer whole: apply the bundle again to restore it\n");
	}
	applied_free(&a);
}
