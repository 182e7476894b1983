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
	const char *tracefs_dir;	/* --tracefs */
	const char *btf;		/* --btf */
	const char *snapshot;		/* --target-snapshot */
	const char *btf_modules[8];	/* --btf-module NAME=FILE (TARGET_MODULES_MAX) */
	size_t nr_btf_modules;		/* may exceed the array: target_options_check */
	const char *arch;		/* NULL: the snapshot's machine, else x86 */
	const char **arch_out;		/* if set: receives the arch the run used */
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

/* A target option (--btf, --tracefs, --target-snapshot) of compile/check into ro:
 * true if opt was one of them.
 */
bool target_option(struct run_opts *ro, int opt, const char *arg);
/* After option parsing: 0, or TPC_EXIT_USAGE (printed) for a bad combination. */
int target_options_check(const struct run_opts *ro);
/* getopt values of the target options: above every short option letter */
enum { OPT_TRACEFS = 0x100, OPT_BTF, OPT_TARGET_SNAPSHOT, OPT_BTF_MODULE };
#define TARGET_LONGOPTS								\
	{ "tracefs",		required_argument,	NULL, OPT_TRACEFS },		\
	{ "btf",		required_argument,	NULL, OPT_BTF },		\
	{ "target-snapshot",	required_argument,	NULL, OPT_TARGET_SNAPSHOT },	\
	{ "btf-module",		required_argument,	NULL, OPT_BTF_MODULE }
#define TARGET_USAGE								\
	"      --btf FILE         target kernel BTF (raw, or an ELF with .BTF); default:\n"	\
	"                         the running kernel's /sys/kernel/btf/vmlinux\n"		\
	"      --tracefs DIR      target tracefs events directory for tracepoint formats;\n"	\
	"                         default: /sys/kernel/tracing/events; its\n"			\
	"                         available_filter_functions (in DIR or next to it)\n"	\
	"                         for generated_ftrace lists\n"					\
	"      --target-snapshot FILE\n"							\
	"                         all of them, from a node's `tpload snapshot` file\n"	\
	"      --btf-module NAME=FILE\n"							\
	"                         BTF of kernel module NAME (btfTypeModule): raw split\n"	\
	"                         BTF (/sys/kernel/btf/NAME) or the module's .ko;\n"		\
	"                         repeatable; default: the snapshot's, else this machine's\n"

/* Parse, compile and write every policy of every input. Returns the exit code. */
int run_inputs(struct cli_env *env, const struct run_opts *ro, int nr_inputs, char **inputs);

#endif
