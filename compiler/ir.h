/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The IR: a policy-independent description of what each BPF program does,
 * in kernel terms. AST (policy.h) --lower--> IR --passes--> IR --codegen--> C.
 *
 *   ir_module   one policy
 *     ir_prog   one hook = one BPF program: attach plan (a row of the hook-kind
 *               table, hooks.h, and its data in ir_prog.at), arg fetch plan (each
 *               arg a row of the type table, tp_argtypes.h, and a source),
 *               selector decision list (ir_selector: filters AND-ed, selectors
 *               OR-ed, first match wins), actions, return values.
 *
 * Passes decide (strategies, order, buffers, names) and store the decision here;
 * codegen only reads the IR.
 *
 * Every node keeps the tp_loc of the YAML it came from, so checks done
 * after lowering still point at the policy. Values are typed and parsed
 * (no YAML text survives here except string constants, which reach C only
 * through c_quote()). All nodes live in the compilation's arena.
 */
#ifndef TPC_IR_H
#define TPC_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "tp_argtypes.h"
#include "tp_loc.h"

struct cel_expr;
struct hook_kind;
struct ir_variant;

/* X(id, spelling, classes): the operator enum, sema's lookup and ir_dump() share it.
 * classes: the operator classes (tp_argtypes.h TP_OPC_*) it belongs to; a matchArgs
 * operator applies to an argument whose type row accepts one of them. In/NotIn belong
 * to matchPIDs/matchBinaries only; CelExpr is an expression over several args (cel.h),
 * checked against each arg's type by lower_cel.c.
 */
#define IR_OPS(X)						\
	X(EQ,		"Equal",	TP_OPC_INT | TP_OPC_STR)	\
	X(NE,		"NotEqual",	TP_OPC_INT | TP_OPC_STR)	\
	X(PREFIX,	"Prefix",	TP_OPC_STR)			\
	X(NOTPREFIX,	"NotPrefix",	TP_OPC_STR)			\
	X(POSTFIX,	"Postfix",	TP_OPC_STR)			\
	X(NOTPOSTFIX,	"NotPostfix",	TP_OPC_STR)			\
	X(GT,		"GT",		TP_OPC_INT)			\
	X(LT,		"LT",		TP_OPC_INT)			\
	X(MASK,		"Mask",		TP_OPC_INT)			\
	X(INRANGE,	"InRange",	TP_OPC_INT)			\
	X(NOTINRANGE,	"NotInRange",	TP_OPC_INT)			\
	X(INMAP,	"InMap",	TP_OPC_INT)			\
	X(NOTINMAP,	"NotInMap",	TP_OPC_INT)			\
	X(FILETYPE,	"FileType",	TP_OPC_FILETYPE)		\
	X(NOTFILETYPE,	"NotFileType",	TP_OPC_FILETYPE)		\
	X(IN,		"In",		0)				\
	X(NOTIN,	"NotIn",	0)				\
	X(CELEXPR,	"CelExpr",	0)

enum ir_op {
#define X(id, spelling, classes) IR_OP_##id,
	IR_OPS(X)
#undef X
	__IR_OP_CNT,
};

const char *ir_op_name(enum ir_op op);
/* The operator classes (TP_OPC_*) op belongs to. */
unsigned int ir_op_classes(enum ir_op op);

/* The strategy thresholds, in one place (pass "choose-strategies" applies them):
 * a value set larger than this is searched in a sorted table (bpf_loop binary
 * search) instead of compared inline.
 */
#define IR_SMALL_SET		8	/* points of an integer set, strings of one group */
#define IR_SMALL_RANGES		4	/* ranges of an integer set */

/* Where an argument's raw value comes from. The hook kind turns a source into C
 * (hook_kind.arg_expr): IR_SRC_ARG is ctx->args[n] on a syscall tracepoint or a raw
 * tracepoint, a register on a kprobe, ctx[n] on fentry.
 */
enum ir_src {
	IR_SRC_TASK,		/* a field of the current task ("pid": tracepoint common_pid) */
	IR_SRC_NR,		/* the syscall number of a syscall hook */
	IR_SRC_ARG,		/* argument src_n of the hook (syscall / TP_PROTO / function) */
	IR_SRC_RET,		/* the return value (syscall exit; returnArg of a return probe) */
	IR_SRC_FIELD,		/* field `field` of the hook's record (CO-RE) */
};

/* `resolve`: a walk through kernel structs from an argument, read with CO-RE. Lowering
 * walks the target's BTF and records, per walk, the local "flavor" declarations codegen
 * prints (only the members read; libbpf ignores the ___ suffix of a flavor's name and
 * relocates every member access by name against the running kernel) and the reads.
 * Every name here is a checked C identifier (c_check_ident) from the BTF.
 */
enum ir_rs_ftype {
	IR_RSF_INT,			/* integer (bitfields too): __u8 .. __s64 */
	IR_RSF_ENUM,			/* enum of `size` bytes (an anonymous local enum) */
	IR_RSF_PTR,			/* pointer not walked through: void * */
	IR_RSF_PTR_REC,			/* pointer to record `rec` */
	IR_RSF_REC,			/* embedded record `rec` */
};

struct ir_rs_field {
	const char *name;
	enum ir_rs_ftype type;
	unsigned int rec;		/* IR_RSF_PTR_REC, IR_RSF_REC: index in ir_resolve.recs */
	unsigned int size;		/* IR_RSF_INT, IR_RSF_ENUM: bytes */
	bool is_signed;
	unsigned int array_len;		/* 0: not an array; else the local length (>= index + 1) */
};

struct ir_rs_rec {
	const char *kname;		/* the kernel struct/union's name, NULL if anonymous */
	bool is_union;
	struct ir_rs_field *fields;
	size_t nr_fields;
};

enum ir_rs_leaf {
	IR_RS_LEAF_INT,			/* an integer read (size and sign from the running kernel) */
	IR_RS_LEAF_PTR,			/* a pointer read: the value is the pointer */
	IR_RS_LEAF_ADDR,		/* a struct, union or array: the value is its address */
};

/* One read of the walk: from pointer variable p<i> (i: its position in reads), whose
 * pointee is described by `pointee` (a record, or for an indexed pointer, an integer,
 * enum or pointer element), the lvalue p<i><access> with access a C member chain
 * ("[0].f_path.dentry", "[2]"): checked identifiers and decimal indexes only.
 */
struct ir_rs_read {
	struct ir_rs_field pointee;	/* name unused; type IR_RSF_REC, _INT, _ENUM or _PTR */
	const char *access;
};

struct ir_resolve {
	const char *path;		/* as written (comments only, through c_comment_text) */
	const char *from;		/* the start type, C spelling (comments) */
	struct ir_rs_rec *recs;
	size_t nr_recs;
	struct ir_rs_read *reads;	/* reads[0 .. nr_reads - 1) read pointers, the last one
					 * the leaf (or, for IR_RS_LEAF_ADDR, takes its address) */
	size_t nr_reads;
	enum ir_rs_leaf leaf;
	const char *leaf_type;		/* the leaf's C spelling (comments, messages) */
};

struct ir_arg {
	struct tp_loc loc;
	unsigned int id;		/* position in ir_prog.args, = event arg order */
	uint32_t index;			/* YAML index (format field / TP_PROTO position) */
	const struct tp_argtype *type;	/* its row of the type table (tp_argtypes.h) */
	bool user_ptr;			/* pointer into user memory (syscall args) */
	enum ir_src src;
	unsigned int src_n;		/* argument number for IR_SRC_ARG */
	const char *field;		/* field name for IR_SRC_TASK/FIELD (checked identifier) */
	int size_arg;			/* for TP_REPR_BUF: ir_arg.id of the size, -1 none */
	const char *label;		/* may be NULL */
	bool hidden;			/* fetched for another arg (size), not in events */
	bool ret_val;			/* returnArg: the return value, read by the return
					 * program only; last in the args and in events */
	bool ptr_as_int;		/* an integer type on a pointer the hook types as one
					 * (BTF): trampolines read it as a number */
	bool ctx_opaque;		/* a pointer parameter the verifier does not let a
					 * trampoline read from ctx (before 6.6 or so, only
					 * pointers to structs, ints, char and void are;
					 * btf_ctx_access()): read with bpf_get_func_arg */
	bool any_mem;			/* pointer that may be into kernel or user memory (a
					 * function's char * without a __user tag): read as
					 * kernel memory, then as user memory */
	unsigned int buf_size;		/* set by "layout": match buffer bytes, 0: none */
	bool buf_pow2;			/* set by "layout": buffer is a power of two (Postfix) */
	unsigned int raw_read;		/* set by "layout": >0: read this many bytes with a plain
					 * probe read (no length), compare values with their NUL */
	unsigned int ev_slot;		/* set by "layout": event payload bytes reserved */
	struct ir_resolve *resolve;	/* NULL, or the walk from the raw value to the value */
	bool max_data;			/* maxData: buffers get TP_BUF_MAX_DATA bytes */
};

struct ir_str {
	const char *s;			/* may contain NUL bytes */
	size_t len;
};

/* A group of a string filter's values that codegen evaluates together: the values
 * of one length for Prefix/Postfix, all of them for Equal/In. Set by
 * "choose-strategies".
 */
struct ir_strgrp {
	size_t first, n;		/* strs[first .. first + n) */
	size_t len;			/* Prefix/Postfix: the values' length; else the longest */
	unsigned int nw;		/* 8-byte words of a key / table row */
	bool table;			/* sorted table + binary search (strs sorted as the BPF
					 * side compares: length, then words); else inline */
};

struct ir_range {
	uint64_t lo, hi;		/* inclusive; compared signed if the arg is signed */
};

enum ir_filter_kind {
	IR_F_ARG,			/* matchArgs on ir_arg */
	IR_F_PID,			/* matchPIDs */
	IR_F_BINARY,			/* matchBinaries */
	IR_F_NS,			/* matchNamespaces: one namespace's inode */
	IR_F_CAPS,			/* matchCapabilities: one capability set */
	IR_F_NS_CHANGE,			/* matchNamespaceChanges: mask = 1 << enum ir_ns */
	IR_F_CAPS_CHANGE,		/* matchCapabilityChanges: as IR_F_CAPS */
	IR_F_CEL,			/* matchArgs CelExpr: an expression over args (cel) */
};

/* matchNamespaces' `namespace`, in the CRD's order (tp_select.bpf.h TP_NS_*). */
enum ir_ns {
	IR_NS_UTS,
	IR_NS_IPC,
	IR_NS_MNT,
	IR_NS_PID,
	IR_NS_PID_FOR_CHILDREN,
	IR_NS_NET,
	IR_NS_TIME,
	IR_NS_TIME_FOR_CHILDREN,
	IR_NS_CGROUP,
	IR_NS_USER,
};

/* matchCapabilities' `type` (tp_select.bpf.h TP_CAPS_*). */
enum ir_capset {
	IR_CAPS_EFFECTIVE,
	IR_CAPS_INHERITABLE,
	IR_CAPS_PERMITTED,
};

struct ir_filter {
	struct tp_loc loc;
	enum ir_filter_kind kind;
	enum ir_op op;
	unsigned int arg;		/* IR_F_ARG: ir_arg.id */
	/* Integer operators: a canonical set (sorted unique points + sorted ranges).
	 * EQ/NE/INMAP/NOTINMAP/INRANGE/NOTINRANGE/IN/NOTIN use points+ranges;
	 * GT/LT use bound; MASK uses mask.
	 */
	uint64_t *points;
	size_t nr_points;
	struct ir_range *ranges;
	size_t nr_ranges;
	uint64_t bound;
	uint64_t mask;			/* MASK; FILETYPE/NOTFILETYPE: points are S_IFMT values */
	bool is_signed;
	/* String operators: values sorted by (len, bytes), unique. */
	struct ir_str *strs;
	size_t nr_strs;
	size_t max_len;
	/* matchPIDs */
	bool ns_pid;
	bool follow_forks;
	/* matchNamespaces: which namespace (the inodes are points);
	 * matchCapabilities, matchCapabilityChanges: which set, the capabilities in
	 * mask, and isNamespaceCapability (only tasks outside the host user namespace
	 * match); matchNamespaceChanges: the kinds listed in mask (1 << enum ir_ns) */
	enum ir_ns ns;
	enum ir_capset capset;
	bool ns_cap;
	/* CelExpr: the checked expression, its args bound to ir_arg ids (cel.h) */
	const struct cel_expr *cel;
	/* set by "choose-strategies": how codegen evaluates the value set */
	bool pts_table;			/* points: sorted table + binary search, else inline */
	bool rng_table;			/* ranges: same */
	struct ir_strgrp *groups;	/* string values, in evaluation order */
	size_t nr_groups;
	bool tables;			/* one of the above is a table */
	unsigned int cost;		/* set by "order-filters": cheapest first */
};

enum ir_rl_scope {		/* tp_ratelimit.bpf.h TP_RL_* */
	IR_RL_THREAD,
	IR_RL_PROCESS,
	IR_RL_GLOBAL,
};

enum ir_action_kind {
	IR_ACT_POST,
	IR_ACT_NOPOST,
	IR_ACT_SIGKILL,
	IR_ACT_SIGNAL,
	IR_ACT_OVERRIDE,		/* the hooked function returns err (kind-dependent) */
};

struct ir_action {
	struct tp_loc loc;
	enum ir_action_kind kind;
	uint32_t sig;			/* IR_ACT_SIGNAL */
	int32_t err;			/* IR_ACT_OVERRIDE: -errno */
};

struct ir_selector {
	struct tp_loc loc;
	struct ir_filter *filters;
	size_t nr_filters;
	struct ir_action *actions;
	size_t nr_actions;
	bool post;			/* post an event (no NoPost) */
	bool enforces;			/* has an enforcement action (Sigkill, Signal, Override) */
	unsigned int tg_action;		/* Tetragon action id reported (last action run) */
	int ret;			/* the program's return value when this selector matched:
					 * 0, or -errno (Override) on kinds with ret_errno,
					 * or 1..4095 on kinds with ret_any */
	bool ret_side;			/* matchReturnArgs + matchReturnActions of a return
					 * probe: evaluated by its return program */
	uint64_t rl_ns;			/* Post's rateLimit window, 0 for none */
	unsigned int rl_scope;		/* rateLimitScope: IR_RL_THREAD, _PROCESS, _GLOBAL */
	bool ima_hash;			/* Post's imaHash: the record carries the IMA hash of
					 * the hook's file (lsm_ima.c) */
};

/* One field of a tracepoint record (for CO-RE struct declarations). */
struct ir_tp_field {
	const char *name;		/* checked identifier */
	unsigned int size;		/* bytes */
	bool is_signed;
	unsigned int array_len;		/* 0: scalar */
	bool data_loc;			/* __data_loc: u32 (len << 16 | offset) */
};

/* Attach data of tracepoint and raw_tp hooks (hook_tracepoint.c). */
struct ir_tp_attach {
	const char *subsys;		/* checked: [A-Za-z0-9_] */
	const char *event;		/* checked: [A-Za-z0-9_] */
	bool syscall;			/* syscalls/sys_enter_* or sys_exit_* */
	bool syscall_exit;
	const char *record;		/* trace_event_raw_<class> for IR_SRC_FIELD args */
	struct ir_tp_field *fields;
	size_t nr_fields;
};

/* Attach data of kprobe, fentry and lsm hooks (hook_kprobe.c): a kernel function,
 * hooked by the mechanism tpload picks on the node (object-format.md "Mechanisms").
 */
struct ir_kp_attach {
	const char *func;		/* as the policy names it, checked [A-Za-z0-9_.]: a
					 * function, "sys_openat" (syscall), an LSM hook */
	const char *btf_func;		/* the function checked in the target BTF, NULL: none */
	const char *list;		/* list:NAME it was expanded from, NULL: none */
	bool syscall;			/* arch prefix added by tpload; args from the inner
					 * struct pt_regs of the syscall wrapper */
	bool ret;			/* return probe (return: true) */
	bool override;			/* a selector has Override */
	bool ignore_missing;		/* ignore.callNotFound */
	unsigned int nr_params;		/* function parameters in the target BTF (0: unknown) */
};

struct ir_prog {
	struct tp_loc loc;
	unsigned int id;		/* hook id (position in the policy) */
	const struct hook_kind *kind;	/* its row of the hook-kind table (hooks.h) */
	const char *target;		/* attach target as meta and messages name it:
					 * "subsys/event" for tracepoints */
	const char *c_name;		/* set by "assign-names" */
	const char *sec;		/* ELF section (attach point), set by "assign-names" */
	struct ir_variant *vars;	/* set by "assign-names": the BPF programs (hooks.h) */
	size_t nr_vars;
	union {
		struct ir_tp_attach tp;	/* hook_tracepoint, hook_raw_tp */
		struct ir_kp_attach kp;	/* hook_kprobe, hook_fentry, hook_lsm */
	} at;				/* what only the hook kind reads */
	struct ir_arg *args;
	size_t nr_args;
	struct ir_selector *selectors;	/* entry selectors, then (return probes) the
					 * return side of each (ret_side) */
	size_t nr_selectors;
	size_t nr_ret_selectors;	/* the last nr_ret_selectors are ret_side */
	bool no_selectors;		/* no selectors at all: every call posts */
	int ret;			/* return value when no selector matched: 0 */
	bool exec_hook;			/* sched_process_exec: records the exec in tp_procs
					 * itself if the core has not yet (tp_proc.bpf.h) */
	const char *message;		/* may be NULL */
	const char **tags;
	size_t nr_tags;
	bool scratch;			/* set by "layout": per-event state in a per-CPU map */
	bool tables;			/* set by "layout": some filter uses a sorted table */
	unsigned int key_words;		/* set by "layout": words of the search key buffer */
	unsigned int ev_size;		/* set by "layout": bytes of one event record */
	unsigned int ev_entry_size;	/* set by "layout": bytes the entry program of a return
					 * probe keeps for its return program (all but returnArg) */
	unsigned int nr_ev_args;	/* set by "layout": args that go into events */
};

/* A kernel input lowering read (target.h): recorded as a "target" line of the
 * object's .tpc.meta (docs/object-format.md).
 */
struct ir_input {
	const char *kind;		/* "btf" | "tracefs" */
	const char *origin;		/* where it came from (tp_snapshot.h tp_origin()) */
	char sha256[65];		/* btf: the raw BTF; tracefs: the formats this policy read */
};

struct ir_module {
	const char *policy_name;
	const char *kind;		/* "TracingPolicy" | "TracingPolicyNamespaced" */
	const char *namespace_;		/* may be NULL */
	const char *source;		/* path as given */
	bool fail_closed;		/* spec.options tpc-fail-closed: a value that cannot be
					 * read or compared matches, for enforcing selectors */
	struct ir_prog *progs;
	size_t nr_progs;
	struct ir_input *inputs;	/* kernel inputs read, btf first (set by lowering) */
	size_t nr_inputs;
};

/* Little-endian word i of s[0..len), and the mask of its bytes < len (string
 * constants are compared as words; passes sort tables by them).
 */
uint64_t ir_str_word(const char *s, size_t len, size_t i, uint64_t *mask);

void ir_dump(const struct ir_module *m, FILE *out);
/* 0, or -EFAULT (internal error already logged) if an invariant is broken. */
int ir_verify(const struct ir_module *m);

#endif
