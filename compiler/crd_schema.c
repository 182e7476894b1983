// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Lookups in the generated CRD schema table (crd_schema_table.c). */
#include <string.h>

#include "crd_schema.h"

uint16_t crd_prop_schema(uint16_t idx, const char *name, size_t len)
{
	const struct crd_schema *s;
	size_t lo = 0, hi;

	if (idx == CRD_NONE || idx >= crd_nr_schemas)
		return CRD_NONE;
	s = &crd_schemas[idx];
	hi = s->nr_props;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = s->props[mid].name;
		size_t plen = strlen(p);
		int c = memcmp(p, name, plen < len ? plen : len);

		if (c == 0)
			c = plen < len ? -1 : plen > len ? 1 : 0;
		if (c == 0)
			return s->props[mid].schema;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CRD_NONE;
}
