// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-function hooks -> IR: attach (the function against the target BTF, a
 * syscall's arguments from its tracefs format), args by index typed from BTF or the
 * policy, the return value of a return probe.
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
#include "target.h"
#include "tracefs.h"

/* Does a selector of e have an Override action? */
static bool entry_overrides(const struct hook_entry *e)
{
	size_t i, j;

	for (i = 0; i < e->nr_selectors; i++)
		for (j = 0; j < e->selectors[i].nr_match_actions; j++) {
			const char *a = e->selectors[i].match_actions[j].action.s;

			if (a && !strcmp(a, "Override"))
				return true;
		}
	return false;
}

/* A function missing from the target BTF: an error, or with ignore.callNotFound a
 * warning (tpload skips the hook on a node without it).
 */
static int not_found(struct lower_ctx *lc, const struct tp_kprobe *kp, struct tp_loc loc,
		     const char *msg, const char *name)
{
	if (kp->ignore_call_not_found) {
		diag_warn(lc->d, loc, "call-not-found",
			  "%s '%s' is not in the target kernel's BTF (%s): compiled anyway (ignore.callNotFound); tpload skips the hook on a node without it",
			  msg, name, target_where(lc->target, TARGET_BTF));
		return 0;
	}
	diag_error(lc->d, loc, "unknown-function", "%s '%s' is not in the target kernel's BTF (%s)",
		   msg, name, target_where(lc->target, TARGET_BTF));
	return -EINVAL;
}

/* syscall: true: a sys_* name, its wrapper in the BTF, its argument types from the
 * target's syscalls/sys_enter_<name> format (when it has args).
 */
static int lower_syscall(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p,
			 struct kp_state *ks, struct tp_loc loc)
{
	const struct tp_kprobe *kp = e->spec;
	struct ir_kp_attach *at = &p->at.kp;
	const char *base = kp_sys_base(at->func), *name;
	unsigned int nr;
	uint32_t proto;
	size_t i;
	int err;

	if (strncmp(base, "sys_", 4) && strncmp(base, "__ia32_sys_", 11)) {
		diag_error(lc->d, loc, "unknown-function",
			   "'%s' is not a syscall: syscall: true (the CRD default) hooks sys_<name>; set syscall: false to hook a kernel function",
			   at->func);
		return -EINVAL;
	}
	at->func = base;
	err = lower_need_btf(lc, loc, at->func, &ks->btf);
	if (err)
		return err;
	for (i = 0; i < sizeof(kp_sys_prefixes) / sizeof(kp_sys_prefixes[0]); i++) {
		name = strncmp(base, "__ia32_", 7) ?
		       arena_printf(lc->arena, "%s%s", kp_sys_prefixes[i], base) : base;
		if (!name)
			return -ENOMEM;
		if (!btf_func_find(ks->btf, name, &proto, &nr)) {
			at->btf_func = name;
			break;
		}
	}
	if (!at->btf_func) {
		err = not_found(lc, kp, loc, "syscall", base);
		if (err)
			return err;
	}
	if (!e->nr_args && !e->ret_arg)
		return 0;
	/* argument types: the syscall's tracepoint format (args after __syscall_nr) */
	ks->sysfmt = lower_alloc(lc, 1, sizeof(*ks->sysfmt));
	if (!ks->sysfmt)
		return -ENOMEM;
	name = base + (strncmp(base, "__ia32_", 7) ? 4 : 11);
	name = arena_printf(lc->arena, "sys_enter_%s", name);
	if (!name)
		return -ENOMEM;
	err = lower_need_format(lc, loc, "syscalls", name, ks->sysfmt);
	if (err == -ENOENT || err == -EINVAL) {
		ks->sysfmt = NULL;	/* no tracepoint: argument types unknown */
		return 0;
	}
	if (err)
		return err;
	for (i = 0; i < ks->sysfmt->nr_fields; i++)
		if (!ks->sysfmt->fields[i].common && strcmp(ks->sysfmt->fields[i].name, "__syscall_nr"))
			ks->nr_sysargs++;
	return 0;
}

int kp_lower_attach(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p)
{
	const struct tp_kprobe *kp = e->spec;
	const struct tp_list *l = kp_call_list(e);
	struct ir_kp_attach *at = &p->at.kp;
	struct tp_loc loc = kp->call.loc;
	struct kp_state *ks;
	unsigned int nr;
	uint32_t proto;
	int err;

	ks = lower_alloc(lc, 1, sizeof(*ks));
	if (!ks)
		return -ENOMEM;
	lc->hook_state = ks;
	at->func = e->call ? e->call : kp->call.s;
	at->list = l ? l->name.s : NULL;
	/* a list call: the list's type decides, the hook's syscall field is not read
	 * (Tetragon: getKprobeSymbols in pkg/sensors/tracing/generickprobe.go)
	 */
	at->syscall = l ? kp_list_is_syscalls(l) : kp->syscall;
	at->ret = kp->ret;
	at->override = entry_overrides(e);
	at->ignore_missing = kp->ignore_call_not_found;
	if (!kp_is_func_name(at->func)) {
		diag_error(lc->d, loc, "unknown-function",
			   "call must be a kernel function name ([A-Za-z0-9_.], 1-%d chars) or list:NAME",
			   KP_NAME_MAX);
		return -EINVAL;
	}
	if (kp->ret && !kp->has_ret_arg) {
		diag_error(lc->d, kp->ret_loc, "bad-return",
			   "return: true needs returnArg (the type of the return value)");
		lc->hook_err = -EINVAL;
	}
	if (!kp->ret && kp->has_ret_arg)
		diag_warn(lc->d, kp->ret_arg.loc, "ignored-param",
			  "returnArg is used only with return: true; ignored");
	if (kp->ret_arg_action.s && kp->ret_arg_action.len) {
		diag_error(lc->d, kp->ret_arg_action.loc, "unsupported",
			   "not supported yet: returnArgAction %s (TrackSock/UntrackSock need socket tracking)",
			   kp->ret_arg_action.s);
		lc->hook_err = -EINVAL;
	}
	p->target = at->func;
	if (at->syscall) {
		err = lower_syscall(lc, e, p, ks, loc);
		if (err)
			return err;
		at->nr_params = 1;	/* const struct pt_regs *regs */
	} else {
		err = lower_need_btf(lc, loc, at->func, &ks->btf);
		if (err)
			return err;
		if (!btf_func_find(ks->btf, at->func, &proto, &nr)) {
			at->btf_func = at->func;
			at->nr_params = nr;
			ks->have_proto = true;
			ks->proto = proto;
		} else {
			err = not_found(lc, kp, loc, "function", at->func);
			if (err)
				return err;
		}
	}
	if (at->override && e->kind == &hook_kprobe && !at->syscall &&
	    strncmp(at->func, "security_", 9))
		diag_warn(lc->d, loc, "override-target",
			  "Override on %s: the kernel lets a BPF program override only syscalls, security_* functions and functions on its error-injection list (ALLOW_ERROR_INJECTION); tpload checks the node",
			  at->func);
	return 0;
}

int lsm_lower_attach(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p)
{
	const struct tp_lsmhook *lh = e->spec;
	struct ir_kp_attach *at = &p->at.kp;
	struct kp_state *ks;
	const char *fn;
	unsigned int nr;
	size_t i;
	int err;

	ks = lower_alloc(lc, 1, sizeof(*ks));
	if (!ks)
		return -ENOMEM;
	lc->hook_state = ks;
	for (i = 0; lh->hook.s && i < lh->hook.len; i++)
		if (!(lh->hook.s[i] == '_' || (lh->hook.s[i] >= 'a' && lh->hook.s[i] <= 'z') ||
		      (lh->hook.s[i] >= '0' && lh->hook.s[i] <= '9')))
			break;
	if (!lh->hook.s || !lh->hook.len || lh->hook.len > 64 || i != lh->hook.len) {
		diag_error(lc->d, lh->hook.loc, "unknown-lsm-hook",
			   "hook must be an LSM hook name ([a-z0-9_], 1-64 chars, without bpf_lsm_)");
		return -EINVAL;
	}
	at->func = lh->hook.s;
	p->target = at->func;
	fn = arena_printf(lc->arena, "bpf_lsm_%s", lh->hook.s);
	if (!fn)
		return -ENOMEM;
	err = lower_need_btf(lc, lh->hook.loc, fn, &ks->btf);
	if (err)
		return err;
	/* Tetragon genericlsm.go: the hook exists if BTF has bpf_lsm_<hook> */
	if (btf_func_find(ks->btf, fn, &ks->proto, &nr)) {
		diag_error(lc->d, lh->hook.loc, "unknown-lsm-hook",
			   "LSM hook '%s' does not exist in the target kernel: its BTF (%s) has no %s",
			   lh->hook.s, target_where(lc->target, TARGET_BTF), fn);
		return -EINVAL;
	}
	at->btf_func = fn;
	at->nr_params = nr;
	ks->have_proto = true;
	at->override = entry_overrides(e);
	return 0;
}

/* args index idx: a register (kprobe), ctx[idx] (trampolines), a syscall argument
 * from the inner pt_regs.
 */
int kp_lower_arg(struct lower_ctx *lc, struct ir_prog *p, uint32_t idx, struct tp_loc loc,
		 bool quiet, struct ir_arg *a, struct hook_field *hf)
{
	struct kp_state *ks = lc->hook_state;
	const struct ir_kp_attach *at = &p->at.kp;
	const struct tf_field *tf = NULL;
	size_t i, n;
	int err;

	if (idx > KP_MAX_ARG) {
		if (!quiet)
			diag_error(lc->d, loc, "bad-arg-index",
				   "%s argument index %u is out of range (0-%d: the first five arguments, like Tetragon)",
				   p->kind->title, idx, KP_MAX_ARG);
		return -EINVAL;
	}
	a->src = IR_SRC_ARG;
	a->src_n = idx;
	*hf = (struct hook_field){ .known = false };
	if (at->syscall) {
		a->user_ptr = true;	/* syscall pointer arguments point to user memory */
		if (!ks->sysfmt) {
			hf->int_may_be_ptr = true;
			return 0;
		}
		if (idx >= ks->nr_sysargs) {
			if (!quiet)
				diag_error(lc->d, loc, "bad-arg-index",
					   "%s has %u argument%s (index 0-%d); index %u does not exist",
					   at->func, ks->nr_sysargs, ks->nr_sysargs == 1 ? "" : "s",
					   (int)ks->nr_sysargs - 1, idx);
			return -EINVAL;
		}
		for (i = 0, n = 0; i < ks->sysfmt->nr_fields; i++) {
			const struct tf_field *f = &ks->sysfmt->fields[i];

			if (f->common || !strcmp(f->name, "__syscall_nr"))
				continue;
			if (n++ == idx) {
				tf = f;
				break;
			}
		}
		if (!tf)
			return -EINVAL;
		*hf = (struct hook_field){
			.known = true, .name = tf->name, .decl = tf->decl, .size = tf->size,
			.is_signed = tf->is_signed, .is_ptr = tf->is_ptr,
			.ptr_known = tf->is_ptr, .char_ptr = tf->is_ptr && strstr(tf->decl, "char"),
			.user_ptr = tf->is_ptr,
		};
		return 0;
	}
	if (!ks->have_proto) {
		a->any_mem = true;	/* unknown function: pointers of unknown origin */
		return 0;
	}
	if (idx >= p->at.kp.nr_params) {
		if (!quiet)
			diag_error(lc->d, loc, "bad-arg-index",
				   "%s has %u parameter%s (index 0-%d); index %u does not exist",
				   at->btf_func, at->nr_params, at->nr_params == 1 ? "" : "s",
				   (int)at->nr_params - 1, idx);
		return -EINVAL;
	}
	err = btf_func_param(ks->btf, ks->proto, idx, lc->arena, hf);
	if (err == -ENOMEM)
		return err;
	if (err) {
		*hf = (struct hook_field){ .known = false };
		return 0;
	}
	a->user_ptr = hf->user_ptr;
	/* a char * without a __user tag may still point to user memory */
	a->any_mem = hf->is_ptr && !hf->user_ptr && p->kind != &hook_lsm;
	return 0;
}

int kp_lower_ret(struct lower_ctx *lc, struct ir_prog *p, struct tp_loc loc,
		 struct hook_field *hf)
{
	struct kp_state *ks = lc->hook_state;
	int err;

	*hf = (struct hook_field){ .known = false };
	if (p->at.kp.syscall) {	/* long */
		*hf = (struct hook_field){ .known = true, .name = "return", .decl = "long",
					   .size = 8, .is_signed = true };
		return 0;
	}
	if (!ks->have_proto)
		return 0;
	err = btf_func_return(ks->btf, ks->proto, lc->arena, hf);
	if (err == -ENOENT) {
		diag_error(lc->d, loc, "bad-return", "%s returns void: there is no return value",
			   p->at.kp.func);
		return -EINVAL;
	}
	return err;
}
