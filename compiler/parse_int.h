/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Internal to the front end (YAML -> AST): what policy_parse.c (entry points,
 * document loop), parse_yaml.c (loading errors, paths, scalar helpers),
 * parse_schema.c (validation against the CRD schema) and parse_build.c (AST
 * building) share.
 */
#ifndef TPC_PARSE_INT_H
#define TPC_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "policy.h"
#include "tp_loc.h"

struct tp_arena;
struct diag;

#define TP_PARSE_MAX_INPUT	(16u << 20)	/* bytes */
#define TP_PARSE_MAX_DEPTH	64		/* real policies nest ~12 deep */
#define TP_PARSE_MAX_VISITS	500000ul	/* nodes visited per document */

struct parse_ctx {
	struct tp_arena *arena;
	struct diag *d;
	uint32_t file;
	const char *name;		/* file name as given */
	const char *buf;		/* the input, for reader-error offsets */
	size_t len;
	yaml_document_t *doc;
	unsigned long visits;
	bool limit_hit;			/* a limit error was reported for this document */
	int err;			/* sticky -ENOMEM */
	enum tp_policy_kind kind;
	char path[512];			/* dotted path of the node being looked at */
	size_t path_len;
	struct tp_policy *pol;		/* being built */
	size_t cap_unsupported;
	bool kprobe_ret;		/* building a kprobe with return: true */
};

/* ------------------------------------------------------------ node accessors */

/* libyaml marks are 0-based; struct tp_loc is 1-based. Convert only here. */
static inline struct tp_loc loc_from_mark(uint32_t file, yaml_mark_t m)
{
	return (struct tp_loc){ .file = file, .line = (uint32_t)m.line + 1,
				.col = (uint32_t)m.column + 1 };
}

static inline struct tp_loc node_loc(const struct parse_ctx *pc, const yaml_node_t *n)
{
	return loc_from_mark(pc->file, n->start_mark);
}

static inline yaml_node_t *get_node(const struct parse_ctx *pc, int idx)
{
	return yaml_document_get_node(pc->doc, idx);
}

static inline const char *sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static inline size_t slen(const yaml_node_t *n)
{
	return n->data.scalar.length;
}

/* Key comparison by length: a scalar may contain NUL bytes. */
static inline bool scalar_is(const yaml_node_t *n, const char *s)
{
	size_t l = strlen(s);

	return n->type == YAML_SCALAR_NODE && slen(n) == l && memcmp(sval(n), s, l) == 0;
}

/* A plain empty, ~ or null scalar: Kubernetes treats it as absent. */
static inline bool is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return slen(n) == 0 || scalar_is(n, "~") || scalar_is(n, "null") ||
	       scalar_is(n, "Null") || scalar_is(n, "NULL");
}

static inline bool is_quoted(const yaml_node_t *n)
{
	return n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
}

/* ------------------------------------------------------------ parse_yaml.c */

/* User text for a message: printable ASCII as is, the rest as \xNN, cut at
 * 64 bytes. Returns buf.
 */
const char *parse_show(char *buf, size_t size, const char *s, size_t len);

#define SHOW_SZ 300
#define SHOW(buf, n) parse_show(buf, sizeof(buf), sval(n), slen(n))

/* pc->path is the dotted path of the node being looked at ("spec.kprobes[0]"),
 * used in messages and in the unsupported list. The push functions append
 * ".key" (escaped as by parse_show()) or "[i]", truncating silently when the
 * buffer is full, and return the old length for parse_path_pop().
 */
size_t parse_path_push_key(struct parse_ctx *pc, const char *key, size_t len);
size_t parse_path_push_idx(struct parse_ctx *pc, size_t i);
void parse_path_pop(struct parse_ctx *pc, size_t old);

/* Strict integer syntax: [-](decimal without leading zeros | 0x hex).
 * Returns 0, -EINVAL (syntax) or -ERANGE (beyond int64).
 */
int parse_int64(const char *s, size_t len, int64_t *out);

/* The value of key name in a mapping (first occurrence), or NULL. When found
 * and keyp is not NULL, *keyp is the key node.
 */
yaml_node_t *parse_map_get(struct parse_ctx *pc, yaml_node_t *map, const char *name,
			   yaml_node_t **keyp);

/* Reports the failure of yaml_parser_load(). Returns -EINVAL (reported) or
 * -ENOMEM (not reported).
 */
int parse_report_yaml_error(struct parse_ctx *pc, yaml_parser_t *parser);

/* ------------------------------------------------------------ parse_schema.c */

/* Checks a document against the CRD schema and Tetragon's own rules,
 * reporting every problem (or stopping at a limit, or when diag stopped).
 * Sets pc->kind; sets pc->err on -ENOMEM.
 */
void parse_validate_root(struct parse_ctx *pc, yaml_node_t *root);

/* ------------------------------------------------------------ parse_build.c */

/* Fills pol from a document that parse_validate_root() found error-free,
 * appending fields tpc does not implement to pol->unsupported (malloc'ed,
 * capacity in pc->cap_unsupported; pc->pol must be pol). Sets pc->err on
 * -ENOMEM.
 */
void parse_build_policy(struct parse_ctx *pc, yaml_node_t *root, struct tp_policy *pol);

/* Refuse flow collections nested deeper than TP_PARSE_MAX_DEPTH before
 * libyaml sees them (its scanner is quadratic in the nesting). 0, or
 * -EINVAL with a [limit] error at the opener.
 */
int parse_check_flow_depth(struct parse_ctx *pc);

#endif
