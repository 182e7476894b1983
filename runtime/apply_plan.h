/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The plan of `tpload apply`: what to add, replace, keep and remove to go
 * from the policies loaded in a pin root to the set of a bundle
 * (docs/tpload.md "apply"). Pure data in, data out: no bpffs, no kernel.
 *
 * Rules, per policy (matched by pin directory name):
 *   in the bundle, not loaded                      -> add
 *   in the bundle, loaded with another digest      -> replace
 *   in the bundle, loaded with the same digest     -> keep (its links and id stay)
 *   loaded, not in the bundle, listed in the record of the last apply
 *   (a "managed" policy), or any with exclusive    -> remove
 *   loaded, not in the bundle, not managed         -> keep-unmanaged (tpload load'ed by hand)
 */
#ifndef TP_APPLY_PLAN_H
#define TP_APPLY_PLAN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "applied.h"

enum plan_op {
	PLAN_KEEP,
	PLAN_ADD,
	PLAN_REPLACE,
	PLAN_REMOVE,
	PLAN_KEEP_UNMANAGED,
};

/* A policy of the bundle. */
struct plan_want {
	const char *name;
	const char *digest;		/* object sha256, hex */
};

/* A policy loaded in the root (from its pinned meta). */
struct plan_loaded {
	const char *dir;		/* pin directory name */
	const char *name;		/* meta "policy"; NULL if the meta is unreadable */
	const char *digest;		/* hex; "" if unknown */
	unsigned int id;
};

struct plan_item {
	enum plan_op op;
	const char *name;		/* borrowed from the inputs */
	char dir[NAME_MAX + 1];
	long want;			/* index into the bundle's policies, -1: none */
	long loaded;			/* index into the loaded policies, -1: none */
	bool managed;			/* listed in the current record */
};

struct plan {
	struct plan_item *items;	/* bundle policies in order, then the others by dir */
	size_t nr_items;
	size_t nr[PLAN_KEEP_UNMANAGED + 1];	/* items per op */
};

/* @rec may be NULL (no apply yet). 0, -ENOMEM, -ENAMETOOLONG (a name). */
int plan_build(const struct plan_want *want, size_t nr_want, const struct plan_loaded *loaded,
	       size_t nr_loaded, const struct tp_applied *rec, bool exclusive, struct plan *p);
void plan_free(struct plan *p);
/* Nothing to do: no add, replace or remove, and @rec already records this
 * bundle (@digest) with the ids that are loaded. A plan that changes no
 * policy but not a no-op only rewrites the record.
 */
bool plan_is_noop(const struct plan *p, const struct plan_loaded *loaded,
		  const struct tp_applied *rec, const char *digest);
bool plan_changes_policies(const struct plan *p);
const char *plan_op_name(enum plan_op op);

#endif
