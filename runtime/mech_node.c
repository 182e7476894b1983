// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What this node offers for hooks on kernel functions (mech_node.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "mech_node.h"
#include "util.h"

#define KPROBE_PMU	"/sys/bus/event_source/devices/kprobe/type"
#define ERRINJ_LIST	"/sys/kernel/debug/error_injection/list"

void mech_node_init(struct mech_node *n)
{
	memset(n, 0, sizeof(*n));
	n->kprobes = -1;
	n->override = -1;
}

static void names_free(struct mech_names *s)
{
	free(s->names);
	free(s->buf);
}

void mech_node_free(struct mech_node *n)
{
	names_free(&n->syms);
	names_free(&n->ftrace);
	free(n->funcs);
	free(n->errinj);
	btf__free(n->btf);	/* the caller's, by btf__load_vmlinux_btf()'s contract */
}

struct btf *mech_node_btf(struct mech_node *n)
{
	if (!n->btf_done) {
		n->btf_done = true;
		n->btf = btf__load_vmlinux_btf();
		if (!n->btf)
			n->btf = NULL;	/* libbpf may return an error pointer: keep NULL */
	}
	return n->btf;
}

static int cmp_func(const void *a, const void *b)
{
	return strcmp(((const struct mech_func *)a)->name, ((const struct mech_func *)b)->name);
}

/* One pass over the BTF: its functions, sorted by name. */
static int funcs_index(struct mech_node *n)
{
	long long t0 = mono_ms();
	struct btf *btf;
	__u32 i, cnt;
	size_t cap = 0;

	if (n->funcs_done)
		return n->funcs ? 0 : -ENOENT;
	n->funcs_done = true;
	btf = mech_node_btf(n);
	if (!btf)
		return -ENOENT;
	cnt = btf__type_cnt(btf);
	for (i = 1; i < cnt; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (!t || !btf_is_func(t))
			continue;
		if (n->nr_funcs == cap) {
			struct mech_func *nf = realloc(n->funcs, (cap * 2 + 1024) * sizeof(*nf));

			if (!nf)
				return -ENOMEM;
			n->funcs = nf;
			cap = cap * 2 + 1024;
		}
		n->funcs[n->nr_funcs].name = btf__name_by_offset(btf, t->name_off);
		n->funcs[n->nr_funcs].id = (int)i;
		if (n->funcs[n->nr_funcs].name)
			n->nr_funcs++;
	}
	if (!n->funcs)
		n->funcs = calloc(1, sizeof(*n->funcs));	/* read, and empty */
	if (!n->funcs)
		return -ENOMEM;
	qsort(n->funcs, n->nr_funcs, sizeof(*n->funcs), cmp_func);
	pr_info("mechanisms: kernel BTF read, its %zu functions indexed in %lld ms\n", n->nr_funcs,
		mono_ms() - t0);
	return 0;
}

int mech_node_func_id(struct mech_node *n, const char *name)
{
	struct mech_func key = { .name = name }, *f;

	if (funcs_index(n) || !n->nr_funcs)
		return -ENOENT;
	f = bsearch(&key, n->funcs, n->nr_funcs, sizeof(*n->funcs), cmp_func);
	return f ? f->id : -ENOENT;
}

/* void, an integer, an enum or a pointer, under typedefs and modifiers */
static bool plain_type(struct btf *btf, __u32 id)
{
	const struct btf_type *t;
	int r;

	if (!id)
		return true;	/* void */
	r = btf__resolve_type(btf, id);
	t = r > 0 ? btf__type_by_id(btf, (__u32)r) : NULL;
	return t && (btf_is_int(t) || btf_is_any_enum(t) || btf_is_ptr(t));
}

bool mech_node_func_plain(struct mech_node *n, int id)
{
	const struct btf_type *t, *proto;
	const struct btf_param *p;
	struct btf *btf = mech_node_btf(n);
	__u16 i;

	if (!btf || id <= 0 || !(t = btf__type_by_id(btf, (__u32)id)) || !btf_is_func(t))
		return false;
	proto = btf__type_by_id(btf, t->type);
	if (!proto || !btf_is_func_proto(proto) || btf_vlen(proto) > 6 ||
	    !plain_type(btf, proto->type))
		return false;
	for (i = 0, p = btf_params(proto); i < btf_vlen(proto); i++, p++)
		if (!plain_type(btf, p->type))
			return false;
	return true;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read path into s: of each line, the field'th space-separated field (0-based),
 * kept if keep(line fields) says so. 0 or -errno.
 */
static int names_read(struct mech_names *s, const char *path, int field,
		      bool (*keep)(char **f, int nf))
{
	char *line, *save = NULL;
	size_t len = 0, cap = 0;
	int err;

	if (s->done)
		return s->names ? 0 : -ENOENT;
	s->done = true;
	err = read_file(path, &s->buf, &len);
	if (err)
		return err;
	for (line = strtok_r(s->buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4], *p = line;
		int nf = 0;

		while (nf < 4 && p && *p) {
			f[nf++] = p;
			p = strpbrk(p, " \t");
			if (p)
				*p++ = '\0';
		}
		if (nf <= field || (keep && !keep(f, nf)))
			continue;
		if (s->nr == cap) {
			char **nn = realloc(s->names, (cap * 2 + 4096) * sizeof(*nn));

			if (!nn)
				return -ENOMEM;
			s->names = nn;
			cap = cap * 2 + 4096;
		}
		s->names[s->nr++] = f[field];
	}
	if (!s->names)
		s->names = calloc(1, sizeof(*s->names));
	if (!s->names)
		return -ENOMEM;
	qsort(s->names, s->nr, sizeof(*s->names), cmp_name);
	return 0;
}

static bool names_has(const struct mech_names *s, const char *name)
{
	return s->nr && bsearch(&name, s->names, s->nr, sizeof(*s->names), cmp_name);
}

/* kallsyms: "<addr> <type> <name> [module]", functions only: text symbols
 * (t, T) and weak ones (w, W), as Tetragon's ksym.isFunction()
 * (pkg/ksyms/ksyms.go). A syscall this kernel does not implement is a weak
 * stub that returns -ENOSYS (COND_SYSCALL: __x64_sys_io_pgetevents_time32 on
 * x86_64 is "W"); kprobes and trampolines attach to it like to any function.
 */
static bool text_sym(char **f, int nf)
{
	return nf >= 3 && f[1][0] && !f[1][1] && strchr("tTwW", f[1][0]);
}

int mech_node_syms(struct mech_node *n)
{
	return names_read(&n->syms, "/proc/kallsyms", 2, text_sym);
}

bool mech_node_has_sym(struct mech_node *n, const char *name)
{
	return !mech_node_syms(n) && names_has(&n->syms, name);
}

int mech_node_ftrace_has(struct mech_node *n, const char *name)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/available_filter_functions",
		"/sys/kernel/debug/tracing/available_filter_functions",
	};
	size_t i;

	if (!n->ftrace.done) {
		long long t0 = mono_ms();

		/* the first readable one: a tracefs that is not mounted is absent */
		for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			if (!access(paths[i], R_OK)) {
				if (names_read(&n->ftrace, paths[i], 0, NULL) == -ENOMEM)
					return -1;
				break;
			}
		}
		n->ftrace.done = true;
		pr_info("mechanisms: %zu functions ftrace can trace, read in %lld ms\n",
			n->ftrace.nr, mono_ms() - t0);
	}
	if (!n->ftrace.names || !n->ftrace.nr)
		return -1;
	return names_has(&n->ftrace, name);
}

int mech_node_errinj(struct mech_node *n, const char *func)
{
	size_t len, fl = strlen(func);
	const char *p;

	if (!n->errinj_done) {
		n->errinj_done = true;
		if (read_file(ERRINJ_LIST, &n->errinj, &len))
			n->errinj = NULL;
	}
	if (!n->errinj)
		return -1;
	for (p = n->errinj; (p = strstr(p, func)); p += fl)
		if ((p == n->errinj || p[-1] == '\n') && (p[fl] == '\t' || p[fl] == ' '))
			return 1;
	return 0;
}

bool mech_node_kprobes(struct mech_node *n)
{
	if (n->kprobes < 0)
		n->kprobes = path_exists(KPROBE_PMU) || path_exists("/sys/kernel/tracing/kprobe_events") ||
			     path_exists("/sys/kernel/debug/tracing/kprobe_events");
	return n->kprobes;
}

/* a kprobe program calling bpf_override_return loads */
bool mech_node_override(struct mech_node *n)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 0 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_override_return },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd;

	if (n->override < 0) {
		fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "tp_mech_probe", "GPL", insns,
				   sizeof(insns) / sizeof(insns[0]), NULL);
		n->override = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	return n->override;
}
