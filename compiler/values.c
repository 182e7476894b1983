// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Selector value parsing (sema). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "values.h"

int value_parse_int(const char *s, size_t len, bool is_signed, unsigned int width, uint64_t *out)
{
	char buf[32];
	const char *p;
	bool neg = false;
	unsigned long long v;
	int base = 10;
	char *end;

	if (len == 0 || len >= sizeof(buf) || memchr(s, '\0', len))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	p = buf;
	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && p[1]) {
		base = 8;
		p += 1;
	}
	if (!*p || !((*p >= '0' && *p <= '9') || (base == 16 && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f'))))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &end, base);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	if (neg && !is_signed)
		return -ERANGE;
	if (is_signed) {
		unsigned long long maxpos = width >= 8 ? 0x7fffffffffffffffULL : (1ULL << (width * 8 - 1)) - 1;

		if (neg) {
			if (v > maxpos + 1)
				return -ERANGE;
			*out = (uint64_t)(-(long long)(v - 1) - 1);
		} else {
			if (v > maxpos)
				return -ERANGE;
			*out = v;
		}
	} else {
		unsigned long long max = width >= 8 ? ~0ULL : (1ULL << (width * 8)) - 1;

		if (v > max)
			return -ERANGE;
		*out = v;
	}
	return 0;
}

int value_parse_range(const char *s, size_t len, bool is_signed, unsigned int width,
		      uint64_t *lo, uint64_t *hi)
{
	const char *colon = memchr(s, ':', len);
	int err;

	if (!colon)
		return -EINVAL;
	err = value_parse_int(s, colon - s, is_signed, width, lo);
	if (!err)
		err = value_parse_int(colon + 1, len - (colon - s) - 1, is_signed, width, hi);
	if (err)
		return err;
	if (is_signed ? (int64_t)*lo > (int64_t)*hi : *lo > *hi)
		return -EINVAL;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_s64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

size_t values_sort_u64(uint64_t *v, size_t n, bool is_signed)
{
	size_t i, o = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), is_signed ? cmp_s64 : cmp_u64);
	for (i = 0; i < n; i++)
		if (o == 0 || v[o - 1] != v[i])
			v[o++] = v[i];
	return o;
}
