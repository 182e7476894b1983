// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Per-CPU counters of policies and of the core, summed over CPUs. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tp_abi.h"
#include "core.h"
#include "counters.h"
#include "util.h"

#define NR_FIELDS(T)	(sizeof(T) / sizeof(__u64))

/* Sums the per-CPU values of row @key of @fd (value @vsize bytes of u64s). */
static int read_row(int fd, __u32 key, size_t vsize, __u64 *sum)
{
	int ncpu = libbpf_num_possible_cpus();
	size_t n = vsize / sizeof(__u64), stride = (vsize + 7) & ~(size_t)7, c, i;
	char *buf;

	if (ncpu <= 0)
		return -EINVAL;
	buf = calloc((size_t)ncpu, stride);
	if (!buf)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &key, buf)) {
		int err = -errno;

		free(buf);
		return err;
	}
	memset(sum, 0, vsize);
	for (c = 0; c < (size_t)ncpu; c++) {
		const __u64 *v = (const __u64 *)(buf + c * stride);

		for (i = 0; i < n; i++)
			sum[i] += v[i];
	}
	free(buf);
	return 0;
}

static void add(struct tp_counters *a, const struct tp_counters *b)
{
	__u64 *x = (__u64 *)a;
	const __u64 *y = (const __u64 *)b;
	size_t i;

	for (i = 0; i < NR_FIELDS(*a); i++)
		x[i] += y[i];
}

/* fd and row count of a policy's counters map; -ENOENT if it has none. */
static int open_counters(const char *root, const char *dir, __u32 *rows)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char p[PATH_MAX];
	int fd;

	if (path_fmt(p, sizeof(p), "%s/%s/maps/tp_counters", root, dir))
		return -ENAMETOOLONG;
	fd = bpf_obj_get(p);
	if (fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) ||
	    info.value_size != sizeof(struct tp_counters) || info.type != BPF_MAP_TYPE_PERCPU_ARRAY) {
		close(fd);
		return -EINVAL;
	}
	*rows = info.max_entries;
	return fd;
}

int counters_read_policy(const char *root, const char *dir, size_t nr_hooks,
			 struct tp_policy_counters *out)
{
	__u32 rows, stride, h, s;
	int fd, err = 0;

	memset(out, 0, sizeof(*out));
	fd = open_counters(root, dir, &rows);
	if (fd < 0)
		return fd;
	if (!nr_hooks || rows % nr_hooks || rows / nr_hooks < 2)
		nr_hooks = 1;	/* unknown shape: one hook, all rows */
	stride = rows / (__u32)nr_hooks;
	out->hooks = calloc(nr_hooks, sizeof(*out->hooks));
	if (!out->hooks) {
		close(fd);
		return -ENOMEM;
	}
	out->nr_hooks = nr_hooks;
	for (h = 0; h < nr_hooks && !err; h++) {
		struct tp_hook_counters *hc = &out->hooks[h];

		hc->nr_sel = stride - 1;
		hc->sel = calloc(hc->nr_sel ? hc->nr_sel : 1, sizeof(*hc->sel));
		if (!hc->sel) {
			err = -ENOMEM;
			break;
		}
		err = read_row(fd, h * stride, sizeof(hc->hook), (__u64 *)&hc->hook);
		add(&out->total, &hc->hook);
		for (s = 0; s < hc->nr_sel && !err; s++) {
			err = read_row(fd, h * stride + 1 + s, sizeof(hc->sel[s]), (__u64 *)&hc->sel[s]);
			add(&hc->total, &hc->sel[s]);
		}
		add(&out->total, &hc->total);
	}
	close(fd);
	if (err)
		counters_free(out);
	return err;
}

void counters_free(struct tp_policy_counters *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr_hooks; i++)
		free(c->hooks[i].sel);
	free(c->hooks);
	memset(c, 0, sizeof(*c));
}

int counters_read_core(const char *root, struct tp_core_counters *out)
{
	char p[PATH_MAX];
	int fd, err;

	memset(out, 0, sizeof(*out));
	if (path_fmt(p, sizeof(p), "%s/%s/maps/tp_core_stats", root, TP_CORE_DIR))
		return -ENAMETOOLONG;
	fd = bpf_obj_get(p);
	if (fd < 0)
		return -errno;
	err = read_row(fd, 0, sizeof(*out), (__u64 *)out);
	close(fd);
	return err;
}

int counters_dropped_total(const char *root, __u64 *dropped)
{
	struct tp_root r = { .lock_fd = -1 };
	struct tp_counters row;
	char **names = NULL;
	size_t nr = 0, i;
	__u32 rows, k;
	int err, fd;

	*dropped = 0;
	if (path_fmt(r.path, sizeof(r.path), "%s", root))
		return -ENAMETOOLONG;
	err = policies_list(&r, &names, &nr);
	if (err)
		return err;
	for (i = 0; i < nr; i++) {
		fd = open_counters(root, names[i], &rows);
		if (fd < 0)
			continue;
		for (k = 0; k < rows; k++)
			if (!read_row(fd, k, sizeof(row), (__u64 *)&row))
				*dropped += row.dropped;
		close(fd);
	}
	names_free(names, nr);
	return 0;
}
