// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minisign signature checks (sign_verify.h). Only the file formats are
 * parsed here; Ed25519, BLAKE2b and base64 are libsodium's.
 *
 * Public key file: "untrusted comment: ..." line, then base64 of
 *   "Ed" | keyid[8] | pk[32]
 * Signature file: "untrusted comment: ..." line, base64 of
 *   "ED" or "Ed" | keyid[8] | sig[64]
 * then "trusted comment: TEXT", then base64 of the global signature, an
 * Ed25519 signature of sig[64] | TEXT.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "sign_verify.h"

#define KEYID_LEN	8
#define PK_LEN		(2 + KEYID_LEN + 32)
#define SIG_LEN		(2 + KEYID_LEN + 64)
#define MAX_TEXT	16384

/* Reads a small text file (at most MAX_TEXT - 1 bytes), NUL-terminated. */
static int read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	size_t off = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (off < size - 1) {
		n = read(fd, buf + off, size - 1 - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
	}
	close(fd);
	buf[off] = '\0';
	return 0;
}

/* Splits @text into lines in place; returns the number found (at most max). */
static int split_lines(char *text, char **lines, int max)
{
	int n = 0;

	while (*text && n < max) {
		char *nl = strchr(text, '\n');

		lines[n++] = text;
		if (!nl)
			break;
		if (nl > text && nl[-1] == '\r')
			nl[-1] = '\0';
		*nl = '\0';
		text = nl + 1;
	}
	return n;
}

static int b64_exact(const char *s, unsigned char *out, size_t len)
{
	size_t n = 0;

	if (sodium_base642bin(out, len, s, strlen(s), NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || n != len)
		return -EINVAL;
	return 0;
}

static void keyid_str(const unsigned char *k, char out[17])
{
	unsigned long long v = 0;
	int i;

	for (i = KEYID_LEN - 1; i >= 0; i--)
		v = v << 8 | k[i];
	snprintf(out, 17, "%016llX", v);
}

/* Loads a public key file into @pk (PK_LEN bytes). */
static int load_pubkey(const char *path, unsigned char *pk)
{
	char text[2048], *lines[2];
	int err;

	err = read_text(path, text, sizeof(text));
	if (err)
		return err;
	if (split_lines(text, lines, 2) < 2 || strncmp(lines[0], "untrusted comment:", 18) ||
	    b64_exact(lines[1], pk, PK_LEN) || memcmp(pk, "Ed", 2))
		return -EINVAL;
	return 0;
}

int sig_verify(const void *data, size_t len, const char *sig_path, const char *trust_dir,
	       struct tp_sig_result *res)
{
	unsigned char sig[SIG_LEN], global[64], pk[PK_LEN], hash[crypto_generichash_BYTES_MAX];
	char *text, *lines[4], path[PATH_MAX];
	const unsigned char *msg;
	size_t msg_len, tc_len;
	bool key_seen = false;
	struct dirent *de;
	unsigned char *gmsg;
	DIR *d;
	int err;

	memset(res, 0, sizeof(*res));
	if (sodium_init() < 0) {
		pr_warn("internal error: libsodium cannot initialize\n");
		return -EFAULT;
	}
	text = malloc(MAX_TEXT);
	if (!text)
		return -ENOMEM;
	err = read_text(sig_path, text, MAX_TEXT);
	if (err == -ENOENT)
		goto out;
	if (err) {
		pr_warn("%s: %s\n", sig_path, strerror(-err));
		goto out;
	}
	if (split_lines(text, lines, 4) < 4 || strncmp(lines[0], "untrusted comment:", 18) ||
	    b64_exact(lines[1], sig, SIG_LEN) || strncmp(lines[2], "trusted comment: ", 17) ||
	    b64_exact(lines[3], global, sizeof(global)) ||
	    (memcmp(sig, "ED", 2) && memcmp(sig, "Ed", 2))) {
		pr_warn("%s: not a minisign Ed25519 signature\n", sig_path);
		err = -EKEYREJECTED;
		goto out;
	}
	keyid_str(sig + 2, res->keyid);

	d = opendir(trust_dir);
	if (!d) {
		err = -errno;
		if (err != -ENOENT) {
			pr_warn("%s: %s\n", trust_dir, strerror(-err));
			err = -EKEYREJECTED;
			goto out;
		}
	}
	while (d && (de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' || n < 5 || strcmp(de->d_name + n - 4, ".pub"))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", trust_dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (load_pubkey(path, pk)) {
			pr_warn("warning: %s: not a minisign public key, ignored\n", path);
			continue;
		}
		res->nr_trusted++;
		if (sodium_memcmp(pk + 2, sig + 2, KEYID_LEN) == 0) {
			key_seen = true;
			break;
		}
	}
	if (d)
		closedir(d);
	if (!key_seen) {
		if (!res->nr_trusted) {
			pr_warn("%s: no trusted key in %s to check it with\n", sig_path, trust_dir);
			err = -ENOKEY;
		} else {
			pr_warn("%s: signed by key %s, which is not in %s\n", sig_path, res->keyid,
				trust_dir);
			err = -EKEYREJECTED;
		}
		goto out;
	}
	snprintf(res->key_file, sizeof(res->key_file), "%s", path);

	msg = data;
	msg_len = len;
	if (memcmp(sig, "ED", 2) == 0) {
		crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
		msg = hash;
		msg_len = sizeof(hash);
	}
	if (crypto_sign_verify_detached(sig + 2 + KEYID_LEN, msg, msg_len, pk + 2 + KEYID_LEN)) {
		pr_warn("%s: BAD signature (key %s): the signed file or the signature was changed\n",
			sig_path, res->keyid);
		err = -EKEYREJECTED;
		goto out;
	}
	tc_len = strlen(lines[2] + 17);
	gmsg = malloc(64 + tc_len);
	if (!gmsg) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(gmsg, sig + 2 + KEYID_LEN, 64);
	memcpy(gmsg + 64, lines[2] + 17, tc_len);
	err = crypto_sign_verify_detached(global, gmsg, 64 + tc_len, pk + 2 + KEYID_LEN);
	free(gmsg);
	if (err) {
		pr_warn("%s: BAD signature of the trusted comment (key %s)\n", sig_path, res->keyid);
		err = -EKEYREJECTED;
		goto out;
	}
	snprintf(res->trusted_comment, sizeof(res->trusted_comment), "%s", lines[2] + 17);
out:
	free(text);
	return err;
}
