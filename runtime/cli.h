/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* tpload command line: global options, exit codes, subcommands. */
#ifndef TP_CLI_H
#define TP_CLI_H

#include <stdbool.h>

#include "json_writer.h"

enum tpload_exit {
	TPLOAD_EXIT_OK		= 0,	/* success */
	TPLOAD_EXIT_POLICY	= 1,	/* load/verifier rejection, policy problem */
	TPLOAD_EXIT_USAGE	= 2,	/* bad command line */
	TPLOAD_EXIT_ENV		= 3,	/* environment: no bpffs, EPERM, no BTF, missing hook, I/O */
	TPLOAD_EXIT_BUG		= 4,	/* internal error */
};

/* All per-run state (no globals). */
struct cli_env {
	bool json;
	bool pretty;
	int verbose;
	const char *root;		/* pin root, default TP_PIN_ROOT */
	const char *btf;		/* --btf: custom kernel BTF */
	const char *prog;		/* argv[0] */
};

int cmd_load(struct cli_env *env, int argc, char **argv);
int cmd_unload(struct cli_env *env, int argc, char **argv);
int cmd_list(struct cli_env *env, int argc, char **argv);
int cmd_events(struct cli_env *env, int argc, char **argv);
int cmd_verify(struct cli_env *env, int argc, char **argv);
int cmd_snapshot(struct cli_env *env, int argc, char **argv);
int cmd_stats(struct cli_env *env, int argc, char **argv);
int cmd_apply(struct cli_env *env, int argc, char **argv);
int cmd_probe(struct cli_env *env, int argc, char **argv);

/* -errno -> exit code for failures that are not a policy problem:
 * -EFAULT -> 4, anything else -> 3 ("out of memory" printed for -ENOMEM).
 */
int cli_exit_env(int err);
/* Exit code of a failed tp_bundle__load() (docs/tpload.md EXIT STATUS):
 * a verifier rejection or an object libbpf refuses (bad ELF/BTF, failed
 * relocation, unknown program type: -EINVAL, -ENOENT, -ESRCH, -E2BIG,
 * -LIBBPF_ERRNO__*) -> 1; privileges (-EPERM, -EACCES without a verifier
 * log), resources (-ENOMEM, -EMFILE, -ENFILE, -EBUSY, -EAGAIN), I/O (-EIO)
 * and a kernel without the feature (-EOPNOTSUPP) -> 3; -EFAULT -> 4.
 */
int cli_exit_load(int err, bool rejected);
struct tp_root;
/* Repairs root_repair() made: one "tpload: repaired: ..." line each on
 * stderr (text mode), or a "repaired" array (JSON).
 */
void cli_print_repairs(const struct tp_root *r);
void cli_json_repairs(struct json_writer *w, const struct tp_root *r);
struct tp_bundle;
/* After a verifier rejection of @b: "rejected": {"program", "hook",
 * "location", "verifier_log": [the last 30 lines]}; nothing otherwise.
 */
void cli_json_rejection(struct json_writer *w, const struct tp_bundle *b);
/* tpload list: the applied-bundle record of @r ("applied": {...} | null). */
void cli_show_applied(struct json_writer *w, const struct tp_root *r);
/* A JSON writer on stdout in JSON mode, else NULL. */
struct json_writer *cli_json(const struct cli_env *env);
/* Ends a JSON result: "ok", "errors" (kept warnings), closes the object. */
void cli_json_finish(struct json_writer **w, bool ok);

#endif
