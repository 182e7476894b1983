/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The ABI between BPF objects (core and policies) and tpload: pin layout,
 * shared map values and ring buffer records. Included by BPF C and by
 * userspace C; only fixed-size types, explicit padding, little-endian host.
 * Bump TP_ABI_VERSION on any incompatible change.
 */
#ifndef TP_ABI_H
#define TP_ABI_H

#ifndef __bpf__
#include <linux/types.h>	/* BPF code gets __u32 & co from tp_vmlinux.h */
#endif

#define TP_ABI_VERSION		5	/* 2: head+tail paths, per-CPU counters, enforcement ring;
					 * 3: exec-time process data (args, cwd, creds, parent key),
					 * boot-time exec ktime, process_exec/exit records, tp_procs_gone;
					 * 4: process_exec/exit records in their own ring tp_proc_events;
					 * 5: tp_proc.cgrp_id and cgrp_name (the cgroup at exec),
					 * TP_ARGS_MAX 256 -> 512 */

/* bpffs layout (tpload): <root>/core/{maps,links}/..., <root>/<policy>/{maps,links}/..., <root>/<policy>/meta */
#define TP_PIN_ROOT		"/sys/fs/bpf/tpc"
#define TP_CORE_DIR		"core"

/* Paths (executables, fd arguments) are kept in TP_PATH_MAX bytes: the
 * whole path when it is shorter than TP_PATH_MAX, else its first
 * TP_PATH_HEAD bytes followed by its last TP_PATH_TAIL bytes (flag
 * TP_PATH_F_SPLIT); the length is always the whole path's. So In/Equal and
 * Prefix (head) and Postfix (tail) compare exactly for any length up to
 * what the walker reaches (docs/object-format.md, "Paths").
 */
#define TP_PATH_MAX		512	/* path bytes kept (incl. NUL when whole) */
#define TP_PATH_HEAD		256	/* with TP_PATH_F_SPLIT: path[0..256) = first bytes */
#define TP_PATH_TAIL		256	/* with TP_PATH_F_SPLIT: path[256..512) = last bytes */
#define TP_PATH_VALUE_MAX	255	/* longest matchBinaries / fd path value */
#define TP_STR_MAX		256	/* buffer bytes kept without maxData (char_buf, ...) */
/* A string argument keeps at most TP_STRING_MAX bytes, as Tetragon's copy_strings()
 * with MAX_STRING (bpf/process/types/basic.h: 4096 on 5.11+ kernels); its slot also
 * holds the NUL and one more byte, so a longer string is known (TP_EVA_F_TRUNC).
 */
#define TP_STRING_MAX		4096
#define TP_STRING_SLOT		(TP_STRING_MAX + 8)
#define TP_COMM_LEN		16
#define TP_MAX_POLICIES		1024	/* policy ids are slots in the core registry */
#define TP_POLICY_NAME_MAX	256	/* DNS-1123 subdomain is <= 253 */
#define TP_MAX_EV_ARGS		5
#define TP_PROCS_MAX		65536		/* entries of core map tp_procs */
#define TP_PROCS_GONE_MAX	2048		/* entries of core map tp_procs_gone (LRU) */
#define TP_ARGS_MAX		512	/* argument bytes kept per process (argv[1..], NUL-separated);
					 * a power of two; 512 keeps a tp_procs entry in the
					 * kernel's 2 KiB size class */
#define TP_CGRP_NAME_MAX	128	/* cgroup name bytes kept with its NUL (Tetragon's KN_NAME_LENGTH) */
#define TP_EVENTS_BYTES		(1 << 20)	/* core ring tp_events */
#define TP_ENFORCE_BYTES	(1 << 18)	/* core ring tp_enforce */
#define TP_PROC_EVENTS_BYTES	(1 << 20)	/* core ring tp_proc_events (core only) */
/* The sizes are the defaults: tpload load --events-ring-size,
 * --enforce-ring-size and --process-ring-size choose others when the core is
 * created (powers of two in this range; policy objects adopt the pinned size).
 */
#define TP_RING_MIN_BYTES	(1ULL << 12)
#define TP_RING_MAX_BYTES	(1ULL << 30)

/* Path flags: tp_proc.flags and the flags of an fd argument's path */
#define TP_PATH_F_SPLIT		0x4	/* longer than TP_PATH_MAX - 1: head + tail kept */
#define TP_PATH_F_NOPATH	0x10	/* no path: not readable (no operator matches) */
#define TP_PATH_F_NOHEAD	0x20	/* deeper than the walker goes: the tail is exact,
					 * the head is not known, the length is a lower bound */
#define TP_PATH_F_DELETED	0x40	/* " (deleted)" appended: unlinked file or memfd */

/* tp_proc.flags. The names tpload prints are Tetragon's (pkg/reader/exec,
 * DecodeCommonFlags(); bpf/lib/process.h EVENT_*), in Tetragon's order.
 */
#define TP_PROC_EXECVE		0x1	/* "execve": recorded at exec */
#define TP_PROC_PROCFS		0x2	/* "procFS": seeded by the task iterator at core load */
#define TP_PROC_SPLIT		TP_PATH_F_SPLIT	/* "truncFilename" (with NOHEAD) */
#define TP_PROC_CLONE		0x8	/* "clone": made at fork (kept by the exec that follows) */
#define TP_PROC_NOPATH		TP_PATH_F_NOPATH /* "errorFilename": path not readable */
#define TP_PROC_NOHEAD		TP_PATH_F_NOHEAD
#define TP_PROC_DELETED		TP_PATH_F_DELETED
#define TP_PROC_TRUNC_ARGS	0x100	/* "truncArgs": args_len > TP_ARGS_MAX */
#define TP_PROC_MISS		0x200	/* "miss": the parent had no entry at fork/exec */
#define TP_PROC_ERR_ARGS	0x400	/* "errorArgs": args not readable (seeded: filled
					 * by tpload from /proc, cleared when it could) */
#define TP_PROC_NO_CWD		0x800	/* "nocwd": no cwd captured */
#define TP_PROC_ROOT_CWD	0x1000	/* "rootcwd": cwd is "/" */
#define TP_PROC_ERR_CWD		0x2000	/* "errorCWD": cwd not readable */
#define TP_PROC_CWD_SPLIT	0x4000	/* cwd kept as head + tail (TP_PATH_F_SPLIT) */
#define TP_PROC_CWD_NOHEAD	0x8000	/* cwd deeper than the walker goes */

/* tp_proc.ns: the namespaces in the order of Tetragon's Namespaces message
 * (api/v1/tetragon/tetragon.proto; the same order as matchNamespaces' TP_NS_*).
 */
#define TP_PROC_NS_NR		10	/* uts ipc mnt pid pid_for_children net time
					 * time_for_children cgroup user */

/* Key of core map tp_procs_gone: an execution (Tetragon's exec_id without
 * the node name).
 */
struct tp_proc_key {
	__u32 tgid;
	__u32 pad;
	__u64 ktime;		/* tp_proc.exec_ktime */
};

/* Value of core map "tp_procs", keyed by __u32 tgid (host pid namespace),
 * and of "tp_procs_gone" (LRU, keyed by struct tp_proc_key): the entries
 * of executions that ended (exit, or replaced by a later exec), so a reader
 * renders the process and parent blocks of records posted before from what
 * was captured. 1,824 bytes: the kernel allocates a tp_procs entry (with its
 * hash element header) from its 2 KiB size class, so 65,536 entries cost at
 * most 128 MiB and a node with 1,000 processes about 2 MiB; tp_procs_gone is
 * preallocated (LRU): 2,048 entries, about 3 MiB (docs/events.md).
 */
struct tp_proc {
	__u32 tgid;
	__u32 ppid;		/* parent tgid at fork (or at exec when no fork was seen) */
	__u64 exec_ktime;	/* bpf_ktime_get_boot_ns() at exec/fork, or the task's
				 * start_boottime for seeded tasks: Tetragon's ktime */
	__u32 flags;		/* TP_PROC_* */
	__u32 path_len;		/* bytes of the whole path (without NUL) */
	__u64 exec_id;		/* task->self_exec_id when recorded: an entry whose exec_id
				 * differs from the task's predates its last exec */
	__u64 pexec_ktime;	/* the parent's exec_ktime (its key: ppid, pexec_ktime);
				 * 0: parent unknown */
	__u32 uid, euid, suid, fsuid;	/* credentials at exec (or fork/seed) */
	__u32 gid, egid, sgid, fsgid;
	__u32 auid;		/* loginuid at exec, (u32)-1 if unset */
	__u32 args_len;		/* bytes of argv[1..] (NUL-separated, without the
				 * last NUL); args keeps min(args_len, TP_ARGS_MAX) */
	__u32 cwd_len;		/* bytes of the whole cwd path */
	__u32 securebits;	/* cred->securebits at exec (process_credentials) */
	__u64 cap_permitted;	/* capability sets at exec (process.cap) */
	__u64 cap_effective;
	__u64 cap_inheritable;
	__u32 ns[TP_PROC_NS_NR];	/* namespace inodes at exec (process.ns), in
				 * TP_PROC_NS_* order; 0: not readable (time on
				 * kernels without time namespaces) */
	char path[TP_PATH_MAX];	/* absolute executable path (see TP_PATH_MAX), NUL-padded */
	char cwd[TP_PATH_MAX];	/* cwd, same layout as path (TP_PROC_CWD_SPLIT/NOHEAD) */
	char args[TP_ARGS_MAX];	/* argv[1..], NUL-separated */
	/* ABI 5: appended (fields above keep their offsets) */
	__u64 cgrp_id;		/* cgroup id (kernfs node id) of the task's cgroup in the
				 * default (v2) hierarchy at exec; 0: not readable */
	char cgrp_name[TP_CGRP_NAME_MAX];	/* that cgroup's name (its directory's, not
				 * the path), NUL-terminated, cut at 127 bytes; "" for the root
				 * cgroup: tpload derives process.docker from it */
};

/* Value of core map "policies" (array, TP_MAX_POLICIES entries): registry
 * written by tpload. Slot 0 is never used, so policy id 0 means "unset".
 */
struct tp_policy_slot {
	__u32 used;
	__u32 abi;
	char name[TP_POLICY_NAME_MAX];
};

/* Slot 0 of "policies" is never a policy: tpload stamps the core's ABI
 * version in its abi field when it loads the core, so a later tpload can
 * tell a core pinned by an incompatible version (abi 0: version 1).
 */
#define TP_CORE_SLOT		0

/* Counters, per CPU (sum the CPUs to read them). Each policy object has a
 * map "tp_counters" (BPF_MAP_TYPE_PERCPU_ARRAY) with TP_CNT_STRIDE rows per
 * hook: row hook * stride is the hook's own row (unreadable, unknown), row
 * hook * stride + 1 + s is selector s's (matched, posted, dropped,
 * signaled, overridden, failclosed). stride = max_entries / number of hooks
 * (1 + the largest number of selectors of a hook). 64 bytes: one line.
 */
struct tp_counters {
	__u64 matched;		/* the selector matched: its actions ran */
	__u64 posted;		/* records written */
	__u64 dropped;		/* records lost: ring buffer full */
	__u64 signaled;		/* Sigkill / Signal sent */
	__u64 overridden;	/* Override applied (the function returned argError) */
	__u64 unreadable;	/* an argument a filter needed could not be read */
	__u64 unknown;		/* a matchBinaries filter met a process without a usable path,
				 * a change filter a process without a tp_procs entry */
	__u64 failclosed;	/* filters that matched only by the fail-closed rule */
};

/* Value of core map "tp_core_stats" (per-CPU array, 1 entry): what the
 * core's process tracking did, and how often it could not.
 */
struct tp_core_counters {
	__u64 execs;		/* exec recorded */
	__u64 forks;		/* process (not thread) created */
	__u64 exits;		/* entry removed */
	__u64 seeded;		/* entries made by the task iterator */
	__u64 procs_full;	/* no entry could be made (tp_procs full): process unknown */
	__u64 path_nohead;	/* executable path deeper than the walker goes */
	__u64 path_unreadable;	/* executable path not readable */
	__u64 exec_early;	/* a policy's exec hook recorded an exec before the core did */
	__u64 proc_dropped;	/* process_exec/exit records lost: tp_proc_events full */
};

/* Ring buffer records (core maps tp_events, tp_enforce, tp_proc_events).
 * Every record starts with the header; args follow as tp_ev_arg records,
 * each padded to 8 bytes. Records of selectors with an enforcement action
 * (Sigkill, Signal, Override) go to tp_enforce, all other policy records to
 * tp_events, the core's process_exec/process_exit to tp_proc_events: an
 * observability flood cannot crowd enforcement records out, and an exec
 * flood (a fork/exec loop) cannot crowd out a policy's records.
 */
enum tp_ev_kind {
	TP_EV_TRACEPOINT = 1,
	TP_EV_KPROBE = 2,	/* kprobe/fentry hooks (Tetragon process_kprobe) */
	TP_EV_LSM = 3,		/* lsm hooks (process_lsm) */
	TP_EV_EXEC = 4,		/* core: process_exec (struct tp_ev_proc) */
	TP_EV_EXIT = 5,		/* core: process_exit (struct tp_ev_proc) */
};

/* Action ids: Tetragon's numbering (KPROBE_ACTION_* in events). */
#define TP_ACTION_POST		0
#define TP_ACTION_SIGKILL	2
#define TP_ACTION_OVERRIDE	4
#define TP_ACTION_NOPOST	8
#define TP_ACTION_SIGNAL	9

struct tp_ev_hdr {
	__u32 size;		/* whole record, bytes */
	__u16 kind;		/* enum tp_ev_kind */
	__u16 action;		/* last action run by the winning selector (TP_ACTION_*) */
	__u32 policy_id;
	__u16 hook_id;		/* index of the hook in the policy (meta "hook" lines) */
	__u16 nr_args;
	__u64 ktime;		/* bpf_ktime_get_ns() */
	__u32 pid;		/* tgid */
	__u32 tid;
	__u32 ppid;
	__u32 uid;		/* euid */
	__u32 auid;		/* loginuid, (u32)-1 if unset */
	__u32 proc_flags;	/* tp_proc.flags, 0 if the process is unknown */
	__u64 exec_ktime;
	char comm[TP_COMM_LEN];
	__u32 path_len;		/* tp_proc.path_len: the whole path's length */
	__u16 selector;		/* index of the winning selector */
	__u8 ret_action;	/* TP_EV_F_RETURN: action of the winning return selector */
	__u8 flags;		/* TP_EV_F_* */
	char path[TP_PATH_MAX];	/* executable (tp_proc.path, same layout) */
};

/* Core records TP_EV_EXEC / TP_EV_EXIT, in tp_proc_events: the header (nr_args
 * 0, path_len 0: the path is proc.path), then the process entry as it was
 * captured at exec. Exit: posted when the whole thread group has exited
 * (signal->live == 0), as Tetragon's exit event (bpf/process/bpf_exit.h);
 * exit_code is task->exit_code (status << 8 | signal).
 */
struct tp_ev_proc {
	struct tp_ev_hdr h;
	__u32 exit_code;
	__u32 pad;
	struct tp_proc proc;
};

/* Slot TP_CORE_SLOT of tp_policies: its "used" field holds the core's
 * options (TP_CORE_F_*), chosen when the core is created.
 */
#define TP_CORE_F_NO_PROC_EVENTS	0x1	/* tpload load --no-process-events */
#define TP_CORE_F_PROC_CRED		0x2	/* --process-cred: print process.cap and
						 * process_credentials (Tetragon's
						 * --enable-process-cred) */
#define TP_CORE_F_PROC_NS		0x4	/* --process-ns: print process.ns
						 * (--enable-process-ns) */

/* tp_ev_hdr.flags */
#define TP_EV_F_RETURN		0x1	/* a return probe's record: the last arg is the
					 * return value, ret_action its selector's action */
#define TP_EV_F_NOPOST		0x2	/* saved by an entry program whose selector had
					 * NoPost: the return program posts nothing */
#define TP_EV_F_ENFORCE		0x4	/* internal to a return probe's saved record: the
					 * entry selector enforces, the record goes to
					 * tp_enforce (cleared in the posted record) */
#define TP_EV_F_IMA		0x8	/* Post's imaHash (LSM hooks): a struct tp_ev_ima
					 * follows the last arg */

/* The IMA hash of an LSM hook's file (Post imaHash), after the args of a record
 * with TP_EV_F_IMA: what bpf_ima_file_hash() returned (the kernel's enum
 * hash_algo, or -errno: no hash) and the digest's first TP_IMA_HASH_MAX bytes
 * (Tetragon's struct ima_hash, bpf/process/bpf_lsm_ima.h).
 */
#define TP_IMA_HASH_MAX		64
struct tp_ev_ima {
	__s32 algo;
	__u32 pad;
	__u8 hash[TP_IMA_HASH_MAX];
};

/* tp_ev_arg.type: how the payload is encoded */
enum tp_ev_arg_type {
	TP_EVA_S64 = 1,		/* payload: __s64 */
	TP_EVA_U64 = 2,		/* payload: __u64 */
	TP_EVA_STR = 3,		/* payload: len bytes (no NUL) */
	TP_EVA_BYTES = 4,	/* payload: len bytes */
	TP_EVA_SYSCALL = 5,	/* payload: __u64 (id | abi bit 31) */
	TP_EVA_FD = 6,		/* payload: __s64 fd, then len - 8 bytes of path; orig_len - 8:
				 * the whole path's length; flags TP_EVA_F_SPLIT: head + tail */
	TP_EVA_ERR = 7,		/* payload: len bytes of message (read fault); objects
				 * of tpc before TP_EVA_FAULT was used for strings and
				 * buffers wrote it empty */
	/* kernel objects (a reader skips types it does not know by their slot) */
	TP_EVA_FILE = 8,	/* payload: struct tp_eva_file, then len - 8 bytes of path;
				 * orig_len - 8: the whole path's length; flags as TP_EVA_FD
				 * (file, path, dentry, linux_binprm, kiocb: the meta says which) */
	TP_EVA_CRED = 9,	/* payload: struct tp_eva_cred */
	TP_EVA_USERNS = 10,	/* payload: struct tp_eva_userns */
	TP_EVA_CAP = 11,	/* payload: __s64 capability number (capability) */
	TP_EVA_CAPS = 12,	/* payload: __u64 capability set (kernel_cap_t, cap_*) */
	TP_EVA_BPF_PROG = 13,	/* payload: struct tp_eva_bpf_prog (bpf_attr, bpf_prog) */
	TP_EVA_BPF_MAP = 14,	/* payload: struct tp_eva_bpf_map */
	TP_EVA_PERF_EVENT = 15,	/* payload: struct tp_eva_perf_event */
	TP_EVA_MODULE = 16,	/* payload: struct tp_eva_module (module, load_info) */
	TP_EVA_FAULT = 17,	/* payload: __u32 depth: 0 the object itself could not be
				 * read, n > 0: `resolve` failed at its step n - 1 */
	TP_EVA_FDFILE = 18,	/* payload: __s64 fd, struct tp_eva_file, then len - 16 bytes
				 * of path; orig_len - 16: the whole path's length; flags
				 * as TP_EVA_FD (fd arguments; TP_EVA_FD: older objects) */
};

#define TP_EVA_F_TRUNC		0x1	/* string/buffer was truncated */
#define TP_EVA_F_SPLIT		0x2	/* fd/file path: TP_PATH_HEAD bytes of head, then the tail */
#define TP_EVA_F_NOHEAD		0x4	/* fd/file path: the head is not known */
#define TP_EVA_F_DELETED	0x8	/* fd/file path: " (deleted)" */

/* TP_EVA_FAULT payload: Tetragon's arg status (pkg/sensors/tracing/args_linux.go,
 * getArgStatus()): TP_FAULT_BASIC, or n + 1 when a resolve read failed at depth n
 */
#define TP_FAULT_BASIC		0xffffffffu	/* "Bad address for basic type" */
/* A buffer (char_buf, char_iovec) that could not be read: not an error_arg in
 * Tetragon but a bytes_arg holding "CharBufErrorPageFault" (generic_calls.h
 * __copy_char_buf() stores char_buf_pagefault = -2 as the size; args_linux.go
 * ReadArgBytes() prints kprobeCharBufErrorToString()).
 */
#define TP_FAULT_CHARBUF	0xfffffffeu

#define TP_BUF_MAX_DATA		16384	/* buffer bytes kept with maxData (power of 2) */
#define TP_IOVEC_MAX		16	/* char_iovec: iovec entries read */

/* TP_EVA_FILE payload header (8 bytes), then the path's bytes */
struct tp_eva_file {
	__u16 mode;		/* the inode's i_mode; 0: not read */
	__u16 pad;
	__u32 flags;		/* the walk's TP_PATH_F_* flags */
};

struct tp_eva_userns {
	__s32 level;
	__u32 uid;		/* owner */
	__u32 gid;		/* group */
	__u32 inum;		/* ns.inum */
};

/* TP_EVA_CRED payload (Tetragon's msg_cred field order) */
struct tp_eva_cred {
	__u32 uid, gid, suid, sgid, euid, egid, fsuid, fsgid;
	__u32 securebits;
	__u32 flags;		/* TP_EVA_CRED_F_* */
	__u64 cap_permitted;
	__u64 cap_effective;
	__u64 cap_inheritable;
	struct tp_eva_userns user_ns;
};

#define TP_EVA_CRED_F_NOUSERNS	0x1	/* cred->user_ns could not be read */

#define TP_OBJ_NAME_LEN		16	/* BPF_OBJ_NAME_LEN */
#define TP_MODULE_NAME_LEN	64	/* MODULE_NAME_LEN (incl. NUL) */
#define TP_KSYM_NAME_LEN	128	/* kprobe function names kept (incl. NUL) */

struct tp_eva_bpf_prog {
	__u32 prog_type;
	__u32 insn_cnt;
	char name[TP_OBJ_NAME_LEN];	/* NUL-padded */
};

struct tp_eva_bpf_map {
	__u32 map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	char name[TP_OBJ_NAME_LEN];
};

struct tp_eva_perf_event {
	__u32 type;		/* perf_event_attr.type */
	__u32 pad;
	__u64 config;
	__u64 probe_offset;	/* attr.probe_offset (kprobe offset / uprobe offset) */
	char kprobe_func[TP_KSYM_NAME_LEN];	/* attr.kprobe_func, "" if none */
};

#define TP_MODULE_SIG_UNKNOWN	2	/* tp_eva_module.sig_ok: not known (no CONFIG_MODULE_SIG) */

struct tp_eva_module {
	__u64 taints;		/* kernel taint bits (module->taints) */
	__u32 sig_ok;		/* load_info: 0, 1, or TP_MODULE_SIG_UNKNOWN; module: unknown */
	__u32 pad;
	char name[TP_MODULE_NAME_LEN];
};

struct tp_ev_arg {
	__u16 type;		/* enum tp_ev_arg_type */
	__u16 flags;		/* TP_EVA_F_* */
	__u32 len;		/* payload bytes that follow (before padding) */
	__u32 orig_len;		/* for truncated buffers: original size */
	__u32 slot;		/* payload bytes reserved for this arg: the next arg
				 * starts at +sizeof(tp_ev_arg)+slot; 0 means the
				 * payload padded to 8 (tpc writes fixed slots, so
				 * every offset is a constant for the verifier) */
};

#endif
