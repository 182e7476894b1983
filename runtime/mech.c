// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Mechanism selection (mech.h): per hook on a kernel function, BPF trampolines
 * (fentry/fexit, fmod_ret for Override) where the function has BTF and a
 * trampoline really loads and attaches on it, kprobes (kretprobe,
 * bpf_override_return for Override) otherwise; BPF-LSM for LSM hooks. Every
 * decision is by trying on this kernel, never by version: a two-instruction
 * program of the same attach type is loaded for the function (the verifier checks
 * the target, and for fmod_ret that the kernel lets its return value change:
 * security_* or the error-injection list); it is attached, then closed, until one
 * program of that attach type has attached in this run, and after that only on
 * functions ftrace cannot trace (tramp_probe()). What the node offers is read
 * once per run (mech_node.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "mech.h"
#include "mech_node.h"
#include "meta.h"
#include "tp_snapshot.h"
#include "util.h"

#define LSM_LIST	"/sys/kernel/security/lsm"

static enum mech_tramp tramp_kind(enum bpf_attach_type type)
{
	return type == BPF_MODIFY_RETURN ? MECH_TRAMP_FMOD_RET :
	       type == BPF_LSM_MAC ? MECH_TRAMP_LSM : MECH_TRAMP_FENTRY;
}

/* A trampoline or LSM program of attach type @type loads for function @func (its
 * BTF name) and attaches: 0, or -errno with *why said. The load is tried for
 * every function (the verifier checks the target: its BTF, its prototype, and
 * for fmod_ret that the kernel lets its return value change). The attach is
 * tried until one program of that type has attached in this run; after that a
 * function ftrace can trace is known to attach the same way, and only the others
 * are tried, and those whose prototype a trampoline may not take (more than 6
 * parameters, a struct by value: mech_node_func_plain()). Attaching and detaching
 * a trampoline per hook is what made a 432-hook object take minutes under TCG.
 */
static int tramp_probe(struct mech_node *n, const char *func, enum bpf_attach_type type,
		       char *why, size_t sz)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	const char *what = type == BPF_MODIFY_RETURN ? "fmod_ret" :
			   type == BPF_LSM_MAC ? "BPF-LSM" : "fentry";
	enum mech_tramp kind = tramp_kind(type);
	int id, fd, lfd, err;

	if (!mech_node_btf(n)) {
		snprintf(why, sz, "%s: no kernel BTF (/sys/kernel/btf/vmlinux)", what);
		return -ENOENT;
	}
	id = mech_node_func_id(n, func);
	if (id <= 0) {
		snprintf(why, sz, "%s: %s has no BTF in this kernel", what, func);
		return -ENOENT;
	}
	o.expected_attach_type = type;
	o.attach_btf_id = (__u32)id;
	fd = bpf_prog_load(type == BPF_LSM_MAC ? BPF_PROG_TYPE_LSM : BPF_PROG_TYPE_TRACING,
			   "tp_mech_probe", "GPL", insns, sizeof(insns) / sizeof(insns[0]), &o);
	if (fd < 0) {
		err = -errno;
		if (type == BPF_MODIFY_RETURN && err == -EINVAL)
			snprintf(why, sz, "fmod_ret: the kernel does not let %s's return value be changed (only security_* functions and its error-injection list)",
				 func);
		else if (type == BPF_LSM_MAC && err == -EINVAL)
			snprintf(why, sz, "BPF-LSM: %s cannot be hooked (%s)", func, strerror(-err));
		else
			snprintf(why, sz, "%s: a program for %s does not load (%s%s)", what, func,
				 strerror(-err), err == -EPERM ? ": BPF trampolines are not allowed on this kernel" :
				 err == -ENOTSUP || err == -524 ? ": no BPF trampolines on this kernel/arch" : "");
		return err;
	}
	if (n->attached[kind] && mech_node_func_plain(n, id) && mech_node_ftrace_has(n, func) == 1) {
		close(fd);
		return 0;
	}
	lfd = bpf_link_create(fd, 0, type, NULL);
	if (lfd < 0) {
		err = -errno;
		snprintf(why, sz, "%s: a program for %s does not attach (%s)", what, func, strerror(-err));
		close(fd);
		return err;
	}
	n->attached[kind] = true;
	close(lfd);
	close(fd);
	return 0;
}

/* kprobes work here for func: 0, or -errno with *why said. */
static int kprobe_probe(struct mech_node *n, const char *func, bool override, char *why,
			size_t sz)
{
	if (!mech_node_kprobes(n)) {
		snprintf(why, sz, "kprobe: this kernel has no kprobes (no /sys/bus/event_source/devices/kprobe/type: CONFIG_KPROBES)");
		return -ENOTSUP;
	}
	if (mech_node_syms(n)) {
		snprintf(why, sz, "kprobe: /proc/kallsyms is not readable");
		return -EACCES;
	}
	if (!mech_node_has_sym(n, func)) {
		snprintf(why, sz, "kprobe: no function %s in /proc/kallsyms", func);
		return -ENOENT;
	}
	if (override && !mech_node_override(n)) {
		snprintf(why, sz, "kprobe: Override needs bpf_override_return, which this kernel lacks (CONFIG_BPF_KPROBE_OVERRIDE)");
		return -ENOTSUP;
	}
	if (override && mech_node_errinj(n, func) == 0) {
		snprintf(why, sz, "kprobe: Override needs %s on the kernel's error-injection list (%s), and it is not",
			 func, "/sys/kernel/debug/error_injection/list");
		return -ENOTSUP;
	}
	return 0;
}

/* The node's symbol of hook h: an arch prefix for syscalls ("sys_openat" ->
 * "__x64_sys_openat"; Tetragon pkg/arch AddSyscallPrefix).
 */
static int resolve(struct mech_node *n, const struct tp_meta_hook *h, char *sym, size_t sz)
{
	if (!h->func || !*h->func)
		return -EINVAL;
	if ((h->func_flags & TP_META_F_SYSCALL) && strncmp(h->func, "__ia32_", 7) &&
	    strncmp(h->func, "__x64_", 6) && strncmp(h->func, "__arm64_", 8)) {
		if (!n->prefix[0])
			return -ENOTSUP;
		return path_fmt(sym, sz, "%s%s", n->prefix, h->func);
	}
	return path_fmt(sym, sz, "%s", h->func);
}

/* Post imaHash (the hook's `requires` names ima_hash): the program is sleepable
 * and calls bpf_ima_file_hash(). The helper must exist (its id in the kernel
 * BTF's enum bpf_func_id, the check Tetragon's bpf_generic_lsm_ima_file.c makes
 * with bpf_core_enum_value_exists()), and a sleepable BPF-LSM program must load
 * on @func (the kernel allows sleeping only on some hooks). 0, or -ENOSYS
 * with *why said.
 */
static int ima_probe(struct mech_node *n, const char *func, char *why, size_t sz)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	struct btf *btf = mech_node_btf(n);
	const struct btf_type *t;
	const struct btf_enum *e;
	bool helper = false;
	int id, fd, i;

	id = btf ? btf__find_by_name_kind(btf, "bpf_func_id", BTF_KIND_ENUM) : -ENOENT;
	t = id > 0 ? btf__type_by_id(btf, (__u32)id) : NULL;
	for (i = 0, e = t ? btf_enum(t) : NULL; t && i < btf_vlen(t); i++, e++)
		if (!strcmp(btf__name_by_offset(btf, e->name_off), "BPF_FUNC_ima_file_hash"))
			helper = true;
	if (!helper) {
		snprintf(why, sz, "Post imaHash needs the bpf_ima_file_hash() helper (Linux 5.18+): %s",
			 t ? "not in this kernel's enum bpf_func_id" : "no kernel BTF to look it up");
		return -ENOSYS;
	}
	id = mech_node_func_id(n, func);
	o.expected_attach_type = BPF_LSM_MAC;
	o.attach_btf_id = id > 0 ? (__u32)id : 0;
	o.prog_flags = BPF_F_SLEEPABLE;
	fd = id > 0 ? bpf_prog_load(BPF_PROG_TYPE_LSM, "tp_mech_ima", "GPL", insns, 2, &o) : -1;
	if (fd < 0) {
		snprintf(why, sz, "Post imaHash needs a sleepable BPF-LSM program on %s, which this kernel refuses (%s): it allows sleeping only on some hooks",
			 func, id > 0 ? strerror(errno) : "no BTF");
		return -ENOSYS;
	}
	close(fd);
	return 0;
}

static bool needs_ima(const struct tp_meta_hook *h)
{
	const char *r = h->requires;

	for (; r && (r = strstr(r, "ima_hash")); r += 8)
		if ((r == h->requires || r[-1] == ',' || r[-1] == '|') &&
		    (!r[8] || r[8] == ',' || r[8] == '|'))
			return true;
	return false;
}

static bool has_mech(const struct tp_meta_hook *h, const char *mech)
{
	size_t i;

	for (i = 0; i < h->nr_progs; i++)
		if (!strcmp(h->progs[i].mech, mech))
			return true;
	return false;
}

/* The attach type of h's entry program for mech (fentry or fmod_ret). */
static enum bpf_attach_type entry_type(struct bpf_object *obj, const struct tp_meta_hook *h,
				       const char *mech)
{
	size_t i;

	for (i = 0; i < h->nr_progs; i++) {
		struct bpf_program *p;

		if (strcmp(h->progs[i].mech, mech) || h->progs[i].ret)
			continue;
		p = bpf_object__find_program_by_name(obj, h->progs[i].name);
		if (p)
			return bpf_program__expected_attach_type(p);
	}
	return BPF_TRACE_FENTRY;
}

static int plan_hook(struct mech_node *n, struct bpf_object *obj, const struct tp_meta_hook *h,
		     const char *force, struct tp_mech_hook *ph)
{
	bool override = h->func_flags & TP_META_F_OVERRIDE;
	char why_t[300] = "", why_k[300] = "";
	const char *pick = NULL;
	int err;

	ph->hook = h->id;
	if (has_mech(h, "lsm")) {
		char fn[200];

		snprintf(ph->symbol, sizeof(ph->symbol), "%s", h->func ? h->func : "?");
		snprintf(fn, sizeof(fn), "bpf_lsm_%s", ph->symbol);
		if (!tramp_probe(n, fn, BPF_LSM_MAC, why_t, sizeof(why_t))) {
			if (needs_ima(h) && ima_probe(n, fn, ph->why, sizeof(ph->why)))
				return -ENOSYS;
			snprintf(ph->mech, sizeof(ph->mech), "lsm");
			return 0;
		}
		if (access(LSM_LIST, R_OK) == 0) {
			char *lsms = NULL;
			size_t len;

			if (!read_file(LSM_LIST, &lsms, &len) && !strstr(lsms, "bpf"))
				snprintf(why_t, sizeof(why_t),
					 "BPF-LSM is not active: %s has no 'bpf' (boot with lsm=...,bpf; CONFIG_BPF_LSM)",
					 LSM_LIST);
			free(lsms);
		}
		snprintf(ph->why, sizeof(ph->why), "%s", why_t);
		return -EOPNOTSUPP;
	}
	err = resolve(n, h, ph->symbol, sizeof(ph->symbol));
	if (err) {
		snprintf(ph->why, sizeof(ph->why), err == -ENOTSUP ?
			 "syscall hooks need the syscall wrapper prefix of this machine, which tpload does not know" :
			 "no function recorded for the hook");
		return -EOPNOTSUPP;
	}
	if (has_mech(h, "fentry") && (!force || strcmp(force, "kprobe") || !has_mech(h, "kprobe"))) {
		if (!tramp_probe(n, ph->symbol, entry_type(obj, h, "fentry"), why_t, sizeof(why_t)))
			pick = "fentry";
	}
	if (!pick && has_mech(h, "kprobe") &&
	    (!force || strcmp(force, "fentry") || !has_mech(h, "fentry"))) {
		if (!kprobe_probe(n, ph->symbol, override, why_k, sizeof(why_k)))
			pick = "kprobe";
	}
	if (pick) {
		snprintf(ph->mech, sizeof(ph->mech), "%s", pick);
		return 0;
	}
	/* ignore.callNotFound: a function this kernel does not have is skipped */
	if ((h->func_flags & TP_META_F_IGNORE) &&
	    mech_node_func_id(n, ph->symbol) <= 0 && !mech_node_has_sym(n, ph->symbol)) {
		ph->skipped = true;
		snprintf(ph->why, sizeof(ph->why), "%s is not in this kernel (ignore.callNotFound)",
			 ph->symbol);
		return 0;
	}
	snprintf(ph->why, sizeof(ph->why), "%s%s%s", why_t, *why_t && *why_k ? "; " : "", why_k);
	if (!*ph->why)
		snprintf(ph->why, sizeof(ph->why), "the object has no program for mechanism %s",
			 force);
	return -EOPNOTSUPP;
}

int mech_plan(struct bpf_object *obj, const struct tp_meta *m, const char *force,
	      struct tp_mech_plan *plan)
{
	struct mech_node n;
	struct utsname u;
	size_t i, j;
	int err = 0, e;

	memset(plan, 0, sizeof(*plan));
	mech_node_init(&n);
	if (force && !strcmp(force, "auto"))
		force = NULL;
	if (force && strcmp(force, "fentry") && strcmp(force, "kprobe")) {
		pr_warn("unknown mechanism '%s' (auto, fentry or kprobe)\n", force);
		return -EINVAL;
	}
	if (!uname(&u)) {
		if (!strcmp(u.machine, "x86_64"))
			snprintf(n.prefix, sizeof(n.prefix), "__x64_");
		else if (!strcmp(u.machine, "aarch64"))
			snprintf(n.prefix, sizeof(n.prefix), "__arm64_");
	}
	plan->hooks = calloc(m->nr_hooks ? m->nr_hooks : 1, sizeof(*plan->hooks));
	if (!plan->hooks)
		return -ENOMEM;
	for (i = 0; i < m->nr_hooks; i++) {
		const struct tp_meta_hook *h = &m->hooks[i];
		struct tp_mech_hook *ph;

		if (!h->nr_progs)
			continue;
		for (j = 0; j < h->nr_progs; j++)
			if (!bpf_object__find_program_by_name(obj, h->progs[j].name)) {
				pr_warn("the object has no program '%s' (hook %d in its .tpc.meta)\n",
					h->progs[j].name, h->id);
				err = -EINVAL;
				goto out;
			}
		ph = &plan->hooks[plan->nr_hooks++];
		e = plan_hook(&n, obj, h, force, ph);
		if (e == -ENOMEM) {
			err = e;
			goto out;
		}
		if (e == -ENOSYS) {	/* the mechanism works, a feature the hook needs does not */
			pr_warn("hook %d (%s %s at %s): this kernel lacks what the hook needs: %s\n",
				h->id, h->type ? h->type : "?", h->target ? h->target : "?",
				h->loc ? h->loc : "?", ph->why);
			err = -EOPNOTSUPP;
			continue;
		}
		if (e) {
			pr_warn("hook %d (%s %s at %s): no mechanism works on this kernel: %s\n", h->id,
				h->type ? h->type : "?", h->target ? h->target : "?",
				h->loc ? h->loc : "?", ph->why);
			err = -EOPNOTSUPP;
			continue;	/* report every hook that cannot load */
		}
		/* load only the chosen programs; trampolines get the node's function */
		for (j = 0; j < h->nr_progs; j++) {
			struct bpf_program *p = bpf_object__find_program_by_name(obj, h->progs[j].name);
			bool on = !ph->skipped && !strcmp(h->progs[j].mech, ph->mech);

			bpf_program__set_autoload(p, on);
			if (on && !strcmp(ph->mech, "fentry")) {
				e = bpf_program__set_attach_target(p, 0, ph->symbol);
				if (e) {
					pr_warn("cannot target %s with program %s: %s\n", ph->symbol,
						h->progs[j].name, strerror(-e));
					err = e;
					goto out;
				}
			}
		}
	}
out:
	mech_node_free(&n);
	if (err && err != -EOPNOTSUPP)
		mech_plan_free(plan);	/* -EOPNOTSUPP keeps what each hook lacks */
	return err;
}

void mech_plan_free(struct tp_mech_plan *plan)
{
	free(plan->hooks);
	plan->hooks = NULL;
	plan->nr_hooks = 0;
}

int mech_attach(const struct tp_mech_plan *plan, const struct tp_meta *m,
		struct bpf_program *prog, struct bpf_link **link)
{
	LIBBPF_OPTS(bpf_kprobe_opts, ko);
	const char *name = bpf_program__name(prog);
	size_t i, j;

	for (i = 0; plan && i < plan->nr_hooks; i++) {
		const struct tp_mech_hook *ph = &plan->hooks[i];
		const struct tp_meta_hook *h = meta_hook(m, ph->hook);

		if (!h || strcmp(ph->mech, "kprobe"))
			continue;
		for (j = 0; j < h->nr_progs; j++) {
			if (strcmp(h->progs[j].name, name))
				continue;
			ko.retprobe = h->progs[j].ret;
			*link = bpf_program__attach_kprobe_opts(prog, ph->symbol, &ko);
			return *link ? 0 : -errno;
		}
	}
	return 1;
}

int mech_plan_meta(const struct tp_mech_plan *plan, char **text)
{
	char *buf = NULL, enc[1024];
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -ENOMEM;
	for (i = 0; i < plan->nr_hooks; i++) {
		const struct tp_mech_hook *ph = &plan->hooks[i];

		if (ph->skipped) {
			if (tp_pct_encode(enc, sizeof(enc), ph->why))
				snprintf(enc, sizeof(enc), "-");
			fprintf(f, "skip %d %s\n", ph->hook, enc);
		} else {
			fprintf(f, "attach %d %s %s\n", ph->hook, ph->mech, ph->symbol);
		}
	}
	if (fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	*text = buf;
	return 0;
}
