// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* order-filters: within a selector, evaluate the cheapest rejecting test
 * first (filters are AND-ed, so order does not change the result). Costs
 * follow what was measured here: a direct load is ~free, a helper call
 * 45-75 ns, a user string read more.
 */
#include <stdlib.h>

#include "cel.h"
#include "ir.h"
#include "pass.h"

static unsigned int filter_cost(const struct ir_module *m, const struct ir_prog *p,
				const struct ir_filter *f)
{
	switch (f->kind) {
	case IR_F_PID:
		return (f->ns_pid ? 4 : 1) + (f->follow_forks ? 20 : 0);
	case IR_F_NS:		/* a chain of CO-RE reads from the task (~3 helper calls) */
		return 8;
	case IR_F_CAPS:		/* two reads from the task's cred, a third for the user ns */
		return f->ns_cap ? 9 : 6;
	case IR_F_NS_CHANGE:	/* the tp_procs and tp_chg_base lookups, a chain per kind */
		return 200 + 8 * (unsigned int)__builtin_popcountll(f->mask);
	case IR_F_CAPS_CHANGE:	/* the tp_procs and tp_chg_base lookups, the cred */
		return 200 + (f->ns_cap ? 9 : 6);
	case IR_F_BINARY:	/* a tp_procs lookup (~95 ns measured), shared by every selector */
		return 100 + (f->op == IR_OP_POSTFIX || f->op == IR_OP_NOTPOSTFIX ? 20 : 0);
	case IR_F_CEL:
		/* loads of values already fetched and ALU ops: the cost of an integer
		 * compare, plus one per 8 nodes of the expression
		 */
		return 2 + (unsigned int)(f->cel->nr_nodes / 8);
	case IR_F_ARG:
		/* the type's base cost (tp_argtypes.c); a table search adds a bpf_loop */
		if (p->args[f->arg].type->repr == TP_REPR_INT)
			return p->args[f->arg].type->cost + (f->pts_table || f->rng_table ? 6 : 0);
		/* a short user read (~85 ns measured) grows with the bytes read;
		 * Postfix reads the whole string */
		return p->args[f->arg].type->cost + (unsigned int)(f->max_len / 8) +
		       (f->op == IR_OP_POSTFIX || f->op == IR_OP_NOTPOSTFIX ? 200 : 0);
	}
	return 1000;
}

static int cmp_cost(const void *a, const void *b)
{
	const struct ir_filter *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	/* stable: keep YAML order among equals */
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return x->loc.col < y->loc.col ? -1 : x->loc.col > y->loc.col;
}

int pass_order_filters(struct ir_module *m, struct pass_ctx *ctx)
{
	size_t i, j, k;

	for (i = 0; i < m->nr_progs; i++) {
		struct ir_prog *p = &m->progs[i];

		for (j = 0; j < p->nr_selectors; j++) {
			struct ir_selector *s = &p->selectors[j];

			for (k = 0; k < s->nr_filters; k++)
				s->filters[k].cost = filter_cost(m, p, &s->filters[k]);
			qsort(s->filters, s->nr_filters, sizeof(*s->filters), cmp_cost);
		}
	}
	return 0;
}
