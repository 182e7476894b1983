// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload snapshot FILE: what tpc needs to know about this node's kernel (BTF, every
 * tracepoint format, the ftrace function list), in one file for
 * `tpc --target-snapshot FILE` on any machine (format: lib/tp_snapshot.h).
 * A node needs no tpc, and tpc never needs the node.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>
#include <bpf/btf.h>

#include "cli.h"
#include "log.h"
#include "sha256.h"
#include "tp_snapshot.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] snapshot [--tracefs DIR] FILE\n"
		"Write what tpc needs to know about this node's kernel to FILE ('-': stdout):\n"
		"its BTF (/sys/kernel/btf/vmlinux, or the global --btf FILE), module BTF,\n"
		"every tracepoint format and the ftrace function list, as a gzip-compressed\n"
		"tar archive. Then, anywhere: tpc compile --target-snapshot FILE POLICY.\n"
		"The same kernel gives the same bytes. Needs read access to tracefs (root).\n\n"
		"      --tracefs DIR   tracefs events directory (default %s/events); the\n"
		"                      function list: DIR/available_filter_functions, or next\n"
		"                      to DIR when DIR is named events\n"
		"  -h, --help          this help\n", TP_LIVE_TRACEFS);
}

struct snap_out {
	gzFile gz;
	int err;
	size_t nr_formats;
	size_t nr_modules;
};

static void put_entry(struct snap_out *o, const char *name, const void *data, size_t len)
{
	static const uint8_t zero[TP_TAR_BLOCK];
	uint8_t h[TP_TAR_BLOCK];
	size_t pad = (TP_TAR_BLOCK - len % TP_TAR_BLOCK) % TP_TAR_BLOCK, off = 0;
	int err;

	if (o->err)
		return;
	err = tp_tar_header(h, name, len);
	if (err) {
		pr_warn("snapshot: entry name too long for tar, skipped: %.80s...\n", name);
		return;
	}
	if (gzwrite(o->gz, h, sizeof(h)) != (int)sizeof(h))
		goto bad;
	while (off < len) {
		unsigned int n = len - off > (1u << 30) ? 1u << 30 : (unsigned int)(len - off);

		if (gzwrite(o->gz, (const char *)data + off, n) != (int)n)
			goto bad;
		off += n;
	}
	if (pad && gzwrite(o->gz, zero, (unsigned int)pad) != (int)pad)
		goto bad;
	return;
bad:
	o->err = -EIO;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in @dir (no dot entries), sorted bytewise. Caller frees. */
static int list_dir(const char *dir, char ***names, size_t *nr)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;
	char **v = NULL, **nv;

	*names = NULL;
	*nr = 0;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (*nr == cap) {
			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[*nr] = strdup(e->d_name);
		if (!v[*nr])
			break;
		(*nr)++;
	}
	closedir(d);
	if (e) {	/* stopped early: out of memory */
		while (*nr)
			free(v[--*nr]);
		free(v);
		return -ENOMEM;
	}
	if (*nr)
		qsort(v, *nr, sizeof(*v), cmp_name);
	*names = v;
	return 0;
}

static void free_list(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* Every <events>/<subsys>/<event>/format, in name order. A format that exists but
 * cannot be read fails the snapshot (a partial one would mislead tpc).
 */
static int put_formats(struct snap_out *o, const char *events)
{
	char **subs, **evs, path[4096], name[512], *buf;
	size_t ns, ne, i, j, len;
	int err;

	err = list_dir(events, &subs, &ns);
	if (err)
		return err;
	for (i = 0; i < ns && !err; i++) {
		if (path_fmt(path, sizeof(path), "%s/%s", events, subs[i]) ||
		    list_dir(path, &evs, &ne))
			continue;	/* a file (enable, header_page, ...) */
		for (j = 0; j < ne && !err; j++) {
			if (path_fmt(path, sizeof(path), "%s/%s/%s/format", events, subs[i], evs[j]))
				continue;
			err = read_file(path, &buf, &len);
			if (err == -ENOENT || err == -ENOTDIR) {
				err = 0;	/* enable, filter: no format */
				continue;
			}
			if (err) {
				pr_warn("cannot read %s: %s\n", path, strerror(-err));
				break;
			}
			if (!path_fmt(name, sizeof(name), "%s%s/%s/format", TP_SNAP_EVENTS, subs[i],
				      evs[j])) {
				put_entry(o, name, buf, len);
				o->nr_formats++;
			}
			free(buf);
		}
		free_list(evs, ne);
	}
	free_list(subs, ns);
	return err ?: o->err;
}

/* The BTF to record: --btf FILE (raw, or an ELF's .BTF) or the running kernel's. */
static int read_btf(const char *file, void **raw, size_t *len)
{
	const char *path = file ? file : TP_LIVE_BTF;
	struct btf *btf;
	const void *data;
	char *buf;
	__u32 sz;
	int err;

	err = read_file(path, &buf, len);
	if (err) {
		if (file)
			pr_warn("cannot read --btf %s: %s\n", file, strerror(-err));
		else
			pr_warn("no kernel BTF on this node (%s: %s): pass --btf FILE\n", path,
				strerror(-err));
		return err;
	}
	if (*len >= 4 && memcmp(buf, "\177ELF", 4) == 0) {
		free(buf);
		btf = btf__parse_elf(path, NULL);
	} else {
		btf = btf__new(buf, *len);
		if (btf) {	/* valid: keep the bytes exactly as read */
			btf__free(btf);
			*raw = buf;
			return 0;
		}
		free(buf);
	}
	if (!btf) {
		pr_warn("%s is not a BTF file (raw BTF, or an ELF with a .BTF section)\n", path);
		return -EINVAL;
	}
	data = btf__raw_data(btf, &sz);
	*raw = data ? malloc(sz) : NULL;
	if (*raw)
		memcpy(*raw, data, sz);
	*len = sz;
	btf__free(btf);
	return *raw ? 0 : -ENOMEM;
}

/* Module BTF of the running kernel (split BTF on vmlinux): btf/<module>. */
static int put_modules(struct snap_out *o)
{
	char **names, path[4096], ent[512], *buf;
	size_t n, i, len;
	int err = list_dir(TP_LIVE_BTF_DIR, &names, &n);

	if (err)
		return err == -ENOENT ? 0 : err;
	for (i = 0; i < n && !err; i++) {
		if (!strcmp(names[i], "vmlinux") ||
		    path_fmt(path, sizeof(path), "%s/%s", TP_LIVE_BTF_DIR, names[i]) ||
		    path_fmt(ent, sizeof(ent), "%s%s", TP_SNAP_BTF_DIR, names[i]))
			continue;
		err = read_file(path, &buf, &len);
		if (err) {
			pr_warn("cannot read %s: %s\n", path, strerror(-err));
			break;
		}
		put_entry(o, ent, buf, len);
		o->nr_modules++;
		free(buf);
	}
	free_list(names, n);
	return err ?: o->err;
}

static int file_sha256(const char *path, char hex[2 * SHA256_DIGEST_LEN + 1])
{
	char *buf;
	size_t len;
	int err = read_file(path, &buf, &len);

	if (err)
		return err;
	sha256_hex(buf, len, hex);
	free(buf);
	return 0;
}

int cmd_snapshot(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tracefs", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	char events[4096], tmp[4096], hdr[3 * 4096 + 512], enc_btf[4096], enc_tfs[4096];
	char enc_fn[4096], fn_buf[4096 + 32];
	char origin[4096], btf_sha[2 * SHA256_DIGEST_LEN + 1], file_sha[2 * SHA256_DIGEST_LEN + 1];
	const char *tracefs = NULL, *out, *fn_path = NULL;
	struct snap_out o = {};
	struct json_writer *w;
	struct utsname u;
	char *fn = NULL;
	void *btf = NULL;
	size_t btf_len = 0, fn_len = 0;
	bool to_stdout;
	int c, fd = -1, err;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			tracefs = optarg;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		help(stderr);
		return TPLOAD_EXIT_USAGE;
	}
	out = argv[optind];
	to_stdout = strcmp(out, "-") == 0;
	if (to_stdout && env->json) {
		fprintf(stderr, "%s snapshot: -j needs a FILE (stdout carries the JSON)\n", env->prog);
		return TPLOAD_EXIT_USAGE;
	}

	/* what will be recorded, and where it comes from */
	err = read_btf(env->btf, &btf, &btf_len);
	if (err)
		goto fail;
	sha256_hex(btf, btf_len, btf_sha);
	err = tp_origin(origin, sizeof(origin), env->btf ? env->btf : TP_LIVE_BTF, !env->btf);
	err = err ?: tp_pct_encode(enc_btf, sizeof(enc_btf), origin);
	if (tracefs) {
		snprintf(events, sizeof(events), "%s", tracefs);
		tp_functions_path(fn_buf, sizeof(fn_buf), tracefs);
		fn_path = fn_buf;
	} else {
		snprintf(events, sizeof(events), "%s/events", TP_LIVE_TRACEFS);
		if (!path_exists(events))
			snprintf(events, sizeof(events), "%s/events", TP_LIVE_TRACEFS_OLD);
		fn_path = TP_LIVE_TRACEFS "/available_filter_functions";
		if (strncmp(events, TP_LIVE_TRACEFS_OLD, strlen(TP_LIVE_TRACEFS_OLD)) == 0)
			fn_path = TP_LIVE_TRACEFS_OLD "/available_filter_functions";
	}
	if (!path_exists(events)) {
		if (tracefs)
			pr_warn("cannot read --tracefs %s: no such directory\n", tracefs);
		else
			pr_warn("no tracefs on this node (%s/events): mount it (mount -t tracefs nodev %s) or pass --tracefs DIR\n",
				TP_LIVE_TRACEFS, TP_LIVE_TRACEFS);
		err = -ENOENT;
		goto fail;
	}
	err = err ?: tp_origin(origin, sizeof(origin), events, !tracefs);
	err = err ?: tp_pct_encode(enc_tfs, sizeof(enc_tfs), origin);
	/* the function list needs ftrace; a kernel without it has none (recorded "-") */
	if (fn_path && read_file(fn_path, &fn, &fn_len))
		fn = NULL;
	/* its origin as tpc records it: the live path, or a given file's last component */
	if (!err && fn)
		err = tp_origin(origin, sizeof(origin), fn_path, !tracefs);
	err = err ?: tp_pct_encode(enc_fn, sizeof(enc_fn), fn ? origin : NULL);
	if (err) {
		pr_warn("snapshot: a path is too long\n");
		goto fail;
	}
	uname(&u);
	snprintf(hdr, sizeof(hdr),
		 "tpc-snapshot %d\nkernel %s\nmachine %s\nbtf %s\ntracefs %s\nfunctions %s\n",
		 TP_SNAPSHOT_VERSION, u.release, u.machine, enc_btf, enc_tfs, enc_fn);

	if (to_stdout) {
		fd = dup(STDOUT_FILENO);
	} else {
		err = path_fmt(tmp, sizeof(tmp), "%s.tmp", out);
		if (err)
			goto fail;
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	}
	if (fd < 0) {
		err = -errno;
		pr_warn("cannot write %s: %s\n", to_stdout ? "stdout" : tmp, strerror(errno));
		goto fail;
	}
	o.gz = gzdopen(fd, "wb");
	if (!o.gz) {
		close(fd);
		err = -ENOMEM;
		goto fail_tmp;
	}
	/* header first, then every entry in name order */
	put_entry(&o, TP_SNAP_HEADER, hdr, strlen(hdr));
	err = put_modules(&o);
	put_entry(&o, TP_SNAP_BTF, btf, btf_len);
	if (fn)
		put_entry(&o, TP_SNAP_FUNCTIONS, fn, fn_len);
	err = err ?: put_formats(&o, events);
	if (!err) {	/* end of archive: two zero blocks */
		static const uint8_t end[2 * TP_TAR_BLOCK];

		if (gzwrite(o.gz, end, sizeof(end)) != (int)sizeof(end))
			o.err = -EIO;
	}
	if (gzclose(o.gz) != Z_OK && !err)
		err = -EIO;
	err = err ?: o.err;
	if (err) {
		if (err == -EIO)
			pr_warn("cannot write %s: I/O error\n", to_stdout ? "stdout" : tmp);
		goto fail_tmp;
	}
	if (!to_stdout) {
		if (rename(tmp, out)) {
			err = -errno;
			pr_warn("cannot rename %s to %s: %s\n", tmp, out, strerror(errno));
			goto fail_tmp;
		}
		err = file_sha256(out, file_sha);
		if (err)
			goto fail;
	}
	w = cli_json(env);
	if (w) {
		jsonw_string_field(w, "path", out);
		jsonw_string_field(w, "sha256", file_sha);
		jsonw_string_field(w, "kernel", u.release);
		jsonw_string_field(w, "machine", u.machine);
		jsonw_string_field(w, "btf_sha256", btf_sha);
		jsonw_uint_field(w, "btf_bytes", btf_len);
		jsonw_uint_field(w, "module_btfs", o.nr_modules);
		jsonw_uint_field(w, "tracepoint_formats", o.nr_formats);
		jsonw_bool_field(w, "functions", fn != NULL);
		cli_json_finish(&w, true);
	} else if (!to_stdout) {
		printf("wrote %s: kernel %s %s, BTF %zu bytes (sha256 %.16s...), %zu module BTFs, %zu tracepoint formats, %s\n",
		       out, u.release, u.machine, btf_len, btf_sha, o.nr_modules, o.nr_formats,
		       fn ? "function list" : "no function list (no ftrace)");
	}
	free(btf);
	free(fn);
	return TPLOAD_EXIT_OK;
fail_tmp:
	if (!to_stdout)
		unlink(tmp);
fail:
	free(btf);
	free(fn);
	w = cli_json(env);
	cli_json_finish(&w, false);
	return err == -EINVAL ? TPLOAD_EXIT_ENV : cli_exit_env(err);
}
