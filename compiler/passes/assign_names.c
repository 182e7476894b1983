// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* assign-names: every program gets a unique C identifier (the unique part
 * first: the kernel keeps 15 characters of a program name), "<prefix><id>_<tail>"
 * from its hook kind, and its ELF section, the attach point in libbpf's spelling;
 * kinds with several BPF programs per hook name each of them (ir_prog.vars).
 */
#include <errno.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "pass.h"

int pass_assign_names(struct ir_module *m, struct pass_ctx *ctx)
{
	size_t i, j;
	char *c;

	for (i = 0; i < m->nr_progs; i++) {
		struct ir_prog *p = &m->progs[i];

		p->c_name = arena_printf(ctx->arena, "%s%u_%s", p->kind->c_prefix, p->id,
					 p->kind->name_tail(p));
		p->sec = p->kind->section(ctx->arena, p);
		if (!p->c_name || !p->sec)
			return -ENOMEM;
		if (strlen(p->c_name) > 64)
			((char *)p->c_name)[64] = '\0';
		for (c = (char *)p->c_name; *c; c++)
			if (*c == '.')
				*c = '_';	/* kernel symbols like foo.isra.0 */
		if (c_check_ident(p->c_name)) {
			diag_error(ctx->diag, p->loc, "bad-tracepoint",
				   "cannot make a C identifier for hook %s", p->target);
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (strcmp(m->progs[j].c_name, p->c_name) == 0) {
				diag_error(ctx->diag, p->loc, "name-collision",
					   "program name '%s' collides with hook %zu", p->c_name, j);
				return -EINVAL;
			}
		if (p->kind->variants && p->kind->variants(ctx->arena, p))
			return -ENOMEM;
	}
	return 0;
}
