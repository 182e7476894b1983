/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Reading the per-CPU counters: a policy's tp_counters map (per hook and
 * per selector, tp_abi.h struct tp_counters) and the core's tp_core_stats.
 * Values are summed over the possible CPUs.
 */
#ifndef TP_COUNTERS_H
#define TP_COUNTERS_H

#include <stddef.h>
#include <linux/types.h>

#include "tp_abi.h"

struct tp_hook_counters {
	struct tp_counters hook;	/* the hook's own row: unreadable, unknown */
	struct tp_counters total;	/* the selectors' rows summed */
	struct tp_counters *sel;	/* one per selector row (stride - 1) */
	size_t nr_sel;
};

struct tp_policy_counters {
	struct tp_hook_counters *hooks;
	size_t nr_hooks;
	struct tp_counters total;	/* every row of every hook */
};

/* Reads <root>/<dir>/maps/tp_counters of a policy with @nr_hooks hooks.
 * 0; -ENOENT if the policy has no counters map (not reported); -errno.
 */
int counters_read_policy(const char *root, const char *dir, size_t nr_hooks,
			 struct tp_policy_counters *out);
void counters_free(struct tp_policy_counters *c);

/* Reads <root>/core/maps/tp_core_stats. 0, -ENOENT (no core), -errno. */
int counters_read_core(const char *root, struct tp_core_counters *out);

/* Sum of "dropped" over every loaded policy of @root, and the number of
 * policies read. 0 or -errno.
 */
int counters_dropped_total(const char *root, __u64 *dropped);

#endif
