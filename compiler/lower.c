// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* AST -> IR for tracepoint hooks. Checks what needs the hook's shape: arg
 * indexes against the tracepoint format, Tetragon types, operators against
 * types, values parsed against types. Keep going: every problem of the
 * policy is reported in one run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "emit.h"
#include "ir.h"
#include "lower.h"
#include "lower_int.h"
#include "policy.h"
#include "tp_abi.h"
#include "tp_class.h"
#include "tracefs.h"
#include "values.h"

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

/* Tetragon arg type -> representation. */
struct type_info {
	const char *name;
	enum ir_vtype vt;
	unsigned int width;
	bool is_signed;
	const char *canon;	/* name reported in events/meta */
};

static const struct type_info types[] = {
	{ "int",	IR_VT_INT, 4, true,  "int" },
	{ "int8",	IR_VT_INT, 1, true,  "int8" },
	{ "sint8",	IR_VT_INT, 1, true,  "int8" },
	{ "int16",	IR_VT_INT, 2, true,  "int16" },
	{ "sint16",	IR_VT_INT, 2, true,  "int16" },
	{ "int32",	IR_VT_INT, 4, true,  "int32" },
	{ "sint32",	IR_VT_INT, 4, true,  "int32" },
	{ "int64",	IR_VT_INT, 8, true,  "int64" },
	{ "sint64",	IR_VT_INT, 8, true,  "int64" },
	{ "long",	IR_VT_INT, 8, true,  "int64" },
	{ "uint8",	IR_VT_INT, 1, false, "uint8" },
	{ "uint16",	IR_VT_INT, 2, false, "uint16" },
	{ "uint32",	IR_VT_INT, 4, false, "uint32" },
	{ "uint64",	IR_VT_INT, 8, false, "uint64" },
	{ "ulong",	IR_VT_INT, 8, false, "uint64" },
	{ "size_t",	IR_VT_INT, 8, false, "size_t" },
	{ "syscall64",	IR_VT_INT, 8, false, "syscall64" },
	{ "string",	IR_VT_STR, 8, false, "string" },
	{ "char_buf",	IR_VT_BUF, 8, false, "char_buf" },
	{ "fd",		IR_VT_FD,  4, true,  "fd" },
};

static const struct type_info *type_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

void *lower_alloc(struct lower_ctx *lc, size_t n, size_t sz)
{
	void *p = arena_calloc(lc->arena, n ? n : 1, sz);

	if (!p)
		lc->err = -ENOMEM;
	return p;
}

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

/* ---------------------------------------------------------------- args */

/* Where format field idx of a tracepoint comes from. */
static int arg_source(struct lower_ctx *lc, struct ir_prog *p, const struct tf_format *fmt,
		      uint32_t idx, struct ir_arg *a, const struct tf_field **fieldp)
{
	const struct tf_field *f = &fmt->fields[idx];

	*fieldp = f;
	if (f->common) {
		/* BPF programs cannot read the first 8 bytes of a tracepoint
		 * record; common_pid is the current thread's pid, the rest
		 * (type, flags, preempt_count) is not available.
		 */
		if (strcmp(f->name, "common_pid"))
			return -ENOTSUP;
		a->src = IR_SRC_TP_COMMON;
		a->field = "pid";
		return 0;
	}
	if (p->syscall_tp) {
		if (strcmp(f->name, "__syscall_nr") == 0) {
			a->src = IR_SRC_SYSCALL_NR;
			return 0;
		}
		if (p->syscall_exit) {
			a->src = IR_SRC_SYSCALL_RET;
			return 0;
		}
		/* fields after __syscall_nr are args[0..5] in order */
		a->src = IR_SRC_SYSCALL_ARG;
		a->src_n = 0;
		for (size_t i = 0; i < idx; i++)
			if (!fmt->fields[i].common && strcmp(fmt->fields[i].name, "__syscall_nr"))
				a->src_n++;
		return 0;
	}
	if (c_check_ident(f->name))
		return -EINVAL;
	a->src = IR_SRC_TP_FIELD;
	a->field = f->name;
	return 0;
}

/* type: auto, from the format field. */
static const struct type_info *auto_type(const struct tf_field *f)
{
	if (f->data_loc || f->array_len)
		return NULL;
	if (f->is_ptr)
		return type_lookup("char_buf");
	if (strstr(f->decl, "size_t"))
		return type_lookup("size_t");
	switch (f->size) {
	case 1: return type_lookup(f->is_signed ? "int8" : "uint8");
	case 2: return type_lookup(f->is_signed ? "int16" : "uint16");
	case 4: return type_lookup(f->is_signed ? "int32" : "uint32");
	case 8: return type_lookup(f->is_signed ? "int64" : "uint64");
	}
	return NULL;
}

static void set_type(struct ir_arg *a, const struct type_info *ti)
{
	a->vt = ti->vt;
	a->width = ti->width;
	a->is_signed = ti->is_signed;
	a->tg_type = ti->canon;
}

static int lower_args(struct lower_ctx *lc, const struct tp_tracepoint *tp, struct ir_prog *p,
		      const struct tf_format *fmt)
{
	size_t i, n = 0, cap = tp->nr_args * 2 + 1;
	int ret = 0, err;

	p->args = lower_alloc(lc, cap, sizeof(*p->args));
	if (!p->args)
		return -ENOMEM;

	for (i = 0; i < tp->nr_args; i++) {
		const struct tp_arg *ta = &tp->args[i];
		struct ir_arg *a = &p->args[n];
		const struct tf_field *f = NULL;
		const struct type_info *ti = NULL;
		const char *tname = ta->type.s ? ta->type.s : "auto";

		a->loc = ta->loc;
		a->id = n;
		a->index = ta->index;
		a->size_arg = -1;
		a->label = ta->label.s;

		if (p->hook == IR_HOOK_RAW_TP) {
			if (ta->index > 5) {
				diag_error(lc->d, ta->index_loc, "bad-arg-index",
					   "raw tracepoint argument index %u is out of range (0-5)",
					   ta->index);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			a->src = IR_SRC_RAW_ARG;
			a->src_n = ta->index;
		} else {
			if (ta->index >= fmt->nr_fields) {
				diag_error(lc->d, ta->index_loc, "bad-arg-index",
					   "tracepoint %s/%s has %zu format fields (0-%zu); index %u does not exist",
					   p->subsys, p->event, fmt->nr_fields, fmt->nr_fields - 1,
					   ta->index);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			err = arg_source(lc, p, fmt, ta->index, a, &f);
			if (err == -ENOTSUP) {
				diag_error(lc->d, ta->index_loc, "unsupported",
					   "not supported yet: field %u (%s) of %s/%s: BPF programs cannot read common fields other than common_pid",
					   ta->index, fmt->fields[ta->index].name, p->subsys, p->event);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			if (err) {
				diag_error(lc->d, ta->index_loc, "bad-arg-index",
					   "format field %u of %s/%s has a name tpc cannot use",
					   ta->index, p->subsys, p->event);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
		}

		if (strcmp(tname, "auto") == 0) {
			if (!f) {
				diag_error(lc->d, ta->type.loc, "bad-arg-type",
					   "type 'auto' needs a tracepoint format; raw tracepoint arguments need an explicit type");
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			ti = auto_type(f);
			if (!ti) {
				diag_error(lc->d, ta->type.loc, "unsupported",
					   "not supported yet: type 'auto' for field '%s %s' (arrays and __data_loc fields)",
					   f->decl, f->name);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
		} else {
			ti = type_lookup(tname);
			if (!ti) {
				diag_error(lc->d, ta->type.loc, "unsupported",
					   "not supported yet: argument type '%s' on tracepoints (supported: integer types, size_t, string, char_buf, syscall64, fd, auto)",
					   tname);
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
		}
		set_type(a, ti);
		if (ti->vt == IR_VT_FD && f && (f->is_ptr || f->array_len || f->data_loc)) {
			diag_error(lc->d, ta->type.loc, "bad-arg-type",
				   "type 'fd' needs an integer field, but '%s' is '%s'", f->name, f->decl);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if (f && f->data_loc) {
			diag_error(lc->d, ta->index_loc, "unsupported",
				   "not supported yet: __data_loc field '%s'", f->name);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if (f && f->array_len) {
			diag_error(lc->d, ta->index_loc, "unsupported",
				   "not supported yet: array field '%s[%u]' (const_buf)", f->name,
				   f->array_len);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if ((ti->vt == IR_VT_STR || ti->vt == IR_VT_BUF) && f && !f->is_ptr &&
		    a->src != IR_SRC_SYSCALL_ARG) {
			diag_error(lc->d, ta->type.loc, "bad-arg-type",
				   "type '%s' needs a pointer, but field '%s' is '%s'", ti->name,
				   f->name, f->decl);
			ret = -EINVAL;
			mark_bad(lc, ta->index);
			continue;
		}
		if (ti->vt == IR_VT_INT && f && f->is_ptr) {
			/* a pointer value as an integer: allowed, like Tetragon */
		}
		a->user_ptr = a->src == IR_SRC_SYSCALL_ARG;
		if (ti->vt == IR_VT_BUF) {
			if (!ta->size_arg_index) {
				diag_error(lc->d, ta->loc, "bad-size-arg",
					   "char_buf needs sizeArgIndex (the size field's index + 1)");
				ret = -EINVAL;
				mark_bad(lc, ta->index);
				continue;
			}
			a->size_arg = (int)ta->size_arg_index - 1;	/* resolved below */
		}
		n++;
	}

	/* sizeArgIndex: find (or add, hidden) the size field's arg */
	for (i = 0; i < n; i++) {
		struct ir_arg *a = &p->args[i];
		uint32_t sidx;
		size_t j;

		if (a->vt != IR_VT_BUF)
			continue;
		sidx = (uint32_t)a->size_arg;
		for (j = 0; j < n; j++)
			if (p->args[j].index == sidx && p->args[j].vt == IR_VT_INT)
				break;
		if (j == n) {
			struct ir_arg *h = &p->args[n];
			const struct tf_field *f = NULL;

			if (p->hook == IR_HOOK_RAW_TP) {
				if (sidx > 5)
					goto bad;
				h->src = IR_SRC_RAW_ARG;
				h->src_n = sidx;
				set_type(h, type_lookup("uint64"));
			} else {
				if (sidx >= fmt->nr_fields || arg_source(lc, p, fmt, sidx, h, &f) ||
				    f->is_ptr || f->array_len || f->data_loc)
					goto bad;
				set_type(h, auto_type(f));
			}
			h->loc = a->loc;
			h->id = n;
			h->index = sidx;
			h->size_arg = -1;
			h->hidden = true;
			j = n++;
		}
		a->size_arg = (int)j;
		continue;
bad:
		diag_error(lc->d, a->loc, "bad-size-arg",
			   "sizeArgIndex %u does not name an integer field", sidx + 1);
		ret = -EINVAL;
	}
	if (n > TP_MAX_ARGS) {
		diag_error(lc->d, tp->loc, "too-many-args",
			   "%zu arguments (with hidden size fields); tpc supports %d per hook", n,
			   TP_MAX_ARGS);
		ret = -EINVAL;
	}
	p->nr_args = n;
	return ret;
}

/* ---------------------------------------------------------------- hooks */

static int lower_tracepoint(struct lower_ctx *lc, const struct tp_tracepoint *tp, unsigned int id,
			    struct ir_prog *p)
{
	struct tf_format fmt = {};
	size_t i;
	int ret = 0, err;

	p->loc = tp->loc;
	p->id = id;
	p->hook = tp->raw ? IR_HOOK_RAW_TP : IR_HOOK_TRACEPOINT;
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
	p->subsys = tp->subsystem.s;
	p->event = tp->event.s;
	p->message = tp->message.s;
	if (tp->message.s && tp->message.len == 1) {
		diag_error(lc->d, tp->message.loc, "bad-value",
			   "message must be empty or at least 2 characters (Tetragon rejects 1)");
		ret = -EINVAL;
	}
	if (tp->message.s && tp->message.len > 256)
		diag_warn(lc->d, tp->message.loc, "long-message",
			  "message is %zu characters; events carry the first 256", tp->message.len);
	p->tags = lower_alloc(lc, tp->nr_tags, sizeof(*p->tags));
	if (!p->tags)
		return -ENOMEM;
	for (i = 0; i < tp->nr_tags; i++) {
		if (tp->tags[i].len < 2) {
			diag_error(lc->d, tp->tags[i].loc, "bad-value",
				   "tags must be 2 to 128 characters");
			ret = -EINVAL;
		}
		p->tags[p->nr_tags++] = tp->tags[i].s;
	}

	if (p->hook == IR_HOOK_TRACEPOINT) {
		if (!lc->events_dir) {
			diag_error(lc->d, tp->loc, "no-tracefs",
				   "cannot read the format of %s/%s: no tracefs found (mount it, or pass --tracefs DIR)",
				   p->subsys, p->event);
			return -EINVAL;
		}
		err = tracefs_load_format(lc->events_dir, p->subsys, p->event, lc->arena, &fmt);
		if (err == -ENOMEM)
			return err;
		if (err) {
			diag_error(lc->d, tp->event.loc, "unknown-tracepoint",
				   "tracepoint %s/%s not found in %s (%s)", p->subsys, p->event,
				   lc->events_dir, strerror(-err));
			return -EINVAL;
		}
		p->syscall_tp = strcmp(p->subsys, "syscalls") == 0 &&
				(strncmp(p->event, "sys_enter_", 10) == 0 ||
				 strncmp(p->event, "sys_exit_", 9) == 0);
		p->syscall_exit = p->syscall_tp && strncmp(p->event, "sys_exit_", 9) == 0;
		if (!p->syscall_tp) {
			/* the CO-RE struct trace_event_raw_<class>: the event's own
			 * name, or its DEFINE_EVENT class found by fields in BTF */
			char cls[160];

			err = tp_class_find(p->event, &fmt, cls, sizeof(cls));
			if (err == -ENOENT) {
				diag_error(lc->d, tp->event.loc, "unknown-tracepoint",
					   "no struct trace_event_raw_* in this machine's kernel BTF has the fields of %s/%s",
					   p->subsys, p->event);
				return -EINVAL;
			}
			if (err || c_check_ident(cls))	/* no BTF here: assume TRACE_EVENT */
				snprintf(cls, sizeof(cls), "trace_event_raw_%s", p->event);
			p->tp_struct = arena_strdup(lc->arena, cls);
			p->tp_fields = lower_alloc(lc, fmt.nr_fields, sizeof(*p->tp_fields));
			if (!p->tp_struct || !p->tp_fields)
				return -ENOMEM;
			for (i = 0; i < fmt.nr_fields; i++) {
				const struct tf_field *f = &fmt.fields[i];
				struct ir_tp_field *o;

				if (f->common || c_check_ident(f->name))
					continue;
				o = &p->tp_fields[p->nr_tp_fields++];
				o->name = f->name;
				o->size = f->size;
				o->is_signed = f->is_signed;
				o->array_len = f->array_len;
				o->data_loc = f->data_loc;
			}
		}
	}

	lc->nr_bad_idx = 0;
	err = lower_args(lc, tp, p, &fmt);
	if (err == -ENOMEM)
		return err;
	if (err)
		ret = err;	/* keep going: selectors on the good args are checked too */

	p->no_selectors = tp->nr_selectors == 0;
	p->selectors = lower_alloc(lc, tp->nr_selectors, sizeof(*p->selectors));
	if (!p->selectors)
		return -ENOMEM;
	for (i = 0; i < tp->nr_selectors; i++) {
		err = lower_selector(lc, p, &tp->selectors[i], &p->selectors[p->nr_selectors]);
		if (err == -ENOMEM)
			return err;
		if (err)
			ret = err;
		else
			p->nr_selectors++;
	}
	return ret;
}

int ir_lower(const struct tp_policy *pol, const struct lower_opts *opts, struct tp_arena *arena,
	     struct diag *d, struct ir_module **out)
{
	struct lower_ctx lc = { .arena = arena, .d = d, .opts = opts };
	struct ir_module *m;
	size_t i;
	int ret = 0, err;

	lc.events_dir = tracefs_events_dir(opts ? opts->tracefs_dir : NULL);
	m = lower_alloc(&lc, 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->policy_name = pol->name.s;
	m->kind = pol->kind == TP_POLICY_NAMESPACED ? "TracingPolicyNamespaced" : "TracingPolicy";
	m->namespace_ = pol->namespace_.s;
	m->source = pol->file;
	m->progs = lower_alloc(&lc, pol->nr_tracepoints, sizeof(*m->progs));
	if (!m->progs)
		return -ENOMEM;
	for (i = 0; i < pol->nr_tracepoints; i++) {
		err = lower_tracepoint(&lc, &pol->tracepoints[i], i, &m->progs[m->nr_progs]);
		if (err == -ENOMEM || lc.err)
			return -ENOMEM;
		if (err)
			ret = err;
		else
			m->nr_progs++;
	}
	if (ret)
		return ret;
	*out = m;
	return 0;
}
