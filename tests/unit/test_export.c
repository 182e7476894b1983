// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload events' export file, filters and cursor (runtime/ev_out.c,
 * ev_filter.c, ev_cursor.c): rotation keeps N files of whole lines, a torn
 * line is cut, a cursor names the file to cut back; filter semantics.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../runtime/ev_cursor.h"
#include "../../runtime/ev_filter.h"
#include "../../runtime/ev_out.h"
#include "test.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long n;

	*len = 0;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = calloc(1, (size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) == (size_t)n)
		*len = (size_t)n;
	fclose(f);
	return b;
}

static void rm_files(const char *base, unsigned int n)
{
	char p[PATH_MAX];
	unsigned int i;

	for (i = 0; i <= n; i++) {
		ev_out_name(p, sizeof(p), base, i);
		unlink(p);
	}
}

void test_export_rotate(void)
{
	char dir[] = "/tmp/tpc-unit-export-XXXXXX", base[PATH_MAX], p[PATH_MAX], line[64];
	struct ev_out o;
	size_t len, total = 0, n;
	unsigned int i;
	char *b;

	if (!ASSERT_TRUE(mkdtemp(dir), "mkdtemp"))
		return;
	snprintf(base, sizeof(base), "%s/ev.log", dir);
	if (!ASSERT_OK(ev_out_open(&o, base, 100, 2), "open"))
		return;
	/* 30 lines of 20 bytes, files of at most 100 bytes: 5 lines each */
	for (i = 0; i < 30; i++) {
		n = (size_t)snprintf(line, sizeof(line), "{\"n\":%013u}\n", i);
		ASSERT_EQ(n, 20, "line size");
		if (ev_out_full(&o, 0, n))
			ASSERT_OK(ev_out_rotate(&o), "rotate");
		ASSERT_OK(ev_out_write(&o, line, n), "write");
	}
	ev_out_close(&o);
	for (i = 0; i <= 3; i++) {
		ev_out_name(p, sizeof(p), base, i);
		b = slurp(p, &len);
		if (i == 3) {
			ASSERT_FALSE(b, "only 2 rotated files kept");
			free(b);
			break;
		}
		if (!ASSERT_TRUE(b, "file kept"))
			continue;
		ASSERT_EQ(len, 100, "full file");
		ASSERT_EQ(b[len - 1], '\n', "whole lines");
		/* FILE holds lines 25..29, FILE.1 20..24, FILE.2 15..19 */
		snprintf(line, sizeof(line), "{\"n\":%013u}\n", 25 - 5 * i);
		ASSERT_EQ(memcmp(b, line, 20), 0, "newest first");
		total += len;
		free(b);
	}
	ASSERT_EQ(total, 300, "three files of five lines");

	/* a torn line is cut at open; appending continues */
	b = slurp(base, &len);
	free(b);
	{
		int fd = open(base, O_WRONLY | O_APPEND);

		ASSERT_EQ(write(fd, "{\"torn", 6), 6, "torn tail");
		close(fd);
	}
	ASSERT_OK(ev_out_open(&o, base, 100, 2), "reopen");
	ASSERT_EQ(o.cut, 6, "torn tail cut");
	ASSERT_EQ(o.size, 100, "size after the cut");
	ev_out_close(&o);

	/* a file that is one torn line only */
	rm_files(base, 2);
	{
		int fd = open(base, O_WRONLY | O_CREAT, 0600);

		ASSERT_EQ(write(fd, "abc", 3), 3, "partial only");
		close(fd);
	}
	ASSERT_OK(ev_out_open(&o, base, 0, 0), "open partial");
	ASSERT_EQ(o.cut, 3, "all cut");
	ASSERT_EQ(o.size, 0, "empty");
	ASSERT_FALSE(ev_out_full(&o, 0, 1 << 30), "max_size 0: never full");
	/* max_files 0: FILE started again */
	o.max_size = 10;
	ASSERT_OK(ev_out_write(&o, "0123456789\n", 11), "oversize line alone");
	ASSERT_TRUE(ev_out_full(&o, 0, 1), "full");
	ASSERT_OK(ev_out_rotate(&o), "rotate 0 files");
	ASSERT_EQ(o.size, 0, "new file");
	ev_out_name(p, sizeof(p), base, 1);
	ASSERT_ERR(access(p, F_OK), "no FILE.1 with 0 files");
	ev_out_close(&o);

	/* recovery: the cursor's file, cut back to its size */
	rm_files(base, 2);
	ASSERT_OK(ev_out_open(&o, base, 1000, 2), "open for recover");
	ASSERT_OK(ev_out_write(&o, "a\nb\n", 4), "write");
	{
		dev_t dev = o.dev;
		ino_t ino = o.ino;
		__u64 cut;

		ASSERT_OK(ev_out_write(&o, "c\n", 2), "write after the cursor");
		ASSERT_OK(ev_out_rotate(&o), "rotate");
		ASSERT_EQ(ev_out_recover(base, 2, dev, ino, 4, &cut), 1, "found as FILE.1");
		ASSERT_EQ(cut, 2, "cut");
		ASSERT_EQ(ev_out_recover(base, 2, dev, ino + 12345, 4, &cut), -ENOENT, "gone");
	}
	ev_out_close(&o);
	rm_files(base, 2);

	ASSERT_EQ(ev_out_open(&o, dir, 10, 1), -EISDIR, "a directory");
	ASSERT_EQ(ev_out_open(&o, "/dev/null", 10, 1), -EINVAL, "not a regular file");
	ASSERT_EQ(ev_out_open(&o, base, 10, EV_OUT_MAX_FILES + 1), -EINVAL, "too many files");
	rmdir(dir);
}

void test_export_size(void)
{
	__u64 v;

	ASSERT_OK(ev_out_parse_size("0", &v), "0");
	ASSERT_EQ(v, 0, "0");
	ASSERT_OK(ev_out_parse_size("10M", &v), "10M");
	ASSERT_EQ(v, 10ULL << 20, "10M");
	ASSERT_OK(ev_out_parse_size("4k", &v), "4k");
	ASSERT_EQ(v, 4096, "4k");
	ASSERT_OK(ev_out_parse_size("1G", &v), "1G");
	ASSERT_EQ(v, 1ULL << 30, "1G");
	ASSERT_ERR(ev_out_parse_size("", &v), "empty");
	ASSERT_ERR(ev_out_parse_size("-1", &v), "negative");
	ASSERT_ERR(ev_out_parse_size("1MB", &v), "two letters");
	ASSERT_ERR(ev_out_parse_size("1T", &v), "unknown unit");
	ASSERT_ERR(ev_out_parse_size("99999999999999999999", &v), "overflow");
	ASSERT_ERR(ev_out_parse_size("17179869184G", &v), "shift overflow");
}

void test_export_filter(void)
{
	struct ev_filter f = {};
	char why[160];

	ASSERT_TRUE(ev_filter_match(&f, NULL, EV_TYPE_UNKNOWN, "", 0), "no filter: all");
	ASSERT_OK(ev_filter_add(&f, EV_F_POLICY, "a", why, sizeof(why)), "policy a");
	ASSERT_OK(ev_filter_add(&f, EV_F_POLICY, "b", why, sizeof(why)), "policy b");
	ASSERT_TRUE(ev_filter_match(&f, "b", EV_PROCESS_TRACEPOINT, "/x", 2), "OR within");
	ASSERT_FALSE(ev_filter_match(&f, "c", EV_PROCESS_TRACEPOINT, "/x", 2), "other policy");
	ASSERT_FALSE(ev_filter_match(&f, NULL, EV_PROCESS_TRACEPOINT, "/x", 2), "unknown policy");
	ASSERT_OK(ev_filter_add(&f, EV_F_TYPE, "process_kprobe", why, sizeof(why)), "type");
	ASSERT_FALSE(ev_filter_match(&f, "a", EV_PROCESS_TRACEPOINT, "/x", 2), "AND across");
	ASSERT_TRUE(ev_filter_match(&f, "a", EV_PROCESS_KPROBE, "/x", 2), "both");
	ASSERT_FALSE(ev_filter_match(&f, "a", EV_TYPE_UNKNOWN, "/x", 2), "unknown type");
	ASSERT_OK(ev_filter_add(&f, EV_F_BINARY, "/usr/bin/*", why, sizeof(why)), "prefix");
	ASSERT_OK(ev_filter_add(&f, EV_F_BINARY, "/bin/sh", why, sizeof(why)), "exact");
	ASSERT_TRUE(ev_filter_match(&f, "a", EV_PROCESS_KPROBE, "/usr/bin/id", 11), "prefix");
	ASSERT_TRUE(ev_filter_match(&f, "a", EV_PROCESS_KPROBE, "/bin/sh", 7), "exact");
	ASSERT_FALSE(ev_filter_match(&f, "a", EV_PROCESS_KPROBE, "/bin/sh2", 8), "not a prefix");
	ASSERT_FALSE(ev_filter_match(&f, "a", EV_PROCESS_KPROBE, "/bin/s", 6), "shorter");
	ASSERT_FALSE(ev_filter_match(&f, "a", EV_PROCESS_KPROBE, "", 0), "unknown binary");
	ASSERT_EQ(ev_filter_add(&f, EV_F_TYPE, "process_foo", why, sizeof(why)), -EINVAL, "type");
	ASSERT_EQ(ev_filter_add(&f, EV_F_BINARY, "bin/sh", why, sizeof(why)), -EINVAL, "rel");
	ASSERT_EQ(ev_filter_add(&f, EV_F_BINARY, "/a*b", why, sizeof(why)), -EINVAL, "mid *");
	ASSERT_EQ(ev_filter_add(&f, EV_F_POLICY, "", why, sizeof(why)), -EINVAL, "empty");
	ASSERT_EQ(ev_filter_add(&f, EV_F_POLICY, "a/b", why, sizeof(why)), -EINVAL, "slash");
	ASSERT_EQ(ev_type_parse("process_exit"), EV_PROCESS_EXIT, "type names");
	ASSERT_STREQ(ev_type_name(EV_PROCESS_LSM), "process_lsm", "type names");
	ev_filter_free(&f);
	ASSERT_TRUE(ev_filter_empty(&f), "freed");
}

void test_export_cursor(void)
{
	struct ev_cursor c = {
		.map_id = { 7, 8, 9 }, .pos = { 4096, 1ULL << 40, 8192 },
		.out_dev = 2049, .out_ino = 131, .out_size = 99,
	}, d;
	char buf[512], path[] = "/tmp/tpc-unit-cursor-XXXXXX";
	int fd;

	ASSERT_OK(ev_cursor_format(buf, sizeof(buf), &c), "format");
	ASSERT_OK(ev_cursor_parse(buf, &d), "parse");
	ASSERT_EQ(memcmp(&c, &d, sizeof(c)), 0, "round trip");
	ASSERT_ERR(ev_cursor_parse("tpc-events-cursor 2 enforce=1:2", &d), "short");
	ASSERT_ERR(ev_cursor_parse("tpc-events-cursor 3 enforce=1:2 events=1:2 procs=1:2 out=1:2:3\n",
				   &d), "other version");
	ASSERT_ERR(ev_cursor_parse("tpc-events-cursor 2 enforce=1:2 events=1:2 out=1:2:3\n", &d),
		   "version 2 without procs=");
	ASSERT_ERR(ev_cursor_parse("tpc-events-cursor 2 enforce=1:2 events=1:2 procs=1:2 out=1:2:3\nx",
				   &d), "trailing");
	/* the two-ring cursor of ABI 3 cores: no process ring (map id 0) */
	ASSERT_OK(ev_cursor_parse("tpc-events-cursor 1 enforce=5:6 events=7:8 out=1:2:3\n", &d),
		  "version 1");
	ASSERT_TRUE(d.map_id[0] == 5 && d.pos[1] == 8 && d.map_id[2] == 0 && d.pos[2] == 0 &&
		    d.out_size == 3, "version 1 fields");
	ASSERT_ERR(ev_cursor_parse("tpc-events-cursor 1 enforce=1:2 events=1:2 out=1:2:3\nx", &d),
		   "trailing (version 1)");
	fd = mkstemp(path);
	if (!ASSERT_TRUE(fd >= 0, "mkstemp"))
		return;
	close(fd);
	ASSERT_ERR(ev_cursor_load(path, &d), "empty file");
	ASSERT_OK(ev_cursor_store(path, &c), "store");
	ASSERT_OK(ev_cursor_load(path, &d), "load");
	ASSERT_EQ(memcmp(&c, &d, sizeof(c)), 0, "stored");
	unlink(path);
	ASSERT_EQ(ev_cursor_load(path, &d), -ENOENT, "no cursor yet");
}
