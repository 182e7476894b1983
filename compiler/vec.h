/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Growable arrays: one helper, shaped like libbpf_ensure_mem(). */
#ifndef TPC_VEC_H
#define TPC_VEC_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Make room for need elements of elem_sz bytes in *data (capacity *cap,
 * in elements). Grows by 1.5x (at least 16), zeroes the new tail.
 * Returns 0 or -ENOMEM (also on size overflow); *data is untouched on error.
 */
static inline int vec_ensure(void **data, size_t *cap, size_t elem_sz, size_t need)
{
	size_t new_cap;
	void *p;

	if (need <= *cap)
		return 0;
	if (elem_sz == 0)
		return -ENOMEM;
	new_cap = *cap + *cap / 2;
	if (new_cap < 16)
		new_cap = 16;
	if (new_cap < need)
		new_cap = need;
	if (new_cap > SIZE_MAX / elem_sz)
		new_cap = need;	/* retry exact before giving up */
	if (new_cap > SIZE_MAX / elem_sz)
		return -ENOMEM;
	p = reallocarray(*data, new_cap, elem_sz);
	if (!p)
		return -ENOMEM;
	memset((char *)p + *cap * elem_sz, 0, (new_cap - *cap) * elem_sz);
	*data = p;
	*cap = new_cap;
	return 0;
}

#endif
