// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hooks and kernel inputs of a policy against this node (probe_hooks.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "probe_hooks.h"
#include "sha256.h"
#include "util.h"

#define SYSFS_VMLINUX	"/sys/kernel/btf/vmlinux"

const char *tpnode_tracefs(struct tp_node *n)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char p[PATH_MAX];
	size_t i;

	if (!n->tracefs_done) {
		n->tracefs_done = true;
		for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
			if (path_join(p, sizeof(p), roots[i], "events") || !path_exists(p))
				continue;
			snprintf(n->tracefs, sizeof(n->tracefs), "%s", roots[i]);
			break;
		}
	}
	return n->tracefs[0] ? n->tracefs : NULL;
}

struct btf *tpnode_btf(struct tp_node *n)
{
	if (!n->btf_done) {
		n->btf_done = true;
		n->btf = n->btf_path ? btf__parse(n->btf_path, NULL) : btf__load_vmlinux_btf();
		if (!n->btf || libbpf_get_error(n->btf))
			n->btf = NULL;
	}
	return n->btf;
}

const char *tpnode_btf_sha256(struct tp_node *n)
{
	char *raw = NULL;
	size_t len;

	if (!n->btf_sha_done) {
		n->btf_sha_done = true;
		if (!read_file(n->btf_path ? n->btf_path : SYSFS_VMLINUX, &raw, &len))
			sha256_hex(raw, len, n->btf_sha256);
		free(raw);
	}
	return n->btf_sha256;
}

static int cmp_sym(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* /proc/kallsyms functions: text and weak symbols, as mech_node.c (names are
 * 0 without privileges: still listed)
 */
static int node_syms(struct tp_node *n)
{
	char *line, *save = NULL, *type, *name, *end;
	size_t len = 0, cap = 0;
	char **v;
	int err;

	if (n->syms_done)
		return n->syms ? 0 : -ENOENT;
	n->syms_done = true;
	err = read_file("/proc/kallsyms", &n->sym_buf, &len);
	if (err)
		return err;
	for (line = strtok_r(n->sym_buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!(type = strchr(line, ' ')) || !(name = strchr(type + 1, ' ')))
			continue;
		if (!strchr("tTwW", type[1]) || !type[1] || type[2] != ' ')
			continue;
		name++;
		end = strpbrk(name, " \t");
		if (end)
			*end = '\0';
		if (n->nr_syms == cap) {
			cap = cap * 2 + 4096;
			v = realloc(n->syms, cap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			n->syms = v;
		}
		n->syms[n->nr_syms++] = name;
	}
	if (n->nr_syms)
		qsort(n->syms, n->nr_syms, sizeof(*n->syms), cmp_sym);
	return n->syms ? 0 : -ENOENT;
}

static bool has_sym(struct tp_node *n, const char *name)
{
	if (node_syms(n))
		return false;
	return bsearch(&name, n->syms, n->nr_syms, sizeof(*n->syms), cmp_sym) != NULL;
}

static bool btf_has(struct tp_node *n, const char *name, int kind)
{
	struct btf *btf = tpnode_btf(n);

	return btf && btf__find_by_name_kind(btf, name, kind) > 0;
}

static const char *arch_prefix(void)
{
	struct utsname u;

	if (uname(&u))
		return "";
	if (!strcmp(u.machine, "x86_64"))
		return "__x64_";
	if (!strcmp(u.machine, "aarch64"))
		return "__arm64_";
	return "";
}

static enum tp_hook_state found(char *why, size_t size, enum tp_hook_state s, const char *fmt,
				...) __attribute__((format(printf, 4, 5)));
static enum tp_hook_state found(char *why, size_t size, enum tp_hook_state s, const char *fmt,
				...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return s;
}

static enum tp_hook_state tracepoint_hook(struct tp_node *n, const char *target, char *why,
					  size_t size)
{
	const char *tfs = tpnode_tracefs(n);
	char p[PATH_MAX];

	if (!tfs)
		return found(why, size, TP_HOOK_UNKNOWN,
			     "no tracefs (/sys/kernel/tracing): tracepoint programs need it to attach");
	if (strstr(target, "..") || path_fmt(p, sizeof(p), "%s/events/%s", tfs, target))
		return found(why, size, TP_HOOK_MISSING, "bad tracepoint name %s", target);
	if (path_exists(p))
		return found(why, size, TP_HOOK_PRESENT, "%s", p);
	return found(why, size, TP_HOOK_MISSING, "no tracepoint %s (%s)", target, p);
}

static enum tp_hook_state raw_tp_hook(struct tp_node *n, const char *target, char *why,
				      size_t size)
{
	const char *event = strrchr(target, '/');
	char name[256];

	event = event ? event + 1 : target;
	snprintf(name, sizeof(name), "btf_trace_%s", event);
	if (btf_has(n, name, BTF_KIND_TYPEDEF))
		return found(why, size, TP_HOOK_PRESENT, "BTF %s", name);
	if (strchr(target, '/'))
		return tracepoint_hook(n, target, why, size);
	if (!tpnode_btf(n))
		return found(why, size, TP_HOOK_UNKNOWN, "no kernel BTF to look for %s", name);
	return found(why, size, TP_HOOK_MISSING, "no raw tracepoint %s (no BTF %s)", event, name);
}

static enum tp_hook_state func_hook(struct tp_node *n, const char *func, bool need_btf, char *why,
				    size_t size)
{
	char alt[256];
	const char *names[2] = { func, NULL };
	size_t i;

	if (!strncmp(func, "sys_", 4)) {
		snprintf(alt, sizeof(alt), "%s%s", arch_prefix(), func);
		names[1] = alt;
	}
	for (i = 0; i < 2 && names[i]; i++) {
		if (btf_has(n, names[i], BTF_KIND_FUNC))
			return found(why, size, TP_HOOK_PRESENT, "function %s (BTF)", names[i]);
		if (!need_btf && has_sym(n, names[i]))
			return found(why, size, TP_HOOK_PRESENT, "function %s (kallsyms)", names[i]);
	}
	if (need_btf && !tpnode_btf(n))
		return found(why, size, TP_HOOK_UNKNOWN, "no kernel BTF to look for %s", func);
	if (!need_btf && !tpnode_btf(n) && node_syms(n))
		return found(why, size, TP_HOOK_UNKNOWN, "neither BTF nor /proc/kallsyms readable");
	return found(why, size, TP_HOOK_MISSING, "no function %s%s%s in this kernel%s", func,
		     names[1] ? " or " : "", names[1] ? names[1] : "",
		     need_btf ? " (BTF)" : " (BTF, /proc/kallsyms)");
}

enum tp_hook_state tpnode_hook(struct tp_node *n, const char *type, const char *target, char *why,
			       size_t size)
{
	char name[256];

	if (!type || !target || !*target)
		return found(why, size, TP_HOOK_UNKNOWN, "no target recorded");
	if (!strcmp(type, "tracepoint"))
		return tracepoint_hook(n, target, why, size);
	if (!strcmp(type, "raw_tp") || !strcmp(type, "tp_btf"))
		return raw_tp_hook(n, target, why, size);
	if (!strcmp(type, "kprobe") || !strcmp(type, "kretprobe"))
		return func_hook(n, target, false, why, size);
	if (!strcmp(type, "fentry") || !strcmp(type, "fexit") || !strcmp(type, "fmod_ret"))
		return func_hook(n, target, true, why, size);
	if (!strcmp(type, "lsm")) {
		const char *hook = !strncmp(target, "security_", 9) ? target + 9 : target;

		snprintf(name, sizeof(name), "bpf_lsm_%s", hook);
		if (btf_has(n, name, BTF_KIND_FUNC))
			return found(why, size, TP_HOOK_PRESENT, "LSM hook %s (BTF %s)", hook, name);
		if (!tpnode_btf(n))
			return found(why, size, TP_HOOK_UNKNOWN, "no kernel BTF to look for %s", name);
		return found(why, size, TP_HOOK_MISSING, "no LSM hook %s (no BTF %s)", hook, name);
	}
	return found(why, size, TP_HOOK_UNKNOWN, "not checked for %s hooks", type);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int tpnode_formats_sha256(struct tp_node *n, const char *const *names, size_t nr, char out[65],
			  char *why, size_t size)
{
	const char *tfs = tpnode_tracefs(n), **sorted;
	char p[PATH_MAX], fmt_sha[65], *text = NULL, *all = NULL;
	size_t len, alen = 0, i;
	FILE *f;
	int err = 0;

	out[0] = '\0';
	if (!tfs) {
		snprintf(why, size, "no tracefs");
		return -ENOENT;
	}
	sorted = calloc(nr + 1, sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, names, nr * sizeof(*sorted));
	qsort(sorted, nr, sizeof(*sorted), cmp_str);
	f = open_memstream(&all, &alen);
	if (!f) {
		free(sorted);
		return -ENOMEM;
	}
	for (i = 0; i < nr && !err; i++) {
		if (i && !strcmp(sorted[i], sorted[i - 1]))
			continue;	/* once each */
		if (strstr(sorted[i], "..") ||
		    path_fmt(p, sizeof(p), "%s/events/%s/format", tfs, sorted[i])) {
			err = -EINVAL;
			break;
		}
		err = read_file(p, &text, &len);
		if (err) {
			snprintf(why, size, "%s: %s", p, strerror(-err));
			break;
		}
		sha256_hex(text, len, fmt_sha);
		free(text);
		text = NULL;
		fprintf(f, "%s %s\n", fmt_sha, sorted[i]);
	}
	if (fclose(f) && !err)
		err = -ENOMEM;
	if (!err)
		sha256_hex(all, alen, out);
	free(all);
	free(sorted);
	return err;
}

void tpnode_free(struct tp_node *n)
{
	btf__free(n->btf);
	free(n->syms);
	free(n->sym_buf);
	n->btf = NULL;
	n->syms = NULL;
	n->sym_buf = NULL;
}
