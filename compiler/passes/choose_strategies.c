// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* choose-strategies: how each filter's value set is evaluated, decided once here
 * and stored in the IR (codegen only follows it): integer points and ranges inline
 * or in a sorted table searched with a bpf_loop binary search (past IR_SMALL_SET /
 * IR_SMALL_RANGES values); string values in groups (one per length for Prefix and
 * Postfix, one for Equal), each inline or a sorted table. A table group is sorted
 * here the way the BPF side compares (length, then 8-byte words as u64). A CelExpr
 * has no value set: it is always one inline C expression (cel_emit.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "arena.h"
#include "ir.h"
#include "pass.h"

static int cmp_words(const void *a, const void *b, void *arg)
{
	const struct ir_str *x = a, *y = b;
	size_t i, nw = *(const size_t *)arg;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	for (i = 0; i < nw; i++) {
		uint64_t m, wx = ir_str_word(x->s, x->len, i, &m), wy = ir_str_word(y->s, y->len, i, &m);

		if (wx != wy)
			return wx < wy ? -1 : 1;
	}
	return 0;
}

static int str_groups(struct ir_filter *f, struct tp_arena *arena)
{
	bool by_len = f->op == IR_OP_PREFIX || f->op == IR_OP_NOTPREFIX ||
		      f->op == IR_OP_POSTFIX || f->op == IR_OP_NOTPOSTFIX;
	size_t i = 0, j;

	f->groups = arena_calloc(arena, f->nr_strs ? f->nr_strs : 1, sizeof(*f->groups));
	if (!f->groups)
		return -ENOMEM;
	f->nr_groups = 0;
	while (i < f->nr_strs) {	/* values are sorted by (length, bytes) */
		struct ir_strgrp *g = &f->groups[f->nr_groups++];
		size_t nw;

		j = i;
		if (by_len)
			while (j < f->nr_strs && f->strs[j].len == f->strs[i].len)
				j++;
		else
			j = f->nr_strs;
		g->first = i;
		g->n = j - i;
		g->len = f->strs[j - 1].len;
		g->nw = (unsigned int)((g->len + 7) / 8);
		g->table = g->n > IR_SMALL_SET;
		if (g->table) {
			nw = g->nw;
			qsort_r(&f->strs[i], g->n, sizeof(*f->strs), cmp_words, &nw);
			f->tables = true;
		}
		i = j;
	}
	return 0;
}

int pass_choose_strategies(struct ir_module *m, struct pass_ctx *ctx)
{
	size_t i, j, k;
	int err;

	for (i = 0; i < m->nr_progs; i++) {
		struct ir_prog *p = &m->progs[i];

		for (j = 0; j < p->nr_selectors; j++) {
			struct ir_selector *s = &p->selectors[j];

			for (k = 0; k < s->nr_filters; k++) {
				struct ir_filter *f = &s->filters[k];

				f->pts_table = f->nr_points > IR_SMALL_SET;
				f->rng_table = f->nr_ranges > IR_SMALL_RANGES;
				f->tables = f->pts_table || f->rng_table;
				err = str_groups(f, ctx->arena);
				if (err)
					return err;
			}
		}
	}
	return 0;
}
