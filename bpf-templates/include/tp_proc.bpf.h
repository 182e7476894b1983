/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Recording a process's executable in tp_procs: shared by the core's exec
 * hook and by policy programs that run at exec (sched_process_exec), which
 * cannot rely on the core's hook having run first (the order of programs on
 * one tracepoint is not defined), so they record the exec themselves when
 * the entry predates it. Whoever runs first records; the other sees the
 * entry's exec_id equal to the task's self_exec_id (incremented by the
 * kernel in begin_new_exec(), before trace_sched_process_exec()) and skips.
 */
#ifndef TP_PROC_BPF_H
#define TP_PROC_BPF_H

#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "tp_abi.h"
#include "tp_core_maps.bpf.h"
#include "tp_path.bpf.h"
#include "tp_select.bpf.h"

#ifndef TP_OPAQUE
#define TP_OPAQUE(x)		asm volatile("" : "+r"(x))
#endif

/* A tp_proc is 1,824 bytes: too big for the 512-byte stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_proc);
} tp_proc_scratch SEC(".maps");

static __always_inline struct tp_proc *tp_proc_scratch_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&tp_proc_scratch, &zero);
}

/* Fill e->path/path_len and the path flags from @file as seen from @task's
 * root; counts paths the walker could not read whole.
 */
static __always_inline void tp_proc_fill_path(struct tp_proc *e, const struct file *file,
					      const struct task_struct *task)
{
	struct tp_core_counters *c;
	__u32 len = 0, f;

	__builtin_memset(e->path, 0, sizeof(e->path));
	f = tp_path_resolve_file(file, task, e->path, &len);
	e->flags |= f;
	e->path_len = len;
	if (f & (TP_PATH_F_NOHEAD | TP_PATH_F_NOPATH)) {
		c = tp_core_cnt();
		if (c && (f & TP_PATH_F_NOHEAD))
			c->path_nohead++;
		if (c && (f & TP_PATH_F_NOPATH))
			c->path_unreadable++;
	}
}

/* Credentials and loginuid of @task into @e (Tetragon captures them at
 * exec: bpf/process/bpf_execve_event.c, msg_cred and the auid).
 */
static __always_inline void tp_proc_fill_creds(struct tp_proc *e, struct task_struct *task)
{
	const struct cred *c = BPF_CORE_READ(task, cred);

	e->uid = BPF_CORE_READ(c, uid.val);
	e->gid = BPF_CORE_READ(c, gid.val);
	e->suid = BPF_CORE_READ(c, suid.val);
	e->sgid = BPF_CORE_READ(c, sgid.val);
	e->euid = BPF_CORE_READ(c, euid.val);
	e->egid = BPF_CORE_READ(c, egid.val);
	e->fsuid = BPF_CORE_READ(c, fsuid.val);
	e->fsgid = BPF_CORE_READ(c, fsgid.val);
	if (bpf_core_field_exists(task->loginuid))
		e->auid = BPF_CORE_READ(task, loginuid.val);
	else
		e->auid = (__u32)-1;
	/* what Tetragon's execve event carries for process.cap and
	 * process_credentials (bpf/lib/process.h msg_cred: the capability sets
	 * and securebits of the new cred); 8 bytes in every kernel
	 */
	e->securebits = BPF_CORE_READ(c, securebits);
	if (bpf_core_read(&e->cap_permitted, 8, &c->cap_permitted))
		e->cap_permitted = 0;
	if (bpf_core_read(&e->cap_effective, 8, &c->cap_effective))
		e->cap_effective = 0;
	if (bpf_core_read(&e->cap_inheritable, 8, &c->cap_inheritable))
		e->cap_inheritable = 0;
}

/* The task's namespace inodes for process.ns, in TP_PROC_NS_* order (that of
 * matchNamespaces' TP_NS_*: tp_select.bpf.h tp_ns_inum(), the namespaces
 * Tetragon's execve event records, bpf/lib/process.h msg_ns).
 */
static __always_inline void tp_proc_fill_ns(struct tp_proc *e, struct task_struct *task)
{
	e->ns[0] = tp_ns_inum(task, TP_NS_Uts);
	e->ns[1] = tp_ns_inum(task, TP_NS_Ipc);
	e->ns[2] = tp_ns_inum(task, TP_NS_Mnt);
	e->ns[3] = tp_ns_inum(task, TP_NS_Pid);
	e->ns[4] = tp_ns_inum(task, TP_NS_PidForChildren);
	e->ns[5] = tp_ns_inum(task, TP_NS_Net);
	e->ns[6] = tp_ns_inum(task, TP_NS_Time);
	e->ns[7] = tp_ns_inum(task, TP_NS_TimeForChildren);
	e->ns[8] = tp_ns_inum(task, TP_NS_Cgroup);
	e->ns[9] = tp_ns_inum(task, TP_NS_User);
}

/* The task's cgroup in the default (v2) hierarchy (css_set->dfl_cgrp): its
 * id (kernfs node id, what bpf_get_current_cgroup_id() returns) and its
 * kernfs node name, at most TP_CGRP_NAME_MAX bytes with the NUL. What
 * Tetragon's execve event records in cgroup v2 mode (bpf/process/
 * bpf_process_event.h __event_get_cgroup_info(): get_task_cgroup() of the
 * dfl_cgrp, __tg_get_current_cgroup_id(), __event_get_current_cgroup_name()
 * into msg_k8s.docker_id); its agent derives process.docker from the name
 * (tpload: ev_container.c). Zero id and "" when unreadable.
 */
static __always_inline void tp_proc_fill_cgroup(struct tp_proc *e, struct task_struct *task)
{
	struct kernfs_node *kn = NULL;
	const char *name;

	e->cgrp_id = 0;
	e->cgrp_name[0] = 0;
	if (bpf_core_field_exists(task->cgroups))
		kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);
	if (!kn)
		return;
	e->cgrp_id = BPF_CORE_READ(kn, id);
	name = BPF_CORE_READ(kn, name);
	if (!name || bpf_probe_read_kernel_str(e->cgrp_name, sizeof(e->cgrp_name), name) < 0)
		e->cgrp_name[0] = 0;
}

#define TP_PROC_CWD_FLAGS	(TP_PROC_NO_CWD | TP_PROC_ROOT_CWD | TP_PROC_ERR_CWD | \
				 TP_PROC_CWD_SPLIT | TP_PROC_CWD_NOHEAD)

/* The cwd of @task (fs->pwd, seen from its root as d_path() does), kept
 * like the executable's path. Flags as Tetragon's: "rootcwd" when it is
 * "/", "errorCWD" when it cannot be read, "nocwd" without an fs.
 */
static __always_inline void tp_proc_fill_cwd(struct tp_proc *e, struct task_struct *task)
{
	struct fs_struct *fs = BPF_CORE_READ(task, fs);
	__u32 len = 0, f;

	e->flags &= ~TP_PROC_CWD_FLAGS;
	__builtin_memset(e->cwd, 0, sizeof(e->cwd));
	e->cwd_len = 0;
	if (!fs) {
		e->flags |= TP_PROC_NO_CWD;
		return;
	}
	f = tp_path_resolve_path(&fs->pwd, task, e->cwd, &len);
	e->cwd_len = len;
	if (f & TP_PATH_F_NOPATH)
		e->flags |= TP_PROC_ERR_CWD;
	if (f & TP_PATH_F_SPLIT)
		e->flags |= TP_PROC_CWD_SPLIT;
	if (f & TP_PATH_F_NOHEAD)
		e->flags |= TP_PROC_CWD_NOHEAD;
	if (len == 1 && e->cwd[0] == '/')
		e->flags |= TP_PROC_ROOT_CWD;
}

#define TP_ARGV0_CHUNKS		8	/* argv[0] skipped up to 8 * TP_ARGS_MAX bytes */

/* argv[1..] of the current task (its new image at exec), NUL-separated
 * without the last NUL, the first TP_ARGS_MAX bytes kept ("truncArgs" when
 * longer); argv[0] is skipped, as Tetragon does (it reports the binary
 * instead).
 */
static __always_inline void tp_proc_fill_args(struct tp_proc *e, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	unsigned long start, end;
	__u64 total;
	__u32 k;
	long n = TP_ARGS_MAX;
	int i;

	e->flags &= ~(TP_PROC_TRUNC_ARGS | TP_PROC_ERR_ARGS);
	e->args_len = 0;
	if (!mm) {
		e->flags |= TP_PROC_ERR_ARGS;
		return;
	}
	start = BPF_CORE_READ(mm, arg_start);
	end = BPF_CORE_READ(mm, arg_end);
	/* bpf_probe_read_user_str() returns TP_ARGS_MAX both for a cut chunk
	 * (TP_ARGS_MAX - 1 bytes read) and an exact fit: step TP_ARGS_MAX - 1
	 * and read again (an exact fit's next read is its NUL alone)
	 */
	for (i = 0; i < TP_ARGV0_CHUNKS && n == TP_ARGS_MAX && start < end; i++) {
		n = bpf_probe_read_user_str(e->args, TP_ARGS_MAX, (const void *)start);
		if (n <= 0) {
			e->flags |= TP_PROC_ERR_ARGS;
			return;
		}
		start += n == TP_ARGS_MAX ? TP_ARGS_MAX - 1 : n;
	}
	if (n == TP_ARGS_MAX) {		/* argv[0] longer than we skip */
		e->flags |= TP_PROC_ERR_ARGS;
		return;
	}
	if (start >= end)
		return;			/* no arguments */
	total = end - start;		/* argv[1..] with the last NUL */
	e->args_len = total - 1;
	if (e->args_len >= TP_ARGS_MAX) {
		/* "truncArgs" when bytes are lost: an args_len of exactly
		 * TP_ARGS_MAX is kept whole (as tpload's /proc fill does)
		 */
		if (e->args_len > TP_ARGS_MAX)
			e->flags |= TP_PROC_TRUNC_ARGS;
		if (bpf_probe_read_user(e->args, TP_ARGS_MAX, (const void *)start))
			goto fault;
		return;
	}
	/* without the last NUL: args_len < TP_ARGS_MAX bytes (reading total
	 * bytes masked to TP_ARGS_MAX - 1 read nothing for an exact fit)
	 */
	k = total - 1;
	TP_OPAQUE(k);
	k &= TP_ARGS_MAX - 1;
	if (k && bpf_probe_read_user(e->args, k, (const void *)start))
		goto fault;
	return;
fault:
	e->args_len = 0;
	e->flags |= TP_PROC_ERR_ARGS;
}

/* Store e as tgid's entry. If the map cannot take it (full, or no memory),
 * an existing entry is overwritten in place, so a failed update never
 * leaves an older executable's path behind: at exec and fork no other
 * thread of the process reads it (de_thread() ran / the child has not
 * started). Returns 0, or -1 (counted: the process is now unknown).
 */
static __always_inline int tp_proc_store(__u32 tgid, struct tp_proc *e, __u64 update_flags)
{
	struct tp_core_counters *c;
	struct tp_proc *old;

	if (!bpf_map_update_elem(&tp_procs, &tgid, e, update_flags))
		return 0;
	if (update_flags == BPF_NOEXIST)
		return 0;	/* the seeder: an entry exists, keep it */
	old = bpf_map_lookup_elem(&tp_procs, &tgid);
	if (old) {
		bpf_probe_read_kernel(old, sizeof(*old), e);
		return 0;
	}
	c = tp_core_cnt();
	if (c)
		c->procs_full++;
	return -1;
}

/* Keep a finished execution's entry (exit, or replaced by a later exec) in
 * tp_procs_gone, so records posted before still resolve its process and
 * parent blocks (an LRU: the oldest go first).
 */
static __always_inline void tp_proc_retire(const struct tp_proc *old)
{
	struct tp_proc_key key = {};

	key.tgid = old->tgid;
	key.ktime = old->exec_ktime;
	bpf_map_update_elem(&tp_procs_gone, &key, old, BPF_ANY);
}

/* Record the exec of @task (its new image @file): path, args, cwd,
 * credentials, boot-time ktime and the parent's key. The parent is the one
 * the entry had (set at fork: Tetragon's parent is the process that forked
 * this one, even after it exited), else the real parent's entry ("miss"
 * when it has none). Skips when the entry already describes this exec.
 * Returns true if this call recorded it.
 */
static __always_inline bool tp_proc_record_exec(struct task_struct *task, const struct file *file)
{
	__u32 tgid = task->tgid, ptgid;
	__u64 exec_id = task->self_exec_id;
	struct tp_proc *e, *cur, *pe;

	cur = bpf_map_lookup_elem(&tp_procs, &tgid);
	if (cur && cur->exec_id == exec_id && (cur->flags & TP_PROC_EXECVE))
		return false;
	e = tp_proc_scratch_get();
	if (!e)
		return false;
	e->tgid = tgid;
	e->exec_ktime = bpf_ktime_get_boot_ns();
	e->exec_id = exec_id;
	e->flags = TP_PROC_EXECVE;
	if (cur) {
		/* "execve clone": the first exec after a fork */
		if ((cur->flags & (TP_PROC_CLONE | TP_PROC_EXECVE)) == TP_PROC_CLONE)
			e->flags |= TP_PROC_CLONE;
		e->flags |= cur->flags & TP_PROC_MISS;
		e->ppid = cur->ppid;
		e->pexec_ktime = cur->pexec_ktime;
		tp_proc_retire(cur);
	} else {
		ptgid = BPF_CORE_READ(task, real_parent, tgid);
		pe = bpf_map_lookup_elem(&tp_procs, &ptgid);
		e->ppid = ptgid;
		e->pexec_ktime = pe ? pe->exec_ktime : 0;
		if (!pe)
			e->flags |= TP_PROC_MISS;
	}
	tp_proc_fill_creds(e, task);
	tp_proc_fill_ns(e, task);
	tp_proc_fill_cgroup(e, task);
	tp_proc_fill_args(e, task);
	tp_proc_fill_cwd(e, task);
	tp_proc_fill_path(e, file, task);
	tp_proc_store(tgid, e, BPF_ANY);
	return true;
}

/* For policy programs on sched_process_exec: record the exec now if the
 * core has not yet (the executable is mm->exe_file, set by
 * begin_new_exec() to bprm->file).
 */
static __always_inline void tp_proc_sync_exec(struct task_struct *task)
{
	struct tp_core_counters *c;

	if (!tp_proc_record_exec(task, BPF_CORE_READ(task, mm, exe_file)))
		return;
	c = tp_core_cnt();
	if (c)
		c->exec_early++;
}

#endif
