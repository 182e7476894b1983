/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Printing counters (tpload stats, tpload list): text and JSON. */
#ifndef TP_STATS_FMT_H
#define TP_STATS_FMT_H

#include <stdio.h>

#include "tp_abi.h"
#include "core.h"
#include "json_writer.h"

enum stats_set {
	STATS_SELECTOR,		/* matched posted dropped signaled overridden failclosed */
	STATS_ALL,		/* and unreadable unknown */
};

/* "matched 3  posted 3  ..." (no newline) */
void stats_text(FILE *f, const struct tp_counters *c, enum stats_set set);
/* the fields into the current JSON object */
void stats_json_fields(struct json_writer *w, const struct tp_counters *c, enum stats_set set);
/* "name": { every field } */
void stats_json_counters(struct json_writer *w, const char *name, const struct tp_counters *c);
/* The core: ABI, processes tracked, its counters ("core" object in JSON). */
void stats_core(struct json_writer *w, const struct tp_root *r);
/* Entries of the core's tp_procs, -1 if unreadable. */
long stats_count_procs(const char *root);

#endif
