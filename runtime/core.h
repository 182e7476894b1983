/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The pin root, the core object and the policy registry.
 *
 * <root>/core/{maps,links}: the core (bpf-templates/core/tp_core.bpf.c,
 * embedded in tpload), loaded once per node. Policy ids are slots of the
 * pinned core map tp_policies. Every change to the tree is made under an
 * exclusive flock() on <root>, as a transaction (txn.h), so other tools
 * never see half a policy, even after a run was killed.
 */
#ifndef TP_CORE_H
#define TP_CORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

struct tp_root {
	char path[PATH_MAX];
	int lock_fd;		/* -1: not locked */
	bool created;		/* root_open() created the directory */
	char **repairs;		/* what root_repair() did, one line each */
	size_t nr_repairs;
};

/* Opens (and with @create, creates: bpffs mounted if needed) the pin root
 * and takes its lock: an exclusive flock() on the root directory, which
 * serializes every tpload run on that root. A root removed while we waited
 * for the lock (unload --all) is opened again. A directory that is not
 * empty and holds nothing of tpload's (root_owner.h) is refused:
 * -ENOTEMPTY. 0; -ENOENT if absent and !@create (not reported); other
 * -errno reported.
 */
int root_open(struct tp_root *r, const char *path, bool create);
/* Unlocks; frees the repair notes. */
void root_close(struct tp_root *r);
/* Records a repair (printf format): shown by every command (text: stderr,
 * JSON: "repaired").
 */
void root_note_repair(struct tp_root *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

bool core_present(const struct tp_root *r);
/* What a published core lacks: writes the missing link/map names to @buf
 * ("links/exit maps/tp_events"); "" when whole. Returns the number missing.
 * @maps_missing: how many of them are maps.
 */
int core_missing(const struct tp_root *r, char *buf, size_t size, int *maps_missing);
/* Loads, attaches and pins the core into <@parent>/core, then seeds
 * tp_procs with its task iterator. All or nothing. 0 or -errno (reported).
 */
int core_load(const char *parent, const char *btf_custom_path);

/* Ring buffer sizes of a new core, bytes (0: TP_EVENTS_BYTES /
 * TP_ENFORCE_BYTES / TP_PROC_EVENTS_BYTES): a power of two in
 * TP_RING_MIN_BYTES..TP_RING_MAX_BYTES.
 */
struct core_rings {
	__u64 events;
	__u64 enforce;
	__u64 procs;		/* tp_proc_events: process_exec/process_exit */
	bool no_process_events;	/* --no-process-events: the core posts no
				 * process_exec/process_exit (TP_CORE_F_*) */
	bool process_cred;	/* --process-cred: events print process.cap and
				 * process_credentials */
	bool process_ns;	/* --process-ns: events print process.ns */
};
bool core_ring_size_valid(__u64 bytes);
/* core_load() with ring sizes (NULL: the defaults). */
int core_load_rings(const char *parent, const char *btf_custom_path,
		    const struct core_rings *rings);
/* Gives @obj's rings (tp_events, tp_enforce, tp_proc_events) the size of the rings pinned
 * under @maps, so that libbpf reuses them (it compares max_entries): the
 * size is chosen when the core is created. 0 or -errno.
 */
struct bpf_object;
int core_rings_adopt(struct bpf_object *obj, const char *maps);
/* Re-attaches and pins the links a published core lacks, reusing its
 * pinned maps, and seeds tp_procs again (processes started while a hook was
 * missing). 0 or -errno (reported).
 */
int core_relink(struct tp_root *r, const char *btf_custom_path);

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
/* The directory name of a loaded policy, by name or directory name, into
 * @buf. 0; -ENOENT if not loaded (not reported).
 */
int policy_dir(const struct tp_root *r, const char *name, char *buf, size_t size);
/* The id recorded in a loaded policy's meta (0 if unknown). */
unsigned int policy_id(const struct tp_root *r, const char *dir);

#endif
