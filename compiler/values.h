/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Selector values as Tetragon reads them: integers with a base prefix
 * (0x.. hex, leading 0 octal, else decimal), "lo:hi" ranges.
 */
#ifndef TPC_VALUES_H
#define TPC_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse s[0..len) as an integer of width bytes (1,2,4,8). Signed types accept
 * a leading '-' and the signed range; unsigned types reject '-'. The result is
 * sign- or zero-extended to 64 bits. 0, -EINVAL (not a number), -ERANGE.
 */
int value_parse_int(const char *s, size_t len, bool is_signed, unsigned int width, uint64_t *out);

/* "lo:hi" (inclusive); each side as value_parse_int. -EINVAL also if lo > hi. */
int value_parse_range(const char *s, size_t len, bool is_signed, unsigned int width,
		      uint64_t *lo, uint64_t *hi);

/* Sort and dedupe integers (signed or unsigned order); returns the new count. */
size_t values_sort_u64(uint64_t *v, size_t n, bool is_signed);

#endif
