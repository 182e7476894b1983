// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The .tpc.meta text: what tpload needs to know about an object
 * (docs/object-format.md). Deterministic: IR order only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "hooks.h"
#include "ir.h"
#include "tp_abi.h"

/* Percent-encode every byte outside [A-Za-z0-9._/:+@=,-]; "-" for empty. */
static void put_enc(FILE *f, const char *s, size_t len)
{
	size_t i;

	if (!s || !len) {
		fputc('-', f);
		return;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("._/:+@=,-", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

static void put_enc_str(FILE *f, const char *s)
{
	put_enc(f, s, s ? strlen(s) : 0);
}

/* Does a selector of p send a signal (Sigkill, Signal)? */
static bool prog_signals(const struct ir_prog *p)
{
	size_t i, j;

	for (i = 0; i < p->nr_selectors; i++)
		for (j = 0; j < p->selectors[i].nr_actions; j++)
			if (p->selectors[i].actions[j].kind == IR_ACT_SIGKILL ||
			    p->selectors[i].actions[j].kind == IR_ACT_SIGNAL)
				return true;
	return false;
}

/* "func <hook> <function> <flags>": a hook on a kernel function. */
static void put_func(FILE *f, const struct ir_prog *p)
{
	const struct ir_kp_attach *at = &p->at.kp;
	const char *sep = "";

	fprintf(f, "func %u ", p->id);
	put_enc_str(f, at->func);
	fputc(' ', f);
	if (!at->syscall && !at->ret && !at->override && !at->ignore_missing)
		fputc('-', f);
#define FLAG(cond, name)					\
	do {							\
		if (cond) {					\
			fprintf(f, "%s%s", sep, name);		\
			sep = ",";				\
		}						\
	} while (0)
	FLAG(at->syscall, "syscall");
	FLAG(at->ret, "return");
	FLAG(at->override, "override");
	FLAG(at->ignore_missing, "ignore-missing");
#undef FLAG
	fputc('\n', f);
}

int meta_build(const struct ir_module *m, const struct codegen_opts *opts, char **out,
	       size_t *out_len)
{
	FILE *f;
	size_t i, j;

	*out = NULL;
	*out_len = 0;
	f = open_memstream(out, out_len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "tpc-meta %d\n", TP_ABI_VERSION);
	fprintf(f, "policy %s\n", m->policy_name);
	fprintf(f, "kind %s\n", m->kind);
	fputs("namespace ", f);
	put_enc_str(f, m->namespace_);
	fputs("\nsource ", f);
	put_enc_str(f, m->source);
	fprintf(f, "\ncompiler tpc %s\n", opts && opts->version ? opts->version : "unknown");
	for (i = 0; i < m->nr_inputs; i++) {
		fprintf(f, "target %s ", m->inputs[i].kind);
		put_enc_str(f, m->inputs[i].origin);
		fprintf(f, " sha256:%s\n", m->inputs[i].sha256);
	}
	for (i = 0; i < m->nr_progs; i++) {
		const struct ir_prog *p = &m->progs[i];
		unsigned int n = 0;

		fprintf(f, "hook %u %s ", p->id, p->kind->name);
		put_enc_str(f, p->target);
		fprintf(f, " %s ", p->c_name);
		put_enc_str(f, m->source);
		fprintf(f, ":%u:%u\n", p->loc.line, p->loc.col);
		if (p->kind->requires) {
			char req[128];

			p->kind->requires(p, req, sizeof(req));
			fprintf(f, "requires %u %s\n", p->id, req);
		} else {
			fprintf(f, "requires %u %s\n", p->id, p->kind->feature);
		}
		if (p->kind->variants)
			put_func(f, p);
		for (j = 0; j < p->nr_vars; j++) {
			const struct ir_variant *v = &p->vars[j];

			if (v->mech)
				fprintf(f, "prog %u %s %s %s\n", p->id, v->mech,
					v->ret ? "return" : "entry", v->name);
		}
		if (prog_signals(p))
			fprintf(f, "requires %u send_signal\n", p->id);
		/* a return probe's counter rows: entry sides, then return sides */
		if (p->nr_ret_selectors)
			fprintf(f, "selectors %u %zu %zu\n", p->id,
				p->nr_selectors - p->nr_ret_selectors, p->nr_ret_selectors);
		for (j = 0; j < p->nr_args; j++) {
			const struct ir_arg *a = &p->args[j];

			if (a->hidden || a->ret_val)
				continue;
			fprintf(f, "arg %u %u %s ", p->id, n++, a->type->canon);
			put_enc_str(f, a->label);
			fputc('\n', f);
		}
		for (j = 0; j < p->nr_args; j++) {
			const struct ir_arg *a = &p->args[j];

			if (!a->ret_val)
				continue;
			fprintf(f, "return %u %s ", p->id, a->type->canon);
			put_enc_str(f, a->label);
			fputc('\n', f);
		}
		if (p->message) {
			fprintf(f, "message %u ", p->id);
			put_enc(f, p->message, strnlen(p->message, 256));
			fputc('\n', f);
		}
		for (j = 0; j < p->nr_tags; j++) {
			fprintf(f, "tag %u ", p->id);
			put_enc(f, p->tags[j], strnlen(p->tags[j], 128));
			fputc('\n', f);
		}
	}
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}
