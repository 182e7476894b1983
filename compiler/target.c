// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The target kernel's inputs (target.h): which source each comes from, read once,
 * digested, and the messages that name the option when one is missing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/btf.h>

#include "pkg_write.h"
#include "snapshot.h"
#include "target.h"
#include "tp_snapshot.h"
#include "tracefs.h"

#define ORIGIN_MAX	4096

struct target {
	struct target_opts o;
	struct snapshot *snap;
	/* BTF: read on first use */
	bool btf_tried;
	int btf_err;
	struct btf *btf;
	const char *btf_path;		/* the file read (or to read) */
	char btf_why[1400];
	char btf_origin[ORIGIN_MAX];
	char btf_sha256[PKG_DIGEST_HEX];
	/* tracefs: the events directory, found on first use */
	bool tfs_tried;
	int tfs_err;
	char tfs_dir[ORIGIN_MAX];	/* events directory (not for a snapshot) */
	char tfs_why[1400];
	char tfs_origin[ORIGIN_MAX];
	char tfs_where[ORIGIN_MAX + 16];
	/* module BTFs: read on first use, each */
	struct target_module {
		char name[64];
		int err;
		struct btf *btf;
		char origin[ORIGIN_MAX];
		char sha256[PKG_DIGEST_HEX];
		char why[1400];
	} mods[TARGET_MODULES_MAX];
	size_t nr_mods;
	/* available_filter_functions: read on first use */
	bool fn_tried;
	int fn_err;
	char *fn_text;			/* owned; NUL-terminated */
	size_t fn_len;
	char fn_path[ORIGIN_MAX + 64];	/* the file read (or the snapshot's entry) */
	char fn_why[1400];
	char fn_origin[ORIGIN_MAX + 64];
	char fn_sha256[PKG_DIGEST_HEX];
};

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int target_new(const struct target_opts *opts, struct target **out, char *why, size_t why_sz)
{
	struct target *t = calloc(1, sizeof(*t));
	char w[512];
	int err;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->o = *opts;
	if (!t->o.live_btf)
		t->o.live_btf = TP_LIVE_BTF;
	if (t->o.snapshot) {
		err = snapshot_read(t->o.snapshot, &t->snap, w, sizeof(w));
		if (err) {
			snprintf(why, why_sz, "cannot use --target-snapshot %s: %s", t->o.snapshot, w);
			free(t);
			return err;
		}
	}
	*out = t;
	return 0;
}

void target_free(struct target *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nr_mods; i++)
		btf__free(t->mods[i].btf);
	btf__free(t->btf);
	free(t->fn_text);
	snapshot_free(t->snap);
	free(t);
}

/* ---------------------------------------------------------------- BTF */

static int read_file(const char *path, void **buf, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	char *b = NULL, *nb;
	size_t cap = 0, n = 0, got;
	int err = 0;

	if (!f)
		return -errno;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8 << 20;
			nb = realloc(b, cap);
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (!got) {
			if (ferror(f))
				err = errno ? -errno : -EIO;
			break;
		}
	}
	fclose(f);
	if (err) {
		free(b);
		return err;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* BTF from a file: raw BTF, or an ELF (vmlinux) with a .BTF section. */
static struct btf *btf_from_file(const char *path, int *err)
{
	void *buf = NULL;
	size_t len = 0;
	struct btf *btf;

	*err = read_file(path, &buf, &len);
	if (*err)
		return NULL;
	if (len >= 4 && memcmp(buf, "\177ELF", 4) == 0)
		btf = btf__parse_elf(path, NULL);
	else
		btf = btf__new(buf, len);
	if (!btf)
		*err = -EINVAL;
	free(buf);
	return btf;
}

static void load_btf(struct target *t)
{
	const void *raw;
	size_t len;
	__u32 sz;
	int err = 0;

	t->btf_tried = true;
	if (t->snap) {
		raw = snapshot_entry(t->snap, TP_SNAP_BTF, &len);
		t->btf_path = TP_SNAP_BTF;
		if (!raw) {
			snprintf(t->btf_why, sizeof(t->btf_why),
				 "--target-snapshot %s has no kernel BTF (the node had none)",
				 t->o.snapshot);
			t->btf_err = -ENODATA;
			return;
		}
		t->btf = btf__new(raw, len);
		if (!t->btf) {
			snprintf(t->btf_why, sizeof(t->btf_why),
				 "--target-snapshot %s: its %s is not BTF", t->o.snapshot, TP_SNAP_BTF);
			t->btf_err = -ENODATA;
			return;
		}
		snprintf(t->btf_origin, sizeof(t->btf_origin), "%s",
			 snapshot_field(t->snap, "btf") ?: TP_SNAP_BTF);
	} else if (t->o.btf) {
		t->btf_path = t->o.btf;
		t->btf = btf_from_file(t->o.btf, &err);
		if (!t->btf) {
			if (err == -EINVAL)
				snprintf(t->btf_why, sizeof(t->btf_why),
					 "--btf %s is not a BTF file (raw BTF, or an ELF with a .BTF section)",
					 t->o.btf);
			else
				snprintf(t->btf_why, sizeof(t->btf_why), "cannot read --btf %s: %s",
					 t->o.btf, strerror(-err));
			t->btf_err = err == -ENOMEM ? err : -ENODATA;
			return;
		}
		if (tp_origin(t->btf_origin, sizeof(t->btf_origin), t->o.btf, false))
			snprintf(t->btf_origin, sizeof(t->btf_origin), "?");
	} else {
		t->btf_path = t->o.live_btf;
		t->btf = btf_from_file(t->o.live_btf, &err);
		if (!t->btf) {
			snprintf(t->btf_why, sizeof(t->btf_why),
				 "no kernel BTF on this machine (%s: %s): pass --btf FILE or --target-snapshot FILE",
				 t->o.live_btf, err == -EINVAL ? "not BTF" : strerror(-err));
			t->btf_err = err == -ENOMEM ? err : -ENODATA;
			return;
		}
		if (tp_origin(t->btf_origin, sizeof(t->btf_origin), t->o.live_btf, true))
			snprintf(t->btf_origin, sizeof(t->btf_origin), "?");
	}
	raw = btf__raw_data(t->btf, &sz);
	if (!raw) {
		t->btf_err = -ENOMEM;
		return;
	}
	if (pkg_sha256_hex(raw, sz, t->btf_sha256))
		t->btf_err = -EFAULT;	/* libsodium: logged */
}

int target_btf(struct target *t, const struct btf **btf, const char **why)
{
	if (!t->btf_tried)
		load_btf(t);
	*why = t->btf_why;
	if (t->btf_err)
		return t->btf_err;
	*btf = t->btf;
	return 0;
}

/* ---------------------------------------------------------------- tracefs */

static void find_tracefs(struct target *t)
{
	char dir[ORIGIN_MAX];
	const char *root;

	t->tfs_tried = true;
	if (t->snap) {
		snprintf(t->tfs_where, sizeof(t->tfs_where), "snapshot %s", t->o.snapshot);
		snprintf(t->tfs_origin, sizeof(t->tfs_origin), "%s",
			 snapshot_field(t->snap, "tracefs") ?: "tracefs");
		if (!snapshot_field(t->snap, "tracefs")) {
			snprintf(t->tfs_why, sizeof(t->tfs_why),
				 "--target-snapshot %s has no tracepoint formats (the node had no tracefs)",
				 t->o.snapshot);
			t->tfs_err = -ENODATA;
		}
		return;
	}
	if (t->o.tracefs) {
		snprintf(t->tfs_where, sizeof(t->tfs_where), "%s", t->o.tracefs);
		if (!is_dir(t->o.tracefs)) {
			snprintf(t->tfs_why, sizeof(t->tfs_why),
				 "cannot read --tracefs %s: not a directory", t->o.tracefs);
			t->tfs_err = -ENODATA;
			return;
		}
		snprintf(t->tfs_dir, sizeof(t->tfs_dir), "%s", t->o.tracefs);
		if (tp_origin(t->tfs_origin, sizeof(t->tfs_origin), t->o.tracefs, false))
			snprintf(t->tfs_origin, sizeof(t->tfs_origin), "?");
		return;
	}
	root = t->o.live_tracefs ? t->o.live_tracefs : TP_LIVE_TRACEFS;
	snprintf(dir, sizeof(dir), "%s/events", root);
	if (!is_dir(dir) && !t->o.live_tracefs)
		snprintf(dir, sizeof(dir), "%s/events", TP_LIVE_TRACEFS_OLD);
	if (!is_dir(dir)) {
		snprintf(t->tfs_why, sizeof(t->tfs_why),
			 "no tracefs on this machine (%s/events): mount it (mount -t tracefs nodev %s), or pass --tracefs DIR or --target-snapshot FILE",
			 root, root);
		t->tfs_err = -ENODATA;
		return;
	}
	snprintf(t->tfs_dir, sizeof(t->tfs_dir), "%s", dir);
	snprintf(t->tfs_where, sizeof(t->tfs_where), "%s", dir);
	snprintf(t->tfs_origin, sizeof(t->tfs_origin), "%s", dir);
}

static bool safe_component(const char *s)
{
	if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	return !strchr(s, '/');
}

int target_format(struct target *t, const char *subsys, const char *event, struct tp_arena *arena,
		  struct tf_format *out, char sha256[65], const char **why)
{
	char name[ORIGIN_MAX + 64], *text = NULL;
	const void *ent;
	size_t len;
	int n, err;

	if (!t->tfs_tried)
		find_tracefs(t);
	*why = t->tfs_why;
	if (t->tfs_err)
		return t->tfs_err;
	if (!safe_component(subsys) || !safe_component(event))
		return -ENOENT;
	if (t->snap) {
		n = snprintf(name, sizeof(name), "%s%s/%s/format", TP_SNAP_EVENTS, subsys, event);
		if (n < 0 || (size_t)n >= sizeof(name))
			return -ENOENT;
		ent = snapshot_entry(t->snap, name, &len);
		if (!ent)
			return -ENOENT;
		text = strndup(ent, len);
		if (!text)
			return -ENOMEM;
	} else {
		err = tracefs_read_format(t->tfs_dir, subsys, event, &text, &len);
		if (err == -ENOENT || err == -ENOMEM)
			return err;
		if (err) {
			snprintf(t->tfs_why, sizeof(t->tfs_why),
				 "cannot read the format of %s/%s in %.1024s: %s (run as root, or pass --tracefs DIR or --target-snapshot FILE)",
				 subsys, event, t->tfs_dir, strerror(-err));
			return -ENODATA;
		}
	}
	err = pkg_sha256_hex(text, strlen(text), sha256);
	err = err ?: tracefs_parse_format(text, arena, out);
	free(text);
	return err;
}

/* ---------------------------------------------------------------- module BTF */

bool target_module_name_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n >= 56)	/* MODULE_NAME_LEN */
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

/* --btf-module NAME=FILE for @name: FILE, or NULL */
static const char *module_option(const struct target *t, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < t->o.nr_btf_modules; i++)
		if (!strncmp(t->o.btf_modules[i], name, n) && t->o.btf_modules[i][n] == '=')
			return t->o.btf_modules[i] + n + 1;
	return NULL;
}

/* Split BTF from memory: libbpf 1.1 parses split BTF from files only (btf__new_split
 * came in 1.3), so through a memfd.
 */
static struct btf *btf_split_from_bytes(const void *raw, size_t len, const struct btf *base)
{
	char path[64];
	struct btf *btf = NULL;
	int fd = memfd_create("tpc-module-btf", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (write(fd, raw, len) == (ssize_t)len) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		btf = btf__parse_raw_split(path, (struct btf *)base);
	}
	close(fd);
	return btf;
}

static void load_module(struct target *t, struct target_module *m, const struct btf *base)
{
	char path[sizeof(TP_LIVE_BTF_DIR) + 64];	/* module names: < 56 bytes */
	const char *file = module_option(t, m->name);
	char name[sizeof(m->name)];	/* a copy: messages are written into m */
	const void *raw;
	size_t len;
	__u32 sz;

	memcpy(name, m->name, sizeof(name));
	if (file) {
		/* raw split BTF, or an ELF with .BTF (the module's .ko) */
		m->btf = btf__parse_split(file, (struct btf *)base);
		if (!m->btf) {
			snprintf(m->why, sizeof(m->why),
				 "--btf-module %s=%.1024s is not the module's BTF (raw BTF split on the kernel's, or the module's .ko): %s",
				 name, file, strerror(errno));
			m->err = -ENODATA;
			return;
		}
		if (tp_origin(m->origin, sizeof(m->origin), file, false))
			snprintf(m->origin, sizeof(m->origin), "?");
	} else if (t->snap) {
		snprintf(path, sizeof(path), "%s%s", TP_SNAP_BTF_DIR, name);
		raw = snapshot_entry(t->snap, path, &len);
		if (!raw) {
			snprintf(m->why, sizeof(m->why),
				 "--target-snapshot %s has no %s (the module was not loaded when the node took it: load it and take the snapshot again), or pass --btf-module %s=FILE",
				 t->o.snapshot, path, name);
			m->err = -ENODATA;
			return;
		}
		m->btf = btf_split_from_bytes(raw, len, base);
		if (!m->btf) {
			snprintf(m->why, sizeof(m->why), "--target-snapshot %s: its %s is not BTF",
				 t->o.snapshot, path);
			m->err = -ENODATA;
			return;
		}
		/* what the node read: the running kernel's path */
		snprintf(m->origin, sizeof(m->origin), "%s/%s", TP_LIVE_BTF_DIR, name);
	} else if (!t->o.btf) {
		snprintf(path, sizeof(path), "%s/%s", TP_LIVE_BTF_DIR, name);
		m->btf = btf__parse_split(path, (struct btf *)base);
		if (!m->btf) {
			snprintf(m->why, sizeof(m->why),
				 "no BTF of module %s on this machine (%s: %s; is the module loaded?): pass --btf-module %s=FILE or --target-snapshot FILE",
				 name, path, strerror(errno), name);
			m->err = -ENODATA;
			return;
		}
		snprintf(m->origin, sizeof(m->origin), "%s", path);
	} else {
		snprintf(m->why, sizeof(m->why),
			 "--btf names another kernel: pass its module's BTF with --btf-module %s=FILE",
			 name);
		m->err = -ENODATA;
		return;
	}
	raw = btf__raw_data(m->btf, &sz);
	if (!raw) {
		m->err = -ENOMEM;
		return;
	}
	if (pkg_sha256_hex(raw, sz, m->sha256))
		m->err = -EFAULT;	/* libsodium: logged */
}

int target_module_btf(struct target *t, const char *name, const struct btf **btf,
		      const char **origin, const char **sha256, const char **why)
{
	static const char bad_name[] = "not a kernel module name";
	struct target_module *m = NULL;
	const struct btf *base;
	const char *bwhy;
	size_t i;
	int err;

	*why = bad_name;
	if (!target_module_name_ok(name))
		return -ENODATA;
	err = target_btf(t, &base, &bwhy);
	if (err) {
		*why = bwhy;
		return err;
	}
	for (i = 0; i < t->nr_mods; i++)
		if (!strcmp(t->mods[i].name, name))
			m = &t->mods[i];
	if (!m) {
		if (t->nr_mods == TARGET_MODULES_MAX) {
			*why = "too many module BTFs in one run";
			return -ENODATA;
		}
		m = &t->mods[t->nr_mods++];
		snprintf(m->name, sizeof(m->name), "%s", name);
		load_module(t, m, base);
	}
	*why = m->why;
	if (m->err)
		return m->err;
	*btf = m->btf;
	*origin = m->origin;
	*sha256 = m->sha256;
	return 0;
}

/* ---------------------------------------------------------------- functions */

#define FUNCTIONS_FILE	TP_FUNCTIONS_FILE
#define FUNCTIONS_MAX	(64u << 20)	/* a 6.1 kernel lists ~60k functions, ~1.5 MB */

static void load_functions(struct target *t)
{
	const char *root, *ent;
	void *buf = NULL;
	size_t len = 0;
	int err;

	t->fn_tried = true;
	if (t->snap) {
		ent = snapshot_entry(t->snap, TP_SNAP_FUNCTIONS, &len);
		snprintf(t->fn_path, sizeof(t->fn_path), "snapshot %s", t->o.snapshot);
		if (!ent || !snapshot_field(t->snap, "functions")) {
			snprintf(t->fn_why, sizeof(t->fn_why),
				 "--target-snapshot %s has no %s (the node's tracefs did not let tpload read it: take the snapshot as root)",
				 t->o.snapshot, TP_SNAP_FUNCTIONS);
			t->fn_err = -ENODATA;
			return;
		}
		buf = malloc(len + 1);
		if (!buf) {
			t->fn_err = -ENOMEM;
			return;
		}
		memcpy(buf, ent, len);
		snprintf(t->fn_origin, sizeof(t->fn_origin), "%s", snapshot_field(t->snap, "functions"));
	} else {
		if (t->o.tracefs) {
			tp_functions_path(t->fn_path, sizeof(t->fn_path), t->o.tracefs);
		} else {
			root = t->o.live_tracefs ? t->o.live_tracefs : TP_LIVE_TRACEFS;
			snprintf(t->fn_path, sizeof(t->fn_path), "%s/%s", root, FUNCTIONS_FILE);
			if (access(t->fn_path, F_OK) && !t->o.live_tracefs)
				snprintf(t->fn_path, sizeof(t->fn_path), "%s/%s", TP_LIVE_TRACEFS_OLD,
					 FUNCTIONS_FILE);
		}
		err = read_file(t->fn_path, &buf, &len);
		if (!err && len > FUNCTIONS_MAX)
			err = -EFBIG;
		if (err) {
			free(buf);
			if (err == -ENOMEM) {
				t->fn_err = err;
				return;
			}
			snprintf(t->fn_why, sizeof(t->fn_why),
				 t->o.tracefs ? "cannot read %.1024s (next to --tracefs %.1024s): %s; pass a --tracefs DIR that has it, or --target-snapshot FILE" :
				 "cannot read %.1024s%.0s: %s (run as root, or pass --tracefs DIR with an available_filter_functions, or --target-snapshot FILE)",
				 t->fn_path, t->o.tracefs ? t->o.tracefs : "", strerror(-err));
			t->fn_err = -ENODATA;
			return;
		}
		/* one more byte for the NUL */
		{
			char *nb = realloc(buf, len + 1);

			if (!nb) {
				free(buf);
				t->fn_err = -ENOMEM;
				return;
			}
			buf = nb;
		}
		if (tp_origin(t->fn_origin, sizeof(t->fn_origin), t->fn_path, !t->o.tracefs))
			snprintf(t->fn_origin, sizeof(t->fn_origin), "?");
	}
	((char *)buf)[len] = '\0';
	if (memchr(buf, '\0', len)) {
		snprintf(t->fn_why, sizeof(t->fn_why), "%.1024s is not a function list (it has NUL bytes)",
			 t->fn_path);
		free(buf);
		t->fn_err = -ENODATA;
		return;
	}
	t->fn_text = buf;
	t->fn_len = len;
	if (pkg_sha256_hex(buf, len, t->fn_sha256))
		t->fn_err = -EFAULT;	/* libsodium: logged */
}

int target_functions(struct target *t, const char **text, size_t *len, const char **why)
{
	if (!t->fn_tried)
		load_functions(t);
	*why = t->fn_why;
	if (t->fn_err)
		return t->fn_err;
	*text = t->fn_text;
	*len = t->fn_len;
	return 0;
}

const char *target_functions_sha256(const struct target *t)
{
	return t->fn_tried && !t->fn_err ? t->fn_sha256 : NULL;
}

/* ---------------------------------------------------------------- records */

const char *target_where(const struct target *t, enum target_input_kind k)
{
	if (k == TARGET_TRACEFS)
		return t->tfs_tried ? t->tfs_where : NULL;
	if (k == TARGET_FUNCTIONS)
		return t->fn_tried ? t->fn_path : NULL;
	return t->btf_tried ? t->btf_path : NULL;
}

const char *target_origin(const struct target *t, enum target_input_kind k)
{
	if (k == TARGET_TRACEFS)
		return t->tfs_tried && !t->tfs_err ? t->tfs_origin : NULL;
	if (k == TARGET_FUNCTIONS)
		return t->fn_tried && !t->fn_err ? t->fn_origin : NULL;
	return t->btf_tried && !t->btf_err ? t->btf_origin : NULL;
}

const char *target_btf_sha256(const struct target *t)
{
	return t->btf_tried && !t->btf_err ? t->btf_sha256 : NULL;
}

void target_get_info(const struct target *t, struct target_info *info)
{
	memset(info, 0, sizeof(*info));
	if (t->snap) {
		info->snapshot = t->o.snapshot;
		info->snapshot_sha256 = snapshot_sha256(t->snap);
		info->kernel = snapshot_field(t->snap, "kernel");
		info->machine = snapshot_field(t->snap, "machine");
		return;
	}
	info->btf = t->o.btf ? t->o.btf : t->o.live_btf;
	if (t->o.tracefs)
		info->tracefs = t->o.tracefs;
	else if (t->tfs_tried && !t->tfs_err)
		info->tracefs = t->tfs_dir;
	else
		info->tracefs = t->o.live_tracefs ? t->o.live_tracefs : TP_LIVE_TRACEFS "/events";
}
