/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Lookup in the table that scripts/embed-files.sh generates
 * ($(OUTPUT)/gen/embedded_files.c). The table is small (a dozen files), so
 * a linear scan is enough and needs no sorted order.
 */
#include <string.h>

#include "embedded_files.h"

const struct tp_embedded_file *embedded_file_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < tp_nr_embedded_files; i++) {
		if (!strcmp(tp_embedded_files[i].name, name))
			return &tp_embedded_files[i];
	}
	return NULL;
}
