// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* YAML -> AST. First stage of tpc: libyaml's document API loads each
 * document; validate_*() checks it against the CRD schema (crd_schema.h) and
 * the rules Tetragon adds (apiVersion, kind, metadata.name), reporting every
 * problem; build_*() then turns an error-free document into struct
 * tp_policy, applying CRD defaults and listing every field tpc does not
 * implement yet in pol->unsupported (sema reports those).
 *
 * Hostile input: the input size, the nesting depth and the number of nodes
 * visited (YAML aliases can make a small document huge) are capped; user
 * text is escaped before it goes into a message.
 */
#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "crd_schema.h"
#include "diag.h"
#include "policy.h"
#include "vec.h"

#define TP_PARSE_MAX_INPUT	(16u << 20)	/* bytes */
#define TP_PARSE_MAX_DEPTH	64		/* real policies nest ~12 deep */
#define TP_PARSE_MAX_VISITS	500000ul	/* nodes visited per document */

#define API_VERSION	"cilium.io/v1alpha1"

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
};

/* ------------------------------------------------------------ small helpers */

/* libyaml marks are 0-based; struct tp_loc is 1-based. Convert only here. */
static struct tp_loc loc_from_mark(uint32_t file, yaml_mark_t m)
{
	return (struct tp_loc){ .file = file, .line = (uint32_t)m.line + 1,
				.col = (uint32_t)m.column + 1 };
}

static struct tp_loc node_loc(const struct parse_ctx *pc, const yaml_node_t *n)
{
	return loc_from_mark(pc->file, n->start_mark);
}

static yaml_node_t *get_node(const struct parse_ctx *pc, int idx)
{
	return yaml_document_get_node(pc->doc, idx);
}

static const char *sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static size_t slen(const yaml_node_t *n)
{
	return n->data.scalar.length;
}

/* Key comparison by length: a scalar may contain NUL bytes. */
static bool scalar_is(const yaml_node_t *n, const char *s)
{
	size_t l = strlen(s);

	return n->type == YAML_SCALAR_NODE && slen(n) == l && memcmp(sval(n), s, l) == 0;
}

/* A plain empty, ~ or null scalar: Kubernetes treats it as absent. */
static bool is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return slen(n) == 0 || scalar_is(n, "~") || scalar_is(n, "null") ||
	       scalar_is(n, "Null") || scalar_is(n, "NULL");
}

static bool is_quoted(const yaml_node_t *n)
{
	return n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
}

/* User text for a message: printable ASCII as is, the rest as \xNN, cut at
 * 64 bytes. Returns buf.
 */
static const char *show(char *buf, size_t size, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i >= 64 || o + 8 >= size) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			buf[o++] = (char)c;
		} else {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		}
	}
	buf[o] = '\0';
	return buf;
}

#define SHOW_SZ 300
#define SHOW(buf, n) show(buf, sizeof(buf), sval(n), slen(n))

static const char *kind_str(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:		return "a mapping";
	case YAML_SEQUENCE_NODE:	return "a list";
	case YAML_SCALAR_NODE:		return is_null(n) ? "null" : "a scalar";
	default:			return "nothing";
	}
}

static const char *where(const struct parse_ctx *pc)
{
	return pc->path_len ? pc->path : "the top level";
}

static const char *field(const struct parse_ctx *pc)
{
	return pc->path_len ? pc->path : "the document";
}

static size_t path_push_key(struct parse_ctx *pc, const char *key, size_t len)
{
	size_t old = pc->path_len, room = sizeof(pc->path) - old;
	char tmp[SHOW_SZ];
	int n;

	n = snprintf(pc->path + old, room, "%s%s", old ? "." : "", show(tmp, sizeof(tmp), key, len));
	if (n < 0 || (size_t)n >= room)
		pc->path_len = sizeof(pc->path) - 1;	/* truncated, still terminated */
	else
		pc->path_len = old + (size_t)n;
	return old;
}

static size_t path_push_idx(struct parse_ctx *pc, size_t i)
{
	size_t old = pc->path_len, room = sizeof(pc->path) - old;
	int n;

	n = snprintf(pc->path + old, room, "[%zu]", i);
	if (n < 0 || (size_t)n >= room)
		pc->path_len = sizeof(pc->path) - 1;
	else
		pc->path_len = old + (size_t)n;
	return old;
}

static void path_pop(struct parse_ctx *pc, size_t old)
{
	pc->path_len = old;
	pc->path[old] = '\0';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Edit distance with transpositions (optimal string alignment), ASCII case
 * folded; -1 when a string is too long to bother.
 */
static int edit_distance(const char *a, size_t la, const char *b)
{
	int rows[3][65], *pp, *prev, *cur;
	size_t lb = strlen(b), i, j;

	if (la > 64 || lb > 64)
		return -1;
	pp = rows[0];
	prev = rows[1];
	cur = rows[2];
	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int *t;

		cur[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int ca = lower(a[i - 1]), cb = lower(b[j - 1]), best;

			best = prev[j - 1] + (ca != cb);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ca == lower(b[j - 2]) && lower(a[i - 2]) == cb &&
			    pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			cur[j] = best;
		}
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* The closest of names[] to s, if close enough to be a likely typo. */
static const char *did_you_mean(const char *s, size_t len, const char *const *names, size_t nr,
				size_t stride)
{
	const char *best = NULL;
	int best_d = 1 << 20;
	size_t i;

	for (i = 0; i < nr; i++) {
		const char *cand = *(const char *const *)((const char *)names + i * stride);
		int dist = edit_distance(s, len, cand), max = (int)strlen(cand) / 4;

		if (max < 1)
			max = 1;
		if (max > 3)
			max = 3;
		if (dist >= 0 && dist <= max && dist < best_d) {
			best = cand;
			best_d = dist;
		}
	}
	return best;
}

static void note_did_you_mean(struct parse_ctx *pc, struct tp_loc loc, const yaml_node_t *n,
			      const char *const *names, size_t nr, size_t stride)
{
	const char *sugg = did_you_mean(sval(n), slen(n), names, nr, stride);

	if (sugg)
		diag_note(pc->d, loc, "did you mean '%s'?", sugg);
}

static void note_allowed(struct parse_ctx *pc, struct tp_loc loc, const char *const *vals,
			 size_t nr)
{
	char buf[1024];
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < nr && o < sizeof(buf); i++) {
		int n = snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? ", " : "", vals[i]);

		if (n < 0)
			break;
		o += (size_t)n;
	}
	diag_note(pc->d, loc, "allowed values: %s", buf);
}

static bool limit_check(struct parse_ctx *pc, const yaml_node_t *n, int depth)
{
	if (pc->limit_hit)
		return false;
	if (++pc->visits > TP_PARSE_MAX_VISITS) {
		diag_error(pc->d, node_loc(pc, n), "limit",
			   "document too large: more than %lu nodes (after expanding YAML aliases)",
			   TP_PARSE_MAX_VISITS);
		pc->limit_hit = true;
		return false;
	}
	if (depth > TP_PARSE_MAX_DEPTH) {
		diag_error(pc->d, node_loc(pc, n), "limit",
			   "document nested more than %d levels deep", TP_PARSE_MAX_DEPTH);
		pc->limit_hit = true;
		return false;
	}
	return !diag_stopped(pc->d);
}

/* ------------------------------------------------------------ scalars */

/* Strict integer syntax: [-](decimal without leading zeros | 0x hex).
 * Returns 0, -EINVAL (syntax) or -ERANGE (beyond int64).
 */
static int parse_int(const char *s, size_t len, int64_t *out)
{
	bool neg = false, hex = false;
	uint64_t v = 0, lim;
	size_t i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i++;
	}
	if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		hex = true;
		i += 2;
	} else if (len - i > 1 && s[i] == '0') {
		return -EINVAL;	/* 010: octal in YAML 1.1, ten in 1.2; refuse to guess */
	}
	if (i >= len)
		return -EINVAL;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		unsigned int dgt;
		char c = s[i];

		if (c >= '0' && c <= '9')
			dgt = (unsigned int)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			dgt = (unsigned int)(c - 'a' + 10);
		else if (hex && c >= 'A' && c <= 'F')
			dgt = (unsigned int)(c - 'A' + 10);
		else
			return -EINVAL;
		if (v > (lim - dgt) / (hex ? 16 : 10))
			return -ERANGE;
		v = v * (hex ? 16 : 10) + dgt;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* Value of an already validated integer node (0 if it somehow is not). */
static int64_t int_of(const yaml_node_t *n)
{
	int64_t v = 0;

	if (n->type == YAML_SCALAR_NODE && parse_int(sval(n), slen(n), &v))
		v = 0;
	return v;
}

static bool bool_of(const yaml_node_t *n)
{
	return scalar_is(n, "true");
}

static int copy_scalar(struct parse_ctx *pc, const yaml_node_t *n, struct tp_scalar *out)
{
	if (n->type != YAML_SCALAR_NODE)
		return 0;	/* not validated (cannot happen): leave it absent */
	out->s = arena_strndup(pc->arena, sval(n), slen(n));
	if (!out->s)
		return pc->err = -ENOMEM;
	out->len = slen(n);
	out->loc = node_loc(pc, n);
	return 0;
}

/* ------------------------------------------------------------ duplicate keys */

struct key_ref {
	const yaml_node_t *key;
	size_t idx;
};

static int key_cmp(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	size_t la = slen(a->key), lb = slen(b->key);
	int c = memcmp(sval(a->key), sval(b->key), la < lb ? la : lb);

	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* first[i] = index of the first pair with the same key as pair i, or i.
 * Non-scalar keys are never duplicates. Returns 0 or -ENOMEM.
 */
static int find_dups(struct parse_ctx *pc, const yaml_node_t *map, size_t *first)
{
	yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
	size_t n = (size_t)(map->data.mapping.pairs.top - pairs), i, j, nr = 0;
	struct key_ref *refs;

	for (i = 0; i < n; i++)
		first[i] = i;
	if (n < 2)
		return 0;
	refs = calloc(n, sizeof(*refs));
	if (!refs)
		return pc->err = -ENOMEM;
	for (i = 0; i < n; i++) {
		yaml_node_t *k = get_node(pc, pairs[i].key);

		if (k && k->type == YAML_SCALAR_NODE)
			refs[nr++] = (struct key_ref){ k, i };
	}
	qsort(refs, nr, sizeof(*refs), key_cmp);
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr; j++) {
			if (slen(refs[j].key) != slen(refs[i].key) ||
			    memcmp(sval(refs[j].key), sval(refs[i].key), slen(refs[i].key)))
				break;
			first[refs[j].idx] = refs[i].idx;
		}
	}
	free(refs);
	return 0;
}

/* Walks the pairs of a mapping, reporting duplicate and non-scalar keys.
 * Calls fn(pc, key, value, arg) for every other pair, in document order.
 */
typedef void (*pair_fn)(struct parse_ctx *pc, yaml_node_t *key, yaml_node_t *val, void *arg);

static void for_each_pair(struct parse_ctx *pc, yaml_node_t *map, pair_fn fn, void *arg)
{
	yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
	size_t n = (size_t)(map->data.mapping.pairs.top - pairs), i;
	size_t *first;

	first = calloc(n ? n : 1, sizeof(*first));
	if (!first || find_dups(pc, map, first)) {
		free(first);
		pc->err = -ENOMEM;
		return;
	}
	for (i = 0; i < n && !pc->err && !pc->limit_hit && !diag_stopped(pc->d); i++) {
		yaml_node_t *key = get_node(pc, pairs[i].key);
		yaml_node_t *val = get_node(pc, pairs[i].value);
		char tmp[SHOW_SZ];

		if (!key || !val)
			continue;
		if (key->type != YAML_SCALAR_NODE) {
			diag_error(pc->d, node_loc(pc, key), "wrong-type",
				   "keys in %s must be strings, got %s", where(pc), kind_str(key));
			continue;
		}
		if (first[i] != i) {
			yaml_node_t *k0 = get_node(pc, pairs[first[i]].key);

			diag_error(pc->d, node_loc(pc, key), "duplicate-key",
				   "duplicate key '%s' in %s", SHOW(tmp, key), where(pc));
			if (k0)
				diag_note(pc->d, node_loc(pc, k0), "first defined here");
			continue;
		}
		fn(pc, key, val, arg);
	}
	free(first);
}

/* The value of key name in a mapping (first occurrence), or NULL. */
static yaml_node_t *map_get(struct parse_ctx *pc, yaml_node_t *map, const char *name,
			    yaml_node_t **keyp)
{
	yaml_node_pair_t *p;

	if (map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = get_node(pc, p->key);

		if (k && scalar_is(k, name)) {
			if (keyp)
				*keyp = k;
			return get_node(pc, p->value);
		}
	}
	return NULL;
}

/* ------------------------------------------------------------ schema validation */

static void validate(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, int depth);

static const char *type_str(const struct crd_schema *s)
{
	switch (s->type) {
	case CRD_T_OBJECT:	return "a mapping";
	case CRD_T_ARRAY:	return "a list";
	case CRD_T_STRING:	return "a string";
	case CRD_T_INTEGER:	return "an integer";
	case CRD_T_BOOLEAN:	return "a boolean";
	default:		return "a value";
	}
}

static void wrong_type(struct parse_ctx *pc, const yaml_node_t *n, const struct crd_schema *s)
{
	char tmp[SHOW_SZ];

	if (n->type == YAML_SCALAR_NODE && !is_null(n))
		diag_error(pc->d, node_loc(pc, n), "wrong-type", "%s must be %s, got %s'%s'",
			   field(pc), type_str(s), is_quoted(n) ? "a quoted string " : "",
			   SHOW(tmp, n));
	else
		diag_error(pc->d, node_loc(pc, n), "wrong-type", "%s must be %s, got %s",
			   field(pc), type_str(s), kind_str(n));
}

struct obj_arg {
	uint16_t sid;
	int depth;
};

static void validate_pair(struct parse_ctx *pc, yaml_node_t *key, yaml_node_t *val, void *arg)
{
	const struct obj_arg *oa = arg;
	const struct crd_schema *s = crd_get(oa->sid);
	uint16_t psid;
	size_t old;

	if (s->values != CRD_NONE) {	/* a map: any key */
		old = path_push_key(pc, sval(key), slen(key));
		if (is_null(val))
			wrong_type(pc, val, crd_get(s->values));
		else
			validate(pc, val, s->values, oa->depth + 1);
		path_pop(pc, old);
		return;
	}
	psid = crd_prop_schema(oa->sid, sval(key), slen(key));
	if (psid == CRD_NONE) {
		char tmp[SHOW_SZ];
		struct tp_loc loc = node_loc(pc, key);

		diag_error(pc->d, loc, "unknown-field", "unknown field '%s' in %s",
			   SHOW(tmp, key), where(pc));
		note_did_you_mean(pc, loc, key, &s->props[0].name, s->nr_props,
				  sizeof(s->props[0]));
		return;
	}
	if (is_null(val))
		return;		/* null = absent, as the API server prunes it */
	old = path_push_key(pc, sval(key), slen(key));
	validate(pc, val, psid, oa->depth + 1);
	path_pop(pc, old);
}

static void check_required(struct parse_ctx *pc, yaml_node_t *map, uint16_t sid)
{
	const struct crd_schema *s = crd_get(sid);
	size_t i;

	for (i = 0; i < s->nr_required; i++) {
		const char *name = s->required[i];
		yaml_node_t *v = map_get(pc, map, name, NULL);
		uint16_t psid = crd_prop_schema(sid, name, strlen(name));

		if (v && !is_null(v))
			continue;
		if (psid != CRD_NONE && crd_get(psid)->def)
			continue;	/* the CRD default fills it in */
		diag_error(pc->d, node_loc(pc, map), "missing-field",
			   "missing required field '%s' in %s", name, where(pc));
	}
}

static size_t utf8_len(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void validate_string(struct parse_ctx *pc, yaml_node_t *n, const struct crd_schema *s)
{
	char tmp[SHOW_SZ];
	size_t i;

	if (s->nr_enum) {
		for (i = 0; i < s->nr_enum; i++)
			if (scalar_is(n, s->enum_vals[i]))
				break;
		if (i == s->nr_enum) {
			struct tp_loc loc = node_loc(pc, n);

			diag_error(pc->d, loc, "bad-enum", "invalid value '%s' for %s",
				   SHOW(tmp, n), field(pc));
			note_did_you_mean(pc, loc, n, s->enum_vals, s->nr_enum, sizeof(char *));
			note_allowed(pc, loc, s->enum_vals, s->nr_enum);
			return;
		}
	}
	if (s->max_length >= 0 && utf8_len(sval(n), slen(n)) > (size_t)s->max_length) {
		diag_error(pc->d, node_loc(pc, n), "too-long",
			   "%s is too long: %zu characters, at most %d allowed", field(pc),
			   utf8_len(sval(n), slen(n)), s->max_length);
		return;
	}
	if (s->pattern) {
		regex_t re;
		bool ok;

		if (regcomp(&re, s->pattern, REG_EXTENDED | REG_NOSUB)) {
			pc->err = -ENOMEM;	/* the generated patterns are valid ERE */
			return;
		}
		ok = memchr(sval(n), 0, slen(n)) == NULL && regexec(&re, sval(n), 0, NULL, 0) == 0;
		regfree(&re);
		if (!ok)
			diag_error(pc->d, node_loc(pc, n), "bad-format",
				   "%s '%s' does not match %s", field(pc), SHOW(tmp, n), s->pattern);
	}
}

static void validate_integer(struct parse_ctx *pc, yaml_node_t *n, const struct crd_schema *s)
{
	char tmp[SHOW_SZ];
	int64_t v;
	int err;

	if (is_quoted(n)) {
		wrong_type(pc, n, s);
		return;
	}
	err = parse_int(sval(n), slen(n), &v);
	if (err == -EINVAL) {
		wrong_type(pc, n, s);
		if (slen(n) > 1 && (sval(n)[0] == '0' || (sval(n)[0] == '-' && sval(n)[1] == '0')))
			diag_note(pc->d, node_loc(pc, n),
				  "leading zeros are ambiguous (octal in YAML 1.1); write decimal or 0x hex");
		return;
	}
	if (err == -ERANGE || (s->format != CRD_F_INT64 && (v < INT32_MIN || v > INT32_MAX))) {
		diag_error(pc->d, node_loc(pc, n), "out-of-range",
			   "%s is out of range: %s does not fit in %s", field(pc), SHOW(tmp, n),
			   s->format == CRD_F_INT64 ? "int64" : "int32");
		return;
	}
	if (s->has_minimum && v < s->minimum)
		diag_error(pc->d, node_loc(pc, n), "out-of-range",
			   "%s must be >= %lld, got %s", field(pc), (long long)s->minimum,
			   SHOW(tmp, n));
}

static void validate(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, int depth)
{
	const struct crd_schema *s = crd_get(sid);
	yaml_node_item_t *it;
	size_t i, nr, old;

	if (!limit_check(pc, n, depth))
		return;

	switch (s->type) {
	case CRD_T_OBJECT: {
		struct obj_arg oa = { sid, depth };

		if (n->type != YAML_MAPPING_NODE) {
			wrong_type(pc, n, s);
			return;
		}
		for_each_pair(pc, n, validate_pair, &oa);
		check_required(pc, n, sid);
		return;
	}
	case CRD_T_ARRAY:
		if (n->type != YAML_SEQUENCE_NODE) {
			wrong_type(pc, n, s);
			return;
		}
		nr = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
		if (s->max_items >= 0 && nr > (size_t)s->max_items)
			diag_error(pc->d, node_loc(pc, n), "too-many-items",
				   "%s has %zu items, at most %d allowed", field(pc), nr, s->max_items);
		for (i = 0, it = n->data.sequence.items.start; it < n->data.sequence.items.top;
		     it++, i++) {
			yaml_node_t *item = get_node(pc, *it);

			if (!item || pc->err || pc->limit_hit)
				break;
			old = path_push_idx(pc, i);
			if (s->items == CRD_NONE) {
				/* no item schema: anything goes */
			} else if (is_null(item))
				wrong_type(pc, item, crd_get(s->items));
			else
				validate(pc, item, s->items, depth + 1);
			path_pop(pc, old);
		}
		return;
	case CRD_T_STRING:
		if (n->type != YAML_SCALAR_NODE) {
			wrong_type(pc, n, s);
			return;
		}
		validate_string(pc, n, s);
		return;
	case CRD_T_INTEGER:
		if (n->type != YAML_SCALAR_NODE) {
			wrong_type(pc, n, s);
			return;
		}
		validate_integer(pc, n, s);
		return;
	case CRD_T_BOOLEAN:
		if (n->type != YAML_SCALAR_NODE || is_quoted(n) ||
		    !(scalar_is(n, "true") || scalar_is(n, "false")))
			wrong_type(pc, n, s);
		return;
	default:
		return;
	}
}

/* ------------------------------------------------------------ root and metadata */

/* DNS-1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])? */
static bool dns_label_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && !(c == '-' && i > 0 && i < len - 1))
			return false;
	}
	return true;
}

/* DNS-1123 subdomain: labels joined by '.', at most 253 characters. */
static bool dns_subdomain_ok(const char *s, size_t len)
{
	size_t start = 0, i;

	if (len == 0 || len > 253)
		return false;
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (!dns_label_ok(s + start, i - start))
				return false;
			start = i + 1;
		}
	}
	return true;
}

static const char *const metadata_fields[] = {
	"name", "namespace", "labels", "annotations",
	/* Kubernetes ObjectMeta keys that kubectl output carries: accepted, ignored. */
	"uid", "resourceVersion", "generation", "creationTimestamp", "generateName",
	"ownerReferences", "finalizers", "managedFields", "deletionTimestamp",
	"deletionGracePeriodSeconds",
};

static void validate_string_map(struct parse_ctx *pc, yaml_node_t *key, yaml_node_t *val,
				void *arg)
{
	size_t old;

	if (val->type == YAML_SCALAR_NODE && !is_null(val))
		return;
	old = path_push_key(pc, sval(key), slen(key));
	diag_error(pc->d, node_loc(pc, val), "wrong-type", "%s must be a string, got %s",
		   field(pc), kind_str(val));
	path_pop(pc, old);
}

static void validate_metadata_pair(struct parse_ctx *pc, yaml_node_t *key, yaml_node_t *val,
				   void *arg)
{
	char tmp[SHOW_SZ];
	size_t i, old;

	for (i = 0; i < sizeof(metadata_fields) / sizeof(metadata_fields[0]); i++)
		if (scalar_is(key, metadata_fields[i]))
			break;
	if (i == sizeof(metadata_fields) / sizeof(metadata_fields[0])) {
		struct tp_loc loc = node_loc(pc, key);

		diag_error(pc->d, loc, "unknown-field", "unknown field '%s' in metadata",
			   SHOW(tmp, key));
		note_did_you_mean(pc, loc, key, metadata_fields, 4, sizeof(char *));
		return;
	}
	if (i >= 4 || is_null(val))
		return;
	old = path_push_key(pc, sval(key), slen(key));
	if (i <= 1 && val->type != YAML_SCALAR_NODE) {
		diag_error(pc->d, node_loc(pc, val), "wrong-type", "%s must be a string, got %s",
			   field(pc), kind_str(val));
	} else if (i == 0 && !dns_subdomain_ok(sval(val), slen(val))) {
		diag_error(pc->d, node_loc(pc, val), "invalid-name",
			   "metadata.name '%s' is not a valid DNS-1123 subdomain", SHOW(tmp, val));
		diag_note(pc->d, node_loc(pc, val),
			  "use lowercase letters, digits, '-' and '.', start and end with a letter or digit, at most 253 characters");
	} else if (i == 1 && (!dns_label_ok(sval(val), slen(val)) || slen(val) > 63)) {
		diag_error(pc->d, node_loc(pc, val), "invalid-name",
			   "metadata.namespace '%s' is not a valid DNS-1123 label", SHOW(tmp, val));
		diag_note(pc->d, node_loc(pc, val),
			  "use lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters");
	} else if (i >= 2) {
		if (val->type != YAML_MAPPING_NODE)
			diag_error(pc->d, node_loc(pc, val), "wrong-type",
				   "%s must be a mapping, got %s", field(pc), kind_str(val));
		else
			for_each_pair(pc, val, validate_string_map, NULL);
	}
	path_pop(pc, old);
}

static const char *const root_fields[] = { "apiVersion", "kind", "metadata", "spec" };
static const char *const kinds[] = { "TracingPolicy", "TracingPolicyNamespaced" };

static void validate_root_pair(struct parse_ctx *pc, yaml_node_t *key, yaml_node_t *val,
			       void *arg)
{
	char tmp[SHOW_SZ];
	size_t old;

	old = path_push_key(pc, sval(key), slen(key));
	if (scalar_is(key, "apiVersion")) {
		if (val->type != YAML_SCALAR_NODE || is_null(val)) {
			diag_error(pc->d, node_loc(pc, val), "wrong-type",
				   "apiVersion must be a string, got %s", kind_str(val));
		} else if (!scalar_is(val, API_VERSION)) {
			diag_error(pc->d, node_loc(pc, val), "bad-api-version",
				   "unsupported apiVersion '%s'", SHOW(tmp, val));
			diag_note(pc->d, node_loc(pc, val), "expected '" API_VERSION "'");
		}
	} else if (scalar_is(key, "kind")) {
		if (val->type != YAML_SCALAR_NODE || is_null(val)) {
			diag_error(pc->d, node_loc(pc, val), "wrong-type",
				   "kind must be a string, got %s", kind_str(val));
		} else if (scalar_is(val, "TracingPolicyNamespaced")) {
			pc->kind = TP_POLICY_NAMESPACED;
		} else if (!scalar_is(val, "TracingPolicy")) {
			struct tp_loc loc = node_loc(pc, val);

			diag_error(pc->d, loc, "bad-kind", "unsupported kind '%s'", SHOW(tmp, val));
			note_did_you_mean(pc, loc, val, kinds, 2, sizeof(char *));
			diag_note(pc->d, loc, "expected 'TracingPolicy' or 'TracingPolicyNamespaced'");
		}
	} else if (scalar_is(key, "metadata")) {
		if (is_null(val))
			;	/* reported as missing */
		else if (val->type != YAML_MAPPING_NODE)
			diag_error(pc->d, node_loc(pc, val), "wrong-type",
				   "metadata must be a mapping, got %s", kind_str(val));
		else
			for_each_pair(pc, val, validate_metadata_pair, NULL);
	} else if (scalar_is(key, "spec")) {
		if (!is_null(val))
			validate(pc, val, crd_spec_schema, 1);
	} else {
		struct tp_loc loc = node_loc(pc, key);

		path_pop(pc, old);
		diag_error(pc->d, loc, "unknown-field", "unknown field '%s' at the top level",
			   SHOW(tmp, key));
		note_did_you_mean(pc, loc, key, root_fields, 4, sizeof(char *));
	}
	path_pop(pc, old);
}

static void validate_root(struct parse_ctx *pc, yaml_node_t *root)
{
	yaml_node_t *v, *meta, *key = NULL;
	size_t i;

	if (root->type != YAML_MAPPING_NODE) {
		diag_error(pc->d, node_loc(pc, root), "wrong-type",
			   "a policy document must be a mapping, got %s", kind_str(root));
		return;
	}
	pc->kind = TP_POLICY_CLUSTER;
	for_each_pair(pc, root, validate_root_pair, NULL);
	if (pc->err || pc->limit_hit)
		return;

	for (i = 0; i < 4; i++) {
		v = map_get(pc, root, root_fields[i], NULL);
		if (!v || is_null(v))
			diag_error(pc->d, node_loc(pc, root), "missing-field",
				   "missing required field '%s'", root_fields[i]);
	}
	meta = map_get(pc, root, "metadata", NULL);
	if (meta && meta->type == YAML_MAPPING_NODE) {
		v = map_get(pc, meta, "name", NULL);
		if (!v || is_null(v))
			diag_error(pc->d, node_loc(pc, meta), "missing-field",
				   "missing required field 'name' in metadata");
	}
	/* CEL rule of the namespaced CRD: !has(self.spec.hostSelector). */
	v = map_get(pc, root, "spec", NULL);
	if (pc->kind == TP_POLICY_NAMESPACED && v && v->type == YAML_MAPPING_NODE) {
		yaml_node_t *hs = map_get(pc, v, "hostSelector", &key);

		if (hs && !is_null(hs))
			diag_error(pc->d, node_loc(pc, key), "forbidden-field",
				   "TracingPolicyNamespaced must not have spec.hostSelector");
	}
}

/* ------------------------------------------------------------ AST building */

/* Is n (validated against sid) the same as leaving the field out? */
static bool is_default(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, int depth)
{
	const struct crd_schema *s = crd_get(sid);
	yaml_node_pair_t *p;

	if (is_null(n))
		return true;
	if (depth > TP_PARSE_MAX_DEPTH)
		return false;
	switch (s->type) {
	case CRD_T_BOOLEAN:
		return scalar_is(n, s->def ? s->def : "false");
	case CRD_T_INTEGER:
		return int_of(n) == (s->def ? strtoll(s->def, NULL, 0) : 0);
	case CRD_T_STRING:
		return s->def ? scalar_is(n, s->def) : slen(n) == 0;
	case CRD_T_ARRAY:
		return n->type == YAML_SEQUENCE_NODE &&
		       n->data.sequence.items.top == n->data.sequence.items.start;
	case CRD_T_OBJECT:
		if (n->type != YAML_MAPPING_NODE)
			return false;
		/* A present label selector means something even when empty
		 * (hostSelector: {} selects every host workload).
		 */
		if (s->atomic || s->values != CRD_NONE)
			return s->values != CRD_NONE &&
			       n->data.mapping.pairs.top == n->data.mapping.pairs.start;
		for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
			yaml_node_t *k = get_node(pc, p->key), *v = get_node(pc, p->value);
			uint16_t psid;

			if (!k || !v || k->type != YAML_SCALAR_NODE)
				return false;
			psid = crd_prop_schema(sid, sval(k), slen(k));
			if (psid == CRD_NONE || !is_default(pc, v, psid, depth + 1))
				return false;
		}
		return true;
	default:
		return false;
	}
}

/* A field the CRD accepts but the AST does not hold: record it for sema
 * unless its value is the default.
 */
static void other_field(struct parse_ctx *pc, uint16_t obj_sid, yaml_node_t *key, yaml_node_t *val)
{
	struct tp_policy *pol = pc->pol;
	uint16_t sid = crd_prop_schema(obj_sid, sval(key), slen(key));
	struct tp_unsupported *u;
	size_t old;

	if (sid != CRD_NONE && is_default(pc, val, sid, 0))
		return;
	if (vec_ensure((void **)&pol->unsupported, &pc->cap_unsupported, sizeof(*u),
		       pol->nr_unsupported + 1)) {
		pc->err = -ENOMEM;
		return;
	}
	u = &pol->unsupported[pol->nr_unsupported];
	old = path_push_key(pc, sval(key), slen(key));
	u->path = arena_strdup(pc->arena, pc->path);
	path_pop(pc, old);
	if (!u->path) {
		pc->err = -ENOMEM;
		return;
	}
	u->loc = node_loc(pc, key);
	pol->nr_unsupported++;
}

static size_t seq_len(const yaml_node_t *n)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return 0;
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *seq_item(struct parse_ctx *pc, const yaml_node_t *n, size_t i)
{
	return get_node(pc, n->data.sequence.items.start[i]);
}

static void *alloc_items(struct parse_ctx *pc, const yaml_node_t *seq, size_t elem_sz,
			 size_t *nr)
{
	void *p;

	*nr = 0;
	if (is_null(seq) || !seq_len(seq))
		return NULL;
	p = arena_calloc(pc->arena, seq_len(seq), elem_sz);
	if (!p) {
		pc->err = -ENOMEM;
		return NULL;
	}
	*nr = seq_len(seq);
	return p;
}

static struct tp_scalar *build_scalars(struct parse_ctx *pc, yaml_node_t *seq, size_t *nr)
{
	struct tp_scalar *v = alloc_items(pc, seq, sizeof(*v), nr);
	size_t i;

	for (i = 0; v && i < *nr && !pc->err; i++) {
		yaml_node_t *item = seq_item(pc, seq, i);

		if (item && item->type == YAML_SCALAR_NODE)
			copy_scalar(pc, item, &v[i]);
	}
	return v;
}

/* Iterate the pairs of an error-free mapping, with path and key name. */
#define for_each_field(pc, map, k, v, p)						\
	for (p = (map)->type == YAML_MAPPING_NODE ? (map)->data.mapping.pairs.start : NULL;	\
	     p && p < (map)->data.mapping.pairs.top && !(pc)->err;			\
	     p++)									\
		if (!((k) = get_node(pc, p->key)) || !((v) = get_node(pc, p->value)) ||	\
		    (k)->type != YAML_SCALAR_NODE || is_null(v)) {			\
		} else

static void build_arg(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, struct tp_arg *a)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	a->loc = node_loc(pc, n);
	a->type.s = "auto";	/* CRD default */
	a->type.len = 4;
	a->type.loc = a->loc;
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "index")) {
			a->index = (uint32_t)int_of(v);
			a->index_loc = node_loc(pc, v);
		} else if (scalar_is(k, "type")) {
			copy_scalar(pc, v, &a->type);
		} else if (scalar_is(k, "sizeArgIndex")) {
			a->size_arg_index = (uint32_t)int_of(v);
			a->size_arg_index_loc = node_loc(pc, v);
		} else if (scalar_is(k, "label")) {
			copy_scalar(pc, v, &a->label);
		} else {
			other_field(pc, sid, k, v);
		}
	}
}

static void build_match_arg(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			    struct tp_match_arg *m)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	size_t i;

	m->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "index")) {
			m->index = (uint32_t)int_of(v);
			m->index_loc = node_loc(pc, v);
		} else if (scalar_is(k, "args")) {
			m->args = alloc_items(pc, v, sizeof(*m->args), &m->nr_args);
			m->args_loc = node_loc(pc, v);
			for (i = 0; m->args && i < m->nr_args; i++)
				m->args[i] = (uint32_t)int_of(seq_item(pc, v, i));
		} else if (scalar_is(k, "operator")) {
			copy_scalar(pc, v, &m->op);
		} else if (scalar_is(k, "values")) {
			m->values = build_scalars(pc, v, &m->nr_values);
		} else {
			other_field(pc, sid, k, v);
		}
	}
}

static void build_match_pid(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			    struct tp_match_pid *m)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	m->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "operator"))
			copy_scalar(pc, v, &m->op);
		else if (scalar_is(k, "values"))
			m->values = build_scalars(pc, v, &m->nr_values);
		else if (scalar_is(k, "isNamespacePID"))
			m->is_ns_pid = bool_of(v);
		else if (scalar_is(k, "followForks"))
			m->follow_forks = bool_of(v);
		else
			other_field(pc, sid, k, v);
	}
}

static void build_match_binary(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			       struct tp_match_binary *m)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	m->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "operator")) {
			copy_scalar(pc, v, &m->op);
		} else if (scalar_is(k, "values")) {
			m->values = build_scalars(pc, v, &m->nr_values);
		} else if (scalar_is(k, "followChildren")) {
			m->follow_children = bool_of(v);
			m->follow_children_loc = node_loc(pc, v);
		} else {
			other_field(pc, sid, k, v);
		}
	}
}

static void build_action(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, struct tp_action *a)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	a->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "action")) {
			copy_scalar(pc, v, &a->action);
		} else if (scalar_is(k, "argSig")) {
			a->has_arg_sig = true;
			a->arg_sig = (uint32_t)int_of(v);	/* int32 in the CRD; sema checks */
			a->arg_sig_loc = node_loc(pc, v);
		} else {
			other_field(pc, sid, k, v);
		}
	}
}

/* Builds the items of a list of mappings: build(pc, item, item_sid, &arr[i]). */
#define BUILD_LIST(pc, seq, list_sid, arr, nr, build)					\
	do {										\
		uint16_t item_sid_ = crd_get(list_sid)->items;				\
		size_t i_, old_;							\
											\
		(arr) = alloc_items(pc, seq, sizeof(*(arr)), &(nr));			\
		for (i_ = 0; (arr) && i_ < (nr) && !(pc)->err; i_++) {			\
			yaml_node_t *item_ = seq_item(pc, seq, i_);			\
											\
			if (!item_ || item_->type != YAML_MAPPING_NODE)			\
				continue;						\
			old_ = path_push_idx(pc, i_);					\
			build(pc, item_, item_sid_, &(arr)[i_]);			\
			path_pop(pc, old_);						\
		}									\
	} while (0)

static void build_selector(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			   struct tp_selector *sel)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	size_t old;

	sel->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		uint16_t psid = crd_prop_schema(sid, sval(k), slen(k));

		old = path_push_key(pc, sval(k), slen(k));
		if (scalar_is(k, "matchArgs")) {
			BUILD_LIST(pc, v, psid, sel->match_args, sel->nr_match_args,
				   build_match_arg);
		} else if (scalar_is(k, "matchPIDs")) {
			BUILD_LIST(pc, v, psid, sel->match_pids, sel->nr_match_pids,
				   build_match_pid);
		} else if (scalar_is(k, "matchBinaries")) {
			BUILD_LIST(pc, v, psid, sel->match_binaries, sel->nr_match_binaries,
				   build_match_binary);
		} else if (scalar_is(k, "matchActions")) {
			sel->has_match_actions = true;
			BUILD_LIST(pc, v, psid, sel->match_actions, sel->nr_match_actions,
				   build_action);
		} else {
			path_pop(pc, old);
			other_field(pc, sid, k, v);
		}
		path_pop(pc, old);
	}
}

static void build_tracepoint(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			     struct tp_tracepoint *tp)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	size_t old;

	tp->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		uint16_t psid = crd_prop_schema(sid, sval(k), slen(k));

		old = path_push_key(pc, sval(k), slen(k));
		if (scalar_is(k, "subsystem")) {
			copy_scalar(pc, v, &tp->subsystem);
		} else if (scalar_is(k, "event")) {
			copy_scalar(pc, v, &tp->event);
		} else if (scalar_is(k, "raw")) {
			tp->raw = bool_of(v);
			tp->raw_loc = node_loc(pc, v);
		} else if (scalar_is(k, "args")) {
			BUILD_LIST(pc, v, psid, tp->args, tp->nr_args, build_arg);
		} else if (scalar_is(k, "selectors")) {
			BUILD_LIST(pc, v, psid, tp->selectors, tp->nr_selectors, build_selector);
		} else if (scalar_is(k, "message")) {
			copy_scalar(pc, v, &tp->message);
		} else if (scalar_is(k, "tags")) {
			tp->tags = build_scalars(pc, v, &tp->nr_tags);
		} else {
			path_pop(pc, old);
			other_field(pc, sid, k, v);
		}
		path_pop(pc, old);
	}
}

static void build_policy(struct parse_ctx *pc, yaml_node_t *root, struct tp_policy *pol)
{
	yaml_node_t *meta, *spec, *k, *v;
	yaml_node_pair_t *p;
	size_t old;

	pol->loc = node_loc(pc, root);
	pol->kind = pc->kind;
	meta = map_get(pc, root, "metadata", NULL);
	if (meta && (v = map_get(pc, meta, "name", NULL)))
		copy_scalar(pc, v, &pol->name);
	if (meta && (v = map_get(pc, meta, "namespace", NULL)) && !is_null(v))
		copy_scalar(pc, v, &pol->namespace_);
	spec = map_get(pc, root, "spec", NULL);
	if (!spec)
		return;
	pol->spec_loc = node_loc(pc, spec);
	old = path_push_key(pc, "spec", 4);
	for_each_field(pc, spec, k, v, p) {
		if (scalar_is(k, "tracepoints")) {
			uint16_t psid = crd_prop_schema(crd_spec_schema, "tracepoints", 11);
			size_t old2 = path_push_key(pc, "tracepoints", 11);

			pol->has_tracepoints = true;
			BUILD_LIST(pc, v, psid, pol->tracepoints, pol->nr_tracepoints,
				   build_tracepoint);
			path_pop(pc, old2);
		} else {
			other_field(pc, crd_spec_schema, k, v);
		}
	}
	path_pop(pc, old);
}

/* ------------------------------------------------------------ documents */

static int parse_doc(struct parse_ctx *pc, yaml_node_t *root, unsigned int doc_idx,
		     struct tp_policy ***tail)
{
	unsigned int errs = diag_error_cnt(pc->d);
	struct tp_policy *pol;

	pc->visits = 0;
	pc->limit_hit = false;
	path_pop(pc, 0);
	validate_root(pc, root);
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
	build_policy(pc, root, pol);
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

/* 1-based line/col of byte offset off (libyaml gives reader errors as offsets). */
static struct tp_loc loc_from_offset(const struct parse_ctx *pc, size_t off)
{
	struct tp_loc loc = { .file = pc->file, .line = 1, .col = 1 };
	size_t i;

	for (i = 0; i < off && i < pc->len; i++) {
		if (pc->buf[i] == '\n') {
			loc.line++;
			loc.col = 1;
		} else if (((unsigned char)pc->buf[i] & 0xc0) != 0x80) {
			loc.col++;
		}
	}
	return loc;
}

static int report_yaml_error(struct parse_ctx *pc, yaml_parser_t *parser)
{
	struct tp_loc loc;

	if (parser->error == YAML_MEMORY_ERROR)
		return -ENOMEM;
	if (parser->error == YAML_READER_ERROR) {
		loc = loc_from_offset(pc, parser->problem_offset);
		if (parser->problem_value != -1)
			diag_error(pc->d, loc, "yaml", "%s (byte 0x%02x)",
				   parser->problem ? parser->problem : "cannot read input",
				   (unsigned int)parser->problem_value & 0xff);
		else
			diag_error(pc->d, loc, "yaml", "%s",
				   parser->problem ? parser->problem : "cannot read input");
		return -EINVAL;
	}
	loc = loc_from_mark(pc->file, parser->problem_mark);
	diag_error(pc->d, loc, "yaml", "%s", parser->problem ? parser->problem : "invalid YAML");
	if (parser->context)
		diag_note(pc->d, loc_from_mark(pc->file, parser->context_mark), "%s",
			  parser->context);
	return -EINVAL;
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
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);

	for (doc_idx = 0;; doc_idx++) {
		yaml_node_t *root;

		if (!yaml_parser_load(&parser, &doc)) {
			err = report_yaml_error(&pc, &parser);
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
