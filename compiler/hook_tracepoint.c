// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hook kinds "tracepoint" (SEC("tracepoint/<subsys>/<event>"), the record read through
 * a CO-RE view of its struct, or syscall_trace_enter/exit for syscalls/sys_*) and
 * "raw_tp" (SEC("raw_tp/<event>"), the TP_PROTO arguments): their rows of the hook-kind
 * table (hooks.h) and every operation that depends on them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "codegen_int.h"
#include "diag.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "kbtf.h"
#include "lower_int.h"
#include "target.h"
#include "tp_abi.h"
#include "tp_class.h"
#include "tracefs.h"

static bool is_ident_chars(const char *s, size_t len)
{
	size_t i;

	if (!len || len > 64)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- lower */

/* subsystem and event: checked names (they reach C identifiers and sections). */
static int lower_names(struct lower_ctx *lc, const struct tp_tracepoint *tp, struct ir_prog *p)
{
	if (!tp->subsystem.s || !is_ident_chars(tp->subsystem.s, tp->subsystem.len)) {
		diag_error(lc->d, tp->subsystem.loc, "bad-tracepoint",
			   "subsystem must be a tracepoint system name ([A-Za-z0-9_], 1-64 chars)");
		return -EINVAL;
	}
	if (!tp->event.s || !is_ident_chars(tp->event.s, tp->event.len)) {
		diag_error(lc->d, tp->event.loc, "bad-tracepoint",
			   "event must be a tracepoint event name ([A-Za-z0-9_], 1-64 chars)");
		return -EINVAL;
	}
	p->at.tp.subsys = tp->subsystem.s;
	p->at.tp.event = tp->event.s;
	p->target = arena_printf(lc->arena, "%s/%s", tp->subsystem.s, tp->event.s);
	return p->target ? 0 : -ENOMEM;
}

/* What raw_tp_lower_arg() reads: the event's TP_PROTO from the target's BTF. */
struct raw_tp_state {
	const struct btf *btf;
	uint32_t proto;			/* func_proto of btf_trace_<event> */
	unsigned int nr_params;		/* with the leading void *__data */
};

/* The raw tracepoint's TP_PROTO: the kernel declares typedef btf_trace_<event> (a
 * pointer to void (void *__data, <TP_PROTO>)) for every event, DEFINE_EVENT ones too
 * (Tetragon reads __bpf_trace_<event>, which only TRACE_EVENT classes have).
 */
static int raw_tp_lower_attach(struct lower_ctx *lc, const struct hook_entry *e,
			       struct ir_prog *p)
{
	const struct tp_tracepoint *tp = e->spec;
	struct raw_tp_state *rs;
	char td[96];
	int err;

	err = lower_names(lc, tp, p);
	if (err)
		return err;
	/* the exec may not be in tp_procs yet when this program runs (tp_proc.bpf.h) */
	p->exec_hook = !strcmp(p->at.tp.event, "sched_process_exec");
	rs = lower_alloc(lc, 1, sizeof(*rs));
	if (!rs)
		return -ENOMEM;
	err = lower_need_btf(lc, tp->loc, p->target, &rs->btf);
	if (err)
		return err;
	snprintf(td, sizeof(td), "btf_trace_%s", p->at.tp.event);
	err = kbtf_func_ptr_proto(rs->btf, td, &rs->proto, &rs->nr_params);
	if (err || !rs->nr_params) {
		diag_error(lc->d, tp->event.loc, "unknown-tracepoint",
			   "raw tracepoint %s not found in the target kernel's BTF (%s): no %s%s",
			   p->at.tp.event, target_where(lc->target, TARGET_BTF), td,
			   err == -EINVAL || (!err && !rs->nr_params) ? " function pointer" : "");
		return -EINVAL;
	}
	lc->hook_state = rs;
	return 0;
}

/* The format, the syscall shape, and the CO-RE record struct of a tracepoint. */
static int tp_lower_attach(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p)
{
	const struct tp_tracepoint *tp = e->spec;
	struct ir_tp_attach *at = &p->at.tp;
	struct tf_format *fmt;
	size_t i;
	int err;

	err = lower_names(lc, tp, p);
	if (err)
		return err;
	/* the exec may not be in tp_procs yet when this program runs (tp_proc.bpf.h) */
	p->exec_hook = !strcmp(at->subsys, "sched") && !strcmp(at->event, "sched_process_exec");
	fmt = lower_alloc(lc, 1, sizeof(*fmt));
	if (!fmt)
		return -ENOMEM;
	err = lower_need_format(lc, tp->loc, at->subsys, at->event, fmt);
	if (err == -ENOENT || err == -EINVAL) {
		diag_error(lc->d, tp->event.loc, "unknown-tracepoint",
			   "tracepoint %s not found in %s (%s)", p->target,
			   target_where(lc->target, TARGET_TRACEFS), strerror(-err));
		return -EINVAL;
	}
	if (err)
		return err;
	lc->hook_state = fmt;
	at->syscall = strcmp(at->subsys, "syscalls") == 0 &&
		      (strncmp(at->event, "sys_enter_", 10) == 0 ||
		       strncmp(at->event, "sys_exit_", 9) == 0);
	at->syscall_exit = at->syscall && strncmp(at->event, "sys_exit_", 9) == 0;
	if (at->syscall)
		return 0;

	/* the CO-RE struct trace_event_raw_<class>: the event's own name, or its
	 * DEFINE_EVENT class found by its fields in the target's BTF
	 */
	const struct btf *btf;
	char cls[160];

	err = lower_need_btf(lc, tp->loc, p->target, &btf);
	if (err)
		return err;
	err = tp_class_find(btf, at->event, fmt, cls, sizeof(cls));
	if (err == -ENOENT || (!err && c_check_ident(cls))) {
		diag_error(lc->d, tp->event.loc, "unknown-tracepoint",
			   "no struct trace_event_raw_* in the target kernel's BTF (%s) has the fields of %s",
			   target_where(lc->target, TARGET_BTF), p->target);
		return -EINVAL;
	}
	if (err)
		return err;
	at->record = arena_strdup(lc->arena, cls);
	at->fields = lower_alloc(lc, fmt->nr_fields, sizeof(*at->fields));
	if (!at->record || !at->fields)
		return -ENOMEM;
	for (i = 0; i < fmt->nr_fields; i++) {
		const struct tf_field *f = &fmt->fields[i];
		struct ir_tp_field *o;

		if (f->common || c_check_ident(f->name))
			continue;
		o = &at->fields[at->nr_fields++];
		o->name = f->name;
		o->size = f->size;
		o->is_signed = f->is_signed;
		o->array_len = f->array_len;
		o->data_loc = f->data_loc;
	}
	return 0;
}

/* Format field idx: its source, and what it is. */
static int tp_lower_arg(struct lower_ctx *lc, struct ir_prog *p, uint32_t idx, struct tp_loc loc,
			bool quiet, struct ir_arg *a, struct hook_field *hf)
{
	const struct tf_format *fmt = lc->hook_state;
	const struct tf_field *f;
	size_t i;

	if (idx >= fmt->nr_fields) {
		if (!quiet)
			diag_error(lc->d, loc, "bad-arg-index",
				   "tracepoint %s has %zu format fields (0-%zu); index %u does not exist",
				   p->target, fmt->nr_fields, fmt->nr_fields - 1, idx);
		return -EINVAL;
	}
	f = &fmt->fields[idx];
	*hf = (struct hook_field){
		.known = true, .name = f->name, .decl = f->decl, .size = f->size,
		.is_signed = f->is_signed, .is_ptr = f->is_ptr, .array_len = f->array_len,
		.data_loc = f->data_loc,
	};
	if (f->common) {
		/* BPF programs cannot read the first 8 bytes of a tracepoint record;
		 * common_pid is the current thread's pid, the rest (type, flags,
		 * preempt_count) is not available.
		 */
		if (strcmp(f->name, "common_pid")) {
			if (!quiet)
				diag_error(lc->d, loc, "unsupported",
					   "not supported yet: field %u (%s) of %s: BPF programs cannot read common fields other than common_pid",
					   idx, f->name, p->target);
			return -EINVAL;
		}
		a->src = IR_SRC_TASK;
		a->field = "pid";
		return 0;
	}
	if (p->at.tp.syscall) {
		if (strcmp(f->name, "__syscall_nr") == 0) {
			a->src = IR_SRC_NR;
			return 0;
		}
		if (p->at.tp.syscall_exit) {
			a->src = IR_SRC_RET;
			return 0;
		}
		/* fields after __syscall_nr are args[0..5] in order: registers
		 * holding user pointers or numbers, whatever the declared type
		 */
		a->src = IR_SRC_ARG;
		a->src_n = 0;
		for (i = 0; i < idx; i++)
			if (!fmt->fields[i].common && strcmp(fmt->fields[i].name, "__syscall_nr"))
				a->src_n++;
		a->user_ptr = true;
		hf->int_may_be_ptr = true;
		return 0;
	}
	if (c_check_ident(f->name)) {
		if (!quiet)
			diag_error(lc->d, loc, "bad-arg-index",
				   "format field %u of %s has a name tpc cannot use", idx, p->target);
		return -EINVAL;
	}
	a->src = IR_SRC_FIELD;
	a->field = f->name;
	return 0;
}

/* TP_PROTO position idx, and its BTF type. */
static int raw_tp_lower_arg(struct lower_ctx *lc, struct ir_prog *p, uint32_t idx,
			    struct tp_loc loc, bool quiet, struct ir_arg *a, struct hook_field *hf)
{
	const struct raw_tp_state *rs = lc->hook_state;
	unsigned int n = rs->nr_params - 1;	/* without void *__data */
	const char *name;
	uint32_t id;

	if (idx >= n || idx > 11) {
		if (!quiet)
			diag_error(lc->d, loc, "bad-arg-index",
				   "raw tracepoint %s has %u TP_PROTO argument%s%s; index %u does not exist",
				   p->at.tp.event, n, n == 1 ? "" : "s", n > 12 ? " (tpc reads 0-11)" : "",
				   idx);
		return -EINVAL;
	}
	id = kbtf_param(rs->btf, rs->proto, idx + 1, &name);
	*hf = (struct hook_field){ 0 };
	if (!*name)	/* btf_trace_* typedefs name no parameter */
		name = arena_printf(lc->arena, "TP_PROTO argument %u", idx);
	if (!name || kbtf_field(rs->btf, id, name, lc->arena, hf))
		return -ENOMEM;
	a->src = IR_SRC_ARG;
	a->src_n = idx;
	return 0;
}

/* type: auto, from the format field. */
static const char *tp_auto_type(const struct hook_field *f)
{
	if (f->data_loc || f->array_len)
		return NULL;
	if (f->is_ptr)
		return "char_buf";
	if (strstr(f->decl, "size_t"))
		return "size_t";
	switch (f->size) {
	case 1: return f->is_signed ? "int8" : "uint8";
	case 2: return f->is_signed ? "int16" : "uint16";
	case 4: return f->is_signed ? "int32" : "uint32";
	case 8: return f->is_signed ? "int64" : "uint64";
	}
	return NULL;
}

/* ---------------------------------------------------------------- names */

static const char *tp_name_tail(const struct ir_prog *p)
{
	return p->at.tp.event;
}

static char *tp_section(struct tp_arena *arena, const struct ir_prog *p)
{
	return arena_printf(arena, "tracepoint/%s/%s", p->at.tp.subsys, p->at.tp.event);
}

static char *raw_tp_section(struct tp_arena *arena, const struct ir_prog *p)
{
	return arena_printf(arena, "raw_tp/%s", p->at.tp.event);
}

/* ---------------------------------------------------------------- codegen */

static void tp_ctx_type(const struct ir_prog *p, char *buf, size_t sz)
{
	if (p->at.tp.syscall)
		snprintf(buf, sz, "struct %s",
			 p->at.tp.syscall_exit ? "syscall_trace_exit" : "syscall_trace_enter");
	else
		snprintf(buf, sz, "struct %s", p->at.tp.record);
}

static void raw_tp_ctx_type(const struct ir_prog *p, char *buf, size_t sz)
{
	snprintf(buf, sz, "struct bpf_raw_tracepoint_args");
}

/* The CO-RE view of a non-syscall tracepoint's record. */
static void tp_emit_decls(struct cg *g)
{
	const struct ir_prog *p = g->p;
	const struct ir_tp_attach *at = &p->at.tp;
	size_t i;

	if (at->syscall)
		return;
	emit_line(g->e, "/* CO-RE view of the %s record: libbpf relocates each field", p->target);
	emit_line(g->e, " * against the running kernel's BTF; offsets here are not used. */");
	emit_open(g->e, "struct %s", at->record);
	emit_line(g->e, "struct trace_entry ent;");
	for (i = 0; i < at->nr_fields; i++) {
		const struct ir_tp_field *f = &at->fields[i];

		if (f->data_loc)
			emit_line(g->e, "__u32 __data_loc_%s;", f->name);
		else if (f->array_len)
			emit_line(g->e, "%s %s[%u];",
				  cg_int_ctype(f->size / (f->array_len ?: 1), f->is_signed), f->name,
				  f->array_len);
		else
			emit_line(g->e, "%s %s;", cg_int_ctype(f->size, f->is_signed), f->name);
	}
	emit_close(g->e, " __attribute__((preserve_access_index));");
	emit_blank(g->e);
}

/* The raw value of arg a, from ctx (or the task for common_pid). */
static void tp_arg_expr(const struct ir_prog *p, const struct ir_arg *a, char *buf, size_t sz)
{
	switch (a->src) {
	case IR_SRC_TASK:	/* common_pid: BPF cannot read common_* from ctx */
		snprintf(buf, sz, "st.task->%s", a->field);
		break;
	case IR_SRC_NR:
		snprintf(buf, sz, "ctx->nr");
		break;
	case IR_SRC_ARG:	/* syscall_trace_enter.args[n], bpf_raw_tracepoint_args.args[n] */
		snprintf(buf, sz, "ctx->args[%u]", a->src_n);
		break;
	case IR_SRC_RET:
		snprintf(buf, sz, "ctx->ret");
		break;
	case IR_SRC_FIELD:
		snprintf(buf, sz, "ctx->%s", a->field);
		break;
	}
}

/* ---------------------------------------------------------------- rows */

const struct hook_kind hook_tracepoint = {
	.name = "tracepoint",
	.title = "tracepoint",
	.c_prefix = "tp",
	.ev_kind = "TP_EV_TRACEPOINT",
	.feature = "tracepoint",
	.lower_attach = tp_lower_attach,
	.lower_arg = tp_lower_arg,
	.auto_type = tp_auto_type,
	.name_tail = tp_name_tail,
	.section = tp_section,
	.ctx_type = tp_ctx_type,
	.emit_decls = tp_emit_decls,
	.arg_expr = tp_arg_expr,
};

const struct hook_kind hook_raw_tp = {
	.name = "raw_tp",
	.title = "raw tracepoint",
	.c_prefix = "rtp",
	.ev_kind = "TP_EV_TRACEPOINT",
	.feature = "raw_tp",
	.no_auto = "type 'auto' needs a tracepoint format; raw tracepoint arguments need an explicit type",
	.lower_attach = raw_tp_lower_attach,
	.lower_arg = raw_tp_lower_arg,
	.auto_type = tp_auto_type,
	.name_tail = tp_name_tail,
	.section = raw_tp_section,
	.ctx_type = raw_tp_ctx_type,
	.emit_decls = NULL,
	.arg_expr = tp_arg_expr,
};
