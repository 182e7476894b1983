/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The target kernel: what tpc reads about the kernel it compiles for (its BTF, its
 * tracepoint formats, its ftrace function list) and where that came from. An explicit input, never the build
 * machine by accident: the running kernel by default (/sys/kernel/btf/vmlinux,
 * /sys/kernel/tracing/events), files (--btf FILE, --tracefs DIR), or one snapshot of a
 * node (--target-snapshot FILE, written by `tpload snapshot`). A missing input is an
 * error that names the option; what a policy used is recorded in its object's
 * .tpc.meta ("target" lines) and in `-j` output.
 *
 * Inputs are read on first use and kept for the whole run (one struct target serves
 * every policy of a tpc run).
 */
#ifndef TPC_TARGET_H
#define TPC_TARGET_H

#include <stdbool.h>
#include <stddef.h>

struct btf;
struct tf_format;
struct tp_arena;

struct target_opts {
	const char *btf;		/* --btf FILE (raw BTF or an ELF with .BTF); NULL: not given */
	const char *tracefs;		/* --tracefs DIR: an events directory; NULL: not given */
	const char *snapshot;		/* --target-snapshot FILE: both; excludes btf/tracefs */
	const char *const *btf_modules;	/* --btf-module NAME=FILE, each (module BTF, split
					 * on the kernel's) */
	size_t nr_btf_modules;
	/* the running kernel's inputs (unit tests point them elsewhere); NULL: defaults */
	const char *live_btf;		/* TP_LIVE_BTF */
	const char *live_tracefs;	/* TP_LIVE_TRACEFS, then TP_LIVE_TRACEFS_OLD */
};

enum target_input_kind {
	TARGET_BTF,
	TARGET_TRACEFS,
	TARGET_FUNCTIONS,	/* available_filter_functions (generated_ftrace lists) */
	__TARGET_INPUT_CNT,
};

struct target;

/* A target with opts (strings borrowed: they must outlive it). A snapshot is read
 * here. 0; -ENOMEM; -errno/-EINVAL if the snapshot cannot be used: *why (a message
 * naming the option) is set and *out is still a usable target that has no inputs.
 */
int target_new(const struct target_opts *opts, struct target **out, char *why, size_t why_sz);
void target_free(struct target *t);		/* NULL-safe */

/* The kernel BTF, parsed once (owned by t). 0; -ENODATA if there is none or it is
 * unusable (*why names the option to pass); -ENOMEM.
 */
int target_btf(struct target *t, const struct btf **btf, const char **why);

/* The format of tracepoint subsys/event, parsed into arena memory, and the sha256 of
 * its text (lowercase hex). 0; -ENODATA if there is no tracefs at all (*why names the
 * option); -ENOENT if the tracepoint is not in it; -EINVAL if the format is malformed;
 * -ENOMEM.
 */
int target_format(struct target *t, const char *subsys, const char *event, struct tp_arena *arena,
		  struct tf_format *out, char sha256[65], const char **why);

/* The target's available_filter_functions, read once (owned by t, NUL-terminated):
 * from a snapshot's tracefs/available_filter_functions, from --tracefs DIR (DIR/
 * available_filter_functions, or DIR/../available_filter_functions when DIR is an
 * "events" directory), else the running kernel's tracefs. 0; -ENODATA if there is none
 * or it cannot be read (*why names the option); -ENOMEM.
 */
int target_functions(struct target *t, const char **text, size_t *len, const char **why);
const char *target_functions_sha256(const struct target *t);

/* Module BTFs a run may read (--btf-module, at most this many) */
#define TARGET_MODULES_MAX	8

/* The BTF of kernel module @name (split on the kernel BTF; owned by t), read once:
 * --btf-module NAME=FILE, else the snapshot's btf/<name>, else (no --btf, no
 * snapshot) the running kernel's /sys/kernel/btf/<name>. *origin and *sha256 are what
 * the object records. 0; -ENODATA if there is none (*why names the options); -ENOMEM.
 */
/* Is s a kernel module's name ([A-Za-z0-9_-], 1-55 bytes)? */
bool target_module_name_ok(const char *s);
int target_module_btf(struct target *t, const char *name, const struct btf **btf,
		      const char **origin, const char **sha256, const char **why);

/* Where input kind k comes from, for messages: "tests/golden/tracefs",
 * "/sys/kernel/tracing/events", "snapshot node1.snap" (NULL if not known yet).
 */
const char *target_where(const struct target *t, enum target_input_kind k);
/* What an object records for kind k once it was read (tp_snapshot.h tp_origin());
 * and for BTF its sha256. NULL if k was not read.
 */
const char *target_origin(const struct target *t, enum target_input_kind k);
const char *target_btf_sha256(const struct target *t);

/* The whole configuration, for `-j` output. */
struct target_info {
	const char *btf;		/* file read or to read (path), NULL: none */
	const char *tracefs;		/* events directory, NULL: none */
	const char *snapshot;		/* path as given, NULL: none */
	const char *snapshot_sha256;
	const char *kernel;		/* release recorded in the snapshot */
	const char *machine;		/* uname -m recorded in the snapshot */
};
void target_get_info(const struct target *t, struct target_info *info);

#endif
