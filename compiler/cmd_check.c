// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpc check: validate policies (parse, schema, semantics, lowering), no compile. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_common.h"
#include "pass.h"

static void check_usage(FILE *f)
{
	fprintf(f,
		"Usage: tpc [-j] check [OPTIONS] FILE...\n"
		"\n"
		"Validate every policy of every FILE exactly as compile would (CRD schema,\n"
		"Tetragon's rules, the target kernel's tracepoint formats and BTF, operators\n"
		"and values), without building objects. Every problem of the run is reported\n"
		"as file:line:col: error: message [code]. Exit 0 if all policies are valid,\n"
		"1 if any is not, 3 if a kernel input is missing.\n"
		"\n"
		"Options:\n"
		TARGET_USAGE
		"      --dump-ir-after P  print the IR after pass P to stderr\n"
		"      --format F         diagnostics as text (default, stderr), json (= -j),\n"
		"                         sarif (SARIF 2.1.0 on stdout, for code scanning) or\n"
		"                         github (GitHub Actions annotations on stdout)\n"
		"  -h, --help             this text\n");
}

int cmd_check(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		TARGET_LONGOPTS,
		{ "dump-ir-after",	required_argument,	NULL, 'd' },
		{ "format",		required_argument,	NULL, 'f' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts ro = { .command = "check", .check_only = true };
	int c;

	optind = 0;	/* 0: full getopt re-init (main parsed with "+") */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (target_option(&ro, c, optarg))
			continue;
		switch (c) {
		case 'd':
			if (!pipeline_has_pass(optarg)) {
				fprintf(stderr, "tpc: unknown pass '%s'\n", optarg);
				return TPC_EXIT_USAGE;
			}
			ro.dump_after = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0) {
				env->json = true;
			} else if (strcmp(optarg, "sarif") && strcmp(optarg, "github") &&
				   strcmp(optarg, "text")) {
				fprintf(stderr, "tpc check: --format must be text, json, sarif or github\n");
				return TPC_EXIT_USAGE;
			}
			ro.format = optarg;
			break;
		case 'h':
			check_usage(stdout);
			return TPC_EXIT_OK;
		default:
			check_usage(stderr);
			return TPC_EXIT_USAGE;
		}
	}
	if (target_options_check(&ro))
		return TPC_EXIT_USAGE;
	if (optind >= argc) {
		fprintf(stderr, "tpc check: no input files\n");
		check_usage(stderr);
		return TPC_EXIT_USAGE;
	}
	return run_inputs(env, &ro, argc - optind, argv + optind);
}
