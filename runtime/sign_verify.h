/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Checking minisign signatures (Ed25519; "ED" = over BLAKE2b-512 of the
 * data, "Ed" = legacy, over the data) against the public keys of a trust
 * directory, with libsodium. tpc writes these signatures
 * (compiler/sign_minisign.c); so does `minisign -S`.
 */
#ifndef TP_SIGN_VERIFY_H
#define TP_SIGN_VERIFY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* Default trust directory: minisign public key files (*.pub). */
#define TP_TRUST_DIR	"/etc/tpc/trusted-keys"

struct tp_sig_result {
	char keyid[17];			/* the signature's key id, as minisign prints it */
	char key_file[PATH_MAX];	/* the trusted key that verified it */
	char trusted_comment[1024];	/* verified (truncated to fit) */
	unsigned int nr_trusted;	/* usable keys found in the trust directory */
};

/* Checks the signature file @sig_path over @data with the keys of
 * @trust_dir. 0 good; -ENOENT no signature file (not reported);
 * -ENOKEY the trust directory has no usable key (reported as a warning:
 * the caller decides); -EKEYREJECTED bad signature, malformed signature
 * file, or signed by a key that is not trusted (reported); -ENOMEM;
 * -EFAULT libsodium cannot initialize.
 */
int sig_verify(const void *data, size_t len, const char *sig_path, const char *trust_dir,
	       struct tp_sig_result *res);

#endif
