/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Reading a target snapshot (lib/tp_snapshot.h: a gzip-compressed ustar archive
 * written by `tpload snapshot`) into memory, with its entries indexed by name.
 */
#ifndef TPC_SNAPSHOT_H
#define TPC_SNAPSHOT_H

#include <stddef.h>

struct snapshot;

/* Read and index @path. 0; -errno if it cannot be read (why: strerror); -EINVAL if it
 * is not a tpc snapshot this version reads (why: the reason); -ENOMEM. *out is owned
 * by the caller (snapshot_free).
 */
int snapshot_read(const char *path, struct snapshot **out, char *why, size_t why_sz);
void snapshot_free(struct snapshot *s);		/* NULL-safe */

/* The bytes of entry @name (owned by s), NULL if absent. */
const void *snapshot_entry(const struct snapshot *s, const char *name, size_t *len);
/* A field of the tpc-snapshot header ("kernel", "machine", "btf", "tracefs"),
 * decoded; NULL if absent or "-".
 */
const char *snapshot_field(const struct snapshot *s, const char *key);
/* sha256 of the file as stored (lowercase hex). */
const char *snapshot_sha256(const struct snapshot *s);

#endif
