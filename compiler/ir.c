// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* IR dump (stable text, for --dump-ir-after and golden tests) and verifier. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cel.h"
#include "emit.h"
#include "hooks.h"
#include "ir.h"
#include "log.h"

static const char *const src_names[] = {
	[IR_SRC_TASK] = "task", [IR_SRC_NR] = "nr", [IR_SRC_ARG] = "arg", [IR_SRC_RET] = "ret",
	[IR_SRC_FIELD] = "field",
};
static const char *const act_names[] = {
	[IR_ACT_POST] = "Post", [IR_ACT_NOPOST] = "NoPost",
	[IR_ACT_SIGKILL] = "Sigkill", [IR_ACT_SIGNAL] = "Signal", [IR_ACT_OVERRIDE] = "Override",
};
static const char *const fk_names[] = {
	[IR_F_ARG] = "arg", [IR_F_PID] = "pid", [IR_F_BINARY] = "binary",
	[IR_F_NS] = "namespace", [IR_F_CAPS] = "caps",
	[IR_F_NS_CHANGE] = "namespace-change", [IR_F_CAPS_CHANGE] = "caps-change",
	[IR_F_CEL] = "cel",
};

uint64_t ir_str_word(const char *s, size_t len, size_t i, uint64_t *mask)
{
	uint64_t w = 0, mk = 0;
	size_t b;

	for (b = 0; b < 8; b++) {
		size_t o = i * 8 + b;

		if (o < len) {
			w |= (uint64_t)(unsigned char)s[o] << (8 * b);
			mk |= 0xffULL << (8 * b);
		}
	}
	*mask = mk;
	return w;
}

static void dump_str(FILE *out, const struct ir_str *s)
{
	char buf[128];

	c_comment_text(buf, sizeof(buf), s->s, s->len);
	fprintf(out, " \"%s\"", buf);
}

void ir_dump(const struct ir_module *m, FILE *out)
{
	size_t i, j, k, v;

	fprintf(out, "module %s kind=%s progs=%zu%s\n", m->policy_name, m->kind, m->nr_progs,
		m->fail_closed ? " fail-closed" : "");
	for (i = 0; i < m->nr_progs; i++) {
		const struct ir_prog *p = &m->progs[i];

		fprintf(out, "  prog %u %s %s name=%s sec=%s @%u:%u", p->id, p->kind->name,
			p->target, p->c_name ? p->c_name : "-", p->sec ? p->sec : "-", p->loc.line,
			p->loc.col);
		if (p->ret)
			fprintf(out, " ret=%d", p->ret);
		if (p->exec_hook)
			fprintf(out, " exec-hook");
		fputc('\n', out);
		for (j = 0; j < p->nr_vars; j++)
			fprintf(out, "    program %s sec=%s mech=%s%s\n", p->vars[j].name, p->vars[j].sec,
				p->vars[j].mech ? p->vars[j].mech : "-", p->vars[j].ret ? " return" : "");
		if (p->ev_size)
			fprintf(out, "    layout scratch=%d key_words=%u ev_size=%u ev_args=%u\n",
				p->scratch, p->key_words, p->ev_size, p->nr_ev_args);
		for (j = 0; j < p->nr_args; j++) {
			const struct ir_arg *a = &p->args[j];

			fprintf(out, "    arg %u index=%u type=%s repr=%s width=%u %s src=%s", a->id,
				a->index, a->type->canon, tp_repr_name(a->type->repr), a->type->width,
				a->type->is_signed ? "signed" : "unsigned", src_names[a->src]);
			if (a->field)
				fprintf(out, ".%s", a->field);
			if (a->src == IR_SRC_ARG)
				fprintf(out, "[%u]", a->src_n);
			if (a->size_arg >= 0)
				fprintf(out, " size=arg%d", a->size_arg);
			if (a->hidden)
				fprintf(out, " hidden");
			if (a->ret_val)
				fprintf(out, " return-value");
			if (a->buf_size)
				fprintf(out, " buf=%u", a->buf_size);
			if (a->max_data)
				fprintf(out, " maxData");
			if (a->resolve)	/* the path is checked identifiers and indexes */
				fprintf(out, " resolve=%s from='%s' leaf=%s reads=%zu", a->resolve->path,
					a->resolve->from, a->resolve->leaf_type, a->resolve->nr_reads);
			fputc('\n', out);
		}
		for (j = 0; j < p->nr_selectors; j++) {
			const struct ir_selector *s = &p->selectors[j];

			fprintf(out, "    selector %zu%s post=%d", j, s->ret_side ? " return-side" : "",
				s->post);
			if (s->ret)
				fprintf(out, " ret=%d", s->ret);
			if (s->enforces)
				fprintf(out, " enforces");
			if (s->ima_hash)
				fprintf(out, " ima-hash");
			fprintf(out, " @%u:%u\n", s->loc.line, s->loc.col);
			for (k = 0; k < s->nr_filters; k++) {
				const struct ir_filter *f = &s->filters[k];

				fprintf(out, "      filter %s %s", fk_names[f->kind], ir_op_name(f->op));
				if (f->kind == IR_F_ARG)
					fprintf(out, " arg%u", f->arg);
				if (f->kind == IR_F_CEL && f->cel) {
					fputc(' ', out);
					cel_print(out, f->cel->root);
				}
				if (f->ns_pid)
					fprintf(out, " nspid");
				if (f->follow_forks)
					fprintf(out, " followForks");
				if (f->kind == IR_F_NS)
					fprintf(out, " ns%u", (unsigned int)f->ns);
				if (f->kind == IR_F_NS_CHANGE)
					fprintf(out, " mask=0x%" PRIx64, f->mask);
				if (f->kind == IR_F_CAPS || f->kind == IR_F_CAPS_CHANGE)
					fprintf(out, " set%u mask=0x%" PRIx64 "%s", (unsigned int)f->capset,
						f->mask, f->ns_cap ? " nscap" : "");
				fprintf(out, " cost=%u", f->cost);
				if (f->pts_table)
					fprintf(out, " points=table");
				if (f->rng_table)
					fprintf(out, " ranges=table");
				for (v = 0; v < f->nr_groups; v++)
					if (f->groups[v].table)
						fprintf(out, " group%zu=table", v);
				if (f->op == IR_OP_GT || f->op == IR_OP_LT)
					fprintf(out, " bound=0x%" PRIx64, f->bound);
				if (f->op == IR_OP_MASK)
					fprintf(out, " mask=0x%" PRIx64, f->mask);
				for (v = 0; v < f->nr_points && v < 16; v++)
					fprintf(out, " 0x%" PRIx64, f->points[v]);
				for (v = 0; v < f->nr_ranges && v < 16; v++)
					fprintf(out, " 0x%" PRIx64 ":0x%" PRIx64, f->ranges[v].lo,
						f->ranges[v].hi);
				for (v = 0; v < f->nr_strs && v < 16; v++)
					dump_str(out, &f->strs[v]);
				if (f->nr_points + f->nr_ranges + f->nr_strs > 16)
					fprintf(out, " ... (%zu values)",
						f->nr_points + f->nr_ranges + f->nr_strs);
				fputc('\n', out);
			}
			for (k = 0; k < s->nr_actions; k++) {
				fprintf(out, "      action %s", act_names[s->actions[k].kind]);
				if (s->actions[k].kind == IR_ACT_SIGNAL)
					fprintf(out, " sig=%u", s->actions[k].sig);
				if (s->actions[k].kind == IR_ACT_OVERRIDE)
					fprintf(out, " err=%d", s->actions[k].err);
				fputc('\n', out);
			}
		}
	}
}

/* A return value the hook kind allows: 0, or -errno where the kernel obeys it. */
static bool ret_ok(const struct ir_prog *p, int ret)
{
	return ret == 0 || (p->kind->ret_errno && ret < 0 && ret >= -4095) ||
	       (p->kind->ret_any && ret > 0 && ret <= 4095);
}

/* What codegen prints of a resolve walk is identifiers and indexes only. */
static bool access_ok(const char *s)
{
	for (; *s; s++)
		if (!(*s == '_' || *s == '.' || *s == '[' || *s == ']' ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/* A CelExpr reads integer args of the program only, through checked nodes. */
static int verify_cel(const struct ir_prog *p, const struct cel_node *n)
{
	if (!n || n->type == CEL_T_NONE)
		return -EFAULT;
	if (n->kind == CEL_ARG && (n->arg >= p->nr_args ||
				   p->args[n->arg].type->repr != TP_REPR_INT))
		return -EFAULT;
	if (n->l && verify_cel(p, n->l))
		return -EFAULT;
	if (n->r && verify_cel(p, n->r))
		return -EFAULT;
	return 0;
}

static int verify_resolve(const struct ir_resolve *rs)
{
	size_t i, j;

	if (!rs->nr_reads || !rs->path || !rs->from || !rs->leaf_type)
		return -EFAULT;
	for (i = 0; i < rs->nr_recs; i++) {
		if (rs->recs[i].kname && c_check_ident(rs->recs[i].kname))
			return -EFAULT;
		for (j = 0; j < rs->recs[i].nr_fields; j++) {
			const struct ir_rs_field *f = &rs->recs[i].fields[j];

			if (c_check_ident(f->name) ||
			    ((f->type == IR_RSF_REC || f->type == IR_RSF_PTR_REC) &&
			     f->rec >= rs->nr_recs))
				return -EFAULT;
		}
	}
	for (i = 0; i < rs->nr_reads; i++)
		if (!rs->reads[i].access || !access_ok(rs->reads[i].access) ||
		    ((rs->reads[i].pointee.type == IR_RSF_REC) &&
		     rs->reads[i].pointee.rec >= rs->nr_recs))
			return -EFAULT;
	return 0;
}

int ir_verify(const struct ir_module *m)
{
	size_t i, j, k, g;

	for (i = 0; i < m->nr_progs; i++) {
		const struct ir_prog *p = &m->progs[i];

		if (p->id != i || !p->kind || !p->target || !ret_ok(p, p->ret))
			return -EFAULT;
		if (p->c_name && c_check_ident(p->c_name))
			return -EFAULT;
		for (j = 0; j < p->nr_args; j++) {
			const struct ir_arg *a = &p->args[j];

			if (a->id != j || !a->type ||
			    (a->size_arg >= 0 && (size_t)a->size_arg >= p->nr_args))
				return -EFAULT;
			if (a->field && c_check_ident(a->field))
				return -EFAULT;
			if (a->resolve && verify_resolve(a->resolve))
				return -EFAULT;
		}
		for (j = 0; j < p->nr_selectors; j++) {
			const struct ir_selector *s = &p->selectors[j];

			if (!ret_ok(p, s->ret))
				return -EFAULT;
			for (k = 0; k < s->nr_filters; k++) {
				const struct ir_filter *f = &s->filters[k];
				size_t next = 0;

				if (f->kind == IR_F_ARG && f->arg >= p->nr_args)
					return -EFAULT;
				if (f->kind == IR_F_CEL && (!f->cel || verify_cel(p, f->cel->root)))
					return -EFAULT;
				if (f->kind == IR_F_ARG && p->args[f->arg].type->repr != TP_REPR_INT &&
				    f->op != IR_OP_FILETYPE && f->op != IR_OP_NOTFILETYPE && !f->nr_strs)
					return -EFAULT;
				if (k && s->filters[k - 1].cost > f->cost)
					return -EFAULT;
				/* groups, once set, cover the values in order */
				for (g = 0; g < f->nr_groups; g++) {
					if (f->groups[g].first != next || !f->groups[g].n)
						return -EFAULT;
					next += f->groups[g].n;
				}
				if (f->nr_groups && next != f->nr_strs)
					return -EFAULT;
			}
		}
	}
	return 0;
}
