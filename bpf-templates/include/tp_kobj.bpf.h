/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Kernel objects reported whole (argument types cred, user_namespace, bpf_attr,
 * bpf_prog, bpf_map, perf_event, module, load_info): each writer reads the object
 * with CO-RE at post time and fills its event slot (tp_abi.h TP_EVA_* payloads), in
 * Tetragon's field order (bpf/process/types/basic.h: copy_cred(), copy_user_ns(),
 * copy_bpf_attr(), copy_bpf_prog(), copy_bpf_map(), copy_perf_event(),
 * copy_kernel_module(), copy_load_module()). An object that cannot be read at all
 * (NULL, a fault on its first field) is reported as TP_EVA_FAULT (Tetragon's "Bad
 * address for basic type"), never as a zeroed object (a zeroed cred reads as root).
 * Included by generated code only when a policy has such an argument.
 */
#ifndef TP_KOBJ_BPF_H
#define TP_KOBJ_BPF_H

#include "tp_common.bpf.h"

#define TP_SLOT_OF(type)	((sizeof(type) + 7) & ~7u)

static __always_inline __u64 tp_ev_obj_done(struct tp_ev_arg *a, __u16 type, __u32 len)
{
	__u32 slot = (len + 7) & ~7u;

	a->type = type;
	a->flags = 0;
	a->len = len;
	a->orig_len = len;
	a->slot = slot;
	return sizeof(*a) + slot;
}

/* A user namespace into u; -1 if ns cannot be read (u zeroed). */
static __always_inline int tp_read_userns(struct tp_eva_userns *u, const struct user_namespace *ns)
{
	if (!ns || bpf_core_read(&u->level, sizeof(u->level), &ns->level)) {
		u->level = 0;
		u->uid = 0;
		u->gid = 0;
		u->inum = 0;
		return -1;
	}
	u->uid = BPF_CORE_READ(ns, owner.val);
	u->gid = BPF_CORE_READ(ns, group.val);
	u->inum = BPF_CORE_READ(ns, ns.inum);
	return 0;
}

/* user_namespace: user_ns_arg */
static __always_inline __u64 tp_ev_put_userns(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_userns *u = (void *)(a + 1);

	if (tp_read_userns(u, (const struct user_namespace *)raw))
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*u));
	return tp_ev_obj_done(a, TP_EVA_USERNS, sizeof(*u));
}

/* cred: process_credentials_arg. The capability sets are 8 bytes in every kernel
 * (u32 cap[2] before 6.3, u64 val since), read as they are.
 */
static __always_inline __u64 tp_ev_put_cred(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_cred *c = (void *)(a + 1);
	const struct cred *cr = (const struct cred *)raw;

	if (!cr || bpf_core_read(&c->uid, sizeof(c->uid), &cr->uid))
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*c));
	c->gid = BPF_CORE_READ(cr, gid.val);
	c->suid = BPF_CORE_READ(cr, suid.val);
	c->sgid = BPF_CORE_READ(cr, sgid.val);
	c->euid = BPF_CORE_READ(cr, euid.val);
	c->egid = BPF_CORE_READ(cr, egid.val);
	c->fsuid = BPF_CORE_READ(cr, fsuid.val);
	c->fsgid = BPF_CORE_READ(cr, fsgid.val);
	c->securebits = BPF_CORE_READ(cr, securebits);
	c->flags = 0;
	if (bpf_core_read(&c->cap_permitted, 8, &cr->cap_permitted))
		c->cap_permitted = 0;
	if (bpf_core_read(&c->cap_effective, 8, &cr->cap_effective))
		c->cap_effective = 0;
	if (bpf_core_read(&c->cap_inheritable, 8, &cr->cap_inheritable))
		c->cap_inheritable = 0;
	if (tp_read_userns(&c->user_ns, BPF_CORE_READ(cr, user_ns)))
		c->flags |= TP_EVA_CRED_F_NOUSERNS;
	return tp_ev_obj_done(a, TP_EVA_CRED, sizeof(*c));
}

/* bpf_attr (BPF_PROG_LOAD's fields, whatever the command): bpf_attr_arg */
static __always_inline __u64 tp_ev_put_bpf_attr(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_bpf_prog *b = (void *)(a + 1);
	const union bpf_attr *ba = (const union bpf_attr *)raw;

	if (!ba || bpf_core_read(&b->prog_type, sizeof(b->prog_type), &ba->prog_type))
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*b));
	if (bpf_core_read(&b->insn_cnt, sizeof(b->insn_cnt), &ba->insn_cnt))
		b->insn_cnt = 0;
	if (bpf_core_read(b->name, sizeof(b->name), &ba->prog_name))
		b->name[0] = 0;
	return tp_ev_obj_done(a, TP_EVA_BPF_PROG, sizeof(*b));
}

/* bpf_prog: bpf_prog_arg */
static __always_inline __u64 tp_ev_put_bpf_prog(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_bpf_prog *b = (void *)(a + 1);
	const struct bpf_prog *bp = (const struct bpf_prog *)raw;
	const struct bpf_prog_aux *aux;
	enum bpf_prog_type t;

	if (!bp || bpf_core_read(&t, sizeof(t), &bp->type))
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*b));
	b->prog_type = (__u32)t;
	b->insn_cnt = BPF_CORE_READ(bp, len);
	aux = BPF_CORE_READ(bp, aux);
	if (!aux || bpf_core_read(b->name, sizeof(b->name), &aux->name))
		b->name[0] = 0;
	return tp_ev_obj_done(a, TP_EVA_BPF_PROG, sizeof(*b));
}

/* bpf_map: bpf_map_arg */
static __always_inline __u64 tp_ev_put_bpf_map(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_bpf_map *b = (void *)(a + 1);
	const struct bpf_map *m = (const struct bpf_map *)raw;
	enum bpf_map_type t;

	if (!m || bpf_core_read(&t, sizeof(t), &m->map_type))
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*b));
	b->map_type = (__u32)t;
	b->key_size = BPF_CORE_READ(m, key_size);
	b->value_size = BPF_CORE_READ(m, value_size);
	b->max_entries = BPF_CORE_READ(m, max_entries);
	if (bpf_core_read(b->name, sizeof(b->name), &m->name))
		b->name[0] = 0;
	return tp_ev_obj_done(a, TP_EVA_BPF_MAP, sizeof(*b));
}

/* perf_event: perf_event_arg. attr.kprobe_func is the name perf_event_open() was
 * given (a user pointer kept in the kernel's copy of the attr, Tetragon reads it as
 * is): read as a user string, then as a kernel one.
 */
static __always_inline __u64 tp_ev_put_perf_event(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_perf_event *p = (void *)(a + 1);
	const struct perf_event *ev = (const struct perf_event *)raw;
	__u64 func = 0;

	if (!ev || bpf_core_read(&p->type, sizeof(p->type), &ev->attr.type))
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*p));
	p->pad = 0;
	p->config = BPF_CORE_READ(ev, attr.config);
	p->probe_offset = BPF_CORE_READ(ev, attr.probe_offset);
	p->kprobe_func[0] = 0;
	if (!bpf_core_read(&func, sizeof(func), &ev->attr.kprobe_func) && func &&
	    bpf_probe_read_user_str(p->kprobe_func, sizeof(p->kprobe_func), (const void *)func) < 0 &&
	    bpf_probe_read_kernel_str(p->kprobe_func, sizeof(p->kprobe_func), (const void *)func) < 0)
		p->kprobe_func[0] = 0;
	return tp_ev_obj_done(a, TP_EVA_PERF_EVENT, sizeof(*p));
}

/* module: module_arg {name, tainted} (no signature: module->sig_ok exists only with
 * CONFIG_MODULE_SIG, and Tetragon leaves it out for this type)
 */
static __always_inline __u64 tp_ev_put_module(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_module *m = (void *)(a + 1);
	const struct module *mod = (const struct module *)raw;

	if (!mod || bpf_probe_read_kernel_str(m->name, sizeof(m->name), &mod->name) <= 0)
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*m));
	m->taints = BPF_CORE_READ(mod, taints);
	m->sig_ok = TP_MODULE_SIG_UNKNOWN;
	m->pad = 0;
	return tp_ev_obj_done(a, TP_EVA_MODULE, sizeof(*m));
}

/* load_info (a module being loaded): module_arg {name, signature_ok, tainted}. The
 * struct exists only with CONFIG_MODULES, sig_ok only with CONFIG_MODULE_SIG.
 */
static __always_inline __u64 tp_ev_put_load_info(void *dst, __u64 raw)
{
	struct tp_ev_arg *a = dst;
	struct tp_eva_module *m = (void *)(a + 1);
	const struct load_info *li = (const struct load_info *)raw;
	const char *name = NULL;
	bool ok = false;

	if (!bpf_core_type_exists(struct load_info) || !li ||
	    bpf_core_read(&name, sizeof(name), &li->name) || !name ||
	    bpf_probe_read_kernel_str(m->name, sizeof(m->name), name) <= 0)
		return tp_ev_put_fault(dst, TP_FAULT_BASIC, TP_SLOT_OF(*m));
	m->taints = BPF_CORE_READ(li, mod, taints);
	m->sig_ok = TP_MODULE_SIG_UNKNOWN;
	if (bpf_core_field_exists(li->sig_ok) && !bpf_core_read(&ok, sizeof(ok), &li->sig_ok))
		m->sig_ok = ok ? 1 : 0;
	m->pad = 0;
	return tp_ev_obj_done(a, TP_EVA_MODULE, sizeof(*m));
}

#endif
