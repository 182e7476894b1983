// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Selectors -> IR: one selector's filters (lower_filters.c), values
 * (lower_values.c) and actions (lower_actions.c), entry or return side.
 * Keep going: every problem of a selector is reported in one run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "policy.h"
#include "tp_caps.h"
#include "values.h"

/* The next filter slot, clean: a filter that failed to lower leaves its
 * counts in the slot it was given, and the next one reuses that slot.
 * (Found by fuzzing, like the same reuse of a selector slot below: stale
 * counts indexed past the new, smaller arrays.)
 */
static struct ir_filter *next_filter(struct ir_selector *is)
{
	struct ir_filter *f = &is->filters[is->nr_filters];

	memset(f, 0, sizeof(*f));
	return f;
}

int lower_selector(struct lower_ctx *lc, struct ir_prog *p, const struct tp_selector *s,
		   struct ir_selector *is)
{
	size_t n = s->nr_match_args + s->nr_match_pids + s->nr_match_binaries +
		   s->nr_match_namespaces + s->nr_match_caps + s->nr_match_ns_changes +
		   s->nr_match_cap_changes, i;
	int ret = 0, err;

	/* the caller reuses the slot of a selector that failed to lower */
	memset(is, 0, sizeof(*is));
	is->loc = s->loc;
	is->filters = lower_alloc(lc, n, sizeof(*is->filters));
	if (!is->filters)
		return -ENOMEM;
	for (i = 0; i < s->nr_match_pids; i++) {
		err = lower_match_pid(lc, &s->match_pids[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_binaries; i++) {
		err = lower_match_binary(lc, &s->match_binaries[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_namespaces; i++) {
		err = lower_match_ns(lc, &s->match_namespaces[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_caps; i++) {
		err = lower_match_caps(lc, &s->match_caps[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	/* Tetragon refuses a second matchNamespaceChanges entry and evaluates only
	 * the first matchCapabilityChanges entry (ParseMatchNamespaceChanges(),
	 * pkg/selectors/kernel.go; selector_process_filter(), bpf/process/pfilter.h);
	 * tpc AND-s every entry, as the other lists
	 */
	if (s->nr_match_ns_changes > 1)
		diag_warn(lc->d, s->match_ns_changes[1].loc, "tetragon-first-only",
			  "tpc evaluates every matchNamespaceChanges entry (AND-ed); Tetragon refuses more than one");
	for (i = 0; i < s->nr_match_ns_changes; i++) {
		err = lower_match_ns_change(lc, &s->match_ns_changes[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	if (s->nr_match_cap_changes > 1)
		diag_warn(lc->d, s->match_cap_changes[1].loc, "tetragon-first-only",
			  "tpc evaluates every matchCapabilityChanges entry (AND-ed); Tetragon evaluates only the first");
	for (i = 0; i < s->nr_match_cap_changes; i++) {
		err = lower_match_cap_change(lc, &s->match_cap_changes[i], next_filter(is));
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	for (i = 0; i < s->nr_match_args; i++) {
		err = lower_match_arg(lc, p, &s->match_args[i], next_filter(is), false);
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	err = lower_actions(lc, p, s->match_actions, s->nr_match_actions, false, is);
	return ret ?: err;
}

int lower_ret_selector(struct lower_ctx *lc, struct ir_prog *p, const struct tp_selector *s,
		       struct ir_selector *is)
{
	size_t i;
	int ret = 0, err;

	memset(is, 0, sizeof(*is));	/* as lower_selector() */
	is->loc = s->match_return_args_loc.line ? s->match_return_args_loc :
		  s->match_return_actions_loc.line ? s->match_return_actions_loc : s->loc;
	is->ret_side = true;
	is->filters = lower_alloc(lc, s->nr_match_return_args, sizeof(*is->filters));
	if (!is->filters)
		return -ENOMEM;
	for (i = 0; i < s->nr_match_return_args; i++) {
		err = lower_match_arg(lc, p, &s->match_return_args[i], next_filter(is), true);
		if (err)
			ret = err;
		else
			is->nr_filters++;
	}
	err = lower_actions(lc, p, s->match_return_actions, s->nr_match_return_actions, true, is);
	return ret ?: err;
}
