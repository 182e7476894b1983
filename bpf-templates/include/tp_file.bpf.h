/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Path-like kernel objects (argument types file, path, dentry, linux_binprm, kiocb):
 * the object -> a struct path -> its path (the core's walker, tp_path.bpf.h, relative
 * to the current task's root like d_path()) and its inode's mode, as Tetragon's
 * get_path() and store_path() (bpf/process/types/basic.h) read them. Matched by path
 * (Equal, Prefix, Postfix and negations) and by type (FileType), reported as
 * file_arg / path_arg / linux_binprm_arg {path, flags, permission}.
 *
 * Readers: tp_<x>_path(task, raw, out, &flags, &mode) -> the whole path's length + 1
 * (as tp_fd_path()), TP_FD_NOFILE when there is no object (a NULL pointer), or
 * TP_FD_UNREADABLE when its path cannot be read. out holds TP_PATH_MAX bytes in the
 * path layout of tp_abi.h (head + tail when longer: the same walker and comparison
 * rule as fd arguments and matchBinaries), flags gets the TP_PATH_F_* flags, mode the
 * inode's i_mode (0 if unread).
 * Included by generated code only when a policy has such an argument.
 */
#ifndef TP_FILE_BPF_H
#define TP_FILE_BPF_H

#include "tp_common.bpf.h"
#include "tp_path.bpf.h"

/* What the readers (and tp_fd_path()) return besides a length + 1 */
#define TP_FD_NOFILE		(-1)	/* no object / fd not open: no filter matches, nothing counted */
#define TP_FD_UNREADABLE	(-2)	/* there, but its path cannot be read (counted) */

static __always_inline long tp_path_len(__u32 walk, __u32 len, __u32 *flags)
{
	*flags = walk;
	if ((walk & TP_PATH_F_NOPATH) || !len)
		return TP_FD_UNREADABLE;
	return (long)len + 1;
}

/* struct path * */
static __always_inline long tp_path_path(struct task_struct *t, __u64 raw, char *out,
					 __u32 *flags, __u32 *mode)
{
	const struct path *p = (const struct path *)raw;
	__u32 len = 0, walk;

	*mode = 0;
	if (!p) {
		*flags = TP_PATH_F_NOPATH;
		return TP_FD_NOFILE;
	}
	*mode = BPF_CORE_READ(p, dentry, d_inode, i_mode);
	walk = tp_path_resolve_path(p, t, out, &len);
	return tp_path_len(walk, len, flags);
}

/* struct file *: its f_path */
static __always_inline long tp_file_path(struct task_struct *t, __u64 raw, char *out,
					 __u32 *flags, __u32 *mode)
{
	const struct file *f = (const struct file *)raw;

	if (!f) {
		*mode = 0;
		*flags = TP_PATH_F_NOPATH;
		return TP_FD_NOFILE;
	}
	return tp_path_path(t, (__u64)&f->f_path, out, flags, mode);
}

/* struct linux_binprm *: the file being executed */
static __always_inline long tp_bprm_path(struct task_struct *t, __u64 raw, char *out,
					 __u32 *flags, __u32 *mode)
{
	const struct linux_binprm *b = (const struct linux_binprm *)raw;
	struct file *f = NULL;

	if (b && bpf_core_read(&f, sizeof(f), &b->file))
		f = NULL;
	return tp_file_path(t, (__u64)f, out, flags, mode);
}

/* struct kiocb *: its ki_filp */
static __always_inline long tp_kiocb_path(struct task_struct *t, __u64 raw, char *out,
					  __u32 *flags, __u32 *mode)
{
	const struct kiocb *k = (const struct kiocb *)raw;
	struct file *f = NULL;

	if (k && bpf_core_read(&f, sizeof(f), &k->ki_filp))
		f = NULL;
	return tp_file_path(t, (__u64)f, out, flags, mode);
}

/* struct dentry *: its path inside its filesystem (a dentry does not know the mount
 * it was reached through: Tetragon's path_from_dentry() stops at the first mount too)
 */
static __always_inline long tp_dentry_path(struct task_struct *t, __u64 raw, char *out,
					   __u32 *flags, __u32 *mode)
{
	const struct dentry *d = (const struct dentry *)raw;
	__u32 len = 0, walk;

	*mode = 0;
	if (!d) {
		*flags = TP_PATH_F_NOPATH;
		return TP_FD_NOFILE;
	}
	*mode = BPF_CORE_READ(d, d_inode, i_mode);
	walk = tp_path_resolve(d, NULL, NULL, NULL, out, &len);
	return tp_path_len(walk, len, flags);
}

/* Event arg TP_EVA_FILE: mode and TP_PATH_F_* flags, then the path as kept (tp_abi.h
 * layout, as tp_ev_put_fd()): @len is the whole path's length + 1 (< 1: none, reported
 * as a fault).
 */
static __always_inline __u64 tp_ev_put_file(void *dst, long len, const char *path, __u32 flags,
					    __u32 mode)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_file *h = (void *)(a + 1);
	__u32 whole = len > 1 ? (__u32)(len - 1) : 0;
	__u32 n = whole < TP_PATH_MAX ? whole : TP_PATH_MAX;

	if (len < 1)
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, sizeof(*h) + TP_PATH_MAX);
	a->type = TP_EVA_FILE;
	a->flags = (whole >= TP_PATH_MAX ? TP_EVA_F_SPLIT : 0) |
		   (flags & TP_PATH_F_NOHEAD ? TP_EVA_F_NOHEAD : 0) |
		   (flags & TP_PATH_F_DELETED ? TP_EVA_F_DELETED : 0);
	a->slot = sizeof(*h) + TP_PATH_MAX;
	h->mode = (__u16)mode;
	h->pad = 0;
	h->flags = flags;
	if (n >= TP_PATH_MAX)
		bpf_probe_read_kernel((char *)(h + 1), TP_PATH_MAX, path);
	else if (n) {
		TP_OPAQUE(n);
		bpf_probe_read_kernel((char *)(h + 1), n & (TP_PATH_MAX - 1), path);
	}
	a->len = sizeof(*h) + n;
	a->orig_len = sizeof(*h) + whole;
	return sizeof(*a) + sizeof(*h) + TP_PATH_MAX;
}

/* FileType: the S_IFMT bits of a mode (0: not known) */
#define TP_S_IFMT	0170000

#endif
