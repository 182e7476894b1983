// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Printing counters (stats_fmt.h). */
#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "core_abi.h"
#include "counters.h"
#include "stats_fmt.h"
#include "util.h"

static const struct {
	const char *name;
	size_t off;
	bool selector;
} fields[] = {
	{ "matched", offsetof(struct tp_counters, matched), true },
	{ "posted", offsetof(struct tp_counters, posted), true },
	{ "dropped", offsetof(struct tp_counters, dropped), true },
	{ "signaled", offsetof(struct tp_counters, signaled), true },
	{ "overridden", offsetof(struct tp_counters, overridden), true },
	{ "unreadable", offsetof(struct tp_counters, unreadable), false },
	{ "unknown", offsetof(struct tp_counters, unknown), false },
	{ "failclosed", offsetof(struct tp_counters, failclosed), true },
};

static __u64 field(const struct tp_counters *c, size_t i)
{
	__u64 v;

	memcpy(&v, (const char *)c + fields[i].off, sizeof(v));
	return v;
}

void stats_text(FILE *f, const struct tp_counters *c, enum stats_set set)
{
	size_t i;
	bool first = true;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (set == STATS_SELECTOR && !fields[i].selector)
			continue;
		fprintf(f, "%s%s %llu", first ? "" : "  ", fields[i].name,
			(unsigned long long)field(c, i));
		first = false;
	}
}

void stats_json_fields(struct json_writer *w, const struct tp_counters *c, enum stats_set set)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (set == STATS_ALL || fields[i].selector)
			jsonw_uint_field(w, fields[i].name, field(c, i));
}

void stats_json_counters(struct json_writer *w, const char *name, const struct tp_counters *c)
{
	jsonw_name(w, name);
	jsonw_start_object(w);
	stats_json_fields(w, c, STATS_ALL);
	jsonw_end_object(w);
}

/* Entries of tp_procs: read in batches (BPF_MAP_LOOKUP_BATCH) of PROCS_CHUNK,
 * or key by key where batches fail (old kernels; a bucket larger than a batch).
 */
#define PROCS_CHUNK	128

static long count_procs_batch(int fd)
{
	LIBBPF_OPTS(bpf_map_batch_opts, bo);
	struct {
		__u32 keys[PROCS_CHUNK];
		struct tp_proc vals[PROCS_CHUNK];
	} *b;
	__u32 in = 0, out = 0, cnt;
	long n = 0;
	int err;

	b = malloc(sizeof(*b));
	if (!b)
		return -1;
	for (;;) {
		cnt = PROCS_CHUNK;
		err = bpf_map_lookup_batch(fd, n ? &in : NULL, &out, b->keys, b->vals, &cnt, &bo);
		if (err && errno != ENOENT) {
			n = -1;
			break;
		}
		n += cnt;
		if (err)
			break;	/* ENOENT: that was the last batch */
		in = out;
	}
	free(b);
	return n;
}

long stats_count_procs(const char *root)
{
	char p[PATH_MAX];
	__u32 key, next;
	long n = 0;
	int fd;

	if (path_fmt(p, sizeof(p), "%s/%s/maps/tp_procs", root, TP_CORE_DIR))
		return -1;
	fd = bpf_obj_get(p);
	if (fd < 0)
		return -1;
	n = count_procs_batch(fd);
	if (n < 0 && !bpf_map_get_next_key(fd, NULL, &key)) {
		n = 1;
		while (!bpf_map_get_next_key(fd, &key, &next)) {
			key = next;
			n++;
		}
	} else if (n < 0) {
		n = 0;
	}
	close(fd);
	return n;
}

static const struct {
	const char *name;
	size_t off;
} core_fields[] = {
	{ "execs", offsetof(struct tp_core_counters, execs) },
	{ "forks", offsetof(struct tp_core_counters, forks) },
	{ "exits", offsetof(struct tp_core_counters, exits) },
	{ "seeded", offsetof(struct tp_core_counters, seeded) },
	{ "procs_full", offsetof(struct tp_core_counters, procs_full) },
	{ "path_nohead", offsetof(struct tp_core_counters, path_nohead) },
	{ "path_unreadable", offsetof(struct tp_core_counters, path_unreadable) },
	{ "exec_early", offsetof(struct tp_core_counters, exec_early) },
	{ "proc_dropped", offsetof(struct tp_core_counters, proc_dropped) },
};

void stats_core(struct json_writer *w, const struct tp_root *r)
{
	struct tp_core_counters cc;
	bool present = core_present(r);
	long procs = present ? stats_count_procs(r->path) : -1;
	int abi = present ? core_abi_read(r->path) : 0, err = -ENOENT;
	size_t i;

	if (present)
		err = counters_read_core(r->path, &cc);
	if (w) {
		jsonw_name(w, "core");
		jsonw_start_object(w);
		jsonw_bool_field(w, "loaded", present);
		if (abi > 0)
			jsonw_int_field(w, "abi", abi);
		if (procs >= 0)
			jsonw_int_field(w, "procs", procs);
		jsonw_int_field(w, "procs_max", TP_PROCS_MAX);
		if (!err) {
			jsonw_name(w, "counters");
			jsonw_start_object(w);
			for (i = 0; i < sizeof(core_fields) / sizeof(core_fields[0]); i++) {
				__u64 v;

				memcpy(&v, (const char *)&cc + core_fields[i].off, sizeof(v));
				jsonw_uint_field(w, core_fields[i].name, v);
			}
			jsonw_end_object(w);
		}
		jsonw_end_object(w);
		return;
	}
	if (!present) {
		printf("core: not loaded\n");
		return;
	}
	printf("core: ABI %d, %ld of %d process entries in use\n", abi, procs, TP_PROCS_MAX);
	if (abi != TP_ABI_VERSION)
		printf("  (this tpload is ABI %d: it cannot use this core)\n", TP_ABI_VERSION);
	if (err) {
		printf("  (no counters: %s)\n", strerror(-err));
		return;
	}
	printf(" ");
	for (i = 0; i < sizeof(core_fields) / sizeof(core_fields[0]); i++) {
		__u64 v;

		memcpy(&v, (const char *)&cc + core_fields[i].off, sizeof(v));
		printf(" %s %llu", core_fields[i].name, (unsigned long long)v);
	}
	printf("\n");
}
