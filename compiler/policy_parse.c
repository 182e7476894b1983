// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* YAML -> AST. First stage of tpc: libyaml's document API loads each
 * document; parse_schema.c checks it against the CRD schema (crd_schema.h)
 * and the rules Tetragon adds (apiVersion, kind, metadata.name), reporting
 * every problem; parse_build.c then turns an error-free document into struct
 * tp_policy, applying CRD defaults and listing every field tpc does not
 * implement yet in pol->unsupported (sema reports those). This file holds
 * the entry points and the document loop; parse_yaml.c the libyaml helpers.
 *
 * Hostile input: the input size, the nesting depth and the number of nodes
 * visited (YAML aliases can make a small document huge) are capped; user
 * text is escaped before it goes into a message.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "parse_int.h"
#include "policy.h"
#include "vec.h"

/* ------------------------------------------------------------ documents */

static int parse_doc(struct parse_ctx *pc, yaml_node_t *root, unsigned int doc_idx,
		     struct tp_policy ***tail)
{
	unsigned int errs = diag_error_cnt(pc->d);
	struct tp_policy *pol;

	pc->visits = 0;
	pc->limit_hit = false;
	parse_path_pop(pc, 0);
	parse_validate_root(pc, root);
	if (pc->err)
		return pc->err;
	/* Once diag stopped (max_errors), validation stops early too: never
	 * build from a document that was not fully checked.
	 */
	if (diag_error_cnt(pc->d) != errs || diag_stopped(pc->d))
		return -EINVAL;

	pol = arena_alloc(pc->arena, sizeof(*pol));
	if (!pol)
		return pc->err = -ENOMEM;
	pol->file = arena_strdup(pc->arena, pc->name);
	if (!pol->file)
		return pc->err = -ENOMEM;
	pol->doc_idx = doc_idx;
	pc->pol = pol;
	pc->cap_unsupported = 0;
	parse_build_policy(pc, root, pol);
	pc->pol = NULL;
	if (pol->unsupported) {
		/* Move the list into the arena so the AST has one owner. */
		struct tp_unsupported *u = arena_calloc(pc->arena, pol->nr_unsupported, sizeof(*u));

		if (u)
			memcpy(u, pol->unsupported, pol->nr_unsupported * sizeof(*u));
		free(pol->unsupported);
		pol->unsupported = u;
		if (!u)
			pc->err = -ENOMEM;
	}
	if (pc->err)
		return pc->err;
	**tail = pol;
	*tail = &pol->next;
	return 0;
}

int policy_parse_mem(const char *name, const char *buf, size_t len, struct tp_arena *arena,
		     struct diag *d, struct tp_policy **out)
{
	struct parse_ctx pc = {
		.arena = arena, .d = d, .name = name, .buf = buf, .len = len,
	};
	struct tp_policy **tail = out;
	unsigned int doc_idx, nr_docs = 0;
	yaml_parser_t parser;
	yaml_document_t doc;
	int err, ret = 0;

	*out = NULL;
	pc.file = diag_add_file(d, name);
	if (len > TP_PARSE_MAX_INPUT) {
		diag_error(d, (struct tp_loc){ .file = pc.file }, "limit",
			   "input too large: %zu bytes, at most %u", len, TP_PARSE_MAX_INPUT);
		return -EINVAL;
	}
	err = parse_check_flow_depth(&pc);
	if (err)
		return err;
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);

	for (doc_idx = 0;; doc_idx++) {
		yaml_node_t *root;

		if (!yaml_parser_load(&parser, &doc)) {
			err = parse_report_yaml_error(&pc, &parser);
			ret = ret == -ENOMEM ? ret : err;
			goto out_parser;
		}
		root = yaml_document_get_root_node(&doc);
		if (!root)
			goto out_doc;	/* end of the stream */
		if (is_null(root)) {
			/* Empty document ("---" at the end): skip. */
			yaml_document_delete(&doc);
			continue;
		}
		nr_docs++;
		pc.doc = &doc;
		err = parse_doc(&pc, root, doc_idx, &tail);
		pc.doc = NULL;
		yaml_document_delete(&doc);
		if (err == -ENOMEM) {
			ret = err;
			goto out_parser;
		}
		if (err)
			ret = err;
	}

out_doc:
	yaml_document_delete(&doc);
	if (!ret && nr_docs == 0) {
		diag_error(d, (struct tp_loc){ .file = pc.file }, "no-policy",
			   "no policy: the file holds no YAML document");
		ret = -EINVAL;
	}
out_parser:
	yaml_parser_delete(&parser);
	return ret;
}

int policy_parse_file(const char *path, struct tp_arena *arena, struct diag *d,
		      struct tp_policy **out)
{
	struct tp_loc loc = { 0 };
	size_t len = 0, cap = 0;
	char *buf = NULL;
	FILE *f;
	int err;

	*out = NULL;
	loc.file = diag_add_file(d, path);
	f = fopen(path, "rb");
	if (!f) {
		err = -errno;
		diag_error(d, loc, "io", "cannot open: %s", strerror(-err));
		return err;
	}
	for (;;) {
		size_t n;

		if (vec_ensure((void **)&buf, &cap, 1, len + 65536)) {
			err = -ENOMEM;
			goto out_close;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (len > TP_PARSE_MAX_INPUT) {
			diag_error(d, loc, "limit", "input too large: more than %u bytes",
				   TP_PARSE_MAX_INPUT);
			err = -EINVAL;
			goto out_close;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		err = errno ? -errno : -EIO;
		diag_error(d, loc, "io", "cannot read: %s", strerror(-err));
		goto out_close;
	}
	err = policy_parse_mem(path, buf, len, arena, d, out);
out_close:
	free(buf);
	fclose(f);
	return err;
}
