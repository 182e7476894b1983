/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The pin root, the core object and the policy registry.
 *
 * <root>/core/{maps,links}: the core (bpf-templates/core/tp_core.bpf.c,
 * embedded in tpload), loaded once per node. Policy ids are slots of the
 * pinned core map tp_policies. Every change to the tree is made under an
 * exclusive flock() on <root>, and published with rename() of a staging
 * directory (<root>/_staging_*), so other tools never see half a policy.
 */
#ifndef TP_CORE_H
#define TP_CORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct tp_root {
	char path[PATH_MAX];
	int lock_fd;		/* -1: not locked */
};

/* Opens (and with @create, creates: bpffs mounted if needed) the pin root
 * and takes the lock. 0; -ENOENT if absent and !@create (not reported);
 * other -errno reported.
 */
int root_open(struct tp_root *r, const char *path, bool create);
void root_close(struct tp_root *r);

bool core_present(const struct tp_root *r);
/* Loads, attaches and pins the core, then seeds tp_procs with its task
 * iterator. All or nothing. 0 or -errno (reported).
 */
int core_load(struct tp_root *r, const char *btf_custom_path);
/* Unpins the core (its links detach). 0 or -errno (reported). */
int core_unload(struct tp_root *r);

/* Registry: allocates a free id in 1..TP_MAX_POLICIES-1 for @name. */
int registry_alloc(struct tp_root *r, const char *name, unsigned int *id);
int registry_free(struct tp_root *r, unsigned int id);
/* Name of slot @id into @buf; -ENOENT if unused. */
int registry_name(const struct tp_root *r, unsigned int id, char *buf, size_t size);
/* Frees slots whose policy has no directory (a crashed tpload). */
void registry_gc(struct tp_root *r);

/* Directory names (pin_name()) of the loaded policies, sorted; *names is malloc'ed, free with
 * names_free(). 0 or -errno.
 */
int policies_list(const struct tp_root *r, char ***names, size_t *nr);
void names_free(char **names, size_t nr);
/* Removes a loaded policy, by name or directory name: its pins (links
 * detach) and its slot. 0;
 * -ENOENT if absent (not reported).
 */
int policy_unload(struct tp_root *r, const char *name);
/* Removes leftovers of crashed runs (<root>/_staging_*, <root>/_old_*). */
void staging_gc(struct tp_root *r);

#endif
