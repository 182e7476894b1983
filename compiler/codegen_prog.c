// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* IR -> BPF C, per program: the selectors' actions, the program body (prologue,
 * argument fetch, selector dispatch), a return probe's return side, and the
 * program itself through the hook-kind table (hooks.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "codegen_int.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "lsm_ima.h"
#include "tp_abi.h"

/* A selector with matchNamespaceChanges/matchCapabilityChanges matched: the
 * process's reference becomes the current values (tp_chg.bpf.h), so a change
 * matches once. Tetragon refreshes when the event is sent (generic_output());
 * tpc whenever the selector matches, NoPost too.
 */
static void emit_chg_refresh(struct cg *g, const struct ir_selector *s)
{
	bool caps = false, ns = false;
	size_t i;

	for (i = 0; i < s->nr_filters; i++) {
		caps |= s->filters[i].kind == IR_F_CAPS_CHANGE;
		ns |= s->filters[i].kind == IR_F_NS_CHANGE;
	}
	if (caps || ns)
		emit_line(g->e, "tp_chg_refresh(%s, %d, %d);\t/* the change matches once */", g->st,
			  caps, ns);
}

static void emit_actions(struct cg *g, const struct ir_selector *s, unsigned int si)
{
	const struct ir_prog *p = g->p;
	bool ret_probe = p->ev_entry_size != 0;
	char rl[48] = "";
	size_t i;

	emit_line(g->e, "struct tp_counters *c = TP_CNT(%u);", cg_sel_row(g, si));
	emit_blank(g->e);
	emit_line(g->e, "if (c)");
	emit_line(g->e, "\tc->matched++;");
	emit_chg_refresh(g, s);
	for (i = 0; i < s->nr_actions; i++) {
		const struct ir_action *a = &s->actions[i];

		switch (a->kind) {
		case IR_ACT_SIGKILL:
			emit_line(g->e, "bpf_send_signal(TP_SIGKILL);\t/* Sigkill */");
			emit_line(g->e, "if (c)");
			emit_line(g->e, "\tc->signaled++;");
			break;
		case IR_ACT_SIGNAL:
			emit_line(g->e, "bpf_send_signal(%u);\t/* Signal */", a->sig);
			emit_line(g->e, "if (c)");
			emit_line(g->e, "\tc->signaled++;");
			break;
		case IR_ACT_OVERRIDE:
			emit_line(g->e, "/* Override: the function returns %d (the program's verdict) */",
				  a->err);
			emit_line(g->e, "if (c)");
			emit_line(g->e, "\tc->overridden++;");
			break;
		case IR_ACT_POST:
		case IR_ACT_NOPOST:
			break;
		}
	}
	if (s->ret_side) {
		if (s->post)
			emit_line(g->e, "%s_retpost(%s, ev, rec, %u, c, %d);", p->c_name, g->st,
				  s->tg_action, s->enforces);
		emit_line(g->e, "return;");
		return;
	}
	if (cg_prog_has_rl(p))
		snprintf(rl, sizeof(rl), ", %" PRIu64 "ULL, %u", s->rl_ns, s->rl_scope);
	if (ret_probe)
		emit_line(g->e, "%s_save(%s, ev, %u, %u, %d, c, %d%s);", p->c_name, g->st, s->tg_action,
			  si, s->post, s->enforces, rl);
	else if (s->post)
		emit_line(g->e, "%s_post(%s, ev, %u, %u, c, &%s%s%s);", p->c_name, g->st, s->tg_action,
			  si, s->enforces ? "tp_enforce" : "tp_events", rl,
			  !lsm_ima_prog(p) ? "" : s->ima_hash ? ", 1" : ", 0");
	emit_line(g->e, "return %d;", s->ret);
}

void cg_emit_prologue(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i;

	emit_line(g->e, "struct tp_state st;\t/* task and process: always on the stack */");
	for (i = 0; i < p->nr_args; i++)
		if (p->args[i].resolve) {
			emit_line(g->e, "__u64 v;\t/* a resolve walk's result */");
			break;
		}
	if (p->scratch) {
		emit_line(g->e, "__u32 zero = 0;");
		emit_line(g->e, "struct %s_ev *ev = bpf_map_lookup_elem(&%s_scratch, &zero);",
			  p->c_name, p->c_name);
		emit_blank(g->e);
		emit_line(g->e, "if (!ev)");
		emit_line(g->e, "\treturn %d;", p->ret);
	} else {
		emit_line(g->e, "struct %s_ev evs, *ev = &evs;", p->c_name);
		emit_blank(g->e);
	}
	emit_line(g->e, "st.task = bpf_get_current_task_btf();");
	emit_line(g->e, "st.proc = NULL;");
	emit_line(g->e, "st.proc_done = 0;");
	if (p->exec_hook) {
		emit_line(g->e, "/* this exec may not be in tp_procs yet: the core's hook on this");
		emit_line(g->e, " * tracepoint may run after this program */");
		emit_line(g->e, "tp_proc_sync_exec(st.task);");
	}
}

void cg_emit_fetch(struct cg *g, cg_arg_expr_fn expr, bool ret_side)
{
	const struct ir_prog *p = g->p;
	char raw[160];
	size_t i;

	for (i = 0; i < p->nr_args; i++) {
		const struct ir_arg *a = &p->args[i];

		if (a->ret_val != ret_side || a->type->repr == TP_REPR_NONE)
			continue;
		expr(p, a, raw, sizeof(raw));
		if (a->resolve) {
			/* the walk's result stands for the raw value */
			emit_line(g->e, "ev->e%u = %s_rs%u((__u64)%s, &v);", a->id, p->c_name, a->id,
				  raw);
			snprintf(raw, sizeof(raw), "v");
		}
		if (a->type->fetch == TP_FETCH_DEREF) {
			if (a->resolve) {
				emit_line(g->e, "ev->a%u = 0;", a->id);
				emit_line(g->e, "if (!ev->e%u)", a->id);
				emit_line(g->e, "\tev->e%u = tp_deref_u64(&ev->a%u, v);", a->id, a->id);
			} else {
				emit_line(g->e, "ev->e%u = tp_deref_u64(&ev->a%u, (__u64)%s);", a->id,
					  a->id, raw);
			}
			continue;
		}
		if (a->type->repr == TP_REPR_OBJ) {
			emit_line(g->e, "ev->a%u = (__u64)%s;", a->id, raw);
			continue;
		}
		if (a->type->fetch == TP_FETCH_OBJ_PATH) {
			emit_line(g->e, "ev->a%u = (__u64)%s;", a->id, raw);
			emit_line(g->e, "ev->n%u = 0;", a->id);
			continue;
		}
		if (a->type->repr == TP_REPR_PATH) {
			emit_line(g->e, "ev->a%u = (__u64)(__s64)(%s)%s;", a->id,
				  cg_int_ctype(a->type->width, a->type->is_signed), raw);
			emit_line(g->e, "ev->n%u = 0;", a->id);
		} else if (a->type->repr == TP_REPR_INT) {
			if (a->type->width >= 8)
				emit_line(g->e, "ev->a%u = (__u64)%s;", a->id, raw);
			else
				emit_line(g->e, "ev->a%u = (__u64)(%s)(%s)%s;", a->id,
					  a->type->is_signed ? "__s64" : "__u64",
					  cg_int_ctype(a->type->width, a->type->is_signed), raw);
		} else {
			emit_line(g->e, "ev->a%u = (const void *)(unsigned long)%s;", a->id, raw);
			if (a->buf_size)
				emit_line(g->e, "ev->n%u = 0;", a->id);
		}
	}
}

void cg_emit_dispatch(struct cg *g)
{
	const struct ir_prog *p = g->p;
	bool ret_probe = p->ev_entry_size != 0;
	size_t i, n = p->nr_selectors - p->nr_ret_selectors;

	if (p->no_selectors) {
		emit_line(g->e, "/* no selectors: every event is posted (counted as selector 0) */");
		emit_open(g->e, "%s", "");
		emit_line(g->e, "struct tp_counters *c = TP_CNT(%u);", cg_sel_row(g, 0));
		emit_blank(g->e);
		emit_line(g->e, "if (c)");
		emit_line(g->e, "\tc->matched++;");
		if (ret_probe)
			emit_line(g->e, "%s_save(%s, ev, %u, 0, 1, c, 0%s);", p->c_name, g->st,
				  TP_ACTION_POST, cg_prog_has_rl(p) ? ", 0, 0" : "");
		else
			emit_line(g->e, "%s_post(%s, ev, %u, 0, c, &tp_events%s%s);", p->c_name, g->st,
				  TP_ACTION_POST, cg_prog_has_rl(p) ? ", 0, 0" : "",
				  lsm_ima_prog(p) ? ", 0" : "");
		emit_close(g->e, "");
	}
	for (i = 0; i < n; i++) {
		const struct ir_selector *s = &p->selectors[i];

		emit_line(g->e, "/* selector %zu: the first selector that matches wins */", i);
		emit_open(g->e, "if (%s_s%zu(%s, ev))", p->c_name, i, g->st);
		emit_actions(g, s, i);
		emit_close(g->e, "");
	}
	emit_line(g->e, "return %d;", p->ret);
}

/* The return side of a return probe: the return selectors on the return value,
 * then the merged record. <c>_ret(st, ev) is called by the return programs.
 */
static void emit_ret_dispatch(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i, first = p->nr_selectors - p->nr_ret_selectors;
	const char *st = g->st;

	g->st = "st";
	emit_line(g->e, "/* Return selectors (matchReturnArgs, matchReturnActions): the first that");
	emit_line(g->e, " * matches wins; no selectors: post. */");
	emit_func(g->e, "static __always_inline void %s_retsel(struct tp_state *st, struct %s_ev *ev, const struct %s_rec *rec)",
		  p->c_name, p->c_name, p->c_name);
	if (!p->nr_ret_selectors) {
		emit_line(g->e, "/* posted/dropped: counted on the entry selector's row */");
		emit_line(g->e, "%s_retpost(st, ev, rec, %u, TP_CNT(%u + ((const struct tp_ev_hdr *)rec)->selector), 0);",
			  p->c_name, TP_ACTION_POST, cg_sel_row(g, 0));
	}
	for (i = first; i < p->nr_selectors; i++) {
		emit_line(g->e, "/* return side of selector %zu */", i - first);
		emit_open(g->e, "if (%s_s%zu(st, ev))", p->c_name, i);
		emit_actions(g, &p->selectors[i], (unsigned int)i);
		emit_close(g->e, "");
	}
	emit_close(g->e, "");
	emit_blank(g->e);
	emit_line(g->e, "/* Return: only calls whose entry matched have a record. */");
	emit_func(g->e, "static __always_inline void %s_ret(struct tp_state *st, struct %s_ev *ev)",
		  p->c_name, p->c_name);
	emit_line(g->e, "__u64 key = bpf_get_current_pid_tgid();");
	emit_line(g->e, "const struct %s_rec *rec = bpf_map_lookup_elem(&%s_calls, &key);",
		  p->c_name, p->c_name);
	emit_blank(g->e);
	emit_line(g->e, "if (!rec)");
	emit_line(g->e, "\treturn;");
	emit_line(g->e, "%s_retsel(st, ev, rec);", p->c_name);
	emit_line(g->e, "bpf_map_delete_elem(&%s_calls, &key);", p->c_name);
	emit_close(g->e, "");
	emit_blank(g->e);
	g->st = st;
}

/* What every program of the hook shares: state, readers, selectors, posting. */
static void emit_shared(struct cg *g)
{
	const struct ir_prog *p = g->p;
	char what[160];
	size_t i;

	snprintf(what, sizeof(what), "hook %u: %s %s", p->id, p->kind->title, p->target);
	emit_line(g->e, "/* ---------------------------------------------------------------- */");
	cg_loc_comment(g, p->loc, what);
	emit_blank(g->e);
	if (p->kind->emit_decls)
		p->kind->emit_decls(g);
	for (i = 0; i < p->nr_args; i++)
		if (p->args[i].resolve)
			cg_emit_resolve(g, &p->args[i]);
	cg_emit_state_struct(g);
	cg_emit_readers(g);
	for (i = 0; i < p->nr_selectors; i++)
		cg_emit_selector(g, i, &p->selectors[i]);
	if (p->ev_entry_size) {
		if (cg_prog_has_rl(p))
			cg_emit_rl(g);
		cg_emit_ret_state(g);
		emit_ret_dispatch(g);
	} else {
		if (cg_prog_has_rl(p))
			cg_emit_rl(g);
		cg_emit_post(g);
	}
}

void cg_emit_prog(struct cg *g)
{
	const struct ir_prog *p = g->p;
	char ct[128];

	g->st = "&st";
	emit_shared(g);
	if (p->kind->emit_progs) {
		p->kind->emit_progs(g);
		return;
	}
	emit_line(g->e, "SEC(\"%s\")", p->sec);
	p->kind->ctx_type(p, ct, sizeof(ct));
	emit_func(g->e, "int %s(%s *ctx)", p->c_name, ct);
	cg_emit_prologue(g);
	cg_emit_fetch(g, p->kind->arg_expr, false);
	emit_blank(g->e);
	cg_emit_dispatch(g);
	emit_close(g->e, "");
	emit_blank(g->e);
}
