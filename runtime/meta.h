/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The .tpc.meta text of a policy object (docs/object-format.md): read from
 * the ELF with libelf, parsed into struct tp_meta. tpload appends its own
 * lines (digest, loaded, id) and stores the text in the pinned "meta" map.
 */
#ifndef TP_META_H
#define TP_META_H

#include <stdbool.h>
#include <stddef.h>

struct tp_meta_arg {
	char *type;		/* Tetragon type name ("int", "string", "fd", ...) */
	char *label;		/* decoded, may be "" */
};

/* A BPF program of a hook with mechanisms ("prog" line). */
struct tp_meta_prog {
	char *mech;		/* "fentry" | "kprobe" | "lsm" */
	bool ret;		/* the return program of a return probe */
	char *name;		/* BPF program name */
};

/* "func" line flags */
#define TP_META_F_SYSCALL	0x1	/* arch prefix added on the node */
#define TP_META_F_RETURN	0x2
#define TP_META_F_OVERRIDE	0x4
#define TP_META_F_IGNORE	0x8	/* ignore.callNotFound */

struct tp_meta_hook {
	int id;			/* tp_ev_hdr.hook_id */
	char *type;		/* tracepoint | raw_tp | kprobe | ... */
	char *target;		/* e.g. syscalls/sys_enter_openat */
	char *prog;		/* BPF program name */
	char *loc;		/* file:line:col in the YAML */
	char *message;		/* decoded, may be NULL */
	char **tags;		/* decoded */
	size_t nr_tags;
	struct tp_meta_arg *args;	/* in event order: i-th "arg" line = i-th tp_ev_arg */
	size_t nr_args;
	struct tp_meta_arg ret;		/* "return" line: ret.type NULL if none */
	char *func;			/* "func" line: kernel function / LSM hook, NULL: none */
	unsigned int func_flags;	/* TP_META_F_* */
	char *requires;			/* "requires" line other than send_signal, NULL: none */
	/* "selectors" line (return probes): counter rows 0..sel_entry-1 are the
	 * selectors' entry sides, the next sel_return their return sides; both 0
	 * when the object does not say (no return side, or an older tpc)
	 */
	size_t sel_entry, sel_return;
	struct tp_meta_prog *progs;	/* "prog" lines, in order */
	size_t nr_progs;
	/* what tpload decided at load ("attach" / "skip" lines of the pinned meta) */
	char *mech;			/* mechanism attached, NULL: none recorded */
	char *symbol;			/* the node's function it is attached to */
	char *skipped;			/* why the hook was not attached (ignore.callNotFound) */
};

struct tp_meta {
	int version;		/* "tpc-meta N" */
	char *policy;		/* all strings owned by the struct */
	char *kind;
	char *ns;
	char *source;
	char *compiler;
	char *digest;		/* "sha256:<hex>", appended by tpload */
	long long loaded;	/* unix time, appended by tpload */
	int id;			/* policy id, appended by tpload (0: none) */
	struct tp_meta_hook *hooks;
	size_t nr_hooks;
};

/* Copies the .tpc.meta section of the ELF image @buf into *text (malloc'ed,
 * NUL-terminated). 0; -ENOENT if the object has no such section (not
 * reported); -EINVAL if @buf is not an ELF file (reported).
 */
int meta_read_elf(const void *buf, size_t size, char **text, size_t *len);

/* Parses @text. Unknown line keys are ignored (forward compatibility).
 * 0, -EINVAL on a malformed known line (reported), -ENOMEM.
 */
int meta_parse(const char *text, struct tp_meta *m);
void meta_free(struct tp_meta *m);		/* NULL-safe, frees the members */
const struct tp_meta_hook *meta_hook(const struct tp_meta *m, int id);
/* The hook whose program (hook line or "prog" line) is named prog. */
const struct tp_meta_hook *meta_hook_by_prog(const struct tp_meta *m, const char *prog);

#endif
