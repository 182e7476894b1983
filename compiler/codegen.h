/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* IR -> BPF C, through the embedded template policy.bpf.c.in. Selector
 * values become constants and branches (sorted tables + binary search for
 * large sets); nothing is interpreted at run time.
 */
#ifndef TPC_CODEGEN_H
#define TPC_CODEGEN_H

#include <stddef.h>

struct ir_module;
struct diag;

struct codegen_opts {
	const char *version;	/* compiler version recorded in the meta */
};

/* Write the C source of m into *out (malloc'ed, NUL-terminated) and the
 * .tpc.meta text into *meta (malloc'ed). 0, -ENOMEM, -E2BIG (a constant did
 * not fit; internal), -EFAULT (emitter/template mismatch, logged).
 */
int codegen_emit(const struct ir_module *m, const struct codegen_opts *opts, char **out,
		 size_t *out_len, char **meta, size_t *meta_len);

/* The .tpc.meta text alone (docs/object-format.md). */
int meta_build(const struct ir_module *m, const struct codegen_opts *opts, char **out,
	       size_t *out_len);

#endif
