// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The plan of tpload apply (apply_plan.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply_plan.h"
#include "util.h"

static struct plan_item *add_item(struct plan *p, enum plan_op op, const char *name,
				  const char *dir, long want, long loaded, bool managed)
{
	struct plan_item *it = &p->items[p->nr_items++];

	it->op = op;
	it->name = name;
	snprintf(it->dir, sizeof(it->dir), "%s", dir);
	it->want = want;
	it->loaded = loaded;
	it->managed = managed;
	p->nr[op]++;
	return it;
}

static long find_loaded(const struct plan_loaded *loaded, size_t nr, const char *dir)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(loaded[i].dir, dir))
			return (long)i;
	return -1;
}

int plan_build(const struct plan_want *want, size_t nr_want, const struct plan_loaded *loaded,
	       size_t nr_loaded, const struct tp_applied *rec, bool exclusive, struct plan *p)
{
	char dir[NAME_MAX + 1];
	bool *claimed;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->items = calloc(nr_want + nr_loaded + 1, sizeof(*p->items));
	claimed = calloc(nr_loaded + 1, sizeof(*claimed));
	if (!p->items || !claimed) {
		free(claimed);
		plan_free(p);
		return -ENOMEM;
	}
	for (i = 0; i < nr_want; i++) {
		const struct plan_loaded *l;
		bool managed = rec && applied_policy(rec, want[i].name);
		enum plan_op op;
		long li;

		if (pin_name(dir, sizeof(dir), want[i].name)) {
			free(claimed);
			plan_free(p);
			return -ENAMETOOLONG;
		}
		li = find_loaded(loaded, nr_loaded, dir);
		l = li >= 0 ? &loaded[li] : NULL;
		if (!l)
			op = PLAN_ADD;
		else if (l->digest && *l->digest && !strcmp(l->digest, want[i].digest))
			op = PLAN_KEEP;
		else
			op = PLAN_REPLACE;
		if (li >= 0)
			claimed[li] = true;
		add_item(p, op, want[i].name, dir, (long)i, li, managed);
	}
	for (i = 0; i < nr_loaded; i++) {
		const struct plan_loaded *l = &loaded[i];
		const char *name = l->name ? l->name : l->dir;
		bool managed;

		if (claimed[i])
			continue;
		managed = rec && applied_policy(rec, name);
		add_item(p, managed || exclusive ? PLAN_REMOVE : PLAN_KEEP_UNMANAGED, name, l->dir,
			 -1, (long)i, managed);
	}
	free(claimed);
	return 0;
}

void plan_free(struct plan *p)
{
	free(p->items);
	memset(p, 0, sizeof(*p));
}

bool plan_changes_policies(const struct plan *p)
{
	return p->nr[PLAN_ADD] || p->nr[PLAN_REPLACE] || p->nr[PLAN_REMOVE];
}

bool plan_is_noop(const struct plan *p, const struct plan_loaded *loaded,
		  const struct tp_applied *rec, const char *digest)
{
	size_t i, nr_bundle = 0;

	if (plan_changes_policies(p) || !rec || strcmp(rec->digest, digest))
		return false;
	for (i = 0; i < p->nr_items; i++) {
		const struct plan_item *it = &p->items[i];
		const struct tp_applied_policy *ap;

		if (it->op != PLAN_KEEP)
			continue;
		nr_bundle++;
		ap = applied_policy(rec, it->name);
		if (!ap || it->loaded < 0 || ap->id != loaded[it->loaded].id ||
		    strcmp(ap->digest, loaded[it->loaded].digest))
			return false;
	}
	return nr_bundle == rec->nr_pols;
}

const char *plan_op_name(enum plan_op op)
{
	switch (op) {
	case PLAN_KEEP:
		return "keep";
	case PLAN_ADD:
		return "add";
	case PLAN_REPLACE:
		return "replace";
	case PLAN_REMOVE:
		return "remove";
	case PLAN_KEEP_UNMANAGED:
		return "keep-unmanaged";
	}
	return "?";
}
