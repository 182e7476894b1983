/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Files compiled into tpc (scripts/embed-files.sh): BPF headers and
 * templates, served to clang from memory. Each data buffer is also
 * NUL-terminated (not counted in size).
 */
#ifndef TPC_EMBEDDED_FILES_H
#define TPC_EMBEDDED_FILES_H

#include <stddef.h>

struct tp_embedded_file {
	const char *name;		/* "tp_abi.h", "bpf/bpf_helpers.h", "tmpl/x.bpf.c.in" */
	const unsigned char *data;
	size_t size;
};

extern const struct tp_embedded_file tp_embedded_files[];
extern const size_t tp_nr_embedded_files;

/* NULL if absent. */
const struct tp_embedded_file *embedded_file_find(const char *name);

#endif
