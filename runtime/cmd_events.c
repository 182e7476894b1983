// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload events: read the pinned tp_events ring buffer. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tp_abi.h"
#include "cli.h"
#include "core_abi.h"
#include "counters.h"
#include "events.h"
#include "log.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] events [--follow] [--count N] [--timeout SEC]\n"
		"Print the records waiting in the core ring buffers and exit (the rings\n"
		"are drained: each record is printed once): tp_enforce (records of\n"
		"selectors that enforce, kept apart so an observability flood cannot\n"
		"drop them) and tp_events. With -j, one Tetragon-compatible JSON object\n"
		"per line (process_tracepoint). Records dropped because a ring was full\n"
		"are counted per policy ('tpload stats'); a warning on stderr says how\n"
		"many were dropped before and while this command ran. What one read\n"
		"takes from both rings is printed in time order.\n\n"
		"  -f, --follow        keep waiting for new records\n"
		"  -n, --count N       stop after N records (tp_enforce's first)\n"
		"  -t, --timeout SEC   with --follow: stop after SEC seconds\n"
		"  -j, --json          JSON lines\n"
		"  -h, --help          this help\n");
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/* Records of one round (both rings), printed in ktime order: the two rings
 * are read one after the other, so their records are merged here.
 */
#define EV_BATCH	4096

struct ev_rec {
	__u64 ktime;
	size_t seq;		/* arrival order: ties keep it */
	size_t size;
	void *data;
};

struct ev_ctx {
	struct tp_events *ev;
	const struct cli_env *env;
	long count;		/* records printed */
	long max;		/* 0: no limit */
	long bad;
	struct ev_rec *pend;	/* taken from the rings, not printed yet */
	size_t npend;
	int err;		/* -ENOMEM while copying */
};

static int print_record(struct ev_ctx *c, const void *data, size_t size)
{
	struct json_writer *w;
	int err;

	if (c->env->json) {
		w = jsonw_new(stdout);
		if (!w)
			return -ENOMEM;
		jsonw_pretty(w, c->env->pretty);
		err = events_format_json(c->ev, data, size, w);
		jsonw_destroy(&w);
	} else {
		err = events_format_text(c->ev, data, size, stdout);
	}
	if (err) {
		c->bad++;
		pr_info("skipping a malformed record (%zu bytes)\n", size);
		return 0;
	}
	c->count++;
	return 0;
}

/* Copies a record. Stops the ring (a negative return: libbpf advances the
 * consumer past this record only) when the batch is full or holds the last
 * wanted record, so later records stay in the ring for the next reader.
 */
static int on_record(void *ctx, void *data, size_t size)
{
	struct ev_ctx *c = ctx;
	struct ev_rec *r = &c->pend[c->npend];
	const struct tp_ev_hdr *h = data;

	r->data = malloc(size ? size : 1);
	if (!r->data) {
		c->err = -ENOMEM;
		return -ENOMEM;
	}
	memcpy(r->data, data, size);
	r->size = size;
	r->ktime = size >= sizeof(*h) ? h->ktime : 0;
	r->seq = c->npend++;
	if (c->npend == EV_BATCH || (c->max && c->count + (long)c->npend >= c->max))
		return -ECANCELED;
	return 0;
}

static int cmp_rec(const void *a, const void *b)
{
	const struct ev_rec *x = a, *y = b;

	if (x->ktime != y->ktime)
		return x->ktime < y->ktime ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Prints and frees the batch; returns how many records it held. */
static size_t flush(struct ev_ctx *c)
{
	size_t i, n = c->npend;

	qsort(c->pend, n, sizeof(*c->pend), cmp_rec);
	for (i = 0; i < n; i++) {
		if (!c->err)
			c->err = print_record(c, c->pend[i].data, c->pend[i].size);
		free(c->pend[i].data);
	}
	fflush(stdout);
	c->npend = 0;
	return n;
}

/* Warns (stderr, also in JSON mode: stdout carries only events) when the
 * policies' dropped counters grew past *seen; updates *seen.
 */
static void warn_drops(const char *root, __u64 *seen, bool first)
{
	__u64 now;

	if (counters_dropped_total(root, &now) || now <= *seen) {
		if (!first)
			return;
		if (now < *seen)
			*seen = now;	/* a policy was unloaded */
		return;
	}
	if (first)
		fprintf(stderr, "tpload: warning: %llu records were dropped before this read (ring buffer full; per policy: tpload stats)\n",
			(unsigned long long)(now - *seen));
	else
		fprintf(stderr, "tpload: warning: %llu more records dropped (ring buffer full; per policy: tpload stats)\n",
			(unsigned long long)(now - *seen));
	*seen = now;
}

int cmd_events(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct ev_ctx ctx = { .env = env };
	struct ring_buffer *rb = NULL;
	struct json_writer *w;
	struct timespec t0, t, last = {};
	__u64 drops = 0;
	int efd = -1, abi;
	double timeout = 0;
	bool follow = false;
	char p[PATH_MAX], *end;
	int c, fd = -1, err, ret = TPLOAD_EXIT_OK;

	while ((c = getopt_long(argc, argv, "fn:t:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			follow = true;
			break;
		case 'n':
			ctx.max = strtol(optarg, &end, 10);
			if (*end || ctx.max <= 0) {
				fprintf(stderr, "events: bad --count '%s'\n", optarg);
				return TPLOAD_EXIT_USAGE;
			}
			break;
		case 't':
			timeout = strtod(optarg, &end);
			if (*end || timeout <= 0) {
				fprintf(stderr, "events: bad --timeout '%s'\n", optarg);
				return TPLOAD_EXIT_USAGE;
			}
			break;
		case 'j':
			env->json = true;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		help(stderr);
		return TPLOAD_EXIT_USAGE;
	}
	log_init(env->verbose, env->json);

	err = path_fmt(p, sizeof(p), "%s/%s/maps/tp_events", env->root, TP_CORE_DIR);
	fd = err ? -1 : bpf_obj_get(p);
	if (fd < 0) {
		err = -errno;
		if (err == -ENOENT)
			pr_warn("the core is not loaded (%s absent): nothing to read\n", p);
		else
			pr_warn("%s: %s\n", p, strerror(errno));
		ret = cli_exit_env(err);
		goto fail;
	}
	/* records of another ABI version would be misread */
	abi = core_abi_read(env->root);
	if (abi != TP_ABI_VERSION) {
		if (abi < 0)
			pr_warn("cannot read the ABI version of the pinned core: %s\n", strerror(-abi));
		else
			pr_warn("the pinned core has ABI version %d, this tpload reads version %d: use the tpload that loaded it\n",
				abi, TP_ABI_VERSION);
		ret = TPLOAD_EXIT_ENV;
		goto fail;
	}
	err = path_fmt(p, sizeof(p), "%s/%s/maps/tp_enforce", env->root, TP_CORE_DIR);
	efd = err ? -1 : bpf_obj_get(p);
	if (efd < 0) {
		pr_warn("%s: %s\n", p, strerror(errno));
		ret = cli_exit_env(-errno);
		goto fail;
	}
	ctx.pend = calloc(EV_BATCH, sizeof(*ctx.pend));
	if (!ctx.pend) {
		ret = cli_exit_env(-ENOMEM);
		goto fail;
	}
	ctx.ev = events_new(env->root);
	if (!ctx.ev) {
		ret = cli_exit_env(-errno);
		goto fail;
	}
	/* enforcement records first: ring_buffer__consume() drains the rings
	 * in the order they were added
	 */
	rb = ring_buffer__new(efd, on_record, &ctx, NULL);
	if (!rb || ring_buffer__add(rb, fd, on_record, &ctx)) {
		pr_warn("cannot open the ring buffers under %s/%s/maps: %s\n", env->root,
			TP_CORE_DIR, strerror(errno));
		ret = cli_exit_env(-errno);
		goto fail;
	}
	warn_drops(env->root, &drops, true);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, on_signal);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		size_t n;

		err = follow ? ring_buffer__poll(rb, 100) : ring_buffer__consume(rb);
		if (err == -EINTR || err == -ECANCELED)
			err = 0;
		n = flush(&ctx);
		if (!err && ctx.err)
			err = ctx.err;
		if (err < 0) {
			pr_warn("reading events: %s\n", strerror(-err));
			ret = cli_exit_env(err);
			break;
		}
		if (stop || (ctx.max && ctx.count >= ctx.max))
			break;
		if (!follow && n == 0)
			break;		/* drained */
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec > last.tv_sec) {	/* about once a second */
			warn_drops(env->root, &drops, false);
			last = t;
		}
		if (follow && timeout > 0 &&
		    (double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 >= timeout)
			break;
	}
	warn_drops(env->root, &drops, false);
	ring_buffer__free(rb);
	events_free(ctx.ev);
	free(ctx.pend);
	close(fd);
	close(efd);
	return ret;

fail:
	if (env->json) {
		w = cli_json(env);
		cli_json_finish(&w, false);
	}
	ring_buffer__free(rb);
	events_free(ctx.ev);
	free(ctx.pend);
	if (fd >= 0)
		close(fd);
	if (efd >= 0)
		close(efd);
	return ret;
}
