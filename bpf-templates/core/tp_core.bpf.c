// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The core object: loaded once per node by tpload, pinned under
 * <root>/core/. It keeps tp_procs (tgid -> executable path, parent, exec
 * time, args, cwd, credentials, parent's key) current for every policy
 * object, owns the ring buffers and the policy registry tp_policies, and
 * posts process_exec / process_exit records into its own ring
 * tp_proc_events (unless the core was loaded with --no-process-events).
 *
 *   tpc_exec  tp_btf/sched_process_exec   record the exec, post process_exec
 *   tpc_fork  tp_btf/sched_process_fork   new process (not thread) inherits
 *   tpc_exit  tp_btf/sched_process_exit   when the group dies: post
 *                                         process_exit, keep the entry in
 *                                         tp_procs_gone, drop it
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

/* The core's process_exec/process_exit records: a ring of their own, apart
 * from the policies' tp_events, so that a fork/exec loop that fills it
 * cannot make a policy's audit records drop (they keep tp_events' whole
 * capacity). Full => the record is dropped and counted (proc_dropped).
 * Policy objects do not declare it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TP_PROC_EVENTS_BYTES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_proc_events SEC(".maps");

/* Are process_exec/process_exit records wanted? (core slot option) */
static __always_inline bool tp_proc_events_on(void)
{
	__u32 key = TP_CORE_SLOT;
	struct tp_policy_slot *s = bpf_map_lookup_elem(&tp_policies, &key);

	return s && !(s->used & TP_CORE_F_NO_PROC_EVENTS);
}

/* Posts a process_exec / process_exit record of entry @p to tp_proc_events. */
static __always_inline void tp_proc_post(struct task_struct *task, const struct tp_proc *p,
					 __u16 kind, __u32 exit_code)
{
	struct tp_ev_proc *r = bpf_ringbuf_reserve(&tp_proc_events, sizeof(*r), 0);

	if (!r) {
		struct tp_core_counters *c = tp_core_cnt();

		if (c)
			c->proc_dropped++;
		return;
	}
	r->h.size = sizeof(*r);
	r->h.kind = kind;
	r->h.action = 0;
	r->h.policy_id = 0;
	r->h.hook_id = 0;
	r->h.nr_args = 0;
	r->h.ktime = bpf_ktime_get_ns();
	r->h.pid = p->tgid;
	r->h.tid = task->pid;
	r->h.ppid = p->ppid;
	r->h.uid = p->euid;
	r->h.auid = p->auid;
	r->h.proc_flags = p->flags;
	r->h.exec_ktime = p->exec_ktime;
	BPF_CORE_READ_INTO(&r->h.comm, task, comm);
	r->h.path_len = 0;	/* the path is r->proc.path */
	r->h.selector = 0;
	r->h.ret_action = 0;
	r->h.flags = 0;
	r->h.path[0] = 0;
	r->exit_code = exit_code;
	r->pad = 0;
	bpf_probe_read_kernel(&r->proc, sizeof(r->proc), p);
	bpf_ringbuf_submit(r, 0);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(tpc_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	struct tp_core_counters *c = tp_core_cnt();
	__u32 tgid = task->tgid;
	struct tp_proc *p;

	/* bprm->file is the file the kernel runs: for a #! script, the
	 * interpreter (exec_binprm() swapped it in before this tracepoint).
	 * A policy program on this tracepoint may have recorded it already.
	 */
	tp_proc_record_exec(task, BPF_CORE_READ(bprm, file));
	if (c)
		c->execs++;
	if (!tp_proc_events_on())
		return 0;
	p = bpf_map_lookup_elem(&tp_procs, &tgid);
	if (p && p->exec_id == task->self_exec_id)
		tp_proc_post(task, p, TP_EV_EXEC, 0);
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
		/* Tetragon's clone: the parent's binary, args and cwd */
		bpf_probe_read_kernel(e, sizeof(*e), pe);
		e->flags &= ~(TP_PROC_EXECVE | TP_PROC_PROCFS | TP_PROC_MISS);
		e->pexec_ktime = pe->exec_ktime;
	} else {
		/* parent unknown (e.g. the table was full): read the image */
		e->flags = TP_PROC_MISS | TP_PROC_ERR_ARGS;
		e->exec_id = child->self_exec_id;
		e->pexec_ktime = 0;
		e->args_len = 0;
		tp_proc_fill_creds(e, child);
		tp_proc_fill_ns(e, child);
		tp_proc_fill_cgroup(e, child);
		tp_proc_fill_cwd(e, child);
		tp_proc_fill_path(e, BPF_CORE_READ(child, mm, exe_file), child);
	}
	e->tgid = tgid;
	e->ppid = ptgid;
	e->exec_ktime = bpf_ktime_get_boot_ns();
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
 * thread of a group sees 0 here, and it has set task->exit_code already.
 * Threads exiting concurrently may both see 0: only the one that deletes
 * the entry posts. Tetragon posts its exit event when the whole group has
 * exited too (bpf/process/bpf_exit.c, signal->live).
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(tpc_exit, struct task_struct *task)
{
	struct tp_proc *p, *e;
	__u32 tgid;

	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	tgid = task->tgid;
	p = bpf_map_lookup_elem(&tp_procs, &tgid);
	if (!p)
		return 0;
	e = tp_proc_scratch_get();
	if (!e)
		return 0;
	bpf_probe_read_kernel(e, sizeof(*e), p);
	if (!bpf_map_delete_elem(&tp_procs, &tgid)) {
		struct tp_core_counters *c = tp_core_cnt();

		tp_proc_retire(e);
		if (tp_proc_events_on())
			tp_proc_post(task, e, TP_EV_EXIT, BPF_CORE_READ(task, exit_code));
		if (c)
			c->exits++;
	}
	return 0;
}

/* Run by tpload after tpc_exec/fork/exit are attached, so every process is
 * covered: new ones by the hooks, older ones here. BPF_NOEXIST: never
 * overwrite what a hook recorded in between. tpload runs it a second time
 * after it wrote the seeded entries' args from /proc (core_seed_args()):
 * that write is a whole-entry update, and a process that exec'd (or a pid
 * reused by a new fork) between tpload's check and its write would be left
 * with the old image's path. A seeded (procFS) entry that does not describe
 * the task's current execution is stale and replaced here.
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
	/* Tetragon's ktime: boot time; the parent's key is computed the same
	 * way (its entry may not exist yet: the iterator goes by pid)
	 */
	if (bpf_core_field_exists(task->start_boottime)) {
		e->exec_ktime = task->start_boottime;
		e->pexec_ktime = BPF_CORE_READ(task, real_parent, group_leader, start_boottime);
	} else {
		e->exec_ktime = task->start_time;
		e->pexec_ktime = BPF_CORE_READ(task, real_parent, group_leader, start_time);
	}
	if (e->ppid == 0 || (BPF_CORE_READ(task, real_parent, flags) & PF_KTHREAD))
		e->pexec_ktime = 0;	/* kthreadd/swapper: no entry */
	e->exec_id = task->self_exec_id;
	/* another task's argv is user memory this iterator cannot read:
	 * tpload fills args from /proc/PID/cmdline (errorArgs until then)
	 */
	e->flags = TP_PROC_PROCFS | TP_PROC_ERR_ARGS;
	e->args_len = 0;
	tp_proc_fill_creds(e, task);
	tp_proc_fill_ns(e, task);
	tp_proc_fill_cgroup(e, task);
	tp_proc_fill_cwd(e, task);
	tp_proc_fill_path(e, BPF_CORE_READ(task, mm, exe_file), task);
	if (!bpf_map_update_elem(&tp_procs, &tgid, e, BPF_NOEXIST)) {
		struct tp_core_counters *c = tp_core_cnt();

		if (c)
			c->seeded++;
	} else {
		struct tp_proc *cur = bpf_map_lookup_elem(&tp_procs, &tgid);
		struct tp_core_counters *c = tp_core_cnt();

		if (!cur) {
			if (c)
				c->procs_full++;
		} else if ((cur->flags & TP_PROC_PROCFS) &&
			   (cur->exec_id != e->exec_id || cur->exec_ktime != e->exec_ktime)) {
			tp_proc_store(tgid, e, BPF_EXIST);	/* stale seeded entry */
		}
	}
	return 0;
}
