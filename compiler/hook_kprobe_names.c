// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-function hooks: program names and ELF sections, the mechanism variants
 * one hook carries (fentry/fmod_ret/fexit, kprobe/kretprobe, lsm), and what each
 * needs from the node.
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

const char *kp_name_tail(const struct ir_prog *p)
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

char *kp_section(struct tp_arena *arena, const struct ir_prog *p)
{
	return arena_printf(arena, "kprobe/%s", sec_func(p));
}

char *lsm_section(struct tp_arena *arena, const struct ir_prog *p)
{
	return arena_printf(arena, "%s/%s", lsm_ima_prog(p) ? "lsm.s" : "lsm", p->at.kp.func);
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
int kp_variants(struct tp_arena *arena, struct ir_prog *p)
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
int fe_variants(struct tp_arena *arena, struct ir_prog *p)
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

/* LSM hooks: one BPF-LSM program; sleepable ("lsm.s/", BPF_F_SLEEPABLE) when a
 * selector posts with imaHash, since bpf_ima_file_hash() may sleep (lsm_ima.c).
 */
int lsm_variants(struct tp_arena *arena, struct ir_prog *p)
{
	p->vars = arena_calloc(arena, 1, sizeof(*p->vars));
	if (!p->vars)
		return -ENOMEM;
	return add_var(arena, p, IR_VAR_LSM, p->kind->c_prefix,
		       lsm_ima_prog(p) ? "lsm.s" : "lsm", "lsm", false);
}

void kp_requires(const struct ir_prog *p, char *buf, size_t sz)
{
	const struct ir_kp_attach *at = &p->at.kp;

	if (p->kind == &hook_lsm) {
		/* imaHash: a sleepable BPF-LSM program calling bpf_ima_file_hash() */
		snprintf(buf, sz, "lsm%s", lsm_ima_prog(p) ? ",ima_hash" : "");
		return;
	}
	snprintf(buf, sz, "%s%s", at->override ? "fmod_ret" : "fentry", at->ret ? ",fexit" : "");
	if (p->kind == &hook_kprobe)
		snprintf(buf + strlen(buf), sz - strlen(buf), "|kprobe%s%s", at->ret ? ",kretprobe" : "",
			 at->override ? ",override_return" : "");
}
