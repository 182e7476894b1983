// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload load OBJ: core if needed, then open -> configure -> load -> attach
 * -> pin into the transaction's journal -> commit (txn.h). All or nothing,
 * also when the run is killed at any instant.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tp_abi.h"
#include "bundle.h"
#include "cli.h"
#include "core.h"
#include "core_abi.h"
#include "ev_out.h"
#include "log.h"
#include "mech.h"
#include "txn.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] load OBJ [--name NAME] [--replace] [--cgroup PATH]\n"
		"                            [--mechanism auto|fentry|kprobe]\n"
		"Load the policy object OBJ (built by tpc), attach every program and pin\n"
		"links, maps and metadata under <root>/<policy>/. Loads the core first if\n"
		"needed. All or nothing: on any failure nothing of this run stays pinned.\n\n"
		"  -n, --name NAME     policy name (required for objects without .tpc.meta)\n"
		"  -R, --replace       replace a loaded policy of that name without a gap:\n"
		"                      the new programs are attached before the old ones go\n"
		"  -c, --cgroup PATH   cgroup for cgroup programs\n"
		"      --events-ring-size SIZE   size of the core's tp_events ring when\n"
		"                      this load creates the core (default 1M)\n"
		"      --enforce-ring-size SIZE  size of its tp_enforce ring (default 256K)\n"
		"      --process-ring-size SIZE  size of its tp_proc_events ring, the\n"
		"                      process_exec/process_exit records (default 1M)\n"
		"                      SIZE: bytes, K/M/G suffix, a power of two, 4K..1G;\n"
		"                      the rings keep records while no reader runs\n"
		"      --no-process-events  the core this load creates posts no\n"
		"                      process_exec/process_exit events (default: it does)\n"
		"      --process-cred  events of the core this load creates show process.cap\n"
		"                      and process_credentials (Tetragon's enable-process-cred)\n"
		"      --process-ns    ... and process.ns (Tetragon's enable-process-ns)\n"
		"  -m, --mechanism M   hooks on kernel functions (kprobes): auto (default: BPF\n"
		"                      trampolines where the function has BTF and they work,\n"
		"                      else kprobes), fentry or kprobe (that one, or fail);\n"
		"                      hooks that offer one mechanism (fentries, LSM) keep it\n"
		"  -h, --help          this help\n");
}

/* "mechanisms": [{hook, mechanism, symbol} | {hook, skipped}] */
static void json_mechs(struct json_writer *w, const struct tp_mech_plan *plan)
{
	size_t i;

	if (!plan->nr_hooks)
		return;
	jsonw_name(w, "mechanisms");
	jsonw_start_array(w);
	for (i = 0; i < plan->nr_hooks; i++) {
		const struct tp_mech_hook *ph = &plan->hooks[i];

		jsonw_start_object(w);
		jsonw_int_field(w, "hook", ph->hook);
		if (ph->skipped) {
			jsonw_string_field(w, "skipped", ph->why);
		} else if (ph->mech[0]) {
			jsonw_string_field(w, "mechanism", ph->mech);
			jsonw_string_field(w, "symbol", ph->symbol);
		} else {
			jsonw_string_field(w, "error", ph->why);
		}
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

int cmd_load(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "replace", no_argument, NULL, 'R' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "events-ring-size", required_argument, NULL, 'E' },
		{ "enforce-ring-size", required_argument, NULL, 'F' },
		{ "process-ring-size", required_argument, NULL, 'Q' },
		{ "mechanism", required_argument, NULL, 'm' },
		{ "no-process-events", no_argument, NULL, 'P' },
		{ "process-cred", no_argument, NULL, 'C' },
		{ "process-ns", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct core_rings rings = {};
	__u64 *ring;
	struct tp_bundle_opts bo = { .sz = sizeof(bo) };
	char staging[PATH_MAX], final[PATH_MAX], txn_root[PATH_MAX], dir[NAME_MAX + 1];
	struct tp_txn txn = {};
	struct json_writer *w = NULL;
	struct tp_bundle *b = NULL;
	struct tp_root root = { .lock_fd = -1 };
	bool replace = false, core_now = false, core_replaced = false, exists = false;
	unsigned int id = 0;
	const char *obj;
	int c, err, ret = TPLOAD_EXIT_ENV;

	while ((c = getopt_long(argc, argv, "n:Rc:m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			bo.name = optarg;
			break;
		case 'R':
			replace = true;
			break;
		case 'c':
			bo.cgroup_path = optarg;
			break;
		case 'E':
		case 'F':
		case 'Q':
			ring = c == 'E' ? &rings.events : c == 'F' ? &rings.enforce : &rings.procs;
			if (ev_out_parse_size(optarg, ring) || !core_ring_size_valid(*ring)) {
				fprintf(stderr, "load: bad --%s '%s' (a power of two, 4K..1G)\n",
					c == 'E' ? "events-ring-size" : c == 'F' ? "enforce-ring-size" :
					"process-ring-size", optarg);
				return TPLOAD_EXIT_USAGE;
			}
			break;
		case 'P':
			rings.no_process_events = true;
			break;
		case 'C':
			rings.process_cred = true;
			break;
		case 'N':
			rings.process_ns = true;
			break;
		case 'm':
			if (strcmp(optarg, "auto") && strcmp(optarg, "fentry") &&
			    strcmp(optarg, "kprobe")) {
				pr_warn("--mechanism: auto, fentry or kprobe, not '%s'\n", optarg);
				return TPLOAD_EXIT_USAGE;
			}
			bo.mechanism = optarg;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		help(stderr);
		return TPLOAD_EXIT_USAGE;
	}
	obj = argv[optind];
	bo.pin_root = env->root;
	bo.btf_custom_path = env->btf;
	w = cli_json(env);

	if (!env->btf && !path_exists("/sys/kernel/btf/vmlinux")) {
		pr_warn("kernel BTF not found (/sys/kernel/btf/vmlinux): the kernel needs CONFIG_DEBUG_INFO_BTF=y (or give --btf FILE)\n");
		goto out;
	}
	if (env->btf && !path_exists(env->btf)) {
		pr_warn("%s: %s\n", env->btf, strerror(ENOENT));
		goto out;
	}
	err = root_open(&root, env->root, true);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	/* never use a core pinned by another ABI version (before repair,
	 * which would relink it with this version's programs)
	 */
	err = core_abi_check(&root, &core_replaced);
	if (err) {
		ret = err == -EPROTO ? TPLOAD_EXIT_ENV : cli_exit_env(err);
		goto out;
	}
	err = root_repair(&root, env->btf);
	cli_print_repairs(&root);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	core_now = !core_present(&root);
	if (!core_now && (rings.events || rings.enforce || rings.procs || rings.no_process_events ||
			  rings.process_cred || rings.process_ns))
		pr_warn("the core is already loaded: it keeps its options (--events-ring-size, --enforce-ring-size, --process-ring-size, --no-process-events, --process-cred and --process-ns apply when a load creates the core; 'tpload list' shows them)\n");
	err = path_join(txn_root, sizeof(txn_root), root.path, TXN_DIR);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	/* a new core is staged in the journal: the policy reuses its maps there */
	bo.pin_root = core_now ? txn_root : root.path;

	b = tp_bundle__open(obj, &bo);
	if (!b) {
		err = -errno;
		ret = err == -EINVAL ? TPLOAD_EXIT_POLICY : cli_exit_env(err);
		goto out;
	}
	err = pin_name(dir, sizeof(dir), tp_bundle__name(b));
	err = err ?: path_join(final, sizeof(final), root.path, dir);
	if (err) {
		pr_warn("policy name too long for a path\n");
		ret = TPLOAD_EXIT_POLICY;
		goto out;
	}
	exists = path_exists(final);
	if (exists && !replace) {
		pr_warn("policy '%s' is already loaded (unload it, or use --replace)\n",
			tp_bundle__name(b));
		ret = TPLOAD_EXIT_POLICY;
		goto out;
	}

	err = txn_begin(&root, &txn);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	if (core_now) {
		err = core_load_rings(txn_dir(&txn), env->btf, &rings);
		if (err) {
			ret = cli_exit_env(err);
			goto err_abort;
		}
	}
	err = registry_alloc(&root, tp_bundle__name(b), &id);
	if (err) {
		ret = cli_exit_env(err);
		goto err_abort;
	}
	err = tp_bundle__set_policy_id(b, id);
	if (err) {
		ret = err == -EINVAL ? TPLOAD_EXIT_POLICY : cli_exit_env(err);
		goto err_abort;
	}
	err = tp_bundle__load(b);
	if (err) {
		ret = cli_exit_load(err, tp_bundle__rejected(b));
		goto err_abort;
	}
	err = tp_bundle__attach(b);
	if (err) {
		ret = cli_exit_env(err);
		goto err_abort;
	}
	err = txn_new_path(&txn, tp_bundle__name(b), staging, sizeof(staging));
	err = err ?: tp_bundle__pin(b, staging);
	if (err) {
		ret = cli_exit_env(err);
		goto err_abort;
	}
	/* the commit point: from here on the new version is published (now,
	 * or by the next run if this one dies)
	 */
	err = txn_commit(&txn);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	ret = TPLOAD_EXIT_OK;
	if (!w) {
		const struct tp_mech_plan *plan = tp_bundle__mech_plan(b);
		size_t i;

		printf("loaded policy '%s' (id %u)%s%s\n", tp_bundle__name(b), id,
		       exists ? ", replacing the previous one" : "",
		       !core_now ? "" : core_replaced ? "; core of an older ABI replaced" :
		       "; core loaded");
		for (i = 0; i < plan->nr_hooks; i++) {
			const struct tp_mech_hook *ph = &plan->hooks[i];

			if (ph->skipped)
				printf("  hook %d skipped: %s\n", ph->hook, ph->why);
			else
				printf("  hook %d: %s %s\n", ph->hook, ph->mech, ph->symbol);
		}
	}
	goto out;

err_abort:
	/* all or nothing: the new pins, a core this run brought, the id */
	txn_abort(&txn);
	core_now = false;
out:
	if (w) {
		if (b) {
			jsonw_string_field(w, "policy", tp_bundle__name(b));
			if (ret == TPLOAD_EXIT_OK) {
				jsonw_uint_field(w, "id", id);
				jsonw_string_field(w, "path", final);
				jsonw_bool_field(w, "replaced", exists);
			}
			json_mechs(w, tp_bundle__mech_plan(b));
			cli_json_rejection(w, b);
		}
		cli_json_repairs(w, &root);
		jsonw_bool_field(w, "core_loaded", core_now);
		cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	}
	/* pinned links stay attached; unpinned ones detach here */
	tp_bundle__close(b);
	/* a root this run created stays only if something is in it */
	if (ret != TPLOAD_EXIT_OK && root.lock_fd >= 0 && root.created)
		rmdir(root.path);
	root_close(&root);
	return ret;
}
