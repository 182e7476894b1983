// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rotating export file (ev_out.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ev_out.h"

int ev_out_name(char *buf, size_t size, const char *path, unsigned int i)
{
	int n = i ? snprintf(buf, size, "%s.%u", path, i) : snprintf(buf, size, "%s", path);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* fsync of the directory holding @path: makes renames and creations durable */
static int sync_dir(const char *path)
{
	char dir[PATH_MAX];
	int fd, err = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

/* Cuts a last line without its newline (a writer died in the middle of
 * it). Scans back in blocks for the last '\n'.
 */
static int cut_torn_tail(int fd, __u64 size, __u64 *cut)
{
	char buf[4096];
	__u64 pos = size, keep = 0;

	*cut = 0;
	while (pos > 0) {
		size_t n = pos > sizeof(buf) ? sizeof(buf) : (size_t)pos;
		ssize_t got = pread(fd, buf, n, (off_t)(pos - n));

		if (got != (ssize_t)n)
			return got < 0 ? -errno : -EIO;
		if (pos == size && buf[n - 1] == '\n')
			return 0;	/* ends with a whole line */
		while (n > 0 && buf[n - 1] != '\n')
			n--;
		if (n > 0) {
			keep = pos - (pos > sizeof(buf) ? sizeof(buf) : pos) + n;
			break;
		}
		pos -= pos > sizeof(buf) ? sizeof(buf) : pos;
	}
	if (ftruncate(fd, (off_t)keep))
		return -errno;
	*cut = size - keep;
	return 0;
}

static int open_current(struct ev_out *o)
{
	struct stat st;
	int err;

	o->fd = open(o->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0600);
	if (o->fd < 0)
		return -errno;
	if (fstat(o->fd, &st)) {
		err = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto fail;
	}
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	o->size = (__u64)st.st_size;
	return 0;
fail:
	close(o->fd);
	o->fd = -1;
	return err;
}

int ev_out_open(struct ev_out *o, const char *path, __u64 max_size, unsigned int max_files)
{
	char last[PATH_MAX];
	struct stat st;
	int err, rfd;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (max_files > EV_OUT_MAX_FILES)
		return -EINVAL;
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return -EISDIR;
	err = ev_out_name(o->path, sizeof(o->path), path, 0);
	err = err ?: ev_out_name(last, sizeof(last), path, max_files ? max_files : 1);
	if (err)
		return err;
	o->max_size = max_size;
	o->max_files = max_files;
	err = open_current(o);
	if (err)
		return err;
	/* O_APPEND cannot read: a second descriptor for the tail check */
	rfd = open(o->path, O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (rfd < 0) {
		err = -errno;
		ev_out_close(o);
		return err;
	}
	err = cut_torn_tail(rfd, o->size, &o->cut);
	close(rfd);
	if (err) {
		ev_out_close(o);
		return err;
	}
	o->size -= o->cut;
	return 0;
}

void ev_out_close(struct ev_out *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}

bool ev_out_full(const struct ev_out *o, size_t pending, size_t len)
{
	return o->max_size && o->size + pending > 0 && o->size + pending + len > o->max_size;
}

int ev_out_write(struct ev_out *o, const char *buf, size_t len)
{
	size_t done = 0;
	int err;

	while (done < len) {
		ssize_t n = write(o->fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			/* never leave part of a line behind */
			if (done && ftruncate(o->fd, (off_t)o->size))
				return -errno;
			return err;
		}
		done += (size_t)n;
	}
	o->size += len;
	return 0;
}

int ev_out_sync(struct ev_out *o)
{
	return fdatasync(o->fd) ? -errno : 0;
}

int ev_out_rotate(struct ev_out *o)
{
	char from[PATH_MAX], to[PATH_MAX];
	unsigned int i;
	int err;

	/* the retired file is complete on disk before it gets its new name */
	if (fdatasync(o->fd))
		return -errno;
	if (o->max_files == 0) {
		if (unlink(o->path) && errno != ENOENT)
			return -errno;
	} else {
		for (i = o->max_files; i > 0; i--) {
			err = ev_out_name(from, sizeof(from), o->path, i - 1);
			err = err ?: ev_out_name(to, sizeof(to), o->path, i);
			if (err)
				return err;
			if (rename(from, to) && errno != ENOENT)
				return -errno;
		}
	}
	ev_out_close(o);
	err = open_current(o);
	return err ?: sync_dir(o->path);
}

int ev_out_recover(const char *path, unsigned int max_files, dev_t dev, ino_t ino, __u64 size,
		   __u64 *cut)
{
	char p[PATH_MAX];
	struct stat st;
	unsigned int i;
	int err;

	*cut = 0;
	for (i = 0; i <= max_files; i++) {
		err = ev_out_name(p, sizeof(p), path, i);
		if (err)
			return err;
		if (stat(p, &st) || st.st_dev != dev || st.st_ino != ino)
			continue;
		if ((__u64)st.st_size > size) {
			if (truncate(p, (off_t)size))
				return -errno;
			*cut = (__u64)st.st_size - size;
		}
		return (int)i;
	}
	return -ENOENT;
}

int ev_out_parse_size(const char *s, __u64 *bytes)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (*end && end[1])
		return -EINVAL;
	if (v > (~0ULL >> shift))
		return -EINVAL;
	*bytes = (__u64)v << shift;
	return 0;
}
