// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Policy bundles, the reading side (pkg.h, docs/bundle-format.md).
 * Order of trust: the root file (the tar, or DIR/manifest) is read once and
 * its signature checked before anything in it is parsed; the manifest then
 * vouches for every object by size and sha256.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pkg.h"
#include "sha256.h"
#include "sign_verify.h"
#include "tp_abi.h"
#include "util.h"
#include "vec.h"

#define MAX_TAR		(256u << 20)
#define MAX_OBJECT	(64u << 20)
#define MAX_MANIFEST	(1u << 20)
#define TAR_BLOCK	512

#if defined(__x86_64__)
#define TP_ARCH "x86"
#elif defined(__aarch64__)
#define TP_ARCH "arm64"
#else
#define TP_ARCH "unknown"
#endif

struct tp_pkg {
	char *path;
	bool tar;
	char *root;			/* owned: tar bytes, or the manifest file */
	size_t root_len;
	char *manifest;			/* owned copy, NUL-terminated */
	char content[65];
	char *generator;
	int abi;
	char *arch;
	enum tp_pkg_sig sig;
	struct tp_sig_result sigres;
	struct tp_pkg_policy *pols;
	size_t nr_pols, cap_pols;
	struct tp_pkg_source *srcs;
	size_t nr_srcs, cap_srcs;
	void **images;			/* owned object bytes (dir form) */
	size_t nr_images, cap_images;
};

/* Reads a regular file of at most @max bytes. @follow: the path the user
 * gave may be a symlink (a Kubernetes ConfigMap volume's files are symlinks
 * into ..data/; the bytes are verified by digest and signature either way);
 * files inside a bundle directory may not. O_NONBLOCK: a FIFO is refused by
 * the S_ISREG check instead of blocking the open.
 */
static int read_bounded(const char *path, size_t max, bool follow, char **buf, size_t *len)
{
	struct stat st;
	size_t off = 0;
	int fd, err = 0;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return errno == ELOOP ? -EBADMSG : -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		err = -EBADMSG;
		goto out;
	}
	*buf = malloc(st.st_size + 1);
	if (!*buf) {
		err = -ENOMEM;
		goto out;
	}
	while (off < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + off, st.st_size - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r ? -errno : -EIO;
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

static bool is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

/* "sha256:<64 hex>" -> hex copied to out. */
static bool parse_digest(const char *f, char out[65])
{
	if (strncmp(f, "sha256:", 7) || !is_hex64(f + 7))
		return false;
	memcpy(out, f + 7, 65);
	return true;
}

static bool parse_size(const char *f, size_t max, size_t *out)
{
	char *end;
	unsigned long long v;

	if (!*f || *f == '-' || *f == '+')
		return false;
	errno = 0;
	v = strtoull(f, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static int nfields(char *line, char **f, int max)
{
	int n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (n == max)
			return max + 1;
		f[n++] = t;
	}
	return n;
}

static struct tp_pkg_policy *find_policy(struct tp_pkg *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nr_pols; i++)
		if (strcmp(p->pols[i].name, name) == 0)
			return &p->pols[i];
	return NULL;
}

static char *decoded(const char *s)
{
	char *d = strdup(s);

	if (d)
		percent_decode(d);
	return d;
}

#define BAD(fmt, ...) do {						\
	pr_warn("%s: manifest line %u: " fmt "\n", p->path, lineno, ##__VA_ARGS__); \
	return -EBADMSG;						\
} while (0)

/* One manifest line (no '\n'), already in p->manifest's copy. */
static int parse_line(struct tp_pkg *p, char *line, unsigned int lineno)
{
	char *f[8];
	int n = nfields(line, f, 7);
	struct tp_pkg_policy *pol;

	if (n < 1)
		BAD("empty line");
	if (strcmp(f[0], "generator") == 0) {
		if (n < 2 || p->generator)
			BAD("bad generator line");
		p->generator = strdup(f[1]);
		if (n > 2) {
			free(p->generator);
			if (asprintf(&p->generator, "%s %s", f[1], f[2]) < 0)
				p->generator = NULL;
		}
		return p->generator ? 0 : -ENOMEM;
	}
	if (strcmp(f[0], "abi") == 0) {
		size_t v;

		if (n != 2 || !parse_size(f[1], 1u << 20, &v))
			BAD("bad abi line");
		p->abi = (int)v;
		return 0;
	}
	if (strcmp(f[0], "arch") == 0) {
		if (n != 2 || p->arch)
			BAD("bad arch line");
		p->arch = strdup(f[1]);
		return p->arch ? 0 : -ENOMEM;
	}
	if (strcmp(f[0], "source") == 0) {
		struct tp_pkg_source *s;

		if (n != 4)
			BAD("bad source line");
		if (vec_ensure((void **)&p->srcs, &p->cap_srcs, sizeof(*s), p->nr_srcs + 1))
			return -ENOMEM;
		s = &p->srcs[p->nr_srcs];
		memset(s, 0, sizeof(*s));
		if (!parse_digest(f[2], s->digest) || !parse_size(f[3], ~(size_t)0, &s->size))
			BAD("bad source digest or size");
		s->path = decoded(f[1]);
		if (!s->path)
			return -ENOMEM;
		p->nr_srcs++;
		return 0;
	}
	if (strcmp(f[0], "policy") == 0) {
		char want[512];

		if (n != 6)
			BAD("bad policy line");
		if (!policy_name_valid(f[1]) || strchr(f[1], '_'))
			BAD("bad policy name '%s'", f[1]);
		if (find_policy(p, f[1]))
			BAD("policy '%s' listed twice", f[1]);
		snprintf(want, sizeof(want), "objects/%s.bpf.o", f[1]);
		if (strcmp(f[2], want))
			BAD("object of '%s' must be %s", f[1], want);
		if (vec_ensure((void **)&p->pols, &p->cap_pols, sizeof(*pol), p->nr_pols + 1))
			return -ENOMEM;
		pol = &p->pols[p->nr_pols];
		memset(pol, 0, sizeof(*pol));
		if (!parse_digest(f[3], pol->digest) || !parse_size(f[4], MAX_OBJECT, &pol->size))
			BAD("bad object digest or size");
		pol->name = strdup(f[1]);
		pol->object = strdup(f[2]);
		pol->source = decoded(f[5]);
		p->nr_pols++;
		return pol->name && pol->object && pol->source ? 0 : -ENOMEM;
	}
	if (strcmp(f[0], "target") == 0) {
		struct tp_pkg_target *t;

		if (n < 3 || !(pol = find_policy(p, f[1])))
			BAD("target line of an unknown policy");
		if (vec_ensure((void **)&pol->targets, &(size_t){ pol->nr_targets }, sizeof(*t),
			       pol->nr_targets + 1))
			return -ENOMEM;
		t = &pol->targets[pol->nr_targets++];
		t->kind = strdup(f[2]);
		t->origin = decoded(n > 3 ? f[3] : "-");
		t->digest = strdup(n > 4 ? f[4] : "");
		return t->kind && t->origin && t->digest ? 0 : -ENOMEM;
	}
	if (strcmp(f[0], "requires") == 0) {
		struct tp_pkg_require *r;
		size_t hook;

		if (n != 4 || !(pol = find_policy(p, f[1])) || !parse_size(f[2], 1u << 20, &hook))
			BAD("bad requires line");
		if (vec_ensure((void **)&pol->requires, &(size_t){ pol->nr_requires }, sizeof(*r),
			       pol->nr_requires + 1))
			return -ENOMEM;
		r = &pol->requires[pol->nr_requires++];
		r->hook = (int)hook;
		r->feature = strdup(f[3]);
		return r->feature ? 0 : -ENOMEM;
	}
	return 0;	/* unknown keys: ignored (format.md: forward compatible) */
}

/* Parses and checks the manifest text (@len bytes, may hold anything). */
static int parse_manifest(struct tp_pkg *p, const char *text, size_t len)
{
	char digest[65], *copy, *line, *nl, *last;
	unsigned int lineno = 0;
	int err = 0;

	if (len > MAX_MANIFEST || memchr(text, '\0', len) || !len || text[len - 1] != '\n') {
		pr_warn("%s: the manifest is not a text of lines\n", p->path);
		return -EBADMSG;
	}
	/* the last line is "content sha256:<hex>" over every byte before it */
	last = memrchr(text, '\n', len - 1);
	last = last ? last + 1 : (char *)text;
	if ((size_t)(text + len - last) != 15 + 64 + 1 || strncmp(last, "content sha256:", 15)) {
		pr_warn("%s: the manifest does not end with its content digest\n", p->path);
		return -EBADMSG;
	}
	sha256_hex(text, last - text, digest);
	if (strncmp(last + 15, digest, 64)) {
		pr_warn("%s: manifest content digest mismatch: the manifest was changed\n", p->path);
		return -EBADMSG;
	}
	memcpy(p->content, digest, 65);
	copy = strndup(text, last - text);
	if (!copy)
		return -ENOMEM;
	p->manifest = copy;
	line = strdup(copy);
	if (!line)
		return -ENOMEM;
	for (char *l = line; *l && !err; l = nl + 1) {
		nl = strchr(l, '\n');
		*nl = '\0';
		lineno++;
		if (lineno == 1) {
			if (strncmp(l, "tpc-bundle ", 11)) {
				pr_warn("%s: not a tpc bundle manifest\n", p->path);
				err = -EBADMSG;
			} else if (strcmp(l + 11, "1")) {
				pr_warn("%s: bundle format %s; this tpload reads format %d\n", p->path,
					l + 11, TP_PKG_FORMAT);
				err = -EBADMSG;
			}
			continue;
		}
		err = parse_line(p, l, lineno);
	}
	free(line);
	if (err)
		return err;
	if (!p->nr_pols) {
		pr_warn("%s: the bundle has no policy\n", p->path);
		return -EBADMSG;
	}
	if (p->abi != TP_ABI_VERSION) {
		pr_warn("%s: built for object ABI %d; this tpload has ABI %d: rebuild the bundle with a matching tpc\n",
			p->path, p->abi, TP_ABI_VERSION);
		return -EBADMSG;
	}
	if (!p->arch || strcmp(p->arch, TP_ARCH)) {
		pr_warn("%s: built for arch %s; this node is %s\n", p->path,
			p->arch ? p->arch : "(none)", TP_ARCH);
		return -EBADMSG;
	}
	return 0;
}

static int check_object(struct tp_pkg *p, struct tp_pkg_policy *pol, const void *data, size_t len)
{
	char digest[65];

	if (len != pol->size) {
		pr_warn("%s: %s has %zu bytes, the manifest says %zu: refused\n", p->path,
			pol->object, len, pol->size);
		return -EBADMSG;
	}
	sha256_hex(data, len, digest);
	if (strcmp(digest, pol->digest)) {
		pr_warn("%s: %s does not match its sha256 in the manifest: refused\n", p->path,
			pol->object);
		return -EBADMSG;
	}
	pol->image = data;
	return 0;
}

static unsigned long long octal(const char *f, size_t n, bool *ok)
{
	unsigned long long v = 0;
	size_t i = 0;

	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++)
		v = v * 8 + (f[i] - '0');
	for (; i < n; i++)
		if (f[i] != '\0' && f[i] != ' ')
			*ok = false;
	return v;
}

/* The ustar form: manifest first, then exactly the listed objects. */
static int open_tar(struct tp_pkg *p)
{
	const unsigned char *b = (const unsigned char *)p->root;
	size_t off = 0, len = p->root_len, i, nr_seen = 0;
	bool manifest_done = false;
	int err;

	for (;;) {
		char name[256 + 2];
		unsigned int sum = 0, want;
		unsigned long long size;
		bool ok = true;
		struct tp_pkg_policy *pol = NULL;

		if (off + TAR_BLOCK > len) {
			pr_warn("%s: truncated archive\n", p->path);
			return -EBADMSG;
		}
		for (i = 0; i < TAR_BLOCK && !b[off + i]; i++)
			;
		if (i == TAR_BLOCK)
			break;		/* end of archive */
		for (i = 0; i < TAR_BLOCK; i++)
			sum += i >= 148 && i < 156 ? ' ' : b[off + i];
		want = (unsigned int)octal((const char *)b + off + 148, 8, &ok);
		size = octal((const char *)b + off + 124, 12, &ok);
		if (!ok || sum != want || memcmp(b + off + 257, "ustar", 6) ||
		    memcmp(b + off + 263, "00", 2)) {
			pr_warn("%s: not a ustar archive made by tpc bundle (bad header at %zu)\n",
				p->path, off);
			return -EBADMSG;
		}
		if (b[off + 156] != '0' && b[off + 156] != '\0') {
			pr_warn("%s: archive member at %zu is not a regular file: refused\n",
				p->path, off);
			return -EBADMSG;
		}
		if (b[off + 345])
			snprintf(name, sizeof(name), "%.155s/%.100s", b + off + 345, b + off);
		else
			snprintf(name, sizeof(name), "%.100s", b + off);
		off += TAR_BLOCK;
		if (size > len - off) {
			pr_warn("%s: truncated archive\n", p->path);
			return -EBADMSG;
		}
		if (!manifest_done) {
			if (strcmp(name, "manifest")) {
				pr_warn("%s: the first member must be the manifest\n", p->path);
				return -EBADMSG;
			}
			err = parse_manifest(p, (const char *)b + off, size);
			if (err)
				return err;
			manifest_done = true;
		} else {
			for (i = 0; i < p->nr_pols; i++)
				if (strcmp(p->pols[i].object, name) == 0)
					pol = &p->pols[i];
			if (!pol || pol->image) {
				pr_warn("%s: member %s is %s: refused\n", p->path, name,
					pol ? "there twice" : "not in the manifest");
				return -EBADMSG;
			}
			err = check_object(p, pol, b + off, size);
			if (err)
				return err;
			nr_seen++;
		}
		off += (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
	}
	if (!manifest_done) {
		pr_warn("%s: empty archive\n", p->path);
		return -EBADMSG;
	}
	for (i = 0; i < p->nr_pols; i++)
		if (!p->pols[i].image) {
			pr_warn("%s: %s is missing\n", p->path, p->pols[i].object);
			return -EBADMSG;
		}
	return nr_seen == p->nr_pols ? 0 : -EBADMSG;
}

/* Refuses entries that the directory form does not have. */
static int check_dir_entries(struct tp_pkg *p, const char *dir, bool objects)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int err = 0;

	if (!d) {
		err = -errno;
		pr_warn("%s: %s\n", dir, strerror(-err));
		return err;
	}
	while ((de = readdir(d)) && !err) {
		const char *n = de->d_name;
		bool known = false;
		size_t i;

		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (!objects)
			known = !strcmp(n, "manifest") || !strcmp(n, "manifest.minisig") ||
				!strcmp(n, "objects");
		for (i = 0; objects && i < p->nr_pols && !known; i++)
			known = !strcmp(p->pols[i].object + 8, n);
		if (!known) {
			pr_warn("%s: %s/%s is not part of the bundle: refused\n", p->path, dir, n);
			err = -EBADMSG;
		}
	}
	closedir(d);
	return err;
}

static int open_dir(struct tp_pkg *p)
{
	char path[PATH_MAX];
	size_t i, len;
	int err;

	err = parse_manifest(p, p->root, p->root_len);
	err = err ?: check_dir_entries(p, p->path, false);
	err = err ?: path_join(path, sizeof(path), p->path, "objects");
	err = err ?: check_dir_entries(p, path, true);
	for (i = 0; i < p->nr_pols && !err; i++) {
		char *img;

		err = path_join(path, sizeof(path), p->path, p->pols[i].object);
		if (err)
			break;
		err = read_bounded(path, MAX_OBJECT, false, &img, &len);
		if (err) {
			pr_warn("%s: %s\n", path, err == -EBADMSG ? "not a regular file of at most 64 MiB" :
				strerror(-err));
			if (err == -ENOENT)
				err = -EBADMSG;	/* a listed object is missing: tampered */
			break;
		}
		if (vec_ensure((void **)&p->images, &p->cap_images, sizeof(void *),
			       p->nr_images + 1)) {
			free(img);
			err = -ENOMEM;
			break;
		}
		p->images[p->nr_images++] = img;
		err = check_object(p, &p->pols[i], img, len);
	}
	return err;
}

static int check_signature(struct tp_pkg *p, const struct tp_pkg_opts *opts, const char *root_path)
{
	const char *trust = opts && opts->trust_dir ? opts->trust_dir : TP_TRUST_DIR;
	bool require = opts && opts->require_signature;
	char sig_path[PATH_MAX];
	int err;

	if (path_fmt(sig_path, sizeof(sig_path), "%s.minisig", root_path))
		return -ENAMETOOLONG;
	err = sig_verify(p->root, p->root_len, sig_path, trust, &p->sigres);
	if (!err) {
		p->sig = TP_PKG_SIG_GOOD;
		return 0;
	}
	if (err == -ENOENT) {
		p->sig = TP_PKG_UNSIGNED;
		if (require) {
			pr_warn("%s: unsigned (no %s) and a signature is required: refused\n",
				p->path, sig_path);
			return -EKEYREJECTED;
		}
		return 0;
	}
	if (err == -ENOKEY) {
		p->sig = TP_PKG_SIG_UNCHECKED;
		if (require) {
			pr_warn("%s: a signature is required and cannot be checked: refused\n",
				p->path);
			return -EKEYREJECTED;
		}
		pr_warn("warning: %s: signature NOT checked (no trusted key)\n", p->path);
		return 0;
	}
	return err;
}

struct tp_pkg *tp_pkg__open(const char *path, const struct tp_pkg_opts *opts)
{
	char root_path[PATH_MAX];
	struct tp_pkg *p;
	struct stat st;
	int err;

	if (opts && opts->sz < offsetof(struct tp_pkg_opts, require_signature) + sizeof(bool)) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p || !(p->path = strdup(path))) {
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	if (stat(path, &st)) {
		err = -errno;
		pr_warn("%s: %s\n", path, strerror(-err));
		goto err_out;
	}
	p->tar = !S_ISDIR(st.st_mode);
	err = p->tar ? path_fmt(root_path, sizeof(root_path), "%s", path) :
		       path_join(root_path, sizeof(root_path), path, "manifest");
	if (err)
		goto err_out;
	err = read_bounded(root_path, p->tar ? MAX_TAR : MAX_MANIFEST, p->tar, &p->root,
			   &p->root_len);
	if (err) {
		pr_warn("%s: %s\n", root_path, err == -EBADMSG ? "not a regular file, or too large" :
			strerror(-err));
		if (err == -ENOENT && !p->tar)
			err = -EBADMSG;		/* a directory without manifest */
		goto err_out;
	}
	/* the signature first: nothing of an untrusted bundle is parsed */
	err = check_signature(p, opts, root_path);
	err = err ?: p->tar ? open_tar(p) : open_dir(p);
	if (err)
		goto err_out;
	return p;
err_out:
	tp_pkg__close(p);
	errno = -err;
	return NULL;
}

void tp_pkg__close(struct tp_pkg *p)
{
	size_t i, j;

	if (!p)
		return;
	for (i = 0; i < p->nr_pols; i++) {
		struct tp_pkg_policy *pol = &p->pols[i];

		for (j = 0; j < pol->nr_targets; j++) {
			free(pol->targets[j].kind);
			free(pol->targets[j].origin);
			free(pol->targets[j].digest);
		}
		for (j = 0; j < pol->nr_requires; j++)
			free(pol->requires[j].feature);
		free(pol->targets);
		free(pol->requires);
		free(pol->name);
		free(pol->object);
		free(pol->source);
	}
	for (i = 0; i < p->nr_srcs; i++)
		free(p->srcs[i].path);
	for (i = 0; i < p->nr_images; i++)
		free(p->images[i]);
	free(p->images);
	free(p->pols);
	free(p->srcs);
	free(p->generator);
	free(p->arch);
	free(p->manifest);
	free(p->root);
	free(p->path);
	free(p);
}

const char *tp_pkg__digest(const struct tp_pkg *p) { return p->content; }
const char *tp_pkg__format(const struct tp_pkg *p) { return p->tar ? "tar" : "dir"; }
const char *tp_pkg__generator(const struct tp_pkg *p) { return p->generator ? p->generator : ""; }
int tp_pkg__abi(const struct tp_pkg *p) { return p->abi; }
const char *tp_pkg__arch(const struct tp_pkg *p) { return p->arch ? p->arch : ""; }
enum tp_pkg_sig tp_pkg__sig(const struct tp_pkg *p) { return p->sig; }
const char *tp_pkg__sig_keyid(const struct tp_pkg *p) { return p->sigres.keyid; }
const char *tp_pkg__sig_key_file(const struct tp_pkg *p) { return p->sigres.key_file; }
const char *tp_pkg__sig_comment(const struct tp_pkg *p) { return p->sigres.trusted_comment; }
size_t tp_pkg__nr_policies(const struct tp_pkg *p) { return p->nr_pols; }
size_t tp_pkg__nr_sources(const struct tp_pkg *p) { return p->nr_srcs; }

const char *tp_pkg_sig_str(enum tp_pkg_sig s)
{
	switch (s) {
	case TP_PKG_SIG_GOOD:
		return "good";
	case TP_PKG_SIG_UNCHECKED:
		return "unchecked";
	default:
		return "none";
	}
}

const struct tp_pkg_policy *tp_pkg__policy(const struct tp_pkg *p, size_t i)
{
	return i < p->nr_pols ? &p->pols[i] : NULL;
}

const struct tp_pkg_source *tp_pkg__source(const struct tp_pkg *p, size_t i)
{
	return i < p->nr_srcs ? &p->srcs[i] : NULL;
}
