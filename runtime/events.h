/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Ring buffer records (tp_abi.h) -> Tetragon process_tracepoint JSON
 * (protojson shape: snake_case, zero values omitted, 64-bit ints as
 * strings, bytes base64, RFC 3339 UTC times) or a readable one-liner.
 * Policy names, hooks, messages and tags come from the pinned meta of the
 * policy named by the record's policy_id; process and parent blocks from
 * the entries the core captured at exec (ev_proc.h).
 */
#ifndef TP_EVENTS_H
#define TP_EVENTS_H

#include <stddef.h>
#include <stdio.h>

#include <linux/types.h>

#include "tp_abi.h"
#include "ev_filter.h"
#include "json_writer.h"

struct tp_events;

/* @root: pin root. NULL with errno set. */
struct tp_events *events_new(const char *root);
void events_free(struct tp_events *e);	/* NULL-safe */

/* One record. 0, or -EINVAL for a malformed record (nothing written). */
int events_format_json(struct tp_events *e, const void *data, size_t size, struct json_writer *w);
int events_format_text(struct tp_events *e, const void *data, size_t size, FILE *f);

/* What the filters and the compact format need of a record. */
struct events_info {
	enum ev_type type;	/* EV_TYPE_UNKNOWN for a kind this tpload does not know */
	const char *policy;	/* NULL if the policy is not (no longer) loaded */
	const char *target;	/* the hook's target from the meta, or NULL */
	__u16 action;		/* TP_ACTION_* */
	size_t binary_len;	/* 0: unknown */
	char binary[TP_PATH_MAX + 8];	/* as printed ("head...tail" when kept in part) */
};

/* The Tetragon event type of a record kind (tp_abi.h TP_EV_*). */
enum ev_type events_type_of_kind(unsigned int kind);

/* 0, or -EINVAL if the record is too short for a header. The strings stay
 * valid until the next call on @e.
 */
int events_info(struct tp_events *e, const void *data, size_t size, struct events_info *info);

/* One line like `tetra getevents -o compact`: emoji, type word, node,
 * binary, what happened; then the policy and a non-Post action. Names and
 * paths escaped (util.h). 0 or -EINVAL.
 */
int events_format_compact(struct tp_events *e, const void *data, size_t size, FILE *f);

/* Renders a path kept in TP_PATH_MAX bytes (@avail of them present) with
 * the whole path's @len and TP_PATH_F_* @flags: whole, "head...tail" or
 * "...tail". Returns the bytes written to @buf (NUL-terminated).
 */
size_t events_path_render(char *buf, size_t size, const char *path, size_t avail, __u32 len,
			  __u32 flags);

#endif
