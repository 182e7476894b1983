/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Signing a bundle: the minisign signature of its root file
 * (pkg_root_file()), written next to it as <root>.minisig.
 */
#ifndef TPC_PKG_SIGN_H
#define TPC_PKG_SIGN_H

#include <stddef.h>

struct pkg_sig_info {
	char keyid[17];		/* as minisign prints it */
	char sig_path[4096];	/* the .minisig written */
	char content[65];	/* the bundle's content digest */
};

/* Signs @bundle (either form) with @seckey. An encrypted key takes its
 * password from the first line of @password_file, or else from a prompt on
 * the terminal. @trusted_comment NULL: "tpc bundle sha256:<content digest>"
 * (deterministic: Ed25519 signatures are, so the same bundle and key give
 * the same .minisig bytes).
 * 0 or -errno (logged): -EKEYREJECTED wrong password or corrupt key,
 * -ENOKEY encrypted key and no way to get its password, -EINVAL not a
 * bundle or not a key, other -errno from I/O.
 */
int pkg_sign(const char *bundle, const char *seckey, const char *password_file,
	     const char *trusted_comment, struct pkg_sig_info *info);

#endif
