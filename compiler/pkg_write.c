// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Policy bundles, the writing side: manifest, directory form, ustar form
 * (docs/bundle-format.md is the contract; runtime/pkg.c reads it).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gelf.h>
#include <libelf.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pkg_write.h"
#include "tp_abi.h"
#include "vec.h"

#define MAX_SOURCE_SIZE		(64u << 20)

int pkg_sha256_hex(const void *data, size_t len, char out[PKG_DIGEST_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	if (sodium_init() < 0) {
		pr_warn("internal error: libsodium cannot initialize\n");
		return -EFAULT;
	}
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, PKG_DIGEST_HEX, h, sizeof(h));
	return 0;
}

/* The .tpc.meta text of an object (up to the first NUL), or NULL. */
static char *object_meta(const void *obj, size_t len)
{
	char *text = NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *elf;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return NULL;
	elf = elf_memory((char *)obj, len);
	if (!elf)
		return NULL;
	if (elf_getshdrstrndx(elf, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh))
			break;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".tpc.meta"))
			continue;
		data = elf_getdata(scn, NULL);
		if (data && data->d_buf && data->d_size)
			text = strndup(data->d_buf, data->d_size);
		break;
	}
out:
	elf_end(elf);
	return text;
}

/* A manifest field must be printable ASCII without spaces or '%'-escapes
 * gone wrong: what .tpc.meta writes (percent-encoded) passes.
 */
static bool field_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return n > 0;
}

/* Copies the target/requires lines of @meta, prefixed with the policy. */
static int extra_lines(const char *policy, const char *meta, char **out)
{
	size_t len = 0;
	const char *l, *nl;
	FILE *f;

	*out = NULL;
	f = open_memstream(out, &len);
	if (!f)
		return -ENOMEM;
	for (l = meta; *l; l = nl + 1) {
		const char *key = NULL;
		size_t n;

		nl = strchr(l, '\n');
		n = nl ? (size_t)(nl - l) : strlen(l);
		if (n > 7 && strncmp(l, "target ", 7) == 0)
			key = "target";
		else if (n > 9 && strncmp(l, "requires ", 9) == 0)
			key = "requires";
		if (key && field_ok(l, n))
			fprintf(f, "%s %s %.*s\n", key, policy, (int)(n - strlen(key) - 1),
				l + strlen(key) + 1);
		if (!nl)
			break;
	}
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	if (!len) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

static int read_all(const char *path, size_t max, char **buf, size_t *len)
{
	struct stat st;
	ssize_t r;
	size_t off = 0;
	int fd, err = 0;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		err = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		goto out;
	}
	*buf = malloc(st.st_size + 1);
	if (!*buf) {
		err = -ENOMEM;
		goto out;
	}
	while (off < (size_t)st.st_size) {
		r = read(fd, *buf + off, st.st_size - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r < 0 ? -errno : -EIO;
			break;
		}
		off += r;
	}
	(*buf)[off] = '\0';
	*len = off;
out:
	close(fd);
	if (err) {
		free(*buf);
		*buf = NULL;
	}
	return err;
}

static int add_source(struct pkg_builder *b, const char *path)
{
	struct pkg_source *s;
	size_t i, len;
	char *data;
	int err;

	for (i = 0; i < b->nr_srcs; i++)
		if (strcmp(b->srcs[i].path, path) == 0)
			return 0;
	err = read_all(path, MAX_SOURCE_SIZE, &data, &len);
	if (err) {
		pr_warn("%s: cannot read the source for its digest: %s\n", path, strerror(-err));
		return err;
	}
	if (vec_ensure((void **)&b->srcs, &b->cap_srcs, sizeof(*s), b->nr_srcs + 1)) {
		free(data);
		return -ENOMEM;
	}
	s = &b->srcs[b->nr_srcs];
	s->path = strdup(path);
	s->size = len;
	err = pkg_sha256_hex(data, len, s->digest);
	free(data);
	if (err) {
		free(s->path);
		return err;
	}
	if (!s->path)
		return -ENOMEM;
	b->nr_srcs++;
	return 0;
}

int pkg_add_object(struct pkg_builder *b, const char *policy, const char *source,
		   const void *obj, size_t len)
{
	struct pkg_object *o;
	char *meta;
	int err;

	err = add_source(b, source);
	if (err)
		return err;
	if (vec_ensure((void **)&b->objs, &b->cap_objs, sizeof(*o), b->nr_objs + 1))
		return -ENOMEM;
	o = &b->objs[b->nr_objs];
	memset(o, 0, sizeof(*o));
	meta = object_meta(obj, len);
	if (!meta) {
		pr_warn("internal error: object of policy '%s' has no .tpc.meta\n", policy);
		return -EFAULT;
	}
	o->policy = strdup(policy);
	o->source = strdup(source);
	o->obj = malloc(len ? len : 1);
	err = extra_lines(policy, meta, &o->extra);
	free(meta);
	if (!o->policy || !o->source || !o->obj || err) {
		free(o->policy);
		free(o->source);
		free(o->obj);
		free(o->extra);
		return -ENOMEM;
	}
	memcpy(o->obj, obj, len);
	o->obj_len = len;
	err = pkg_sha256_hex(obj, len, o->digest);
	b->nr_objs++;
	return err;
}

static int cmp_obj(const void *a, const void *b)
{
	return strcmp(((const struct pkg_object *)a)->policy, ((const struct pkg_object *)b)->policy);
}

static int cmp_src(const void *a, const void *b)
{
	return strcmp(((const struct pkg_source *)a)->path, ((const struct pkg_source *)b)->path);
}

/* Percent-encoding of .tpc.meta: every byte outside [A-Za-z0-9._/:+@=,-]. */
static void put_enc(FILE *f, const char *s)
{
	if (!*s) {
		fputc('-', f);
		return;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("._/:+@=,-", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

int pkg_build_manifest(struct pkg_builder *b)
{
	size_t i, len = 0;
	char *text = NULL;
	FILE *f;
	int err;

	qsort(b->objs, b->nr_objs, sizeof(*b->objs), cmp_obj);
	qsort(b->srcs, b->nr_srcs, sizeof(*b->srcs), cmp_src);
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "tpc-bundle %d\n", PKG_FORMAT_VERSION);
	fprintf(f, "generator tpc %s\n", b->version);
	fprintf(f, "abi %d\n", TP_ABI_VERSION);
	fprintf(f, "arch %s\n", b->arch ? b->arch : "x86");
	for (i = 0; i < b->nr_srcs; i++) {
		fputs("source ", f);
		put_enc(f, b->srcs[i].path);
		fprintf(f, " sha256:%s %zu\n", b->srcs[i].digest, b->srcs[i].size);
	}
	for (i = 0; i < b->nr_objs; i++) {
		const struct pkg_object *o = &b->objs[i];

		fprintf(f, "policy %s objects/%s.bpf.o sha256:%s %zu ", o->policy, o->policy,
			o->digest, o->obj_len);
		put_enc(f, o->source);
		fputc('\n', f);
		if (o->extra)
			fputs(o->extra, f);
	}
	if (fclose(f)) {
		free(text);
		return -ENOMEM;
	}
	err = pkg_sha256_hex(text, len, b->content);
	if (err) {
		free(text);
		return err;
	}
	free(b->manifest);
	if (asprintf(&b->manifest, "%scontent sha256:%s\n", text, b->content) < 0) {
		b->manifest = NULL;
		free(text);
		return -ENOMEM;
	}
	b->manifest_len = strlen(b->manifest);
	free(text);
	return 0;
}

int pkg_write_file(const char *path, const void *buf, size_t len, unsigned int mode)
{
	char tmp[4096];
	size_t off = 0;
	int fd, n, err = 0;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t w = write(fd, (const char *)buf + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			err = -errno;
			break;
		}
		off += w;
	}
	if (!err && fchmod(fd, mode))	/* independent of the umask: reproducible modes */
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path) ? -1 : 0;
}

/* rm -r of a directory tree we wrote (no symlink following). */
static void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool is_bundle_dir(const char *path)
{
	char m[4096], head[16] = { 0 };
	FILE *f;
	bool ok;

	if (snprintf(m, sizeof(m), "%s/" PKG_MANIFEST, path) >= (int)sizeof(m))
		return false;
	f = fopen(m, "re");
	if (!f)
		return false;
	ok = fread(head, 1, 11, f) == 11 && memcmp(head, "tpc-bundle ", 11) == 0;
	fclose(f);
	return ok;
}

int pkg_write_dir(const struct pkg_builder *b, const char *path)
{
	char tmp[4096], old[4096], p[4096];
	struct stat st;
	size_t i;
	int err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof(tmp) ||
	    snprintf(old, sizeof(old), "%s.old.%d", path, (int)getpid()) >= (int)sizeof(old))
		return -ENAMETOOLONG;
	if (lstat(path, &st) == 0 && !(S_ISDIR(st.st_mode) && is_bundle_dir(path))) {
		pr_warn("%s exists and is not a tpc bundle directory: not replacing it\n", path);
		return -EEXIST;
	}
	remove_tree(tmp);
	if (mkdir(tmp, 0755) || chmod(tmp, 0755)) {
		err = -errno;
		pr_warn("cannot create %s: %s\n", tmp, strerror(-err));
		return err;
	}
	if (snprintf(p, sizeof(p), "%s/objects", tmp) >= (int)sizeof(p)) {
		err = -ENAMETOOLONG;
		goto err_tmp;
	}
	if (mkdir(p, 0755) || chmod(p, 0755)) {
		err = -errno;
		goto err_tmp;
	}
	for (i = 0; i < b->nr_objs; i++) {
		if (snprintf(p, sizeof(p), "%s/objects/%s.bpf.o", tmp, b->objs[i].policy) >=
		    (int)sizeof(p)) {
			err = -ENAMETOOLONG;
			goto err_tmp;
		}
		err = pkg_write_file(p, b->objs[i].obj, b->objs[i].obj_len, 0644);
		if (err)
			goto err_tmp;
	}
	if (snprintf(p, sizeof(p), "%s/" PKG_MANIFEST, tmp) >= (int)sizeof(p)) {
		err = -ENAMETOOLONG;
		goto err_tmp;
	}
	err = pkg_write_file(p, b->manifest, b->manifest_len, 0644);
	if (err)
		goto err_tmp;
	if (lstat(path, &st) == 0) {
		remove_tree(old);
		if (rename(path, old)) {
			err = -errno;
			goto err_tmp;
		}
	}
	if (rename(tmp, path)) {
		err = -errno;
		rename(old, path);
		goto err_tmp;
	}
	remove_tree(old);
	return 0;
err_tmp:
	pr_warn("cannot write bundle %s: %s\n", path, strerror(-err));
	remove_tree(tmp);
	return err;
}

/* ------------------------------------------------------------------ ustar */

#define TAR_BLOCK	512

/* One ustar header: regular file, mode 0644, owner root (0/0), mtime 0. */
static int tar_header(FILE *f, const char *name, size_t size)
{
	unsigned char h[TAR_BLOCK] = { 0 };
	const char *slash = strrchr(name, '/');
	const char *base = name;
	unsigned int sum = 0, i;

	if (strlen(name) > 100) {
		size_t plen = slash ? (size_t)(slash - name) : 0;

		if (!slash || plen > 155 || strlen(slash + 1) > 100)
			return -ENAMETOOLONG;
		memcpy(h + 345, name, plen);	/* prefix */
		base = slash + 1;
	}
	memcpy(h, base, strlen(base));
	memcpy(h + 100, "0000644", 7);			/* mode */
	memcpy(h + 108, "0000000", 7);			/* uid */
	memcpy(h + 116, "0000000", 7);			/* gid */
	snprintf((char *)h + 124, 12, "%011zo", size);	/* size */
	memcpy(h + 136, "00000000000", 11);		/* mtime: 1970, fixed */
	memset(h + 148, ' ', 8);			/* chksum: spaces while summing */
	h[156] = '0';					/* typeflag: regular file */
	memcpy(h + 257, "ustar", 6);			/* magic "ustar\0" */
	memcpy(h + 263, "00", 2);			/* version */
	memcpy(h + 265, "root", 4);			/* uname */
	memcpy(h + 297, "root", 4);			/* gname */
	for (i = 0; i < TAR_BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);	/* 6 digits, NUL, space */
	h[155] = ' ';
	fwrite(h, 1, sizeof(h), f);
	return 0;
}

static void tar_data(FILE *f, const void *data, size_t len)
{
	static const char zero[TAR_BLOCK];

	fwrite(data, 1, len, f);
	if (len % TAR_BLOCK)
		fwrite(zero, 1, TAR_BLOCK - len % TAR_BLOCK, f);
}

int pkg_write_tar(const struct pkg_builder *b, const char *path)
{
	static const char zero[2 * TAR_BLOCK];
	char name[4096], sig[4096];
	size_t i, len = 0;
	char *buf = NULL;
	FILE *f;
	int err = 0;

	for (i = 0; i < b->nr_objs; i++)
		if (strlen(b->objs[i].policy) > PKG_TAR_MAX_NAME) {
			pr_warn("policy name '%s' is longer than %d bytes: the tar form cannot hold it; write a directory bundle instead\n",
				b->objs[i].policy, PKG_TAR_MAX_NAME);
			return -ENAMETOOLONG;
		}
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	err = tar_header(f, PKG_MANIFEST, b->manifest_len);
	if (!err)
		tar_data(f, b->manifest, b->manifest_len);
	for (i = 0; i < b->nr_objs && !err; i++) {
		snprintf(name, sizeof(name), "objects/%s.bpf.o", b->objs[i].policy);
		err = tar_header(f, name, b->objs[i].obj_len);
		if (!err)
			tar_data(f, b->objs[i].obj, b->objs[i].obj_len);
	}
	fwrite(zero, 1, sizeof(zero), f);	/* end of archive */
	if (fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	if (!err)
		err = pkg_write_file(path, buf, len, 0644);
	free(buf);
	if (err) {
		pr_warn("cannot write bundle %s: %s\n", path, strerror(-err));
		return err;
	}
	/* a signature of the previous bytes would now be "bad": remove it */
	if (snprintf(sig, sizeof(sig), "%s" PKG_SIG_SUFFIX, path) < (int)sizeof(sig) &&
	    unlink(sig) == 0)
		pr_info("removed %s (it signed the previous bundle)\n", sig);
	return 0;
}

void pkg_builder_free(struct pkg_builder *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nr_objs; i++) {
		free(b->objs[i].policy);
		free(b->objs[i].source);
		free(b->objs[i].obj);
		free(b->objs[i].extra);
	}
	for (i = 0; i < b->nr_srcs; i++)
		free(b->srcs[i].path);
	free(b->objs);
	free(b->srcs);
	free(b->manifest);
	memset(b, 0, sizeof(*b));
}

/* --------------------------------------------------------------- reading */

int pkg_root_file(const char *bundle, char *buf, size_t size)
{
	struct stat st;
	int n;

	if (stat(bundle, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		n = snprintf(buf, size, "%s/" PKG_MANIFEST, bundle);
	else
		n = snprintf(buf, size, "%s", bundle);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int pkg_read_content_digest(const char *bundle, char out[PKG_DIGEST_HEX])
{
	char root[4096], *data = NULL, *m, *p;
	size_t len = 0, mlen;
	struct stat st;
	int err;

	err = pkg_root_file(bundle, root, sizeof(root));
	err = err ?: read_all(root, 256u << 20, &data, &len);
	if (err) {
		pr_warn("%s: %s\n", bundle, strerror(-err));
		return err;
	}
	m = data;
	mlen = len;
	if (stat(bundle, &st) == 0 && !S_ISDIR(st.st_mode)) {
		/* tar: the manifest is the first member */
		if (len < TAR_BLOCK || strcmp(data, PKG_MANIFEST) ||
		    memcmp(data + 257, "ustar", 6)) {
			err = -EINVAL;
			goto out;
		}
		mlen = strtoull(data + 124, NULL, 8);
		if (mlen > len - TAR_BLOCK) {
			err = -EINVAL;
			goto out;
		}
		m = data + TAR_BLOCK;
	}
	if (mlen < 11 || memcmp(m, "tpc-bundle ", 11)) {
		err = -EINVAL;
		goto out;
	}
	m[mlen] = '\0';		/* inside the buffer: read_all NUL-terminates too */
	p = strstr(m, "\ncontent sha256:");
	if (!p || strlen(p + 16) < 64) {
		err = -EINVAL;
		goto out;
	}
	memcpy(out, p + 16, 64);
	out[64] = '\0';
out:
	if (err == -EINVAL)
		pr_warn("%s: not a tpc bundle (docs/bundle-format.md)\n", bundle);
	free(data);
	return err;
}
