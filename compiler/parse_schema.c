// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* YAML -> AST, validation: checks a loaded document against the CRD schema
 * (crd_schema.h) and the rules Tetragon adds (apiVersion, kind,
 * metadata.name as a DNS name, duplicate keys), reporting every problem
 * with a did-you-mean where it helps. Nothing is built here: parse_build.c
 * only runs on documents this found error-free.
 *
 * Hostile input: the nesting depth and the number of nodes visited (YAML
 * aliases can make a small document huge) are capped.
 */
#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "crd_schema.h"
#include "diag.h"
#include "parse_int.h"

#define API_VERSION	"cilium.io/v1alpha1"

/* ------------------------------------------------------------ small helpers */

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
		old = parse_path_push_key(pc, sval(key), slen(key));
		if (is_null(val))
			wrong_type(pc, val, crd_get(s->values));
		else
			validate(pc, val, s->values, oa->depth + 1);
		parse_path_pop(pc, old);
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
	old = parse_path_push_key(pc, sval(key), slen(key));
	validate(pc, val, psid, oa->depth + 1);
	parse_path_pop(pc, old);
}

static void check_required(struct parse_ctx *pc, yaml_node_t *map, uint16_t sid)
{
	const struct crd_schema *s = crd_get(sid);
	size_t i;

	for (i = 0; i < s->nr_required; i++) {
		const char *name = s->required[i];
		yaml_node_t *v = parse_map_get(pc, map, name, NULL);
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
	err = parse_int64(sval(n), slen(n), &v);
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
			old = parse_path_push_idx(pc, i);
			if (s->items == CRD_NONE) {
				/* no item schema: anything goes */
			} else if (is_null(item))
				wrong_type(pc, item, crd_get(s->items));
			else
				validate(pc, item, s->items, depth + 1);
			parse_path_pop(pc, old);
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
	old = parse_path_push_key(pc, sval(key), slen(key));
	diag_error(pc->d, node_loc(pc, val), "wrong-type", "%s must be a string, got %s",
		   field(pc), kind_str(val));
	parse_path_pop(pc, old);
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
	old = parse_path_push_key(pc, sval(key), slen(key));
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
	parse_path_pop(pc, old);
}

static const char *const root_fields[] = { "apiVersion", "kind", "metadata", "spec" };
static const char *const kinds[] = { "TracingPolicy", "TracingPolicyNamespaced" };

static void validate_root_pair(struct parse_ctx *pc, yaml_node_t *key, yaml_node_t *val,
			       void *arg)
{
	char tmp[SHOW_SZ];
	size_t old;

	old = parse_path_push_key(pc, sval(key), slen(key));
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

		parse_path_pop(pc, old);
		diag_error(pc->d, loc, "unknown-field", "unknown field '%s' at the top level",
			   SHOW(tmp, key));
		note_did_you_mean(pc, loc, key, root_fields, 4, sizeof(char *));
	}
	parse_path_pop(pc, old);
}

void parse_validate_root(struct parse_ctx *pc, yaml_node_t *root)
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
		v = parse_map_get(pc, root, root_fields[i], NULL);
		if (!v || is_null(v))
			diag_error(pc->d, node_loc(pc, root), "missing-field",
				   "missing required field '%s'", root_fields[i]);
	}
	meta = parse_map_get(pc, root, "metadata", NULL);
	if (meta && meta->type == YAML_MAPPING_NODE) {
		v = parse_map_get(pc, meta, "name", NULL);
		if (!v || is_null(v))
			diag_error(pc->d, node_loc(pc, meta), "missing-field",
				   "missing required field 'name' in metadata");
	}
	/* CEL rule of the namespaced CRD: !has(self.spec.hostSelector). */
	v = parse_map_get(pc, root, "spec", NULL);
	if (pc->kind == TP_POLICY_NAMESPACED && v && v->type == YAML_MAPPING_NODE) {
		yaml_node_t *hs = parse_map_get(pc, v, "hostSelector", &key);

		if (hs && !is_null(hs))
			diag_error(pc->d, node_loc(pc, key), "forbidden-field",
				   "TracingPolicyNamespaced must not have spec.hostSelector");
	}
}
