// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Codegen of `resolve` walks (ir.h struct ir_resolve): per argument, CO-RE "flavors"
 * of the kernel structs it goes through (only the members read; libbpf drops the
 * ___ suffix and relocates every member by name against the running kernel), and a
 * function that does the reads: 0, or Tetragon's arg status (the failed read's
 * depth + 1) when a pointer on the way cannot be read.
 */
#include <stdio.h>
#include <string.h>

#include "codegen_int.h"
#include "emit.h"
#include "ir.h"

static void rec_name(const struct cg *g, const struct ir_arg *a, unsigned int k, char *buf,
		     size_t sz)
{
	const struct ir_rs_rec *r = &a->resolve->recs[k];

	snprintf(buf, sz, "%s%s___%s_r%u_%u", r->is_union ? "union " : "struct ",
		 r->kname ? r->kname : "anon", g->p->c_name, a->id, k);
}

static const char *int_type(unsigned int size, bool sgn)
{
	return cg_int_ctype(size, sgn);
}

static void emit_field(struct cg *g, const struct ir_arg *a, unsigned int k,
		       const struct ir_rs_field *f)
{
	char rn[256], dims[32] = "";

	if (f->array_len)
		snprintf(dims, sizeof(dims), "[%u]", f->array_len);
	switch (f->type) {
	case IR_RSF_INT:
		emit_line(g->e, "%s %s%s;", int_type(f->size, f->is_signed), f->name, dims);
		break;
	case IR_RSF_ENUM:
		/* an anonymous enum of the member's size: CO-RE matches enum members by kind */
		if (f->size == 8)
			emit_line(g->e, "enum { %s_r%u_%u_%s_e = 0x100000000ULL } %s%s;", g->p->c_name,
				  a->id, k, f->name, f->name, dims);
		else if (f->size == 4)
			emit_line(g->e, "enum { %s_r%u_%u_%s_e } %s%s;", g->p->c_name, a->id, k,
				  f->name, f->name, dims);
		else
			emit_line(g->e, "enum __attribute__((packed)) { %s_r%u_%u_%s_e = %s } %s%s;",
				  g->p->c_name, a->id, k, f->name, f->size == 2 ? "0x100" : "0",
				  f->name, dims);
		break;
	case IR_RSF_PTR:
		emit_line(g->e, "void *%s%s;", f->name, dims);
		break;
	case IR_RSF_PTR_REC:
		rec_name(g, a, f->rec, rn, sizeof(rn));
		emit_line(g->e, "%s *%s%s;", rn, f->name, dims);
		break;
	case IR_RSF_REC:
		rec_name(g, a, f->rec, rn, sizeof(rn));
		emit_line(g->e, "%s %s%s;", rn, f->name, dims);
		break;
	}
}

/* The C type a pointer variable of the walk points to. */
static void pointee_type(const struct cg *g, const struct ir_arg *a, const struct ir_rs_field *f,
			 char *buf, size_t sz)
{
	switch (f->type) {
	case IR_RSF_REC:
		rec_name(g, a, f->rec, buf, sz);
		break;
	case IR_RSF_INT:
	case IR_RSF_ENUM:
		snprintf(buf, sz, "%s", int_type(f->size, f->is_signed));
		break;
	default:
		snprintf(buf, sz, "__u64");	/* a pointer */
		break;
	}
}

void cg_emit_resolve(struct cg *g, const struct ir_arg *a)
{
	const struct ir_resolve *rs = a->resolve;
	const struct ir_rs_read *last;
	char rn[256], what[512], path[160], from[160];
	bool plain;
	size_t k, j;

	c_comment_text(path, sizeof(path), rs->path, strlen(rs->path));
	c_comment_text(from, sizeof(from), rs->from, strlen(rs->from));
	snprintf(what, sizeof(what), "resolve \"%s\" from %s (arg %u):", path, from, a->id);
	emit_line(g->e, "/* %s", what);
	emit_line(g->e, " * CO-RE flavors of the kernel's structs with only the members read");
	emit_line(g->e, " * (libbpf drops the ___ suffix, relocates each member by name). */");
	for (k = 0; k < rs->nr_recs; k++) {
		rec_name(g, a, (unsigned int)k, rn, sizeof(rn));
		emit_line(g->e, "%s;", rn);
	}
	/* embedded records first: a record embeds only records found after it */
	for (k = rs->nr_recs; k-- > 0;) {
		const struct ir_rs_rec *r = &rs->recs[k];

		rec_name(g, a, (unsigned int)k, rn, sizeof(rn));
		emit_open(g->e, "%s", rn);
		for (j = 0; j < r->nr_fields; j++)
			emit_field(g, a, (unsigned int)k, &r->fields[j]);
		if (!r->nr_fields)	/* only its address is taken; clang needs a member */
			emit_line(g->e, "char __tp_opaque;");
		emit_close(g->e, " __attribute__((preserve_access_index));");
	}
	emit_blank(g->e);

	emit_line(g->e, "/* The value of arg %u: 0, or the failed read's depth + 1. */", a->id);
	emit_func(g->e, "static __always_inline __u32 %s_rs%u(__u64 raw, __u64 *out)", g->p->c_name,
		  a->id);
	for (k = 0; k < rs->nr_reads; k++) {
		pointee_type(g, a, &rs->reads[k].pointee, rn, sizeof(rn));
		if (k)
			emit_line(g->e, "%s *p%zu = NULL;", rn, k);
		else
			emit_line(g->e, "%s *p0 = (void *)raw;", rn);
	}
	last = &rs->reads[rs->nr_reads - 1];
	plain = rs->leaf == IR_RS_LEAF_INT && !strchr(last->access, '.');
	if (plain) {
		pointee_type(g, a, &last->pointee, rn, sizeof(rn));
		emit_line(g->e, "%s x = 0;", rn);
	}
	emit_line(g->e, "__u64 v = 0;");
	emit_blank(g->e);
	for (k = 0; k + 1 < rs->nr_reads; k++) {
		emit_line(g->e, "if (bpf_core_read(&p%zu, sizeof(p%zu), &p%zu%s))", k + 1, k + 1, k,
			  rs->reads[k].access);
		emit_line(g->e, "\treturn %zu;", k + 1);
	}
	k = rs->nr_reads - 1;
	switch (rs->leaf) {
	case IR_RS_LEAF_PTR:
		emit_line(g->e, "if (bpf_core_read(&v, sizeof(v), &p%zu%s))", k, last->access);
		emit_line(g->e, "\treturn %zu;", k + 1);
		break;
	case IR_RS_LEAF_INT:
		if (!plain) {
			/* a member: size, sign and bitfield bits from the running kernel */
			emit_line(g->e, "if (TP_CORE_READ_INT(&v, p%zu, p%zu%s))", k, k, last->access);
			emit_line(g->e, "\treturn %zu;", k + 1);
		} else {
			/* an element of an indexed pointer: its size from this kernel's BTF */
			emit_line(g->e, "if (bpf_probe_read_kernel(&x, sizeof(x), &p%zu%s))", k,
				  last->access);
			emit_line(g->e, "\treturn %zu;", k + 1);
			emit_line(g->e, "v = (__u64)(%s)x;", last->pointee.is_signed ? "__s64" : "__u64");
		}
		break;
	case IR_RS_LEAF_ADDR:
		emit_line(g->e, "v = (__u64)__builtin_preserve_access_index(&p%zu%s);", k,
			  last->access);
		break;
	}
	emit_line(g->e, "*out = v;");
	emit_line(g->e, "return 0;");
	emit_close(g->e, "");
	emit_blank(g->e);
}
