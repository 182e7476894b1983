// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpc bundle: every policy of a repository compiled into one artifact with a
 * manifest (docs/bundle-format.md), optionally signed.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cmd_common.h"
#include "json_writer.h"
#include "log.h"
#include "pkg_sign.h"
#include "pkg_write.h"
#include "vec.h"

#ifndef TPC_VERSION
#define TPC_VERSION "dev"
#endif

struct bundle_ctx {
	struct pkg_builder b;
	const char *output;
	bool tar;
	const char *seckey;
	const char *password_file;
	const char *trusted_comment;
	bool written;
	bool signed_;
	struct pkg_sig_info sig;
};

struct file_list {
	char **v;
	size_t n, cap;
};

static void bundle_usage(FILE *f)
{
	fprintf(f,
		"Usage: tpc [-j] bundle [OPTIONS] -o BUNDLE DIR|FILE...\n"
		"\n"
		"Compile every policy of every FILE, and of every *.yaml/*.yml file under\n"
		"each DIR (recursively, hidden entries skipped, in byte order), into one\n"
		"bundle: the objects plus a manifest with their sha256 digests, the source\n"
		"files' digests, the tpc version and the target-kernel data of each object\n"
		"(docs/bundle-format.md). The bytes depend only on the inputs (paths as\n"
		"given: use relative paths) and the tpc version. Prints the bundle's content\n"
		"digest.\n"
		"\n"
		"Options:\n"
		"  -o, --output BUNDLE      the bundle: a directory, or a single ustar file\n"
		"      --format dir|tar     default: tar when BUNDLE ends in .tar, else dir\n"
		"  -k, --sign SECKEY        sign it with a minisign secret key (see tpc sign)\n"
		"      --password-file F    password of an encrypted SECKEY (else prompted)\n"
		"  -t, --trusted-comment T  signed comment (default: tpc bundle sha256:<digest>)\n"
		"      --btf FILE, --tracefs DIR, --target-snapshot FILE, --btf-module NAME=FILE\n"
		"                           the target kernel, as for compile (default: this\n"
		"                           machine's running kernel)\n"
		"      --arch ARCH          x86 or arm64 (default: the snapshot's machine, else x86)\n"
		"  -h, --help               this text\n"
		"\n"
		"Exit status: 0 ok, 1 a policy has errors (no bundle is written), 2 usage,\n"
		"3 environment (I/O, key), 4 internal error.\n");
}

static int list_add(struct file_list *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], path) == 0)
			return 0;
	if (vec_ensure((void **)&l->v, &l->cap, sizeof(*l->v), l->n + 1))
		return -ENOMEM;
	l->v[l->n] = strdup(path);
	if (!l->v[l->n])
		return -ENOMEM;
	l->n++;
	return 0;
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .yaml/.yml file under @dir, byte order (never the locale's), no hidden
 * entries, symlinks to directories not followed.
 */
static int walk(struct file_list *l, const char *dir, int depth)
{
	struct file_list names = {};
	struct dirent *de;
	char path[4096];
	size_t i;
	DIR *d;
	int err = 0;

	if (depth > 32)
		return 0;
	d = opendir(dir);
	if (!d) {
		err = -errno;
		pr_warn("%s: %s\n", dir, strerror(-err));
		return err;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && (err = list_add(&names, de->d_name)))
			break;
	closedir(d);
	qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	for (i = 0; i < names.n && !err; i++) {
		struct stat st, lst;
		size_t dl = strlen(dir);

		if (snprintf(path, sizeof(path), "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/",
			     names.v[i]) >= (int)sizeof(path)) {
			err = -ENAMETOOLONG;
			break;
		}
		if (stat(path, &st) || lstat(path, &lst))
			continue;
		if (S_ISDIR(st.st_mode) && !S_ISLNK(lst.st_mode))
			err = walk(l, path, depth + 1);
		else if (S_ISREG(st.st_mode) && is_yaml(names.v[i]))
			err = list_add(l, path);
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return err;
}

static int sink(void *ctx, const char *policy, const char *file, const void *obj, size_t len)
{
	struct bundle_ctx *bc = ctx;

	return pkg_add_object(&bc->b, policy, file, obj, len);
}

static int finish(void *ctx)
{
	struct bundle_ctx *bc = ctx;
	int err;

	err = pkg_build_manifest(&bc->b);
	if (err)
		return err;
	err = bc->tar ? pkg_write_tar(&bc->b, bc->output) : pkg_write_dir(&bc->b, bc->output);
	if (err)
		return err;
	bc->written = true;
	if (!bc->seckey)
		return 0;
	err = pkg_sign(bc->output, bc->seckey, bc->password_file, bc->trusted_comment, &bc->sig);
	if (err)
		return err;
	bc->signed_ = true;
	return 0;
}

static void json_extra(void *ctx, struct json_writer *jw)
{
	struct bundle_ctx *bc = ctx;
	char digest[80];

	jsonw_name(jw, "bundle");
	if (!bc->written) {
		jsonw_null(jw);
		return;
	}
	jsonw_start_object(jw);
	jsonw_string_field(jw, "path", bc->output);
	jsonw_string_field(jw, "format", bc->tar ? "tar" : "dir");
	snprintf(digest, sizeof(digest), "sha256:%s", bc->b.content);
	jsonw_string_field(jw, "digest", digest);
	jsonw_uint_field(jw, "policies", bc->b.nr_objs);
	if (bc->signed_) {
		jsonw_string_field(jw, "signature", bc->sig.sig_path);
		jsonw_string_field(jw, "key_id", bc->sig.keyid);
	} else {
		jsonw_null_field(jw, "signature");
	}
	jsonw_end_object(jw);
}

int cmd_bundle(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output",		required_argument,	NULL, 'o' },
		{ "format",		required_argument,	NULL, 'f' },
		{ "sign",		required_argument,	NULL, 'k' },
		{ "password-file",	required_argument,	NULL, 'P' },
		{ "trusted-comment",	required_argument,	NULL, 't' },
		TARGET_LONGOPTS,
		{ "arch",		required_argument,	NULL, 'a' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bundle_ctx bc = { .b = { .version = TPC_VERSION } };
	struct run_opts ro = { .command = "bundle", .obj_sink = sink, .finish = finish,
			       .json_extra = json_extra, .sink_ctx = &bc };
	struct file_list files = {};
	const char *format = NULL;
	int c, i, ret, err = 0;

	optind = 0;
	ro.arch_out = &bc.b.arch;
	while ((c = getopt_long(argc, argv, "o:k:t:h", opts, NULL)) != -1) {
		if (target_option(&ro, c, optarg))
			continue;
		switch (c) {
		case 'o':
			bc.output = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "dir") && strcmp(optarg, "tar")) {
				fprintf(stderr, "tpc bundle: --format must be dir or tar\n");
				return TPC_EXIT_USAGE;
			}
			format = optarg;
			break;
		case 'k':
			bc.seckey = optarg;
			break;
		case 'P':
			bc.password_file = optarg;
			break;
		case 't':
			bc.trusted_comment = optarg;
			break;
		case 'a':
			if (strcmp(optarg, "x86") && strcmp(optarg, "arm64")) {
				fprintf(stderr, "tpc: unsupported --arch '%s' (x86, arm64)\n", optarg);
				return TPC_EXIT_USAGE;
			}
			ro.arch = bc.b.arch = optarg;
			break;
		case 'h':
			bundle_usage(stdout);
			return TPC_EXIT_OK;
		default:
			bundle_usage(stderr);
			return TPC_EXIT_USAGE;
		}
	}
	if (target_options_check(&ro))
		return TPC_EXIT_USAGE;
	if (!bc.output || !*bc.output || optind >= argc) {
		fprintf(stderr, "tpc bundle: %s\n", !bc.output ? "-o BUNDLE is required" :
			"no input files or directories");
		bundle_usage(stderr);
		return TPC_EXIT_USAGE;
	}
	if (format)
		bc.tar = strcmp(format, "tar") == 0;
	else
		bc.tar = strlen(bc.output) > 4 && strcmp(bc.output + strlen(bc.output) - 4, ".tar") == 0;

	for (i = optind; i < argc && !err; i++) {
		struct stat st;

		if (argv[i][0] == '/')
			pr_warn("warning: %s is an absolute path: it is recorded in the objects and the manifest, so the bundle is reproducible only at this path\n",
				argv[i]);
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			err = walk(&files, argv[i], 0);
		else
			err = list_add(&files, argv[i]);	/* unreadable: run_inputs reports it */
	}
	if (err) {
		ret = cli_exit_code(err, 0);
		goto out;
	}
	if (!files.n) {
		fprintf(stderr, "tpc bundle: no *.yaml or *.yml files in the inputs\n");
		ret = TPC_EXIT_USAGE;
		goto out;
	}
	ret = run_inputs(env, &ro, (int)files.n, files.v);
	if (ret == TPC_EXIT_OK && !env->json) {
		printf("%s sha256:%s (%zu policies%s%s)\n", bc.output, bc.b.content, bc.b.nr_objs,
		       bc.signed_ ? ", signed by key " : "", bc.signed_ ? bc.sig.keyid : "");
	}
out:
	for (size_t k = 0; k < files.n; k++)
		free(files.v[k]);
	free(files.v);
	pkg_builder_free(&bc.b);
	return ret;
}
