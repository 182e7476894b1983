/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The hook-kind table: everything that depends on the kind of hook (tracepoint,
 * raw_tp; next: kprobe/kretprobe, fentry/fexit, lsm, uprobe) in one row per kind,
 * so lowering, the passes, codegen and the meta never test the kind themselves.
 *
 * A row is data (names, event kind, kernel feature, return convention) and a few
 * operations that lowering (attach point, argument sources), assign-names (program
 * name, ELF section) and codegen (context type, record declarations, how an argument
 * is read) call. One file per kind family holds the rows and their operations
 * (hook_tracepoint.c); hooks.c lists the rows and maps the policy's spec lists onto
 * them. Adding a kind: docs/extending.md.
 */
#ifndef TPC_HOOKS_H
#define TPC_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "tp_loc.h"

struct btf;
struct cg;
struct ir_arg;
struct ir_prog;
struct lower_ctx;
struct tp_arena;

/* What a hook says about the raw value at an `args` index (a tracepoint format
 * field, later a BTF function parameter), for type checks and `type: auto`.
 */
struct hook_field {
	bool known;		/* false: nothing is known (raw_tp without BTF): types unchecked */
	const char *name;	/* field/parameter name (messages) */
	const char *decl;	/* its C type as the kernel spells it (messages) */
	unsigned int size;	/* bytes */
	bool is_signed;
	bool is_ptr;
	bool int_may_be_ptr;	/* a register that may carry a pointer (syscall args) */
	unsigned int array_len;	/* 0: scalar */
	bool data_loc;		/* tracepoint __data_loc field */
	/* The value's type in the target kernel's BTF (a raw tracepoint's TP_PROTO
	 * parameter, a kprobe/LSM function parameter or return value): type checks of
	 * kernel objects and `resolve` start here. Kinds that know it set btf and btf_id
	 * (kbtf_field() fills the rest; btf_func.c also the pointer facts below).
	 */
	const struct btf *btf;	/* NULL: no BTF type known */
	uint32_t btf_id;	/* the field's type id in btf, 0: not from BTF */
	bool is_addr;		/* the value is the address of an object of type btf_id
				 * (a resolve leaf that is a struct, union or array) */
	/* What BTF says about a function's pointer parameter (btf_func.c): */
	bool ptr_known;		/* is_ptr and the pointee is known: char_ptr, kstruct hold */
	bool char_ptr;		/* pointer to char (signed, unsigned) or void */
	const char *kstruct;	/* pointer to struct/union kstruct (NULL: not one) */
	bool user_ptr;		/* pointer tagged __user (BTF type tag "user") */
};

/* One hook of the policy as lowering sees it, whatever spec list it came from. */
struct hook_entry {
	const struct hook_kind *kind;
	struct tp_loc loc;
	const struct tp_arg *args;
	size_t nr_args;
	const struct tp_selector *selectors;
	size_t nr_selectors;
	struct tp_scalar message;
	const struct tp_scalar *tags;
	size_t nr_tags;
	const void *spec;	/* the kind's own AST entry (struct tp_tracepoint *, ...) */
	const struct tp_policy *pol;	/* for spec.lists */
	const struct tp_arg *ret_arg;	/* returnArg of a return probe, NULL: none */
	const char *call;	/* kinds with expand(): the element being lowered */
	struct tp_loc call_loc;
};

/* One BPF program of a hook (a hook may have several: entry and return, and a
 * variant per mechanism tpload chooses from on the node). Set by assign-names.
 */
enum ir_var_kind {
	IR_VAR_MAIN,		/* the hook's only program (tracepoint, raw_tp) */
	IR_VAR_KPROBE,		/* kprobe (+ bpf_override_return for Override) */
	IR_VAR_KRETPROBE,
	IR_VAR_FENTRY,
	IR_VAR_FMOD_RET,	/* fentry that may override (Override) */
	IR_VAR_FEXIT,
	IR_VAR_LSM,
};

struct ir_variant {
	enum ir_var_kind vk;
	const char *name;	/* C identifier = BPF program name (15 significant chars) */
	const char *sec;	/* ELF section, libbpf's spelling */
	const char *mech;	/* mechanism tpload chooses per node: "fentry", "kprobe",
				 * "lsm"; NULL: the program is always loaded */
	bool ret;		/* the return program of a return probe */
};

struct hook_kind {
	const char *name;	/* .tpc.meta "hook" type, IR dumps, `tpc version`: "tracepoint" */
	const char *title;	/* comments and messages: "raw tracepoint" */
	const char *c_prefix;	/* program name prefix, the unique part first: "tp", "rtp" */
	const char *ev_kind;	/* tp_ev_hdr.kind of its events, as C: "TP_EV_TRACEPOINT" */
	const char *feature;	/* kernel feature it needs (tests/kernel/probe.sh): "requires" */
	bool ret_errno;		/* the kernel obeys its return value (lsm, fmod_ret): Override */
	bool ret_any;		/* Override's argError may also be positive (the function
				 * returns it as is: fmod_ret, bpf_override_return) */
	const char *no_auto;	/* why `type: auto` is refused when no field is known */
	const char *no_enforce;	/* why Sigkill/Signal/Override are refused (NULL: allowed) */

	/* lower: the attach point. Checks the target, fills p->target and the kind's
	 * part of p->at; may set lc->hook_state for lower_arg. 0, -EINVAL (reported),
	 * -ENOMEM.
	 */
	int (*lower_attach)(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p);
	/* lower: where args index @index comes from: a->src, src_n, field, user_ptr;
	 * *f describes the raw value. Reports a bad index at @loc unless @quiet.
	 * 0, -EINVAL, -ENOMEM.
	 */
	int (*lower_arg)(struct lower_ctx *lc, struct ir_prog *p, uint32_t index,
			 struct tp_loc loc, bool quiet, struct ir_arg *a, struct hook_field *f);
	/* The type name `type: auto` means for field f, NULL if none (reported by caller). */
	const char *(*auto_type)(const struct hook_field *f);
	/* assign-names: the tail of the program name (after "<prefix><id>_") and the ELF
	 * section in libbpf's spelling. NULL on -ENOMEM.
	 */
	const char *(*name_tail)(const struct ir_prog *p);
	char *(*section)(struct tp_arena *arena, const struct ir_prog *p);
	/* codegen: the program's context type ("struct syscall_trace_enter") */
	void (*ctx_type)(const struct ir_prog *p, char *buf, size_t sz);
	/* codegen: declarations the program needs before its code (CO-RE views); may be NULL */
	void (*emit_decls)(struct cg *g);
	/* codegen: the C expression that reads arg a's raw value from ctx (st: the state) */
	void (*arg_expr)(const struct ir_prog *p, const struct ir_arg *a, char *buf, size_t sz);

	/* lower: the return value of a return probe (returnArg), described in *f.
	 * NULL: the kind has none. 0, -EINVAL (reported at loc), -ENOMEM.
	 */
	int (*lower_ret)(struct lower_ctx *lc, struct ir_prog *p, struct tp_loc loc,
			 struct hook_field *f);

	/* Kinds with more than one program per hook (NULL: one program, c_name/sec): */
	/* lower: the functions entry e stands for (call: list:NAME: many). *calls: an
	 * arena array of *n names (0: an empty list). 0, -EINVAL (reported), -ENOMEM,
	 * -ENODATA (a kernel input is missing, reported).
	 */
	int (*expand)(struct lower_ctx *lc, const struct hook_entry *e, const char ***calls,
		      size_t *n);
	/* assign-names: the programs (p->vars, p->nr_vars). 0 or -ENOMEM. */
	int (*variants)(struct tp_arena *arena, struct ir_prog *p);
	/* codegen: the programs after the hook's shared code (state, selectors, post) */
	void (*emit_progs)(struct cg *g);
	/* meta: the kernel features the hook needs, as "requires" alternatives
	 * ("fentry,fexit|kprobe,kretprobe"), into buf
	 */
	void (*requires)(const struct ir_prog *p, char *buf, size_t sz);
};

extern const struct hook_kind hook_tracepoint;
extern const struct hook_kind hook_raw_tp;
extern const struct hook_kind hook_kprobe;
extern const struct hook_kind hook_fentry;
extern const struct hook_kind hook_lsm;

/* Every hook kind tpc compiles, NULL-terminated (`tpc version`, tests). */
extern const struct hook_kind *const hook_kinds[];

/* Number of hook entries of pol over every spec list tpc compiles (an entry with
 * "call: list:NAME" stands for the list's functions: see expand).
 */
size_t hooks_count(const struct tp_policy *pol);
/* Entry i of pol (0 <= i < hooks_count(pol)): spec.tracepoints, spec.kprobes,
 * spec.fentries, spec.lsmhooks, each in order. Hook ids are the positions of the
 * hooks these entries lower to.
 */
void hooks_entry(const struct tp_policy *pol, size_t i, struct hook_entry *out);

#endif
