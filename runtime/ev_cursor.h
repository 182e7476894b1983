/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The cursor of `tpload events --cursor FILE` (docs/events.md): how far a
 * reader got, so that a restarted one neither loses nor repeats records.
 * For each ring, the map's id and the ring position after the last record
 * stored (ev_ring.h); for the output, the identity and size of the export
 * file at that point (ev_out.h). One text line, replaced atomically
 * (temporary file, fsync, rename, fsync of the directory).
 */
#ifndef TP_EV_CURSOR_H
#define TP_EV_CURSOR_H

#include <stdbool.h>
#include <sys/types.h>

#include <linux/types.h>

#define EV_CURSOR_RINGS	3	/* tp_enforce, tp_events, tp_proc_events */

struct ev_cursor {
	__u32 map_id[EV_CURSOR_RINGS];
	__u64 pos[EV_CURSOR_RINGS];
	__u64 out_dev;
	__u64 out_ino;
	__u64 out_size;
};

/* 0, -ENOENT if there is no cursor yet, -EINVAL if @path is not a cursor
 * of this format. A cursor of the two-ring format (version 1, cores of ABI 3)
 * loads with map id 0 for tp_proc_events: it names other rings.
 */
int ev_cursor_load(const char *path, struct ev_cursor *c);
int ev_cursor_store(const char *path, const struct ev_cursor *c);

/* Text form (one line, newline-terminated) and its parser; for the tests. */
int ev_cursor_format(char *buf, size_t size, const struct ev_cursor *c);
int ev_cursor_parse(const char *text, struct ev_cursor *c);

#endif
