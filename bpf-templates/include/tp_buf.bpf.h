/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Buffers behind kernel structures (argument types char_iovec, iov_iter), reported
 * as bytes_arg / truncated_bytes_arg like Tetragon's copy_char_iovec() and
 * copy_iov_iter() (bpf/process/types/basic.h, generic_calls.h).
 * Included by generated code only when a policy has such an argument.
 */
#ifndef TP_BUF_BPF_H
#define TP_BUF_BPF_H

#include "tp_common.bpf.h"

/* A read of user memory, or kernel memory where the address is not a user one. */
static __always_inline long tp_read_any(void *dst, __u32 n, const void *src)
{
	if (!bpf_probe_read_user(dst, n, src))
		return 0;
	return bpf_probe_read_kernel(dst, n, src);
}

/* char_iovec: the iovec array at iov of cnt entries (the sizeArgIndex argument),
 * concatenated: at most TP_IOVEC_MAX entries and cap bytes are kept (cap: a power of
 * 2; the slot is 2 * cap so that every masked write stays in it); orig_len is the
 * sum of the entries read. An array that cannot be read at all is a fault.
 */
static __always_inline __u64 tp_ev_put_iovec(void *dst, __u64 iov, __u64 cnt, __u32 cap)
{
	struct tp_ev_arg *a = dst;
	char *out = (char *)(a + 1);
	__u64 total = 0;
	__u32 off = 0, o, i;
	bool trunc = cnt > TP_IOVEC_MAX;

	for (i = 0; i < TP_IOVEC_MAX; i++) {
		__u64 v[2];	/* struct iovec: iov_base, iov_len */
		__u32 n;

		if (i >= cnt)
			break;
		if (tp_read_any(v, sizeof(v), (const void *)(iov + i * sizeof(v)))) {
			if (!i)	/* Tetragon's parse_iovec_array(): char_buf_pagefault */
				return tp_ev_put_fault(dst, TP_FAULT_CHARBUF, 2 * cap);
			trunc = true;
			break;
		}
		total += v[1];
		if (off >= cap) {
			trunc = true;
			continue;
		}
		n = v[1] < cap - off ? (__u32)v[1] : cap - off;
		n &= 2 * cap - 1;
		if (n > cap)
			n = cap;
		o = off;
		/* hide o's bound from the compiler so the mask stays for the verifier */
		asm volatile("" : "+r"(o));
		o &= cap - 1;
		if (n && tp_read_any(out + o, n, (const void *)v[0])) {
			trunc = true;
			break;
		}
		off += n;
	}
	a->type = TP_EVA_BYTES;
	a->flags = trunc || total > off ? TP_EVA_F_TRUNC : 0;
	a->len = off & (2 * cap - 1);
	a->orig_len = total > 0xffffffffULL ? 0xffffffffU : (__u32)total;
	a->slot = 2 * cap;
	return sizeof(*a) + 2 * cap;
}

/* iov_iter: the bytes its next read or write moves, from its first segment
 * (ITER_UBUF: ubuf; ITER_IOVEC: the first iovec; ITER_KVEC: the first kvec), from
 * iov_offset on; other iterators (bvec, pipes, folios) report no bytes, as in
 * Tetragon. At most cap bytes (a power of 2) are kept; orig_len is the segment's
 * remaining length.
 */
static __always_inline __u64 tp_ev_put_iov_iter(void *dst, __u64 raw, __u32 cap)
{
	const struct iov_iter *it = (const struct iov_iter *)raw;
	const void *base = NULL;
	__u64 len = 0, off, count;
	bool user = true;
	__u8 type;

	if (!it || bpf_core_read(&type, sizeof(type), &it->iter_type))
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, cap);
	off = BPF_CORE_READ(it, iov_offset);
	count = BPF_CORE_READ(it, count);
	if (bpf_core_enum_value_exists(enum iter_type, ITER_UBUF) &&
	    type == bpf_core_enum_value(enum iter_type, ITER_UBUF)) {
		base = (const char *)BPF_CORE_READ(it, ubuf) + off;
		len = count;
	} else if (type == bpf_core_enum_value(enum iter_type, ITER_IOVEC) ||
		   type == bpf_core_enum_value(enum iter_type, ITER_KVEC)) {
		const struct iovec *iov;
		__u64 seg;

		user = type == bpf_core_enum_value(enum iter_type, ITER_IOVEC);
		if (bpf_core_field_exists(it->__iov))
			iov = BPF_CORE_READ(it, __iov);
		else
			iov = BPF_CORE_READ((const struct iov_iter___pre64 *)it, iov);
		base = (const char *)BPF_CORE_READ(iov, iov_base) + off;
		seg = BPF_CORE_READ(iov, iov_len);
		len = seg > off ? seg - off : 0;
		if (len > count)
			len = count;
	}
	return tp_ev_put_buf_slot(dst, base, len, user, cap);
}

#endif
