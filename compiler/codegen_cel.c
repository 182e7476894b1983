// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Codegen of a matchArgs CelExpr filter: one function returning the expression
 * (cel_emit.c) over the args already fetched into the state, ev->a<id>. The
 * expression in the comment above it is the canonical re-print of the AST, never
 * the policy's text.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cel.h"
#include "codegen_int.h"
#include "emit.h"
#include "ir.h"

/* Emit "if (ev->e<id>) return false;" for each arg of n that may fault (once). */
static void emit_faults(struct cg *g, const struct cel_node *n, bool *seen)
{
	if (n->kind == CEL_ARG && !seen[n->arg] && cg_arg_may_fault(&g->p->args[n->arg])) {
		seen[n->arg] = true;
		/* a value that could not be read matches nothing, as for the other
		 * integer operators
		 */
		emit_line(g->e, "if (ev->e%u)", n->arg);
		emit_line(g->e, "\treturn false;");
	}
	if (n->l)
		emit_faults(g, n->l, seen);
	if (n->r)
		emit_faults(g, n->r, seen);
}

void cg_emit_cel_filter(struct cg *g, const struct ir_filter *flt, const char *fn)
{
	const struct ir_prog *p = g->p;
	char *text = NULL, *expr = NULL, cmt[512];
	size_t tl, el;
	bool *seen;
	FILE *f;

	f = open_memstream(&text, &tl);
	if (!f) {
		emit_fail(g->e, -ENOMEM);
		return;
	}
	cel_print(f, flt->cel->root);
	if (fclose(f)) {
		free(text);
		emit_fail(g->e, -ENOMEM);
		return;
	}
	f = open_memstream(&expr, &el);
	if (!f) {
		free(text);
		emit_fail(g->e, -ENOMEM);
		return;
	}
	cel_emit_c(f, flt->cel->root, "ev->a");
	if (fclose(f)) {
		free(text);
		free(expr);
		emit_fail(g->e, -ENOMEM);
		return;
	}
	seen = calloc(p->nr_args ? p->nr_args : 1, sizeof(*seen));
	if (!seen) {
		free(text);
		free(expr);
		emit_fail(g->e, -ENOMEM);
		return;
	}
	c_comment_text(cmt, sizeof(cmt), text, tl);
	emit_line(g->e, "/* %s */", cmt);
	emit_func(g->e, "static __always_inline bool %s(struct tp_state *st, struct %s_ev *ev)", fn,
		  p->c_name);
	emit_faults(g, flt->cel->root, seen);
	emit_line(g->e, "return %s;", expr);
	emit_close(g->e, "");
	free(seen);
	free(text);
	free(expr);
}
