/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Curated CO-RE kernel types: only the structs and fields tpc's BPF code
 * reads, each marked preserve_access_index so libbpf relocates every access
 * against the running kernel's BTF at load time. Field order and sizes here
 * do not need to match any kernel; names and kinds do. Compiling against
 * this instead of a full vmlinux.h keeps a policy compile ~7x faster.
 * Add fields as code needs them; never rely on an offset from this file.
 */
#ifndef TP_VMLINUX_H
#define TP_VMLINUX_H

/* bpf_tracing.h: use the kernel's struct pt_regs field names (di, not rdi) */
#ifndef __VMLINUX_H__
#define __VMLINUX_H__
#endif

typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u64 __be64;
typedef __u32 __wsum;
typedef _Bool bool;
#define true 1
#define false 0
typedef unsigned long size_t;
typedef long ssize_t;
typedef int pid_t;
typedef unsigned short umode_t;
typedef long long loff_t;

#ifndef NULL
#define NULL ((void *)0)
#endif

/* UAPI map/program types used by SEC()/__uint(type, ...) */
enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_RINGBUF = 27,
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	__u32 val;
} kuid_t;

typedef struct {
	__u32 val;
} kgid_t;

struct qstr {
	union {
		struct {
			__u32 hash;
			__u32 len;
		};
		__u64 hash_len;
	};
	const unsigned char *name;
};

struct dentry;
struct super_block {
	struct dentry *s_root;
};

struct inode {
	umode_t i_mode;
	unsigned long i_ino;
	struct super_block *i_sb;
	unsigned int i_nlink;		/* in an anonymous union in the kernel */
};

struct hlist_bl_node {
	struct hlist_bl_node *next, **pprev;
};

struct dentry {
	struct hlist_bl_node d_hash;
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
	struct super_block *d_sb;
};

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	int mnt_flags;
};

struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	unsigned int f_flags;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

struct fs_struct {
	struct path root;
	struct path pwd;
};

struct mm_struct {
	struct file *exe_file;
	unsigned long arg_start;
	unsigned long arg_end;
};

/* 6.3+: struct { u64 val; }; before: struct kernel_cap_struct { u32 cap[2]; }: both are
 * 8 bytes, the set's bits in the same order (readers read 8 bytes at the member)
 */
typedef struct {
	__u64 val;
} kernel_cap_t;

struct ns_common {
	unsigned int inum;
};

struct user_namespace {
	int level;
	kuid_t owner;
	kgid_t group;
	struct ns_common ns;
};

struct cred {
	kuid_t uid;
	kgid_t gid;
	kuid_t suid;
	kgid_t sgid;
	kuid_t euid;
	kgid_t egid;
	kuid_t fsuid;
	kgid_t fsgid;
	unsigned int securebits;
	kernel_cap_t cap_inheritable;
	kernel_cap_t cap_permitted;
	kernel_cap_t cap_effective;
	struct user_namespace *user_ns;
};

struct upid {
	int nr;
	struct pid_namespace *ns;
};

struct pid {
	unsigned int level;
	struct upid numbers[1];
};

struct pid_namespace {
	unsigned int level;
};

struct signal_struct {
	atomic_t live;
};

/* cgroups: a task's cgroup in the default (v2) hierarchy, its kernfs node */
struct kernfs_node {
	const char *name;		/* __rcu since 6.15: still a pointer */
	__u64 id;			/* u64 since 5.5: the cgroup id */
};

struct cgroup {
	struct kernfs_node *kn;
};

struct css_set {
	struct cgroup *dfl_cgrp;
};

struct task_struct {
	unsigned int flags;
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct mm_struct *mm;
	struct fs_struct *fs;
	struct files_struct *files;
	const struct cred *cred;
	const struct cred *real_cred;
	struct pid *thread_pid;
	struct signal_struct *signal;
	kuid_t loginuid;
	struct css_set *cgroups;
	__u64 start_time;
	__u64 start_boottime;		/* 5.5+ (real_start_time before) */
	int exit_code;
	__u64 self_exec_id;		/* u64 since Linux 5.7 */
};

struct linux_binprm {
	struct file *file;
	const char *filename;
	const char *interp;
};

struct kiocb {
	struct file *ki_filp;
};

struct iovec {
	void *iov_base;
	size_t iov_len;
};

struct kvec {
	void *iov_base;
	size_t iov_len;
};

/* enum iter_type's values changed (6.1: ITER_IOVEC 0 ... ITER_UBUF 6; 6.18: ITER_UBUF
 * 0, ITER_IOVEC 1): readers take them from the running kernel (bpf_core_enum_value)
 */
enum iter_type {
	ITER_UBUF,
	ITER_IOVEC,
	ITER_KVEC,
};

struct iov_iter {
	__u8 iter_type;
	size_t iov_offset;
	union {
		const struct iovec *__iov;	/* 6.4+ */
		const struct kvec *kvec;
		void *ubuf;
	};
	size_t count;
};

/* before 6.4, the iovec array was iov_iter.iov */
struct iov_iter___pre64 {
	const struct iovec *iov;
};

struct bpf_prog_aux {
	char name[16];
};

/* enum members: CO-RE relocates a member only if its kind matches (enum, not int) */
enum bpf_prog_type {
	BPF_PROG_TYPE_UNSPEC,
};
struct bpf_prog {
	__u32 len;
	enum bpf_prog_type type;
	struct bpf_prog_aux *aux;
};

struct bpf_map {
	enum bpf_map_type map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	char name[16];
};

union bpf_attr {
	struct {
		__u32 prog_type;
		__u32 insn_cnt;
		char prog_name[16];
	};
};

struct perf_event_attr {
	__u32 type;
	__u64 config;
	union {
		__u64 kprobe_func;
		__u64 config1;
	};
	union {
		__u64 probe_offset;
		__u64 config2;
	};
};

struct perf_event {
	struct perf_event_attr attr;
};

struct module {
	char name[56];
	unsigned long taints;
};

/* kernel/module/internal.h; only with CONFIG_MODULES (bpf_core_type_exists) */
struct load_info {
	const char *name;
	struct module *mod;
	bool sig_ok;
};

/* Tracepoint records: struct trace_entry is the common_* header of every
 * tracepoint; syscall tracepoints use syscall_trace_enter/exit.
 */
struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

struct syscall_trace_enter {
	struct trace_entry ent;
	int nr;
	unsigned long args[6];
};

struct syscall_trace_exit {
	struct trace_entry ent;
	int nr;
	long ret;
};

struct bpf_iter_meta {
	void *seq;
	__u64 session_id;
	__u64 seq_num;
};

struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
};

/* Registers at a kprobe, and the user registers a syscall wrapper receives
 * (bpf_tracing.h PT_REGS_*: x86 reads these names, arm64 struct user_pt_regs).
 */
#if defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};
struct pt_regs;
#else
struct pt_regs {
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long bp;
	unsigned long bx;
	unsigned long r11;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long ax;
	unsigned long cx;
	unsigned long dx;
	unsigned long si;
	unsigned long di;
	unsigned long orig_ax;
	unsigned long ip;
	unsigned long cs;
	unsigned long flags;
	unsigned long sp;
	unsigned long ss;
};
#endif

#pragma clang attribute pop

/* UAPI context of raw_tp programs (not relocated: it is the ctx layout) */
struct bpf_raw_tracepoint_args {
	__u64 args[0];
};


enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_EXIST = 2,
	BPF_F_NO_PREALLOC = 1,
	BPF_F_RDONLY_PROG = 128,
};

struct __sk_buff;
struct xdp_md;
struct sk_msg_md;
struct bpf_sock_ops;
struct sk_reuseport_md;
struct bpf_sock;
struct bpf_perf_event_data;
struct bpf_pidns_info;
struct bpf_redir_neigh;
struct bpf_sock_tuple;
struct bpf_spin_lock;
struct bpf_sysctl;
struct bpf_tcp_sock;
struct bpf_xfrm_state;
struct bpf_fib_lookup;
struct bpf_perf_event_value;
struct bpf_dynptr;
struct bpf_timer;
struct btf_ptr;
struct linux_binprm;
struct sock;
struct sockaddr;
struct tcphdr;
struct seq_file;
struct tcp6_sock;
struct tcp_sock;
struct tcp_timewait_sock;
struct tcp_request_sock;
struct udp6_sock;
struct unix_sock;
struct mptcp_sock;
struct bpf_map;
struct ipv6hdr;
struct iphdr;
struct user_namespace;
struct ksym;

#endif
