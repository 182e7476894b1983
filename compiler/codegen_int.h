/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Internal to codegen: what codegen.c (programs, state, events) and
 * codegen_filter.c (filters and selectors) share.
 */
#ifndef TPC_CODEGEN_INT_H
#define TPC_CODEGEN_INT_H

#include <stdbool.h>
#include "emit.h"
#include "ir.h"

struct cg {
	struct emitter *e;
	const struct ir_module *m;
	const struct ir_prog *p;
	unsigned int cnt_stride;	/* counter rows per hook (tp_abi.h struct tp_counters) */
};

/* "__s8" ... "__u64" for an integer of size bytes */
const char *cg_int_ctype(unsigned int size, bool sgn);

/* Counter rows of the current program: its own, and selector si's. */
static inline unsigned int cg_hook_row(const struct cg *g)
{
	return g->p->id * g->cnt_stride;
}

static inline unsigned int cg_sel_row(const struct cg *g, unsigned int si)
{
	return g->p->id * g->cnt_stride + 1 + si;
}

/* "/" "* file:line:col: what *" "/" for a YAML position */
void cg_loc_comment(struct cg *g, struct tp_loc loc, const char *what);
/* Little-endian word i of s[0..len), and the mask of its bytes < len. */
uint64_t cg_str_word(const char *s, size_t len, size_t i, uint64_t *mask);
/* The filters of selector si and its function <prog>_s<si>(st, ev). The IR is
 * read-only here: strategies and order were decided by the passes.
 */
void cg_emit_selector(struct cg *g, unsigned int si, const struct ir_selector *s);

#endif
