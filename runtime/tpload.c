// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload: loads tpc policy objects, pins them into bpffs and exits.
 * main only parses global options and dispatches (docs/tpload.md).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tp_abi.h"
#include "cli.h"
#include "log.h"

static const struct cmd {
	const char *name;
	int (*fn)(struct cli_env *env, int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "load", cmd_load, "load OBJ [--name NAME] [--replace] [--cgroup PATH]   load, attach, pin a policy" },
	{ "unload", cmd_unload, "unload NAME... | --all                              remove policies (and the core)" },
	{ "list", cmd_list, "list                                                show the core and loaded policies" },
	{ "events", cmd_events, "events [--follow] [--count N] [--timeout SEC]       print events (Tetragon JSON with -j)" },
	{ "stats", cmd_stats, "stats [POLICY...]                                   counters of the core and the policies" },
	{ "apply", cmd_apply, "apply [--dry-run] [--require-signature] [-K DIR] BUNDLE   the loaded set := a bundle's, no gap" },
	{ "probe", cmd_probe, "probe [-K DIR] [OBJ|BUNDLE]                         is this node ready (exit 0, or 3 not ready)" },
	{ "verify", cmd_verify, "verify [--trust-dir DIR] [--require-signature] BUNDLE   check a bundle's signature and digests" },
	{ "snapshot", cmd_snapshot, "snapshot [--tracefs DIR] FILE                       this kernel's BTF + formats, for tpc --target-snapshot" },
};

static void usage(FILE *f, const char *prog)
{
	size_t i;

	fprintf(f,
		"Usage: %s [OPTIONS] COMMAND [ARGS]\n"
		"Load tpc policy objects into the kernel, pin them under bpffs and exit.\n\n"
		"Commands:\n", prog);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %s\n", cmds[i].help);
	fprintf(f,
		"\nOptions:\n"
		"  -j, --json        one JSON document on stdout (events: one object per line)\n"
		"  -p, --pretty      indented JSON (implies -j)\n"
		"  -v, --verbose     more logging on stderr (-vv libbpf debug, -vvv full verifier log)\n"
		"  -r, --root DIR    pin root (default %s)\n"
		"      --btf FILE    kernel BTF for kernels without /sys/kernel/btf/vmlinux (load,\n"
		"                    snapshot)\n"
		"  -V, --version     print the version\n"
		"  -h, --help        this help ('%s COMMAND --help' for a command)\n\n"
		"Exit status: 0 ok, 1 load/verifier rejection or policy problem, 2 usage,\n"
		"3 environment (bpffs, permissions, BTF, missing hook), 4 internal error.\n",
		TP_PIN_ROOT, prog);
}

/* The soft limit of open files up to the hard one: a policy holds an fd per
 * program and per link until it is pinned, and a kprobe link two (its perf
 * event and the link): the 432 hooks of a generated_syscalls list with
 * --mechanism kprobe need ~1,300, over the usual soft limit of 1,024 (EMFILE
 * at the 290th attach on debian-6.1-cloud). Tetragon gets the same raise from
 * the Go runtime (os package, Go 1.19+).
 */
static void nofile_raise(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "root", required_argument, NULL, 'r' },
		{ "btf", required_argument, NULL, 'B' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct cli_env env = { .root = TP_PIN_ROOT, .prog = "tpload" };
	const struct cmd *match = NULL;
	size_t i, len;
	int c, ret;

	nofile_raise();
	while ((c = getopt_long(argc, argv, "+jpvr:Vh", opts, NULL)) != -1) {
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
		case 'r':
			env.root = optarg;
			break;
		case 'B':
			env.btf = optarg;
			break;
		case 'V':
			printf("tpload %s (abi %d)\n", TPC_VERSION, TP_ABI_VERSION);
			return TPLOAD_EXIT_OK;
		case 'h':
			usage(stdout, env.prog);
			return TPLOAD_EXIT_OK;
		default:
			usage(stderr, env.prog);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr, env.prog);
		return TPLOAD_EXIT_USAGE;
	}
	/* unambiguous prefixes are accepted, like bpftool */
	len = strlen(argv[optind]);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strncmp(cmds[i].name, argv[optind], len))
			continue;
		if (strlen(cmds[i].name) == len) {
			match = &cmds[i];
			break;
		}
		if (match) {
			fprintf(stderr, "%s: ambiguous command '%s'\n", env.prog, argv[optind]);
			return TPLOAD_EXIT_USAGE;
		}
		match = &cmds[i];
	}
	if (!match) {
		fprintf(stderr, "%s: unknown command '%s'\n", env.prog, argv[optind]);
		usage(stderr, env.prog);
		return TPLOAD_EXIT_USAGE;
	}
	log_init(env.verbose, env.json);
	argc -= optind;
	argv += optind;
	optind = 0;	/* reset getopt for the subcommand */
	ret = match->fn(&env, argc, argv);
	log_free();
	return ret;
}
