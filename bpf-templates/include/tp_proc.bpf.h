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

/* A tp_proc is 544 bytes: too big for the 512-byte stack. */
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

/* Record the exec of @task (its new image @file). Skips when the entry
 * already describes this exec. Returns true if this call recorded it.
 */
static __always_inline bool tp_proc_record_exec(struct task_struct *task, const struct file *file)
{
	__u32 tgid = task->tgid;
	__u64 exec_id = task->self_exec_id;
	struct tp_proc *e, *cur;

	cur = bpf_map_lookup_elem(&tp_procs, &tgid);
	if (cur && cur->exec_id == exec_id && (cur->flags & TP_PROC_EXECVE))
		return false;
	e = tp_proc_scratch_get();
	if (!e)
		return false;
	e->tgid = tgid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exec_ktime = bpf_ktime_get_ns();
	e->exec_id = exec_id;
	e->flags = TP_PROC_EXECVE;
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
