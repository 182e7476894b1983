// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Reader cursor file (ev_cursor.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ev_cursor.h"

#define CURSOR_MAGIC	"tpc-events-cursor 1"

int ev_cursor_format(char *buf, size_t size, const struct ev_cursor *c)
{
	int n = snprintf(buf, size,
			 CURSOR_MAGIC " enforce=%u:%" PRIu64 " events=%u:%" PRIu64
			 " out=%" PRIu64 ":%" PRIu64 ":%" PRIu64 "\n",
			 c->map_id[0], (uint64_t)c->pos[0], c->map_id[1], (uint64_t)c->pos[1],
			 (uint64_t)c->out_dev, (uint64_t)c->out_ino, (uint64_t)c->out_size);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int ev_cursor_parse(const char *text, struct ev_cursor *c)
{
	uint64_t p0, p1, dev, ino, size;
	unsigned int id0, id1;
	int n = 0;

	memset(c, 0, sizeof(*c));
	if (sscanf(text, CURSOR_MAGIC " enforce=%u:%" SCNu64 " events=%u:%" SCNu64
		   " out=%" SCNu64 ":%" SCNu64 ":%" SCNu64 "%n",
		   &id0, &p0, &id1, &p1, &dev, &ino, &size, &n) != 7 || n <= 0 ||
	    (text[n] != '\n' && text[n] != '\0') || (text[n] == '\n' && text[n + 1]))
		return -EINVAL;
	c->map_id[0] = id0;
	c->map_id[1] = id1;
	c->pos[0] = p0;
	c->pos[1] = p1;
	c->out_dev = dev;
	c->out_ino = ino;
	c->out_size = size;
	return 0;
}

int ev_cursor_load(const char *path, struct ev_cursor *c)
{
	char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if ((size_t)n == strlen(buf) && n > 0)
		return ev_cursor_parse(buf, c);
	return -EINVAL;
}

int ev_cursor_store(const char *path, const struct ev_cursor *c)
{
	char tmp[PATH_MAX], dir[PATH_MAX], buf[512];
	size_t len;
	int fd, err = ev_cursor_format(buf, sizeof(buf), c);

	if (err)
		return err;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0)
		return -errno;
	len = strlen(buf);
	if (write(fd, buf, len) != (ssize_t)len || fsync(fd)) {
		err = errno ? -errno : -EIO;
		close(fd);
		unlink(tmp);
		return err;
	}
	close(fd);
	if (rename(tmp, path)) {
		err = -errno;
		unlink(tmp);
		return err;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = fsync(fd) ? -errno : 0;
	close(fd);
	return err;
}
