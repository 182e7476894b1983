/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Small helpers for tpload: bounded paths, files, bpffs, encodings. */
#ifndef TP_UTIL_H
#define TP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BPF_FS_MAGIC_NR		0xcafe4a11

/* Joins @a "/" @b into @buf. 0, or -ENAMETOOLONG (never truncates). */
int path_join(char *buf, size_t size, const char *a, const char *b);
/* snprintf that returns 0 or -ENAMETOOLONG. */
int path_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* mkdir -p. 0 or -errno. */
int mkdir_p(const char *path, unsigned int mode);
bool path_exists(const char *path);
/* Milliseconds of CLOCK_MONOTONIC (for -v timings). */
long long mono_ms(void);
/* Reads a whole file. *buf is malloc'ed (owned by the caller) and
 * NUL-terminated (not counted in *len). 0 or -errno.
 */
int read_file(const char *path, char **buf, size_t *len);
/* The same for a regular file of at most @max bytes, refused by fstat()
 * before anything is read: -EISDIR, -EINVAL (not a regular file), -EFBIG
 * (over @max).
 */
int read_file_max(const char *path, size_t max, char **buf, size_t *len);

/* True if @path is on a bpffs. */
bool is_bpffs(const char *path);
/* Makes sure the bpffs that will hold @root is mounted: if the nearest
 * existing ancestor of @root is not on bpffs and it is (or is under)
 * /sys/fs/bpf, mounts bpffs on /sys/fs/bpf. Reports its own errors.
 * 0, or -errno (-ENOTSUP: @root is not on a bpffs and cannot be).
 */
int bpffs_ensure(const char *root);

/* Standard base64 with padding; *out is malloc'ed. 0 or -ENOMEM. */
int base64_encode(const void *data, size_t len, char **out);
/* Percent-decoding of a .tpc.meta field, in place; "-" becomes "". */
void percent_decode(char *s);

/* bpffs refuses names with a '.' (reserved by the kernel: bpf_lookup()
 * returns EPERM), so pinned names map '.' to '_': map "x.rodata" is pinned
 * as "x_rodata", policy "a.b" lives in <root>/a_b. '_' never occurs in a
 * policy name, so the mapping is reversible there. 0 or -ENAMETOOLONG.
 */
int pin_name(char *buf, size_t size, const char *name);
/* <root>/<pin_name(policy)>[/<sub>] */
int policy_path(char *buf, size_t size, const char *root, const char *policy, const char *sub);

/* A policy name tpload accepts: [A-Za-z0-9.-], starting with a letter or
 * digit, <= 253 bytes (tpc enforces DNS-1123; no '/', no '_').
 */
bool policy_name_valid(const char *name);

/* Writes @s to @f with control bytes escaped: bytes < 0x20 and 0x7f as
 * \xNN (newline and tab kept when @keep_nl), so names and messages from an
 * object or a pinned meta cannot drive the terminal. Bytes >= 0x80 are
 * written as they are (UTF-8).
 */
void fputs_escaped(FILE *f, const char *s, bool keep_nl);
/* Up to @n bytes of @p (stops at a NUL), escaped like fputs_escaped()
 * without keeping newlines; with @quoted also '"' and '\\' (for text inside
 * double quotes).
 */
void fput_escaped_n(FILE *f, const char *p, size_t n, bool quoted);
/* @s with control bytes escaped (as above, newline too) into @buf,
 * truncated to fit; returns @buf.
 */
const char *str_escape(char *buf, size_t size, const char *s);

#endif
