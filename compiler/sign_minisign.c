// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* minisign-format signatures with libsodium (see sign_minisign.h). Only the
 * file formats are handled here; every primitive (Ed25519, BLAKE2b, scrypt,
 * base64) is libsodium's.
 *
 * Secret key file: a comment line, then base64 of
 *   sig_alg "Ed" | kdf_alg "Sc" or 0,0 | chk_alg "B2" | salt[32] |
 *   opslimit[8 LE] | memlimit[8 LE] | keyid[8] | sk[64] | chk[32]
 * where keyid|sk|chk is XORed with scrypt(password) when kdf_alg is "Sc", and
 * chk = BLAKE2b-256(sig_alg | keyid | sk).
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sign_minisign.h"

#define SK_LEN		158
#define KEYNUM_SK_OFF	54
#define KEYNUM_SK_LEN	104	/* keyid 8 + sk 64 + chk 32 */
#define KEYID_LEN	8

static int read_small(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return 0;
}

static unsigned long long le64(const unsigned char *p)
{
	unsigned long long v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Decodes the key file into @sk (SK_LEN bytes), still encrypted. */
static int decode_seckey(const char *path, unsigned char *sk)
{
	char text[1024], *line;
	size_t n = 0;
	int err;

	err = read_small(path, text, sizeof(text));
	if (err) {
		pr_warn("%s: %s\n", path, strerror(-err));
		return err;
	}
	line = strchr(text, '\n');
	if (strncmp(text, "untrusted comment:", 18) || !line) {
		pr_warn("%s: not a minisign secret key\n", path);
		return -EINVAL;
	}
	line++;
	line[strcspn(line, "\r\n")] = '\0';
	if (sodium_base642bin(sk, SK_LEN, line, strlen(line), NULL, &n, NULL,
			      sodium_base64_VARIANT_ORIGINAL) || n != SK_LEN ||
	    memcmp(sk, "Ed", 2) || memcmp(sk + 4, "B2", 2)) {
		sodium_memzero(text, sizeof(text));
		pr_warn("%s: not a minisign Ed25519 secret key\n", path);
		return -EINVAL;
	}
	sodium_memzero(text, sizeof(text));
	if (memcmp(sk + 2, "Sc", 2) && (sk[2] || sk[3])) {
		pr_warn("%s: unsupported key derivation '%.2s'\n", path, (char *)sk + 2);
		return -EINVAL;
	}
	return 0;
}

int minisign_key_encrypted(const char *path)
{
	unsigned char *sk;
	int err;

	if (sodium_init() < 0)
		return -EFAULT;
	sk = sodium_malloc(SK_LEN);
	if (!sk)
		return -ENOMEM;
	err = decode_seckey(path, sk);
	if (!err)
		err = memcmp(sk + 2, "Sc", 2) == 0;
	sodium_free(sk);
	return err;
}

/* Loads and decrypts the key into @sk (SK_LEN bytes, sodium_malloc'ed). */
static int load_seckey(const char *path, const char *password, unsigned char *sk)
{
	unsigned char chk[32], pk[crypto_sign_PUBLICKEYBYTES], seed_sk[crypto_sign_SECRETKEYBYTES];
	crypto_generichash_state hs;
	int err;

	err = decode_seckey(path, sk);
	if (err)
		return err;
	if (memcmp(sk + 2, "Sc", 2) == 0) {
		unsigned char stream[KEYNUM_SK_LEN];
		size_t i;

		if (!password) {
			pr_warn("%s is encrypted with a password: give --password-file\n", path);
			return -ENOKEY;
		}
		if (crypto_pwhash_scryptsalsa208sha256(stream, sizeof(stream), password,
						       strlen(password), sk + 6, le64(sk + 38),
						       le64(sk + 46))) {
			pr_warn("%s: cannot derive the key (scrypt limits too high?)\n", path);
			return -EKEYREJECTED;
		}
		for (i = 0; i < KEYNUM_SK_LEN; i++)
			sk[KEYNUM_SK_OFF + i] ^= stream[i];
		sodium_memzero(stream, sizeof(stream));
		/* the checksum is written (and checked by minisign) only for
		 * encrypted keys; -W keys carry zeros there
		 */
		crypto_generichash_init(&hs, NULL, 0, sizeof(chk));
		crypto_generichash_update(&hs, sk, 2);
		crypto_generichash_update(&hs, sk + KEYNUM_SK_OFF, KEYID_LEN + 64);
		crypto_generichash_final(&hs, chk, sizeof(chk));
		if (sodium_memcmp(chk, sk + KEYNUM_SK_OFF + KEYID_LEN + 64, sizeof(chk))) {
			pr_warn("%s: wrong password, or a corrupt key\n", path);
			return -EKEYREJECTED;
		}
	}
	/* an Ed25519 secret key is seed | public key: they must agree */
	if (crypto_sign_seed_keypair(pk, seed_sk, sk + KEYNUM_SK_OFF + KEYID_LEN) ||
	    sodium_memcmp(pk, sk + KEYNUM_SK_OFF + KEYID_LEN + 32, sizeof(pk))) {
		sodium_memzero(seed_sk, sizeof(seed_sk));
		pr_warn("%s: corrupt key (its public half does not match)\n", path);
		return -EKEYREJECTED;
	}
	sodium_memzero(seed_sk, sizeof(seed_sk));
	return 0;
}

int minisign_sign(const void *msg, size_t len, const char *seckey_path, const char *password,
		  const char *trusted_comment, char **sig_text, char keyid[17])
{
	unsigned char hash[crypto_generichash_BYTES_MAX], sig[2 + KEYID_LEN + 64], global[64];
	char sig_b64[sodium_base64_ENCODED_LEN(sizeof(sig), sodium_base64_VARIANT_ORIGINAL)];
	char glob_b64[sodium_base64_ENCODED_LEN(sizeof(global), sodium_base64_VARIANT_ORIGINAL)];
	unsigned char *sk, *tc_msg;
	size_t tc_len = strlen(trusted_comment);
	int err;

	*sig_text = NULL;
	if (sodium_init() < 0) {
		pr_warn("internal error: libsodium cannot initialize\n");
		return -EFAULT;
	}
	if (strpbrk(trusted_comment, "\r\n") || tc_len > 8000) {
		pr_warn("the trusted comment must be one line of at most 8000 bytes\n");
		return -EINVAL;
	}
	sk = sodium_malloc(SK_LEN);
	if (!sk)
		return -ENOMEM;
	err = load_seckey(seckey_path, password, sk);
	if (err)
		goto out;
	/* "ED": Ed25519 over BLAKE2b-512 of the message (minisign's default) */
	crypto_generichash(hash, sizeof(hash), msg, len, NULL, 0);
	memcpy(sig, "ED", 2);
	memcpy(sig + 2, sk + KEYNUM_SK_OFF, KEYID_LEN);
	crypto_sign_detached(sig + 2 + KEYID_LEN, NULL, hash, sizeof(hash),
			     sk + KEYNUM_SK_OFF + KEYID_LEN);
	/* the global signature covers the signature and the trusted comment */
	tc_msg = malloc(64 + tc_len);
	if (!tc_msg) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(tc_msg, sig + 2 + KEYID_LEN, 64);
	memcpy(tc_msg + 64, trusted_comment, tc_len);
	crypto_sign_detached(global, NULL, tc_msg, 64 + tc_len, sk + KEYNUM_SK_OFF + KEYID_LEN);
	free(tc_msg);
	snprintf(keyid, 17, "%016llX", le64(sk + KEYNUM_SK_OFF));
	sodium_bin2base64(sig_b64, sizeof(sig_b64), sig, sizeof(sig),
			  sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(glob_b64, sizeof(glob_b64), global, sizeof(global),
			  sodium_base64_VARIANT_ORIGINAL);
	if (asprintf(sig_text,
		     "untrusted comment: signature from tpc, minisign key %s\n%s\n"
		     "trusted comment: %s\n%s\n", keyid, sig_b64, trusted_comment, glob_b64) < 0) {
		*sig_text = NULL;
		err = -ENOMEM;
	}
out:
	sodium_free(sk);
	return err;
}
