// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpc compile: policies -> BPF objects (or generated C). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_common.h"
#include "pass.h"

static void compile_usage(FILE *f)
{
	fprintf(f,
		"Usage: tpc [-j] compile [OPTIONS] FILE...\n"
		"\n"
		"Compile every policy (YAML document) of every FILE into one CO-RE BPF\n"
		"object each. The object is byte-identical for the same input, target\n"
		"kernel inputs and tpc version, whatever the working directory.\n"
		"\n"
		"Options:\n"
		"  -o, --output PATH      object path (one policy), or a directory: PATH/<policy>.bpf.o\n"
		"                         (default: ./<policy>.bpf.o)\n"
		"      --emit-c           write the generated C (with YAML source-location comments)\n"
		"                         instead of the object; to stdout without -o\n"
		TARGET_USAGE
		"      --arch ARCH        x86 or arm64 (default: the snapshot's machine, else x86)\n"
		"      --dump-ir-after P  print the IR after pass P (lower, choose-strategies,\n"
		"                         order-filters, layout, assign-names, all) to stderr\n"
		"  -h, --help             this text\n");
}

int cmd_compile(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output",		required_argument,	NULL, 'o' },
		{ "emit-c",		no_argument,		NULL, 'c' },
		TARGET_LONGOPTS,
		{ "arch",		required_argument,	NULL, 'a' },
		{ "dump-ir-after",	required_argument,	NULL, 'd' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts ro = { .command = "compile" };
	int c;

	optind = 0;	/* 0: full getopt re-init (main parsed with "+") */
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (target_option(&ro, c, optarg))
			continue;
		switch (c) {
		case 'o':
			ro.output = optarg;
			break;
		case 'c':
			ro.emit_c = true;
			break;
		case 'a':
			if (strcmp(optarg, "x86") && strcmp(optarg, "arm64")) {
				fprintf(stderr, "tpc: --arch must be x86 or arm64\n");
				return TPC_EXIT_USAGE;
			}
			ro.arch = optarg;
			break;
		case 'd':
			if (!pipeline_has_pass(optarg)) {
				fprintf(stderr, "tpc: unknown pass '%s'\n", optarg);
				return TPC_EXIT_USAGE;
			}
			ro.dump_after = optarg;
			break;
		case 'h':
			compile_usage(stdout);
			return TPC_EXIT_OK;
		default:
			compile_usage(stderr);
			return TPC_EXIT_USAGE;
		}
	}
	if (target_options_check(&ro))
		return TPC_EXIT_USAGE;
	if (optind >= argc) {
		fprintf(stderr, "tpc compile: no input files\n");
		compile_usage(stderr);
		return TPC_EXIT_USAGE;
	}
	return run_inputs(env, &ro, argc - optind, argv + optind);
}
