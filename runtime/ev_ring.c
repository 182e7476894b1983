// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* BPF ring buffer reader with a deferred commit (ev_ring.h). The layout is
 * the kernel's (kernel/bpf/ringbuf.c, also what libbpf's ringbuf.c maps):
 * page 0 holds the consumer position (user-writable), page 1 the producer
 * position, then the data pages mapped twice in a row so that a record that
 * wraps is contiguous. Each record has an 8-byte header: length with the
 * BUSY (still being written) and DISCARD bits, then the page offset; the
 * record is padded to 8 bytes.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "ev_ring.h"

int ev_ring_open(struct ev_ring *r, int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	long page = sysconf(_SC_PAGESIZE);

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	if (page <= 0)
		return -EINVAL;
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	if (info.type != BPF_MAP_TYPE_RINGBUF || !info.max_entries ||
	    (info.max_entries & (info.max_entries - 1)))
		return -EINVAL;
	r->map_id = info.id;
	r->page = (size_t)page;
	r->mask = info.max_entries - 1;
	r->cons_page = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (r->cons_page == MAP_FAILED) {
		r->cons_page = NULL;
		return -errno;
	}
	r->prod_len = r->page + 2 * (size_t)info.max_entries;
	r->prod_page = mmap(NULL, r->prod_len, PROT_READ, MAP_SHARED, fd, (off_t)r->page);
	if (r->prod_page == MAP_FAILED) {
		int err = -errno;

		r->prod_page = NULL;
		ev_ring_close(r);
		return err;
	}
	r->pos = ev_ring_committed(r);
	return 0;
}

void ev_ring_close(struct ev_ring *r)
{
	if (r->cons_page)
		munmap(r->cons_page, r->page);
	if (r->prod_page)
		munmap(r->prod_page, r->prod_len);
	r->cons_page = r->prod_page = NULL;
}

__u64 ev_ring_committed(const struct ev_ring *r)
{
	return __atomic_load_n((unsigned long *)r->cons_page, __ATOMIC_ACQUIRE);
}

__u64 ev_ring_produced(const struct ev_ring *r)
{
	return __atomic_load_n((unsigned long *)r->prod_page, __ATOMIC_ACQUIRE);
}

int ev_ring_next(struct ev_ring *r, const void **data, size_t *size, __u64 *end)
{
	const char *base = (const char *)r->prod_page + r->page;
	__u64 prod = ev_ring_produced(r);

	while (r->pos < prod) {
		const __u32 *hdr = (const void *)(base + (r->pos & r->mask));
		__u32 len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		__u32 n = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		__u64 next = r->pos + ((BPF_RINGBUF_HDR_SZ + n + 7) & ~7ULL);

		if (len & BPF_RINGBUF_BUSY_BIT)
			return 0;	/* still being written: later */
		if (n > r->mask + 1 || next > prod)
			return 0;	/* cannot happen with a sane kernel */
		if (len & BPF_RINGBUF_DISCARD_BIT) {
			r->pos = next;
			continue;
		}
		*data = hdr + 2;
		*size = n;
		*end = next;
		r->pos = next;
		return 1;
	}
	return 0;
}

void ev_ring_commit(struct ev_ring *r, __u64 pos)
{
	if (pos > r->pos)
		pos = r->pos;
	if (pos > ev_ring_committed(r))
		__atomic_store_n((unsigned long *)r->cons_page, (unsigned long)pos,
				 __ATOMIC_RELEASE);
}

void ev_ring_rewind(struct ev_ring *r)
{
	r->pos = ev_ring_committed(r);
}
