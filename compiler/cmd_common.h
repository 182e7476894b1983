/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The input loop shared by `tpc compile` and `tpc check`. */
#ifndef TPC_CMD_COMMON_H
#define TPC_CMD_COMMON_H

#include <stdbool.h>
#include <stddef.h>

struct cli_env;
struct json_writer;

struct run_opts {
	const char *command;		/* "compile" | "check" */
	const char *output;		/* -o */
	const char *tracefs_dir;
	const char *arch;
	const char *dump_after;
	bool emit_c;
	bool check_only;
	const char *format;		/* --format: NULL/"text", "sarif", "github" ("json" = -j) */
	/* tpc bundle: objects go to obj_sink (in run order) instead of files;
	 * after every compile, finish() runs (unless a policy failed) and may
	 * return an error (-errno, reported by it); json_extra() adds fields to
	 * the JSON document. All three get sink_ctx.
	 */
	int (*obj_sink)(void *ctx, const char *policy, const char *file, const void *obj,
			size_t len);
	int (*finish)(void *ctx);
	void (*json_extra)(void *ctx, struct json_writer *jw);
	void *sink_ctx;
};

/* Parse, compile and write every policy of every input. Returns the exit code. */
int run_inputs(struct cli_env *env, const struct run_opts *ro, int nr_inputs, char **inputs);

#endif
