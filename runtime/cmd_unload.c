// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload unload NAME... | --all: one transaction (txn.h) that moves the
 * policies (and the core) aside and removes them; links detach with them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <limits.h>

#include "tp_abi.h"
#include "applied.h"
#include "cli.h"
#include "core.h"
#include "log.h"
#include "txn.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] unload NAME...\n"
		"       tpload [OPTIONS] unload --all\n"
		"Remove loaded policies: their pinned links (enforcement stops), maps and\n"
		"metadata. Unloading a policy that is not loaded succeeds with a note.\n"
		"--all removes every policy, then the core and the pin root.\n\n"
		"  -a, --all     every policy, then the core\n"
		"  -h, --help    this help\n");
}

int cmd_unload(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct tp_root root = { .lock_fd = -1 };
	struct tp_txn txn = {};
	struct json_writer *w;
	char **names = NULL, **gone = NULL, dir[NAME_MAX + 1], core[PATH_MAX];
	size_t nr = 0, nr_gone = 0, i;
	bool all = false, core_gone = false, present = false;
	int c, err = 0, ret = TPLOAD_EXIT_OK;

	while ((c = getopt_long(argc, argv, "ah", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (all == (optind < argc)) {
		help(stderr);
		return TPLOAD_EXIT_USAGE;
	}
	w = cli_json(env);
	err = root_open(&root, env->root, false);
	if (err == -ENOENT) {
		err = 0;
		goto done;	/* nothing loaded at all */
	}
	if (err) {
		ret = cli_exit_env(err);
		goto done;
	}
	/* --all also takes away what a repair cannot fix (a core without maps) */
	err = root_repair(&root, env->btf);
	cli_print_repairs(&root);
	if (err && !all) {
		ret = cli_exit_env(err);
		goto done;
	}
	if (all) {
		err = policies_list(&root, &names, &nr);
		if (err) {
			pr_warn("%s: %s\n", root.path, strerror(-err));
			ret = cli_exit_env(err);
			goto done;
		}
	} else {
		names = argv + optind;
		nr = (size_t)(argc - optind);
	}
	gone = calloc(nr ? nr : 1, sizeof(*gone));
	if (!gone) {
		ret = cli_exit_env(-ENOMEM);
		goto done;
	}
	/* one transaction: every named policy (and with --all the core) is
	 * moved aside atomically, then the commit removes them (their links
	 * detach). Killed before the commit, the next run puts them back.
	 */
	err = txn_begin(&root, &txn);
	if (err) {
		ret = cli_exit_env(err);
		goto done;
	}
	for (i = 0; i < nr; i++) {
		err = policy_dir(&root, names[i], dir, sizeof(dir));
		err = err ?: txn_move_aside(&txn, dir);
		if (err == -ENOENT) {
			if (!w)
				pr_note("note: policy '%s' is not loaded\n", names[i]);
			continue;
		}
		if (err) {
			ret = cli_exit_env(err);
			goto abort;
		}
		gone[nr_gone++] = names[i];
	}
	if (all) {
		present = !path_join(core, sizeof(core), root.path, TP_CORE_DIR) &&
			  path_exists(core);
		/* the applied-bundle record goes with the policies it lists */
		err = txn_move_aside(&txn, TP_APPLIED_NAME);
		err = err == -ENOENT ? 0 : err;
		err = err ?: txn_move_core_aside(&txn);
		if (err) {
			ret = cli_exit_env(err);
			goto abort;
		}
	}
	err = txn_commit(&txn);
	if (err) {
		ret = cli_exit_env(err);
		goto report;
	}
	if (all) {
		core_gone = true;
		/* the root itself; fails harmlessly if someone else put
		 * something there. Runs waiting for the lock open it anew.
		 */
		if (rmdir(root.path) == 0)
			pr_info("removed %s\n", root.path);
	}
	goto report;

abort:
	txn_abort(&txn);
	nr_gone = 0;
report:
	for (i = 0; i < nr_gone; i++)
		if (!w)
			printf("unloaded policy '%s'\n", gone[i]);
	if (!w && core_gone && present)
		printf("unloaded the core\n");
done:
	if (w) {
		jsonw_name(w, "unloaded");
		jsonw_start_array(w);
		for (i = 0; i < nr_gone && ret == TPLOAD_EXIT_OK; i++)
			jsonw_string(w, gone[i]);
		jsonw_end_array(w);
		if (all)
			jsonw_bool_field(w, "core_unloaded", core_gone);
		cli_json_repairs(w, &root);
	}
	free(gone);
	if (all)
		names_free(names, nr);
	root_close(&root);
	if (w)
		cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	return ret;
}
