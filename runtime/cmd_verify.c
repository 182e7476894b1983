// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload verify BUNDLE: check a bundle's signature, manifest and objects
 * exactly as apply will, and show what it holds. Changes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "pkg.h"
#include "sign_verify.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] verify [--trust-dir DIR] [--require-signature] BUNDLE\n"
		"Check a bundle made by 'tpc bundle' (a directory or a .tar file) as\n"
		"'tpload apply' does before it loads anything: its minisign signature\n"
		"(BUNDLE.minisig, or BUNDLE/manifest.minisig) against the public keys in\n"
		"the trust directory, the manifest (format, content digest, object ABI,\n"
		"arch) and every object's size and sha256. Prints the bundle's digest,\n"
		"signer and policies. A bad signature, or one by a key that is not trusted,\n"
		"is always refused; an unsigned bundle only with --require-signature.\n\n"
		"  -K, --trust-dir DIR        trusted minisign public keys, *.pub (default %s)\n"
		"  -s, --require-signature    refuse unsigned bundles and unchecked signatures\n"
		"  -h, --help                 this help\n\n"
		"Exit status: 0 verified, 1 refused (tampered, malformed, bad or untrusted\n"
		"signature, unsigned with --require-signature), 2 usage, 3 cannot read it.\n",
		TP_TRUST_DIR);
}

static void print_text(const char *path, const struct tp_pkg *p)
{
	size_t i, j;

	printf("bundle %s: sha256:%s (%s, %zu policies, %s, abi %d, %s)\n", path, tp_pkg__digest(p),
	       tp_pkg__format(p), tp_pkg__nr_policies(p), tp_pkg__generator(p), tp_pkg__abi(p),
	       tp_pkg__arch(p));
	if (tp_pkg__sig(p) == TP_PKG_SIG_GOOD)
		printf("signature: good, key %s (%s)\ntrusted comment: %s\n", tp_pkg__sig_keyid(p),
		       tp_pkg__sig_key_file(p), tp_pkg__sig_comment(p));
	else if (tp_pkg__sig(p) == TP_PKG_SIG_UNCHECKED)
		printf("signature: NOT CHECKED (key %s; no trusted key)\n", tp_pkg__sig_keyid(p));
	else
		printf("signature: none (unsigned)\n");
	for (i = 0; i < tp_pkg__nr_policies(p); i++) {
		const struct tp_pkg_policy *pol = tp_pkg__policy(p, i);

		printf("policy %s: %s sha256:%s %zu bytes, from %s\n", pol->name, pol->object,
		       pol->digest, pol->size, pol->source);
		for (j = 0; j < pol->nr_targets; j++)
			printf("  target %s %s %s\n", pol->targets[j].kind,
			       *pol->targets[j].origin ? pol->targets[j].origin : "-",
			       *pol->targets[j].digest ? pol->targets[j].digest : "-");
		for (j = 0; j < pol->nr_requires; j++)
			printf("  requires hook %d: %s\n", pol->requires[j].hook,
			       pol->requires[j].feature);
	}
}

static void print_json(struct json_writer *w, const char *path, const struct tp_pkg *p)
{
	char d[80];
	size_t i, j;

	jsonw_string_field(w, "bundle", path);
	if (!p)
		return;
	snprintf(d, sizeof(d), "sha256:%s", tp_pkg__digest(p));
	jsonw_string_field(w, "digest", d);
	jsonw_string_field(w, "format", tp_pkg__format(p));
	jsonw_string_field(w, "generator", tp_pkg__generator(p));
	jsonw_int_field(w, "abi", tp_pkg__abi(p));
	jsonw_string_field(w, "arch", tp_pkg__arch(p));
	jsonw_name(w, "signature");
	jsonw_start_object(w);
	jsonw_string_field(w, "status", tp_pkg_sig_str(tp_pkg__sig(p)));
	if (tp_pkg__sig(p) != TP_PKG_UNSIGNED)
		jsonw_string_field(w, "key_id", tp_pkg__sig_keyid(p));
	if (tp_pkg__sig(p) == TP_PKG_SIG_GOOD) {
		jsonw_string_field(w, "key_file", tp_pkg__sig_key_file(p));
		jsonw_string_field(w, "trusted_comment", tp_pkg__sig_comment(p));
	}
	jsonw_end_object(w);
	jsonw_name(w, "sources");
	jsonw_start_array(w);
	for (i = 0; i < tp_pkg__nr_sources(p); i++) {
		const struct tp_pkg_source *s = tp_pkg__source(p, i);

		jsonw_start_object(w);
		jsonw_string_field(w, "path", s->path);
		snprintf(d, sizeof(d), "sha256:%s", s->digest);
		jsonw_string_field(w, "digest", d);
		jsonw_uint_field(w, "size", s->size);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_name(w, "policies");
	jsonw_start_array(w);
	for (i = 0; i < tp_pkg__nr_policies(p); i++) {
		const struct tp_pkg_policy *pol = tp_pkg__policy(p, i);

		jsonw_start_object(w);
		jsonw_string_field(w, "name", pol->name);
		jsonw_string_field(w, "object", pol->object);
		snprintf(d, sizeof(d), "sha256:%s", pol->digest);
		jsonw_string_field(w, "digest", d);
		jsonw_uint_field(w, "size", pol->size);
		jsonw_string_field(w, "source", pol->source);
		jsonw_name(w, "targets");
		jsonw_start_array(w);
		for (j = 0; j < pol->nr_targets; j++) {
			jsonw_start_object(w);
			jsonw_string_field(w, "kind", pol->targets[j].kind);
			jsonw_string_field(w, "origin", pol->targets[j].origin);
			jsonw_string_field(w, "digest", pol->targets[j].digest);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
		jsonw_name(w, "requires");
		jsonw_start_array(w);
		for (j = 0; j < pol->nr_requires; j++) {
			jsonw_start_object(w);
			jsonw_int_field(w, "hook", pol->requires[j].hook);
			jsonw_string_field(w, "feature", pol->requires[j].feature);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

int cmd_verify(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust-dir", required_argument, NULL, 'K' },
		{ "require-signature", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct tp_pkg_opts po = { .sz = sizeof(po) };
	struct json_writer *w;
	struct tp_pkg *p;
	int c, ret;

	while ((c = getopt_long(argc, argv, "K:sh", opts, NULL)) != -1) {
		switch (c) {
		case 'K':
			po.trust_dir = optarg;
			break;
		case 's':
			po.require_signature = true;
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
	p = tp_pkg__open(argv[optind], &po);
	if (p)
		ret = TPLOAD_EXIT_OK;
	else if (errno == EKEYREJECTED || errno == EBADMSG)
		ret = TPLOAD_EXIT_POLICY;
	else
		ret = cli_exit_env(-errno);
	w = cli_json(env);
	if (w) {
		print_json(w, argv[optind], p);
		cli_json_finish(&w, p != NULL);
	} else if (p) {
		print_text(argv[optind], p);
	}
	tp_pkg__close(p);
	return ret;
}
