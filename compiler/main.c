// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpc: compile Tetragon TracingPolicy YAML into specialized eBPF objects.
 * main only parses global options and dispatches (bpftool's shape).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"

#ifndef TPC_VERSION
#define TPC_VERSION "dev"
#endif

static const struct cmd {
	const char *name;
	int (*fn)(struct cli_env *env, int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "compile",	cmd_compile,	"compile policies into BPF objects (or C with --emit-c)" },
	{ "check",	cmd_check,	"validate policies only; exit 0 if valid, 1 if not" },
	{ "bundle",	cmd_bundle,	"compile every policy of a repository into one bundle" },
	{ "sign",	cmd_sign,	"sign a bundle with a minisign key" },
	{ "version",	cmd_version,	"print version, template ABI and features" },
};

static void usage(FILE *f, const char *prog)
{
	size_t i;

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGS...]\n"
		"\n"
		"Compile Tetragon TracingPolicy YAML (cilium.io/v1alpha1) into specialized,\n"
		"CO-RE eBPF objects that tpload loads and pins with no agent.\n"
		"\n"
		"Commands:\n", prog);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f,
		"  help       this text (also: COMMAND --help)\n"
		"\n"
		"Options:\n"
		"  -j, --json      one JSON document on stdout (diagnostics included)\n"
		"  -p, --pretty    pretty JSON (implies --json)\n"
		"  -v, --verbose   more tool output on stderr (repeat for debug)\n"
		"  -V, --version   same as the version command\n"
		"  -h, --help      this text\n"
		"\n"
		"Exit status: 0 ok (warnings allowed), 1 policy errors, 2 usage,\n"
		"3 environment (I/O, out of memory, no tracefs), 4 internal error.\n"
		"\n"
		"Examples:\n"
		"  %s compile policies/examples/block-etc-writes.yaml -o out/block-etc-writes.bpf.o\n"
		"  %s check --json policies/*.yaml\n"
		"  %s compile --emit-c policies/examples/block-etc-writes.yaml\n"
		"  %s bundle -o policies.tar policies/\n", prog, prog, prog, prog);
}

int cli_exit_code(int err, unsigned int diag_errors)
{
	if (err == -EFAULT)
		return TPC_EXIT_BUG;
	if (err == -ENOMEM) {
		fprintf(stderr, "tpc: out of memory\n");
		return TPC_EXIT_TOOL;
	}
	if (err && err != -EINVAL)
		return TPC_EXIT_TOOL;
	if (diag_errors || err == -EINVAL)
		return TPC_EXIT_POLICY;
	return TPC_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "pretty",	no_argument,	NULL, 'p' },
		{ "verbose",	no_argument,	NULL, 'v' },
		{ "version",	no_argument,	NULL, 'V' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_env env = { .prog = "tpc" };
	const struct cmd *match = NULL;
	size_t i, len;
	int c;

	while ((c = getopt_long(argc, argv, "+jpvVh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			env.json = true;
			break;
		case 'p':
			env.json = env.pretty = true;
			break;
		case 'v':
			env.verbose++;
			break;
		case 'V':
			return cmd_version(&env, 0, NULL);
		case 'h':
			usage(stdout, env.prog);
			return TPC_EXIT_OK;
		default:
			usage(stderr, env.prog);
			return TPC_EXIT_USAGE;
		}
	}
	log_set_level(env.verbose >= 2 ? LOG_DEBUG : env.verbose ? LOG_INFO : LOG_WARN);
	if (optind >= argc) {
		usage(stderr, env.prog);
		return TPC_EXIT_USAGE;
	}
	if (strcmp(argv[optind], "help") == 0) {
		usage(stdout, env.prog);
		return TPC_EXIT_OK;
	}
	/* exact name, or an unambiguous prefix */
	len = strlen(argv[optind]);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmds[i].name, argv[optind]) == 0) {
			match = &cmds[i];
			break;
		}
		if (strncmp(cmds[i].name, argv[optind], len) == 0) {
			if (match) {
				fprintf(stderr, "tpc: ambiguous command '%s'\n", argv[optind]);
				return TPC_EXIT_USAGE;
			}
			match = &cmds[i];
		}
	}
	if (!match) {
		fprintf(stderr, "tpc: unknown command '%s' (try 'tpc help')\n", argv[optind]);
		return TPC_EXIT_USAGE;
	}
	optind++;
	return match->fn(&env, argc - optind + 1, argv + optind - 1);
}
