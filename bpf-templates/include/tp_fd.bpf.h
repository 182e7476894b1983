/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* fd arguments: the file behind a file descriptor of the current task and
 * its path (as Tetragon's `fd` type: matched and reported by path). Included
 * by generated code only when a policy has an fd argument, so other policies
 * do not carry the path walker's scratch map.
 */
#ifndef TP_FD_BPF_H
#define TP_FD_BPF_H

#include "tp_common.bpf.h"
#include "tp_path.bpf.h"
#include "tp_file.bpf.h"	/* tp_file_path(), TP_FD_NOFILE, TP_FD_UNREADABLE */

/* The struct file of fd in task's table, NULL if none. */
static __always_inline struct file *tp_fd_file(struct task_struct *t, __s64 fd)
{
	struct files_struct *files = t->files;
	struct fdtable *fdt;
	struct file **fds;
	struct file *f = NULL;

	if (fd < 0 || fd > 0x7fffffff || !files)
		return NULL;
	fdt = BPF_CORE_READ(files, fdt);
	if (!fdt || (__u64)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (!fds || bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]))
		return NULL;
	return f;
}

/* Resolve fd's path into out (TP_PATH_MAX bytes, tp_abi.h layout), its TP_PATH_F_*
 * flags into *flags and its inode's i_mode into *mode: the `file` type's reader on
 * the fd's struct file. The path's length + 1 (the whole path's, even when out holds
 * head and tail), TP_FD_NOFILE or TP_FD_UNREADABLE.
 */
static __always_inline long tp_fd_path(struct task_struct *t, __s64 fd, char *out, __u32 *flags,
				       __u32 *mode)
{
	return tp_file_path(t, (__u64)tp_fd_file(t, fd), out, flags, mode);
}

/* Event arg TP_EVA_FDFILE: the fd number, then what tp_ev_put_file() writes (mode,
 * TP_PATH_F_* flags, the path as kept, tp_abi.h): @len is the path's length + 1
 * (< 1: none: an error_arg), @flags its TP_PATH_F_* flags, @mode its inode's i_mode.
 * Tetragon reports an fd as the file's path, flags and mode (store_path(), basic.h).
 */
static __always_inline __u64 tp_ev_put_fd(void *dst, __u64 fd, long len, const char *path,
					  __u32 flags, __u32 mode)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_file *h = (void *)((char *)(a + 1) + 8);
	__u32 whole = len > 1 ? (__u32)(len - 1) : 0;
	__u32 n = whole < TP_PATH_MAX ? whole : TP_PATH_MAX;

	if (len < 1)	/* not open, or no path: as tp_ev_put_file() */
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, 8 + sizeof(*h) + TP_PATH_MAX);
	a->type = TP_EVA_FDFILE;
	a->flags = (whole >= TP_PATH_MAX ? TP_EVA_F_SPLIT : 0) |
		   (flags & TP_PATH_F_NOHEAD ? TP_EVA_F_NOHEAD : 0) |
		   (flags & TP_PATH_F_DELETED ? TP_EVA_F_DELETED : 0);
	a->slot = 8 + sizeof(*h) + TP_PATH_MAX;
	*(__s64 *)(a + 1) = (__s64)fd;
	h->mode = (__u16)mode;
	h->pad = 0;
	h->flags = flags;
	if (n >= TP_PATH_MAX)
		bpf_probe_read_kernel((char *)(h + 1), TP_PATH_MAX, path);
	else if (n) {
		TP_OPAQUE(n);
		bpf_probe_read_kernel((char *)(h + 1), n & (TP_PATH_MAX - 1), path);
	}
	a->len = 8 + sizeof(*h) + n;
	a->orig_len = 8 + sizeof(*h) + whole;
	return sizeof(*a) + 8 + sizeof(*h) + TP_PATH_MAX;
}

#endif
