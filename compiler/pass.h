/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* IR passes: one file each in passes/, same signature, never print
 * (problems go to ctx->diag). The table in pipeline.c orders them and
 * states what each establishes for the later ones.
 */
#ifndef TPC_PASS_H
#define TPC_PASS_H

#include <stdbool.h>
#include <stdio.h>

struct ir_module;
struct diag;
struct tp_arena;

struct pass_ctx {
	struct diag *diag;
	struct tp_arena *arena;
	bool verify_ir;			/* run ir_verify() after every pass */
	const char *dump_after;		/* pass name or "all": dump IR to dump_stream */
	FILE *dump_stream;
};

int pass_choose_strategies(struct ir_module *m, struct pass_ctx *ctx);
int pass_order_filters(struct ir_module *m, struct pass_ctx *ctx);
int pass_layout(struct ir_module *m, struct pass_ctx *ctx);
int pass_assign_names(struct ir_module *m, struct pass_ctx *ctx);

/* Run every pass in order. 0, -EINVAL (policy problem, reported), -ENOMEM,
 * -EFAULT (IR invariant broken: internal error, logged).
 */
int pipeline_run(struct ir_module *m, struct pass_ctx *ctx);
/* Is name a pass (or "all")? For --dump-ir-after. */
bool pipeline_has_pass(const char *name);

#endif
