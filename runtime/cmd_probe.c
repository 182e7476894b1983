// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload probe [OBJ|BUNDLE]: is this node ready to enforce? The node (bpffs,
 * kernel BTF, tracefs, the active LSM list, privileges), every kernel
 * feature tried for real (probe.h), what the core needs, and with an object
 * or a bundle a verdict per policy: each hook's `requires` features and
 * whether the hook exists here (probe_hooks.h). Changes nothing. The exit
 * status says whether `tpload load`/`apply` can work (docs/tpload.md).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>

#include "tp_abi.h"
#include "cli.h"
#include "log.h"
#include "meta.h"
#include "objcheck.h"
#include "pkg.h"
#include "probe.h"
#include "probe_hooks.h"
#include "sign_verify.h"
#include "util.h"

/* What the core object needs (bpf-templates/core/tp_core.bpf.c): tp_btf
 * lifecycle hooks, a task iterator, the ring buffer, pinned links.
 */
static const enum tp_feature core_needs[] = {
	TP_FEAT_tp_btf, TP_FEAT_iter, TP_FEAT_ringbuf, TP_FEAT_link_pin,
};

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] probe [--trust-dir DIR] [OBJ|BUNDLE]\n"
		"Is this node ready? Checks bpffs, the kernel BTF, tracefs, the active LSM\n"
		"list and privileges; tries every kernel feature (tracepoint raw_tp tp_btf\n"
		"iter ringbuf send_signal link_pin kprobe kretprobe fentry fexit fmod_ret lsm\n"
		"ima_hash uprobe override_return cgroup) by loading, attaching and triggering\n"
		"a tiny program; and with a policy object or a bundle, gives a verdict per\n"
		"policy:\n"
		"the features each hook requires and whether the hook exists here.\n"
		"Changes nothing (a bundle is verified as 'tpload verify' does).\n\n"
		"  -K, --trust-dir DIR   trusted minisign public keys for a bundle (default %s)\n"
		"  -h, --help            this help\n\n"
		"Exit status: 0 ready (the core and every policy can load here), 1 the object\n"
		"or bundle is refused (invalid, tampered, bad signature), 2 usage, 3 not\n"
		"ready (what is missing is printed), 4 internal error.\n",
		TP_TRUST_DIR);
}

struct check {
	const char *name;
	bool ok;
	char detail[512];
};

enum { CHK_BPFFS, CHK_BTF, CHK_TRACEFS, CHK_LSM, CHK_PRIV, NR_CHECKS };

struct hook_verdict {
	const struct tp_meta_hook *h;
	char **reqs;			/* requires expressions */
	size_t nr_reqs;
	bool ok;
	enum tp_hook_state exists;
	char exists_why[512];
	char problems[1024];		/* "; "-separated */
};

struct target_note {
	char kind[32];
	char origin[304];
	char digest[65];		/* recorded */
	char node[65];			/* this node's, "" if unknown */
	char why[256];
};

struct pol {
	char *name;
	char label[PATH_MAX];
	struct tp_meta meta;
	char *text;			/* .tpc.meta */
	bool have_meta;
	struct hook_verdict *hooks;
	size_t nr_hooks;
	struct target_note *targets;
	size_t nr_targets;
	bool ready;
	char error[512];		/* could not read the object */
};

struct probe_ctx {
	struct cli_env *env;
	struct utsname uts;
	struct check checks[NR_CHECKS];
	struct tp_prober prober;
	struct tp_node node;
	char bpffs[PATH_MAX];
	bool core_ready;
	char core_missing[512];
	struct pol *pols;
	size_t nr_pols;
	bool ready;
};

static void set(struct check *c, const char *name, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void set(struct check *c, const char *name, bool ok, const char *fmt, ...)
{
	va_list ap;

	c->name = name;
	c->ok = ok;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

static bool fs_known(const char *type)
{
	char *text = NULL, *p;
	size_t len, l = strlen(type);
	bool ok = false;

	if (read_file("/proc/filesystems", &text, &len))
		return false;
	for (p = text; (p = strstr(p, type)); p += l)
		if ((p == text || p[-1] == '\t') && (p[l] == '\n' || p[l] == '\0'))
			ok = true;
	free(text);
	return ok;
}

/* The bpffs that will hold the pin root: its nearest existing ancestor. */
static void check_bpffs(struct probe_ctx *c)
{
	char dir[PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", c->env->root);
	while (!path_exists(dir) && (slash = strrchr(dir, '/')) && slash != dir)
		*slash = '\0';
	if (is_bpffs(dir)) {
		/* link_pin pins next to the root, never inside it */
		if (!strcmp(dir, c->env->root) && (slash = strrchr(dir, '/')) && slash != dir) {
			*slash = '\0';
			if (!is_bpffs(dir))
				snprintf(dir, sizeof(dir), "%s", c->env->root);
		}
		snprintf(c->bpffs, sizeof(c->bpffs), "%s", dir);
		c->prober.bpffs = c->bpffs;
		set(&c->checks[CHK_BPFFS], "bpffs", true, "mounted (%s)", dir);
	} else if (fs_known("bpf")) {
		set(&c->checks[CHK_BPFFS], "bpffs", true,
		    "not mounted at %s; the kernel has it: tpload load/apply mounts it", dir);
	} else {
		set(&c->checks[CHK_BPFFS], "bpffs", false,
		    "no bpf file system in this kernel (/proc/filesystems)");
	}
}

static void check_btf(struct probe_ctx *c)
{
	const char *path = c->env->btf ? c->env->btf : "/sys/kernel/btf/vmlinux";
	struct stat st;

	if (stat(path, &st))
		set(&c->checks[CHK_BTF], "btf", false, "%s: %s (the kernel needs CONFIG_DEBUG_INFO_BTF=y, or give --btf FILE)",
		    path, strerror(errno));
	else if (!tpnode_btf(&c->node))
		set(&c->checks[CHK_BTF], "btf", false, "%s cannot be parsed", path);
	else
		set(&c->checks[CHK_BTF], "btf", true, "%s (%lld bytes)", path, (long long)st.st_size);
}

static void check_tracefs(struct probe_ctx *c)
{
	const char *t = tpnode_tracefs(&c->node);

	if (t)
		set(&c->checks[CHK_TRACEFS], "tracefs", true, "%s", t);
	else
		set(&c->checks[CHK_TRACEFS], "tracefs", false,
		    "not mounted (/sys/kernel/tracing): tracepoint hooks need it (mount -t tracefs tracefs /sys/kernel/tracing)");
}

static void check_lsm(struct probe_ctx *c)
{
	char *text = NULL, *p;
	size_t len;
	bool on = false;

	if (read_file("/sys/kernel/security/lsm", &text, &len)) {
		set(&c->checks[CHK_LSM], "lsm_list", false,
		    "/sys/kernel/security/lsm not readable (securityfs not mounted?): cannot tell whether BPF-LSM is active");
		return;
	}
	text[strcspn(text, "\n")] = '\0';
	for (p = strtok(text, ","); p; p = strtok(NULL, ","))
		on |= !strcmp(p, "bpf");
	free(text);
	read_file("/sys/kernel/security/lsm", &text, &len);
	if (text)
		text[strcspn(text, "\n")] = '\0';
	set(&c->checks[CHK_LSM], "lsm_list", on, on ? "bpf is in the active LSM list (%s)" :
	    "bpf is not in the active LSM list (%s): LSM hooks cannot attach (boot with lsm=...,bpf)",
	    text ? text : "?");
	free(text);
}

static void check_privileges(struct probe_ctx *c)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "tpload_probe", "GPL", insns, 2, NULL);

	if (fd >= 0) {
		close(fd);
		set(&c->checks[CHK_PRIV], "privileges", true, "BPF programs load (uid %d)",
		    (int)geteuid());
	} else {
		set(&c->checks[CHK_PRIV], "privileges", false,
		    "a BPF program does not load: %s%s", strerror(errno),
		    errno == EPERM ? " (run as root: CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN)" : "");
	}
}

static void check_core(struct probe_ctx *c)
{
	size_t i, o = 0;

	c->core_ready = c->checks[CHK_BPFFS].ok && c->checks[CHK_BTF].ok && c->checks[CHK_PRIV].ok;
	for (i = 0; i < sizeof(core_needs) / sizeof(core_needs[0]); i++) {
		const struct tp_feature_result *r = probe_feature(&c->prober, core_needs[i]);

		if (r->ok)
			continue;
		c->core_ready = false;
		if (o < sizeof(c->core_missing))
			o += (size_t)snprintf(c->core_missing + o, sizeof(c->core_missing) - o, "%s%s",
					      o ? " " : "", probe_feature_name(core_needs[i]));
	}
}

/* ---------------------------------------------------------------- policies */

static int add_pol(struct probe_ctx *c, const char *name, const char *label, const void *image,
		   size_t size)
{
	struct pol *np = realloc(c->pols, (c->nr_pols + 1) * sizeof(*np)), *p;
	char why[256];
	size_t len;
	int err;

	if (!np)
		return -ENOMEM;
	c->pols = np;
	p = &c->pols[c->nr_pols++];
	memset(p, 0, sizeof(*p));
	snprintf(p->label, sizeof(p->label), "%s", label);
	p->name = strdup(name ? name : label);
	if (!p->name)
		return -ENOMEM;
	err = obj_validate(image, size, why, sizeof(why));
	if (err) {
		snprintf(p->error, sizeof(p->error), "invalid object: %s", why);
		return err == -ENOMEM ? err : -EINVAL;
	}
	err = meta_read_elf(image, size, &p->text, &len);
	if (err == -ENOENT) {
		snprintf(p->error, sizeof(p->error), "no .tpc.meta (not built by tpc): nothing to check");
		return 0;
	}
	if (err || meta_parse(p->text, &p->meta)) {
		snprintf(p->error, sizeof(p->error), "bad .tpc.meta");
		return err == -ENOMEM ? err : -EINVAL;
	}
	p->have_meta = true;
	if (!name && p->meta.policy) {
		free(p->name);
		p->name = strdup(p->meta.policy);
		if (!p->name)
			return -ENOMEM;
	}
	return 0;
}

static int read_input(struct probe_ctx *c, const char *path, const struct tp_pkg_opts *po,
		      struct tp_pkg **pkg, char **image)
{
	struct stat st;
	size_t len, i;
	char label[PATH_MAX];
	int err;

	if (stat(path, &st)) {
		err = -errno;
		pr_warn("%s: %s\n", path, strerror(errno));
		return err;
	}
	if (S_ISREG(st.st_mode)) {
		err = read_file_max(path, TP_OBJ_MAX_SIZE, image, &len);
		if (err && err != -EFBIG) {
			pr_warn("%s: %s\n", path, strerror(-err));
			return err;
		}
		if (!err && len >= 4 && !memcmp(*image, "\177ELF", 4)) {
			err = add_pol(c, NULL, path, *image, len);
			if (err == -EINVAL)
				pr_warn("%s: %s\n", path, c->pols[c->nr_pols - 1].error);
			return err;
		}
		free(*image);
		*image = NULL;
	}
	*pkg = tp_pkg__open(path, po);
	if (!*pkg)
		return errno == EKEYREJECTED || errno == EBADMSG ? -EINVAL : -errno;
	for (i = 0; i < tp_pkg__nr_policies(*pkg); i++) {
		const struct tp_pkg_policy *pol = tp_pkg__policy(*pkg, i);

		snprintf(label, sizeof(label), "%s:%s", path, pol->object);
		err = add_pol(c, pol->name, label, pol->image, pol->size);
		if (err == -EINVAL)
			pr_warn("%s: %s\n", label, c->pols[c->nr_pols - 1].error);
		if (err)
			return err;
	}
	return 0;
}

/* "requires <id> <expr>" and "target <kind> <origin> sha256:<hex>" lines */
static int scan_meta(struct pol *p)
{
	char *copy = strdup(p->text), *line, *save = NULL;
	size_t i;

	if (!copy)
		return -ENOMEM;
	p->nr_hooks = p->meta.nr_hooks;
	p->hooks = calloc(p->nr_hooks + 1, sizeof(*p->hooks));
	if (!p->hooks) {
		free(copy);
		return -ENOMEM;
	}
	for (i = 0; i < p->nr_hooks; i++)
		p->hooks[i].h = &p->meta.hooks[i];
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char a[32], b[300], d[80];
		int id;

		if (sscanf(line, "requires %d %299s", &id, b) == 2) {
			for (i = 0; i < p->nr_hooks; i++) {
				struct hook_verdict *v = &p->hooks[i];
				char **nr;

				if (v->h->id != id)
					continue;
				nr = realloc(v->reqs, (v->nr_reqs + 1) * sizeof(*nr));
				if (!nr || !(nr[v->nr_reqs] = strdup(b))) {
					if (nr)
						v->reqs = nr;
					free(copy);
					return -ENOMEM;
				}
				v->reqs = nr;
				v->nr_reqs++;
			}
		} else if (sscanf(line, "target %31s %299s %79s", a, b, d) == 3 &&
			   !strncmp(d, "sha256:", 7)) {
			struct target_note *nt = realloc(p->targets, (p->nr_targets + 1) * sizeof(*nt));

			if (!nt) {
				free(copy);
				return -ENOMEM;
			}
			p->targets = nt;
			nt = &nt[p->nr_targets++];
			memset(nt, 0, sizeof(*nt));
			snprintf(nt->kind, sizeof(nt->kind), "%s", a);
			percent_decode(b);
			snprintf(nt->origin, sizeof(nt->origin), "%s", b);
			snprintf(nt->digest, sizeof(nt->digest), "%.64s", d + 7);
		}
	}
	free(copy);
	return 0;
}

static void add_problem(struct hook_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_problem(struct hook_verdict *v, const char *fmt, ...)
{
	size_t o = strlen(v->problems);
	va_list ap;

	if (o && o + 2 < sizeof(v->problems)) {
		memcpy(v->problems + o, "; ", 3);
		o += 2;
	}
	va_start(ap, fmt);
	vsnprintf(v->problems + o, sizeof(v->problems) - o, fmt, ap);
	va_end(ap);
}

static void judge_hook(struct probe_ctx *c, struct hook_verdict *v)
{
	const struct tp_meta_hook *h = v->h;
	char why[1024];
	size_t i;

	v->ok = true;
	if (!v->nr_reqs && h->type && probe_feature_id(h->type, strlen(h->type)) >= 0) {
		/* objects without requires lines: the hook kind's own mechanism */
		if (!probe_requires(&c->prober, h->type, why, sizeof(why))) {
			v->ok = false;
			add_problem(v, "needs %s: %s", h->type, why);
		}
	}
	for (i = 0; i < v->nr_reqs; i++) {
		if (probe_requires(&c->prober, v->reqs[i], why, sizeof(why)))
			continue;
		v->ok = false;
		add_problem(v, "needs %s: %s", v->reqs[i], why);
	}
	v->exists = tpnode_hook(&c->node, h->type, h->target, v->exists_why,
				sizeof(v->exists_why));
	if (v->exists == TP_HOOK_MISSING) {
		v->ok = false;
		add_problem(v, "%s", v->exists_why);
	} else if (v->exists == TP_HOOK_UNKNOWN && h->type && !strcmp(h->type, "tracepoint")) {
		v->ok = false;	/* no tracefs: a tracepoint cannot be attached */
		add_problem(v, "%s", v->exists_why);
	}
}

static void judge_targets(struct probe_ctx *c, struct pol *p)
{
	const char **names;
	size_t i, n = 0;

	for (i = 0; i < p->nr_targets; i++) {
		struct target_note *t = &p->targets[i];

		if (!strcmp(t->kind, "btf")) {
			snprintf(t->node, sizeof(t->node), "%s", tpnode_btf_sha256(&c->node));
			if (!t->node[0])
				snprintf(t->why, sizeof(t->why), "this node's BTF is not readable");
			continue;
		}
		if (strcmp(t->kind, "tracefs"))
			continue;
		names = calloc(p->nr_hooks + 1, sizeof(*names));
		if (!names)
			continue;
		for (n = 0; n < p->nr_hooks; n++)
			names[n] = p->hooks[n].h->type && !strcmp(p->hooks[n].h->type, "tracepoint") &&
				   p->hooks[n].h->target ? p->hooks[n].h->target : NULL;
		/* only the tracepoint hooks' formats: compact the list */
		for (i = n = 0; i < p->nr_hooks; i++)
			if (names[i])
				names[n++] = names[i];
		tpnode_formats_sha256(&c->node, names, n, t->node, t->why, sizeof(t->why));
		free(names);
		break;	/* one tracefs line */
	}
}

static void judge_pol(struct probe_ctx *c, struct pol *p)
{
	size_t i;

	p->ready = false;
	if (!p->have_meta)
		return;
	if (scan_meta(p))
		return;
	p->ready = c->core_ready;
	for (i = 0; i < p->nr_hooks; i++) {
		judge_hook(c, &p->hooks[i]);
		p->ready &= p->hooks[i].ok;
	}
	judge_targets(c, p);
}

static void free_pols(struct probe_ctx *c)
{
	size_t i, j, k;

	for (i = 0; i < c->nr_pols; i++) {
		struct pol *p = &c->pols[i];

		for (j = 0; j < p->nr_hooks; j++) {
			for (k = 0; k < p->hooks[j].nr_reqs; k++)
				free(p->hooks[j].reqs[k]);
			free(p->hooks[j].reqs);
		}
		free(p->hooks);
		free(p->targets);
		meta_free(&p->meta);
		free(p->text);
		free(p->name);
	}
	free(c->pols);
}

/* ---------------------------------------------------------------- output */

static const char *target_verdict(const struct target_note *t)
{
	if (!t->node[0])
		return "cannot compare";
	if (!strcmp(t->node, t->digest))
		return "same as this node";
	return !strcmp(t->kind, "btf") ? "another kernel's BTF (CO-RE relocates at load)" :
	       "this node's formats differ (fields are read through CO-RE; or the policy read other formats)";
}

static void print_text(struct probe_ctx *c)
{
	char esc[1024];
	size_t i, j;
	int f;

	printf("node: kernel %s (%s)\n", c->uts.release, c->uts.machine);
	for (i = 0; i < NR_CHECKS; i++)
		printf("  %-16s %-4s %s\n", c->checks[i].name, c->checks[i].ok ? "yes" : "no",
		       c->checks[i].detail);
	printf("features (tried on this kernel%s):\n", c->nr_pols ? "; those the core and the policies need" : "");
	for (f = 0; f < TP_NR_FEATURES; f++) {
		const struct tp_feature_result *r;

		if (c->nr_pols && !c->prober.res[f].done)
			continue;
		r = probe_feature(&c->prober, f);

		printf("  %-16s %-4s %s\n", probe_feature_name(f), r->ok ? "yes" : "no",
		       r->ok ? "" : r->why);
	}
	if (c->core_ready)
		printf("core: ready\n");
	else
		printf("core: NOT READY%s%s\n", c->core_missing[0] ? ": missing " : "",
		       c->core_missing);
	for (i = 0; i < c->nr_pols; i++) {
		const struct pol *p = &c->pols[i];

		printf("policy %s (%s): %s\n", str_escape(esc, sizeof(esc), p->name), p->label,
		       p->ready ? "ready" : "NOT READY");
		if (p->error[0])
			printf("  %s\n", p->error);
		for (j = 0; j < p->nr_hooks; j++) {
			const struct hook_verdict *v = &p->hooks[j];

			printf("  hook %d %s %s (%s): %s\n", v->h->id, v->h->type ? v->h->type : "?",
			       str_escape(esc, sizeof(esc), v->h->target ? v->h->target : "?"),
			       v->h->loc ? v->h->loc : "?", v->ok ? "ok" : v->problems);
		}
		for (j = 0; j < p->nr_targets; j++) {
			const struct target_note *t = &p->targets[j];

			printf("  built against %s %s sha256:%.12s: %s%s%s\n", t->kind,
			       str_escape(esc, sizeof(esc), t->origin), t->digest, target_verdict(t),
			       t->why[0] ? ": " : "", t->why);
		}
	}
	printf("verdict: %s\n", c->ready ? "ready" : "NOT READY");
}

static void print_json(struct json_writer *w, struct probe_ctx *c)
{
	char d[80];
	size_t i, j, k;
	int f;

	jsonw_name(w, "kernel");
	jsonw_start_object(w);
	jsonw_string_field(w, "release", c->uts.release);
	jsonw_string_field(w, "machine", c->uts.machine);
	jsonw_end_object(w);
	jsonw_name(w, "checks");
	jsonw_start_object(w);
	for (i = 0; i < NR_CHECKS; i++) {
		jsonw_name(w, c->checks[i].name);
		jsonw_start_object(w);
		jsonw_bool_field(w, "ok", c->checks[i].ok);
		jsonw_string_field(w, "detail", c->checks[i].detail);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
	jsonw_name(w, "features");
	jsonw_start_object(w);
	for (f = 0; f < TP_NR_FEATURES; f++) {
		const struct tp_feature_result *r;

		if (c->nr_pols && !c->prober.res[f].done)
			continue;	/* with policies: what they and the core need */
		r = probe_feature(&c->prober, f);
		jsonw_name(w, probe_feature_name(f));
		jsonw_start_object(w);
		jsonw_bool_field(w, "ok", r->ok);
		if (!r->ok)
			jsonw_string_field(w, "reason", r->why);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
	jsonw_name(w, "core");
	jsonw_start_object(w);
	jsonw_bool_field(w, "ready", c->core_ready);
	jsonw_string_field(w, "missing", c->core_missing);
	jsonw_end_object(w);
	jsonw_name(w, "policies");
	jsonw_start_array(w);
	for (i = 0; i < c->nr_pols; i++) {
		const struct pol *p = &c->pols[i];

		jsonw_start_object(w);
		jsonw_string_field(w, "name", p->name);
		jsonw_string_field(w, "object", p->label);
		jsonw_bool_field(w, "ready", p->ready);
		if (p->error[0])
			jsonw_string_field(w, "error", p->error);
		jsonw_name(w, "hooks");
		jsonw_start_array(w);
		for (j = 0; j < p->nr_hooks; j++) {
			const struct hook_verdict *v = &p->hooks[j];

			jsonw_start_object(w);
			jsonw_int_field(w, "id", v->h->id);
			jsonw_string_field(w, "type", v->h->type ? v->h->type : "");
			jsonw_string_field(w, "target", v->h->target ? v->h->target : "");
			jsonw_string_field(w, "location", v->h->loc ? v->h->loc : "");
			jsonw_name(w, "requires");
			jsonw_start_array(w);
			for (k = 0; k < v->nr_reqs; k++)
				jsonw_string(w, v->reqs[k]);
			jsonw_end_array(w);
			jsonw_name(w, "exists");
			if (v->exists == TP_HOOK_UNKNOWN)
				jsonw_null(w);
			else
				jsonw_bool(w, v->exists == TP_HOOK_PRESENT);
			jsonw_string_field(w, "found", v->exists_why);
			jsonw_bool_field(w, "ok", v->ok);
			if (!v->ok)
				jsonw_string_field(w, "problems", v->problems);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
		jsonw_name(w, "targets");
		jsonw_start_array(w);
		for (j = 0; j < p->nr_targets; j++) {
			const struct target_note *t = &p->targets[j];

			jsonw_start_object(w);
			jsonw_string_field(w, "kind", t->kind);
			jsonw_string_field(w, "origin", t->origin);
			snprintf(d, sizeof(d), "sha256:%s", t->digest);
			jsonw_string_field(w, "digest", d);
			if (t->node[0]) {
				snprintf(d, sizeof(d), "sha256:%s", t->node);
				jsonw_string_field(w, "node_digest", d);
			}
			jsonw_name(w, "same");
			if (t->node[0])
				jsonw_bool(w, !strcmp(t->node, t->digest));
			else
				jsonw_null(w);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_bool_field(w, "ready", c->ready);
}

int cmd_probe(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust-dir", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct tp_pkg_opts po = { .sz = sizeof(po) };
	struct probe_ctx ctx = { .env = env };
	struct probe_ctx *c = &ctx;
	struct json_writer *w;
	struct tp_pkg *pkg = NULL;
	char *image = NULL;
	int opt, err, ret;
	size_t i;

	while ((opt = getopt_long(argc, argv, "K:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'K':
			po.trust_dir = optarg;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (optind + 1 < argc) {
		help(stderr);
		return TPLOAD_EXIT_USAGE;
	}
	w = cli_json(env);
	c->node.btf_path = env->btf;
	if (uname(&c->uts))
		memset(&c->uts, 0, sizeof(c->uts));
	if (optind < argc) {
		err = read_input(c, argv[optind], &po, &pkg, &image);
		if (err) {
			ret = err == -EINVAL ? TPLOAD_EXIT_POLICY : cli_exit_env(err);
			goto out;
		}
	}
	check_bpffs(c);
	check_btf(c);
	check_tracefs(c);
	check_lsm(c);
	check_privileges(c);
	check_core(c);
	c->ready = c->core_ready;
	for (i = 0; i < c->nr_pols; i++) {
		judge_pol(c, &c->pols[i]);
		c->ready &= c->pols[i].ready || !c->pols[i].have_meta;
	}
	ret = c->ready ? TPLOAD_EXIT_OK : TPLOAD_EXIT_ENV;
	if (w)
		print_json(w, c);
	else
		print_text(c);
out:
	if (w) {
		if (ret == TPLOAD_EXIT_POLICY)
			jsonw_bool_field(w, "ready", false);
		cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	}
	free_pols(c);
	tpnode_free(&c->node);
	tp_pkg__close(pkg);
	free(image);
	return ret;
}
