// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Argument types against what the hook says about the value (lower_int.h): `resolve`
 * and `btfType` walks through the target's BTF, the kernel object a type reads
 * checked against the value's BTF type (Tetragon's ValidateKprobeSpec(): a mismatch
 * is a warning) or, without BTF, against a tracepoint field's declaration, and the
 * buffer options (maxData, returnCopy).
 */
#include <errno.h>
#include <string.h>

#include "diag.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "kbtf.h"
#include "lower_int.h"
#include "policy.h"
#include "target.h"
#include "tp_argtypes.h"

int lower_arg_resolve(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_arg *ta,
		      struct ir_arg *a, struct hook_field *f, const char **tname)
{
	bool has_resolve = ta->resolve.s && ta->resolve.len;
	bool has_btf_type = ta->btf_type.s && ta->btf_type.len;
	const struct tp_argtype *d, *l;
	struct hook_field leaf = { 0 };
	struct ir_resolve *rs;
	uint32_t start = 0;
	const char *lt;
	char msg[512];
	bool is_union;
	int err;

	bool has_module = ta->btf_type_module.s && ta->btf_type_module.len;
	struct hook_field in_module, *out = f;
	const struct btf *mbtf;

	if (has_module && !has_btf_type) {
		diag_error(lc->d, ta->btf_type_module.loc, "bad-resolve",
			   "btfTypeModule names the module whose BTF has btfType: give btfType too");
		return -EINVAL;
	}
	if (!has_resolve) {
		if (!has_btf_type)
			return 0;
		diag_error(lc->d, ta->btf_type.loc, "bad-resolve",
			   "btfType has no effect without resolve (Tetragon ignores it)");
		return -EINVAL;
	}
	if (a->user_ptr) {
		diag_error(lc->d, ta->resolve.loc, "bad-resolve",
			   "resolve walks kernel memory, but this argument points into user memory (a system call's argument, or a parameter tagged __user)");
		return -EINVAL;
	}
	if (!f->btf) {
		diag_error(lc->d, ta->resolve.loc, "unsupported",
			   "not supported yet: resolve on %s arguments: it walks the argument's BTF type, and a %s field has none (Tetragon ignores resolve there; a raw tracepoint has one: raw: true)",
			   p->kind->title, p->kind->title);
		return -EINVAL;
	}
	if (has_module && !target_module_name_ok(ta->btf_type_module.s)) {
		diag_error(lc->d, ta->btf_type_module.loc, "bad-resolve",
			   "btfTypeModule '%.64s' is not a kernel module name ([A-Za-z0-9_-], 1-55 characters)",
			   ta->btf_type_module.s);
		return -EINVAL;
	}
	if (has_module) {
		/* the walk starts in the module's BTF (split on the kernel's: the
		 * kernel's types keep their ids); CO-RE relocates it against the
		 * module's BTF at load (libbpf looks in module BTFs for types the
		 * kernel's BTF lacks)
		 */
		err = lower_need_module_btf(lc, ta->btf_type_module.loc, ta->btf_type_module.s,
					    &mbtf);
		if (err)
			return err;
		in_module = *f;
		in_module.btf = mbtf;
		f = &in_module;
	}
	if (has_btf_type) {
		if (c_check_ident(ta->btf_type.s) ||
		    !(start = kbtf_find_record(f->btf, ta->btf_type.s, &is_union))) {
			diag_error(lc->d, ta->btf_type.loc, "bad-resolve",
				   has_module ? "btfType '%.64s': no struct or union of that name in the BTF of module %s" :
				   "btfType '%.64s': no struct or union of that name in the target kernel's BTF (%s)",
				   ta->btf_type.s, has_module ? ta->btf_type_module.s :
				   target_where(lc->target, TARGET_BTF));
			return -EINVAL;
		}
	}
	rs = lower_alloc(lc, 1, sizeof(*rs));
	if (!rs)
		return -ENOMEM;
	err = kbtf_resolve(f, start, ta->resolve.s, lc->arena, rs, &leaf, msg, sizeof(msg));
	if (err == -ENOMEM)
		return err;
	if (err) {
		diag_error(lc->d, ta->resolve.loc, "bad-resolve", "resolve '%.128s' from %s: %s",
			   ta->resolve.s, rs->from ? rs->from : f->decl, msg);
		return -EINVAL;
	}
	lt = kbtf_tetragon_leaf_type(leaf.btf, leaf.btf_id);
	if (lt && strcmp(*tname, "auto") && strcmp(*tname, lt)) {
		d = tp_argtype_find(*tname);
		l = tp_argtype_find(lt);
		if (!d || !l || strcmp(d->canon, l->canon))
			diag_warn(lc->d, ta->type.loc, "resolve-type",
				  "the leaf of resolve '%.128s' is '%s': it is read as type '%s', not '%s' (Tetragon takes the type from BTF)",
				  ta->resolve.s, rs->leaf_type, lt, *tname);
	}
	if (lt)
		*tname = lt;
	a->resolve = rs;
	a->any_mem = false;	/* the walk ends in kernel memory */
	*out = leaf;
	return 0;
}

/* "struct file" / "union bpf_attr" / "kernel_cap_t" */
static const char *kind_word(const struct tp_argtype *t)
{
	if (strcmp(t->kstruct, "kernel_cap_t") == 0)
		return "";
	return t->kunion ? "union " : "struct ";
}

int lower_arg_check_btf(struct lower_ctx *lc, const struct tp_arg *ta, const struct tp_argtype *t,
			const struct hook_field *f)
{
	bool integer = !f->is_ptr && !f->array_len && f->size >= 1 && f->size <= 8;
	char what[160];
	int r;

	switch (t->shape) {
	case TP_SHAPE_SCALAR:
		if (!integer && !f->is_ptr)
			diag_warn(lc->d, ta->type.loc, "arg-type",
				  "type '%s' reads an integer, but '%s' is '%s' (read as an integer anyway, like Tetragon)",
				  t->name, f->name, f->decl);
		break;
	case TP_SHAPE_INTEGER:
		if (!integer)
			diag_warn(lc->d, ta->type.loc, "arg-type",
				  "type '%s' reads an integer, but '%s' is '%s' (read as an integer anyway, like Tetragon)",
				  t->name, f->name, f->decl);
		break;
	case TP_SHAPE_CHAR_PTR:
		if (!f->is_ptr)
			diag_warn(lc->d, ta->type.loc, "arg-type",
				  "type '%s' reads memory through a pointer, but '%s' is '%s' (read as an address anyway, like Tetragon)",
				  t->name, f->name, f->decl);
		break;
	case TP_SHAPE_KOBJ:
		r = kbtf_points_to(f, t->kstruct, t->kunion, what, sizeof(what));
		if (r < 0)
			diag_warn(lc->d, ta->type.loc, "arg-type",
				  "type '%s' reads a %s%s through a pointer, but '%s' is '%s' (read as one anyway, like Tetragon)",
				  t->name, kind_word(t), t->kstruct, f->name, f->decl);
		else if (r == 0)
			diag_warn(lc->d, ta->type.loc, "arg-type",
				  "type '%s' reads a %s%s, but '%s' points to '%s' (read as one anyway, like Tetragon)",
				  t->name, kind_word(t), t->kstruct, f->name, what);
		break;
	case TP_SHAPE_ANY:
		break;
	}
	return 0;
}

int lower_arg_check_user(struct lower_ctx *lc, const struct tp_arg *ta,
			 const struct tp_argtype *t, const struct ir_arg *a)
{
	if (t->shape != TP_SHAPE_KOBJ)
		return 0;
	/* char_iovec reads a user iovec array; every other object is kernel memory */
	if (a->user_ptr && t->fetch != TP_FETCH_IOVEC) {
		diag_error(lc->d, ta->type.loc, "bad-arg-type",
			   "type '%s' reads a kernel object (%s%s), but this argument points into user memory (a system call's argument, or a parameter tagged __user): hook a raw tracepoint (raw: true), an LSM hook or a kprobe that receives the object",
			   t->name, kind_word(t), t->kstruct);
		return -EINVAL;
	}
	return 0;
}

int lower_arg_check_kobj(struct lower_ctx *lc, const struct tp_arg *ta,
			 const struct tp_argtype *t, const struct hook_field *f,
			 const struct ir_arg *a)
{
	char want[96];

	if (t->shape != TP_SHAPE_KOBJ)
		return 0;
	if (lower_arg_check_user(lc, ta, t, a))
		return -EINVAL;
	if (!f->is_ptr && !f->int_may_be_ptr) {
		diag_error(lc->d, ta->type.loc, "bad-arg-type",
			   "type '%s' needs a pointer to %s%s, but field '%s' is '%s'", t->name,
			   kind_word(t), t->kstruct, f->name, f->decl);
		return -EINVAL;
	}
	snprintf(want, sizeof(want), "%s%s", kind_word(t), t->kstruct);
	if (f->decl && !strstr(f->decl, want))
		diag_warn(lc->d, ta->type.loc, "arg-type",
			  "type '%s' reads a %s, but field '%s' is '%s' (read as one anyway, like Tetragon)",
			  t->name, want, f->name, f->decl);
	return 0;
}

int lower_arg_options(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_arg *ta,
		      const struct tp_argtype *t)
{
	int ret = 0;

	if (ta->max_data && t->repr != TP_REPR_BUF) {
		diag_error(lc->d, ta->max_data_loc, "bad-arg-option",
			   "maxData applies to buffers (char_buf, char_iovec, iov_iter), not to type '%s'",
			   t->name);
		ret = -EINVAL;
	}
	if (ta->return_copy) {
		if (t->fetch != TP_FETCH_BUF && t->fetch != TP_FETCH_IOVEC) {
			diag_error(lc->d, ta->return_copy_loc, "bad-arg-option",
				   "returnCopy applies to char_buf and char_iovec, not to type '%s'",
				   t->name);
		} else if (ta->max_data) {
			diag_error(lc->d, ta->return_copy_loc, "bad-arg-option",
				   "returnCopy and maxData cannot be combined (as in Tetragon)");
		} else {
			diag_error(lc->d, ta->return_copy_loc, "unsupported",
				   "not supported yet: returnCopy on %s hooks (copying the buffer again when the function returns is not implemented)",
				   p->kind->title);
		}
		ret = -EINVAL;
	}
	return ret;
}
