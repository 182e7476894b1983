/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Policy bundles, the reading side (docs/bundle-format.md): a directory or
 * ustar bundle made by `tpc bundle`, its signature checked against a trust
 * directory, its manifest parsed, every object read into memory and checked
 * against the manifest's digest. Whatever uses the objects afterwards
 * (tpload apply) uses these verified bytes, never the files again.
 * ("pkg" in code: runtime/bundle.c's struct tp_bundle is one policy object.)
 *
 * Library code: reports each failure once (log.h), returns NULL with errno.
 */
#ifndef TP_PKG_H
#define TP_PKG_H

#include <stdbool.h>
#include <stddef.h>

#define TP_PKG_FORMAT		1

struct tp_pkg;

struct tp_pkg_opts {
	size_t sz;			/* = sizeof(struct tp_pkg_opts) */
	const char *trust_dir;		/* minisign *.pub keys; default TP_TRUST_DIR */
	bool require_signature;		/* unsigned, or no trusted key: refused */
	size_t :0;
};
#define tp_pkg_opts__last_field require_signature

struct tp_pkg_target {
	char *kind;			/* btf | tracefs | snapshot | ... */
	char *origin;			/* decoded; "" if none */
	char *digest;			/* "sha256:<hex>" or "" */
};

struct tp_pkg_require {
	int hook;			/* hook id in the object's .tpc.meta */
	char *feature;
};

struct tp_pkg_policy {
	char *name;
	char *object;			/* "objects/<name>.bpf.o" */
	char digest[65];		/* sha256 hex of the object, checked */
	size_t size;
	char *source;			/* decoded YAML path as given to tpc */
	const void *image;		/* the verified object bytes (owned by the pkg) */
	struct tp_pkg_target *targets;
	size_t nr_targets;
	struct tp_pkg_require *requires;
	size_t nr_requires;
};

struct tp_pkg_source {
	char *path;			/* decoded */
	char digest[65];
	size_t size;
};

enum tp_pkg_sig {
	TP_PKG_UNSIGNED,		/* no signature file */
	TP_PKG_SIG_UNCHECKED,		/* signed, but no trusted key at all (allowed
					 * only without require_signature)
					 */
	TP_PKG_SIG_GOOD,		/* verified with a trusted key */
};

/**
 * @brief **tp_pkg__open()** reads and verifies a bundle: signature (if any;
 * a bad one, or one by a key not in a non-empty trust directory, is always
 * refused), manifest (format, content digest, object ABI, arch), and every
 * object's size and sha256; files not listed are refused.
 * @return the bundle, or NULL with errno: EKEYREJECTED (signature refused,
 * or unsigned/unchecked with require_signature), EBADMSG (malformed or
 * tampered bundle, wrong ABI/arch), ENOENT/EACCES/EIO..., ENOMEM; reported.
 */
struct tp_pkg *tp_pkg__open(const char *path, const struct tp_pkg_opts *opts);
void tp_pkg__close(struct tp_pkg *p);		/* NULL-safe */

const char *tp_pkg__digest(const struct tp_pkg *p);	/* content digest, hex */
const char *tp_pkg__format(const struct tp_pkg *p);	/* "dir" | "tar" */
const char *tp_pkg__generator(const struct tp_pkg *p);	/* "tpc 0.1.0" */
int tp_pkg__abi(const struct tp_pkg *p);
const char *tp_pkg__arch(const struct tp_pkg *p);
enum tp_pkg_sig tp_pkg__sig(const struct tp_pkg *p);
/* "good" | "unchecked" | "none" */
const char *tp_pkg_sig_str(enum tp_pkg_sig s);
/* After TP_PKG_SIG_GOOD/UNCHECKED: key id; GOOD: key file, trusted comment. */
const char *tp_pkg__sig_keyid(const struct tp_pkg *p);
const char *tp_pkg__sig_key_file(const struct tp_pkg *p);
const char *tp_pkg__sig_comment(const struct tp_pkg *p);
size_t tp_pkg__nr_policies(const struct tp_pkg *p);
const struct tp_pkg_policy *tp_pkg__policy(const struct tp_pkg *p, size_t i);	/* name order */
size_t tp_pkg__nr_sources(const struct tp_pkg *p);
const struct tp_pkg_source *tp_pkg__source(const struct tp_pkg *p, size_t i);

#endif
