/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A d_path()-like walker for BPF: struct path -> absolute path string.
 * Used by the core (exec path of every process) and usable by policy objects
 * (file/path arguments). Works in any program type: every kernel pointer is
 * read with bpf_probe_read_kernel() (BPF_CORE_READ), so callers may pass raw
 * kernel addresses as well as BTF pointers.
 *
 * Algorithm: like the kernel's prepend_path(), components are written
 * backwards (leaf first) into a per-CPU scratch buffer, crossing mount points
 * through mount->mnt_parent/mnt_mountpoint, and stopping at @root (the
 * task's fs->root, so chrooted and containerized tasks see their own view,
 * as with d_path()) or at the global root. A path that does not fit in
 * TP_PATH_MAX - 1 bytes keeps its TAIL (whole components) and is flagged
 * TP_PROC_TRUNC, so suffix matches on the executable still work.
 *
 * Verifier notes: the walk is a bpf_loop() (kernel 5.17+) whose callback does
 * one step, so the verifier checks the step once, not once per iteration (as
 * a bounded loop, ~30,000 verified instructions per program that walks a
 * path; now a few hundred). All loop-carried state lives in the scratch map
 * value, not in registers or on the stack: the callback looks the value up
 * again, so nothing but the map is shared between iterations. Every buffer
 * index is masked, so safety never depends on tracked ranges.
 */
#ifndef TP_PATH_BPF_H
#define TP_PATH_BPF_H

#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "tp_abi.h"

/* Upper bound of loop iterations: one per component or mount crossing. A
 * path that fits in TP_PATH_MAX - 1 bytes has at most TP_PATH_MAX / 2
 * components; the rest is headroom for mount crossings.
 */
#define TP_PATH_ITERS		(TP_PATH_MAX / 2 + 32)
#define TP_PATH_MASK		(TP_PATH_MAX - 1)	/* TP_PATH_MAX is a power of 2 */

_Static_assert((TP_PATH_MAX & (TP_PATH_MAX - 1)) == 0, "TP_PATH_MAX must be a power of 2");

struct tp_path_scratch {
	/* loop state, kept in map memory on purpose (see above) */
	__u64 dentry;
	__u64 vfsmnt;
	__u64 mnt;
	__u64 mnt_root;
	__u64 root_dentry;
	__u64 root_mnt;
	__u32 pos;		/* the string is buf[pos .. TP_PATH_MAX - 2], NUL at TP_PATH_MAX - 1 */
	__u32 flags;		/* TP_PROC_TRUNC | TP_PROC_NOPATH */
	__u32 done;
	__u32 pad;
	/* 2x: a masked start index (< TP_PATH_MAX) plus a masked length
	 * (< TP_PATH_MAX) always stays inside the buffer
	 */
	char buf[2 * TP_PATH_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_path_scratch);
} tp_path_scratch SEC(".maps");

#define TP_VOLATILE(x)		(*(volatile typeof(x) *)&(x))

/* One step of the walk. Sets s->done and returns 1 when finished, else 0. */
static __always_inline long tp_path_step(struct tp_path_scratch *s)
{
	struct dentry *dentry = (struct dentry *)TP_VOLATILE(s->dentry);
	struct dentry *parent;
	struct mount *mnt, *mnt_parent;
	struct qstr q;
	__u32 pos, len;

	if (TP_VOLATILE(s->dentry) == TP_VOLATILE(s->root_dentry) &&
	    TP_VOLATILE(s->vfsmnt) == TP_VOLATILE(s->root_mnt)) {
		s->done = 1;
		return 1;
	}
	parent = BPF_CORE_READ(dentry, d_parent);
	if (TP_VOLATILE(s->dentry) == TP_VOLATILE(s->mnt_root)) {
		mnt = (struct mount *)TP_VOLATILE(s->mnt);
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
	if (bpf_core_read(&q, sizeof(q), &dentry->d_name)) {
		s->flags |= TP_PROC_NOPATH;
		s->done = 1;
		return 1;
	}
	pos = TP_VOLATILE(s->pos);
	len = q.len;
	if (len + 1 > pos) {
		/* does not fit: keep the tail we have */
		s->flags |= TP_PROC_TRUNC;
		s->done = 1;
		return 1;
	}
	pos -= len + 1;
	bpf_probe_read_kernel(&s->buf[(pos + 1) & TP_PATH_MASK], len & TP_PATH_MASK, q.name);
	s->buf[pos & TP_PATH_MASK] = '/';
	s->pos = pos;
	s->dentry = (__u64)parent;
	/* A root that is not its mount's root: a pseudo file (memfd, anon
	 * inode) or a disconnected dentry. Keep its name ("/memfd:x", like
	 * /proc/PID/exe without " (deleted)") and stop.
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

/* tp_path_resolve: write the absolute path of (@dentry, @vfsmnt) into @out.
 * @root_dentry/@root_mnt: where to stop (a task's fs->root); 0 walks to the
 * global root. @out must hold TP_PATH_MAX bytes; it gets the NUL-terminated
 * path, bytes after the NUL are left as they were (zero @out first for
 * NUL-padding). *@len is set to strlen(@out).
 * Returns TP_PROC_TRUNC and/or TP_PROC_NOPATH flags (0 on a full path).
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
		return TP_PROC_NOPATH;
	if (!dentry || !vfsmnt) {
		out[0] = '\0';
		return TP_PROC_NOPATH;
	}
	s->dentry = (__u64)dentry;
	s->vfsmnt = (__u64)vfsmnt;
	/* container_of() with a CO-RE relocated offset of mount.mnt */
	s->mnt = (__u64)vfsmnt - bpf_core_field_offset(struct mount, mnt);
	s->mnt_root = (__u64)BPF_CORE_READ((struct vfsmount *)vfsmnt, mnt_root);
	s->root_dentry = (__u64)root_dentry;
	s->root_mnt = (__u64)root_mnt;
	s->pos = TP_PATH_MAX - 1;
	s->flags = 0;
	s->done = 0;
	s->buf[TP_PATH_MAX - 1] = '\0';

	bpf_loop(TP_PATH_ITERS, tp_path_loop_step, NULL, 0);
	if (!TP_VOLATILE(s->done))
		s->flags |= TP_PROC_TRUNC;	/* deeper than TP_PATH_ITERS */

	pos = TP_VOLATILE(s->pos) & TP_PATH_MASK;
	if (pos == TP_PATH_MAX - 1) {
		/* the root itself */
		pos = TP_PATH_MAX - 2;
		s->buf[TP_PATH_MAX - 2] = '/';
	}
	n = (TP_PATH_MAX - 1 - pos) & TP_PATH_MASK;
	/* n + 1 bytes: the path and its NUL */
	bpf_probe_read_kernel(out, (n & TP_PATH_MASK) + 1, &s->buf[pos & TP_PATH_MASK]);
	*len = n;
	return s->flags;
}

/* tp_path_resolve_file: tp_path_resolve() of file->f_path, relative to the
 * root of @task (NULL: global root).
 */
static __always_inline __u32 tp_path_resolve_file(const struct file *file,
						  const struct task_struct *task,
						  char *out, __u32 *len)
{
	const void *rd = NULL, *rm = NULL;
	struct fs_struct *fs;

	if (task) {
		fs = BPF_CORE_READ(task, fs);
		if (fs) {
			rd = BPF_CORE_READ(fs, root.dentry);
			rm = BPF_CORE_READ(fs, root.mnt);
		}
	}
	if (!file) {
		*len = 0;
		out[0] = '\0';
		return TP_PROC_NOPATH;
	}
	return tp_path_resolve(BPF_CORE_READ(file, f_path.dentry), BPF_CORE_READ(file, f_path.mnt),
			       rd, rm, out, len);
}

#endif
