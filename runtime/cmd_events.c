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
#include "events.h"
#include "log.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] events [--follow] [--count N] [--timeout SEC]\n"
		"Print the records waiting in the core ring buffer and exit (the ring is\n"
		"drained: each record is printed once). With -j, one Tetragon-compatible\n"
		"JSON object per line (process_tracepoint).\n\n"
		"  -f, --follow        keep waiting for new records\n"
		"  -n, --count N       stop after N records\n"
		"  -t, --timeout SEC   with --follow: stop after SEC seconds\n"
		"  -j, --json          JSON lines\n"
		"  -h, --help          this help\n");
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

struct ev_ctx {
	struct tp_events *ev;
	const struct cli_env *env;
	long count;		/* records printed */
	long max;		/* 0: no limit */
	long bad;
};

static int on_record(void *ctx, void *data, size_t size)
{
	struct ev_ctx *c = ctx;
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
	fflush(stdout);
	c->count++;
	/* Stop right after the last wanted record: libbpf advances the
	 * consumer past this record only and bails out on a negative
	 * return, so later records stay in the ring for the next reader
	 * (a positive return would consume them unprinted).
	 */
	return c->max && c->count >= c->max ? -ECANCELED : 0;
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
	struct timespec t0, t;
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
	ctx.ev = events_new(env->root);
	if (!ctx.ev) {
		ret = cli_exit_env(-errno);
		goto fail;
	}
	rb = ring_buffer__new(fd, on_record, &ctx, NULL);
	if (!rb) {
		pr_warn("cannot open the ring buffer %s: %s\n", p, strerror(errno));
		ret = cli_exit_env(-errno);
		goto fail;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, on_signal);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		err = follow ? ring_buffer__poll(rb, 100) : ring_buffer__consume(rb);
		if (err == -EINTR || err == -ECANCELED)
			err = 0;
		if (err < 0) {
			pr_warn("reading events: %s\n", strerror(-err));
			ret = cli_exit_env(err);
			break;
		}
		if (stop || (ctx.max && ctx.count >= ctx.max))
			break;
		if (!follow && err == 0)
			break;		/* drained */
		if (follow && timeout > 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if ((double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 >= timeout)
				break;
		}
	}
	ring_buffer__free(rb);
	events_free(ctx.ev);
	close(fd);
	return ret;

fail:
	if (env->json) {
		w = cli_json(env);
		cli_json_finish(&w, false);
	}
	ring_buffer__free(rb);
	events_free(ctx.ev);
	if (fd >= 0)
		close(fd);
	return ret;
}
