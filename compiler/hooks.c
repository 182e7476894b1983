// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The hook-kind table (hooks.h) and the map from the policy's spec lists to its rows:
 * which kind each entry of spec.tracepoints (next: kprobes, fentries, lsmhooks, ...)
 * becomes, and the hook ids (positions over every list, in the order below).
 */
#include <string.h>

#include "hooks.h"

const struct hook_kind *const hook_kinds[] = {
	&hook_tracepoint,
	&hook_raw_tp,
	NULL,
};

size_t hooks_count(const struct tp_policy *pol)
{
	return pol->nr_tracepoints;
}

static void tracepoint_entry(const struct tp_tracepoint *tp, struct hook_entry *out)
{
	*out = (struct hook_entry){
		.kind = tp->raw ? &hook_raw_tp : &hook_tracepoint,
		.loc = tp->loc,
		.args = tp->args,
		.nr_args = tp->nr_args,
		.selectors = tp->selectors,
		.nr_selectors = tp->nr_selectors,
		.message = tp->message,
		.tags = tp->tags,
		.nr_tags = tp->nr_tags,
		.spec = tp,
	};
}

void hooks_entry(const struct tp_policy *pol, size_t i, struct hook_entry *out)
{
	/* spec.tracepoints; the next lists follow with i -= nr of the previous ones */
	tracepoint_entry(&pol->tracepoints[i], out);
}
