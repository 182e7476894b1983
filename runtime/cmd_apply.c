// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload apply BUNDLE: verify the bundle (pkg.h), plan against what the pin
 * root holds (apply_plan.h), then make the whole change one transaction
 * (txn.h): every new and replacing policy is loaded, attached and pinned in
 * the journal while the published set keeps enforcing; policies the bundle
 * drops are moved aside; the applied-bundle record (applied.h) is staged; the
 * commit point publishes all of it and only then removes the old versions.
 * Any failure before the commit point rolls everything back.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tp_abi.h"
#include "applied.h"
#include "apply_plan.h"
#include "bundle.h"
#include "cli.h"
#include "core.h"
#include "core_abi.h"
#include "ev_out.h"
#include "log.h"
#include "meta.h"
#include "pkg.h"
#include "sign_verify.h"
#include "txn.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] apply [--trust-dir DIR] [--require-signature] [--dry-run]\n"
		"                              [--exclusive] [--cgroup PATH] [--events-ring-size SIZE]\n"
		"                              [--enforce-ring-size SIZE] [--process-ring-size SIZE]\n"
		"                              [--no-process-events] [--process-cred] [--process-ns]\n"
		"                              BUNDLE\n"
		"Make the policies of the pin root the set of BUNDLE (made by 'tpc bundle'):\n"
		"verify it as 'tpload verify' does, plan (add, replace, keep, remove against\n"
		"what is loaded), then change everything in one transaction: new and\n"
		"replacing versions are attached before anything is detached, and on any\n"
		"failure the previous set stays as it was. Removed are the policies an\n"
		"earlier apply brought that BUNDLE no longer has; policies loaded by hand\n"
		"('tpload load') stay unless --exclusive. Applying the applied bundle again\n"
		"changes nothing.\n\n"
		"  -K, --trust-dir DIR        trusted minisign public keys, *.pub (default %s)\n"
		"  -s, --require-signature    refuse unsigned bundles and unchecked signatures\n"
		"  -n, --dry-run              print the plan, change nothing\n"
		"  -x, --exclusive            the bundle is the whole set: also remove\n"
		"                             policies that were loaded by hand\n"
		"  -c, --cgroup PATH          cgroup for cgroup programs\n"
		"      --events-ring-size SIZE   size of the core's tp_events ring when\n"
		"                             this apply creates the core (default 1M)\n"
		"      --enforce-ring-size SIZE  size of its tp_enforce ring (default 256K)\n"
		"      --process-ring-size SIZE  size of its tp_proc_events ring, the\n"
		"                             process_exec/process_exit records (default 1M)\n"
		"                             SIZE: bytes, K/M/G suffix, a power of two,\n"
		"                             4K..1G (as for 'tpload load')\n"
		"      --no-process-events    the core this apply creates posts no\n"
		"                             process_exec/process_exit events\n"
		"      --process-cred         its events show process.cap and\n"
		"                             process_credentials (as for 'tpload load')\n"
		"      --process-ns           its events show process.ns\n"
		"  -h, --help                 this help\n\n"
		"Exit status: 0 applied (or nothing to do), 1 bundle refused (signature,\n"
		"tampered) or a policy refused (verifier, object), 2 usage, 3 environment\n"
		"(bpffs, permissions, BTF, a hook missing on this kernel), 4 internal error.\n",
		TP_TRUST_DIR);
}

struct apply_ctx {
	struct cli_env *env;
	bool no_process_events;		/* --no-process-events for a core it creates */
	const char *path;		/* the bundle as given */
	struct tp_pkg *pkg;
	struct tp_root root;
	bool have_root;
	struct tp_applied rec;		/* current record; zeroed if none */
	bool have_rec;
	struct plan_loaded *loaded;
	char **dirs;			/* owned strings of loaded[] */
	size_t nr_loaded;
	struct plan_want *want;
	struct plan plan;
	unsigned int *new_ids;		/* per bundle policy, after staging */
	bool core_now;
	struct core_rings rings;	/* sizes for a core this apply creates; 0: default */
	const char *failed;		/* policy that failed */
	struct tp_bundle *failed_b;	/* kept for the JSON rejection */
};

static void short_digest(char *buf, size_t size, const char *hex)
{
	snprintf(buf, size, "%.12s", hex && *hex ? hex : "?");
}

/* The loaded policies: directory, name, digest and id from each meta. */
static int read_loaded(struct apply_ctx *c)
{
	char **dirs = NULL, path[PATH_MAX], *text;
	size_t nr = 0, i;
	int err;

	if (!c->have_root)
		return 0;
	err = policies_list(&c->root, &dirs, &nr);
	if (err) {
		pr_warn("%s: %s\n", c->root.path, strerror(-err));
		return err;
	}
	c->dirs = dirs;
	c->nr_loaded = nr;
	c->loaded = calloc(nr + 1, sizeof(*c->loaded));
	if (!c->loaded)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		struct plan_loaded *l = &c->loaded[i];
		struct tp_meta m;

		l->dir = dirs[i];
		l->digest = "";
		if (path_fmt(path, sizeof(path), "%s/%s/meta", c->root.path, dirs[i]) ||
		    tp_meta_map_read(path, &text))
			continue;
		if (!meta_parse(text, &m)) {
			if (m.policy)
				l->name = strdup(m.policy);
			if (m.digest && !strncmp(m.digest, "sha256:", 7))
				l->digest = strdup(m.digest + 7);
			if (!l->digest)
				l->digest = "";
			l->id = m.id > 0 ? (unsigned int)m.id : 0;
			meta_free(&m);
		}
		free(text);
	}
	return 0;
}

static void free_loaded(struct apply_ctx *c)
{
	size_t i;

	for (i = 0; c->loaded && i < c->nr_loaded; i++) {
		free((char *)c->loaded[i].name);
		if (*c->loaded[i].digest)
			free((char *)c->loaded[i].digest);
	}
	free(c->loaded);
	names_free(c->dirs, c->nr_loaded);
}

/* Loads, attaches and pins bundle policy @i into the journal. */
static int stage_one(struct apply_ctx *c, struct tp_txn *txn, size_t i, const char *pin_root,
		     const char *cgroup, int *ret)
{
	const struct tp_pkg_policy *pol = tp_pkg__policy(c->pkg, i);
	struct tp_bundle_opts bo = { .sz = sizeof(bo) };
	char label[PATH_MAX], staging[PATH_MAX];
	struct tp_bundle *b;
	unsigned int id = 0;
	int err;

	bo.pin_root = pin_root;
	bo.btf_custom_path = c->env->btf;
	bo.cgroup_path = cgroup;
	snprintf(label, sizeof(label), "%s:%s", c->path, pol->object);
	pr_info("staging policy '%s'\n", pol->name);
	b = tp_bundle__open_mem(pol->image, pol->size, label, &bo);
	if (!b) {
		err = -errno;
		*ret = err == -EINVAL ? TPLOAD_EXIT_POLICY : cli_exit_env(err);
		c->failed = pol->name;
		return err;
	}
	if (strcmp(tp_bundle__name(b), pol->name)) {
		pr_warn("%s: the object is policy '%s', the manifest says '%s': refused\n", label,
			tp_bundle__name(b), pol->name);
		*ret = TPLOAD_EXIT_POLICY;
		err = -EINVAL;
		goto out;
	}
	err = registry_alloc(&c->root, pol->name, &id);
	if (err) {
		*ret = cli_exit_env(err);
		goto out;
	}
	err = tp_bundle__set_policy_id(b, id);
	if (err) {
		*ret = err == -EINVAL ? TPLOAD_EXIT_POLICY : cli_exit_env(err);
		goto out;
	}
	err = tp_bundle__load(b);
	if (err) {
		*ret = cli_exit_load(err, tp_bundle__rejected(b));
		goto out;
	}
	err = tp_bundle__attach(b);
	if (err) {
		*ret = cli_exit_env(err);
		goto out;
	}
	err = txn_new_path(txn, pol->name, staging, sizeof(staging));
	err = err ?: tp_bundle__pin(b, staging);
	if (err) {
		*ret = cli_exit_env(err);
		goto out;
	}
	c->new_ids[i] = id;
out:
	if (err && !c->failed_b) {
		c->failed = pol->name;
		c->failed_b = b;	/* closed by the caller, after the JSON */
		return err;
	}
	/* pinned links stay attached; a failed one's unpinned links detach */
	tp_bundle__close(b);
	return err;
}

/* The record of this apply: the bundle and each of its policies' ids. */
static int stage_record(struct apply_ctx *c, struct tp_txn *txn)
{
	struct tp_applied a = {};
	char path[PATH_MAX], *text = NULL;
	size_t i, n = tp_pkg__nr_policies(c->pkg);
	int err;

	a.pols = calloc(n + 1, sizeof(*a.pols));
	if (!a.pols)
		return -ENOMEM;
	snprintf(a.digest, sizeof(a.digest), "%s", tp_pkg__digest(c->pkg));
	a.time = (long long)time(NULL);
	a.path = (char *)c->path;
	a.format = (char *)tp_pkg__format(c->pkg);
	a.generator = (char *)tp_pkg__generator(c->pkg);
	a.signature = (char *)tp_pkg_sig_str(tp_pkg__sig(c->pkg));
	a.keyid = (char *)(tp_pkg__sig(c->pkg) != TP_PKG_UNSIGNED ? tp_pkg__sig_keyid(c->pkg) : "");
	a.comment = (char *)(tp_pkg__sig(c->pkg) == TP_PKG_SIG_GOOD ? tp_pkg__sig_comment(c->pkg) :
			     "");
	for (i = 0; i < c->plan.nr_items; i++) {
		const struct plan_item *it = &c->plan.items[i];
		struct tp_applied_policy *ap;

		if (it->want < 0)
			continue;
		ap = &a.pols[a.nr_pols++];
		ap->name = (char *)it->name;
		snprintf(ap->digest, sizeof(ap->digest), "%s", c->want[it->want].digest);
		ap->id = it->op == PLAN_KEEP ? c->loaded[it->loaded].id : c->new_ids[it->want];
	}
	err = applied_format(&a, &text);
	free(a.pols);
	if (err)
		return err;
	err = txn_new_path(txn, TP_APPLIED_NAME, path, sizeof(path));
	err = err ?: tp_text_map_pin(path, "tp_applied", text);
	if (err)
		pr_warn("cannot pin the applied-bundle record %s: %s\n", path, strerror(-err));
	free(text);
	return err;
}

/* Stages the plan, commits. Returns the exit code. */
static int run_plan(struct apply_ctx *c, const char *cgroup)
{
	char txn_root[PATH_MAX];
	struct tp_txn txn = {};
	int err, ret = TPLOAD_EXIT_ENV;
	size_t i;

	err = path_join(txn_root, sizeof(txn_root), c->root.path, TXN_DIR);
	err = err ?: txn_begin(&c->root, &txn);
	if (err)
		return cli_exit_env(err);
	c->core_now = (c->plan.nr[PLAN_ADD] || c->plan.nr[PLAN_REPLACE]) && !core_present(&c->root);
	if (!c->core_now && core_present(&c->root) && (c->rings.events || c->rings.enforce || c->rings.procs))
		pr_warn("the core is already loaded: its rings keep their size (--events-ring-size, --enforce-ring-size and --process-ring-size apply when an apply or load creates the core; 'tpload list' shows the sizes)\n");
	if (c->core_now) {
		c->rings.no_process_events = c->no_process_events;
		err = core_load_rings(txn_dir(&txn), c->env->btf, &c->rings);
		if (err) {
			ret = cli_exit_env(err);
			goto err_abort;
		}
	}
	/* 1. every new version, attached and pinned in the journal */
	for (i = 0; i < c->plan.nr_items; i++) {
		const struct plan_item *it = &c->plan.items[i];

		if (it->op != PLAN_ADD && it->op != PLAN_REPLACE)
			continue;
		err = stage_one(c, &txn, (size_t)it->want, c->core_now ? txn_root : c->root.path,
				cgroup, &ret);
		if (err)
			goto err_abort;
	}
	/* 2. what the bundle drops: aside (still attached until the commit) */
	for (i = 0; i < c->plan.nr_items; i++) {
		const struct plan_item *it = &c->plan.items[i];

		if (it->op != PLAN_REMOVE)
			continue;
		err = txn_move_aside(&txn, it->dir);
		if (err && err != -ENOENT) {
			ret = cli_exit_env(err);
			goto err_abort;
		}
	}
	/* 3. the record */
	err = stage_record(c, &txn);
	if (err) {
		ret = cli_exit_env(err);
		goto err_abort;
	}
	/* 4. the commit point: all of it is published, then the old versions go */
	err = txn_commit(&txn);
	return err ? cli_exit_env(err) : TPLOAD_EXIT_OK;

err_abort:
	txn_abort(&txn);
	c->core_now = false;
	return ret;
}

static const char *want_digest(const struct apply_ctx *c, const struct plan_item *it)
{
	return it->want >= 0 ? c->want[it->want].digest : "";
}

static const char *loaded_digest(const struct apply_ctx *c, const struct plan_item *it)
{
	return it->loaded >= 0 ? c->loaded[it->loaded].digest : "";
}

static void print_plan_text(const struct apply_ctx *c)
{
	char a[16], b[16];
	size_t i;

	for (i = 0; i < c->plan.nr_items; i++) {
		const struct plan_item *it = &c->plan.items[i];

		short_digest(a, sizeof(a), loaded_digest(c, it));
		short_digest(b, sizeof(b), want_digest(c, it));
		switch (it->op) {
		case PLAN_ADD:
			printf("  add      %s (sha256:%s)\n", it->name, b);
			break;
		case PLAN_REPLACE:
			printf("  replace  %s (sha256:%s -> sha256:%s)\n", it->name, a, b);
			break;
		case PLAN_KEEP:
			printf("  keep     %s (sha256:%s, unchanged)\n", it->name, b);
			break;
		case PLAN_REMOVE:
			printf("  remove   %s (sha256:%s; not in the bundle%s)\n", it->name, a,
			       it->managed ? "" : "; loaded by hand, --exclusive");
			break;
		case PLAN_KEEP_UNMANAGED:
			printf("  keep     %s (sha256:%s; loaded by hand, not from a bundle: --exclusive removes it)\n",
			       it->name, a);
			break;
		}
	}
}

static void json_plan(struct json_writer *w, const struct apply_ctx *c)
{
	char d[80];
	size_t i;

	jsonw_name(w, "plan");
	jsonw_start_array(w);
	for (i = 0; i < c->plan.nr_items; i++) {
		const struct plan_item *it = &c->plan.items[i];

		jsonw_start_object(w);
		jsonw_string_field(w, "policy", it->name);
		jsonw_string_field(w, "action", plan_op_name(it->op));
		if (it->want >= 0) {
			snprintf(d, sizeof(d), "sha256:%s", want_digest(c, it));
			jsonw_string_field(w, "digest", d);
		}
		if (it->loaded >= 0) {
			if (*loaded_digest(c, it)) {
				snprintf(d, sizeof(d), "sha256:%s", loaded_digest(c, it));
				jsonw_string_field(w, "loaded_digest", d);
			}
			jsonw_uint_field(w, "loaded_id", c->loaded[it->loaded].id);
		}
		jsonw_bool_field(w, "managed", it->managed);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void json_bundle(struct json_writer *w, const struct apply_ctx *c)
{
	char d[80];

	jsonw_name(w, "bundle");
	jsonw_start_object(w);
	jsonw_string_field(w, "path", c->path);
	if (c->pkg) {
		snprintf(d, sizeof(d), "sha256:%s", tp_pkg__digest(c->pkg));
		jsonw_string_field(w, "digest", d);
		jsonw_string_field(w, "format", tp_pkg__format(c->pkg));
		jsonw_string_field(w, "generator", tp_pkg__generator(c->pkg));
		jsonw_uint_field(w, "policies", tp_pkg__nr_policies(c->pkg));
		jsonw_name(w, "signature");
		jsonw_start_object(w);
		jsonw_string_field(w, "status", tp_pkg_sig_str(tp_pkg__sig(c->pkg)));
		if (tp_pkg__sig(c->pkg) != TP_PKG_UNSIGNED)
			jsonw_string_field(w, "key_id", tp_pkg__sig_keyid(c->pkg));
		if (tp_pkg__sig(c->pkg) == TP_PKG_SIG_GOOD) {
			jsonw_string_field(w, "key_file", tp_pkg__sig_key_file(c->pkg));
			jsonw_string_field(w, "trusted_comment", tp_pkg__sig_comment(c->pkg));
		}
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
}

static void print_header(const struct apply_ctx *c)
{
	printf("bundle %s: sha256:%s (%zu policies; signature: %s", c->path,
	       tp_pkg__digest(c->pkg), tp_pkg__nr_policies(c->pkg),
	       tp_pkg__sig(c->pkg) == TP_PKG_SIG_GOOD ? "good" :
	       tp_pkg__sig(c->pkg) == TP_PKG_SIG_UNCHECKED ? "NOT CHECKED" : "none");
	if (tp_pkg__sig(c->pkg) == TP_PKG_SIG_GOOD)
		printf(", key %s", tp_pkg__sig_keyid(c->pkg));
	printf(")\n");
}

int cmd_apply(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust-dir", required_argument, NULL, 'K' },
		{ "require-signature", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "exclusive", no_argument, NULL, 'x' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "events-ring-size", required_argument, NULL, 'E' },
		{ "enforce-ring-size", required_argument, NULL, 'F' },
		{ "process-ring-size", required_argument, NULL, 'Q' },
		{ "no-process-events", no_argument, NULL, 'P' },
		{ "process-cred", no_argument, NULL, 'C' },
		{ "process-ns", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct apply_ctx ctx = { .env = env, .root = { .lock_fd = -1 } };
	struct tp_pkg_opts po = { .sz = sizeof(po) };
	struct apply_ctx *c = &ctx;
	struct json_writer *w = NULL;
	bool dry_run = false, exclusive = false, noop = false, journal = false;
	bool core_replaced = false;
	const char *cgroup = NULL;
	__u64 *ring;
	char p[PATH_MAX];
	int opt, err, ret = TPLOAD_EXIT_ENV;
	size_t i, n;

	while ((opt = getopt_long(argc, argv, "K:snxc:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'K':
			po.trust_dir = optarg;
			break;
		case 's':
			po.require_signature = true;
			break;
		case 'n':
			dry_run = true;
			break;
		case 'x':
			exclusive = true;
			break;
		case 'c':
			cgroup = optarg;
			break;
		case 'E':
		case 'F':
		case 'Q':
			ring = opt == 'E' ? &c->rings.events : opt == 'F' ? &c->rings.enforce :
			       &c->rings.procs;
			if (ev_out_parse_size(optarg, ring) || !core_ring_size_valid(*ring)) {
				fprintf(stderr, "apply: bad --%s '%s' (a power of two, 4K..1G)\n",
					opt == 'E' ? "events-ring-size" : opt == 'F' ? "enforce-ring-size" :
					"process-ring-size", optarg);
				return TPLOAD_EXIT_USAGE;
			}
			break;
		case 'P':
			c->no_process_events = true;
			break;
		case 'C':
			c->rings.process_cred = true;
			break;
		case 'N':
			c->rings.process_ns = true;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		help(stderr);
		return TPLOAD_EXIT_USAGE;
	}
	c->path = argv[optind];
	w = cli_json(env);

	/* 1. verify: nothing of the root is touched before the bundle is trusted */
	c->pkg = tp_pkg__open(c->path, &po);
	if (!c->pkg) {
		ret = errno == EKEYREJECTED || errno == EBADMSG ? TPLOAD_EXIT_POLICY :
		      cli_exit_env(-errno);
		pr_warn("bundle %s refused: nothing was changed\n", c->path);
		goto out;
	}
	if (!w)
		print_header(c);
	if (!dry_run && !env->btf && !path_exists("/sys/kernel/btf/vmlinux")) {
		pr_warn("kernel BTF not found (/sys/kernel/btf/vmlinux): the kernel needs CONFIG_DEBUG_INFO_BTF=y (or give --btf FILE)\n");
		goto out;
	}

	/* 2. the root, consistent (a dry run repairs nothing) */
	err = root_open(&c->root, env->root, !dry_run);
	if (err && !(dry_run && err == -ENOENT)) {
		ret = cli_exit_env(err);
		goto out;
	}
	c->have_root = !err;
	if (c->have_root && !dry_run) {
		/* never stage policies against a core pinned by another ABI
		 * version (before repair, which would relink it): as load does
		 */
		err = core_abi_check(&c->root, &core_replaced);
		if (err) {
			ret = err == -EPROTO ? TPLOAD_EXIT_ENV : cli_exit_env(err);
			goto out;
		}
		err = root_repair(&c->root, env->btf);
		cli_print_repairs(&c->root);
		if (err) {
			ret = cli_exit_env(err);
			goto out;
		}
	}
	if (c->have_root && dry_run && core_present(&c->root)) {
		int abi = core_abi_read(c->root.path);

		if (abi >= 0 && abi != TP_ABI_VERSION)
			pr_warn("note: the pinned core has ABI version %d, this tpload needs %d: apply replaces it if no policy is loaded, else refuses (unload --all first)\n",
				abi, TP_ABI_VERSION);
	}
	journal = c->have_root && !path_join(p, sizeof(p), c->root.path, TXN_DIR) &&
		  path_exists(p);
	if (journal)
		pr_note("note: %s holds an interrupted transaction; the next run that changes the root repairs it first\n",
			c->root.path);
	err = read_loaded(c);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	if (c->have_root) {
		err = applied_read(c->root.path, &c->rec);
		if (!err)
			c->have_rec = true;
		else if (err == -EINVAL)
			pr_warn("warning: %s/%s cannot be read: policies of the last apply are not known (replaced, not removed)\n",
				c->root.path, TP_APPLIED_NAME);
		else if (err != -ENOENT)
			pr_warn("warning: %s/%s: %s\n", c->root.path, TP_APPLIED_NAME,
				strerror(-err));
	}

	/* 3. the plan */
	n = tp_pkg__nr_policies(c->pkg);
	c->want = calloc(n + 1, sizeof(*c->want));
	c->new_ids = calloc(n + 1, sizeof(*c->new_ids));
	if (!c->want || !c->new_ids) {
		ret = cli_exit_env(-ENOMEM);
		goto out;
	}
	for (i = 0; i < n; i++) {
		c->want[i].name = tp_pkg__policy(c->pkg, i)->name;
		c->want[i].digest = tp_pkg__policy(c->pkg, i)->digest;
	}
	err = plan_build(c->want, n, c->loaded, c->nr_loaded, c->have_rec ? &c->rec : NULL,
			 exclusive, &c->plan);
	if (err) {
		ret = cli_exit_env(err);
		goto out;
	}
	noop = plan_is_noop(&c->plan, c->loaded, c->have_rec ? &c->rec : NULL,
			    tp_pkg__digest(c->pkg)) && !journal;
	if (!w) {
		printf("plan for %s:\n", c->have_root ? c->root.path : env->root);
		print_plan_text(c);
	}
	if (noop) {
		ret = TPLOAD_EXIT_OK;
		if (!w)
			printf("bundle sha256:%s is already applied: nothing to do\n",
			       tp_pkg__digest(c->pkg));
		goto out;
	}
	if (dry_run) {
		ret = TPLOAD_EXIT_OK;
		if (!w)
			printf("dry run: nothing was changed\n");
		goto out;
	}
	fflush(stdout);	/* the plan before what staging reports */

	/* 4. one transaction */
	ret = run_plan(c, cgroup);
	if (ret != TPLOAD_EXIT_OK) {
		if (c->failed)
			pr_warn("policy '%s' failed: nothing was changed, the previous set stays\n",
				c->failed);
		else
			pr_warn("apply failed: nothing was changed, the previous set stays\n");
		goto out;
	}
	if (!w) {
		printf("applied bundle sha256:%s: %zu added, %zu replaced, %zu removed, %zu unchanged%s\n",
		       tp_pkg__digest(c->pkg), c->plan.nr[PLAN_ADD], c->plan.nr[PLAN_REPLACE],
		       c->plan.nr[PLAN_REMOVE], c->plan.nr[PLAN_KEEP],
		       !c->core_now ? "" : core_replaced ? "; core of an older ABI replaced" :
		       "; core loaded");
	}
out:
	if (w) {
		json_bundle(w, c);
		jsonw_bool_field(w, "dry_run", dry_run);
		if (c->plan.items) {
			json_plan(w, c);
			jsonw_bool_field(w, "noop", noop);
		}
		if (c->failed) {
			jsonw_name(w, "failed");
			jsonw_start_object(w);
			jsonw_string_field(w, "policy", c->failed);
			if (c->failed_b)
				cli_json_rejection(w, c->failed_b);
			jsonw_end_object(w);
		}
		jsonw_bool_field(w, "core_loaded", c->core_now);
		cli_json_repairs(w, &c->root);
		cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	}
	tp_bundle__close(c->failed_b);
	plan_free(&c->plan);
	free(c->want);
	free(c->new_ids);
	free_loaded(c);
	applied_free(&c->rec);
	/* a root this run created stays only if something is in it */
	if (ret != TPLOAD_EXIT_OK && c->root.lock_fd >= 0 && c->root.created)
		rmdir(c->root.path);
	root_close(&c->root);
	tp_pkg__close(c->pkg);
	return ret;
}
