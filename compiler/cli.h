/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* tpc command line: global options, the command table, exit codes. */
#ifndef TPC_CLI_H
#define TPC_CLI_H

#include <stdbool.h>

enum tpc_exit {
	TPC_EXIT_OK	= 0,	/* success; warnings allowed */
	TPC_EXIT_POLICY	= 1,	/* the policy has errors; diagnostics were printed */
	TPC_EXIT_USAGE	= 2,	/* bad command line */
	TPC_EXIT_TOOL	= 3,	/* environment: I/O, out of memory, missing tracefs */
	TPC_EXIT_BUG	= 4,	/* internal error (IR verifier, emitter, clang on generated C) */
};

/* All per-run state; no globals. */
struct cli_env {
	const char *prog;	/* argv[0] */
	bool json;		/* -j: one JSON document on stdout */
	bool pretty;		/* -p */
	int verbose;		/* -v, repeatable */
};

int cmd_compile(struct cli_env *env, int argc, char **argv);
int cmd_check(struct cli_env *env, int argc, char **argv);
int cmd_version(struct cli_env *env, int argc, char **argv);
int cmd_bundle(struct cli_env *env, int argc, char **argv);
int cmd_sign(struct cli_env *env, int argc, char **argv);

/* err (0 / -errno) + diagnostics -> exit code (style: only main/cmd_* do this). */
int cli_exit_code(int err, unsigned int diag_errors);

#endif
