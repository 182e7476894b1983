/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Record filters of `tpload events` (docs/events.md), like the filters of
 * `tetra getevents`: --policy NAME, --type TYPE, --binary PATH[*]. Each
 * may be given several times: a record passes a flag if it matches one of
 * its values (OR), and it is printed if it passes every flag given (AND).
 * No logging here (unit-tested).
 */
#ifndef TP_EV_FILTER_H
#define TP_EV_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/* Tetragon's event types (the key of the JSON object) that tpc knows. */
enum ev_type {
	EV_PROCESS_EXEC,
	EV_PROCESS_EXIT,
	EV_PROCESS_KPROBE,
	EV_PROCESS_TRACEPOINT,
	EV_PROCESS_LSM,
	EV_TYPE_COUNT,
	EV_TYPE_UNKNOWN = EV_TYPE_COUNT,
};

const char *ev_type_name(enum ev_type t);	/* NULL for EV_TYPE_UNKNOWN */
enum ev_type ev_type_parse(const char *name);	/* EV_TYPE_UNKNOWN if none */

enum ev_filter_kind {
	EV_F_POLICY,
	EV_F_TYPE,
	EV_F_BINARY,
};

struct ev_filter_bin {
	char *path;
	size_t len;
	bool prefix;		/* "PATH*": every binary starting with PATH */
};

struct ev_filter {
	char **policies;
	size_t nr_policies;
	unsigned int types;	/* 1 << enum ev_type */
	struct ev_filter_bin *bins;
	size_t nr_bins;
};

/* Adds one value. 0; -EINVAL (with a reason in @why) for a bad value;
 * -ENOMEM.
 */
int ev_filter_add(struct ev_filter *f, enum ev_filter_kind k, const char *value, char *why,
		  size_t why_size);
void ev_filter_free(struct ev_filter *f);
bool ev_filter_empty(const struct ev_filter *f);

/* @policy: the record's policy name (NULL: unknown, matches no --policy);
 * @binary/@len: its process binary as printed (len 0: unknown).
 */
bool ev_filter_match(const struct ev_filter *f, const char *policy, enum ev_type type,
		     const char *binary, size_t len);

#endif
