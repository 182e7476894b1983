/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The IR: a policy-independent description of what each BPF program does,
 * in kernel terms. AST (policy.h) --lower--> IR --passes--> IR --codegen--> C.
 *
 *   ir_module   one policy
 *     ir_prog   one hook = one BPF program: attach plan, arg fetch plan,
 *               selector decision list (ir_selector: filters AND-ed,
 *               selectors OR-ed, first match wins), actions.
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
#include "tp_loc.h"

/* X(id, spelling): the operator enum, sema's lookup and ir_dump() share it. */
#define IR_OPS(X)					\
	X(EQ,		"Equal")			\
	X(NE,		"NotEqual")			\
	X(PREFIX,	"Prefix")			\
	X(NOTPREFIX,	"NotPrefix")			\
	X(POSTFIX,	"Postfix")			\
	X(NOTPOSTFIX,	"NotPostfix")			\
	X(GT,		"GT")				\
	X(LT,		"LT")				\
	X(MASK,		"Mask")				\
	X(INRANGE,	"InRange")			\
	X(NOTINRANGE,	"NotInRange")			\
	X(INMAP,	"InMap")			\
	X(NOTINMAP,	"NotInMap")			\
	X(IN,		"In")				\
	X(NOTIN,	"NotIn")

enum ir_op {
#define X(id, spelling) IR_OP_##id,
	IR_OPS(X)
#undef X
	__IR_OP_CNT,
};

const char *ir_op_name(enum ir_op op);

/* How an argument is represented once fetched. */
enum ir_vtype {
	IR_VT_INT,		/* integer, width/signedness in ir_arg */
	IR_VT_STR,		/* NUL-terminated string behind a pointer */
	IR_VT_BUF,		/* char_buf: pointer + size from another arg */
	IR_VT_FD,		/* fd number; string ops apply to its path */
};

/* Where an argument comes from. */
enum ir_src {
	IR_SRC_TP_COMMON,	/* common_pid: the current thread (BPF cannot read common_*) */
	IR_SRC_SYSCALL_NR,	/* syscall_trace_enter/exit .nr */
	IR_SRC_SYSCALL_ARG,	/* syscall_trace_enter .args[n] */
	IR_SRC_SYSCALL_RET,	/* syscall_trace_exit .ret */
	IR_SRC_TP_FIELD,	/* trace_event_raw_<class>.<field> (CO-RE) */
	IR_SRC_RAW_ARG,		/* raw_tp ctx->args[n] */
};

struct ir_arg {
	struct tp_loc loc;
	unsigned int id;		/* position in ir_prog.args, = event arg order */
	uint32_t index;			/* YAML index (format field / TP_PROTO position) */
	const char *tg_type;		/* Tetragon type name for events, e.g. "int", "string" */
	enum ir_vtype vt;
	unsigned int width;		/* bytes of the integer (1,2,4,8) */
	bool is_signed;
	bool user_ptr;			/* pointer into user memory (syscall args) */
	enum ir_src src;
	unsigned int src_n;		/* arg/field number for SYSCALL_ARG/RAW_ARG */
	const char *field;		/* field name for TP_COMMON/TP_FIELD (checked identifier) */
	int size_arg;			/* for IR_VT_BUF: ir_arg.id of the size, -1 none */
	const char *label;		/* may be NULL */
	bool hidden;			/* fetched for another arg (size), not in events */
	unsigned int buf_size;		/* set by "layout": match buffer bytes, 0: none */
	bool buf_pow2;			/* set by "layout": buffer is a power of two (Postfix) */
	unsigned int raw_read;		/* set by "layout": >0: read this many bytes with a plain
					 * probe read (no length), compare values with their NUL */
	unsigned int ev_slot;		/* set by "layout": event payload bytes reserved */
};

struct ir_str {
	const char *s;			/* may contain NUL bytes */
	size_t len;
};

struct ir_range {
	uint64_t lo, hi;		/* inclusive; compared signed if the arg is signed */
};

enum ir_filter_kind {
	IR_F_ARG,			/* matchArgs on ir_arg */
	IR_F_PID,			/* matchPIDs */
	IR_F_BINARY,			/* matchBinaries */
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
	uint64_t mask;
	bool is_signed;
	/* String operators: values sorted by (len, bytes), unique. */
	struct ir_str *strs;
	size_t nr_strs;
	size_t max_len;
	/* matchPIDs */
	bool ns_pid;
	bool follow_forks;
	unsigned int cost;		/* set by "order-filters": cheapest first */
};

enum ir_action_kind {
	IR_ACT_POST,
	IR_ACT_NOPOST,
	IR_ACT_SIGKILL,
	IR_ACT_SIGNAL,
};

struct ir_action {
	struct tp_loc loc;
	enum ir_action_kind kind;
	uint32_t sig;			/* IR_ACT_SIGNAL */
};

struct ir_selector {
	struct tp_loc loc;
	struct ir_filter *filters;
	size_t nr_filters;
	struct ir_action *actions;
	size_t nr_actions;
	bool post;			/* post an event (no NoPost) */
	unsigned int tg_action;		/* Tetragon action id reported (last action run) */
};

enum ir_hook {
	IR_HOOK_TRACEPOINT,		/* SEC("tracepoint/<subsys>/<event>") */
	IR_HOOK_RAW_TP,			/* SEC("raw_tp/<event>") */
};

/* One field of a tracepoint record (for CO-RE struct declarations). */
struct ir_tp_field {
	const char *name;		/* checked identifier */
	unsigned int size;		/* bytes */
	bool is_signed;
	unsigned int array_len;		/* 0: scalar */
	bool data_loc;			/* __data_loc: u32 (len << 16 | offset) */
};

struct ir_prog {
	struct tp_loc loc;
	unsigned int id;		/* hook id (position in the policy) */
	enum ir_hook hook;
	const char *subsys;		/* checked: [A-Za-z0-9_] */
	const char *event;
	const char *c_name;		/* set by "assign-names" */
	const char *sec;		/* ELF section (attach point), set by "assign-names" */
	bool syscall_tp;		/* syscalls/sys_enter_* or sys_exit_* */
	bool syscall_exit;
	const char *tp_struct;		/* trace_event_raw_<class> for IR_SRC_TP_FIELD args */
	struct ir_tp_field *tp_fields;
	size_t nr_tp_fields;
	struct ir_arg *args;
	size_t nr_args;
	struct ir_selector *selectors;
	size_t nr_selectors;
	bool no_selectors;		/* no selectors at all: every call posts */
	const char *message;		/* may be NULL */
	const char **tags;
	size_t nr_tags;
	bool scratch;			/* set by "layout": per-event state in a per-CPU map */
	bool tables;			/* set by "layout": some filter uses a sorted table */
	unsigned int key_words;		/* set by "layout": words of the search key buffer */
	unsigned int ev_size;		/* set by "layout": bytes of one event record */
	unsigned int nr_ev_args;	/* set by "layout": args that go into events */
};

struct ir_module {
	const char *policy_name;
	const char *kind;		/* "TracingPolicy" | "TracingPolicyNamespaced" */
	const char *namespace_;		/* may be NULL */
	const char *source;		/* path as given */
	struct ir_prog *progs;
	size_t nr_progs;
};

void ir_dump(const struct ir_module *m, FILE *out);
/* 0, or -EFAULT (internal error already logged) if an invariant is broken. */
int ir_verify(const struct ir_module *m);

#endif
