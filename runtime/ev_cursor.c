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

#define CURSOR_MAGIC	"tpc-events-cursor 2"
#define CURSOR_MAGIC_V1	"tpc-events-cursor 1"	/* without procs= (ABI 3 cores) */

int ev_cursor_format(char *buf, size_t size, const struct ev_cursor *c)
{
	int n = snprintf(buf, size,
			 CURSOR_MAGIC " enforce=%u:%" PRIu64 " events=%u:%" PRIu64
			 " procs=%u:%" PRIu64 " out=%" PRIu64 ":%" PRIu64 ":%" PRIu64 "\n",
			 c->map_id[0], (uint64_t)c->pos[0], c->map_id[1], (uint64_t)c->pos[1],
			 c->map_id[2], (uint64_t)c->pos[2],
			 (uint64_t)c->out_dev, (uint64_t)c->out_ino, (uint64_t)c->out_size);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Only a newline may follow the fields the scan ended at (@n). */
static bool at_end(const char *text, int n)
{
	return n > 0 && (text[n] == '\0' || (text[n] == '\n' && !text[n + 1]));
}

int ev_cursor_parse(const char *text, struct ev_cursor *c)
{
	uint64_t p[EV_CURSOR_RINGS] = {}, dev, ino, size;
	unsigned int id[EV_CURSOR_RINGS] = {};
	int i, n = 0;

	memset(c, 0, sizeof(*c));
	if (sscanf(text, CURSOR_MAGIC " enforce=%u:%" SCNu64 " events=%u:%" SCNu64
		   " procs=%u:%" SCNu64 " out=%" SCNu64 ":%" SCNu64 ":%" SCNu64 "%n",
		   &id[0], &p[0], &id[1], &p[1], &id[2], &p[2], &dev, &ino, &size, &n) == 9 &&
	    at_end(text, n)) {
		/* this format */
	} else if (n = 0, sscanf(text, CURSOR_MAGIC_V1 " enforce=%u:%" SCNu64 " events=%u:%" SCNu64
				 " out=%" SCNu64 ":%" SCNu64 ":%" SCNu64 "%n",
				 &id[0], &p[0], &id[1], &p[1], &dev, &ino, &size, &n) == 7 &&
		   at_end(text, n)) {
		id[2] = 0;	/* no process ring then: never the live one's id */
		p[2] = 0;
	} else {
		return -EINVAL;
	}
	for (i = 0; i < EV_CURSOR_RINGS; i++) {
		c->map_id[i] = id[i];
		c->pos[i] = p[i];
	}
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
