// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload unload NAME... | --all: remove pins; links detach with them. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core.h"
#include "log.h"
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
	struct json_writer *w;
	char **names = NULL;
	size_t nr = 0, i;
	bool all = false, core_gone = false, present;
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
	if (w) {
		jsonw_name(w, "unloaded");
		jsonw_start_array(w);
	}
	err = root_open(&root, env->root, false);
	if (err == -ENOENT) {
		err = 0;
		goto done;	/* nothing loaded at all */
	}
	if (err) {
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
	for (i = 0; i < nr; i++) {
		err = policy_unload(&root, names[i]);
		if (err == -ENOENT) {
			if (!w)
				fprintf(stderr, "note: policy '%s' is not loaded\n", names[i]);
			continue;
		}
		if (err) {
			ret = cli_exit_env(err);
			continue;
		}
		if (w)
			jsonw_string(w, names[i]);
		else
			printf("unloaded policy '%s'\n", names[i]);
	}
	if (all && ret == TPLOAD_EXIT_OK) {
		names_free(names, nr);
		names = NULL;
		err = policies_list(&root, &names, &nr);
		if (!err && nr) {
			pr_warn("%zu policies could not be removed: keeping the core\n", nr);
			ret = TPLOAD_EXIT_ENV;
			goto done;
		}
		staging_gc(&root);
		present = core_present(&root);
		err = core_unload(&root);
		if (err) {
			ret = cli_exit_env(err);
		} else {
			core_gone = true;
			/* the root itself; fails harmlessly if someone else put
			 * something there
			 */
			if (rmdir(root.path) == 0)
				pr_info("removed %s\n", root.path);
			if (!w && present)
				printf("unloaded the core\n");
		}
	}
done:
	if (all)
		names_free(names, nr);
	root_close(&root);
	if (w) {
		jsonw_end_array(w);
		if (all)
			jsonw_bool_field(w, "core_unloaded", core_gone);
		cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	}
	return ret;
}
