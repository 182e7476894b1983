/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Internal to codegen: what codegen.c (the module), codegen_prog.c (programs),
 * codegen_state.c (state, readers), codegen_post.c (records), codegen_filter.c
 * (filters and selectors) and codegen_resolve.c share.
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
	const char *st;		/* the state as code reaches it: "&st" in a program, "st"
				 * in a helper that gets it as a pointer */
};

/* The C expression of arg a's raw value (hook_kind.arg_expr and per-program variants) */
typedef void (*cg_arg_expr_fn)(const struct ir_prog *p, const struct ir_arg *a, char *buf,
			       size_t sz);

/* Can arg a's read fail before any selector runs (resolve, a capability set behind
 * a pointer)? Then the state has e<id> and its filters match nothing when it did.
 */
bool cg_arg_may_fault(const struct ir_arg *a);
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
/* A CelExpr filter as function fn (codegen_cel.c). */
void cg_emit_cel_filter(struct cg *g, const struct ir_filter *flt, const char *fn);
/* The memory a pointer arg points to, as the readers' mem argument. */
const char *cg_mem(const struct ir_arg *a);

/* Pieces of a program body, for kinds that emit their own programs (emit_progs):
 * the locals (st, ev) and state set-up; the reads of the args of one side (entry:
 * all but the return value; ret_side: the return value); the entry selectors with
 * their actions, each ending in "return <verdict>;" (0, or -errno for Override),
 * then "return 0;". A return probe's return side is <c_name>_ret(st, ev).
 */
void cg_emit_prologue(struct cg *g);
void cg_emit_fetch(struct cg *g, cg_arg_expr_fn expr, bool ret_side);
void cg_emit_dispatch(struct cg *g);
/* struct <prog>_ev (codegen_state.c) and the readers <prog>_r<id> that fill it. */
void cg_emit_state_struct(struct cg *g);
void cg_emit_readers(struct cg *g);
/* Records (codegen_post.c): does a selector of p have Post's rateLimit; <prog>_rl,
 * <prog>_post; a return probe's <prog>_rec, _save and _retpost.
 */
bool cg_prog_has_rl(const struct ir_prog *p);
void cg_emit_rl(struct cg *g);
void cg_emit_post(struct cg *g);
void cg_emit_ret_state(struct cg *g);
/* Everything of program g->p: shared parts, then its programs (codegen_prog.c). */
void cg_emit_prog(struct cg *g);
/* The CO-RE declarations and the function <prog>_rs<id>(raw, &out) of arg a's resolve
 * walk (codegen_resolve.c).
 */
void cg_emit_resolve(struct cg *g, const struct ir_arg *a);

#endif
