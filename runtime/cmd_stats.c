// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload stats: the per-CPU counters of the core and of every loaded
 * policy, per hook and per selector (tp_abi.h struct tp_counters and
 * struct tp_core_counters), summed over CPUs. Reads bpffs only.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "tp_abi.h"
#include "bundle.h"
#include "cli.h"
#include "core.h"
#include "core_abi.h"
#include "counters.h"
#include "log.h"
#include "meta.h"
#include "stats_fmt.h"
#include "txn.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] stats [-j] [POLICY...]\n"
		"Show the counters of the core (processes tracked, execs, forks, exits,\n"
		"entries that could not be made) and of every loaded policy (or only\n"
		"the POLICYs), per hook and per selector: matched, posted, dropped\n"
		"(ring buffer full), signaled, overridden, unreadable (an argument a\n"
		"filter needed could not be read), unknown (a matchBinaries filter met a\n"
		"process without a usable path), failclosed (filters that matched only\n"
		"by tpc-fail-closed). Counters are per CPU in the kernel, summed here.\n\n"
		"  -j, --json   one JSON document\n"
		"  -h, --help   this help\n");
}

/* Which side of a return probe's selector row s is (meta "selectors" line):
 * "entry" or "return" with *yaml the selector's index in the policy; NULL for
 * rows of other hooks and for unused rows.
 */
static const char *row_side(const struct tp_meta_hook *mh, size_t s, size_t *yaml)
{
	if (!mh || !mh->sel_return)
		return NULL;
	if (s < mh->sel_entry) {
		*yaml = s;
		return "entry";
	}
	if (s - mh->sel_entry < mh->sel_return) {
		*yaml = s - mh->sel_entry;
		return "return";
	}
	return NULL;
}

/* "selector 3" or "selectors 2-3": n rows from first */
static void rows_text(char *buf, size_t sz, size_t first, size_t n)
{
	if (n == 1)
		snprintf(buf, sz, "selector %zu", first);
	else
		snprintf(buf, sz, "selectors %zu-%zu", first, first + n - 1);
}

static void show_policy(struct json_writer *w, const struct tp_root *r, const char *dir)
{
	struct tp_policy_counters pc;
	struct tp_meta m = {};
	char p[PATH_MAX], *text = NULL;
	const char *name = dir;
	size_t h, s;
	int err;

	if (!path_fmt(p, sizeof(p), "%s/%s/meta", r->path, dir) && !tp_meta_map_read(p, &text))
		meta_parse(text, &m);
	if (m.policy && *m.policy)
		name = m.policy;
	err = counters_read_policy(r->path, dir, m.nr_hooks, &pc);
	if (w) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", name);
		jsonw_uint_field(w, "id", m.id > 0 ? (unsigned int)m.id : 0);
	} else {
		printf("policy %s  id %d\n", name, m.id);
	}
	if (err) {
		if (w)
			jsonw_string_field(w, "error", strerror(-err));
		else
			printf("  (no counters: %s)\n", strerror(-err));
		goto out;
	}
	if (w) {
		stats_json_counters(w, "total", &pc.total);
		jsonw_name(w, "hooks");
		jsonw_start_array(w);
	}
	for (h = 0; h < pc.nr_hooks; h++) {
		const struct tp_hook_counters *hc = &pc.hooks[h];
		const struct tp_meta_hook *mh = meta_hook(&m, (int)h);

		if (w) {
			jsonw_start_object(w);
			jsonw_uint_field(w, "id", h);
			if (mh) {
				jsonw_string_field(w, "type", mh->type);
				jsonw_string_field(w, "target", mh->target);
			}
			jsonw_uint_field(w, "unreadable", hc->hook.unreadable);
			jsonw_uint_field(w, "unknown", hc->hook.unknown);
			jsonw_name(w, "selectors");
			jsonw_start_array(w);
		} else {
			printf("  hook %zu %s %s: unreadable %llu  unknown %llu\n", h,
			       mh ? mh->type : "?", mh ? mh->target : "?",
			       (unsigned long long)hc->hook.unreadable,
			       (unsigned long long)hc->hook.unknown);
			if (mh && mh->sel_return) {
				char en[48], re[48];

				rows_text(en, sizeof(en), 0, mh->sel_entry);
				rows_text(re, sizeof(re), mh->sel_entry, mh->sel_return);
				printf("    return probe: entry sides %s, return sides %s\n", en, re);
			}
		}
		for (s = 0; s < hc->nr_sel; s++) {
			const struct tp_counters *c = &hc->sel[s];
			size_t yaml = 0;
			const char *side = row_side(mh, s, &yaml);

			if (w) {
				jsonw_start_object(w);
				jsonw_uint_field(w, "selector", s);
				if (side) {
					jsonw_string_field(w, "side", side);
					jsonw_uint_field(w, "policy_selector", yaml);
				}
				stats_json_fields(w, c, STATS_SELECTOR);
				jsonw_end_object(w);
			} else if (c->matched || c->dropped || c->failclosed) {
				if (side)
					printf("    selector %zu (%s side of selector %zu): ", s, side, yaml);
				else
					printf("    selector %zu: ", s);
				stats_text(stdout, c, STATS_SELECTOR);
				printf("\n");
			}
		}
		if (w) {
			jsonw_end_array(w);
			jsonw_end_object(w);
		}
	}
	if (w) {
		jsonw_end_array(w);
	} else {
		printf("  total: ");
		stats_text(stdout, &pc.total, STATS_ALL);
		printf("\n");
	}
	counters_free(&pc);
out:
	if (w)
		jsonw_end_object(w);
	meta_free(&m);
	free(text);
}

int cmd_stats(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct tp_root root = { .lock_fd = -1 };
	struct json_writer *w;
	char **names = NULL, dir[PATH_MAX];
	size_t nr = 0, i;
	int c, err, ret = TPLOAD_EXIT_OK;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			env->json = true;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	log_init(env->verbose, env->json);
	w = cli_json(env);
	if (w)
		jsonw_string_field(w, "root", env->root);
	err = root_open(&root, env->root, false);
	if (err == -ENOENT) {
		pr_warn("nothing loaded under %s\n", env->root);
		ret = TPLOAD_EXIT_ENV;
		goto out;
	}
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	/* as list: leftovers of a killed run are finished or rolled back first */
	err = root_repair(&root, env->btf);
	cli_print_repairs(&root);
	cli_json_repairs(w, &root);
	if (err)
		ret = cli_exit_env(err);
	stats_core(w, &root);
	if (optind < argc) {
		for (i = (size_t)optind; i < (size_t)argc; i++) {
			/* a policy name or its directory name */
			if (policy_path(dir, sizeof(dir), root.path, argv[i], NULL) ||
			    !path_exists(dir) || strchr(argv[i], '/') || argv[i][0] == '.' ||
			    argv[i][0] == '_' || !strcmp(argv[i], TP_CORE_DIR)) {
				pr_warn("policy '%s' is not loaded\n", argv[i]);
				ret = TPLOAD_EXIT_POLICY;
				continue;
			}
			if (!names) {
				names = calloc((size_t)argc, sizeof(*names));
				if (!names) {
					ret = cli_exit_env(-ENOMEM);
					goto out;
				}
			}
			names[nr] = strdup(dir + strlen(root.path) + 1);
			if (!names[nr]) {
				ret = cli_exit_env(-ENOMEM);
				goto out;
			}
			nr++;
		}
	} else {
		err = policies_list(&root, &names, &nr);
		if (err) {
			ret = cli_exit_env(err);
			goto out;
		}
	}
	if (w) {
		jsonw_name(w, "policies");
		jsonw_start_array(w);
	}
	for (i = 0; i < nr; i++)
		show_policy(w, &root, names[i]);
	if (w)
		jsonw_end_array(w);
out:
	names_free(names, nr);
	root_close(&root);
	cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	return ret;
}
