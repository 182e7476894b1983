// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload load OBJ: core if needed, then open -> configure -> load -> attach
 * -> pin into a staging directory -> publish with rename(). All or nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "tp_abi.h"
#include "bundle.h"
#include "cli.h"
#include "core.h"
#include "log.h"
#include "util.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] load OBJ [--name NAME] [--replace] [--cgroup PATH]\n"
		"Load the policy object OBJ (built by tpc), attach every program and pin\n"
		"links, maps and metadata under <root>/<policy>/. Loads the core first if\n"
		"needed. All or nothing: on any failure nothing of this run stays pinned.\n\n"
		"  -n, --name NAME     policy name (required for objects without .tpc.meta)\n"
		"  -R, --replace       replace a loaded policy of that name without a gap:\n"
		"                      the new programs are attached before the old ones go\n"
		"  -c, --cgroup PATH   cgroup for cgroup programs\n"
		"  -h, --help          this help\n");
}

static int exchange(const char *a, const char *b)
{
	return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
}

/* Publishes @staging as @final. With @old_id (replace): swaps the two
 * directories atomically (the old tree lands in @staging), then removes the
 * old tree, which detaches the old links, and frees @old_id.
 */
static int publish(struct tp_root *r, const char *staging, const char *final, bool replace,
		   unsigned int old_id)
{
	int err;

	if (!replace) {
		if (rename(staging, final)) {
			err = -errno;
			pr_warn("cannot rename %s to %s: %s\n", staging, final, strerror(errno));
			return err;
		}
		return 0;
	}
	if (exchange(staging, final)) {
		/* bpffs without RENAME_EXCHANGE: two renames; the policy is
		 * enforced throughout, only its directory is briefly absent
		 */
		char old[PATH_MAX];

		err = path_fmt(old, sizeof(old), "%s/_old_%d", r->path, (int)getpid());
		if (err)
			return err;
		if (rename(final, old)) {
			err = -errno;
			pr_warn("cannot rename %s: %s\n", final, strerror(errno));
			return err;
		}
		if (rename(staging, final)) {
			err = -errno;
			pr_warn("cannot rename %s: %s\n", staging, strerror(errno));
			rename(old, final);
			return err;
		}
		err = rm_rf(old);
	} else {
		err = rm_rf(staging);
	}
	if (err)
		pr_warn("replaced, but the old pins could not all be removed: %s\n", strerror(-err));
	registry_free(r, old_id);
	return 0;
}

/* "rejected": the program, its hook, the last lines of the verifier log */
static void json_rejection(struct json_writer *w, const struct tp_bundle *b)
{
	const char *prog = tp_bundle__rejected_prog(b), *log = tp_bundle__verifier_log(b);
	const struct tp_meta_hook *h = meta_hook_by_prog(tp_bundle__meta(b), prog);
	const char *p, *nl, *start;
	int lines = 0;

	if (!prog || !log)
		return;
	jsonw_name(w, "rejected");
	jsonw_start_object(w);
	jsonw_string_field(w, "program", prog);
	if (h) {
		jsonw_int_field(w, "hook", h->id);
		jsonw_string_field(w, "location", h->loc);
	}
	/* the tail: the last 30 lines */
	start = log + strlen(log);
	while (start > log && start[-1] == '\n')
		start--;
	while (start > log && !(start[-1] == '\n' && ++lines == 30))
		start--;
	jsonw_name(w, "verifier_log");
	jsonw_start_array(w);
	for (p = start; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			jsonw_string(w, p);
			break;
		}
		jsonw_string_len(w, p, (size_t)(nl - p));
	}
	jsonw_end_array(w);
	jsonw_end_object(w);
}

static unsigned int loaded_id(const struct tp_root *r, const char *name)
{
	struct tp_meta m;
	char p[PATH_MAX], *text;
	unsigned int id = 0;

	if (policy_path(p, sizeof(p), r->path, name, "meta") ||
	    tp_meta_map_read(p, &text))
		return 0;
	if (!meta_parse(text, &m)) {
		id = m.id > 0 ? (unsigned int)m.id : 0;
		meta_free(&m);
	}
	free(text);
	return id;
}

int cmd_load(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "replace", no_argument, NULL, 'R' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct tp_bundle_opts bo = { .sz = sizeof(bo) };
	char staging[PATH_MAX], final[PATH_MAX];
	struct json_writer *w = NULL;
	struct tp_bundle *b = NULL;
	struct tp_root root = { .lock_fd = -1 };
	bool replace = false, core_now = false, exists;
	unsigned int id = 0, old_id = 0;
	const char *obj;
	int c, err, ret = TPLOAD_EXIT_ENV;

	while ((c = getopt_long(argc, argv, "n:Rc:h", opts, NULL)) != -1) {
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
	staging_gc(&root);
	if (!core_present(&root)) {
		err = core_load(&root, env->btf);
		if (err) {
			ret = cli_exit_env(err);
			goto out;
		}
		core_now = true;
	}
	registry_gc(&root);

	b = tp_bundle__open(obj, &bo);
	if (!b) {
		err = -errno;
		ret = err == -EINVAL ? TPLOAD_EXIT_POLICY : cli_exit_env(err);
		goto out;
	}
	err = policy_path(final, sizeof(final), root.path, tp_bundle__name(b), NULL);
	err = err ?: path_fmt(staging, sizeof(staging), "%s/_staging_%s", root.path,
			      final + strlen(root.path) + 1);
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
	if (exists)
		old_id = loaded_id(&root, tp_bundle__name(b));

	err = registry_alloc(&root, tp_bundle__name(b), &id);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	err = tp_bundle__set_policy_id(b, id);
	if (err) {
		ret = err == -EINVAL ? TPLOAD_EXIT_POLICY : cli_exit_env(err);
		goto err_free_id;
	}
	err = tp_bundle__load(b);
	if (err) {
		ret = err == -EPERM ? TPLOAD_EXIT_ENV :
		      err == -EFAULT ? TPLOAD_EXIT_BUG : TPLOAD_EXIT_POLICY;
		goto err_free_id;
	}
	err = tp_bundle__attach(b);
	if (err) {
		ret = cli_exit_env(err);
		goto err_free_id;
	}
	err = tp_bundle__pin(b, staging);
	if (err) {
		ret = cli_exit_env(err);
		goto err_free_id;
	}
	err = publish(&root, staging, final, exists, old_id);
	if (err) {
		ret = cli_exit_env(err);
		goto err_unpin;
	}
	ret = TPLOAD_EXIT_OK;
	if (!w)
		printf("loaded policy '%s' (id %u)%s%s\n", tp_bundle__name(b), id,
		       exists ? ", replacing the previous one" : "",
		       core_now ? "; core loaded" : "");
	goto out;

err_unpin:
	tp_bundle__unpin(b);
err_free_id:
	registry_free(&root, id);
	if (core_now) {
		/* all or nothing: the core came with this run */
		core_unload(&root);
		core_now = false;
	}
out:
	if (w) {
		if (b) {
			jsonw_string_field(w, "policy", tp_bundle__name(b));
			if (ret == TPLOAD_EXIT_OK) {
				jsonw_uint_field(w, "id", id);
				jsonw_string_field(w, "path", final);
				jsonw_bool_field(w, "replaced", exists);
			}
			json_rejection(w, b);
		}
		jsonw_bool_field(w, "core_loaded", core_now);
		cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	}
	/* pinned links stay attached; unpinned ones detach here */
	tp_bundle__close(b);
	/* a root this run created stays only if something is in it */
	if (ret != TPLOAD_EXIT_OK && root.lock_fd >= 0)
		rmdir(root.path);
	root_close(&root);
	return ret;
}
