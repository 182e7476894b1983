// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests of the target kernel inputs: where BTF and tracefs formats come from,
 * the error that names the option when one is missing (also for the running kernel's
 * defaults, pointed at paths that do not exist), what is recorded, and the snapshot
 * format (ustar headers, origins, reading an archive).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "arena.h"
#include "diag.h"
#include "ir.h"
#include "lower.h"
#include "policy.h"
#include "pkg_write.h"
#include "snapshot.h"
#include "target.h"
#include "test.h"
#include "tp_snapshot.h"
#include "tracefs.h"

#define GOLDEN_BTF	"tests/golden/btf/vmlinux.btf"
#define GOLDEN_TRACEFS	"tests/golden/tracefs"

void test_target_missing_live_inputs(void)
{
	struct target_opts o = { .live_btf = "tests/golden/no-such-btf",
				 .live_tracefs = "tests/golden/no-such-tracefs" };
	struct tp_arena *a = arena_new();
	struct target *t = NULL;
	const struct btf *btf;
	struct tf_format fmt;
	const char *why;
	char sha[65], w[256];

	if (!ASSERT_OK(target_new(&o, &t, w, sizeof(w)), "new"))
		goto out;
	ASSERT_EQ(target_btf(t, &btf, &why), -ENODATA, "no BTF: no silent fallback");
	ASSERT_TRUE(strstr(why, "--btf FILE") && strstr(why, "--target-snapshot FILE"),
		    "names the options");
	ASSERT_TRUE(strstr(why, "tests/golden/no-such-btf") != NULL, "names the path tried");
	ASSERT_EQ(target_format(t, "syscalls", "sys_enter_openat", a, &fmt, sha, &why), -ENODATA,
		  "no tracefs");
	ASSERT_TRUE(strstr(why, "--tracefs DIR") != NULL, "names the option");
	ASSERT_TRUE(target_origin(t, TARGET_BTF) == NULL, "nothing recorded");
out:
	target_free(t);
	arena_free(a);
}

void test_target_files(void)
{
	struct target_opts o = { .btf = GOLDEN_BTF, .tracefs = GOLDEN_TRACEFS "/" };
	struct tp_arena *a = arena_new();
	struct target *t = NULL;
	const struct btf *btf;
	struct tf_format fmt;
	const char *why;
	char sha[65], want[65], *text = NULL, w[256];
	size_t len;

	if (!ASSERT_OK(target_new(&o, &t, w, sizeof(w)), "new"))
		goto out;
	ASSERT_OK(target_btf(t, &btf, &why), "btf");
	ASSERT_STREQ(target_origin(t, TARGET_BTF), "vmlinux.btf", "a file: its name only");
	ASSERT_EQ(tracefs_read_format(GOLDEN_TRACEFS, "..", "x", &text, &len), -ENOENT,
		  "no path traversal");
	if (!ASSERT_OK(tracefs_read_format(GOLDEN_TRACEFS, "syscalls", "sys_enter_lseek", &text,
					   &len), "read"))
		goto out;
	ASSERT_OK(pkg_sha256_hex(text, len, want), "hash");
	free(text);
	ASSERT_OK(target_format(t, "syscalls", "sys_enter_lseek", a, &fmt, sha, &why), "format");
	ASSERT_STREQ(sha, want, "digest of the format text");
	ASSERT_STREQ(target_origin(t, TARGET_TRACEFS), "tracefs", "trailing '/' ignored");
	ASSERT_EQ(target_format(t, "syscalls", "sys_enter_nope", a, &fmt, sha, &why), -ENOENT,
		  "unknown tracepoint: not an input problem");
out:
	target_free(t);
	arena_free(a);
}

void test_target_origin(void)
{
	char b[64];

	ASSERT_OK(tp_origin(b, sizeof(b), "/sys/kernel/btf/vmlinux", true), "live");
	ASSERT_STREQ(b, "/sys/kernel/btf/vmlinux", "live: the path");
	ASSERT_OK(tp_origin(b, sizeof(b), "/home/ci/checkout/tests/golden/tracefs//", false), "file");
	ASSERT_STREQ(b, "tracefs", "given: last component");
	ASSERT_OK(tp_origin(b, sizeof(b), "node.snap", false), "bare");
	ASSERT_STREQ(b, "node.snap", "bare name");
	ASSERT_EQ(tp_origin(b, 4, "/sys/kernel/btf/vmlinux", true), -ENAMETOOLONG, "no truncation");
	ASSERT_OK(tp_pct_encode(b, sizeof(b), "a b%c/d"), "encode");
	ASSERT_STREQ(b, "a%20b%25c/d", "encoded");
	tp_pct_decode(b);
	ASSERT_STREQ(b, "a b%c/d", "round trip");
	ASSERT_OK(tp_pct_encode(b, sizeof(b), ""), "empty");
	ASSERT_STREQ(b, "-", "empty is -");
}

void test_tar_headers(void)
{
	uint8_t h[TP_TAR_BLOCK];
	char name[TP_TAR_NAME_MAX + 1], longname[200];
	uint64_t size;

	ASSERT_OK(tp_tar_header(h, "btf/vmlinux", 5515852), "short name");
	ASSERT_EQ(tp_tar_parse(h, name, &size), 1, "a file");
	ASSERT_STREQ(name, "btf/vmlinux", "name");
	ASSERT_EQ(size, 5515852, "size");
	snprintf(longname, sizeof(longname), "tracefs/events/%0120d/event/format", 7);
	ASSERT_OK(tp_tar_header(h, longname, 10), "prefix + name");
	ASSERT_EQ(tp_tar_parse(h, name, &size), 1, "parsed");
	ASSERT_STREQ(name, longname, "split and joined at a '/'");
	memset(longname, 'x', 150);
	longname[150] = '\0';
	ASSERT_EQ(tp_tar_header(h, longname, 1), -ENAMETOOLONG, "no '/' to split at");
	ASSERT_OK(tp_tar_header(h, "a", 1), "a");
	h[0] = 'b';
	ASSERT_EQ(tp_tar_parse(h, name, &size), -EINVAL, "checksum");
	memset(h, 0, sizeof(h));
	ASSERT_EQ(tp_tar_parse(h, name, &size), -ENODATA, "end of archive");
}

/* A snapshot written the way tpload writes one, read back. */
static int write_entry(gzFile f, const char *name, const void *data, size_t len)
{
	static const uint8_t zero[TP_TAR_BLOCK];
	uint8_t h[TP_TAR_BLOCK];

	if (tp_tar_header(h, name, len) || gzwrite(f, h, sizeof(h)) != (int)sizeof(h) ||
	    (len && gzwrite(f, data, (unsigned int)len) != (int)len))
		return -EIO;
	len = (TP_TAR_BLOCK - len % TP_TAR_BLOCK) % TP_TAR_BLOCK;
	return len && gzwrite(f, zero, (unsigned int)len) != (int)len ? -EIO : 0;
}

void test_snapshot_read(void)
{
	static const char hdr[] = "tpc-snapshot 1\nkernel 6.18.0\nmachine x86_64\n"
				  "btf /sys/kernel/btf/vmlinux\ntracefs /sys/kernel/tracing/events\n";
	static const uint8_t zero[2 * TP_TAR_BLOCK];
	char path[] = "/tmp/tpc-unit-snapXXXXXX", why[256], *fmt = NULL;
	struct snapshot *s = NULL;
	struct target_opts o = { .snapshot = path };
	struct target *t = NULL;
	struct tp_arena *a = arena_new();
	struct tf_format tf;
	const struct btf *btf;
	const char *w;
	void *btf_raw = NULL;
	size_t btf_len = 0, fmt_len, len;
	char sha[65];
	gzFile f;
	FILE *bf;
	int fd = mkstemp(path);

	if (!ASSERT_TRUE(fd >= 0, "tmp"))
		goto out;
	bf = fopen(GOLDEN_BTF, "rb");
	btf_raw = malloc(1 << 16);
	if (bf && btf_raw)
		btf_len = fread(btf_raw, 1, 1 << 16, bf);
	if (bf)
		fclose(bf);
	if (!ASSERT_OK(tracefs_read_format(GOLDEN_TRACEFS, "sched", "sched_wakeup", &fmt, &fmt_len),
		       "format"))
		goto out;
	f = gzdopen(fd, "wb");
	if (!ASSERT_TRUE(f != NULL, "gz"))
		goto out;
	ASSERT_OK(write_entry(f, TP_SNAP_HEADER, hdr, strlen(hdr)), "hdr");
	ASSERT_OK(write_entry(f, TP_SNAP_BTF, btf_raw, btf_len), "btf");
	ASSERT_OK(write_entry(f, TP_SNAP_EVENTS "sched/sched_wakeup/format", fmt, fmt_len), "fmt");
	gzwrite(f, zero, sizeof(zero));
	ASSERT_EQ(gzclose(f), Z_OK, "close");

	if (!ASSERT_OK(snapshot_read(path, &s, why, sizeof(why)), "read"))
		goto out;
	ASSERT_STREQ(snapshot_field(s, "kernel"), "6.18.0", "kernel");
	ASSERT_TRUE(snapshot_entry(s, TP_SNAP_BTF, &len) && len == btf_len, "btf entry");
	ASSERT_TRUE(snapshot_entry(s, "nope", &len) == NULL, "absent entry");
	ASSERT_EQ(strlen(snapshot_sha256(s)), 64, "file digest");

	if (!ASSERT_OK(target_new(&o, &t, why, sizeof(why)), "target"))
		goto out;
	ASSERT_OK(target_btf(t, &btf, &w), "btf from the snapshot");
	ASSERT_STREQ(target_origin(t, TARGET_BTF), "/sys/kernel/btf/vmlinux",
		     "origin as the node recorded it");
	ASSERT_OK(target_format(t, "sched", "sched_wakeup", a, &tf, sha, &w), "format");
	ASSERT_EQ(target_format(t, "sched", "sched_switch", a, &tf, sha, &w), -ENOENT,
		  "not in the snapshot");
out:
	if (fd >= 0)
		unlink(path);
	target_free(t);
	snapshot_free(s);
	free(fmt);
	free(btf_raw);
	arena_free(a);
}

/* What a policy records: only the inputs its hooks read. */
static size_t inputs_of(const char *tp, struct ir_input *first)
{
	static const char head[] = "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\n"
				   "metadata:\n  name: t\nspec:\n  tracepoints:\n";
	struct target_opts to = { .tracefs = GOLDEN_TRACEFS, .btf = GOLDEN_BTF };
	struct diag_opts dopts = { .stream = NULL };
	struct tp_arena *a = arena_new();
	struct diag *d = diag_new(&dopts);
	struct lower_opts lo = {};
	struct tp_policy *pol = NULL;
	struct ir_module *m = NULL;
	char yaml[512], why[128];
	size_t n = (size_t)-1;

	snprintf(yaml, sizeof(yaml), "%s%s", head, tp);
	if (!target_new(&to, &lo.target, why, sizeof(why)) &&
	    !policy_parse_mem("t.yaml", yaml, strlen(yaml), a, d, &pol) &&
	    !ir_lower(pol, &lo, a, d, &m)) {
		n = m->nr_inputs;
		if (n)
			*first = m->inputs[0];
		if (n && first->origin)
			first->origin = strcmp(first->origin, "vmlinux.btf") ? "other" : "vmlinux.btf";
	}
	target_free(lo.target);
	diag_free(d);
	arena_free(a);
	return n;
}

void test_target_recorded(void)
{
	struct ir_input in;

	ASSERT_EQ(inputs_of("  - subsystem: sched\n    event: sched_process_exec\n    raw: true\n",
			    &in), 1, "raw_tp: its TP_PROTO, in the BTF");
	ASSERT_STREQ(in.kind, "btf", "btf");
	ASSERT_EQ(inputs_of("  - subsystem: syscalls\n    event: sys_enter_openat\n", &in), 1,
		  "syscall tracepoint: formats only");
	ASSERT_STREQ(in.kind, "tracefs", "tracefs");
	ASSERT_EQ(inputs_of("  - subsystem: sched\n    event: sched_wakeup\n", &in), 2,
		  "a record struct: formats and BTF");
	ASSERT_STREQ(in.kind, "btf", "btf first");
	ASSERT_STREQ(in.origin, "vmlinux.btf", "btf origin");
}
