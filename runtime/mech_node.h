/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What this node offers for hooks on kernel functions, found out lazily and at
 * most once per tpload run (mech.c decides with it): the vmlinux BTF and an index
 * of its functions, the function symbols (text, weak) of /proc/kallsyms, the functions ftrace can
 * trace (available_filter_functions), the error-injection list, kprobes,
 * bpf_override_return, and which trampoline attach types were seen to attach.
 * Lookups are binary searches in arrays sorted once, so a 400-hook object costs
 * a few passes over these tables, not one per hook.
 */
#ifndef TP_MECH_NODE_H
#define TP_MECH_NODE_H

#include <stdbool.h>
#include <stddef.h>

struct btf;

/* A sorted set of names pointing into buf. */
struct mech_names {
	char **names;
	size_t nr;
	char *buf;
	bool done;	/* read (names NULL: could not be read) */
};

struct mech_func {
	const char *name;	/* in the BTF's string section */
	int id;
};

enum mech_tramp {
	MECH_TRAMP_FENTRY,	/* fentry/fexit */
	MECH_TRAMP_FMOD_RET,
	MECH_TRAMP_LSM,
	MECH_TRAMP_NR,
};

struct mech_node {
	struct btf *btf;		/* vmlinux BTF, NULL if none */
	bool btf_done;
	struct mech_func *funcs;	/* BTF_KIND_FUNC of btf, sorted by name */
	size_t nr_funcs;
	bool funcs_done;
	int kprobes;			/* -1: not probed yet, 0/1 */
	int override;			/* bpf_override_return: -1/0/1 */
	struct mech_names syms;		/* function symbols (text, weak) of /proc/kallsyms */
	struct mech_names ftrace;	/* available_filter_functions */
	char *errinj;			/* the error-injection list, NULL: unreadable */
	bool errinj_done;
	char prefix[16];		/* syscall wrapper prefix: "__x64_", "__arm64_" */
	bool attached[MECH_TRAMP_NR];	/* a program of that type attached in this run */
};

void mech_node_init(struct mech_node *n);
void mech_node_free(struct mech_node *n);
struct btf *mech_node_btf(struct mech_node *n);
/* The BTF id of kernel function name: > 0, or -ENOENT (no BTF, no such function). */
int mech_node_func_id(struct mech_node *n, const char *name);
/* Function id's prototype is plain: at most 6 parameters, each (and the
 * return value) void, an integer, an enum or a pointer: a trampoline takes such
 * a function the same way on every architecture that has trampolines.
 */
bool mech_node_func_plain(struct mech_node *n, int id);
/* /proc/kallsyms readable: 0 or -errno. */
int mech_node_syms(struct mech_node *n);
bool mech_node_has_sym(struct mech_node *n, const char *name);
/* Can ftrace trace name (a BPF trampoline then attaches like on any other
 * function)? 1 yes, 0 no, -1 unknown (no tracefs).
 */
int mech_node_ftrace_has(struct mech_node *n, const char *name);
/* Is func on the error-injection list? 1 yes, 0 no, -1 unknown (no debugfs). */
int mech_node_errinj(struct mech_node *n, const char *func);
bool mech_node_kprobes(struct mech_node *n);
/* bpf_override_return exists (CONFIG_BPF_KPROBE_OVERRIDE). */
bool mech_node_override(struct mech_node *n);

#endif
