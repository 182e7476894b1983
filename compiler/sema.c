// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* sema: policy-level checks on the AST, before lowering. Nothing the CRD
 * accepts is silently ignored: fields tpc does not implement yet are errors
 * that name the field.
 */
#include <errno.h>
#include <string.h>

#include "diag.h"
#include "hooks.h"
#include "lower.h"
#include "policy.h"

/* Why a field is not supported, by path suffix; the first match wins. */
static const struct {
	const char *key;
	const char *why;
} reasons[] = {
	{ "spec.uprobes", "uprobes are not implemented yet" },
	{ "spec.usdts", "USDT probes are not implemented yet" },
	{ "spec.enforcers", "enforcers and NotifyEnforcer need kprobe/fmod_ret programs" },
	{ "spec.options", "policy options are not implemented" },
	{ "spec.loader", "the loader sensor needs perf events and an agent" },
	{ "spec.podSelector", "workload selectors need a live cgroup set kept by an agent" },
	{ "spec.containerSelector", "workload selectors need a live cgroup set kept by an agent" },
	{ "spec.hostSelector", "workload selectors need a live cgroup set kept by an agent" },
	{ "spec.nodeSelector", "node selection belongs to the deployment, not the object" },
	{ "spec.selectorsMacros", "selector macros are not implemented" },
	{ "matchReturnArgs", "only a kprobe with return: true has a return value" },
	{ "matchReturnActions", "only a kprobe with return: true has a return value" },
	{ "returnArgAction", "TrackSock/UntrackSock need socket tracking, which tpc does not have" },
	{ "matchParentBinaries", "parent binary filters are not implemented" },
	{ "matchData", "data filters are not implemented" },
	{ "matchWorkloads", "workload selectors need a live cgroup set kept by an agent" },
	{ "followChildren", "followChildren needs per-process bitsets in the core" },
	{ "StackTrace", "stack traces are not implemented" },
	{ ".data", "the data field is not implemented" },
	{ ".source", "argument sources (current_task, pt_regs) belong to data entries, which are not implemented" },
	{ "matchActions", "this action parameter is not implemented" },
	{ ".macros", "selector macros are not implemented" },
};

static const char *reason_for(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strstr(path, reasons[i].key))
			return reasons[i].why;
	return "not implemented in this version of tpc";
}

/* Tetragon loads one hook section per policy ("tracing policies with multiple
 * sections ... are currently not supported", pkg/tracingpolicy); tpc compiles
 * several into one object, and says that Tetragon would not.
 */
static void check_sections(const struct tp_policy *pol, struct diag *d)
{
	const struct tp_loc *locs[] = { &pol->kprobes_loc, &pol->fentries_loc, &pol->lsmhooks_loc };
	size_t i, n = pol->has_tracepoints;
	const struct tp_loc *second = NULL;

	for (i = 0; i < sizeof(locs) / sizeof(locs[0]); i++) {
		if (!locs[i]->line)
			continue;
		if (n++ && !second)
			second = locs[i];
	}
	if (second)
		diag_warn(d, *second, "multiple-sections",
			  "this policy has more than one hook section (tracepoints, kprobes, fentries, lsmhooks): tpc compiles them into one object, Tetragon refuses such a policy");
}

int sema_check(const struct tp_policy *pol, struct diag *d)
{
	unsigned int before = diag_error_cnt(d);
	size_t i;

	check_sections(pol, d);

	for (i = 0; i < pol->nr_unsupported; i++) {
		const struct tp_unsupported *u = &pol->unsupported[i];

		diag_error(d, u->loc, "unsupported", "not supported yet: %s (%s)", u->path,
			   reason_for(u->path));
	}
	/* A namespaced policy applies only to the pods of its namespace; tpc has
	 * no workload filtering, and applying it to the whole node would widen
	 * it silently.
	 */
	if (pol->kind == TP_POLICY_NAMESPACED)
		diag_error(d, pol->namespace_.s ? pol->namespace_.loc : pol->loc, "unsupported",
			   "not supported yet: kind TracingPolicyNamespaced (it applies only to pods of namespace '%s'; tpc has no workload filtering and will not widen it to the whole node: use kind TracingPolicy)",
			   pol->namespace_.s ? pol->namespace_.s : "");
	if (!hooks_count(pol) && !pol->nr_unsupported)
		diag_error(d, pol->spec_loc.line ? pol->spec_loc : pol->loc, "no-hooks",
			   "policy '%s' has no hooks: nothing to compile (no tracepoints, kprobes, fentries or lsmhooks)",
			   pol->name.s ? pol->name.s : "?");
	return diag_error_cnt(d) > before ? -EINVAL : 0;
}
