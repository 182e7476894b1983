// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel BTF for argument types (kbtf.h). The BTF may come from another node (a
 * snapshot) or a file: every id is checked, every chain of modifiers is bounded, and
 * every name that reaches C is a checked identifier.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "arena.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "kbtf.h"
#include "tp_argtypes.h"

#define KBTF_HOPS	32	/* modifiers/typedefs followed before giving up (cycles) */

static const struct btf_type *type_of(const struct btf *btf, uint32_t id)
{
	if (!btf || id == 0 || id >= btf__type_cnt(btf))
		return NULL;
	return btf__type_by_id(btf, id);
}

static const char *name_of(const struct btf *btf, uint32_t off)
{
	const char *n = btf__name_by_offset(btf, off);

	return n ? n : "";
}

static bool is_mod(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_type_tag(t);
}

/* Skip const/volatile/restrict/type tags (and typedefs if @typedefs). 0 if the chain
 * is broken or too long (void is 0 as well: callers check the type).
 */
static uint32_t skip(const struct btf *btf, uint32_t id, bool typedefs)
{
	unsigned int i;

	for (i = 0; i < KBTF_HOPS; i++) {
		const struct btf_type *t = type_of(btf, id);

		if (!t)
			return 0;
		if (!is_mod(t) && !(typedefs && btf_is_typedef(t)))
			return id;
		id = t->type;
	}
	return 0;
}

/* ---------------------------------------------------------------- names */

static size_t put(char *buf, size_t sz, size_t o, const char *s)
{
	int n = snprintf(buf + (o < sz ? o : sz), o < sz ? sz - o : 0, "%s", s);

	return o + (n > 0 ? (size_t)n : 0);
}

/* Prefix part of a declaration: "const struct file " for "const struct file *". */
static size_t c_name_at(const struct btf *btf, uint32_t id, char *buf, size_t sz, size_t o,
			unsigned int depth)
{
	const struct btf_type *t = type_of(btf, id);
	char tmp[32];

	if (depth > KBTF_HOPS)
		return put(buf, sz, o, "?");
	if (id == 0)
		return put(buf, sz, o, "void");
	if (!t)
		return put(buf, sz, o, "?");
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPEDEF:
		return put(buf, sz, o, name_of(btf, t->name_off));
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		o = put(buf, sz, o, btf_is_union(t) ? "union " :
				   btf_is_any_enum(t) ? "enum " :
				   btf_is_fwd(t) && btf_kflag(t) ? "union " : "struct ");
		return put(buf, sz, o, *name_of(btf, t->name_off) ? name_of(btf, t->name_off) :
				       "(anonymous)");
	case BTF_KIND_CONST:
		o = put(buf, sz, o, "const ");
		return c_name_at(btf, t->type, buf, sz, o, depth + 1);
	case BTF_KIND_VOLATILE:
		o = put(buf, sz, o, "volatile ");
		return c_name_at(btf, t->type, buf, sz, o, depth + 1);
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return c_name_at(btf, t->type, buf, sz, o, depth + 1);
	case BTF_KIND_PTR: {
		const struct btf_type *pt = type_of(btf, skip(btf, t->type, false));

		if (pt && btf_is_func_proto(pt))
			return put(buf, sz, o, "function pointer");
		o = c_name_at(btf, t->type, buf, sz, o, depth + 1);
		return put(buf, sz, o, " *");
	}
	case BTF_KIND_ARRAY:
		o = c_name_at(btf, btf_array(t)->type, buf, sz, o, depth + 1);
		snprintf(tmp, sizeof(tmp), "[%u]", btf_array(t)->nelems);
		return put(buf, sz, o, tmp);
	case BTF_KIND_FUNC_PROTO:
		return put(buf, sz, o, "function");
	default:
		return put(buf, sz, o, "?");
	}
}

void kbtf_c_name(const struct btf *btf, uint32_t id, char *buf, size_t sz)
{
	if (!sz)
		return;
	buf[0] = '\0';
	c_name_at(btf, id, buf, sz, 0, 0);
}

/* ---------------------------------------------------------------- values */

int kbtf_field(const struct btf *btf, uint32_t id, const char *name, struct tp_arena *arena,
	       struct hook_field *hf)
{
	uint32_t rid = skip(btf, id, true);
	const struct btf_type *t = type_of(btf, rid);
	char decl[160];

	kbtf_c_name(btf, id, decl, sizeof(decl));
	hf->known = true;
	hf->name = name && *name ? name : "?";
	hf->decl = arena_strdup(arena, decl);
	if (!hf->decl)
		return -ENOMEM;
	hf->btf = btf;
	hf->btf_id = id;
	hf->size = 0;
	hf->is_signed = false;
	hf->is_ptr = false;
	hf->array_len = 0;
	if (!t)
		return 0;
	if (btf_is_ptr(t)) {
		hf->is_ptr = true;
		hf->size = 8;
	} else if (btf_is_int(t)) {
		hf->size = t->size;
		hf->is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
	} else if (btf_is_any_enum(t)) {
		hf->size = t->size;
		hf->is_signed = btf_kflag(t);
	} else if (btf_is_array(t)) {
		hf->array_len = btf_array(t)->nelems ? btf_array(t)->nelems : 1;
		hf->size = 0;
	} else if (btf_is_composite(t)) {
		hf->size = t->size;
	}
	return 0;
}

int kbtf_func_ptr_proto(const struct btf *btf, const char *name, uint32_t *proto,
			unsigned int *nr_params)
{
	int32_t id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	const struct btf_type *t;
	uint32_t p;

	if (id <= 0)
		return -ENOENT;
	p = skip(btf, (uint32_t)id, true);
	t = type_of(btf, p);
	if (!t || !btf_is_ptr(t))
		return -EINVAL;
	p = skip(btf, t->type, true);
	t = type_of(btf, p);
	if (!t || !btf_is_func_proto(t))
		return -EINVAL;
	*proto = p;
	*nr_params = btf_vlen(t);
	return 0;
}

uint32_t kbtf_param(const struct btf *btf, uint32_t proto, unsigned int i, const char **name)
{
	const struct btf_type *t = type_of(btf, proto);

	if (!t || !btf_is_func_proto(t) || i >= btf_vlen(t)) {
		*name = "";
		return 0;
	}
	*name = name_of(btf, btf_params(t)[i].name_off);
	return btf_params(t)[i].type;
}

uint32_t kbtf_find_record(const struct btf *btf, const char *name, bool *is_union)
{
	int32_t id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);

	*is_union = false;
	if (id > 0)
		return (uint32_t)id;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_UNION);
	if (id > 0) {
		*is_union = true;
		return (uint32_t)id;
	}
	return 0;
}

int kbtf_points_to(const struct hook_field *hf, const char *name, bool is_union, char *what,
		   size_t what_sz)
{
	const struct btf *btf = hf->btf;
	uint32_t id = hf->btf_id, o;
	const struct btf_type *t;
	unsigned int i;

	what[0] = '\0';
	if (!hf->is_addr) {
		t = type_of(btf, skip(btf, id, true));
		if (!t || !btf_is_ptr(t))
			return -1;
		id = t->type;
	}
	kbtf_c_name(btf, id, what, what_sz);
	/* a typedef of that name (kernel_cap_t), anywhere in the chain */
	for (i = 0, o = id; i < KBTF_HOPS; i++) {
		t = type_of(btf, o);
		if (!t)
			break;
		if (btf_is_typedef(t) && strcmp(name_of(btf, t->name_off), name) == 0)
			return 1;
		if (!is_mod(t) && !btf_is_typedef(t))
			break;
		o = t->type;
	}
	t = type_of(btf, skip(btf, id, true));
	if (!t)
		return 0;
	if ((is_union ? btf_is_union(t) : btf_is_struct(t)) &&
	    strcmp(name_of(btf, t->name_off), name) == 0)
		return 1;
	/* a forward declaration of it: the kernel's own BTF has the full type */
	if (btf_is_fwd(t) && !!btf_kflag(t) == is_union &&
	    strcmp(name_of(btf, t->name_off), name) == 0)
		return 1;
	return 0;
}

const char *kbtf_tetragon_type(const struct btf *btf, uint32_t id)
{
	const struct tp_argtype *at;
	unsigned int i;

	for (i = 0; i < KBTF_HOPS; i++) {
		const struct btf_type *t = type_of(btf, id);
		const char *n;

		if (!t)
			return NULL;
		n = name_of(btf, t->name_off);
		if (*n && (at = tp_argtype_find(n)) && strcmp(at->name, "nop"))
			return at->name;
		if (*n && tp_argtype_unsupported(n) && strcmp(n, "bpf_cmd"))
			return n;	/* a Tetragon type tpc does not read: reported by caller */
		if (is_mod(t) || btf_is_typedef(t) || btf_is_ptr(t)) {
			id = t->type;
			continue;
		}
		if (btf_is_any_enum(t)) {
			switch (t->size) {
			case 1: return btf_kflag(t) ? "int8" : "uint8";
			case 2: return btf_kflag(t) ? "int16" : "uint16";
			case 4: return btf_kflag(t) ? "int32" : "uint32";
			case 8: return btf_kflag(t) ? "int64" : "uint64";
			}
		}
		return NULL;
	}
	return NULL;
}

const char *kbtf_tetragon_leaf_type(const struct btf *btf, uint32_t id)
{
	uint32_t sid = skip(btf, id, true);
	const struct btf_type *t = type_of(btf, sid);

	if (!t)
		return NULL;
	return kbtf_tetragon_type(btf, btf_is_ptr(t) ? t->type : sid);
}

/* ---------------------------------------------------------------- resolve */

struct rs_comp {
	const char *name;	/* member name, or NULL for an index */
	uint32_t index;
};

struct rs_walk {
	const struct btf *btf;
	struct tp_arena *arena;
	struct ir_resolve *rs;
	uint32_t *rec_ids;	/* BTF id of each record of rs->recs */
	size_t cap_recs, cap_reads;
	char *err;
	size_t err_sz;
	char chain[512];	/* access chain of the current read */
};

static int rs_fail(struct rs_walk *w, const char *fmt, const char *a, const char *b)
{
	snprintf(w->err, w->err_sz, fmt, a, b);
	return -EINVAL;
}

/* "f_path.dentry" / "a[3].b" -> components (Tetragon's formatBTFPath rules). */
static int rs_parse(struct rs_walk *w, const char *path, struct rs_comp *out, size_t *n)
{
	const char *p = path;

	*n = 0;
	if (!*p)
		return rs_fail(w, "empty resolve path%s%s", "", "");
	while (*p) {
		const char *s = p;

		if (*n == KBTF_RESOLVE_MAX)
			return rs_fail(w, "resolve path '%s' has more than 10 components (Tetragon's limit)%s",
				       path, "");
		if (*p == '[') {
			char *end;
			unsigned long v;

			if (p[1] < '0' || p[1] > '9')
				return rs_fail(w, "invalid resolve path '%s': '[' must be followed by an index%s",
					       path, "");
			v = strtoul(p + 1, &end, 10);
			if (*end != ']' || v > UINT32_MAX)
				return rs_fail(w, "invalid resolve path '%s': bad index%s", path, "");
			out[*n].name = NULL;
			out[*n].index = (uint32_t)v;
			(*n)++;
			p = end + 1;
			if (*p == '.')
				p++;
			else if (*p && *p != '[')
				return rs_fail(w, "invalid resolve path '%s': ']' must be followed by '.', '[' or the end%s",
					       path, "");
			if (p[-1] == '.' && !*p)
				return rs_fail(w, "invalid resolve path '%s': ends with '.'%s", path, "");
			continue;
		}
		while (*p && *p != '.' && *p != '[')
			p++;
		out[*n].name = arena_strndup(w->arena, s, (size_t)(p - s));
		if (!out[*n].name)
			return -ENOMEM;
		if (c_check_ident(out[*n].name))
			return rs_fail(w, "invalid resolve path '%s': '%s' is not a member name", path,
				       out[*n].name);
		(*n)++;
		if (*p == '.') {
			p++;
			if (!*p || *p == '.' || *p == '[')
				return rs_fail(w, "invalid resolve path '%s': empty component%s", path,
					       "");
		}
	}
	return 0;
}

/* The record of BTF id rid in rs->recs (added if new): index, or < 0. */
static int rs_rec(struct rs_walk *w, uint32_t rid)
{
	const struct btf_type *t = type_of(w->btf, rid);
	struct ir_rs_rec *r;
	const char *n;
	size_t i;

	for (i = 0; i < w->rs->nr_recs; i++)
		if (w->rec_ids[i] == rid)
			return (int)i;
	if (w->rs->nr_recs == w->cap_recs) {
		size_t cap = w->cap_recs * 2 + 4;
		struct ir_rs_rec *nr = arena_calloc(w->arena, cap, sizeof(*nr));
		uint32_t *ni = arena_calloc(w->arena, cap, sizeof(*ni));

		if (!nr || !ni)
			return -ENOMEM;
		if (w->rs->nr_recs) {
			memcpy(nr, w->rs->recs, w->rs->nr_recs * sizeof(*nr));
			memcpy(ni, w->rec_ids, w->rs->nr_recs * sizeof(*ni));
		}
		w->rs->recs = nr;
		w->rec_ids = ni;
		w->cap_recs = cap;
	}
	r = &w->rs->recs[w->rs->nr_recs];
	memset(r, 0, sizeof(*r));
	n = name_of(w->btf, t->name_off);
	if (*n) {
		if (c_check_ident(n))
			return rs_fail(w, "the kernel's BTF has a struct named '%.64s', which tpc cannot use%s",
				       n, "");
		r->kname = n;
	}
	r->is_union = btf_is_union(t);
	w->rec_ids[w->rs->nr_recs] = rid;
	return (int)w->rs->nr_recs++;
}

/* Member @name of record rid, looking into anonymous members (Tetragon's
 * processMembers; libbpf matches members by name the same way). Its type id and
 * bitfield size; 0 if none.
 */
static uint32_t rs_member(const struct btf *btf, uint32_t rid, const char *name,
			  unsigned int depth)
{
	const struct btf_type *t = type_of(btf, rid);
	const struct btf_member *m;
	unsigned int i;

	if (!t || !btf_is_composite(t) || depth > 8)
		return 0;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++) {
		const char *mn = name_of(btf, m[i].name_off);

		if (!*mn) {
			uint32_t sub = skip(btf, m[i].type, true);
			uint32_t found = rs_member(btf, sub, name, depth + 1);

			if (found)
				return found;
			continue;
		}
		if (strcmp(mn, name) == 0)
			return m[i].type ? m[i].type : UINT32_MAX;	/* void member: bad */
	}
	return 0;
}

/* How a value of BTF type id (stripped) is declared locally, walking through it if
 * @through (a pointer that is read and followed). 0, -EINVAL (reported), -ENOMEM.
 */
static int rs_describe(struct rs_walk *w, uint32_t id, bool through, struct ir_rs_field *f)
{
	uint32_t rid = skip(w->btf, id, true);
	const struct btf_type *t = type_of(w->btf, rid);
	char tn[160];
	int r;

	kbtf_c_name(w->btf, id, tn, sizeof(tn));
	if (!t)
		return rs_fail(w, "type '%s' cannot be read%s", tn, "");
	if (btf_is_int(t) || btf_is_any_enum(t)) {
		if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
			return rs_fail(w, "not supported yet: %u-byte integer '%s'",
				       t->size == 16 ? "16" : "odd", tn);
		f->type = btf_is_int(t) ? IR_RSF_INT : IR_RSF_ENUM;
		f->size = t->size;
		f->is_signed = btf_is_int(t) ? !!(btf_int_encoding(t) & BTF_INT_SIGNED) :
					       !!btf_kflag(t);
		return 0;
	}
	if (btf_is_ptr(t)) {
		uint32_t pid = skip(w->btf, t->type, true);
		const struct btf_type *pt = type_of(w->btf, pid);

		f->type = IR_RSF_PTR;
		if (!through || !pt || !btf_is_composite(pt))
			return 0;
		r = rs_rec(w, pid);
		if (r < 0)
			return r;
		f->type = IR_RSF_PTR_REC;
		f->rec = (unsigned int)r;
		return 0;
	}
	if (btf_is_composite(t)) {
		r = rs_rec(w, rid);
		if (r < 0)
			return r;
		f->type = IR_RSF_REC;
		f->rec = (unsigned int)r;
		return 0;
	}
	if (btf_is_fwd(t))
		return rs_fail(w, "the target kernel's BTF only declares '%s': its members are not known%s",
			       tn, "");
	return rs_fail(w, "not supported yet: reading '%s' (%s)", tn,
		       btf_is_array(t) ? "an array of arrays" : "not an integer, pointer or record");
}

/* Add (or find) member @name of record @rec, declared as @f. */
static int rs_add_member(struct rs_walk *w, unsigned int rec, const char *name,
			 const struct ir_rs_field *f, struct ir_rs_field **out)
{
	struct ir_rs_rec *r = &w->rs->recs[rec];
	struct ir_rs_field *nf;
	size_t i;

	for (i = 0; i < r->nr_fields; i++) {
		if (strcmp(r->fields[i].name, name))
			continue;
		/* a pointer walked through in one place, read as a leaf in another */
		if (r->fields[i].type == IR_RSF_PTR && f->type == IR_RSF_PTR_REC)
			r->fields[i].type = IR_RSF_PTR_REC, r->fields[i].rec = f->rec;
		*out = &r->fields[i];
		return 0;
	}
	/* records are few and small: grow by copying */
	nf = arena_calloc(w->arena, r->nr_fields + 1, sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	if (r->nr_fields)
		memcpy(nf, r->fields, r->nr_fields * sizeof(*nf));
	nf[r->nr_fields] = *f;
	nf[r->nr_fields].name = name;
	r->fields = nf;
	*out = &nf[r->nr_fields++];
	return 0;
}

static int rs_chain(struct rs_walk *w, const char *fmt, const char *s, uint32_t v)
{
	size_t o = strlen(w->chain);
	int n = s ? snprintf(w->chain + o, sizeof(w->chain) - o, fmt, s)
		  : snprintf(w->chain + o, sizeof(w->chain) - o, fmt, v);

	if (n < 0 || (size_t)n >= sizeof(w->chain) - o)
		return rs_fail(w, "resolve path too long%s%s", "", "");
	return 0;
}

/* Start read k from a pointer to type pointee_id: its pointee's description. */
static int rs_new_read(struct rs_walk *w, uint32_t pointee_id)
{
	struct ir_rs_read *rd;
	int err;

	if (w->rs->nr_reads == w->cap_reads) {
		size_t cap = w->cap_reads * 2 + 4;
		struct ir_rs_read *n = arena_calloc(w->arena, cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		if (w->rs->nr_reads)
			memcpy(n, w->rs->reads, w->rs->nr_reads * sizeof(*n));
		w->rs->reads = n;
		w->cap_reads = cap;
	}
	rd = &w->rs->reads[w->rs->nr_reads++];
	memset(rd, 0, sizeof(*rd));
	err = rs_describe(w, pointee_id, false, &rd->pointee);
	if (err)
		return err;
	if (rd->pointee.type == IR_RSF_REC && !w->rs->recs[rd->pointee.rec].kname) {
		char tn[160];

		kbtf_c_name(w->btf, pointee_id, tn, sizeof(tn));
		return rs_fail(w, "not supported yet: following a pointer to an anonymous struct or union (%s): CO-RE relocates by name%s",
			       tn, "");
	}
	w->chain[0] = '\0';
	return 0;
}

static int rs_end_read(struct rs_walk *w)
{
	struct ir_rs_read *rd = &w->rs->reads[w->rs->nr_reads - 1];

	rd->access = arena_strdup(w->arena, w->chain);
	return rd->access ? 0 : -ENOMEM;
}

int kbtf_resolve(const struct hook_field *val, uint32_t btf_type, const char *path,
		 struct tp_arena *arena, struct ir_resolve *rs, struct hook_field *leaf,
		 char *err, size_t err_sz)
{
	const struct btf *btf = val->btf;
	struct rs_walk w = { .btf = btf, .arena = arena, .rs = rs, .err = err, .err_sz = err_sz };
	struct rs_comp comps[KBTF_RESOLVE_MAX];
	struct ir_rs_field *last = NULL;	/* the member the chain ends on */
	const struct btf_type *t;
	size_t n, i = 0;
	uint32_t cur;
	char tn[160];
	int ret;

	memset(rs, 0, sizeof(*rs));
	err[0] = '\0';
	ret = rs_parse(&w, path, comps, &n);
	if (ret)
		return ret;
	rs->path = arena_strdup(arena, path);
	if (!rs->path)
		return -ENOMEM;

	/* the start: a pointer to the object the walk begins in */
	if (btf_type) {
		cur = btf_type;
	} else {
		t = type_of(btf, skip(btf, val->btf_id, true));
		kbtf_c_name(btf, val->btf_id, tn, sizeof(tn));
		if (!t || !btf_is_ptr(t))
			return rs_fail(&w, "resolve needs a pointer, but the argument is '%s'%s", tn,
				       "");
		cur = t->type;
	}
	kbtf_c_name(btf, cur, tn, sizeof(tn));
	rs->from = arena_strdup(arena, tn);
	if (!rs->from)
		return -ENOMEM;
	ret = rs_new_read(&w, cur);
	if (ret)
		return ret;
	if (comps[0].name) {
		ret = rs_chain(&w, "[0]", NULL, 0);
	} else {
		ret = rs_chain(&w, "[%u]", NULL, comps[0].index);
		i = 1;
	}
	if (ret)
		return ret;

	for (; i < n; ) {
		uint32_t rid = skip(btf, cur, true);
		struct ir_rs_field f = { 0 };
		const char *what = i ? (comps[i - 1].name ? comps[i - 1].name : "[index]") : rs->from;

		t = type_of(btf, rid);
		kbtf_c_name(btf, cur, tn, sizeof(tn));
		if (!t)
			return rs_fail(&w, "'%s' has a type tpc cannot read (%s)", what, tn);
		if (btf_is_ptr(t)) {
			/* follow it: read the pointer, continue in what it points to */
			if (last)
				ret = rs_describe(&w, cur, true, &f);
			if (!ret && last && f.type == IR_RSF_PTR_REC)
				last->type = IR_RSF_PTR_REC, last->rec = f.rec;
			if (!ret)
				ret = rs_end_read(&w);
			if (!ret)
				ret = rs_new_read(&w, t->type);
			if (ret)
				return ret;
			last = NULL;
			cur = t->type;
			if (comps[i].name) {
				ret = rs_chain(&w, "[0]", NULL, 0);
			} else {
				ret = rs_chain(&w, "[%u]", NULL, comps[i].index);
				i++;
			}
			if (ret)
				return ret;
			continue;
		}
		if (btf_is_composite(t)) {
			uint32_t mid;
			int rec;

			if (!comps[i].name)
				return rs_fail(&w, "'%s' is '%s': an index needs an array or a pointer",
					       what, tn);
			mid = rs_member(btf, rid, comps[i].name, 0);
			if (!mid || mid == UINT32_MAX)
				return rs_fail(&w, "attribute '%s' not found in '%s'", comps[i].name,
					       tn);
			rec = rs_rec(&w, rid);
			if (rec < 0)
				return rec;
			/* a pointer member that the walk goes on through is typed */
			ret = rs_describe(&w, mid, false, &f);
			if (ret) {
				/* an array member: its element type, and a length */
				const struct btf_type *at = type_of(btf, skip(btf, mid, true));

				if (!at || !btf_is_array(at))
					return ret;
				err[0] = '\0';
				ret = rs_describe(&w, btf_array(at)->type, false, &f);
				if (ret)
					return ret;
				f.array_len = 1;
			}
			ret = rs_add_member(&w, (unsigned int)rec, comps[i].name, &f, &last);
			if (!ret)
				ret = rs_chain(&w, ".%s", comps[i].name, 0);
			if (ret)
				return ret;
			cur = mid;
			i++;
			continue;
		}
		if (btf_is_array(t)) {
			const struct btf_array *a = btf_array(t);

			if (comps[i].name)
				return rs_fail(&w, "'%s' is an array (%s): the next component must be an index",
					       what, tn);
			if (a->nelems && comps[i].index >= a->nelems)
				return rs_fail(&w, "array index out of bounds in '%s' (%s)", what, tn);
			if (last && last->array_len && comps[i].index + 1 > last->array_len)
				last->array_len = comps[i].index + 1;
			else if (!last || !last->array_len)
				return rs_fail(&w, "not supported yet: indexing '%s' (%s): arrays of arrays",
					       what, tn);
			ret = rs_chain(&w, "[%u]", NULL, comps[i].index);
			if (ret)
				return ret;
			/* the element: an array element is no longer "the member" */
			cur = a->type;
			i++;
			if (i < n) {
				const struct btf_type *et = type_of(btf, skip(btf, cur, true));

				if (et && btf_is_ptr(et)) {
					ret = rs_describe(&w, cur, true, &f);
					if (ret)
						return ret;
					if (f.type == IR_RSF_PTR_REC)
						last->type = IR_RSF_PTR_REC, last->rec = f.rec;
				}
			}
			last = NULL;
			continue;
		}
		return rs_fail(&w, "unexpected type: '%s' has type '%s'", what, tn);
	}

	/* the leaf */
	t = type_of(btf, skip(btf, cur, true));
	kbtf_c_name(btf, cur, tn, sizeof(tn));
	rs->leaf_type = arena_strdup(arena, tn);
	if (!rs->leaf_type)
		return -ENOMEM;
	ret = kbtf_field(btf, cur, comps[n - 1].name ? comps[n - 1].name : "element", arena, leaf);
	if (ret)
		return ret;
	if (!t)
		return rs_fail(&w, "the leaf of resolve '%s' has a type tpc cannot read (%s)", path,
			       tn);
	if (btf_is_ptr(t)) {
		rs->leaf = IR_RS_LEAF_PTR;
	} else if (btf_is_int(t) || btf_is_any_enum(t)) {
		if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
			return rs_fail(&w, "not supported yet: the %s-byte integer leaf '%s'",
				       "odd", tn);
		rs->leaf = IR_RS_LEAF_INT;
	} else if (btf_is_composite(t) || btf_is_array(t)) {
		rs->leaf = IR_RS_LEAF_ADDR;
		leaf->is_addr = true;
		leaf->is_ptr = true;
		leaf->array_len = 0;
		leaf->size = 8;
	} else {
		return rs_fail(&w, "the leaf of resolve '%s' is '%s': not an integer, pointer, struct, union or array",
			       path, tn);
	}
	return rs_end_read(&w);
}
