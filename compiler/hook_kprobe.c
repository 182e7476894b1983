// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hook kinds on kernel functions: "kprobe" (spec.kprobes), "fentry" (spec.fentries)
 * and "lsm" (spec.lsmhooks): their rows of the hook-kind table (hooks.h) and every
 * operation that depends on them.
 *
 * A kprobe hook is one IR program and several BPF programs, one per mechanism tpload
 * may pick on the node (docs/object-format.md "Mechanisms"): BPF trampolines (fentry,
 * or fmod_ret when a selector overrides; fexit for the return) where the function has
 * BTF and trampolines work, kprobes (kretprobe; bpf_override_return for Override)
 * otherwise. The programs share everything but how they read the arguments and how
 * they apply the verdict: the selectors are one inline function, <c>_run().
 *
 * What is node-specific stays out of the object: the arch prefix of a syscall
 * (__x64_sys_openat) and whether the function exists are tpload's to resolve; tpc
 * checks the function against the target BTF (an explicit, recorded input) and reads
 * syscall argument types from the target's syscalls/sys_enter_* formats.
 * Tetragon's reference: pkg/sensors/tracing/generickprobe.go (addKprobe: syscall
 * prefix, BTF validation of args), genericlsm.go, bpf/process/bpf_generic_kprobe.c,
 * bpf_generic_retkprobe.c, bpf_generic_lsm_core.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "btf_func.h"
#include "codegen_int.h"
#include "diag.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "target.h"
#include "tracefs.h"

#define KP_MAX_ARG	4	/* args index 0-4: five registers (Tetragon's limit) */
#define KP_NAME_MAX	128

/* Lowering state of one hook (lc->hook_state). */
struct kp_state {
	const struct btf *btf;
	bool have_proto;	/* the function's prototype is known */
	uint32_t proto;
	struct tf_format *sysfmt;	/* syscall: its sys_enter format, NULL: unknown */
	unsigned int nr_sysargs;
};

/* Arch prefixes of syscall wrappers (Tetragon pkg/arch supportedArchPrefix). */
static const char *const sys_prefixes[] = { "__x64_", "__arm64_", "__ia32_" };

static bool is_func_name(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (!n || n > KP_NAME_MAX || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!(c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static const struct tp_list *find_list(const struct tp_policy *pol, const char *name)
{
	size_t i;

	for (i = 0; i < pol->nr_lists; i++)
		if (pol->lists[i].name.s && !strcmp(pol->lists[i].name.s, name))
			return &pol->lists[i];
	return NULL;
}

static bool list_is_syscalls(const struct tp_list *l)
{
	return l && l->type.s &&
	       (!strcmp(l->type.s, "syscalls") || !strcmp(l->type.s, "generated_syscalls"));
}

/* The list a "list:NAME" call names (NULL: not a list call). */
static const struct tp_list *call_list(const struct hook_entry *e)
{
	const struct tp_kprobe *kp = e->spec;

	if (e->kind == &hook_lsm || !kp->call.s || strncmp(kp->call.s, "list:", 5))
		return NULL;
	return find_list(e->pol, kp->call.s + 5);
}

/* The syscall name without an arch prefix of ours ("__x64_sys_dup" -> "sys_dup");
 * __ia32_ (the compat ABI) is kept: it names another function.
 */
static const char *sys_base(const char *name)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (!strncmp(name, sys_prefixes[i], strlen(sys_prefixes[i])))
			return name + strlen(sys_prefixes[i]);
	return name;
}

/* ---------------------------------------------------------------- lists */

static int list_values(struct lower_ctx *lc, const struct tp_list *l, bool syscalls,
		       const char ***calls, size_t *n)
{
	const char **v = lower_alloc(lc, l->nr_values, sizeof(*v));
	size_t i;
	int ret = 0;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < l->nr_values; i++) {
		const char *s = l->values[i].s;

		/* syscalls lists: "i386/sys_dup" is the compat ABI's __ia32_sys_dup */
		if (syscalls && s && !strncmp(s, "i386/", 5)) {
			s = arena_printf(lc->arena, "__ia32_%s", s + 5);
			if (!s)
				return -ENOMEM;
		}
		if (!is_func_name(s) || (syscalls && strncmp(sys_base(s), "sys_", 4) &&
					 strncmp(s, "__ia32_sys_", 11))) {
			diag_error(lc->d, l->values[i].loc, "bad-list",
				   syscalls ? "list value '%.64s' is not a syscall (sys_<name>, or i386/sys_<name>)" :
				   "list value '%.64s' is not a function name", l->values[i].s);
			ret = -EINVAL;
			continue;
		}
		v[(*n)++] = s;
	}
	*calls = v;
	return ret;
}

/* call: "list:NAME": one hook per element (Tetragon: one kprobe per element, sharing
 * args and selectors). Values are expanded here; generated_syscalls from the target's
 * BTF (an explicit, recorded input: its __<arch>_sys_* functions).
 */
static int kp_expand(struct lower_ctx *lc, const struct hook_entry *e, const char ***calls,
		     size_t *n)
{
	const struct tp_kprobe *kp = e->spec;
	const struct tp_list *l;
	const struct btf *btf;
	const char **names;
	size_t i, k;
	int err;

	*n = 0;
	if (!kp->call.s || strncmp(kp->call.s, "list:", 5)) {
		*calls = lower_alloc(lc, 1, sizeof(**calls));
		if (!*calls)
			return -ENOMEM;
		(*calls)[0] = kp->call.s;
		*n = 1;
		return 0;
	}
	l = call_list(e);
	if (!l) {
		diag_error(lc->d, kp->call.loc, "bad-list", "no list named '%.64s' in spec.lists",
			   kp->call.s + 5);
		return -EINVAL;
	}
	if (!l->type.s || !strcmp(l->type.s, "") || !strcmp(l->type.s, "syscalls")) {
		err = list_values(lc, l, list_is_syscalls(l), calls, n);
	} else if (!strcmp(l->type.s, "generated_syscalls")) {
		if (l->nr_values) {
			diag_error(lc->d, l->values_loc, "bad-list",
				   "list '%s' is generated_syscalls: it takes no values", l->name.s);
			return -EINVAL;
		}
		err = lower_need_btf(lc, l->loc, "a generated_syscalls list", &btf);
		if (err)
			return err;
		/* the syscalls of the target kernel: its __<arch>_sys_* wrappers */
		for (i = 0; i < 2; i++) {
			char prefix[32];

			snprintf(prefix, sizeof(prefix), "%ssys_", sys_prefixes[i]);
			err = btf_funcs_with_prefix(btf, prefix, lc->arena, &names, &k);
			if (err)
				return err;
			if (k)
				break;
		}
		*calls = lower_alloc(lc, k, sizeof(**calls));
		if (!*calls)
			return -ENOMEM;
		for (i = 0; i < k; i++) {
			if (!strcmp(names[i], "ni_syscall") || !is_func_name(names[i]))
				continue;	/* the "not implemented" stub */
			(*calls)[*n] = arena_printf(lc->arena, "sys_%s", names[i]);
			if (!(*calls)[(*n)++])
				return -ENOMEM;
		}
		err = 0;
	} else {
		diag_error(lc->d, l->type.loc, "unsupported",
			   "not supported yet: list type %s (it needs the target's available_filter_functions)",
			   l->type.s);
		return -EINVAL;
	}
	if (!err && !*n)
		diag_warn(lc->d, kp->call.loc, "empty-list", "list '%s' is empty: no hook",
			  l->name.s);
	return err;
}

/* ---------------------------------------------------------------- lower */

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
	const char *base = sys_base(at->func), *name;
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
	for (i = 0; i < sizeof(sys_prefixes) / sizeof(sys_prefixes[0]); i++) {
		name = strncmp(base, "__ia32_", 7) ?
		       arena_printf(lc->arena, "%s%s", sys_prefixes[i], base) : base;
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

static int kp_lower_attach(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p)
{
	const struct tp_kprobe *kp = e->spec;
	const struct tp_list *l = call_list(e);
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
	at->syscall = kp->syscall || list_is_syscalls(l);
	at->ret = kp->ret;
	at->override = entry_overrides(e);
	at->ignore_missing = kp->ignore_call_not_found;
	if (!is_func_name(at->func)) {
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

static int lsm_lower_attach(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p)
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
static int kp_lower_arg(struct lower_ctx *lc, struct ir_prog *p, uint32_t idx, struct tp_loc loc,
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

static int kp_lower_ret(struct lower_ctx *lc, struct ir_prog *p, struct tp_loc loc,
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

/* ---------------------------------------------------------------- names */

static const char *kp_name_tail(const struct ir_prog *p)
{
	return p->at.kp.func;	/* '.' is replaced by assign-names' sanitizer below */
}

/* The function a section names: the one checked in the target BTF when there is one
 * (tpload sets the node's own before load).
 */
static const char *sec_func(const struct ir_prog *p)
{
	return p->at.kp.btf_func ? p->at.kp.btf_func : p->at.kp.func;
}

static char *kp_section(struct tp_arena *arena, const struct ir_prog *p)
{
	return arena_printf(arena, "kprobe/%s", sec_func(p));
}

static char *lsm_section(struct tp_arena *arena, const struct ir_prog *p)
{
	return arena_printf(arena, "lsm/%s", p->at.kp.func);
}

/* The program name "<prefix><id>_<func>", '.' mapped to '_', at most 64 chars. */
static const char *var_name(struct tp_arena *arena, const struct ir_prog *p, const char *prefix)
{
	char *n = arena_printf(arena, "%s%u_%s", prefix, p->id, p->at.kp.func), *c;

	if (!n)
		return NULL;
	for (c = n; *c; c++)
		if (*c == '.')
			*c = '_';
	if (strlen(n) > 64)
		n[64] = '\0';
	return n;
}

static int add_var(struct tp_arena *arena, struct ir_prog *p, enum ir_var_kind vk,
		   const char *prefix, const char *sec, const char *mech, bool ret)
{
	struct ir_variant *v = &p->vars[p->nr_vars];

	v->vk = vk;
	v->name = var_name(arena, p, prefix);
	v->sec = arena_printf(arena, "%s/%s", sec, vk == IR_VAR_LSM ? p->at.kp.func : sec_func(p));
	v->mech = mech;
	v->ret = ret;
	if (!v->name || !v->sec)
		return -ENOMEM;
	p->nr_vars++;
	return 0;
}

/* kprobe hooks: trampolines (fentry/fmod_ret + fexit) and kprobes (kprobe +
 * kretprobe); the kprobe program is the hook's c_name.
 */
static int kp_variants(struct tp_arena *arena, struct ir_prog *p)
{
	const struct ir_kp_attach *at = &p->at.kp;
	int err;

	p->vars = arena_calloc(arena, 4, sizeof(*p->vars));
	if (!p->vars)
		return -ENOMEM;
	err = at->override ? add_var(arena, p, IR_VAR_FMOD_RET, "km", "fmod_ret", "fentry", false) :
			     add_var(arena, p, IR_VAR_FENTRY, "kf", "fentry", "fentry", false);
	if (!err && at->ret)
		err = add_var(arena, p, IR_VAR_FEXIT, "kx", "fexit", "fentry", true);
	err = err ?: add_var(arena, p, IR_VAR_KPROBE, p->kind->c_prefix, "kprobe", "kprobe", false);
	if (!err && at->ret)
		err = add_var(arena, p, IR_VAR_KRETPROBE, "kr", "kretprobe", "kprobe", true);
	return err;
}

/* spec.fentries: trampolines only (Tetragon attaches fentry/fexit, no multi). */
static int fe_variants(struct tp_arena *arena, struct ir_prog *p)
{
	int err;

	p->vars = arena_calloc(arena, 2, sizeof(*p->vars));
	if (!p->vars)
		return -ENOMEM;
	err = add_var(arena, p, IR_VAR_FENTRY, p->kind->c_prefix, "fentry", "fentry", false);
	if (!err && p->at.kp.ret)
		err = add_var(arena, p, IR_VAR_FEXIT, "fx", "fexit", "fentry", true);
	return err;
}

static int lsm_variants(struct tp_arena *arena, struct ir_prog *p)
{
	p->vars = arena_calloc(arena, 1, sizeof(*p->vars));
	if (!p->vars)
		return -ENOMEM;
	return add_var(arena, p, IR_VAR_LSM, p->kind->c_prefix, "lsm", "lsm", false);
}

static void kp_requires(const struct ir_prog *p, char *buf, size_t sz)
{
	const struct ir_kp_attach *at = &p->at.kp;

	if (p->kind == &hook_lsm) {
		snprintf(buf, sz, "lsm");
		return;
	}
	snprintf(buf, sz, "%s%s", at->override ? "fmod_ret" : "fentry", at->ret ? ",fexit" : "");
	if (p->kind == &hook_kprobe)
		snprintf(buf + strlen(buf), sz - strlen(buf), "|kprobe%s%s", at->ret ? ",kretprobe" : "",
			 at->override ? ",override_return" : "");
}

/* ---------------------------------------------------------------- codegen */

static void kp_ctx_type(const struct ir_prog *p, char *buf, size_t sz)
{
	snprintf(buf, sz, "unsigned long long");
}

/* Trampoline programs (fentry, fmod_ret, fexit, lsm): ctx[n]. */
static void tramp_arg_expr(const struct ir_prog *p, const struct ir_arg *a, char *buf, size_t sz)
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
	cg_emit_fetch(g, pt ? kprobe_arg_expr : tramp_arg_expr, false);
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

static void kp_emit_progs(struct cg *g)
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

/* ---------------------------------------------------------------- rows */

const struct hook_kind hook_kprobe = {
	.name = "kprobe",
	.title = "kprobe",
	.c_prefix = "kp",
	.ev_kind = "TP_EV_KPROBE",
	.feature = "kprobe",
	.ret_errno = true,	/* fmod_ret, bpf_override_return */
	.ret_any = true,	/* Tetragon passes argError to bpf_override_return as is */
	.no_auto = "type 'auto' is not allowed on kprobe hooks (Tetragon: it needs resolve); give the argument's type",
	.lower_attach = kp_lower_attach,
	.lower_arg = kp_lower_arg,
	.lower_ret = kp_lower_ret,
	.name_tail = kp_name_tail,
	.section = kp_section,
	.ctx_type = kp_ctx_type,
	.arg_expr = tramp_arg_expr,
	.expand = kp_expand,
	.variants = kp_variants,
	.emit_progs = kp_emit_progs,
	.requires = kp_requires,
};

const struct hook_kind hook_fentry = {
	.name = "fentry",
	.title = "fentry hook",
	.c_prefix = "fe",
	.ev_kind = "TP_EV_KPROBE",
	.feature = "fentry",
	.no_auto = "type 'auto' is not allowed on fentry hooks; give the argument's type",
	.no_enforce = "Tetragon's fentries allow no enforcement action; use kprobes",
	.lower_attach = kp_lower_attach,
	.lower_arg = kp_lower_arg,
	.lower_ret = kp_lower_ret,
	.name_tail = kp_name_tail,
	.section = kp_section,
	.ctx_type = kp_ctx_type,
	.arg_expr = tramp_arg_expr,
	.expand = kp_expand,
	.variants = fe_variants,
	.emit_progs = kp_emit_progs,
	.requires = kp_requires,
};

const struct hook_kind hook_lsm = {
	.name = "lsm",
	.title = "LSM hook",
	.c_prefix = "lsm",
	.ev_kind = "TP_EV_LSM",
	.feature = "lsm",
	.ret_errno = true,	/* the BPF-LSM program's return value */
	.no_auto = "type 'auto' is not allowed on LSM hooks; give the argument's type",
	.lower_attach = lsm_lower_attach,
	.lower_arg = kp_lower_arg,
	.name_tail = kp_name_tail,
	.section = lsm_section,
	.ctx_type = kp_ctx_type,
	.arg_expr = tramp_arg_expr,
	.variants = lsm_variants,
	.emit_progs = kp_emit_progs,
	.requires = kp_requires,
};
