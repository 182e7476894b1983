// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Functions in the target kernel's BTF (btf_func.h): existence, parameters and
 * return values as hook fields, names by prefix.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "arena.h"
#include "btf_func.h"
#include "hooks.h"

int btf_func_find(const struct btf *btf, const char *name, uint32_t *proto,
		  unsigned int *nr_params)
{
	const struct btf_type *t, *pt;
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);

	if (id <= 0)
		return -ENOENT;
	t = btf__type_by_id(btf, (uint32_t)id);
	pt = t ? btf__type_by_id(btf, t->type) : NULL;
	if (!pt || !btf_is_func_proto(pt))
		return -ENOENT;
	*proto = t->type;
	*nr_params = btf_vlen(pt);
	/* "..." is a last parameter with type 0 */
	if (*nr_params && btf_params(pt)[*nr_params - 1].type == 0)
		(*nr_params)--;
	return 0;
}

/* Skip typedefs and qualifiers; *user set if a "user" type tag was passed. */
static const struct btf_type *skip_mods(const struct btf *btf, uint32_t id, uint32_t *out_id,
					bool *user)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int depth = 0;

	while (t && depth++ < 32 && (btf_is_typedef(t) || btf_is_mod(t) || btf_is_type_tag(t))) {
		if (btf_is_type_tag(t) && user &&
		    !strcmp(btf__name_by_offset(btf, t->name_off), "user"))
			*user = true;
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (out_id)
		*out_id = id;
	return t;
}

/* The C spelling of type id (messages): "struct file *", "unsigned int", "loff_t". */
static void decl_of(const struct btf *btf, uint32_t id, char *buf, size_t sz)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;
	char inner[192];
	int depth = 0;

	buf[0] = '\0';
	while (t && depth++ < 16 && (btf_is_mod(t) || btf_is_type_tag(t))) {
		if (btf_is_const(t) && !buf[0])
			snprintf(buf, sz, "const ");
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (!t || id == 0) {
		snprintf(buf + strlen(buf), sz - strlen(buf), "void");
		return;
	}
	name = btf__name_by_offset(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		decl_of(btf, t->type, inner, sizeof(inner));
		snprintf(buf + strlen(buf), sz - strlen(buf), "%s *", inner);
		break;
	case BTF_KIND_STRUCT:
		snprintf(buf + strlen(buf), sz - strlen(buf), "struct %s", name);
		break;
	case BTF_KIND_UNION:
		snprintf(buf + strlen(buf), sz - strlen(buf), "union %s", name);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		snprintf(buf + strlen(buf), sz - strlen(buf), "enum %s", name);
		break;
	case BTF_KIND_FWD:
		snprintf(buf + strlen(buf), sz - strlen(buf), "%s %s",
			 btf_kflag(t) ? "union" : "struct", name);
		break;
	case BTF_KIND_FUNC_PROTO:
		snprintf(buf + strlen(buf), sz - strlen(buf), "function");
		break;
	case BTF_KIND_ARRAY:
		decl_of(btf, btf_array(t)->type, inner, sizeof(inner));
		snprintf(buf + strlen(buf), sz - strlen(buf), "%s[%u]", inner, btf_array(t)->nelems);
		break;
	default:
		snprintf(buf + strlen(buf), sz - strlen(buf), "%s", *name ? name : "?");
		break;
	}
}

/* The field of a value of type id. */
static int field_of(const struct btf *btf, uint32_t id, const char *name, struct tp_arena *arena,
		    struct hook_field *f)
{
	const struct btf_type *t, *pt;
	uint32_t rid, pid;
	char decl[256];
	bool user = false;

	memset(f, 0, sizeof(*f));
	f->known = true;
	f->btf = btf;
	f->btf_id = id;
	decl_of(btf, id, decl, sizeof(decl));
	f->name = arena_strdup(arena, name);
	f->decl = arena_strdup(arena, decl);
	if (!f->name || !f->decl)
		return -ENOMEM;
	t = skip_mods(btf, id, &rid, NULL);
	if (!t)
		return 0;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		f->size = t->size;
		f->is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		f->size = t->size;
		f->is_signed = btf_kflag(t);
		break;
	case BTF_KIND_PTR:
		f->size = 8;
		f->is_ptr = true;
		pt = skip_mods(btf, t->type, &pid, &user);
		f->user_ptr = user;
		f->ptr_known = true;
		if (!pt || pid == 0) {
			f->char_ptr = true;	/* void * */
		} else if (btf_is_int(pt) && pt->size == 1) {
			f->char_ptr = true;
		} else if (btf_is_composite(pt) || btf_is_fwd(pt)) {
			const char *sn = btf__name_by_offset(btf, pt->name_off);

			if (sn && *sn) {
				f->kstruct = arena_strdup(arena, sn);
				if (!f->kstruct)
					return -ENOMEM;
			}
		}
		break;
	case BTF_KIND_ARRAY:
		f->array_len = btf_array(t)->nelems;
		break;
	default:
		/* struct passed by value, function pointer: a size tpc cannot read */
		f->size = btf_is_composite(t) ? t->size : 8;
		f->array_len = btf_is_composite(t) ? 1 : 0;
		break;
	}
	return 0;
}

int btf_func_param(const struct btf *btf, uint32_t proto, unsigned int i, struct tp_arena *arena,
		   struct hook_field *f)
{
	const struct btf_type *pt = btf__type_by_id(btf, proto);
	const struct btf_param *bp;
	const char *name;
	char fallback[16];

	if (!pt || !btf_is_func_proto(pt) || i >= btf_vlen(pt))
		return -ENOENT;
	bp = &btf_params(pt)[i];
	if (!bp->type)
		return -ENOENT;	/* "..." */
	name = btf__name_by_offset(btf, bp->name_off);
	if (!name || !*name) {
		snprintf(fallback, sizeof(fallback), "arg%u", i);
		name = fallback;
	}
	return field_of(btf, bp->type, name, arena, f);
}

int btf_func_return(const struct btf *btf, uint32_t proto, struct tp_arena *arena,
		    struct hook_field *f)
{
	const struct btf_type *pt = btf__type_by_id(btf, proto);

	if (!pt || !btf_is_func_proto(pt) || !pt->type)
		return -ENOENT;
	return field_of(btf, pt->type, "return", arena, f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int btf_funcs_with_prefix(const struct btf *btf, const char *prefix, struct tp_arena *arena,
			  const char ***names, size_t *n)
{
	uint32_t i, cnt = btf__type_cnt(btf);
	size_t plen = strlen(prefix), k = 0, cap = 0, o;
	const char **v = NULL;

	*names = NULL;
	*n = 0;
	for (i = 1; i < cnt; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *name;

		if (!btf_is_func(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (!name || strncmp(name, prefix, plen) || !name[plen])
			continue;
		if (k == cap) {
			const char **nv = arena_calloc(arena, cap * 2 + 64, sizeof(*nv));

			if (!nv)
				return -ENOMEM;
			if (k)
				memcpy(nv, v, k * sizeof(*v));
			v = nv;
			cap = cap * 2 + 64;
		}
		v[k++] = name + plen;	/* BTF string: lives as long as btf */
	}
	if (!k)
		return 0;
	qsort(v, k, sizeof(*v), cmp_str);
	for (i = 0, o = 0; i < k; i++)
		if (!o || strcmp(v[o - 1], v[i]))
			v[o++] = v[i];
	for (i = 0; i < o; i++) {
		v[i] = arena_strdup(arena, v[i]);
		if (!v[i])
			return -ENOMEM;
	}
	*names = v;
	*n = o;
	return 0;
}
