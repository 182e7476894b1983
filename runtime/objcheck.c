// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Validation of ELF, BTF and BTF.ext before libbpf (objcheck.h). Every read
 * is bounds-checked against the buffer; nothing is trusted.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/btf.h>

#include "objcheck.h"
#include "util.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#define BTF_MAX_TYPES	(1u << 20)	/* kernel limit: BTF_MAX_TYPE 0x000fffff */
#define CORE_RELO_KIND_MAX	12	/* BPF_CORE_TYPE_MATCHES */

static int bad(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *why, size_t n, const char *fmt, ...)
{
	char raw[256];
	va_list ap;

	/* names in the message come from the object: control bytes escaped */
	if (n) {
		va_start(ap, fmt);
		vsnprintf(raw, sizeof(raw), fmt, ap);
		va_end(ap);
		str_escape(why, n, raw);
	}
	return -EINVAL;
}

/* [off, off + len) within [0, size), without overflow */
static bool in(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* a NUL-terminated string at @off of the table [tab, tab + len) */
static bool str_ok(const char *tab, uint64_t len, uint64_t off)
{
	return off < len && memchr(tab + off, '\0', len - off);
}

static uint32_t rd32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* ---------------------------------------------------------------- BTF */

struct btf_view {
	const char *types;	/* type section */
	uint32_t types_len;
	const char *strs;
	uint32_t strs_len;
	uint32_t nr;		/* types, without void */
	uint32_t *off;		/* offset of type i (1..nr) in types */
	void *copy;		/* owned: the BTF, 8-byte aligned */
};

static void btf_view_free(struct btf_view *v)
{
	free(v->off);
	free(v->copy);
}

static uint32_t kind_of(uint32_t info)
{
	return (info >> 24) & 0x1f;
}

static uint32_t vlen_of(uint32_t info)
{
	return info & 0xffff;
}

/* Size of what follows struct btf_type for @info; -1 for an unknown kind. */
static int64_t extra_size(uint32_t info)
{
	uint32_t v = vlen_of(info);

	switch (kind_of(info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (int64_t)v * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (int64_t)v * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (int64_t)v * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (int64_t)v * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return (int64_t)v * sizeof(struct btf_enum64);
	default:
		return -1;
	}
}

static const struct btf_type *type_at(const struct btf_view *v, uint32_t id)
{
	return (const struct btf_type *)(v->types + v->off[id]);
}

static bool id_ok(const struct btf_view *v, uint32_t id)
{
	return id <= v->nr;
}

static bool name_ok(const struct btf_view *v, uint32_t off)
{
	return str_ok(v->strs, v->strs_len, off);
}

/* The kinds whose btf_type.type names one other type. */
static bool single_ref(uint32_t kind)
{
	switch (kind) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		return true;
	default:
		return false;
	}
}

static int check_type(const struct btf_view *v, uint32_t id, char *why, size_t n)
{
	const struct btf_type *t = type_at(v, id);
	const char *extra = (const char *)(t + 1);
	uint32_t kind = kind_of(t->info), vlen = vlen_of(t->info), i;

	if (!name_ok(v, t->name_off))
		return bad(why, n, "BTF type %u: name offset %u out of range", id, t->name_off);
	if (single_ref(kind) && !id_ok(v, t->type))
		return bad(why, n, "BTF type %u: refers to type %u of %u", id, t->type, v->nr);
	switch (kind) {
	case BTF_KIND_INT: {
		uint32_t e = rd32(extra), bits = e & 0xff, off = (e >> 16) & 0xff;

		if (t->size == 0 || t->size > 16 || bits == 0 || bits > 128 ||
		    off + bits > t->size * 8)
			return bad(why, n, "BTF type %u: bad int encoding", id);
		break;
	}
	case BTF_KIND_FUNC: {
		const struct btf_type *p;

		if (!t->type || kind_of((p = type_at(v, t->type))->info) != BTF_KIND_FUNC_PROTO)
			return bad(why, n, "BTF type %u: function without a prototype", id);
		(void)p;
		break;
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = (const struct btf_array *)extra;

		if (!id_ok(v, a->type) || !id_ok(v, a->index_type))
			return bad(why, n, "BTF type %u: array of a type out of range", id);
		break;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *m = (const struct btf_member *)extra;

		for (i = 0; i < vlen; i++, m++)
			if (!id_ok(v, m->type) || !m->type || !name_ok(v, m->name_off))
				return bad(why, n, "BTF type %u: member %u out of range", id, i);
		break;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: {
		size_t esz = kind == BTF_KIND_ENUM ? sizeof(struct btf_enum) :
						     sizeof(struct btf_enum64);

		if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
			return bad(why, n, "BTF type %u: enum of size %u", id, t->size);
		for (i = 0; i < vlen; i++)
			if (!name_ok(v, rd32(extra + i * esz)))
				return bad(why, n, "BTF type %u: enumerator %u name out of range", id, i);
		break;
	}
	case BTF_KIND_FUNC_PROTO: {
		const struct btf_param *p = (const struct btf_param *)extra;

		if (!id_ok(v, t->type))
			return bad(why, n, "BTF type %u: return type out of range", id);
		for (i = 0; i < vlen; i++, p++)
			if (!id_ok(v, p->type) || !name_ok(v, p->name_off) ||
			    (!p->type && i + 1 != vlen))
				return bad(why, n, "BTF type %u: parameter %u out of range", id, i);
		break;
	}
	case BTF_KIND_DATASEC: {
		const struct btf_var_secinfo *s = (const struct btf_var_secinfo *)extra;

		for (i = 0; i < vlen; i++, s++) {
			uint32_t k;

			if (!s->type || !id_ok(v, s->type))
				return bad(why, n, "BTF type %u: variable %u out of range", id, i);
			k = kind_of(type_at(v, s->type)->info);
			if (k != BTF_KIND_VAR && k != BTF_KIND_FUNC)
				return bad(why, n, "BTF type %u: section entry %u is not a variable",
					   id, i);
			if ((uint64_t)s->offset + s->size > UINT32_MAX)
				return bad(why, n, "BTF type %u: variable %u past 4 GiB", id, i);
		}
		break;
	}
	case BTF_KIND_DECL_TAG:
		if ((int32_t)rd32(extra) < -1)
			return bad(why, n, "BTF type %u: bad component index", id);
		break;
	default:
		break;
	}
	return 0;
}

/* The next type in a chain of single references (array element included),
 * or 0 at the end.
 */
static uint32_t chain_next(const struct btf_view *v, uint32_t id)
{
	const struct btf_type *t = type_at(v, id);
	uint32_t kind = kind_of(t->info);

	if (kind == BTF_KIND_ARRAY)
		return ((const struct btf_array *)(t + 1))->type;
	if (single_ref(kind) && kind != BTF_KIND_FUNC)
		return t->type;
	return 0;
}

/* libbpf follows modifier/typedef/pointer/array chains without a depth
 * limit in places (skip_mods_and_typedefs()): a cycle would hang it.
 * Colors: 0 unvisited, 1 on the current chain, 2 ends.
 */
static int check_chains(const struct btf_view *v, char *why, size_t n)
{
	unsigned char *color = calloc(v->nr + 1, 1);
	uint32_t id, cur, next;
	int err = 0;

	if (!color)
		return -ENOMEM;
	for (id = 1; id <= v->nr && !err; id++) {
		for (cur = id; cur && color[cur] == 0; cur = chain_next(v, cur))
			color[cur] = 1;
		if (cur && color[cur] == 1)
			err = bad(why, n, "BTF: type %u is part of a reference cycle", cur);
		for (next = id; next && color[next] == 1; next = chain_next(v, next))
			color[next] = 2;
	}
	free(color);
	return err;
}

static int btf_view_init(struct btf_view *v, const void *buf, size_t size, char *why, size_t n)
{
	const struct btf_header *h;
	const char *data;
	uint64_t off, cap;
	int64_t ex;

	memset(v, 0, sizeof(*v));
	if (size < sizeof(*h))
		return bad(why, n, ".BTF: %zu bytes, shorter than its header", size);
	/* the section need not be aligned in the file: work on a copy */
	v->copy = malloc(size);
	if (!v->copy)
		return -ENOMEM;
	memcpy(v->copy, buf, size);
	h = v->copy;
	if (h->magic != BTF_MAGIC || h->version != BTF_VERSION || h->flags)
		return bad(why, n, ".BTF: bad magic, version or flags");
	if (h->hdr_len < sizeof(*h) || h->hdr_len > size)
		return bad(why, n, ".BTF: bad header length %u", h->hdr_len);
	data = (const char *)v->copy + h->hdr_len;
	size -= h->hdr_len;
	if (!in(h->type_off, h->type_len, size) || !in(h->str_off, h->str_len, size) ||
	    (h->type_off & 3) || (h->type_len & 3))
		return bad(why, n, ".BTF: type or string section out of bounds");
	if ((uint64_t)h->type_off + h->type_len > h->str_off &&
	    (uint64_t)h->str_off + h->str_len > h->type_off)
		return bad(why, n, ".BTF: type and string sections overlap");
	if (!h->str_len || data[h->str_off] != '\0' || data[h->str_off + h->str_len - 1] != '\0')
		return bad(why, n, ".BTF: string section must start and end with NUL");
	v->types = data + h->type_off;
	v->types_len = h->type_len;
	v->strs = data + h->str_off;
	v->strs_len = h->str_len;
	/* count, then index */
	cap = h->type_len / sizeof(struct btf_type) + 1;
	v->off = calloc(cap + 1, sizeof(*v->off));
	if (!v->off)
		return -ENOMEM;
	for (off = 0; off < h->type_len;) {
		const struct btf_type *t = (const struct btf_type *)(v->types + off);

		if (!in(off, sizeof(*t), h->type_len))
			return bad(why, n, ".BTF: truncated type at offset %llu",
				   (unsigned long long)off);
		ex = extra_size(t->info);
		if (ex < 0)
			return bad(why, n, ".BTF: type %u has unknown kind %u", v->nr + 1,
				   kind_of(t->info));
		if (!in(off + sizeof(*t), (uint64_t)ex, h->type_len))
			return bad(why, n, ".BTF: type %u runs past the type section", v->nr + 1);
		if (v->nr + 1 >= BTF_MAX_TYPES || v->nr + 1 > cap)
			return bad(why, n, ".BTF: too many types");
		v->off[++v->nr] = (uint32_t)off;
		off += sizeof(*t) + (uint64_t)ex;
	}
	return 0;
}

int btf_validate(const void *buf, size_t size, unsigned int *nr_types, char *why, size_t n)
{
	struct btf_view v;
	uint32_t id;
	int err;

	err = btf_view_init(&v, buf, size, why, n);
	for (id = 1; !err && id <= v.nr; id++)
		err = check_type(&v, id, why, n);
	err = err ?: check_chains(&v, why, n);
	if (!err && nr_types)
		*nr_types = v.nr;
	btf_view_free(&v);
	return err;
}

/* ---------------------------------------------------------------- ELF */

struct elf_view {
	const char *buf;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	const char *shstr;
	uint64_t shstr_len;
	uint32_t symtab;	/* section index, 0: none */
	uint64_t nsyms;
};

static const char *sec_name(const struct elf_view *e, uint32_t i)
{
	return e->shstr + e->sh[i].sh_name;
}

static int find_sec(const struct elf_view *e, const char *name)
{
	uint32_t i;

	for (i = 1; i < e->eh->e_shnum; i++)
		if (!strcmp(sec_name(e, i), name))
			return (int)i;
	return -1;
}

static int check_headers(struct elf_view *e, char *why, size_t n)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->buf;
	const Elf64_Shdr *ss;
	uint32_t i;

	if (e->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return bad(why, n, "not an ELF object");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return bad(why, n, "not a 64-bit little-endian ELF object");
	if (eh->e_type != ET_REL || eh->e_machine != EM_BPF)
		return bad(why, n, "not a BPF relocatable object (type %u, machine %u)",
			   eh->e_type, eh->e_machine);
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shnum == 0 ||
	    eh->e_shnum >= SHN_LORESERVE || eh->e_shstrndx == SHN_UNDEF ||
	    eh->e_shstrndx >= eh->e_shnum)
		return bad(why, n, "ELF header: bad section table description");
	if (!in(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), e->size) ||
	    (eh->e_shoff & 7))
		return bad(why, n, "ELF header: section table out of bounds");
	e->eh = eh;
	e->sh = (const Elf64_Shdr *)(e->buf + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type != SHT_NOBITS && !in(s->sh_offset, s->sh_size, e->size))
			return bad(why, n, "section %u: data out of bounds", i);
		if (s->sh_link >= eh->e_shnum)
			return bad(why, n, "section %u: link %u out of range", i, s->sh_link);
	}
	ss = &e->sh[eh->e_shstrndx];
	if (ss->sh_type != SHT_STRTAB || !ss->sh_size ||
	    e->buf[ss->sh_offset + ss->sh_size - 1] != '\0')
		return bad(why, n, "section name table is not a string table");
	e->shstr = e->buf + ss->sh_offset;
	e->shstr_len = ss->sh_size;
	for (i = 0; i < eh->e_shnum; i++) {
		if (!str_ok(e->shstr, e->shstr_len, e->sh[i].sh_name))
			return bad(why, n, "section %u: name out of range", i);
		if (e->sh[i].sh_type != SHT_SYMTAB)
			continue;
		if (e->symtab)
			return bad(why, n, "more than one symbol table");
		e->symtab = i;
	}
	return 0;
}

static int check_symtab(struct elf_view *e, char *why, size_t n)
{
	const Elf64_Shdr *s, *st;
	const Elf64_Sym *sym;
	const char *str;
	uint64_t i;

	if (!e->symtab)
		return bad(why, n, "no symbol table");
	s = &e->sh[e->symtab];
	st = &e->sh[s->sh_link];
	if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_size % sizeof(Elf64_Sym) ||
	    (s->sh_offset & 7))
		return bad(why, n, ".symtab: bad entry size");
	if (st->sh_type != SHT_STRTAB || !st->sh_size ||
	    e->buf[st->sh_offset + st->sh_size - 1] != '\0')
		return bad(why, n, ".symtab: its string table is not one");
	str = e->buf + st->sh_offset;
	e->nsyms = s->sh_size / sizeof(Elf64_Sym);
	sym = (const Elf64_Sym *)(e->buf + s->sh_offset);
	for (i = 0; i < e->nsyms; i++, sym++) {
		uint16_t shndx = sym->st_shndx;

		if (!str_ok(str, st->sh_size, sym->st_name))
			return bad(why, n, ".symtab: symbol %llu: name out of range",
				   (unsigned long long)i);
		if (shndx == SHN_UNDEF || shndx == SHN_ABS || shndx == SHN_COMMON)
			continue;
		if (shndx >= e->eh->e_shnum)
			return bad(why, n, ".symtab: symbol %llu in section %u of %u",
				   (unsigned long long)i, shndx, e->eh->e_shnum);
		if (ELF64_ST_TYPE(sym->st_info) == STT_SECTION)
			continue;
		if (!in(sym->st_value, sym->st_size, e->sh[shndx].sh_size))
			return bad(why, n, ".symtab: symbol '%s' lies outside section %u",
				   str + sym->st_name, shndx);
		if (ELF64_ST_TYPE(sym->st_info) == STT_FUNC &&
		    (e->sh[shndx].sh_flags & SHF_EXECINSTR) &&
		    ((sym->st_value | sym->st_size) % sizeof(struct bpf_insn)))
			return bad(why, n, ".symtab: function '%s' not on an instruction boundary",
				   str + sym->st_name);
	}
	return 0;
}

static int check_code(const struct elf_view *e, uint32_t i, char *why, size_t n)
{
	const Elf64_Shdr *s = &e->sh[i];
	const struct bpf_insn *insn;
	uint64_t k, cnt;

	if (s->sh_size % sizeof(struct bpf_insn) || (s->sh_offset & 7))
		return bad(why, n, "section %s: not a whole number of instructions",
			   sec_name(e, i));
	insn = (const struct bpf_insn *)(e->buf + s->sh_offset);
	cnt = s->sh_size / sizeof(*insn);
	for (k = 0; k < cnt; k++) {
		if (insn[k].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (k + 1 >= cnt)
			return bad(why, n, "section %s: 16-byte load cut off at its end",
				   sec_name(e, i));
		k++;
	}
	return 0;
}

static int check_rel(const struct elf_view *e, uint32_t i, char *why, size_t n)
{
	const Elf64_Shdr *s = &e->sh[i], *t;
	const Elf64_Rel *r;
	uint64_t k, cnt;

	if (s->sh_link != e->symtab || s->sh_info == 0 || s->sh_info >= e->eh->e_shnum)
		return bad(why, n, "section %s: bad symbol table or target", sec_name(e, i));
	if (s->sh_entsize != sizeof(Elf64_Rel) || s->sh_size % sizeof(Elf64_Rel) ||
	    (s->sh_offset & 7))
		return bad(why, n, "section %s: bad entry size", sec_name(e, i));
	t = &e->sh[s->sh_info];
	r = (const Elf64_Rel *)(e->buf + s->sh_offset);
	cnt = s->sh_size / sizeof(*r);
	for (k = 0; k < cnt; k++, r++) {
		uint64_t need = (t->sh_flags & SHF_EXECINSTR) ? sizeof(struct bpf_insn) : 4;

		if (ELF64_R_SYM(r->r_info) >= e->nsyms)
			return bad(why, n, "section %s: relocation %llu names symbol %llu of %llu",
				   sec_name(e, i), (unsigned long long)k,
				   (unsigned long long)ELF64_R_SYM(r->r_info),
				   (unsigned long long)e->nsyms);
		if (!in(r->r_offset, need, t->sh_size) ||
		    ((t->sh_flags & SHF_EXECINSTR) && r->r_offset % sizeof(struct bpf_insn)))
			return bad(why, n, "section %s: relocation %llu at offset %llu outside %s",
				   sec_name(e, i), (unsigned long long)k,
				   (unsigned long long)r->r_offset, sec_name(e, s->sh_info));
	}
	return 0;
}

/* .BTF.ext: header, then func_info, line_info, core_relo blocks, each
 * {u32 rec_size; {u32 sec_name_off; u32 num; rec[num]}...}.
 */
struct ext_hdr {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len;
};

enum ext_kind { EXT_FUNC, EXT_LINE, EXT_CORE };

static int check_ext_block(const struct elf_view *e, const struct btf_view *bv,
			   const char *blk, uint32_t len, enum ext_kind kind, char *why, size_t n)
{
	static const char *const what[] = { "func_info", "line_info", "core_relo" };
	static const uint32_t min_rec[] = { 8, 16, 16 };
	uint32_t rec, off = 4, k;

	if (!len)
		return 0;
	if (len < 4)
		return bad(why, n, ".BTF.ext %s: truncated", what[kind]);
	rec = rd32(blk);
	if (rec < min_rec[kind] || rec % 4 || rec > 1024)
		return bad(why, n, ".BTF.ext %s: record size %u", what[kind], rec);
	while (off < len) {
		uint32_t name_off, num;
		int sec;

		if (!in(off, 8, len))
			return bad(why, n, ".BTF.ext %s: truncated section header", what[kind]);
		name_off = rd32(blk + off);
		num = rd32(blk + off + 4);
		off += 8;
		if (!str_ok(bv->strs, bv->strs_len, name_off))
			return bad(why, n, ".BTF.ext %s: section name out of range", what[kind]);
		if (!num || !in(off, (uint64_t)num * rec, len))
			return bad(why, n, ".BTF.ext %s: %u records past its end", what[kind], num);
		sec = find_sec(e, bv->strs + name_off);
		for (k = 0; k < num; k++, off += rec) {
			const char *r = blk + off;
			uint32_t insn_off = rd32(r), a = rd32(r + 4);

			if (sec < 0 || !in(insn_off, sizeof(struct bpf_insn), e->sh[sec].sh_size) ||
			    insn_off % sizeof(struct bpf_insn))
				return bad(why, n, ".BTF.ext %s: record %u of '%s' outside its section",
					   what[kind], k, bv->strs + name_off);
			switch (kind) {
			case EXT_FUNC:
				if (!a || a > bv->nr ||
				    kind_of(type_at(bv, a)->info) != BTF_KIND_FUNC)
					return bad(why, n, ".BTF.ext func_info: record %u: type %u is not a function",
						   k, a);
				break;
			case EXT_LINE:
				if (!str_ok(bv->strs, bv->strs_len, a) ||
				    !str_ok(bv->strs, bv->strs_len, rd32(r + 8)))
					return bad(why, n, ".BTF.ext line_info: record %u: string out of range",
						   k);
				break;
			case EXT_CORE: {
				uint32_t acc = rd32(r + 8), ck = rd32(r + 12);
				const char *s;

				if (!a || a > bv->nr || ck > CORE_RELO_KIND_MAX ||
				    !str_ok(bv->strs, bv->strs_len, acc))
					return bad(why, n, ".BTF.ext core_relo: record %u out of range", k);
				for (s = bv->strs + acc; *s; s++)
					if (!(*s >= '0' && *s <= '9') && *s != ':')
						return bad(why, n, ".BTF.ext core_relo: record %u: bad access string",
							   k);
				break;
			}
			}
		}
	}
	return 0;
}

static int check_btf_ext(const struct elf_view *e, const struct btf_view *bv, int idx,
			 char *why, size_t n)
{
	const Elf64_Shdr *s = &e->sh[idx];
	const char *p = e->buf + s->sh_offset;
	struct ext_hdr h = {};
	uint64_t len = s->sh_size, body;
	int err;

	if (len < 24)
		return bad(why, n, ".BTF.ext: shorter than its header");
	memcpy(&h, p, len < sizeof(h) ? len : sizeof(h));
	if (h.magic != BTF_MAGIC || h.version != BTF_VERSION || h.flags)
		return bad(why, n, ".BTF.ext: bad magic, version or flags");
	if (h.hdr_len < 24 || h.hdr_len > len)
		return bad(why, n, ".BTF.ext: bad header length %u", h.hdr_len);
	if (h.hdr_len < sizeof(h))
		h.core_relo_off = h.core_relo_len = 0;
	body = len - h.hdr_len;
	p += h.hdr_len;
	if (!in(h.func_info_off, h.func_info_len, body) ||
	    !in(h.line_info_off, h.line_info_len, body) ||
	    !in(h.core_relo_off, h.core_relo_len, body))
		return bad(why, n, ".BTF.ext: a block lies outside the section");
	if ((h.func_info_off | h.line_info_off | h.core_relo_off) & 3)
		return bad(why, n, ".BTF.ext: misaligned block");
	err = check_ext_block(e, bv, p + h.func_info_off, h.func_info_len, EXT_FUNC, why, n);
	err = err ?: check_ext_block(e, bv, p + h.line_info_off, h.line_info_len, EXT_LINE, why, n);
	err = err ?: check_ext_block(e, bv, p + h.core_relo_off, h.core_relo_len, EXT_CORE, why, n);
	return err;
}

int obj_validate(const void *buf, size_t size, char *why, size_t n)
{
	struct elf_view e = { .buf = buf, .size = size };
	struct btf_view bv = {};
	uint32_t i;
	int err, btf, ext;

	if (n)
		why[0] = '\0';
	if ((uintptr_t)buf & 7)
		return bad(why, n, "internal: object buffer not 8-byte aligned");
	err = check_headers(&e, why, n);
	err = err ?: check_symtab(&e, why, n);
	for (i = 1; !err && i < e.eh->e_shnum; i++) {
		if (e.sh[i].sh_type == SHT_PROGBITS && (e.sh[i].sh_flags & SHF_EXECINSTR))
			err = check_code(&e, i, why, n);
		else if (e.sh[i].sh_type == SHT_REL)
			err = check_rel(&e, i, why, n);
		else if (e.sh[i].sh_type == SHT_RELA)
			err = bad(why, n, "section %s: RELA relocations (BPF objects use REL)",
				  sec_name(&e, i));
	}
	if (err)
		return err;
	btf = find_sec(&e, ".BTF");
	ext = find_sec(&e, ".BTF.ext");
	if (btf < 0) {
		if (ext >= 0)
			return bad(why, n, ".BTF.ext without .BTF");
		return 0;	/* libbpf accepts objects without BTF (no CO-RE) */
	}
	if (e.sh[btf].sh_type == SHT_NOBITS)
		return bad(why, n, ".BTF has no data");
	err = btf_validate(e.buf + e.sh[btf].sh_offset, e.sh[btf].sh_size, NULL, why, n);
	if (err || ext < 0)
		return err;
	if (e.sh[ext].sh_type == SHT_NOBITS)
		return bad(why, n, ".BTF.ext has no data");
	err = btf_view_init(&bv, e.buf + e.sh[btf].sh_offset, e.sh[btf].sh_size, why, n);
	err = err ?: check_btf_ext(&e, &bv, ext, why, n);
	btf_view_free(&bv);
	return err;
}
