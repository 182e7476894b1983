/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Signing in minisign's format (Ed25519 over BLAKE2b-512 of the file,
 * "ED", with a signed "trusted comment"), with libsodium: a signature that
 * `minisign -V` checks and a key that `minisign -G` makes.
 * tpload checks these signatures (runtime/sign_verify.c).
 */
#ifndef TPC_SIGN_MINISIGN_H
#define TPC_SIGN_MINISIGN_H

#include <stddef.h>

/* Signs @msg with the minisign secret key in @seckey_path. An encrypted key
 * (minisign -G without -W) needs @password (NULL: the key must be
 * unencrypted). @trusted_comment is one line, signed too. On success
 * *sig_text is the .minisig file's text (malloc'ed) and @keyid (17 bytes)
 * the key id as minisign prints it.
 * 0; -EINVAL (bad key file or comment), -EKEYREJECTED (wrong password or
 * corrupt key), -ENOKEY (encrypted key, no password), -errno reading: all
 * logged; -ENOMEM; -EFAULT (libsodium cannot initialize).
 */
int minisign_sign(const void *msg, size_t len, const char *seckey_path, const char *password,
		  const char *trusted_comment, char **sig_text, char keyid[17]);

/* 1 if the minisign secret key in @path is encrypted with a password, 0 if
 * not, -errno / -EINVAL (not a minisign key) otherwise (logged).
 */
int minisign_key_encrypted(const char *path);

#endif
