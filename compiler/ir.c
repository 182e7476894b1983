// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* IR dump (stable text, for --dump-ir-after and golden tests) and verifier. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "emit.h"
#include "ir.h"
#include "log.h"

static const char *const vt_names[] = {
	[IR_VT_INT] = "int", [IR_VT_STR] = "str", [IR_VT_BUF] = "buf", [IR_VT_FD] = "fd",
};
static const char *const src_names[] = {
	[IR_SRC_TP_COMMON] = "common", [IR_SRC_SYSCALL_NR] = "syscall_nr",
	[IR_SRC_SYSCALL_ARG] = "syscall_arg", [IR_SRC_SYSCALL_RET] = "syscall_ret",
	[IR_SRC_TP_FIELD] = "field", [IR_SRC_RAW_ARG] = "raw_arg",
};
static const char *const act_names[] = {
	[IR_ACT_POST] = "Post", [IR_ACT_NOPOST] = "NoPost",
	[IR_ACT_SIGKILL] = "Sigkill", [IR_ACT_SIGNAL] = "Signal",
};
static const char *const fk_names[] = {
	[IR_F_ARG] = "arg", [IR_F_PID] = "pid", [IR_F_BINARY] = "binary",
};

static void dump_str(FILE *out, const struct ir_str *s)
{
	char buf[128];

	c_comment_text(buf, sizeof(buf), s->s, s->len);
	fprintf(out, " \"%s\"", buf);
}

void ir_dump(const struct ir_module *m, FILE *out)
{
	size_t i, j, k, v;

	fprintf(out, "module %s kind=%s progs=%zu\n", m->policy_name, m->kind, m->nr_progs);
	for (i = 0; i < m->nr_progs; i++) {
		const struct ir_prog *p = &m->progs[i];

		fprintf(out, "  prog %u %s %s/%s name=%s sec=%s @%u:%u\n", p->id,
			p->hook == IR_HOOK_RAW_TP ? "raw_tp" : "tracepoint", p->subsys, p->event,
			p->c_name ? p->c_name : "-", p->sec ? p->sec : "-", p->loc.line, p->loc.col);
		if (p->ev_size)
			fprintf(out, "    layout scratch=%d key_words=%u ev_size=%u ev_args=%u\n",
				p->scratch, p->key_words, p->ev_size, p->nr_ev_args);
		for (j = 0; j < p->nr_args; j++) {
			const struct ir_arg *a = &p->args[j];

			fprintf(out, "    arg %u index=%u type=%s vt=%s width=%u %s src=%s", a->id,
				a->index, a->tg_type, vt_names[a->vt], a->width,
				a->is_signed ? "signed" : "unsigned", src_names[a->src]);
			if (a->field)
				fprintf(out, ".%s", a->field);
			if (a->src == IR_SRC_SYSCALL_ARG || a->src == IR_SRC_RAW_ARG)
				fprintf(out, "[%u]", a->src_n);
			if (a->size_arg >= 0)
				fprintf(out, " size=arg%d", a->size_arg);
			if (a->hidden)
				fprintf(out, " hidden");
			if (a->buf_size)
				fprintf(out, " buf=%u", a->buf_size);
			fputc('\n', out);
		}
		for (j = 0; j < p->nr_selectors; j++) {
			const struct ir_selector *s = &p->selectors[j];

			fprintf(out, "    selector %zu post=%d @%u:%u\n", j, s->post, s->loc.line,
				s->loc.col);
			for (k = 0; k < s->nr_filters; k++) {
				const struct ir_filter *f = &s->filters[k];

				fprintf(out, "      filter %s %s", fk_names[f->kind], ir_op_name(f->op));
				if (f->kind == IR_F_ARG)
					fprintf(out, " arg%u", f->arg);
				if (f->ns_pid)
					fprintf(out, " nspid");
				if (f->follow_forks)
					fprintf(out, " followForks");
				fprintf(out, " cost=%u", f->cost);
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
				fputc('\n', out);
			}
		}
	}
}

int ir_verify(const struct ir_module *m)
{
	size_t i, j, k;

	for (i = 0; i < m->nr_progs; i++) {
		const struct ir_prog *p = &m->progs[i];

		if (p->id != i || !p->subsys || !p->event)
			return -EFAULT;
		if (p->c_name && c_check_ident(p->c_name))
			return -EFAULT;
		for (j = 0; j < p->nr_args; j++) {
			const struct ir_arg *a = &p->args[j];

			if (a->id != j || (a->size_arg >= 0 && (size_t)a->size_arg >= p->nr_args))
				return -EFAULT;
			if (a->field && c_check_ident(a->field))
				return -EFAULT;
		}
		for (j = 0; j < p->nr_selectors; j++) {
			const struct ir_selector *s = &p->selectors[j];

			for (k = 0; k < s->nr_filters; k++) {
				const struct ir_filter *f = &s->filters[k];

				if (f->kind == IR_F_ARG && f->arg >= p->nr_args)
					return -EFAULT;
				if (f->kind == IR_F_ARG && p->args[f->arg].vt != IR_VT_INT &&
				    !f->nr_strs)
					return -EFAULT;
				if (k && s->filters[k - 1].cost > f->cost)
					return -EFAULT;
			}
		}
	}
	return 0;
}
