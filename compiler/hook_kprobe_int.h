/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Internal to the kernel-function hook kinds (hook_kprobe*.c): the lowering state
 * and the operations the rows of hook_kprobe.c point to.
 */
#ifndef TPC_HOOK_KPROBE_INT_H
#define TPC_HOOK_KPROBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tp_loc.h"

struct btf;
struct cg;
struct hook_entry;
struct hook_field;
struct ir_arg;
struct ir_prog;
struct lower_ctx;
struct tf_format;
struct tp_arena;
struct tp_list;

#define KP_MAX_ARG	4	/* args index 0-4: five registers (Tetragon's limit) */
#define KP_NAME_MAX	128
#define KP_FTRACE_LIST_MAX	1024	/* hooks from one generated_ftrace list */

/* Lowering state of one hook (lc->hook_state). */
struct kp_state {
	const struct btf *btf;
	bool have_proto;	/* the function's prototype is known */
	uint32_t proto;
	struct tf_format *sysfmt;	/* syscall: its sys_enter format, NULL: unknown */
	unsigned int nr_sysargs;
};

/* Arch prefixes of syscall wrappers (Tetragon pkg/arch supportedArchPrefix). */
#define KP_NR_SYS_PREFIXES	3
extern const char *const kp_sys_prefixes[KP_NR_SYS_PREFIXES];

/* Call names and lists (hook_kprobe_calls.c) */
bool kp_is_func_name(const char *s);
bool kp_list_is_syscalls(const struct tp_list *l);
const struct tp_list *kp_call_list(const struct hook_entry *e);
const char *kp_sys_base(const char *name);
int kp_expand(struct lower_ctx *lc, const struct hook_entry *e, const char ***calls,
	      size_t *n);

/* Lowering (hook_kprobe_lower.c): hook_kind.lower_attach, lower_arg, lower_ret */
int kp_lower_attach(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p);
int lsm_lower_attach(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p);
int kp_lower_arg(struct lower_ctx *lc, struct ir_prog *p, uint32_t idx, struct tp_loc loc,
		 bool quiet, struct ir_arg *a, struct hook_field *hf);
int kp_lower_ret(struct lower_ctx *lc, struct ir_prog *p, struct tp_loc loc,
		 struct hook_field *hf);

/* Names, sections, mechanism variants, requirements (hook_kprobe_names.c) */
const char *kp_name_tail(const struct ir_prog *p);
char *kp_section(struct tp_arena *arena, const struct ir_prog *p);
char *lsm_section(struct tp_arena *arena, const struct ir_prog *p);
int kp_variants(struct tp_arena *arena, struct ir_prog *p);
int fe_variants(struct tp_arena *arena, struct ir_prog *p);
int lsm_variants(struct tp_arena *arena, struct ir_prog *p);
void kp_requires(const struct ir_prog *p, char *buf, size_t sz);

/* Code (hook_kprobe_codegen.c): hook_kind.ctx_type, arg_expr, emit_progs */
void kp_ctx_type(const struct ir_prog *p, char *buf, size_t sz);
void kp_tramp_arg_expr(const struct ir_prog *p, const struct ir_arg *a, char *buf, size_t sz);
void kp_emit_progs(struct cg *g);

#endif
