/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The export file of `tpload events --output FILE` (docs/events.md):
 * whole lines appended to FILE, rotated by size to FILE.1 (newest) ...
 * FILE.N (oldest), at most N rotated files kept.
 *
 * Whole lines: the caller hands over whole lines only and they go out in
 * one write() loop; a write that fails half way is cut back (ftruncate) to
 * the size before it, and a torn last line left by a crash is cut when the
 * file is opened again. Sizes: a file is rotated before a write that would
 * take it past max_size; one line longer than max_size goes alone into a
 * file. Durability: ev_out_sync() (fdatasync); a rotation syncs the file it
 * retires and the directory.
 * No logging here (unit-tested): errors are -errno.
 */
#ifndef TP_EV_OUT_H
#define TP_EV_OUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <linux/types.h>

#define EV_OUT_MAX_FILES	1000	/* --output-max-files limit */

struct ev_out {
	char path[PATH_MAX];
	int fd;
	__u64 size;		/* bytes in the current file */
	__u64 max_size;		/* 0: never rotate */
	unsigned int max_files;	/* rotated files kept */
	dev_t dev;		/* identity of the current file (cursor) */
	ino_t ino;
	__u64 cut;		/* bytes of a torn last line cut at open */
};

/* Opens (creates, mode 0600) @path for appending. -EISDIR/-EINVAL if it is
 * not a regular file, -ENAMETOOLONG if FILE.N would not fit PATH_MAX.
 */
int ev_out_open(struct ev_out *o, const char *path, __u64 max_size, unsigned int max_files);
void ev_out_close(struct ev_out *o);	/* safe twice */

/* True if a line of @len bytes after @pending bytes not yet written would
 * take the current file (not empty with them) past the size limit: the
 * caller writes what is pending, then rotates.
 */
bool ev_out_full(const struct ev_out *o, size_t pending, size_t len);

/* Appends @len bytes (whole lines). 0 or -errno; on error the file is
 * left as before the call.
 */
int ev_out_write(struct ev_out *o, const char *buf, size_t len);

int ev_out_sync(struct ev_out *o);

/* FILE -> FILE.1 -> ... -> FILE.N (the oldest one dropped), new empty
 * FILE. With max_files 0 FILE is removed and started again.
 */
int ev_out_rotate(struct ev_out *o);

/* Name of the i-th file (0: FILE, i: FILE.i). */
int ev_out_name(char *buf, size_t size, const char *path, unsigned int i);

/* Recovery for a cursor: finds the file (FILE, FILE.1 ... FILE.N) with
 * identity @dev/@ino and cuts it to @size if it is longer (lines written
 * after the cursor was stored: their records are still in the ring).
 * Returns the index of the file (>= 0) and *cut, -ENOENT if no such file.
 */
int ev_out_recover(const char *path, unsigned int max_files, dev_t dev, ino_t ino, __u64 size,
		   __u64 *cut);



/* "SIZE[K|M|G]" (binary units, K = 1024) -> bytes. 0 or -EINVAL. */
int ev_out_parse_size(const char *s, __u64 *bytes);

#endif
