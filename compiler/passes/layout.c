// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* layout: decide, per program, how many user bytes each string argument
 * reads for matching (only as many as the longest constant needs), the
 * search key buffer, whether per-event state fits the 512-byte BPF stack
 * or goes to a per-CPU scratch map, and the event record size.
 */
#include "ir.h"
#include "lsm_ima.h"
#include "pass.h"
#include "tp_abi.h"

#define TP_STACK_STATE_MAX	320	/* bytes of per-event state kept on the stack */
#define TP_POSTFIX_BUF		4096	/* whole string, power of two for masked tails */

static unsigned int round8(size_t n)
{
	return (unsigned int)((n + 7) & ~(size_t)7);
}

/* A string argument whose filters are all small Equal/NotEqual/Prefix/
 * NotPrefix sets needs no length: compare each value with its NUL (Equal)
 * or its bytes (Prefix) against a plain probe read of just those bytes,
 * ~15% cheaper than a string read. A fault (the string ends just before an
 * unmapped page) falls back to the string read, so no match is lost.
 */
static void layout_raw_reads(struct ir_prog *p)
{
	size_t j, k, a;

	for (a = 0; a < p->nr_args; a++) {
		struct ir_arg *arg = &p->args[a];
		unsigned int need = 0;
		bool ok = arg->type->repr == TP_REPR_STR && arg->buf_size;

		for (j = 0; ok && j < p->nr_selectors; j++) {
			const struct ir_selector *s = &p->selectors[j];

			for (k = 0; ok && k < s->nr_filters; k++) {
				const struct ir_filter *f = &s->filters[k];
				unsigned int n;

				if (f->kind != IR_F_ARG || f->arg != arg->id)
					continue;
				if (f->tables) {	/* tables compare lengths */
					ok = false;
					break;
				}
				switch (f->op) {
				case IR_OP_EQ:
				case IR_OP_NE:
					n = f->max_len + 1;
					break;
				case IR_OP_PREFIX:
				case IR_OP_NOTPREFIX:
					n = f->max_len;
					break;
				default:
					ok = false;
					continue;
				}
				if (n > need)
					need = n;
			}
		}
		arg->raw_read = ok && need ? round8(need) : 0;
	}
}

int pass_layout(struct ir_module *m, struct pass_ctx *ctx)
{
	size_t i, j, k;

	for (i = 0; i < m->nr_progs; i++) {
		struct ir_prog *p = &m->progs[i];
		unsigned int state = 64, key = 0;

		p->tables = false;

		p->ev_size = sizeof(struct tp_ev_hdr);
		p->nr_ev_args = 0;
		for (j = 0; j < p->nr_args; j++) {
			struct ir_arg *a = &p->args[j];

			a->buf_size = 0;
			a->buf_pow2 = false;
			a->ev_slot = a->type->ev_slot;
			if (a->max_data)	/* char_iovec: twice what it keeps (tp_buf.bpf.h) */
				a->ev_slot = a->type->fetch == TP_FETCH_IOVEC ? 2 * TP_BUF_MAX_DATA
									      : TP_BUF_MAX_DATA;
			if (a->type->repr == TP_REPR_PATH) {	/* the path is resolved here */
				a->buf_size = TP_PATH_MAX;
				a->buf_pow2 = true;
			}
			if (!a->hidden) {
				p->ev_size += sizeof(struct tp_ev_arg) + a->ev_slot;
				p->nr_ev_args++;
			}
		}
		if (lsm_ima_prog(p))	/* Post imaHash: the hash after the args */
			p->ev_size += sizeof(struct tp_ev_ima);
		for (j = 0; j < p->nr_selectors; j++) {
			struct ir_selector *s = &p->selectors[j];

			for (k = 0; k < s->nr_filters; k++) {
				struct ir_filter *f = &s->filters[k];
				struct ir_arg *a;
				unsigned int need = 0, kw = 0;
				bool postfix = f->op == IR_OP_POSTFIX || f->op == IR_OP_NOTPOSTFIX;

				if (f->tables)
					p->tables = true;
				if (f->kind == IR_F_BINARY) {
					if (postfix || f->tables)
						kw = round8(f->max_len) / 8;
					if (kw > key)
						key = kw;
					continue;
				}
				if (f->kind != IR_F_ARG)
					continue;
				a = &p->args[f->arg];
				if (a->type->repr == TP_REPR_INT)
					continue;
				if (a->type->repr == TP_REPR_PATH) {	/* buffer set above */
					if (postfix || f->tables)
						kw = round8(f->max_len) / 8;
					if (kw > key)
						key = kw;
					continue;
				}
				if (postfix) {
					need = TP_POSTFIX_BUF;
					a->buf_pow2 = true;
				} else if (f->op == IR_OP_EQ || f->op == IR_OP_NE) {
					need = round8(f->max_len + 2);	/* +NUL, +1 to see "longer" */
				} else {
					need = round8(f->max_len + 1);
				}
				if (postfix || f->tables)
					kw = round8(f->max_len) / 8;
				if (kw > key)
					key = kw;
				if (a->buf_pow2)
					a->buf_size = TP_POSTFIX_BUF;
				else if (need > a->buf_size)
					a->buf_size = need;
			}
		}
		p->key_words = key;
		/* a return probe keeps all but its return value from entry to return */
		p->ev_entry_size = 0;
		for (j = 0; j < p->nr_args; j++)
			if (p->args[j].ret_val)
				p->ev_entry_size = p->ev_size - (unsigned int)sizeof(struct tp_ev_arg) -
						   p->args[j].ev_slot;
		layout_raw_reads(p);
		for (j = 0; j < p->nr_args; j++)
			state += 16 + p->args[j].buf_size;
		state += key * 8;
		/* binary search state must live in a map (tp_common.bpf.h: tp_bs) */
		p->scratch = state > TP_STACK_STATE_MAX || p->tables;
	}
	return 0;
}
