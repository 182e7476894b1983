/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Policy bundles, the writing side (tpc bundle): every object of a run, a
 * manifest (docs/bundle-format.md) and the two on-disk forms, a directory
 * and a ustar file. Byte-reproducible: the bytes depend only on the objects,
 * the source files' bytes and paths as given, and the tpc version.
 * ("bundle" is the user-facing word; in code it is a "pkg", because
 * runtime/bundle.c's struct tp_bundle is one policy object.)
 */
#ifndef TPC_PKG_WRITE_H
#define TPC_PKG_WRITE_H

#include <stddef.h>

#define PKG_FORMAT_VERSION	1
#define PKG_DIGEST_HEX		65	/* 64 hex digits + NUL */
#define PKG_MANIFEST		"manifest"
#define PKG_SIG_SUFFIX		".minisig"
/* ustar keeps a name of at most 100 bytes after a '/' split: "objects/" +
 * name + ".bpf.o" fits when the name has at most 93 bytes.
 */
#define PKG_TAR_MAX_NAME	93

struct pkg_object {
	char *policy;		/* owned */
	char *source;		/* owned: input path as given */
	void *obj;		/* owned: the object bytes */
	size_t obj_len;
	char digest[PKG_DIGEST_HEX];
	char *extra;		/* owned: target/requires manifest lines, may be NULL */
};

struct pkg_source {
	char *path;		/* owned, as given */
	size_t size;
	char digest[PKG_DIGEST_HEX];
};

struct pkg_builder {
	const char *version;	/* tpc version (borrowed) */
	const char *arch;	/* "x86" | "arm64" (borrowed) */
	struct pkg_object *objs;
	size_t nr_objs, cap_objs;
	struct pkg_source *srcs;
	size_t nr_srcs, cap_srcs;
	char *manifest;		/* owned, after pkg_build_manifest() */
	size_t manifest_len;
	char content[PKG_DIGEST_HEX];	/* the bundle's content digest */
};

/* sha256 of @data as lowercase hex (libsodium). 0, or -EFAULT if libsodium
 * cannot initialize (logged).
 */
int pkg_sha256_hex(const void *data, size_t len, char out[PKG_DIGEST_HEX]);

/* Adds one object (copied) and its source file (read once, digested).
 * The object's .tpc.meta target/requires lines are copied into the
 * manifest. 0; -ENOMEM; -errno reading the source (logged); -EINVAL for an
 * object without a readable .tpc.meta (logged).
 */
int pkg_add_object(struct pkg_builder *b, const char *policy, const char *source,
		   const void *obj, size_t len);
/* Sorts objects and sources and builds the manifest text. 0 or -ENOMEM. */
int pkg_build_manifest(struct pkg_builder *b);

/* Writes the directory form (DIR/manifest, DIR/objects/<policy>.bpf.o),
 * built next to @path and renamed into place; an existing @path is replaced
 * only if it is a tpc bundle directory. 0 or -errno (logged).
 */
int pkg_write_dir(const struct pkg_builder *b, const char *path);
/* Writes the single-file (ustar) form atomically and removes a stale
 * @path.minisig. 0 or -errno (logged; -ENAMETOOLONG: a policy name longer
 * than PKG_TAR_MAX_NAME).
 */
int pkg_write_tar(const struct pkg_builder *b, const char *path);
void pkg_builder_free(struct pkg_builder *b);	/* members; NULL-safe */

/* The file a bundle's signature covers: DIR/manifest for a directory, the
 * file itself for the tar form. Its signature is that path + ".minisig".
 * 0 or -ENAMETOOLONG / -errno (stat).
 */
int pkg_root_file(const char *bundle, char *buf, size_t size);
/* Reads the "content sha256:<hex>" of a bundle's manifest (either form),
 * without verifying anything. 0, -errno, -EINVAL (not a tpc bundle; logged).
 */
int pkg_read_content_digest(const char *bundle, char out[PKG_DIGEST_HEX]);

/* Writes @len bytes to @path atomically (@path.tmp + rename). 0 or -errno. */
int pkg_write_file(const char *path, const void *buf, size_t len, unsigned int mode);

#endif
