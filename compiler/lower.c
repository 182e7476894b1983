// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* AST -> IR, for every hook kind: the hook-kind table (hooks.h) lowers the attach
 * point and says where each argument comes from; the type table (tp_argtypes.h) says
 * what each type is. Checks what needs the hook's shape: arg indexes, types against
 * the fields they are read from, sizeArgIndex. Keep going: every problem of the
 * policy is reported in one run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hooks.h"
#include "ir.h"
#include "lower.h"
#include "log.h"
#include "lower_int.h"
#include "policy.h"
#include "pkg_write.h"
#include "target.h"
#include "tp_argtypes.h"
#include "tracefs.h"

static void mark_bad(struct lower_ctx *lc, uint32_t idx)
{
	if (lc->nr_bad_idx < sizeof(lc->bad_idx) / sizeof(lc->bad_idx[0]))
		lc->bad_idx[lc->nr_bad_idx++] = idx;
}

bool lower_arg_is_bad(const struct lower_ctx *lc, uint32_t idx)
{
	size_t i;

	for (i = 0; i < lc->nr_bad_idx; i++)
		if (lc->bad_idx[i] == idx)
			return true;
	return false;
}

void *lower_alloc(struct lower_ctx *lc, size_t n, size_t sz)
{
	void *p = arena_calloc(lc->arena, n ? n : 1, sz);

	if (!p)
		lc->err = -ENOMEM;
	return p;
}

/* ---------------------------------------------------------------- kernel inputs */

int lower_need_btf(struct lower_ctx *lc, struct tp_loc loc, const char *what,
		   const struct btf **btf)
{
	const char *why;
	int err = target_btf(lc->target, btf, &why);

	if (err == -ENODATA) {
		if (!lc->reported[TARGET_BTF])
			diag_error(lc->d, loc, "no-btf", "%s needs the target kernel's BTF: %s", what,
				   why);
		lc->reported[TARGET_BTF] = true;
		lc->missing = true;
	}
	if (!err)
		lc->used_btf = true;
	return err;
}

int lower_need_format(struct lower_ctx *lc, struct tp_loc loc, const char *subsys,
		      const char *event, struct tf_format *fmt)
{
	struct lower_fmt *f;
	const char *why;
	int err;

	if (lc->nr_fmts == lc->cap_fmts) {	/* arena memory: the old array is just left */
		struct lower_fmt *n = lower_alloc(lc, lc->cap_fmts * 2 + 4, sizeof(*n));

		if (!n)
			return -ENOMEM;
		if (lc->nr_fmts)
			memcpy(n, lc->fmts, lc->nr_fmts * sizeof(*n));
		lc->fmts = n;
		lc->cap_fmts = lc->cap_fmts * 2 + 4;
	}
	f = &lc->fmts[lc->nr_fmts];
	err = target_format(lc->target, subsys, event, lc->arena, fmt, f->sha256, &why);

	if (err == -ENODATA) {
		if (!lc->reported[TARGET_TRACEFS])
			diag_error(lc->d, loc, "no-tracefs", "cannot read the format of %s/%s: %s",
				   subsys, event, why);
		lc->reported[TARGET_TRACEFS] = true;
		lc->missing = true;
	}
	if (err)
		return err;
	f->name = arena_printf(lc->arena, "%s/%s", subsys, event);
	if (!f->name)
		return -ENOMEM;
	lc->nr_fmts++;
	return 0;
}

int lower_need_module_btf(struct lower_ctx *lc, struct tp_loc loc, const char *name,
			  const struct btf **btf)
{
	const char *why, *origin, *sha;
	size_t i;
	int err = target_module_btf(lc->target, name, btf, &origin, &sha, &why);

	if (err == -ENODATA) {
		diag_error(lc->d, loc, "no-btf", "btfTypeModule '%.64s' needs the module's BTF: %s",
			   name, why);
		lc->missing = true;
	}
	if (err)
		return err;
	for (i = 0; i < lc->nr_mods; i++)
		if (!strcmp(lc->mods[i].name, name))
			return 0;
	if (lc->nr_mods == sizeof(lc->mods) / sizeof(lc->mods[0]))
		return -EFAULT;	/* target_module_btf() keeps fewer */
	lc->mods[lc->nr_mods++] = (struct lower_mod){ name, origin, sha };
	return 0;
}

static int cmp_mod(const void *a, const void *b)
{
	return strcmp(((const struct lower_mod *)a)->name, ((const struct lower_mod *)b)->name);
}

int lower_need_functions(struct lower_ctx *lc, struct tp_loc loc, const char *what,
			 const char **text, size_t *len)
{
	const char *why;
	int err = target_functions(lc->target, text, len, &why);

	if (err == -ENODATA) {
		if (!lc->reported[TARGET_FUNCTIONS])
			diag_error(lc->d, loc, "no-tracefs",
				   "%s needs the target kernel's available_filter_functions: %s", what,
				   why);
		lc->reported[TARGET_FUNCTIONS] = true;
		lc->missing = true;
	}
	if (!err)
		lc->used_functions = true;
	return err;
}

static int cmp_fmt(const void *a, const void *b)
{
	return strcmp(((const struct lower_fmt *)a)->name, ((const struct lower_fmt *)b)->name);
}

/* The inputs the policy read, as its .tpc.meta records them: the BTF's digest; for
 * tracefs, sha256 of the lines "<sha256 of the format> <subsys>/<event>\n" of every
 * format read, sorted by name, once each; for functions, the list file's digest;
 * each module BTF's digest, by module name (docs/object-format.md).
 */
static int record_inputs(struct lower_ctx *lc, struct ir_module *m)
{
	struct ir_input *in;
	char *text = NULL;
	size_t i, len = 0;
	FILE *f;
	int err;

	m->inputs = lower_alloc(lc, 3 + lc->nr_mods, sizeof(*m->inputs));
	if (!m->inputs)
		return -ENOMEM;
	if (lc->used_btf) {
		in = &m->inputs[m->nr_inputs++];
		in->kind = "btf";
		in->origin = target_origin(lc->target, TARGET_BTF);
		snprintf(in->sha256, sizeof(in->sha256), "%s", target_btf_sha256(lc->target));
	}
	if (lc->nr_fmts) {
		qsort(lc->fmts, lc->nr_fmts, sizeof(*lc->fmts), cmp_fmt);
		f = open_memstream(&text, &len);
		if (!f)
			return -ENOMEM;
		for (i = 0; i < lc->nr_fmts; i++)
			if (!i || strcmp(lc->fmts[i - 1].name, lc->fmts[i].name))
				fprintf(f, "%s %s\n", lc->fmts[i].sha256, lc->fmts[i].name);
		if (fclose(f)) {
			free(text);
			return -ENOMEM;
		}
		in = &m->inputs[m->nr_inputs++];
		in->kind = "tracefs";
		in->origin = target_origin(lc->target, TARGET_TRACEFS);
		err = pkg_sha256_hex(text, len, in->sha256);
		free(text);
		if (err)
			return err;
	}
	if (lc->used_functions) {
		in = &m->inputs[m->nr_inputs++];
		in->kind = "functions";
		in->origin = target_origin(lc->target, TARGET_FUNCTIONS);
		snprintf(in->sha256, sizeof(in->sha256), "%s", target_functions_sha256(lc->target));
	}
	qsort(lc->mods, lc->nr_mods, sizeof(*lc->mods), cmp_mod);
	for (i = 0; i < lc->nr_mods; i++) {
		in = &m->inputs[m->nr_inputs++];
		in->kind = "btf-module";
		in->origin = lc->mods[i].origin;
		snprintf(in->sha256, sizeof(in->sha256), "%s", lc->mods[i].sha256);
	}
	for (i = 0; i < m->nr_inputs; i++)
		if (!m->inputs[i].origin)
			return -EFAULT;	/* read, so it has an origin */
	return 0;
}

/* ---------------------------------------------------------------- args */

/* "int, int8, ..., fd" + ", auto" : the types tpc reads, for messages. */
static void supported_types(const struct hook_kind *k, char *buf, size_t sz)
{
	const struct tp_argtype *t;
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; (t = tp_argtype_at(i)); i++) {
		if (strcmp(t->name, t->canon))
			continue;	/* aliases */
		o += snprintf(buf + o, o < sz ? sz - o : 0, "%s%s", o ? ", " : "", t->name);
	}
	if (k->auto_type && o < sz)
		snprintf(buf + o, sz - o, ", auto");
}

/* The row for `type: <tname>` of an arg read from field f, or NULL (reported). */
static const struct tp_argtype *arg_type(struct lower_ctx *lc, const struct ir_prog *p,
					 const struct tp_arg *ta, const char *tname,
					 const struct hook_field *f)
{
	const struct tp_argtype *t;
	const char *an, *why;
	char list[1024];

	if (strcmp(tname, "auto")) {
		t = tp_argtype_find(tname);
		why = t ? NULL : tp_argtype_unsupported(tname);
		if (why) {
			diag_error(lc->d, ta->type.loc, "unsupported",
				   "not supported yet: argument type '%s' (%s)", tname, why);
		} else if (!t) {
			supported_types(p->kind, list, sizeof(list));
			diag_error(lc->d, ta->type.loc, "unsupported",
				   "not supported yet: argument type '%s' on %s hooks (supported: %s)",
				   tname, p->kind->title, list);
		}
		return t;
	}
	if (!f->known || !p->kind->auto_type || f->btf) {
		/* a BTF type names a type only at the end of a resolve (Tetragon) */
		diag_error(lc->d, ta->type.loc, "bad-arg-type", "%s%s",
			   p->kind->no_auto ? p->kind->no_auto :
			   "type 'auto' needs a known field type",
			   ta->resolve.len ? " (the leaf of resolve names no type)" : "");
		return NULL;
	}
	an = p->kind->auto_type(f);
	t = an ? tp_argtype_find(an) : NULL;
	if (!t)
		diag_error(lc->d, ta->type.loc, "unsupported",
			   "not supported yet: type 'auto' for field '%s %s' (arrays and __data_loc fields)",
			   f->decl, f->name);
	return t;
}

/* Can a value of type t be read from field f? 0, or -EINVAL (reported). */
static int check_shape(struct lower_ctx *lc, const struct tp_arg *ta, const struct tp_argtype *t,
		       const struct hook_field *f, const struct ir_arg *a)
{
	if (!f->known || t->shape == TP_SHAPE_ANY)
		return 0;
	if (f->btf) {
		/* a BTF type: Tetragon's rule, a mismatch is a warning; but never a kernel
		 * object read from user memory, and a function's pointer parameter
		 * (kprobe, LSM) must fit a string or integer type exactly */
		if (lower_arg_check_user(lc, ta, t, a))
			return -EINVAL;
		if (f->ptr_known && t->shape == TP_SHAPE_INTEGER) {
			diag_error(lc->d, ta->type.loc, "bad-arg-type",
				   "type '%s' needs an integer field, but '%s' is '%s'", t->name,
				   f->name, f->decl);
			return -EINVAL;
		}
		if (f->ptr_known && t->shape == TP_SHAPE_CHAR_PTR && !f->char_ptr) {
			diag_error(lc->d, ta->type.loc, "bad-arg-type",
				   "type '%s' needs a char pointer, but '%s' is '%s'", t->name,
				   f->name, f->decl);
			return -EINVAL;
		}
		if (f->array_len && !f->is_addr) {
			diag_error(lc->d, ta->index_loc, "unsupported",
				   "not supported yet: '%s' is '%s', passed by value (tpc reads integers and pointers)",
				   f->name, f->decl);
			return -EINVAL;
		}
		return lower_arg_check_btf(lc, ta, t, f);
	}
	if (lower_arg_check_kobj(lc, ta, t, f, a))
		return -EINVAL;
	if (t->shape == TP_SHAPE_INTEGER && (f->is_ptr || f->array_len || f->data_loc)) {
		diag_error(lc->d, ta->type.loc, "bad-arg-type",
			   "type '%s' needs an integer field, but '%s' is '%s'", t->name, f->name,
			   f->decl);
		return -EINVAL;
	}
	if (f->data_loc) {
		diag_error(lc->d, ta->index_loc, "unsupported",
			   "not supported yet: __data_loc field '%s'", f->name);
		return -EINVAL;
	}
	if (f->array_len) {
		diag_error(lc->d, ta->index_loc, "unsupported",
			   "not supported yet: array field '%s[%u]' (const_buf)", f->name,
			   f->array_len);
		return -EINVAL;
	}
	if (t->shape == TP_SHAPE_CHAR_PTR && !f->is_ptr && !f->int_may_be_ptr) {
		diag_error(lc->d, ta->type.loc, "bad-arg-type",
			   "type '%s' needs a pointer, but field '%s' is '%s'", t->name, f->name,
			   f->decl);
		return -EINVAL;
	}
	if (t->shape == TP_SHAPE_CHAR_PTR && f->ptr_known && !f->char_ptr) {
		diag_error(lc->d, ta->type.loc, "bad-arg-type",
			   "type '%s' needs a char pointer, but '%s' is '%s'", t->name, f->name,
			   f->decl);
		return -EINVAL;
	}
	/* TP_SCALAR: a pointer value as an integer is allowed, like Tetragon */
	return 0;
}

/* sizeArgIndex of buffer arg a: find (or add, hidden) the size's arg. */
static int size_arg(struct lower_ctx *lc, struct ir_prog *p, struct ir_arg *a, size_t *n)
{
	uint32_t sidx = (uint32_t)a->size_arg;
	struct hook_field f;
	struct ir_arg *h;
	const char *tn;
	size_t j;
	int err;

	for (j = 0; j < *n; j++)
		if (p->args[j].index == sidx && p->args[j].type->repr == TP_REPR_INT &&
		    !p->args[j].resolve) {
			a->size_arg = (int)j;
			return 0;
		}
	h = &p->args[*n];
	memset(h, 0, sizeof(*h));
	err = p->kind->lower_arg(lc, p, sidx, a->loc, true, h, &f);
	if (err == -ENOMEM)
		return err;
	if (err || (f.known && (f.is_ptr || f.array_len || f.data_loc)))
		goto bad;
	tn = f.known && p->kind->auto_type ? p->kind->auto_type(&f) : "uint64";
	h->type = tn ? tp_argtype_find(tn) : NULL;
	if (!h->type || h->type->repr != TP_REPR_INT)
		goto bad;
	h->loc = a->loc;
	h->id = *n;
	h->index = sidx;
	h->size_arg = -1;
	h->hidden = true;
	a->size_arg = (int)(*n)++;
	return 0;
bad:
	diag_error(lc->d, a->loc, "bad-size-arg", "sizeArgIndex %u does not name an integer field",
		   sidx + 1);
	return -EINVAL;
}

static int lower_args(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p)
{
	size_t i, n = 0, cap = e->nr_args * 2 + 1;
	int ret = 0, err;

	p->args = lower_alloc(lc, cap, sizeof(*p->args));
	if (!p->args)
		return -ENOMEM;

	for (i = 0; i < e->nr_args; i++) {
		const struct tp_arg *ta = &e->args[i];
		struct ir_arg *a = &p->args[n];
		const struct tp_argtype *t;
		struct hook_field f;
		const char *tname;
		bool ctx_opaque;

		a->loc = ta->loc;
		a->id = n;
		a->index = ta->index;
		a->size_arg = -1;
		a->label = ta->label.s;

		err = p->kind->lower_arg(lc, p, ta->index, ta->index_loc, false, a, &f);
		if (err == -ENOMEM)
			return err;
		/* e.g. security_inode_copy_up's struct cred **new, the root of a resolve */
		ctx_opaque = !err && f.is_ptr && !(f.ptr_known && (f.kstruct || f.char_ptr));
		tname = ta->type.s ? ta->type.s : "auto";
		if (!err)	/* resolve: the value is where the walk ends */
			err = lower_arg_resolve(lc, p, ta, a, &f, &tname);
		if (err == -ENOMEM)
			return err;
		t = err ? NULL : arg_type(lc, p, ta, tname, &f);
		if (lc->nr_pos < sizeof(lc->pos_arg) / sizeof(lc->pos_arg[0]))
			lc->pos_arg[lc->nr_pos++] = -1;
		if (!t || check_shape(lc, ta, t, &f, a) || lower_arg_options(lc, p, ta, t)) {
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			memset(a, 0, sizeof(*a));
			continue;
		}
		a->type = t;
		a->ptr_as_int = t->repr == TP_REPR_INT && f.known && f.is_ptr;
		a->ctx_opaque = ctx_opaque;
		a->max_data = ta->max_data;
		a->hidden = t->repr == TP_REPR_NONE;	/* nop: keeps its place, nothing else */
		if (t->fetch == TP_FETCH_BUF || t->fetch == TP_FETCH_IOVEC) {
			if (!ta->size_arg_index) {
				diag_error(lc->d, ta->loc, "bad-size-arg",
					   "%s needs sizeArgIndex (the %s field's index + 1)",
					   t->name, t->fetch == TP_FETCH_IOVEC ? "count" : "size");
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				memset(a, 0, sizeof(*a));
				continue;
			}
			a->size_arg = (int)ta->size_arg_index - 1;	/* resolved below */
		}
		if (lc->nr_pos && i < sizeof(lc->pos_arg) / sizeof(lc->pos_arg[0]))
			lc->pos_arg[i] = (int)n;
		n++;
	}

	for (i = 0; i < n; i++) {
		if (p->args[i].size_arg < 0)
			continue;
		err = size_arg(lc, p, &p->args[i], &n);
		if (err == -ENOMEM)
			return err;
		if (err)
			ret = err;
	}
	if (n > TP_MAX_ARGS) {
		diag_error(lc->d, e->loc, "too-many-args",
			   "%zu arguments (with hidden size fields); tpc supports %d per hook", n,
			   TP_MAX_ARGS);
		ret = -EINVAL;
	}
	p->nr_args = n;
	return ret;
}

/* returnArg: the return value, an arg of its own (ret_val), last of the args. */
static int lower_ret_arg(struct lower_ctx *lc, const struct hook_entry *e, struct ir_prog *p)
{
	const struct tp_arg *ta = e->ret_arg;
	struct ir_arg *a = &p->args[p->nr_args];
	const struct tp_argtype *t;
	struct hook_field f;
	const char *tname;
	int err;

	memset(a, 0, sizeof(*a));
	a->loc = ta->loc;
	a->id = p->nr_args;
	a->size_arg = -1;
	a->label = ta->label.s;
	a->src = IR_SRC_RET;
	a->ret_val = true;
	err = p->kind->lower_ret(lc, p, ta->loc, &f);
	if (err)
		return err;
	a->user_ptr = f.user_ptr;
	a->any_mem = f.is_ptr && !f.user_ptr;
	tname = ta->type.s ? ta->type.s : "auto";
	err = lower_arg_resolve(lc, p, ta, a, &f, &tname);
	if (err == -ENOMEM)
		return err;
	if (err)
		return -EINVAL;
	t = arg_type(lc, p, ta, tname, &f);
	if (!t || check_shape(lc, ta, t, &f, a) || lower_arg_options(lc, p, ta, t))
		return -EINVAL;
	if (t->repr == TP_REPR_BUF) {
		diag_error(lc->d, ta->type.loc, "unsupported",
			   "not supported yet: returnArg of type %s (buffers need returnCopy)",
			   t->name);
		return -EINVAL;
	}
	a->type = t;
	a->max_data = ta->max_data;
	a->hidden = t->repr == TP_REPR_NONE;
	p->nr_args++;
	return 0;
}

/* ---------------------------------------------------------------- hooks */

static int lower_hook(struct lower_ctx *lc, const struct hook_entry *e, unsigned int id,
		      struct ir_prog *p)
{
	size_t i;
	int ret = 0, err;

	/* ir_lower() reuses the slot of a hook that failed to lower */
	memset(p, 0, sizeof(*p));
	p->loc = e->loc;
	p->id = id;
	p->kind = e->kind;
	p->ret = 0;
	p->message = e->message.s;
	if (e->message.s && e->message.len == 1) {
		diag_error(lc->d, e->message.loc, "bad-value",
			   "message must be empty or at least 2 characters (Tetragon rejects 1)");
		ret = -EINVAL;
	}
	if (e->message.s && e->message.len > 256)
		diag_warn(lc->d, e->message.loc, "long-message",
			  "message is %zu characters; events carry the first 256", e->message.len);
	p->tags = lower_alloc(lc, e->nr_tags, sizeof(*p->tags));
	if (!p->tags)
		return -ENOMEM;
	for (i = 0; i < e->nr_tags; i++) {
		if (e->tags[i].len < 2) {
			diag_error(lc->d, e->tags[i].loc, "bad-value",
				   "tags must be 2 to 128 characters");
			ret = -EINVAL;
		}
		p->tags[p->nr_tags++] = e->tags[i].s;
	}

	lc->hook_state = NULL;
	lc->hook_err = 0;
	err = e->kind->lower_attach(lc, e, p);
	if (err)
		return err;
	if (lc->hook_err)
		ret = lc->hook_err;

	lc->nr_bad_idx = 0;
	lc->nr_pos = 0;
	err = lower_args(lc, e, p);
	if (err == -ENOMEM)
		return err;
	if (err)
		ret = err;	/* keep going: selectors on the good args are checked too */

	if (e->ret_arg) {
		err = lower_ret_arg(lc, e, p);
		if (err == -ENOMEM)
			return err;
		if (err)
			return err;	/* the return selectors need it */
	}

	p->no_selectors = e->nr_selectors == 0;
	p->selectors = lower_alloc(lc, e->nr_selectors * 2, sizeof(*p->selectors));
	if (!p->selectors)
		return -ENOMEM;
	for (i = 0; i < e->nr_selectors; i++) {
		err = lower_selector(lc, p, &e->selectors[i], &p->selectors[p->nr_selectors]);
		if (err == -ENOMEM)
			return err;
		if (err)
			ret = err;
		else
			p->nr_selectors++;
	}
	/* a return probe: the return side of every selector (Tetragon's return
	 * selectors: matchReturnArgs + matchReturnActions; none: match, Post)
	 */
	for (i = 0; e->ret_arg && i < e->nr_selectors; i++) {
		err = lower_ret_selector(lc, p, &e->selectors[i], &p->selectors[p->nr_selectors]);
		if (err == -ENOMEM)
			return err;
		if (err) {
			ret = err;
		} else {
			p->nr_selectors++;
			p->nr_ret_selectors++;
		}
	}
	return ret;
}

/* Append a zeroed prog to m->progs (grown in the arena). NULL on -ENOMEM. */
static struct ir_prog *new_prog(struct lower_ctx *lc, struct ir_module *m, size_t *cap)
{
	if (m->nr_progs == *cap) {
		struct ir_prog *n = lower_alloc(lc, *cap * 2 + 8, sizeof(*n));

		if (!n)
			return NULL;
		if (m->nr_progs)
			memcpy(n, m->progs, m->nr_progs * sizeof(*n));
		m->progs = n;
		*cap = *cap * 2 + 8;
	}
	memset(&m->progs[m->nr_progs], 0, sizeof(m->progs[0]));
	return &m->progs[m->nr_progs];
}

int ir_lower(const struct tp_policy *pol, const struct lower_opts *opts, struct tp_arena *arena,
	     struct diag *d, struct ir_module **out)
{
	struct lower_ctx lc = { .arena = arena, .d = d, .opts = opts };
	size_t i, n = hooks_count(pol), cap = 0;
	struct ir_module *m;
	int ret = 0, err;

	if (!opts || !opts->target) {
		pr_warn("internal error: ir_lower without a target kernel\n");
		return -EFAULT;
	}
	lc.target = opts->target;
	m = lower_alloc(&lc, 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->policy_name = pol->name.s;
	m->kind = pol->kind == TP_POLICY_NAMESPACED ? "TracingPolicyNamespaced" : "TracingPolicy";
	m->namespace_ = pol->namespace_.s;
	m->source = pol->file;
	ret = lower_options(&lc, pol, m);
	for (i = 0; i < n; i++) {
		const char **calls = NULL;
		size_t nc = 1, j;
		struct hook_entry e;

		hooks_entry(pol, i, &e);
		if (e.kind->expand) {
			err = e.kind->expand(&lc, &e, &calls, &nc);
			if (err == -ENOMEM || lc.err)
				return -ENOMEM;
			if (err) {
				ret = err;
				continue;
			}
		}
		for (j = 0; j < nc; j++) {
			struct ir_prog *p = new_prog(&lc, m, &cap);

			if (!p)
				return -ENOMEM;
			if (calls)
				e.call = calls[j];
			err = lower_hook(&lc, &e, (unsigned int)m->nr_progs, p);
			if (err == -ENOMEM || lc.err)
				return -ENOMEM;
			if (err) {
				ret = err;
			} else {
				lower_warn_user_strings(&lc, m, p);
				m->nr_progs++;
			}
		}
	}
	if (lc.missing)
		return -ENODATA;	/* an environment problem outranks policy errors */
	if (ret)
		return ret;
	err = record_inputs(&lc, m);
	if (err == -EFAULT)
		pr_warn("internal error: a kernel input without an origin\n");
	if (err)
		return err;
	*out = m;
	return 0;
}
