/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The input loop shared by `tpc compile` and `tpc check`. */
#ifndef TPC_CMD_COMMON_H
#define TPC_CMD_COMMON_H

#include <stdbool.h>

struct cli_env;

struct run_opts {
	const char *command;		/* "compile" | "check" */
	const char *output;		/* -o */
	const char *tracefs_dir;
	const char *arch;
	const char *dump_after;
	bool emit_c;
	bool check_only;
};

/* Parse, compile and write every policy of every input. Returns the exit code. */
int run_inputs(struct cli_env *env, const struct run_opts *ro, int nr_inputs, char **inputs);

#endif
