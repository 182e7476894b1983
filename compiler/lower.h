/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* AST -> IR, with the semantic checks that need the hook's shape: arg
 * indexes against tracepoint formats, types, operators against types,
 * values parsed against types, actions.
 */
#ifndef TPC_LOWER_H
#define TPC_LOWER_H

struct tp_policy;
struct tp_arena;
struct diag;
struct ir_module;

struct target;

struct lower_opts {
	struct target *target;		/* the kernel compiled for (target.h); required */
};

/* sema: policy-level checks (unsupported fields, hooks present, names).
 * 0, or -EINVAL with every problem reported.
 */
int sema_check(const struct tp_policy *pol, struct diag *d);

/* 0; -EINVAL with every problem reported to d; -ENODATA if a kernel input a hook
 * needs is missing (reported, naming the option: an environment problem); -ENOMEM.
 */
int ir_lower(const struct tp_policy *pol, const struct lower_opts *opts, struct tp_arena *arena,
	     struct diag *d, struct ir_module **out);

#endif
