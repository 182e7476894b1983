// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The hook-kind table (hooks.h) and the map from the policy's spec lists to its rows:
 * which kind each entry of spec.tracepoints, spec.kprobes, spec.fentries and
 * spec.lsmhooks becomes. Hook ids are the positions of the hooks after lowering, in
 * the order of the entries below (an entry calling "list:NAME" stands for one hook
 * per list element).
 */
#include <string.h>

#include "hooks.h"

const struct hook_kind *const hook_kinds[] = {
	&hook_tracepoint,
	&hook_raw_tp,
	&hook_kprobe,
	&hook_fentry,
	&hook_lsm,
	NULL,
};

size_t hooks_count(const struct tp_policy *pol)
{
	return pol->nr_tracepoints + pol->nr_kprobes + pol->nr_fentries + pol->nr_lsmhooks;
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

static void kprobe_entry(const struct tp_kprobe *kp, const struct hook_kind *kind,
			 struct hook_entry *out)
{
	*out = (struct hook_entry){
		.kind = kind,
		.loc = kp->loc,
		.args = kp->args,
		.nr_args = kp->nr_args,
		.selectors = kp->selectors,
		.nr_selectors = kp->nr_selectors,
		.message = kp->message,
		.tags = kp->tags,
		.nr_tags = kp->nr_tags,
		.spec = kp,
		.ret_arg = kp->ret && kp->has_ret_arg ? &kp->ret_arg : NULL,
	};
}

static void lsm_entry(const struct tp_lsmhook *lh, struct hook_entry *out)
{
	*out = (struct hook_entry){
		.kind = &hook_lsm,
		.loc = lh->loc,
		.args = lh->args,
		.nr_args = lh->nr_args,
		.selectors = lh->selectors,
		.nr_selectors = lh->nr_selectors,
		.message = lh->message,
		.tags = lh->tags,
		.nr_tags = lh->nr_tags,
		.spec = lh,
	};
}

void hooks_entry(const struct tp_policy *pol, size_t i, struct hook_entry *out)
{
	if (i < pol->nr_tracepoints) {
		tracepoint_entry(&pol->tracepoints[i], out);
		goto out;
	}
	i -= pol->nr_tracepoints;
	if (i < pol->nr_kprobes) {
		kprobe_entry(&pol->kprobes[i], &hook_kprobe, out);
		goto out;
	}
	i -= pol->nr_kprobes;
	if (i < pol->nr_fentries) {
		kprobe_entry(&pol->fentries[i], &hook_fentry, out);
		goto out;
	}
	i -= pol->nr_fentries;
	lsm_entry(&pol->lsmhooks[i], out);
out:
	out->pol = pol;
}
