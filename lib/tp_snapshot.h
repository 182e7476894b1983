/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The target snapshot: what tpc needs to know about a node's kernel, in one file that
 * `tpload snapshot` writes on the node and `tpc --target-snapshot` reads
 * (docs/tpload.md, docs/tpc.md). Plain C, shared by both sides: entry names, the
 * ustar header layout, the origin rule and the field encoding. The file is a
 * gzip-compressed POSIX tar (ustar) archive, so `tar -tzf` lists it:
 *
 *   tpc-snapshot                              text, first: "tpc-snapshot 1", "kernel <release>",
 *                                             "machine <uname -m>", "btf <origin>",
 *                                             "tracefs <origin>", "functions <origin>|-"
 *   btf/vmlinux                               the kernel's BTF, raw (as /sys/kernel/btf/vmlinux)
 *   btf/<module>                              module BTF (split on vmlinux), when there are any
 *   tracefs/events/<subsys>/<event>/format    every tracepoint format
 *   tracefs/available_filter_functions        when readable (kprobe targets)
 *
 * Order: tpc-snapshot, btf/<module>..., btf/vmlinux, the function list, the formats
 * (names sorted bytewise within each group; readers index by name and do not depend on
 * it). Every header has mode 0644, uid/gid 0, mtime 0 and the gzip header no time, so
 * the same kernel gives the same bytes.
 */
#ifndef TP_SNAPSHOT_H
#define TP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TP_SNAPSHOT_VERSION	1
#define TP_SNAP_HEADER		"tpc-snapshot"
#define TP_SNAP_BTF		"btf/vmlinux"
#define TP_SNAP_BTF_DIR		"btf/"
#define TP_SNAP_EVENTS		"tracefs/events/"	/* + <subsys>/<event>/format */
#define TP_SNAP_FUNCTIONS	"tracefs/available_filter_functions"

/* The running kernel's inputs: the defaults of tpc and of `tpload snapshot`. */
#define TP_LIVE_BTF		"/sys/kernel/btf/vmlinux"
#define TP_LIVE_BTF_DIR		"/sys/kernel/btf"
#define TP_LIVE_TRACEFS		"/sys/kernel/tracing"
#define TP_LIVE_TRACEFS_OLD	"/sys/kernel/debug/tracing"

#define TP_FUNCTIONS_FILE	"available_filter_functions"

/* The function list that goes with a tracefs events directory given as --tracefs DIR:
 * DIR/available_filter_functions if it exists, else DIR/../available_filter_functions
 * when DIR's last component is "events" (where tracefs keeps it). Always sets buf.
 */
void tp_functions_path(char *buf, size_t size, const char *events_dir);

#define TP_TAR_BLOCK		512
#define TP_TAR_NAME_MAX		255	/* ustar: 100 name + 155 prefix bytes */

/* The origin recorded for an input: a path of the running kernel (starts with '/')
 * as is; a file or directory given on a command line by its last component only, so
 * that objects do not depend on where a checkout or download lives. 0, or
 * -ENAMETOOLONG.
 */
int tp_origin(char *buf, size_t size, const char *path, bool live);

/* Percent-encode every byte outside [A-Za-z0-9._/:+@=,-] ("-" for empty), as
 * .tpc.meta fields; decode in place ("-" becomes ""). Encode: 0 or -ENAMETOOLONG.
 */
int tp_pct_encode(char *buf, size_t size, const char *s);
void tp_pct_decode(char *s);

/* A ustar header for a regular file @name of @size bytes (mode 0644, mtime 0).
 * 0, or -ENAMETOOLONG if the name cannot be split into prefix/name.
 */
int tp_tar_header(uint8_t hdr[TP_TAR_BLOCK], const char *name, uint64_t size);

/* Parse the header at @hdr: 1 for a regular file (name into @name, size into *size),
 * 0 for another entry type (skip *size bytes), -ENODATA for the end-of-archive block,
 * -EINVAL for a bad header (checksum, magic, size).
 */
int tp_tar_parse(const uint8_t hdr[TP_TAR_BLOCK], char name[TP_TAR_NAME_MAX + 1],
		 uint64_t *size);

#endif
