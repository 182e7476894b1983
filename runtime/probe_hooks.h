/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Does this node have a policy's hooks, and the kernel inputs it was built
 * against? For `tpload probe` (docs/tpload.md "probe"):
 *   tracepoint         <tracefs>/events/<subsys>/<event>
 *   raw_tp, tp_btf     BTF typedef btf_trace_<event>, else the tracefs event
 *   kprobe, kretprobe,
 *   fentry, fexit      the function in the kernel's BTF or /proc/kallsyms (a
 *                      syscall "sys_X" also as <arch prefix>sys_X)
 *   lsm                BTF function bpf_lsm_<hook>
 * and the `target btf|tracefs` digests of .tpc.meta against this kernel
 * (the BTF's sha256; the formats' digest computed as tpc does).
 * Library code: no output; answers carry their reason.
 */
#ifndef TP_PROBE_HOOKS_H
#define TP_PROBE_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

struct btf;

/* What was read about the node, lazily, once. */
struct tp_node {
	const char *btf_path;		/* --btf, or NULL: /sys/kernel/btf/vmlinux */
	struct btf *btf;
	bool btf_done;
	char btf_sha256[65];		/* "" if unread */
	bool btf_sha_done;
	char tracefs[64];		/* tracefs root ("" if none) */
	bool tracefs_done;
	char **syms;			/* sorted function symbols (text, weak) of /proc/kallsyms */
	size_t nr_syms;
	char *sym_buf;
	bool syms_done;
};

enum tp_hook_state {
	TP_HOOK_PRESENT,
	TP_HOOK_MISSING,
	TP_HOOK_UNKNOWN,		/* cannot tell here (no tracefs, unknown kind) */
};

/* Hook @type (a hook kind: tracepoint, raw_tp, ...) on @target. @why says
 * where it was found or what is missing.
 */
enum tp_hook_state tpnode_hook(struct tp_node *n, const char *type, const char *target, char *why,
			     size_t size);
/* The tracefs root (/sys/kernel/tracing or /sys/kernel/debug/tracing), NULL if none. */
const char *tpnode_tracefs(struct tp_node *n);
/* The kernel BTF, NULL if none. */
struct btf *tpnode_btf(struct tp_node *n);
/* sha256 of the raw kernel BTF, "" if unreadable. */
const char *tpnode_btf_sha256(struct tp_node *n);
/* The digest tpc records for tracefs (docs/object-format.md) over the
 * formats @names ("subsys/event", any order) on this node, into @out.
 * 0; -ENOENT (a format is missing: its name in @why), other -errno.
 */
int tpnode_formats_sha256(struct tp_node *n, const char *const *names, size_t nr, char out[65],
			char *why, size_t size);
void tpnode_free(struct tp_node *n);

#endif
