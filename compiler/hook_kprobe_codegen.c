// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-function hooks -> BPF C: the context type, how each mechanism reads an
 * argument and the return value, and the programs of each variant around the
 * shared <c>_run().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "btf_func.h"
#include "codegen_int.h"
#include "diag.h"
#include "emit.h"
#include "hook_kprobe_int.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "lsm_ima.h"
#include "target.h"
#include "tracefs.h"

void kp_ctx_type(const struct ir_prog *p, char *buf, size_t sz)
{
	snprintf(buf, sz, "unsigned long long");
}

/* Trampoline programs (fentry, fmod_ret, fexit, lsm): ctx[n]. */
void kp_tramp_arg_expr(const struct ir_prog *p, const struct ir_arg *a, char *buf, size_t sz)
{
	if (p->at.kp.syscall)
		snprintf(buf, sz, "PT_REGS_PARM%u_CORE_SYSCALL(regs)", a->src_n + 1);
	else if (a->ptr_as_int || a->ctx_opaque)	/* the verifier forbids arithmetic on a
							 * typed pointer, or reading this one */
		snprintf(buf, sz, "tp_ctx_u64(ctx, %u)", a->src_n);
	else
		snprintf(buf, sz, "ctx[%u]", a->src_n);
}

/* kprobe programs: the registers of the probed function's entry. */
static void kprobe_arg_expr(const struct ir_prog *p, const struct ir_arg *a, char *buf, size_t sz)
{
	if (p->at.kp.syscall)
		snprintf(buf, sz, "PT_REGS_PARM%u_CORE_SYSCALL(regs)", a->src_n + 1);
	else
		snprintf(buf, sz, "PT_REGS_PARM%u(ctx)", a->src_n + 1);
}

static void kretprobe_ret_expr(const struct ir_prog *p, const struct ir_arg *a, char *buf,
			       size_t sz)
{
	snprintf(buf, sz, "PT_REGS_RC(ctx)");
}

static void fexit_ret_expr(const struct ir_prog *p, const struct ir_arg *a, char *buf, size_t sz)
{
	snprintf(buf, sz, "ret");
}

static bool has_entry_args(const struct ir_prog *p)
{
	size_t i;

	for (i = 0; i < p->nr_args; i++)
		if (!p->args[i].ret_val)
			return true;
	return false;
}

static void emit_variant(struct cg *g, const struct ir_variant *v)
{
	const struct ir_prog *p = g->p;
	bool pt = v->vk == IR_VAR_KPROBE || v->vk == IR_VAR_KRETPROBE;
	static const char *const what[] = {
		[IR_VAR_KPROBE] = "kprobe", [IR_VAR_KRETPROBE] = "kretprobe",
		[IR_VAR_FENTRY] = "fentry", [IR_VAR_FMOD_RET] = "fmod_ret: may override",
		[IR_VAR_FEXIT] = "fexit", [IR_VAR_LSM] = "BPF-LSM: its return value is the verdict",
	};

	if (v->mech)
		emit_line(g->e, "/* %s (mechanism %s)%s */", what[v->vk], v->mech,
			  v->vk == IR_VAR_KPROBE && p->at.kp.override ?
			  ": Override by bpf_override_return" : "");
	emit_line(g->e, "SEC(\"%s\")", v->sec);
	emit_func(g->e, "int %s(%s *ctx)", v->name, pt ? "struct pt_regs" : "unsigned long long");
	cg_emit_prologue(g);
	if (v->ret) {
		if (v->vk == IR_VAR_FEXIT) {
			emit_line(g->e, "__u64 ret = 0;");
			emit_blank(g->e);
			emit_line(g->e, "bpf_get_func_ret(ctx, &ret);\t/* whatever the arg count */");
		}
		cg_emit_fetch(g, v->vk == IR_VAR_FEXIT ? fexit_ret_expr : kretprobe_ret_expr, true);
		emit_line(g->e, "%s_ret(&st, ev);", p->c_name);
		emit_line(g->e, "return 0;");
		emit_close(g->e, "");
		emit_blank(g->e);
		return;
	}
	if (p->at.kp.syscall && has_entry_args(p)) {
		/* the syscall wrapper's only argument: the user registers */
		emit_line(g->e, "struct pt_regs *regs = (struct pt_regs *)%s;",
			  pt ? "PT_REGS_PARM1_CORE(ctx)" : "ctx[0]");
		emit_blank(g->e);
	}
	cg_emit_fetch(g, pt ? kprobe_arg_expr : kp_tramp_arg_expr, false);
	if (v->vk == IR_VAR_LSM && lsm_ima_prog(p))
		emit_line(g->e, "st.ima_file = %s;\t/* Post imaHash: the file to hash */",
			  lsm_ima_source(p->at.kp.func) == LSM_IMA_BPRM ?
			  "((struct linux_binprm *)ctx[0])->file" : "(struct file *)ctx[0]");
	switch (v->vk) {
	case IR_VAR_KPROBE:
		if (p->at.kp.override) {
			emit_line(g->e, "int rc = %s_run(&st, ev);", p->c_name);
			emit_blank(g->e);
			emit_line(g->e, "if (rc)");
			emit_line(g->e, "\tbpf_override_return(ctx, rc);");
			emit_line(g->e, "return 0;");
			break;
		}
		/* fallthrough */
	case IR_VAR_FENTRY:
		emit_line(g->e, "%s_run(&st, ev);", p->c_name);
		emit_line(g->e, "return 0;");
		break;
	default:	/* fmod_ret, lsm: the verdict is the return value */
		emit_line(g->e, "return %s_run(&st, ev);", p->c_name);
		break;
	}
	emit_close(g->e, "");
	emit_blank(g->e);
}

void kp_emit_progs(struct cg *g)
{
	const struct ir_prog *p = g->p;
	size_t i;

	emit_line(g->e, "/* The entry selectors and their actions; the verdict: 0, or the errno an");
	emit_line(g->e, " * Override makes the function return. */");
	emit_func(g->e, "static __always_inline int %s_run(struct tp_state *st, struct %s_ev *ev)",
		  p->c_name, p->c_name);
	g->st = "st";
	cg_emit_dispatch(g);
	g->st = "&st";
	emit_close(g->e, "");
	emit_blank(g->e);
	for (i = 0; i < p->nr_vars; i++)
		emit_variant(g, &p->vars[i]);
}
