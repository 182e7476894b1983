/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A BPF ring buffer read with a deferred commit. libbpf's ring_buffer
 * advances the consumer position as each record is handed out, so a reader
 * killed between taking a record and writing it loses the record. Here the
 * records are read at a private position and the consumer position (what
 * the kernel may overwrite) only moves on ev_ring_commit(), after the
 * caller has stored them. Positions are the kernel's 64-bit byte counters
 * (they only grow), so they also name a record for a cursor (ev_cursor.h).
 * One reader per ring: two readers would commit each other's records.
 */
#ifndef TP_EV_RING_H
#define TP_EV_RING_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

struct ev_ring {
	int fd;			/* the map (not owned) */
	__u32 map_id;		/* the map's id: another map, another position space */
	size_t mask;		/* data size - 1 */
	size_t page;
	void *cons_page;	/* consumer position, writable */
	void *prod_page;	/* producer position + data mapped twice */
	size_t prod_len;
	__u64 pos;		/* next record to read (>= committed) */
};

/* Maps the ring of map @fd. 0 or -errno. */
int ev_ring_open(struct ev_ring *r, int fd);
void ev_ring_close(struct ev_ring *r);	/* safe on a zeroed or closed ring */

/* The committed (consumer) and producer positions. */
__u64 ev_ring_committed(const struct ev_ring *r);
__u64 ev_ring_produced(const struct ev_ring *r);

/* The next complete record at the read position: 1 and *data, *size and *end
 * (the position after it; the record stays valid until committed past),
 * 0 if none is complete yet. Discarded records are skipped. The read
 * position moves past the returned record.
 */
int ev_ring_next(struct ev_ring *r, const void **data, size_t *size, __u64 *end);

/* Lets the kernel reuse everything before @pos (<= the read position). */
void ev_ring_commit(struct ev_ring *r, __u64 pos);

/* Moves the read position back to the committed one (records read but not
 * committed are read again).
 */
void ev_ring_rewind(struct ev_ring *r);

#endif
