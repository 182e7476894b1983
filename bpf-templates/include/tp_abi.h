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

#define TP_ABI_VERSION		1

/* bpffs layout (tpload): <root>/core/{maps,links}/..., <root>/<policy>/{maps,links}/..., <root>/<policy>/meta */
#define TP_PIN_ROOT		"/sys/fs/bpf/tpc"
#define TP_CORE_DIR		"core"

#define TP_PATH_MAX		256	/* exec path bytes kept per process (incl. NUL) */
#define TP_STR_MAX		256	/* string argument bytes kept in an event (incl. NUL) */
#define TP_COMM_LEN		16
#define TP_MAX_POLICIES		1024	/* policy ids are slots in the core registry */
#define TP_POLICY_NAME_MAX	256	/* DNS-1123 subdomain is <= 253 */
#define TP_MAX_EV_ARGS		5

/* tp_proc.flags */
#define TP_PROC_EXECVE		0x1	/* path recorded at exec */
#define TP_PROC_PROCFS		0x2	/* seeded by the task iterator at first load */
#define TP_PROC_TRUNC		0x4	/* path longer than TP_PATH_MAX - 1 */
#define TP_PROC_CLONE		0x8	/* entry inherited at fork, no exec seen yet */
#define TP_PROC_NOPATH		0x10	/* path could not be read */

/* Value of core map "procs", keyed by __u32 tgid (host pid namespace). */
struct tp_proc {
	__u32 tgid;
	__u32 ppid;		/* parent tgid at fork or exec time */
	__u64 exec_ktime;	/* bpf_ktime_get_ns() at exec, or start_time for seeded tasks */
	__u32 flags;		/* TP_PROC_* */
	__u32 path_len;		/* strlen(path) */
	char path[TP_PATH_MAX];	/* absolute executable path, NUL-padded */
};

/* Value of core map "policies" (array, TP_MAX_POLICIES entries): registry
 * written by tpload. Slot 0 is never used, so policy id 0 means "unset".
 */
struct tp_policy_slot {
	__u32 used;
	__u32 abi;
	char name[TP_POLICY_NAME_MAX];
};

/* Ring buffer records (core map "events"). Every record starts with the
 * header; args follow as tp_ev_arg records, each padded to 8 bytes.
 */
enum tp_ev_kind {
	TP_EV_TRACEPOINT = 1,
};

/* Action ids: Tetragon's numbering (KPROBE_ACTION_* in events). */
#define TP_ACTION_POST		0
#define TP_ACTION_SIGKILL	2
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
	__u32 path_len;
	__u32 selector;		/* index of the winning selector */
	char path[TP_PATH_MAX];	/* executable (tp_proc.path) */
};

/* tp_ev_arg.type: how the payload is encoded */
enum tp_ev_arg_type {
	TP_EVA_S64 = 1,		/* payload: __s64 */
	TP_EVA_U64 = 2,		/* payload: __u64 */
	TP_EVA_STR = 3,		/* payload: len bytes (no NUL) */
	TP_EVA_BYTES = 4,	/* payload: len bytes */
	TP_EVA_SYSCALL = 5,	/* payload: __u64 (id | abi bit 31) */
	TP_EVA_FD = 6,		/* payload: __s64 fd, then len bytes of path */
	TP_EVA_ERR = 7,		/* payload: len bytes of message (read fault) */
};

#define TP_EVA_F_TRUNC		0x1	/* string/buffer was truncated */

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
