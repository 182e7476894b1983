// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Small helpers for tpload. */
#include <errno.h>
#include <time.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

int path_join(char *buf, size_t size, const char *a, const char *b)
{
	return path_fmt(buf, size, "%s/%s", a, b);
}

int path_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

/* mkdir that accepts an existing directory (sysfs answers EPERM, not
 * EEXIST, for /sys/fs).
 */
static int mkdir_one(const char *path, unsigned int mode)
{
	struct stat st;
	int err;

	if (!mkdir(path, mode))
		return 0;
	err = -errno;
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return 0;
	return err;
}

int mkdir_p(const char *path, unsigned int mode)
{
	char tmp[PATH_MAX];
	char *p;
	int err;

	/* the parent usually exists: one mkdir() */
	err = mkdir_one(path, mode);
	if (err != -ENOENT)
		return err;
	if (path_fmt(tmp, sizeof(tmp), "%s", path))
		return -ENAMETOOLONG;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		err = mkdir_one(tmp, mode);
		if (err)
			return err;
		*p = '/';
	}
	return mkdir_one(tmp, mode);
}

bool path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static int read_file_impl(const char *path, bool regular_only, size_t max, char **buf,
			  size_t *len);

int read_file(const char *path, char **buf, size_t *len)
{
	return read_file_impl(path, false, SIZE_MAX - 1, buf, len);
}

int read_file_max(const char *path, size_t max, char **buf, size_t *len)
{
	return read_file_impl(path, true, max, buf, len);
}

static int read_file_impl(const char *path, bool regular_only, size_t max, char **buf,
			  size_t *len)
{
	size_t cap = 0, n = 0;
	char *b = NULL, *nb;
	struct stat st;
	ssize_t r;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | (regular_only ? O_NONBLOCK : 0));
	if (fd < 0)
		return -errno;
	if (!regular_only)
		goto read_all;
	/* a directory, a FIFO or a device is not an object file; a regular
	 * file is refused by its size before anything is read
	 */
	if (fstat(fd, &st)) {
		err = -errno;
		goto out_close;
	}
	if (S_ISDIR(st.st_mode)) {
		err = -EISDIR;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out_close;
	}
	if ((unsigned long long)st.st_size > max) {
		err = -EFBIG;
		goto out_close;
	}
read_all:
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max) {
				err = -EFBIG;	/* grew while we read */
				break;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(b, cap);
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (err) {
		free(b);
		return err;
	}
	if (n > max) {
		free(b);
		return -EFBIG;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;

out_close:
	close(fd);
	return err;
}

bool is_bpffs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == BPF_FS_MAGIC_NR;
}

int bpffs_ensure(const char *root)
{
	char dir[PATH_MAX];
	char *slash;

	if (path_fmt(dir, sizeof(dir), "%s", root))
		return -ENAMETOOLONG;
	/* nearest existing ancestor */
	while (!path_exists(dir)) {
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			dir[0] = '/';
			dir[1] = '\0';
			break;
		}
		*slash = '\0';
	}
	if (is_bpffs(dir))
		return 0;
	if (strncmp(root, "/sys/fs/bpf", 11) != 0 || (root[11] != '/' && root[11] != '\0')) {
		pr_warn("%s is not on a bpf filesystem (mount one there, or use --root under /sys/fs/bpf)\n",
			root);
		return -ENOTSUP;
	}
	if (!path_exists("/sys/fs/bpf") && mkdir("/sys/fs/bpf", 0755)) {
		pr_warn("cannot create /sys/fs/bpf: %s\n", strerror(errno));
		return -errno;
	}
	if (mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700")) {
		int err = -errno;

		pr_warn("bpffs is not mounted on /sys/fs/bpf and mounting it failed: %s\n",
			strerror(errno));
		return err;
	}
	pr_info("mounted bpffs on /sys/fs/bpf\n");
	return 0;
}

int base64_encode(const void *data, size_t len, char **out)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	size_t i, o = 0;
	char *s;

	s = malloc((len + 2) / 3 * 4 + 1);
	if (!s)
		return -ENOMEM;
	for (i = 0; i + 2 < len; i += 3) {
		s[o++] = tab[p[i] >> 2];
		s[o++] = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		s[o++] = tab[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		s[o++] = tab[p[i + 2] & 63];
	}
	if (i < len) {
		s[o++] = tab[p[i] >> 2];
		if (i + 1 < len) {
			s[o++] = tab[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
			s[o++] = tab[(p[i + 1] & 15) << 2];
		} else {
			s[o++] = tab[(p[i] & 3) << 4];
			s[o++] = '=';
		}
		s[o++] = '=';
	}
	s[o] = '\0';
	*out = s;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void percent_decode(char *s)
{
	char *o = s;
	int hi, lo;

	if (strcmp(s, "-") == 0) {
		s[0] = '\0';
		return;
	}
	while (*s) {
		if (s[0] == '%' && (hi = hexval(s[1])) >= 0 && (lo = hexval(s[2])) >= 0) {
			*o++ = (char)(hi << 4 | lo);
			s += 3;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

int pin_name(char *buf, size_t size, const char *name)
{
	size_t i;

	if (path_fmt(buf, size, "%s", name))
		return -ENAMETOOLONG;
	for (i = 0; buf[i]; i++)
		if (buf[i] == '.')
			buf[i] = '_';
	return 0;
}

int policy_path(char *buf, size_t size, const char *root, const char *policy, const char *sub)
{
	char n[NAME_MAX + 1];

	if (pin_name(n, sizeof(n), policy))
		return -ENAMETOOLONG;
	if (sub)
		return path_fmt(buf, size, "%s/%s/%s", root, n, sub);
	return path_fmt(buf, size, "%s/%s", root, n);
}

bool policy_name_valid(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 253 || name[0] == '.' || name[0] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.'))
			return false;
	}
	return true;
}

static bool must_escape(unsigned char c, bool keep_nl)
{
	if (keep_nl && (c == '\n' || c == '\t'))
		return false;
	return c < 0x20 || c == 0x7f;
}

void fputs_escaped(FILE *f, const char *s, bool keep_nl)
{
	const char *p;

	for (p = s; *p; p++) {
		if (must_escape((unsigned char)*p, keep_nl))
			fprintf(f, "\\x%02x", (unsigned char)*p);
		else
			fputc(*p, f);
	}
}

void fput_escaped_n(FILE *f, const char *p, size_t n, bool quoted)
{
	size_t i;

	for (i = 0; i < n && p[i]; i++) {
		unsigned char c = (unsigned char)p[i];

		if (must_escape(c, false))
			fprintf(f, "\\x%02x", c);
		else if (quoted && (c == '"' || c == '\\'))
			fprintf(f, "\\%c", c);
		else
			fputc(c, f);
	}
}

const char *str_escape(char *buf, size_t size, const char *s)
{
	size_t o = 0;

	if (!size)
		return buf;
	for (; *s && o + 1 < size; s++) {
		if (!must_escape((unsigned char)*s, false)) {
			buf[o++] = *s;
			continue;
		}
		if (o + 5 >= size)
			break;
		snprintf(buf + o, size - o, "\\x%02x", (unsigned char)*s);
		o += 4;
	}
	buf[o] = '\0';
	return buf;
}

long long mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
