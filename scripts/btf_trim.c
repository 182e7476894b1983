// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf-trim: a small kernel BTF for the golden and unit tests (`make golden-btf`,
 * tests/golden/btf/README.md), so they never read the build machine's kernel.
 *
 *   btf-trim IN OUT EVENTS_DIR [KEEP_FILE]
 *
 * Keeps, with every type they reach: for each tracepoint format under EVENTS_DIR
 * (<subsys>/<event>/format), the struct trace_event_raw_* tpc picks for it in IN (the
 * same tp_class_find(), so the trimmed BTF gives the same answer), and each
 * "<kind> <name>" line of KEEP_FILE (kind: struct, union, typedef, enum, func; '#'
 * starts a comment). Types keep their relative order and the output is raw BTF, so
 * the same IN gives the same bytes.
 *
 * A named struct or union reached only through a pointer is kept as a forward
 * declaration (its name and kind: what type checks of pointers need), unless it is
 * a root itself: otherwise a function taking a struct task_struct * would pull in
 * most of the kernel. Structs embedded by value are kept whole.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "arena.h"
#include "tp_class.h"
#include "tracefs.h"

static int kind_of(const char *s)
{
	if (!strcmp(s, "struct"))
		return BTF_KIND_STRUCT;
	if (!strcmp(s, "union"))
		return BTF_KIND_UNION;
	if (!strcmp(s, "typedef"))
		return BTF_KIND_TYPEDEF;
	if (!strcmp(s, "enum"))
		return BTF_KIND_ENUM;
	if (!strcmp(s, "func"))
		return BTF_KIND_FUNC;
	return -1;
}

/* Call fn on every type id t refers to (the same walk marks and remaps). */
static void refs(struct btf_type *t, void (*fn)(__u32 *id, void *ctx), void *ctx)
{
	unsigned int i, n = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		fn(&t->type, ctx);
		break;
	case BTF_KIND_ARRAY:
		fn(&btf_array(t)->type, ctx);
		fn(&btf_array(t)->index_type, ctx);
		break;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		for (i = 0; i < n; i++)
			fn(&btf_members(t)[i].type, ctx);
		break;
	case BTF_KIND_FUNC_PROTO:
		fn(&t->type, ctx);
		for (i = 0; i < n; i++)
			fn(&btf_params(t)[i].type, ctx);
		break;
	case BTF_KIND_DATASEC:
		for (i = 0; i < n; i++)
			fn(&btf_var_secinfos(t)[i].type, ctx);
		break;
	}
}

struct walk {
	const struct btf *btf;
	__u32 *stack, n;
	unsigned char *keep;	/* KEEP_WHOLE, KEEP_FWD or 0 */
	unsigned char *root;	/* a root: kept whole wherever it is reached from */
	__u32 *map;
};

#define KEEP_WHOLE	1
#define KEEP_FWD	2

static void push(__u32 *id, void *ctx)
{
	struct walk *w = ctx;

	if (*id && w->keep[*id] != KEEP_WHOLE) {
		w->keep[*id] = KEEP_WHOLE;
		w->stack[w->n++] = *id;
	}
}

/* A pointer's target: modifiers and typedefs are kept, a named struct or union that
 * is not a root only as a forward declaration.
 */
static void push_pointee(__u32 *id, void *ctx)
{
	struct walk *w = ctx;
	__u32 cur = *id;
	unsigned int i;

	for (i = 0; cur && i < 32; i++) {
		const struct btf_type *t = btf__type_by_id(w->btf, cur);

		if (btf_is_mod(t) || btf_is_typedef(t) || btf_is_type_tag(t)) {
			if (w->keep[cur] != KEEP_WHOLE)
				w->keep[cur] = KEEP_WHOLE;
			cur = t->type;
			continue;
		}
		if (btf_is_composite(t) && t->name_off && !w->root[cur]) {
			if (!w->keep[cur])
				w->keep[cur] = KEEP_FWD;
			return;
		}
		push(&cur, w);
		return;
	}
}

static void remap(__u32 *id, void *ctx)
{
	*id = ((struct walk *)ctx)->map[*id];
}

static void keep_root(struct walk *w, __u32 id)
{
	w->root[id] = 1;
	push(&id, w);
	while (w->n) {
		__u32 cur = w->stack[--w->n];
		struct btf_type *t = (struct btf_type *)btf__type_by_id(w->btf, cur);

		refs(t, btf_is_ptr(t) ? push_pointee : push, w);
	}
}

static int keep_classes(struct walk *w, const char *events)
{
	struct dirent **subs = NULL, **evs = NULL;
	int ns, ne, i, j, err = 0;

	ns = scandir(events, &subs, NULL, alphasort);
	if (ns < 0)
		return -errno;
	for (i = 0; i < ns && !err; i++) {
		char dir[4096];

		if (subs[i]->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", events, subs[i]->d_name);
		ne = scandir(dir, &evs, NULL, alphasort);
		for (j = 0; j < ne && !err; j++) {
			struct tp_arena *a = arena_new();
			struct tf_format fmt;
			char *text = NULL, cls[160];
			size_t len;
			int id;

			if (evs[j]->d_name[0] == '.' || !a ||
			    tracefs_read_format(events, subs[i]->d_name, evs[j]->d_name, &text, &len) ||
			    tracefs_parse_format(text, a, &fmt)) {
				free(text);
				arena_free(a);
				continue;
			}
			if (!strcmp(subs[i]->d_name, "syscalls")) {
				free(text);
				arena_free(a);
				continue;	/* syscall_trace_enter/exit: no BTF needed */
			}
			if (tp_class_find(w->btf, evs[j]->d_name, &fmt, cls, sizeof(cls))) {
				fprintf(stderr, "btf-trim: no class for %s/%s\n", subs[i]->d_name,
					evs[j]->d_name);
				err = -ENOENT;
			} else {
				id = btf__find_by_name_kind(w->btf, cls, BTF_KIND_STRUCT);
				if (id > 0)
					keep_root(w, (__u32)id);
			}
			free(text);
			arena_free(a);
		}
		for (j = 0; j < ne; j++)
			free(evs[j]);
		free(evs);
	}
	for (i = 0; i < ns; i++)
		free(subs[i]);
	free(subs);
	return err;
}

/* The roots of KEEP_FILE, marked before any walk. */
static int mark_listed(struct walk *w, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[512], kind[32], name[256];
	int id;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%31s %255s", kind, name) != 2)
			continue;
		id = kind_of(kind) < 0 ? -1 : btf__find_by_name_kind(w->btf, name, kind_of(kind));
		if (id > 0)
			w->root[id] = 1;
	}
	fclose(f);
	return 0;
}

static int keep_listed(struct walk *w, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[512], kind[32], name[256];
	int id;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%31s %255s", kind, name) != 2)
			continue;
		id = kind_of(kind) < 0 ? -1 : btf__find_by_name_kind(w->btf, name, kind_of(kind));
		if (id <= 0) {
			fprintf(stderr, "btf-trim: %s %s is not in the input BTF\n", kind, name);
			fclose(f);
			return -ENOENT;
		}
		keep_root(w, (__u32)id);
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	struct btf *in, *out;
	struct walk w = {};
	__u32 i, n, next = 1, sz;
	const void *raw;
	FILE *f;
	int err = 0;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: btf-trim IN OUT EVENTS_DIR [KEEP_FILE]\n");
		return 2;
	}
	in = btf__parse(argv[1], NULL);
	if (!in) {
		fprintf(stderr, "btf-trim: cannot parse %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	n = btf__type_cnt(in);
	w.btf = in;
	w.stack = calloc(n, sizeof(*w.stack));
	w.keep = calloc(n, 1);
	w.root = calloc(n, 1);
	w.map = calloc(n, sizeof(*w.map));
	if (!w.stack || !w.keep || !w.root || !w.map)
		return 1;
	/* roots first (a root is whole even where a pointer reached it earlier) */
	if (argc == 5)
		err = mark_listed(&w, argv[4]);
	err = err ?: keep_classes(&w, argv[3]);
	if (!err && argc == 5)
		err = keep_listed(&w, argv[4]);
	if (err)
		return 1;
	for (i = 1; i < n; i++)
		if (w.keep[i])
			w.map[i] = next++;
	out = btf__new_empty();
	if (!out)
		return 1;
	for (i = 1; i < n; i++) {
		int id;

		const struct btf_type *t = btf__type_by_id(in, i);

		if (!w.keep[i])
			continue;
		if (w.keep[i] == KEEP_FWD)
			id = btf__add_fwd(out, btf__name_by_offset(in, t->name_off),
					  btf_is_union(t) ? BTF_FWD_UNION : BTF_FWD_STRUCT);
		else
			id = btf__add_type(out, in, t);
		if (id < 0 || (__u32)id != w.map[i]) {
			fprintf(stderr, "btf-trim: cannot copy type %u\n", i);
			return 1;
		}
		if (w.keep[i] == KEEP_WHOLE)
			refs((struct btf_type *)btf__type_by_id(out, id), remap, &w);
	}
	raw = btf__raw_data(out, &sz);
	f = fopen(argv[2], "wbe");
	if (!raw || !f || fwrite(raw, 1, sz, f) != sz || fclose(f)) {
		fprintf(stderr, "btf-trim: cannot write %s\n", argv[2]);
		return 1;
	}
	printf("btf-trim: %u of %u types, %u bytes\n", next - 1, n - 1, sz);
	btf__free(out);
	btf__free(in);
	return 0;
}
