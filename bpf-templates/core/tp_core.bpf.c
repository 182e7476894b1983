// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The core object: loaded once per node by tpload, pinned under
 * <root>/core/. It keeps tp_procs (tgid -> executable path, parent, exec
 * time) current for every policy object, owns the tp_events ring buffer and
 * the policy registry tp_policies.
 *
 *   tpc_exec  tp_btf/sched_process_exec   record bprm->file's absolute path
 *   tpc_fork  tp_btf/sched_process_fork   new process (not thread) inherits
 *   tpc_exit  tp_btf/sched_process_exit   drop the entry when the group dies
 *   tpc_seed  iter/task                   run once by tpload at core load:
 *                                         seed processes that already exist
 *
 * CO-RE only: the same object loads on 6.1 and on current kernels.
 *
 * Pointer fields of a task (real_parent, signal, mm, bprm->file) are read
 * with BPF_CORE_READ (bpf_probe_read_kernel), not dereferenced: on current
 * kernels the verifier looks every dereferenced pointer field up by name in
 * the whole vmlinux BTF (four linear searches: "__safe_trusted", "_rcu",
 * ...), ~0.2 ms each on a VM, which made these small programs slow to load.
 * Scalar fields (tgid, pid, flags) are still read directly.
 */
#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "tp_core_maps.bpf.h"
#include "tp_path.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define PF_EXITING	0x00000004
#define PF_KTHREAD	0x00200000

/* Registry of loaded policies, written by tpload only: policy id -> name. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TP_MAX_POLICIES);
	__type(key, __u32);
	__type(value, struct tp_policy_slot);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_policies SEC(".maps");

/* A tp_proc is 280 bytes: too big for comfort on the 512-byte stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_proc);
} tp_core_scratch SEC(".maps");

static __always_inline struct tp_proc *scratch_proc(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&tp_core_scratch, &zero);
}

/* Fill e->path from @file as seen from @task's root. */
static __always_inline void fill_path(struct tp_proc *e, const struct file *file,
				      const struct task_struct *task)
{
	__u32 len = 0;

	__builtin_memset(e->path, 0, sizeof(e->path));
	e->flags |= tp_path_resolve_file(file, task, e->path, &len);
	e->path_len = len;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(tpc_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	struct tp_proc *e = scratch_proc();
	__u32 tgid;

	if (!e)
		return 0;
	tgid = task->tgid;
	e->tgid = tgid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exec_ktime = bpf_ktime_get_ns();
	e->flags = TP_PROC_EXECVE;
	/* bprm->file is the file the kernel runs: for a #! script, the
	 * interpreter (exec_binprm() swapped it in before this tracepoint)
	 */
	fill_path(e, BPF_CORE_READ(bprm, file), task);
	bpf_map_update_elem(&tp_procs, &tgid, e, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tpc_fork, struct task_struct *parent, struct task_struct *child)
{
	struct tp_proc *e, *pe;
	__u32 tgid, ptgid;

	tgid = child->tgid;
	if (child->pid != tgid)
		return 0;	/* a thread: its process already has an entry */
	if (child->flags & PF_KTHREAD)
		return 0;
	e = scratch_proc();
	if (!e)
		return 0;
	ptgid = parent->tgid;
	pe = bpf_map_lookup_elem(&tp_procs, &ptgid);
	if (pe) {
		__builtin_memcpy(e, pe, sizeof(*e));
		e->flags &= ~(TP_PROC_EXECVE | TP_PROC_PROCFS);
	} else {
		/* parent unknown (e.g. the entry was lost): read the image */
		e->flags = 0;
		fill_path(e, BPF_CORE_READ(child, mm, exe_file), child);
	}
	e->tgid = tgid;
	e->ppid = ptgid;
	e->exec_ktime = bpf_ktime_get_ns();
	e->flags |= TP_PROC_CLONE;
	bpf_map_update_elem(&tp_procs, &tgid, e, BPF_ANY);
	return 0;
}

/* do_exit() decrements signal->live (atomic_dec_and_test -> group_dead)
 * BEFORE trace_sched_process_exit() on 6.1 and on 6.18 alike, so the last
 * thread of a group sees 0 here. Threads exiting concurrently may both see
 * 0: deleting twice is harmless.
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(tpc_exit, struct task_struct *task)
{
	__u32 tgid;

	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	tgid = task->tgid;
	bpf_map_delete_elem(&tp_procs, &tgid);
	return 0;
}

/* Run once by tpload after tpc_exec/fork/exit are attached, so every process
 * is covered: new ones by the hooks, older ones here. BPF_NOEXIST: never
 * overwrite what a hook recorded in between.
 */
SEC("iter/task")
int tpc_seed(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct tp_proc *e;
	__u32 tgid;

	if (!task)
		return 0;
	tgid = task->tgid;
	if (task->pid != tgid)
		return 0;	/* threads are covered by their leader */
	if (task->flags & (PF_KTHREAD | PF_EXITING))
		return 0;
	if (!BPF_CORE_READ(task, mm))
		return 0;
	e = scratch_proc();
	if (!e)
		return 0;
	e->tgid = tgid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exec_ktime = task->start_time;
	e->flags = TP_PROC_PROCFS;
	fill_path(e, BPF_CORE_READ(task, mm, exe_file), task);
	bpf_map_update_elem(&tp_procs, &tgid, e, BPF_NOEXIST);
	return 0;
}
