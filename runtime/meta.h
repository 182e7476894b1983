/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The .tpc.meta text of a policy object (docs/object-format.md): read from
 * the ELF with libelf, parsed into struct tp_meta. tpload appends its own
 * lines (digest, loaded, id) and stores the text in the pinned "meta" map.
 */
#ifndef TP_META_H
#define TP_META_H

#include <stddef.h>

struct tp_meta_arg {
	char *type;		/* Tetragon type name ("int", "string", "fd", ...) */
	char *label;		/* decoded, may be "" */
};

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
const struct tp_meta_hook *meta_hook_by_prog(const struct tp_meta *m, const char *prog);

#endif
