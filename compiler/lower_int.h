/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Internal to lowering: what lower.c (hooks, args) and lower_select.c,
 * lower_filters.c, lower_values.c, lower_actions.c (selectors) share.
 */
#ifndef TPC_LOWER_INT_H
#define TPC_LOWER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"
#include "tp_abi.h"

struct tp_arena;
struct diag;
struct lower_opts;
struct tp_selector;
struct tp_scalar;
struct tp_match_arg;
struct tp_match_pid;
struct tp_match_ns;
struct tp_match_caps;
struct tp_match_ns_change;
struct tp_match_binary;
struct tp_action;
struct tp_argtype;
struct tp_policy;

#define TP_MAX_ARGS		16	/* event args per hook (Tetragon: 5) */
#define TP_BIN_VALUE_MAX	TP_PATH_VALUE_MAX	/* fits in a path's head and in its tail */

struct btf;
struct tf_format;

/* A tracepoint format a policy read (its digest goes into the "target tracefs" line). */
struct lower_fmt {
	const char *name;	/* subsys/event */
	char sha256[65];
};

struct lower_ctx {
	struct tp_arena *arena;
	struct diag *d;
	const struct lower_opts *opts;
	struct target *target;
	bool used_btf;		/* the policy read the target's BTF */
	struct lower_fmt *fmts;	/* formats read (arena) */
	size_t nr_fmts, cap_fmts;
	bool used_functions;	/* the policy read the target's available_filter_functions */
	struct lower_mod {	/* module BTFs the policy read (btfTypeModule) */
		const char *name, *origin, *sha256;
	} mods[8];		/* TARGET_MODULES_MAX */
	size_t nr_mods;
	bool reported[3];	/* a missing input (enum target_input_kind) was reported */
	bool missing;		/* some input was missing: the result is -ENODATA */
	void *hook_state;	/* the current hook kind's lowering state (lower_attach sets it) */
	int hook_err;		/* lower_attach: an error reported that does not stop the
				 * hook's lowering (its args and selectors are checked too) */
	int err;		/* sticky -ENOMEM */
	uint32_t bad_idx[64];	/* arg indexes of the current hook that failed (reported) */
	size_t nr_bad_idx;
	int pos_arg[64];	/* YAML args position -> ir_arg id, -1: failed (reported) */
	size_t nr_pos;
};

/* Zeroed arena memory for n elements; NULL (and lc->err = -ENOMEM) on failure. */
void *lower_alloc(struct lower_ctx *lc, size_t n, size_t sz);
/* Was arg index idx of the current hook already reported as bad? */
bool lower_arg_is_bad(const struct lower_ctx *lc, uint32_t idx);
/* The target's BTF for hook (at loc, named what in messages). 0; -ENODATA if there
 * is none (reported once per policy, naming the option); -ENOMEM.
 */
int lower_need_btf(struct lower_ctx *lc, struct tp_loc loc, const char *what,
		   const struct btf **btf);
/* The format of subsys/event, recorded for the policy's "target tracefs" line.
 * 0; -ENODATA (no tracefs: reported once); -ENOENT (no such tracepoint) and -EINVAL
 * (malformed format): not reported, the caller says where (target_where()); -ENOMEM.
 */
int lower_need_format(struct lower_ctx *lc, struct tp_loc loc, const char *subsys,
		      const char *event, struct tf_format *fmt);
/* The BTF of kernel module name (split on the kernel's), recorded for the policy's
 * "target btf-module" lines. 0; -ENODATA (none: reported, naming the options);
 * -ENOMEM.
 */
int lower_need_module_btf(struct lower_ctx *lc, struct tp_loc loc, const char *name,
			  const struct btf **btf);
/* The target's available_filter_functions (NUL-terminated), recorded for the policy's
 * "target functions" line. 0; -ENODATA (none: reported once, naming the option);
 * -ENOMEM.
 */
int lower_need_functions(struct lower_ctx *lc, struct tp_loc loc, const char *what,
			 const char **text, size_t *len);
struct hook_field;
struct ir_prog;
struct tp_arg;
struct tp_argtype;

/* lower_arg.c: argument types against what the hook says about the value. */

/* `resolve` (and `btfType`) of arg ta: walk the target's BTF from f, set a->resolve,
 * replace *f by the walk's leaf and *tname by the type the leaf names (Tetragon: the
 * leaf's BTF type wins over `type`). 0 (nothing to do, or done); -EINVAL (reported);
 * -ENODATA (no BTF, reported); -ENOMEM.
 */
int lower_arg_resolve(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_arg *ta,
		      struct ir_arg *a, struct hook_field *f, const char **tname);
/* Type t against a value with a BTF type (Tetragon's typesCompatible(): a mismatch is
 * a warning, the value is read as t says). Always 0.
 */
int lower_arg_check_btf(struct lower_ctx *lc, const struct tp_arg *ta, const struct tp_argtype *t,
			const struct hook_field *f);
/* A kernel-object type on an arg that points into user memory: -EINVAL (reported). */
int lower_arg_check_user(struct lower_ctx *lc, const struct tp_arg *ta,
			 const struct tp_argtype *t, const struct ir_arg *a);
/* Kernel-object type t against a field without BTF (a tracepoint format field, a
 * syscall argument). 0, or -EINVAL (reported).
 */
int lower_arg_check_kobj(struct lower_ctx *lc, const struct tp_arg *ta,
			 const struct tp_argtype *t, const struct hook_field *f,
			 const struct ir_arg *a);
/* maxData, returnCopy against type t. 0, or -EINVAL (reported). */
int lower_arg_options(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_arg *ta,
		      const struct tp_argtype *t);

/* Selector parts (lower_values.c): an operator by its spelling or Tetragon's alias
 * (0, -EINVAL); the values of filter f parsed against an integer, string (max_len,
 * binaries: matchBinaries' rules) or file-type argument (0, -EINVAL reported,
 * -ENOMEM); capability names as numbers (NULL: reported, or lc->err).
 */
int lower_op_lookup(const char *s, enum ir_op *op);
int lower_int_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
		     enum ir_op op, bool sgn, unsigned int width, struct ir_filter *f);
int lower_str_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
		     enum ir_op op, size_t max_len, bool binaries, struct ir_filter *f);
int lower_filetype_values(struct lower_ctx *lc, const struct tp_scalar *vals, size_t nr,
			  struct ir_filter *f);
const struct tp_scalar *lower_cap_values(struct lower_ctx *lc, const struct tp_argtype *t,
					 const struct tp_scalar *vals, size_t nr);
/* One filter of a selector into f (lower_filters.c): 0, -EINVAL (reported), -ENOMEM.
 * ret_side: matchReturnArgs, on the return value.
 */
int lower_match_arg(struct lower_ctx *lc, struct ir_prog *p, const struct tp_match_arg *m,
		    struct ir_filter *f, bool ret_side);
/* matchArgs CelExpr (lower_cel.c, called by lower_match_arg): same returns. */
int lower_match_cel(struct lower_ctx *lc, struct ir_prog *p, const struct tp_match_arg *m,
		    struct ir_filter *f, bool ret_side);
int lower_match_pid(struct lower_ctx *lc, const struct tp_match_pid *m, struct ir_filter *f);
int lower_match_ns(struct lower_ctx *lc, const struct tp_match_ns *m, struct ir_filter *f);
int lower_match_caps(struct lower_ctx *lc, const struct tp_match_caps *m,
		     struct ir_filter *f);
int lower_match_binary(struct lower_ctx *lc, const struct tp_match_binary *m,
		       struct ir_filter *f);
int lower_match_cap_change(struct lower_ctx *lc, const struct tp_match_caps *m,
			   struct ir_filter *f);
int lower_match_ns_change(struct lower_ctx *lc, const struct tp_match_ns_change *m,
			  struct ir_filter *f);
/* A selector's actions into is (lower_actions.c): 0, -EINVAL (reported), -ENOMEM. */
int lower_actions(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_action *acts,
		  size_t nr, bool ret_side, struct ir_selector *is);
/* Lower one selector of prog p (whose args are lowered). 0, -EINVAL
 * (reported), -ENOMEM.
 */
int lower_selector(struct lower_ctx *lc, struct ir_prog *p, const struct tp_selector *s,
		   struct ir_selector *is);
/* The return side of selector s (matchReturnArgs, matchReturnActions) of a return
 * probe, whose returnArg is lowered. 0, -EINVAL (reported), -ENOMEM.
 */
int lower_ret_selector(struct lower_ctx *lc, struct ir_prog *p, const struct tp_selector *s,
		       struct ir_selector *is);

/* spec.options into m (fail_closed). 0, -EINVAL (reported). */
int lower_options(struct lower_ctx *lc, const struct tp_policy *pol, struct ir_module *m);
/* Warns about enforcing filters on user-memory strings at syscall entry. */
void lower_warn_user_strings(struct lower_ctx *lc, const struct ir_module *m,
			     const struct ir_prog *p);

#endif
