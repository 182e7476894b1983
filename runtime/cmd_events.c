// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload events: read the pinned rings (tp_enforce, tp_events,
 * tp_proc_events), print or export the records (docs/events.md).
 *
 * A round takes what the rings hold (up to EV_BATCH records each), merges
 * them by time, filters, formats and writes the lines, and only then
 * commits the ring positions (ev_ring.h): a reader killed at any instant
 * leaves every record it had not written in the ring. With --cursor the
 * output is fdatasync'ed and the cursor stored before the commit, and a
 * restart skips what the cursor says was written and cuts lines written
 * after the cursor: no loss, no repeat.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "tp_abi.h"
#include "cli.h"
#include "core_abi.h"
#include "counters.h"
#include "ev_cursor.h"
#include "ev_filter.h"
#include "ev_out.h"
#include "ev_ring.h"
#include "events.h"
#include "log.h"
#include "util.h"

#define EV_BATCH		4096	/* records per ring and round */
#define DEF_MAX_SIZE		(10ULL << 20)	/* Tetragon's export-file-max-size-mb 10 */
#define DEF_MAX_FILES		5		/* Tetragon's export-file-max-backups 5 */

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] events [--follow] [--count N] [--timeout SEC]\n"
		"                                [-o json|compact|text] [--output FILE\n"
		"                                [--output-max-size SIZE] [--output-max-files N]\n"
		"                                [--cursor FILE]] [--policy NAME] [--type TYPE]\n"
		"                                [--binary PATH[*]]\n"
		"Print the records waiting in the core ring buffers and exit: tp_enforce\n"
		"(records of selectors that enforce, kept apart so an observability flood\n"
		"cannot drop them), tp_events (the other policy records) and\n"
		"tp_proc_events (process_exec/process_exit, kept apart so an exec flood\n"
		"cannot drop policy records). A record leaves its ring only once it is\n"
		"written. Records of one read are printed in time order. With -j (or -o\n"
		"json) one Tetragon-compatible JSON object per line, the line format of\n"
		"Tetragon's export file. Records dropped because a ring was full are counted\n"
		"per policy ('tpload stats'); a warning on stderr says how many.\n\n"
		"  -f, --follow             keep waiting for new records\n"
		"  -n, --count N            stop after N records (the oldest; the rest stay)\n"
		"  -t, --timeout SEC        with --follow: stop after SEC seconds\n"
		"  -j, --json               JSON lines (same as -o json)\n"
		"  -o, --format FMT         json, compact (one line like tetra getevents -o\n"
		"                           compact) or text (default; json with --output)\n"
		"      --output FILE        append the lines to FILE (created 0600), rotated\n"
		"                           by size: FILE.1 is the newest rotated file\n"
		"      --output-max-size SIZE   rotate before FILE would grow past SIZE\n"
		"                           bytes (K, M, G suffixes; default 10M; 0: never)\n"
		"      --output-max-files N rotated files kept, FILE.1 ... FILE.N (default 5,\n"
		"                           at most 1000; 0: FILE is started again)\n"
		"      --cursor FILE        with --output: where this reader got to; a reader\n"
		"                           restarted with the same FILE neither loses nor\n"
		"                           repeats records (docs/events.md)\n"
		"      --policy NAME        only records of policy NAME\n"
		"      --type TYPE          only records of TYPE: process_tracepoint,\n"
		"                           process_kprobe, process_lsm, process_exec,\n"
		"                           process_exit\n"
		"      --binary PATH[*]     only records of processes whose binary is PATH\n"
		"                           (with a final '*': starts with PATH)\n"
		"                           Filters repeat: any value of a flag (OR), every\n"
		"                           flag given (AND). Filtered records are consumed.\n"
		"  -h, --help               this help\n");
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

enum ev_fmt { FMT_TEXT, FMT_JSON, FMT_COMPACT };

struct rec {
	const void *data;
	size_t size;
	__u64 ktime;
	__u64 end;		/* ring position after the record */
};

struct reader {
	const struct cli_env *env;
	struct tp_events *ev;
	struct ev_filter filter;
	enum ev_fmt fmt;
	struct ev_ring ring[EV_CURSOR_RINGS];	/* tp_enforce, tp_events, tp_proc_events */
	struct rec *recs[EV_CURSOR_RINGS];
	size_t nrec[EV_CURSOR_RINGS];
	__u64 done[EV_CURSOR_RINGS];	/* ring position after the last record handled */
	__u64 stored[EV_CURSOR_RINGS];	/* ... as the cursor has it */
	const char *out_path;
	struct ev_out out;
	bool to_file;
	const char *cursor;
	char *batch;			/* lines not written yet */
	size_t blen, bcap;
	long count, max, bad, filtered;
};

/* ------------------------------------------------------------------ output */

static int batch_add(struct reader *r, const char *line, size_t len)
{
	if (r->blen + len > r->bcap) {
		size_t cap = r->bcap ? r->bcap : 65536;
		char *b;

		while (cap < r->blen + len)
			cap *= 2;
		b = realloc(r->batch, cap);
		if (!b)
			return -ENOMEM;
		r->batch = b;
		r->bcap = cap;
	}
	memcpy(r->batch + r->blen, line, len);
	r->blen += len;
	return 0;
}

static int store_cursor(struct reader *r)
{
	struct ev_cursor c = {};
	int i, err;

	for (i = 0; i < EV_CURSOR_RINGS; i++) {
		c.map_id[i] = r->ring[i].map_id;
		c.pos[i] = r->done[i];
	}
	c.out_dev = (__u64)r->out.dev;
	c.out_ino = (__u64)r->out.ino;
	c.out_size = r->out.size;
	err = ev_cursor_store(r->cursor, &c);
	if (err)
		pr_warn("cannot store the cursor %s: %s\n", r->cursor, strerror(-err));
	else
		memcpy(r->stored, r->done, sizeof(r->stored));
	return err;
}

/* Writes the batch, makes it durable when a cursor is kept, stores the
 * cursor, then lets the kernel reuse the records: in this order, a kill at
 * any point loses nothing (docs/events.md).
 */
static int flush(struct reader *r)
{
	int i, err = 0;

	if (r->blen) {
		if (r->to_file) {
			err = ev_out_write(&r->out, r->batch, r->blen);
			if (!err && r->cursor)
				err = ev_out_sync(&r->out);
			if (err)
				pr_warn("%s: %s\n", r->out_path, strerror(-err));
		} else if (fwrite(r->batch, 1, r->blen, stdout) != r->blen || fflush(stdout)) {
			err = -(errno ? errno : EIO);
			if (err != -EPIPE)
				pr_warn("writing the records: %s\n", strerror(-err));
		}
		if (err)
			return err;
		r->blen = 0;
	}
	if (r->cursor && memcmp(r->done, r->stored, sizeof(r->done))) {
		err = store_cursor(r);
		if (err)
			return err;
	}
	for (i = 0; i < EV_CURSOR_RINGS; i++)
		ev_ring_commit(&r->ring[i], r->done[i]);
	return 0;
}

/* Before a line of @len bytes: rotates when it would take FILE past its
 * size (what is pending is written first, into the old file).
 */
static int make_room(struct reader *r, size_t len)
{
	int err;

	if (!r->to_file || !ev_out_full(&r->out, r->blen, len))
		return 0;
	if (r->blen) {
		err = flush(r);
		if (err)
			return err;
	}
	err = ev_out_rotate(&r->out);
	if (err) {
		pr_warn("rotating %s: %s\n", r->out_path, strerror(-err));
		return err;
	}
	/* the cursor names the new file at once: a restart cuts nothing of the
	 * retired one
	 */
	return r->cursor ? store_cursor(r) : 0;
}

/* Formats one record into a line; 0 with *len 0 for a malformed one. */
static int format(struct reader *r, const struct rec *rc, char **line, size_t *len)
{
	struct json_writer *w;
	FILE *f = open_memstream(line, len);
	int err;

	if (!f)
		return -ENOMEM;
	switch (r->fmt) {
	case FMT_JSON:
		w = jsonw_new(f);
		if (!w) {
			fclose(f);
			return -ENOMEM;
		}
		jsonw_pretty(w, r->env->pretty && !r->to_file);
		/* Tetragon's strings are strutils.UTF8FromBPFBytes(): ToValidUTF8 with U+FFFD */
		jsonw_lossy_utf8(w, true);
		err = events_format_json(r->ev, rc->data, rc->size, w);
		jsonw_destroy(&w);	/* ends the line */
		break;
	case FMT_COMPACT:
		err = events_format_compact(r->ev, rc->data, rc->size, f);
		break;
	default:
		err = events_format_text(r->ev, rc->data, rc->size, f);
	}
	if (fclose(f))
		return -ENOMEM;
	if (err) {
		r->bad++;
		pr_info("skipping a malformed record (%zu bytes)\n", rc->size);
		*len = 0;
	}
	return 0;
}

static int handle(struct reader *r, int ring, const struct rec *rc)
{
	struct events_info in;
	char *line = NULL;
	size_t len = 0;
	int err = 0;

	if (events_info(r->ev, rc->data, rc->size, &in) ||
	    !ev_filter_match(&r->filter, in.policy, in.type, in.binary, in.binary_len)) {
		r->filtered++;
		r->done[ring] = rc->end;
		return 0;
	}
	err = format(r, rc, &line, &len);
	if (!err && len)
		err = make_room(r, len);
	if (!err && len)
		err = batch_add(r, line, len);
	free(line);
	if (err)
		return err;
	r->done[ring] = rc->end;
	if (len)
		r->count++;
	return 0;
}

/* ------------------------------------------------------------------- rings */

/* Takes what each ring holds (up to EV_BATCH each). Returns the number. */
static size_t collect(struct reader *r)
{
	size_t total = 0;
	int i;

	for (i = 0; i < EV_CURSOR_RINGS; i++) {
		struct rec *rc;

		r->nrec[i] = 0;
		while (r->nrec[i] < EV_BATCH) {
			rc = &r->recs[i][r->nrec[i]];
			if (ev_ring_next(&r->ring[i], &rc->data, &rc->size, &rc->end) != 1)
				break;
			rc->ktime = rc->size >= sizeof(struct tp_ev_hdr) ?
				((const struct tp_ev_hdr *)rc->data)->ktime : 0;
			r->nrec[i]++;
		}
		total += r->nrec[i];
	}
	return total;
}

/* Handles the records of a round, the rings merged by their records' ktime
 * (each ring's own order kept, so what is written is always a prefix of
 * each ring and the commit positions are exact); on a tie the ring first in
 * r->ring (tp_enforce, then tp_events) goes first.
 */
static int round_handle(struct reader *r)
{
	size_t k[EV_CURSOR_RINGS] = {};
	const struct rec *best, *rc;
	int i, bi, err = 0;

	while (!err && !(r->max && r->count >= r->max)) {
		best = NULL;
		bi = 0;
		for (i = 0; i < EV_CURSOR_RINGS; i++) {
			rc = k[i] < r->nrec[i] ? &r->recs[i][k[i]] : NULL;
			if (rc && (!best || rc->ktime < best->ktime)) {
				best = rc;
				bi = i;
			}
		}
		if (!best)
			break;
		err = handle(r, bi, best);
		k[bi]++;
	}
	err = err ?: flush(r);
	/* records not handled (--count reached, an error) stay for the next reader */
	for (i = 0; i < EV_CURSOR_RINGS; i++)
		ev_ring_rewind(&r->ring[i]);
	return err;
}

/* Applies the cursor: positions already written are skipped; lines written
 * after the cursor was stored are cut (their records are still in the
 * ring, they are read again).
 */
static int apply_cursor(struct reader *r, unsigned int max_files)
{
	struct ev_cursor c;
	bool same = true, lost = false;
	__u64 cut, committed;
	int i, err;

	err = ev_cursor_load(r->cursor, &c);
	if (err == -ENOENT)
		return 0;
	if (err) {
		pr_warn("%s: %s: not a cursor of this tpload (remove it to start afresh)\n",
			r->cursor, strerror(-err));
		return err;
	}
	for (i = 0; i < EV_CURSOR_RINGS; i++)
		same = same && c.map_id[i] == r->ring[i].map_id;
	if (!same) {
		pr_warn("the core's rings were created again since the cursor %s was stored (core reloaded): reading them from the start\n",
			r->cursor);
		return 0;
	}
	for (i = 0; i < EV_CURSOR_RINGS; i++) {
		committed = ev_ring_committed(&r->ring[i]);
		if (c.pos[i] < committed) {
			lost = true;
			pr_warn("records after the cursor were consumed by another reader (%llu bytes of ring)\n",
				(unsigned long long)(committed - c.pos[i]));
		} else if (c.pos[i] > ev_ring_produced(&r->ring[i])) {
			pr_warn("the cursor %s is ahead of its ring: ignored\n", r->cursor);
			return 0;
		}
	}
	/* lines after the cursor: their records are still in the rings unless
	 * another reader took them (then the lines are the only copy: kept)
	 */
	if (!lost && c.out_ino) {
		err = ev_out_recover(r->out_path, max_files, (dev_t)c.out_dev, (ino_t)c.out_ino,
				     c.out_size, &cut);
		if (err >= 0 && cut)
			pr_warn("%s: cut %llu bytes written after the cursor was stored (their records are read again)\n",
				r->out_path, (unsigned long long)cut);
		else if (err == -ENOENT)
			pr_info("the file the cursor names is no longer there (rotated away)\n");
		else if (err < 0)
			return err;
	}
	for (i = 0; i < EV_CURSOR_RINGS; i++) {
		if (c.pos[i] <= ev_ring_committed(&r->ring[i]))
			continue;
		r->ring[i].pos = c.pos[i];
		ev_ring_commit(&r->ring[i], c.pos[i]);
	}
	return 0;
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

static int open_ring(const struct cli_env *env, const char *name, int *fd, struct ev_ring *ring)
{
	char p[PATH_MAX];
	int err = path_fmt(p, sizeof(p), "%s/%s/maps/%s", env->root, TP_CORE_DIR, name);

	*fd = err ? -1 : bpf_obj_get(p);
	if (*fd < 0) {
		err = -errno;
		if (err == -ENOENT)
			pr_warn("the core is not loaded (%s absent): nothing to read\n", p);
		else
			pr_warn("%s: %s\n", p, strerror(errno));
		return err;
	}
	err = ev_ring_open(ring, *fd);
	if (err)
		pr_warn("cannot map the ring %s: %s\n", p, strerror(-err));
	return err;
}

/* One reader at a time: two would commit each other's records. */
static int lock_rings(const struct cli_env *env, int *lfd)
{
	char p[PATH_MAX];
	int err = path_fmt(p, sizeof(p), "%s/%s/maps", env->root, TP_CORE_DIR);

	*lfd = err ? -1 : open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*lfd < 0)
		return err ? err : -errno;
	if (flock(*lfd, LOCK_EX | LOCK_NB)) {
		err = -errno;
		if (err == -EWOULDBLOCK)
			pr_warn("another 'tpload events' reads the rings under %s: one reader at a time\n",
				p);
		else
			pr_warn("%s: %s\n", p, strerror(-err));
		return err == -EWOULDBLOCK ? -EBUSY : err;
	}
	return 0;
}

enum {
	OPT_OUTPUT = 256,
	OPT_MAX_SIZE,
	OPT_MAX_FILES,
	OPT_CURSOR,
	OPT_POLICY,
	OPT_TYPE,
	OPT_BINARY,
};

static double elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_events(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'o' },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "output-max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "output-max-files", required_argument, NULL, OPT_MAX_FILES },
		{ "cursor", required_argument, NULL, OPT_CURSOR },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "binary", required_argument, NULL, OPT_BINARY },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	static const enum ev_filter_kind fkind[] = { EV_F_POLICY, EV_F_TYPE, EV_F_BINARY };
	struct reader r = { .env = env, .fmt = FMT_TEXT };
	int fd[EV_CURSOR_RINGS] = { -1, -1, -1 }, lfd = -1;
	struct timespec t0, last = {}, now;
	struct pollfd pfd[EV_CURSOR_RINGS];
	__u64 drops = 0, max_size = DEF_MAX_SIZE;
	unsigned long max_files = DEF_MAX_FILES;
	const char *fmt = NULL;
	double timeout = 0;
	bool follow = false;
	char why[160], *end;
	int c, i, abi, err = 0, ret = TPLOAD_EXIT_OK;

	while ((c = getopt_long(argc, argv, "fn:t:jo:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			follow = true;
			break;
		case 'n':
			r.max = strtol(optarg, &end, 10);
			if (*end || r.max <= 0) {
				fprintf(stderr, "events: bad --count '%s'\n", optarg);
				goto usage;
			}
			break;
		case 't':
			timeout = strtod(optarg, &end);
			if (*end || timeout <= 0) {
				fprintf(stderr, "events: bad --timeout '%s'\n", optarg);
				goto usage;
			}
			break;
		case 'j':
			env->json = true;
			break;
		case 'o':
			fmt = optarg;
			break;
		case OPT_OUTPUT:
			r.out_path = optarg;
			break;
		case OPT_MAX_SIZE:
			if (ev_out_parse_size(optarg, &max_size)) {
				fprintf(stderr, "events: bad --output-max-size '%s' (bytes, K/M/G suffix)\n",
					optarg);
				goto usage;
			}
			break;
		case OPT_MAX_FILES:
			errno = 0;
			max_files = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || *optarg == '-' ||
			    max_files > EV_OUT_MAX_FILES) {
				fprintf(stderr, "events: bad --output-max-files '%s' (0 to %d)\n",
					optarg, EV_OUT_MAX_FILES);
				goto usage;
			}
			break;
		case OPT_CURSOR:
			r.cursor = optarg;
			break;
		case OPT_POLICY:
		case OPT_TYPE:
		case OPT_BINARY:
			err = ev_filter_add(&r.filter, fkind[c - OPT_POLICY], optarg, why, sizeof(why));
			if (err == -ENOMEM) {
				ret = cli_exit_env(err);
				goto out;
			}
			if (err) {
				fprintf(stderr, "events: bad --%s '%s': %s\n", opts[c - OPT_POLICY + 9].name,
					optarg, why);
				goto usage;
			}
			break;
		case 'h':
			help(stdout);
			goto out;
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	if (fmt && !strcmp(fmt, "json"))
		env->json = true;
	else if (fmt && !strcmp(fmt, "compact"))
		r.fmt = FMT_COMPACT;
	else if (fmt && strcmp(fmt, "text")) {
		fprintf(stderr, "events: bad -o '%s' (json, compact or text)\n", fmt);
		goto usage;
	}
	if (env->json && r.fmt == FMT_COMPACT) {
		fprintf(stderr, "events: -j and -o compact exclude each other\n");
		goto usage;
	}
	if (env->json || (r.out_path && !fmt))
		r.fmt = FMT_JSON;
	if (r.cursor && !r.out_path) {
		fprintf(stderr, "events: --cursor needs --output (stdout cannot be rolled back)\n");
		goto usage;
	}
	if (r.out_path && env->pretty) {
		fprintf(stderr, "events: -p (pretty JSON) cannot go to an --output file (one object per line)\n");
		goto usage;
	}
	if (r.cursor && !strcmp(r.cursor, r.out_path)) {
		fprintf(stderr, "events: --cursor and --output name the same file\n");
		goto usage;
	}
	log_init(env->verbose, env->json);

	err = open_ring(env, "tp_events", &fd[1], &r.ring[1]);
	if (err)
		goto fail;
	/* records of another ABI version would be misread */
	abi = core_abi_read(env->root);
	if (abi != TP_ABI_VERSION) {
		if (abi < 0)
			pr_warn("cannot read the ABI version of the pinned core: %s\n", strerror(-abi));
		else
			pr_warn("the pinned core has ABI version %d, this tpload reads version %d: use the tpload that loaded it\n",
				abi, TP_ABI_VERSION);
		ret = TPLOAD_EXIT_ENV;
		goto out;
	}
	err = open_ring(env, "tp_enforce", &fd[0], &r.ring[0]);
	err = err ?: open_ring(env, "tp_proc_events", &fd[2], &r.ring[2]);
	err = err ?: lock_rings(env, &lfd);
	if (err)
		goto fail;
	for (i = 0; i < EV_CURSOR_RINGS; i++) {
		r.recs[i] = calloc(EV_BATCH, sizeof(*r.recs[i]));
		if (!r.recs[i]) {
			err = -ENOMEM;
			goto fail;
		}
		r.done[i] = r.stored[i] = ev_ring_committed(&r.ring[i]);
	}
	r.ev = events_new(env->root);
	if (!r.ev) {
		err = -errno;
		goto fail;
	}
	if (r.cursor) {
		err = apply_cursor(&r, (unsigned int)max_files);
		if (err)
			goto fail;
		for (i = 0; i < EV_CURSOR_RINGS; i++)
			r.done[i] = r.stored[i] = ev_ring_committed(&r.ring[i]);
	}
	if (r.out_path) {
		err = ev_out_open(&r.out, r.out_path, max_size, (unsigned int)max_files);
		if (err) {
			pr_warn("%s: %s\n", r.out_path, err == -EINVAL ? "not a regular file" :
				strerror(-err));
			goto fail;
		}
		r.to_file = true;
		if (r.out.cut)
			pr_warn("%s: cut a torn last line (%llu bytes) a killed writer left\n",
				r.out_path, (unsigned long long)r.out.cut);
		/* a cursor that names this file from the start */
		if (r.cursor) {
			memset(r.stored, 0xff, sizeof(r.stored));
			err = store_cursor(&r);
			if (err)
				goto fail;
		}
	}
	warn_drops(env->root, &drops, true);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < EV_CURSOR_RINGS; i++)
		pfd[i] = (struct pollfd){ .fd = fd[i], .events = POLLIN };
	for (;;) {
		size_t n = collect(&r);

		err = round_handle(&r);
		if (err)
			break;
		if (stop || (r.max && r.count >= r.max))
			break;
		if (!follow && n == 0)
			break;		/* drained */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > last.tv_sec) {	/* about once a second */
			warn_drops(env->root, &drops, false);
			last = now;
		}
		if (follow && timeout > 0 && elapsed(&t0) >= timeout)
			break;
		if (follow && n == 0 && poll(pfd, EV_CURSOR_RINGS, 100) < 0 && errno != EINTR) {
			err = -errno;
			break;
		}
	}
	warn_drops(env->root, &drops, false);
	if (err == -EPIPE)
		err = 0;	/* the reader of stdout went away */
	if (!err && r.to_file && (err = ev_out_sync(&r.out)))
		pr_warn("%s: %s\n", r.out_path, strerror(-err));
	if (err)
		goto fail;
	goto out;

usage:
	help(stderr);
	ret = TPLOAD_EXIT_USAGE;
	goto out;
fail:
	ret = cli_exit_env(err);
	if (env->json && !r.count) {
		struct json_writer *w = cli_json(env);

		cli_json_finish(&w, false);
	}
out:
	ev_out_close(&r.out);
	for (i = 0; i < EV_CURSOR_RINGS; i++) {
		ev_ring_close(&r.ring[i]);
		free(r.recs[i]);
		if (fd[i] >= 0)
			close(fd[i]);
	}
	if (lfd >= 0)
		close(lfd);
	events_free(r.ev);
	ev_filter_free(&r.filter);
	free(r.batch);
	return ret;
}
