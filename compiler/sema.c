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
	{ "spec.kprobes", "kprobe hooks come with the kprobe/LSM/uprobe release" },
	{ "spec.fentries", "fentry hooks come with the kprobe/LSM/uprobe release" },
	{ "spec.lsmhooks", "LSM hooks come with the kprobe/LSM/uprobe release" },
	{ "spec.uprobes", "uprobes come with the kprobe/LSM/uprobe release" },
	{ "spec.usdts", "USDT probes come with the kprobe/LSM/uprobe release" },
	{ "spec.lists", "lists need node-specific expansion (syscall tables, ftrace)" },
	{ "spec.enforcers", "enforcers and NotifyEnforcer need kprobe/fmod_ret programs" },
	{ "spec.options", "policy options are not implemented" },
	{ "spec.loader", "the loader sensor needs perf events and an agent" },
	{ "spec.podSelector", "workload selectors need a live cgroup set kept by an agent" },
	{ "spec.containerSelector", "workload selectors need a live cgroup set kept by an agent" },
	{ "spec.hostSelector", "workload selectors need a live cgroup set kept by an agent" },
	{ "spec.nodeSelector", "node selection belongs to the deployment, not the object" },
	{ "spec.selectorsMacros", "selector macros are not implemented" },
	{ "matchNamespaces", "namespace filters are not implemented" },
	{ "matchNamespaceChanges", "namespace change filters are not implemented" },
	{ "matchCapabilities", "capability filters are not implemented" },
	{ "matchCapabilityChanges", "capability change filters are not implemented" },
	{ "matchReturnArgs", "tracepoints have no return value" },
	{ "matchReturnActions", "tracepoints have no return value" },
	{ "matchParentBinaries", "parent binary filters are not implemented" },
	{ "matchData", "data filters are not implemented" },
	{ "matchWorkloads", "workload selectors need a live cgroup set kept by an agent" },
	{ "followChildren", "followChildren needs per-process bitsets in the core" },
	{ "rateLimit", "rate limiting is not implemented" },
	{ "StackTrace", "stack traces are not implemented" },
	{ "imaHash", "IMA hashes need LSM programs" },
	{ "resolve", "BTF resolution of arguments is not implemented" },
	{ "returnCopy", "tracepoints have no return probe" },
	{ "maxData", "large buffers are not implemented" },
	{ "btfType", "BTF resolution of arguments is not implemented" },
	{ ".data", "the data field is not implemented" },
	{ "argError", "argError belongs to Override/NotifyEnforcer, which tpc does not support on tracepoints (Tetragon ignores Override there)" },
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

int sema_check(const struct tp_policy *pol, struct diag *d)
{
	unsigned int before = diag_error_cnt(d);
	size_t i;

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
			   "policy '%s' has no hooks: nothing to compile (spec.tracepoints is empty)",
			   pol->name.s ? pol->name.s : "?");
	return diag_error_cnt(d) > before ? -EINVAL : 0;
}
