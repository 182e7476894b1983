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
#include "tp_proc.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define PF_EXITING	0x00000004
#define PF_KTHREAD	0x00200000

/* Registry of loaded policies, written by tpload only: policy id -> name.
 * Slot TP_CORE_SLOT holds the core's ABI version (tp_abi.h).
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TP_MAX_POLICIES);
	__type(key, __u32);
	__type(value, struct tp_policy_slot);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_policies SEC(".maps");

SEC("tp_btf/sched_process_exec")
int BPF_PROG(tpc_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	struct tp_core_counters *c = tp_core_cnt();

	/* bprm->file is the file the kernel runs: for a #! script, the
	 * interpreter (exec_binprm() swapped it in before this tracepoint).
	 * A policy program on this tracepoint may have recorded it already.
	 */
	tp_proc_record_exec(task, BPF_CORE_READ(bprm, file));
	if (c)
		c->execs++;
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(tpc_fork, struct task_struct *parent, struct task_struct *child)
{
	struct tp_core_counters *c;
	struct tp_proc *e, *pe;
	__u32 tgid, ptgid;

	tgid = child->tgid;
	if (child->pid != tgid)
		return 0;	/* a thread: its process already has an entry */
	if (child->flags & PF_KTHREAD)
		return 0;
	e = tp_proc_scratch_get();
	if (!e)
		return 0;
	ptgid = parent->tgid;
	pe = bpf_map_lookup_elem(&tp_procs, &ptgid);
	if (pe) {
		__builtin_memcpy(e, pe, sizeof(*e));
		e->flags &= ~(TP_PROC_EXECVE | TP_PROC_PROCFS);
	} else {
		/* parent unknown (e.g. the table was full): read the image */
		e->flags = 0;
		e->exec_id = child->self_exec_id;
		tp_proc_fill_path(e, BPF_CORE_READ(child, mm, exe_file), child);
	}
	e->tgid = tgid;
	e->ppid = ptgid;
	e->exec_ktime = bpf_ktime_get_ns();
	e->flags |= TP_PROC_CLONE;
	/* a reused pid may still have a stale entry: overwritten (BPF_ANY) */
	tp_proc_store(tgid, e, BPF_ANY);
	c = tp_core_cnt();
	if (c)
		c->forks++;
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
	if (!bpf_map_delete_elem(&tp_procs, &tgid)) {
		struct tp_core_counters *c = tp_core_cnt();

		if (c)
			c->exits++;
	}
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
	e = tp_proc_scratch_get();
	if (!e)
		return 0;
	e->tgid = tgid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exec_ktime = task->start_time;
	e->exec_id = task->self_exec_id;
	e->flags = TP_PROC_PROCFS;
	tp_proc_fill_path(e, BPF_CORE_READ(task, mm, exe_file), task);
	if (!bpf_map_update_elem(&tp_procs, &tgid, e, BPF_NOEXIST)) {
		struct tp_core_counters *c = tp_core_cnt();

		if (c)
			c->seeded++;
	} else if (!bpf_map_lookup_elem(&tp_procs, &tgid)) {
		struct tp_core_counters *c = tp_core_cnt();

		if (c)
			c->procs_full++;
	}
	return 0;
}
