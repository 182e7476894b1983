/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Mechanisms: how each hook on a kernel function is attached on this node
 * (docs/object-format.md "Mechanisms"). An object carries the programs of every
 * mechanism a hook may use ("prog" lines of .tpc.meta: BPF trampolines "fentry",
 * kprobes "kprobe", BPF-LSM "lsm"); before load, tpload resolves the node's symbol
 * (syscall arch prefix), probes what the kernel supports for that function, picks
 * one mechanism per hook, loads only its programs and attaches them. A hook no
 * mechanism works for fails the whole load, naming the hook and what is missing.
 */
#ifndef TP_MECH_H
#define TP_MECH_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_object;
struct bpf_program;
struct tp_meta;

/* What tpload decided for one hook. */
struct tp_mech_hook {
	int hook;
	char mech[16];		/* "fentry" | "kprobe" | "lsm"; "" if skipped */
	char symbol[160];	/* the node's function */
	bool skipped;		/* ignore.callNotFound and the function is not here */
	char why[640];		/* skipped: why; failed: what each mechanism lacks */
};

struct tp_mech_plan {
	struct tp_mech_hook *hooks;
	size_t nr_hooks;
};

/* Pick the mechanism of every hook with "prog" lines in m, for the running kernel:
 * force NULL/"auto" (trampolines where they work, else kprobes), "fentry" or
 * "kprobe" (that one or fail). Disables the other programs (autoload) and sets the
 * attach targets of trampoline programs. 0; -EOPNOTSUPP (a hook has no usable
 * mechanism: reported, naming it); -EINVAL (bad force, malformed meta: reported);
 * -ENOMEM.
 */
int mech_plan(struct bpf_object *obj, const struct tp_meta *m, const char *force,
	      struct tp_mech_plan *plan);
void mech_plan_free(struct tp_mech_plan *plan);

/* Attach prog if its hook's mechanism needs tpload to (kprobes: by symbol).
 * *link is set and 0 returned; 1 if prog is not one of those (attach it the usual
 * way); -errno on failure (not reported).
 */
struct bpf_link;
int mech_attach(const struct tp_mech_plan *plan, const struct tp_meta *m,
		struct bpf_program *prog, struct bpf_link **link);

/* The lines tpload adds to the pinned meta ("attach <hook> <mech> <symbol>",
 * "skip <hook> <why>"), malloc'ed into *text. 0 or -ENOMEM.
 */
int mech_plan_meta(const struct tp_mech_plan *plan, char **text);

#endif
