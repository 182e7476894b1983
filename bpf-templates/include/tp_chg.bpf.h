/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* matchNamespaceChanges and matchCapabilityChanges: the current task's
 * namespaces and capabilities compared with those recorded for its process.
 * Included by generated code only when a policy has such a filter.
 *
 * The reference is what the core's tp_procs entry recorded (at exec, fork or
 * seed: tp_proc.bpf.h). Tetragon refreshes its record when such a filter
 * matched (generic_output(), bpf/process/generic_calls.h, rewrites the
 * execve_map entry's namespaces or capabilities), so a change is reported
 * once. tpc does not rewrite tp_procs: its values are the process.cap and
 * process.ns blocks of every event (the exec's, as Tetragon's events show
 * them). The refreshed reference is kept in this policy-owned map instead,
 * stamped with the entry's exec_ktime: a later exec, fork or reused pid gives
 * the entry a new exec_ktime, and the entry's values apply again.
 */
#ifndef TP_CHG_BPF_H
#define TP_CHG_BPF_H

#include "tp_common.bpf.h"
#include "tp_select.bpf.h"

/* Processes whose reference a selector refreshed; an evicted one compares
 * with its tp_procs entry again (its change can be reported once more).
 */
#define TP_CHG_MAX		8192

struct tp_chg_ref {
	__u64 exec_ktime;		/* the tp_procs entry's, when refreshed */
	__u64 caps[3];			/* TP_CAPS_* order */
	__u32 ns[TP_PROC_NS_NR];	/* TP_NS_* order (that of tp_proc.ns) */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TP_CHG_MAX);
	__type(key, __u32);
	__type(value, struct tp_chg_ref);
} tp_chg SEC(".maps");

/* The refreshed reference of @p's process, NULL if none for this execution. */
static __always_inline struct tp_chg_ref *tp_chg_get(const struct tp_proc *p)
{
	__u32 tgid = p->tgid;
	struct tp_chg_ref *r = bpf_map_lookup_elem(&tp_chg, &tgid);

	return r && r->exec_ktime == p->exec_ktime ? r : NULL;
}

/* The reference value of capability set @set (a constant). */
static __always_inline __u64 tp_chg_caps(const struct tp_proc *p, const struct tp_chg_ref *r,
					 int set)
{
	if (set == TP_CAPS_Effective)
		return r ? r->caps[TP_CAPS_Effective] : p->cap_effective;
	if (set == TP_CAPS_Inheritable)
		return r ? r->caps[TP_CAPS_Inheritable] : p->cap_inheritable;
	return r ? r->caps[TP_CAPS_Permitted] : p->cap_permitted;
}

/* Has namespace @which (a constant) changed since the reference? A kind the
 * reference could not read (0: time namespaces on kernels without them) is
 * no change, as in Tetragon's process_filter_namespace_change().
 */
static __always_inline bool tp_chg_ns_changed(struct task_struct *task, const struct tp_proc *p,
					      const struct tp_chg_ref *r, int which)
{
	__u32 old = r ? r->ns[which] : p->ns[which];

	return old && old != tp_ns_inum(task, which);
}

/* A selector with a change filter matched: its process's reference becomes
 * the current capabilities (@caps) and/or namespaces (@ns), as Tetragon's
 * generic_output() does after get_current_subj_caps() / get_namespaces().
 */
static __always_inline void tp_chg_refresh(struct tp_state *st, bool caps, bool ns)
{
	struct tp_proc *p = tp_proc_get(st);
	struct tp_chg_ref n, *r;
	__u32 tgid;
	int i;

	if (!p)
		return;
	tgid = p->tgid;
	r = tp_chg_get(p);
	n.exec_ktime = p->exec_ktime;
	for (i = 0; i < 3; i++)
		n.caps[i] = tp_chg_caps(p, r, i);
	for (i = 0; i < TP_PROC_NS_NR; i++)
		n.ns[i] = r ? r->ns[i] : p->ns[i];
	if (caps)
		for (i = 0; i < 3; i++)
			n.caps[i] = tp_task_caps(st->task, i);
	if (ns)
		for (i = 0; i < TP_PROC_NS_NR; i++)
			n.ns[i] = tp_ns_inum(st->task, i);
	bpf_map_update_elem(&tp_chg, &tgid, &n, BPF_ANY);
}

#endif
