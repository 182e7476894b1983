/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Templates: valid C with named slots written as comments, slash-star-at
 * "slot NAME" at-star-slash. Rendering fills each slot with text; a slot in
 * the template that was not filled, or a filled slot the template lacks, is
 * an internal error (it means codegen and templates drifted apart).
 */
#ifndef TPC_TMPL_H
#define TPC_TMPL_H

#include <stddef.h>
#include <stdio.h>

struct tmpl_slot {
	const char *name;
	const char *text;	/* inserted verbatim */
	size_t len;
	int used;		/* set by tmpl_render */
};

/* Render the embedded template "tmpl/<name>" into out. 0, -ENOENT (no such
 * template), -EFAULT (slot mismatch, reported with pr_warn), -EIO.
 */
int tmpl_render(const char *name, struct tmpl_slot *slots, size_t nr_slots, FILE *out);

#endif
