/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A d_path()-like walker for BPF: struct path -> absolute path, kept in
 * TP_PATH_MAX bytes as tp_abi.h describes (the whole path, or its head and
 * its tail when longer), with the whole path's length and TP_PATH_F_* flags.
 * Used by the core (exec path of every process) and by policy objects (fd
 * arguments, exec hooks). Works in any program type: every kernel pointer is
 * read with bpf_probe_read_kernel() (BPF_CORE_READ), so callers may pass raw
 * kernel addresses as well as BTF pointers.
 *
 * Algorithm: like the kernel's prepend_path(), components are written
 * backwards (leaf first) into a per-CPU window of TP_WALK_BUF bytes,
 * crossing mount points through mount->mnt_parent/mnt_mountpoint, and
 * stopping at @root (the task's fs->root, so chrooted and containerized
 * tasks see their own view, as with d_path()) or at the global root.
 *
 *   - A path that fits in the window (up to TP_WALK_BUF - 1 bytes) is kept
 *     whole in the window; its head and tail are exact.
 *   - A longer one (reachable with relative paths, execveat() or fds: the
 *     kernel's PATH_MAX bounds only the names passed to system calls) does
 *     not stop the walk: when the window is full, the first TP_PATH_TAIL
 *     bytes written (the path's tail) stay, the newest TP_PATH_HEAD bytes
 *     are moved next to them and the middle is dropped. At the root, the
 *     newest bytes are the head. So head and tail stay exact for any
 *     length; only the middle is lost, and nothing compares the middle.
 *   - After TP_WALK_ITERS steps (components + mount crossings) without
 *     reaching the root, the head is not known: TP_PATH_F_NOHEAD, the
 *     length is a lower bound. The tail is still exact.
 *
 * " (deleted)": appended, as Tetragon does (bpf/lib/bpf_d_path.h,
 * path_with_deleted(): when d_unlinked(dentry), i.e. the dentry is unhashed
 * and not its own parent), for files unlinked after they were opened. A
 * memfd's dentry is its own parent (d_alloc_pseudo()), so Tetragon's rule
 * never marks it; the kernel's own d_path() (/proc/PID/exe) shows
 * "/memfd:NAME (deleted)" (shmem's d_dname), and so does tpc: a pseudo
 * dentry (own parent, not its mount's root) of an inode with no links.
 *
 * Verifier notes: the walk is a bpf_loop() (kernel 5.17+) whose callback does
 * one step, so the verifier checks the step once, not once per iteration.
 * All loop-carried state lives in the scratch map value, not in registers or
 * on the stack: the callback looks the value up again, so nothing but the
 * map is shared between iterations. Every buffer index is masked, so safety
 * never depends on tracked ranges.
 */
#ifndef TP_PATH_BPF_H
#define TP_PATH_BPF_H

#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "tp_abi.h"

#define TP_WALK_BUF		4096		/* the window (power of 2) */
#define TP_WALK_MASK		(TP_WALK_BUF - 1)
#define TP_WALK_NAME_MAX	255		/* NAME_MAX: longest component */
/* steps: a 4,095-byte path has at most 2,048 components; the rest is for
 * deeper paths and mount crossings. ~0.1-0.3 us a step.
 */
#define TP_WALK_ITERS		8192
/* window layout: [ ... | head moved here (HEAD) | tail (TAIL) | NUL ] */
#define TP_WALK_TAIL_AT		(TP_WALK_BUF - 1 - TP_PATH_TAIL)
#define TP_WALK_HEAD_AT		(TP_WALK_TAIL_AT - TP_PATH_HEAD)

_Static_assert((TP_PATH_MAX & (TP_PATH_MAX - 1)) == 0, "TP_PATH_MAX must be a power of 2");
_Static_assert(TP_PATH_HEAD + TP_PATH_TAIL == TP_PATH_MAX, "head + tail = TP_PATH_MAX");
_Static_assert(TP_WALK_HEAD_AT > TP_WALK_NAME_MAX + 1, "window too small");

struct tp_path_scratch {
	/* loop state, kept in map memory on purpose (see above) */
	__u64 dentry;
	__u64 vfsmnt;
	__u64 mnt;
	__u64 mnt_root;
	__u64 root_dentry;
	__u64 root_mnt;
	__u32 pos;		/* the newest bytes start at buf[pos]; NUL at TP_WALK_BUF - 1 */
	__u32 len;		/* bytes of the path so far */
	__u32 flags;		/* TP_PATH_F_* */
	__u32 done;
	/* 2x: a masked start index (< TP_WALK_BUF) plus a length (<= 256)
	 * always stays inside the buffer
	 */
	char buf[2 * TP_WALK_BUF];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_path_scratch);
} tp_path_scratch SEC(".maps");

#define TP_VOLATILE(x)		(*(volatile typeof(x) *)&(x))
/* Hides a value's known range from clang, so a mask after a range check is
 * kept: 6.1's verifier loses the check's bound across register copies.
 */
#ifndef TP_OPAQUE
#define TP_OPAQUE(x)		asm volatile("" : "+r"(x))
#endif


/* Prepend len bytes at src (kernel memory) and a '/' to the window. */
static __always_inline void tp_path_prepend(struct tp_path_scratch *s, const void *src, __u32 len)
{
	__u32 pos = TP_VOLATILE(s->pos);

	if (len + 1 > pos) {
		/* window full: keep the tail, move the newest TP_PATH_HEAD
		 * bytes (pos < 256 here, so they do not overlap the target)
		 */
		bpf_probe_read_kernel(&s->buf[TP_WALK_HEAD_AT], TP_PATH_HEAD,
				      &s->buf[pos & TP_WALK_MASK]);
		pos = TP_WALK_HEAD_AT;
	}
	pos -= len + 1;
	TP_OPAQUE(len);
	bpf_probe_read_kernel(&s->buf[(pos + 1) & TP_WALK_MASK], len & TP_WALK_NAME_MAX, src);
	s->buf[pos & TP_WALK_MASK] = '/';
	s->pos = pos;
	s->len += len + 1;
}

/* One step of the walk. Sets s->done and returns 1 when finished, else 0. */
static __always_inline long tp_path_step(struct tp_path_scratch *s)
{
	struct dentry *dentry = (struct dentry *)TP_VOLATILE(s->dentry);
	struct dentry *parent;
	struct mount *mnt, *mnt_parent;
	struct qstr q;

	if (TP_VOLATILE(s->dentry) == TP_VOLATILE(s->root_dentry) &&
	    TP_VOLATILE(s->vfsmnt) == TP_VOLATILE(s->root_mnt)) {
		s->done = 1;
		return 1;
	}
	parent = BPF_CORE_READ(dentry, d_parent);
	if (TP_VOLATILE(s->dentry) == TP_VOLATILE(s->mnt_root)) {
		mnt = (struct mount *)TP_VOLATILE(s->mnt);
		if (!mnt) {
			/* a walk without a mount (a dentry): its filesystem's root */
			s->done = 1;
			return 1;
		}
		mnt_parent = BPF_CORE_READ(mnt, mnt_parent);
		if (!mnt_parent || mnt_parent == mnt) {
			/* global root (or an internal mount such as memfd/pipe) */
			s->done = 1;
			return 1;
		}
		s->dentry = (__u64)BPF_CORE_READ(mnt, mnt_mountpoint);
		s->mnt = (__u64)mnt_parent;
		s->vfsmnt = (__u64)&mnt_parent->mnt;
		s->mnt_root = (__u64)BPF_CORE_READ(mnt_parent, mnt.mnt_root);
		return 0;
	}
	if (bpf_core_read(&q, sizeof(q), &dentry->d_name) || q.len > TP_WALK_NAME_MAX) {
		s->flags |= TP_PATH_F_NOPATH;
		s->done = 1;
		return 1;
	}
	tp_path_prepend(s, q.name, q.len);
	s->dentry = (__u64)parent;
	/* A root that is not its mount's root: a pseudo file (memfd, anon
	 * inode) or a disconnected dentry. Keep its name ("/memfd:x") and stop.
	 */
	if (dentry == parent) {
		s->done = 1;
		return 1;
	}
	return 0;
}

/* bpf_loop() callback: one step; 1 stops the loop. */
static __attribute__((noinline)) long tp_path_loop_step(__u32 index, void *ctx)
{
	struct tp_path_scratch *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&tp_path_scratch, &zero);
	if (!s)
		return 1;
	if (TP_VOLATILE(s->done))
		return 1;
	return tp_path_step(s);
}

/* Does the kernel's d_path() show this dentry with " (deleted)"? */
static __always_inline bool tp_path_deleted(const struct dentry *dentry, const void *mnt_root)
{
	const struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	const struct inode *inode;

	if (parent != dentry)	/* Tetragon's d_unlinked(): unhashed, not a root */
		return !BPF_CORE_READ(dentry, d_hash.pprev);
	if ((const void *)dentry == mnt_root)
		return false;
	/* pseudo file (memfd): deleted when it has no link */
	inode = BPF_CORE_READ(dentry, d_inode);
	return inode && BPF_CORE_READ(inode, i_nlink) == 0;
}

static const char tp_deleted_suffix[] = " (deleted)";

/* tp_path_resolve: write the absolute path of (@dentry, @vfsmnt) into @out.
 * @root_dentry/@root_mnt: where to stop (a task's fs->root); 0 walks to the
 * global root. @vfsmnt NULL: the path of @dentry inside its filesystem (no
 * mount is crossed: what a lone dentry knows, as Tetragon's path_from_dentry()).
 * @out must hold TP_PATH_MAX bytes (map memory): the path and
 * its NUL when shorter than TP_PATH_MAX, else TP_PATH_HEAD bytes of head and
 * TP_PATH_TAIL bytes of tail (TP_PATH_F_SPLIT); other bytes are left as they
 * were (zero @out first for NUL-padding). *@len is set to the whole path's
 * length (a lower bound with TP_PATH_F_NOHEAD).
 * Returns TP_PATH_F_* flags (0: a whole path).
 */
static __always_inline __u32 tp_path_resolve(const void *dentry, const void *vfsmnt,
					     const void *root_dentry, const void *root_mnt,
					     char *out, __u32 *len)
{
	__u32 zero = 0, pos, n;
	struct tp_path_scratch *s;

	*len = 0;
	s = bpf_map_lookup_elem(&tp_path_scratch, &zero);
	if (!s)
		return TP_PATH_F_NOPATH;
	if (!dentry) {
		out[0] = '\0';
		return TP_PATH_F_NOPATH;
	}
	s->dentry = (__u64)dentry;
	s->vfsmnt = (__u64)vfsmnt;
	if (vfsmnt) {
		/* container_of() with a CO-RE relocated offset of mount.mnt */
		s->mnt = (__u64)vfsmnt - bpf_core_field_offset(struct mount, mnt);
		s->mnt_root = (__u64)BPF_CORE_READ((struct vfsmount *)vfsmnt, mnt_root);
	} else {
		s->mnt = 0;
		s->mnt_root = (__u64)BPF_CORE_READ((struct dentry *)dentry, d_sb, s_root);
	}
	s->root_dentry = (__u64)root_dentry;
	s->root_mnt = (__u64)root_mnt;
	s->pos = TP_WALK_BUF - 1;
	s->len = 0;
	s->flags = 0;
	s->done = 0;
	s->buf[TP_WALK_BUF - 1] = '\0';
	if (tp_path_deleted(dentry, (const void *)s->mnt_root)) {
		/* the suffix is written first: it is the end of the path */
		__builtin_memcpy(&s->buf[TP_WALK_BUF - sizeof(tp_deleted_suffix)],
				 tp_deleted_suffix, sizeof(tp_deleted_suffix) - 1);
		s->pos = TP_WALK_BUF - sizeof(tp_deleted_suffix);
		s->len = sizeof(tp_deleted_suffix) - 1;
		s->flags = TP_PATH_F_DELETED;
	}

	bpf_loop(TP_WALK_ITERS, tp_path_loop_step, NULL, 0);
	if (!TP_VOLATILE(s->done))
		s->flags |= TP_PATH_F_NOHEAD;	/* deeper than TP_WALK_ITERS steps */

	pos = TP_VOLATILE(s->pos) & TP_WALK_MASK;
	n = TP_VOLATILE(s->len);
	if (n == 0 || (s->flags & TP_PATH_F_DELETED && n == sizeof(tp_deleted_suffix) - 1)) {
		/* the root itself */
		pos = (pos - 1) & TP_WALK_MASK;
		s->buf[pos] = '/';
		n += 1;
	}
	*len = n;
	if (n < TP_PATH_MAX) {
		/* whole: n + 1 bytes, the path and its NUL (no wrap below
		 * TP_WALK_HEAD_AT happened: n < TP_PATH_MAX)
		 */
		TP_OPAQUE(n);
		bpf_probe_read_kernel(out, (n & (TP_PATH_MAX - 1)) + 1, &s->buf[pos]);
		return s->flags;
	}
	bpf_probe_read_kernel(out, TP_PATH_HEAD, &s->buf[pos]);
	bpf_probe_read_kernel(out + TP_PATH_HEAD, TP_PATH_TAIL, &s->buf[TP_WALK_TAIL_AT]);
	return s->flags | TP_PATH_F_SPLIT;
}

/* The root of @task (NULL: none, the walk goes to the global root). */
static __always_inline void tp_path_task_root(const struct task_struct *task, const void **rd,
					      const void **rm)
{
	struct fs_struct *fs;

	*rd = NULL;
	*rm = NULL;
	if (!task)
		return;
	fs = BPF_CORE_READ(task, fs);
	if (fs) {
		*rd = BPF_CORE_READ(fs, root.dentry);
		*rm = BPF_CORE_READ(fs, root.mnt);
	}
}

/* tp_path_resolve_path: tp_path_resolve() of the struct path at @path (kernel
 * memory), relative to the root of @task (NULL: global root).
 */
static __always_inline __u32 tp_path_resolve_path(const struct path *path,
						  const struct task_struct *task,
						  char *out, __u32 *len)
{
	const void *rd, *rm;
	struct dentry *d = NULL;
	struct vfsmount *m = NULL;

	if (!path || bpf_core_read(&d, sizeof(d), &path->dentry) ||
	    bpf_core_read(&m, sizeof(m), &path->mnt) || !m) {
		*len = 0;
		out[0] = '\0';
		return TP_PATH_F_NOPATH;
	}
	tp_path_task_root(task, &rd, &rm);
	return tp_path_resolve(d, m, rd, rm, out, len);
}

/* tp_path_resolve_file: tp_path_resolve() of file->f_path, relative to the
 * root of @task (NULL: global root).
 */
static __always_inline __u32 tp_path_resolve_file(const struct file *file,
						  const struct task_struct *task,
						  char *out, __u32 *len)
{
	if (!file) {
		*len = 0;
		out[0] = '\0';
		return TP_PATH_F_NOPATH;
	}
	return tp_path_resolve_path(&file->f_path, task, out, len);
}

#endif
