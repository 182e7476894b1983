// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* YAML -> AST, building: turns a document that parse_schema.c found
 * error-free into struct tp_policy, applying CRD defaults and listing every
 * field tpc does not implement yet (and that is not left at its default) in
 * pol->unsupported, which sema reports.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <yaml.h>

#include "arena.h"
#include "crd_schema.h"
#include "parse_int.h"
#include "policy.h"
#include "vec.h"

/* ------------------------------------------------------------ scalars */

/* Value of an already validated integer node (0 if it somehow is not). */
static int64_t int_of(const yaml_node_t *n)
{
	int64_t v = 0;

	if (n->type == YAML_SCALAR_NODE && parse_int64(sval(n), slen(n), &v))
		v = 0;
	return v;
}

static bool bool_of(const yaml_node_t *n)
{
	return scalar_is(n, "true");
}

/* tp_scalar.col1: the column of the value's first byte, if the value is its source
 * text byte for byte (one line, plain or quoted, ASCII, no escapes: an escape or a
 * folded line makes the text longer than the value), else 0.
 */
static uint32_t text_col(const yaml_node_t *n)
{
	size_t i, q, len = slen(n);
	const char *s = sval(n);

	if (n->start_mark.line != n->end_mark.line || n->end_mark.column < n->start_mark.column)
		return 0;
	switch (n->data.scalar.style) {
	case YAML_PLAIN_SCALAR_STYLE:
		q = 0;
		break;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		q = 1;
		break;
	default:
		return 0;
	}
	if (n->end_mark.column - n->start_mark.column != len + 2 * q)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return (uint32_t)(n->start_mark.column + 1 + q);
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
	out->col1 = text_col(n);
	return 0;
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
	old = parse_path_push_key(pc, sval(key), slen(key));
	u->path = arena_strdup(pc->arena, pc->path);
	parse_path_pop(pc, old);
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
		} else if (scalar_is(k, "resolve")) {
			copy_scalar(pc, v, &a->resolve);
		} else if (scalar_is(k, "btfType")) {
			copy_scalar(pc, v, &a->btf_type);
		} else if (scalar_is(k, "btfTypeModule")) {
			copy_scalar(pc, v, &a->btf_type_module);
		} else if (scalar_is(k, "maxData")) {
			a->max_data = bool_of(v);
			a->max_data_loc = node_loc(pc, k);
		} else if (scalar_is(k, "returnCopy")) {
			a->return_copy = bool_of(v);
			a->return_copy_loc = node_loc(pc, k);
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

static void build_match_ns(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			   struct tp_match_ns *m)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	m->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "namespace"))
			copy_scalar(pc, v, &m->ns);
		else if (scalar_is(k, "operator"))
			copy_scalar(pc, v, &m->op);
		else if (scalar_is(k, "values"))
			m->values = build_scalars(pc, v, &m->nr_values);
		else
			other_field(pc, sid, k, v);
	}
}

static void build_match_caps(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			     struct tp_match_caps *m)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	m->loc = node_loc(pc, n);
	m->type.s = "Effective";	/* CRD default */
	m->type.len = 9;
	m->type.loc = m->loc;
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "type"))
			copy_scalar(pc, v, &m->type);
		else if (scalar_is(k, "operator"))
			copy_scalar(pc, v, &m->op);
		else if (scalar_is(k, "isNamespaceCapability"))
			m->is_ns_cap = bool_of(v);
		else if (scalar_is(k, "values"))
			m->values = build_scalars(pc, v, &m->nr_values);
		else
			other_field(pc, sid, k, v);
	}
}

static void build_match_ns_change(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
				  struct tp_match_ns_change *m)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	m->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "operator"))
			copy_scalar(pc, v, &m->op);
		else if (scalar_is(k, "values"))
			m->values = build_scalars(pc, v, &m->nr_values);
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
		} else if (scalar_is(k, "argError")) {
			a->has_arg_error = true;
			a->arg_error = (int32_t)int_of(v);	/* int32: the schema checked the range */
			a->arg_error_loc = node_loc(pc, v);
		} else if (scalar_is(k, "rateLimit")) {
			copy_scalar(pc, v, &a->rate_limit);
		} else if (scalar_is(k, "rateLimitScope")) {
			copy_scalar(pc, v, &a->rate_limit_scope);
		} else if (scalar_is(k, "imaHash")) {
			a->ima_hash = bool_of(v);
			a->ima_hash_loc = node_loc(pc, v);
		} else {
			other_field(pc, sid, k, v);
		}
	}
}

static void build_option(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, struct tp_option *o)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	o->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "name"))
			copy_scalar(pc, v, &o->name);
		else if (scalar_is(k, "value"))
			copy_scalar(pc, v, &o->value);
		else
			other_field(pc, sid, k, v);
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
			old_ = parse_path_push_idx(pc, i_);				\
			build(pc, item_, item_sid_, &(arr)[i_]);			\
			parse_path_pop(pc, old_);					\
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

		old = parse_path_push_key(pc, sval(k), slen(k));
		if (scalar_is(k, "matchArgs")) {
			BUILD_LIST(pc, v, psid, sel->match_args, sel->nr_match_args,
				   build_match_arg);
		} else if (scalar_is(k, "matchPIDs")) {
			BUILD_LIST(pc, v, psid, sel->match_pids, sel->nr_match_pids,
				   build_match_pid);
		} else if (scalar_is(k, "matchBinaries")) {
			BUILD_LIST(pc, v, psid, sel->match_binaries, sel->nr_match_binaries,
				   build_match_binary);
		} else if (scalar_is(k, "matchNamespaces")) {
			BUILD_LIST(pc, v, psid, sel->match_namespaces, sel->nr_match_namespaces,
				   build_match_ns);
		} else if (scalar_is(k, "matchCapabilities")) {
			BUILD_LIST(pc, v, psid, sel->match_caps, sel->nr_match_caps,
				   build_match_caps);
		} else if (scalar_is(k, "matchNamespaceChanges")) {
			BUILD_LIST(pc, v, psid, sel->match_ns_changes, sel->nr_match_ns_changes,
				   build_match_ns_change);
		} else if (scalar_is(k, "matchCapabilityChanges")) {
			BUILD_LIST(pc, v, psid, sel->match_cap_changes, sel->nr_match_cap_changes,
				   build_match_caps);
		} else if (scalar_is(k, "matchActions")) {
			sel->has_match_actions = true;
			BUILD_LIST(pc, v, psid, sel->match_actions, sel->nr_match_actions,
				   build_action);
		} else if (scalar_is(k, "matchReturnArgs") && pc->kprobe_ret) {
			sel->match_return_args_loc = node_loc(pc, k);
			BUILD_LIST(pc, v, psid, sel->match_return_args, sel->nr_match_return_args,
				   build_match_arg);
		} else if (scalar_is(k, "matchReturnActions") && pc->kprobe_ret) {
			sel->match_return_actions_loc = node_loc(pc, k);
			BUILD_LIST(pc, v, psid, sel->match_return_actions,
				   sel->nr_match_return_actions, build_action);
		} else {
			parse_path_pop(pc, old);
			other_field(pc, sid, k, v);
		}
		parse_path_pop(pc, old);
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

		old = parse_path_push_key(pc, sval(k), slen(k));
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
			parse_path_pop(pc, old);
			other_field(pc, sid, k, v);
		}
		parse_path_pop(pc, old);
	}
}

/* ignore: {callNotFound} */
static void build_ignore(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, struct tp_kprobe *kp)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "callNotFound"))
			kp->ignore_call_not_found = bool_of(v);
		else
			other_field(pc, sid, k, v);
	}
}

/* Is the kprobe entry n a return probe? Selectors' matchReturnArgs/matchReturnActions
 * are meaningful only then (elsewhere they stay "not supported" with a reason).
 */
static bool kprobe_has_return(struct parse_ctx *pc, yaml_node_t *n)
{
	yaml_node_t *v = parse_map_get(pc, n, "return", NULL);

	return v && bool_of(v);
}

static void build_kprobe(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, struct tp_kprobe *kp)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	size_t old;

	kp->loc = node_loc(pc, n);
	kp->syscall = true;	/* CRD default */
	pc->kprobe_ret = kprobe_has_return(pc, n);
	for_each_field(pc, n, k, v, p) {
		uint16_t psid = crd_prop_schema(sid, sval(k), slen(k));

		old = parse_path_push_key(pc, sval(k), slen(k));
		if (scalar_is(k, "call")) {
			copy_scalar(pc, v, &kp->call);
		} else if (scalar_is(k, "syscall")) {
			kp->syscall = bool_of(v);
			kp->syscall_loc = node_loc(pc, v);
		} else if (scalar_is(k, "return")) {
			kp->ret = bool_of(v);
			kp->ret_loc = node_loc(pc, v);
		} else if (scalar_is(k, "returnArg")) {
			kp->has_ret_arg = true;
			build_arg(pc, v, psid, &kp->ret_arg);
		} else if (scalar_is(k, "returnArgAction")) {
			copy_scalar(pc, v, &kp->ret_arg_action);
		} else if (scalar_is(k, "ignore")) {
			build_ignore(pc, v, psid, kp);
		} else if (scalar_is(k, "args")) {
			BUILD_LIST(pc, v, psid, kp->args, kp->nr_args, build_arg);
		} else if (scalar_is(k, "selectors")) {
			BUILD_LIST(pc, v, psid, kp->selectors, kp->nr_selectors, build_selector);
		} else if (scalar_is(k, "message")) {
			copy_scalar(pc, v, &kp->message);
		} else if (scalar_is(k, "tags")) {
			kp->tags = build_scalars(pc, v, &kp->nr_tags);
		} else {
			parse_path_pop(pc, old);
			other_field(pc, sid, k, v);
		}
		parse_path_pop(pc, old);
	}
	pc->kprobe_ret = false;
}

static void build_lsmhook(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid,
			  struct tp_lsmhook *lh)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;
	size_t old;

	lh->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		uint16_t psid = crd_prop_schema(sid, sval(k), slen(k));

		old = parse_path_push_key(pc, sval(k), slen(k));
		if (scalar_is(k, "hook")) {
			copy_scalar(pc, v, &lh->hook);
		} else if (scalar_is(k, "args")) {
			BUILD_LIST(pc, v, psid, lh->args, lh->nr_args, build_arg);
		} else if (scalar_is(k, "selectors")) {
			BUILD_LIST(pc, v, psid, lh->selectors, lh->nr_selectors, build_selector);
		} else if (scalar_is(k, "message")) {
			copy_scalar(pc, v, &lh->message);
		} else if (scalar_is(k, "tags")) {
			lh->tags = build_scalars(pc, v, &lh->nr_tags);
		} else {
			parse_path_pop(pc, old);
			other_field(pc, sid, k, v);
		}
		parse_path_pop(pc, old);
	}
}

static void build_list(struct parse_ctx *pc, yaml_node_t *n, uint16_t sid, struct tp_list *l)
{
	yaml_node_pair_t *p;
	yaml_node_t *k, *v;

	l->loc = node_loc(pc, n);
	for_each_field(pc, n, k, v, p) {
		if (scalar_is(k, "name")) {
			copy_scalar(pc, v, &l->name);
		} else if (scalar_is(k, "type")) {
			copy_scalar(pc, v, &l->type);
		} else if (scalar_is(k, "values")) {
			l->values = build_scalars(pc, v, &l->nr_values);
			l->values_loc = node_loc(pc, k);
		} else if (scalar_is(k, "pattern")) {
			copy_scalar(pc, v, &l->pattern);
		} else if (scalar_is(k, "validated")) {
			;	/* Tetragon's internal flag: no meaning in a policy */
		} else {
			other_field(pc, sid, k, v);
		}
	}
}

/* spec.<key>: a list built with build() into arr/nr; *loc = the key's position. */
#define BUILD_SPEC_LIST(pc, k, v, key, arr, nr, loc, build)				\
	do {										\
		uint16_t psid_ = crd_prop_schema(crd_spec_schema, key, sizeof(key) - 1);	\
		size_t old_ = parse_path_push_key(pc, key, sizeof(key) - 1);		\
											\
		loc = node_loc(pc, k);							\
		BUILD_LIST(pc, v, psid_, arr, nr, build);				\
		parse_path_pop(pc, old_);						\
	} while (0)

void parse_build_policy(struct parse_ctx *pc, yaml_node_t *root, struct tp_policy *pol)
{
	yaml_node_t *meta, *spec, *k, *v;
	yaml_node_pair_t *p;
	size_t old;

	pol->loc = node_loc(pc, root);
	pol->kind = pc->kind;
	meta = parse_map_get(pc, root, "metadata", NULL);
	if (meta && (v = parse_map_get(pc, meta, "name", NULL)))
		copy_scalar(pc, v, &pol->name);
	if (meta && (v = parse_map_get(pc, meta, "namespace", NULL)) && !is_null(v))
		copy_scalar(pc, v, &pol->namespace_);
	spec = parse_map_get(pc, root, "spec", NULL);
	if (!spec)
		return;
	pol->spec_loc = node_loc(pc, spec);
	old = parse_path_push_key(pc, "spec", 4);
	for_each_field(pc, spec, k, v, p) {
		if (scalar_is(k, "tracepoints")) {
			uint16_t psid = crd_prop_schema(crd_spec_schema, "tracepoints", 11);
			size_t old2 = parse_path_push_key(pc, "tracepoints", 11);

			pol->has_tracepoints = true;
			BUILD_LIST(pc, v, psid, pol->tracepoints, pol->nr_tracepoints,
				   build_tracepoint);
			parse_path_pop(pc, old2);
		} else if (scalar_is(k, "options")) {
			uint16_t psid = crd_prop_schema(crd_spec_schema, "options", 7);
			size_t old2 = parse_path_push_key(pc, "options", 7);

			BUILD_LIST(pc, v, psid, pol->options, pol->nr_options, build_option);
			parse_path_pop(pc, old2);
		} else if (scalar_is(k, "kprobes")) {
			BUILD_SPEC_LIST(pc, k, v, "kprobes", pol->kprobes, pol->nr_kprobes,
					pol->kprobes_loc, build_kprobe);
		} else if (scalar_is(k, "fentries")) {
			BUILD_SPEC_LIST(pc, k, v, "fentries", pol->fentries, pol->nr_fentries,
					pol->fentries_loc, build_kprobe);
		} else if (scalar_is(k, "lsmhooks")) {
			BUILD_SPEC_LIST(pc, k, v, "lsmhooks", pol->lsmhooks, pol->nr_lsmhooks,
					pol->lsmhooks_loc, build_lsmhook);
		} else if (scalar_is(k, "lists")) {
			struct tp_loc lists_loc;

			BUILD_SPEC_LIST(pc, k, v, "lists", pol->lists, pol->nr_lists, lists_loc,
					build_list);
			(void)lists_loc;
		} else {
			other_field(pc, crd_spec_schema, k, v);
		}
	}
	parse_path_pop(pc, old);
}
