/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Selector process filters that read the current task's namespaces and
 * credentials: matchNamespaces (an inode number per namespace) and
 * matchCapabilities (one capability set, isNamespaceCapability). Included by
 * generated code only when a policy has such a filter.
 *
 * The kernel types are local CO-RE flavors (the ___tpsel suffix is ignored by
 * libbpf): tp_vmlinux.h stays as the other readers need it.
 */
#ifndef TP_SELECT_BPF_H
#define TP_SELECT_BPF_H

#include "tp_common.bpf.h"

/* The host's namespaces with a fixed inode (include/linux/proc_ns.h PROC_*_INIT_INO).
 * Generated code only uses the user namespace's; lowering puts the others in values.
 */
#define TP_INO_USER_INIT	0xEFFFFFFDu

/* enum ir_ns (compiler/ir.h), spelled as the CRD spells the namespace */
enum {
	TP_NS_Uts,
	TP_NS_Ipc,
	TP_NS_Mnt,
	TP_NS_Pid,
	TP_NS_PidForChildren,
	TP_NS_Net,
	TP_NS_Time,
	TP_NS_TimeForChildren,
	TP_NS_Cgroup,
	TP_NS_User,
};

/* enum ir_capset */
enum {
	TP_CAPS_Effective,
	TP_CAPS_Inheritable,
	TP_CAPS_Permitted,
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

/* Each namespace type by its kernel name (CO-RE matches the name before ___):
 * only their ns_common is read. */
struct uts_namespace___tpsel {
	struct ns_common ns;
};

struct ipc_namespace___tpsel {
	struct ns_common ns;
};

struct mnt_namespace___tpsel {
	struct ns_common ns;
};

struct pid_namespace___tpsel {
	struct ns_common ns;
};

struct net___tpsel {
	struct ns_common ns;
};

struct time_namespace___tpsel {		/* 5.6+ (CONFIG_TIME_NS) */
	struct ns_common ns;
};

struct cgroup_namespace___tpsel {
	struct ns_common ns;
};

struct nsproxy___tpsel {
	struct uts_namespace___tpsel *uts_ns;
	struct ipc_namespace___tpsel *ipc_ns;
	struct mnt_namespace___tpsel *mnt_ns;
	struct pid_namespace___tpsel *pid_ns_for_children;
	struct net___tpsel *net_ns;
	struct time_namespace___tpsel *time_ns;
	struct time_namespace___tpsel *time_ns_for_children;
	struct cgroup_namespace___tpsel *cgroup_ns;
};

struct task_struct___tpsel {
	struct nsproxy___tpsel *nsproxy;
};

#pragma clang attribute pop

/* The inode of one of the task's namespaces; 0 if it cannot be read (an exiting
 * task has no nsproxy; a kernel without time namespaces has no time_ns).
 * `which` is a constant: the switch folds away.
 */
static __always_inline __u32 tp_ns_inum(struct task_struct *task, int which)
{
	struct task_struct___tpsel *t = (void *)task;
	struct pid_namespace___tpsel *pidns;
	struct nsproxy___tpsel *np;
	struct pid *pid;
	unsigned int level;

	if (which == TP_NS_User)
		return BPF_CORE_READ(task, cred, user_ns, ns.inum);
	if (which == TP_NS_Pid) {	/* the namespace the task's pid lives in */
		pid = BPF_CORE_READ(task, thread_pid);
		if (!pid)
			return 0;
		level = BPF_CORE_READ(pid, level);
		pidns = (struct pid_namespace___tpsel *)BPF_CORE_READ(pid, numbers[level].ns);
		return BPF_CORE_READ(pidns, ns.inum);
	}
	np = BPF_CORE_READ(t, nsproxy);
	if (!np)
		return 0;
	switch (which) {
	case TP_NS_Uts:
		return BPF_CORE_READ(np, uts_ns, ns.inum);
	case TP_NS_Ipc:
		return BPF_CORE_READ(np, ipc_ns, ns.inum);
	case TP_NS_Mnt:
		return BPF_CORE_READ(np, mnt_ns, ns.inum);
	case TP_NS_PidForChildren:
		return BPF_CORE_READ(np, pid_ns_for_children, ns.inum);
	case TP_NS_Net:
		return BPF_CORE_READ(np, net_ns, ns.inum);
	case TP_NS_Time:
		if (!bpf_core_field_exists(np->time_ns))
			return 0;
		return BPF_CORE_READ(np, time_ns, ns.inum);
	case TP_NS_TimeForChildren:
		if (!bpf_core_field_exists(np->time_ns_for_children))
			return 0;
		return BPF_CORE_READ(np, time_ns_for_children, ns.inum);
	case TP_NS_Cgroup:
		return BPF_CORE_READ(np, cgroup_ns, ns.inum);
	}
	return 0;
}

/* The inode of the task's user namespace (its credentials'). */
static __always_inline __u32 tp_userns_inum(struct task_struct *task)
{
	return BPF_CORE_READ(task, cred, user_ns, ns.inum);
}

/* One of the task's capability sets (8 bytes at the kernel_cap_t, both layouts:
 * tp_vmlinux.h); 0 if the credentials cannot be read.
 */
static __always_inline __u64 tp_task_caps(struct task_struct *task, int set)
{
	const struct cred *c = BPF_CORE_READ(task, cred);
	__u64 v = 0;

	if (!c)
		return 0;
	if (set == TP_CAPS_Effective)
		bpf_core_read(&v, 8, &c->cap_effective);
	else if (set == TP_CAPS_Inheritable)
		bpf_core_read(&v, 8, &c->cap_inheritable);
	else
		bpf_core_read(&v, 8, &c->cap_permitted);
	return v;
}

#endif
