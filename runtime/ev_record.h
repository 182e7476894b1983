/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Inside the event formatter (events.c, ev_json.c, ev_text.c): the reader's
 * state and the decoding of records shared by the JSON and text renderings.
 */
#ifndef TP_EV_RECORD_H
#define TP_EV_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

#include "tp_abi.h"
#include "ev_proc.h"
#include "meta.h"
#include "util.h"

struct policy_cache {
	char name[TP_POLICY_NAME_MAX];
	struct tp_meta meta;
	bool have_meta;
};

struct tp_events {
	struct tp_root root;		/* path only, never locked */
	char node[256];
	__s64 wall_offset_ns;		/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	struct ev_procs procs;		/* captured process entries (ev_proc.h) */
	struct policy_cache *cache[TP_MAX_POLICIES];	/* owned, lazily */
};

/* The policy of registry slot @id with its pinned meta (cached; reloaded when
 * the slot's name changed). NULL if the slot is empty.
 */
struct policy_cache *ev_policy_of(struct tp_events *e, __u32 id);

/* Validates the record and the args' bounds (@end: where the args end).
 * 0 or -EINVAL.
 */
int ev_check_record(const void *data, size_t size, size_t *end);

/* "subsys/event" of a hook's target split in two ("" when unknown). */
void ev_split_target(const struct tp_meta_hook *hk, char *subsys, char *event, size_t sz);

/* The name Tetragon reports for the function of a kprobe/LSM hook. */
const char *ev_function_name(const struct tp_meta_hook *hk);

/* "KPROBE_ACTION_POST" ... of TP_ACTION_* @a, NULL if unknown. */
const char *ev_action_name(unsigned int a);

/* The IMA hash of an LSM record with TP_EV_F_IMA as Tetragon prints it
 * ("sha256:<hex>") into @buf (TP_EV_IMA_TEXT bytes hold any); 0. -ENOENT: the
 * record has no hash; -EOPNOTSUPP: the kernel gave none or an algorithm Tetragon
 * does not name, @buf says which ("<none: reason>"); -EINVAL: malformed
 * (ev_ima.c). @end: the record's end (ev_check_record()).
 */
#define TP_EV_IMA_TEXT	(8 + 2 * TP_IMA_HASH_MAX + 1)
int ev_ima_hash(const void *data, size_t end, char *buf, size_t size);

/* The path of a TP_EVA_FD arg (payload @p: fd, then the path bytes). */
size_t ev_fd_path(char *buf, size_t size, const struct tp_ev_arg *a, const char *p);

#endif
