/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The loader's public API: one policy object ("bundle") taken through
 * libbpf's lifecycle open -> configure -> load -> attach -> pin
 * (docs/object-format.md is the contract with tpc).
 *
 * Library code: reports each failure once (log.h) where it has the context,
 * returns 0 or a negative errno, never exits.
 */
#ifndef TP_BUNDLE_H
#define TP_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "meta.h"

struct tp_bundle;
struct tp_mech_plan;

struct tp_bundle_opts {
	size_t sz;			/* = sizeof(struct tp_bundle_opts) */
	const char *pin_root;		/* default TP_PIN_ROOT; core maps are reused
					 * from <pin_root>/core/maps by pin name
					 */
	const char *name;		/* policy name; overrides .tpc.meta's, and is
					 * required for objects without .tpc.meta
					 */
	const char *btf_custom_path;	/* for kernels without /sys/kernel/btf/vmlinux */
	const char *cgroup_path;	/* attach point of cgroup programs */
	size_t log_size;		/* verifier log buffer (default 16 MiB) */
	const char *mechanism;		/* hooks on kernel functions: NULL/"auto", "fentry"
					 * or "kprobe" (mech.h) */
	size_t :0;
};
#define tp_bundle_opts__last_field mechanism

/**
 * @brief **tp_bundle__open()** reads the object file, its .tpc.meta and
 * sha256, and opens it with libbpf (not loaded yet).
 * @return the bundle, or NULL with errno set (-EINVAL: bad object or meta,
 * or no name; already reported)
 */
struct tp_bundle *tp_bundle__open(const char *obj_path, const struct tp_bundle_opts *opts);

/**
 * @brief **tp_bundle__open_mem()** is tp_bundle__open() for an object image
 * in memory (a verified bundle's bytes, pkg.h); the image is copied. @label
 * names the object in messages ("bundle.tar:objects/x.bpf.o").
 * @return the bundle, or NULL with errno set (as tp_bundle__open())
 */
struct tp_bundle *tp_bundle__open_mem(const void *image, size_t size, const char *label,
				      const struct tp_bundle_opts *opts);

/** @brief Policy name (borrowed). */
const char *tp_bundle__name(const struct tp_bundle *b);
/** @brief sha256 of the object, hex (borrowed). */
const char *tp_bundle__digest(const struct tp_bundle *b);
/** @brief The id given with tp_bundle__set_policy_id() (0 before). */
unsigned int tp_bundle__id(const struct tp_bundle *b);
/** @brief Parsed metadata (synthesized for objects without .tpc.meta). */
const struct tp_meta *tp_bundle__meta(const struct tp_bundle *b);

/**
 * @brief **tp_bundle__set_policy_id()** sets rodata tp_policy_id (if the
 * object has it) and the id recorded in the pinned meta. Before load.
 * @return 0, or negative errno
 */
int tp_bundle__set_policy_id(struct tp_bundle *b, unsigned int id);

/**
 * @brief **tp_bundle__load()** loads maps and programs. On a verifier
 * rejection reports the program, its YAML location and the tail of the
 * verifier log, and tp_bundle__rejected() becomes true.
 * @return 0, or negative errno
 */
int tp_bundle__load(struct tp_bundle *b);
bool tp_bundle__rejected(const struct tp_bundle *b);
/** @brief After a rejection: the program's name and the whole verifier log
 * (borrowed, valid until close); NULL otherwise.
 */
const char *tp_bundle__rejected_prog(const struct tp_bundle *b);
const char *tp_bundle__verifier_log(const struct tp_bundle *b);

/** @brief After load: the mechanism chosen per hook (mech.h), borrowed. */
const struct tp_mech_plan *tp_bundle__mech_plan(const struct tp_bundle *b);

/**
 * @brief **tp_bundle__attach()** attaches every program with
 * bpf_program__attach() (cgroup programs to opts.cgroup_path; kprobe programs
 * to the node's function their hook resolved to).
 * @return 0, or negative errno (-ENOENT: the hook does not exist)
 */
int tp_bundle__attach(struct tp_bundle *b);

/**
 * @brief **tp_bundle__pin()** pins links under @dir/links/<prog>,
 * policy-owned maps under @dir/maps/<map> and the meta map at @dir/meta.
 * All or nothing: on failure @dir is removed again.
 * @return 0, or negative errno
 */
int tp_bundle__pin(struct tp_bundle *b, const char *dir);

/** @brief Removes what tp_bundle__pin() created. Idempotent. */
int tp_bundle__unpin(struct tp_bundle *b);

/** @brief Frees the bundle; NULL-safe. Does not unpin: pinned links stay
 * attached, unpinned ones are detached.
 */
void tp_bundle__close(struct tp_bundle *b);

/* Largest text a pinned text map holds (meta, the applied-bundle record). */
#define TP_TEXT_MAP_MAX		(1u << 20)
/* Pins a frozen one-entry array map named @map_name holding @text (NUL
 * terminated, padded to 8 bytes) at @path. 0 or -errno (not reported).
 */
int tp_text_map_pin(const char *path, const char *map_name, const char *text);
/* The pinned meta map of a loaded policy: reads its text (malloc'ed). */
int tp_meta_map_read(const char *path, char **text);

#endif
