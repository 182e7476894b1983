// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpc sign: sign a bundle with a minisign key (docs/bundle-format.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "json_writer.h"
#include "pkg_sign.h"

static void sign_usage(FILE *f)
{
	fprintf(f,
		"Usage: tpc [-j] sign -k SECKEY [OPTIONS] BUNDLE\n"
		"\n"
		"Sign a bundle made by tpc bundle with an Ed25519 minisign secret key\n"
		"(minisign -G). The signature covers the bundle's root file (BUNDLE for the\n"
		"tar form, BUNDLE/manifest for a directory) and is written next to it as\n"
		"<root>.minisig, in minisign's format: `minisign -V -p KEY.pub -m <root>`\n"
		"checks it, and so does `tpload verify`.\n"
		"\n"
		"Options:\n"
		"  -k, --key SECKEY         minisign secret key file\n"
		"      --password-file F    password of an encrypted key (else prompted)\n"
		"  -t, --trusted-comment T  signed comment (default: tpc bundle sha256:<digest>)\n"
		"  -h, --help               this text\n"
		"\n"
		"Exit status: 0 signed, 1 not a bundle or wrong password, 2 usage,\n"
		"3 environment (I/O).\n");
}

int cmd_sign(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key",		required_argument,	NULL, 'k' },
		{ "password-file",	required_argument,	NULL, 'P' },
		{ "trusted-comment",	required_argument,	NULL, 't' },
		{ "help",		no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key = NULL, *pwfile = NULL, *tc = NULL;
	struct pkg_sig_info info = {};
	int c, err, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "k:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			key = optarg;
			break;
		case 'P':
			pwfile = optarg;
			break;
		case 't':
			tc = optarg;
			break;
		case 'h':
			sign_usage(stdout);
			return TPC_EXIT_OK;
		default:
			sign_usage(stderr);
			return TPC_EXIT_USAGE;
		}
	}
	if (!key || optind + 1 != argc) {
		fprintf(stderr, "tpc sign: %s\n", !key ? "-k SECKEY is required" : "one BUNDLE expected");
		sign_usage(stderr);
		return TPC_EXIT_USAGE;
	}
	err = pkg_sign(argv[optind], key, pwfile, tc, &info);
	if (!err)
		ret = TPC_EXIT_OK;
	else if (err == -EINVAL || err == -EKEYREJECTED || err == -ENOKEY)
		ret = TPC_EXIT_POLICY;
	else
		ret = cli_exit_code(err, 0);
	if (env->json) {
		struct json_writer *jw = jsonw_new(stdout);

		if (jw) {
			char d[80];

			jsonw_pretty(jw, env->pretty);
			jsonw_start_object(jw);
			jsonw_bool_field(jw, "ok", !err);
			jsonw_string_field(jw, "command", "sign");
			jsonw_int_field(jw, "exit_code", ret);
			jsonw_string_field(jw, "bundle", argv[optind]);
			if (!err) {
				snprintf(d, sizeof(d), "sha256:%s", info.content);
				jsonw_string_field(jw, "digest", d);
				jsonw_string_field(jw, "signature", info.sig_path);
				jsonw_string_field(jw, "key_id", info.keyid);
			}
			jsonw_end_object(jw);
			jsonw_destroy(&jw);
		}
	} else if (!err) {
		printf("%s: signed by key %s\n", info.sig_path, info.keyid);
	}
	return ret;
}
