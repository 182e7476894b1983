// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The pass driver: a table and one loop. */
#include <errno.h>
#include <string.h>

#include "ir.h"
#include "log.h"
#include "pass.h"

struct pass {
	const char *name;	/* used by --dump-ir-after and in messages */
	int (*run)(struct ir_module *m, struct pass_ctx *ctx);
};

/* Order matters; each entry says what it establishes for later ones. */
static const struct pass passes[] = {
	{ "choose-strategies",	pass_choose_strategies },	/* inline or table, per value set */
	{ "order-filters",	pass_order_filters },	/* filters cheapest-rejecting first */
	{ "layout",		pass_layout },		/* buffers, event sizes, scratch decided */
	{ "assign-names",	pass_assign_names },	/* every c_name/sec set, unique */
};

bool pipeline_has_pass(const char *name)
{
	size_t i;

	if (strcmp(name, "all") == 0 || strcmp(name, "lower") == 0)
		return true;
	for (i = 0; i < sizeof(passes) / sizeof(passes[0]); i++)
		if (strcmp(passes[i].name, name) == 0)
			return true;
	return false;
}

static bool want_dump(const struct pass_ctx *ctx, const char *name)
{
	return ctx->dump_after && ctx->dump_stream &&
	       (strcmp(ctx->dump_after, "all") == 0 || strcmp(ctx->dump_after, name) == 0);
}

int pipeline_run(struct ir_module *m, struct pass_ctx *ctx)
{
	size_t i;
	int err;

	if (want_dump(ctx, "lower")) {
		fprintf(ctx->dump_stream, ";; after lower\n");
		ir_dump(m, ctx->dump_stream);
	}
	for (i = 0; i < sizeof(passes) / sizeof(passes[0]); i++) {
		const struct pass *p = &passes[i];

		err = p->run(m, ctx);
		if (err)
			return err;	/* already reported by the pass */
		if (ctx->verify_ir && ir_verify(m)) {
			pr_warn("internal error: IR invalid after pass '%s'\n", p->name);
			return -EFAULT;
		}
		if (want_dump(ctx, p->name)) {
			fprintf(ctx->dump_stream, ";; after %s\n", p->name);
			ir_dump(m, ctx->dump_stream);
		}
	}
	return 0;
}
