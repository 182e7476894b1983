// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Removing pins so that their links are detached on return (pin_remove.h). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "log.h"
#include "pin_remove.h"

#define WAIT_STALL_MS	30000	/* no link freed for this long: give up */

struct link_ids {
	__u32 *id;
	size_t nr, cap;
};

static bool fd_is_link(int fd)
{
	char p[64], target[64];
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	n = readlink(p, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return !strcmp(target, "anon_inode:bpf-link");
}

static void note_link(struct link_ids *ids, int fd)
{
	struct bpf_link_info info = {};
	__u32 len = sizeof(info);
	__u32 *n;

	if (!fd_is_link(fd) || bpf_obj_get_info_by_fd(fd, &info, &len) || !info.id)
		return;
	if (ids->nr == ids->cap) {
		n = realloc(ids->id, (ids->cap ? ids->cap * 2 : 16) * sizeof(*n));
		if (!n)
			return;	/* not waited for: the removal itself goes on */
		ids->id = n;
		ids->cap = ids->cap ? ids->cap * 2 : 16;
	}
	ids->id[ids->nr++] = info.id;
}

/* rm -r of @path, noting the links it unpins; @depth bounds the recursion
 * (a pin root is three levels deep).
 */
static int remove_tree(const char *path, struct link_ids *ids, int depth)
{
	char p[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd, err = 0, e;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode)) {
		fd = S_ISREG(st.st_mode) ? bpf_obj_get(path) : -1;
		if (fd >= 0) {
			note_link(ids, fd);
			close(fd);
		}
		return unlink(path) ? -errno : 0;
	}
	if (depth > 16)
		return -ELOOP;
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", path, de->d_name) >= (int)sizeof(p)) {
			err = err ?: -ENAMETOOLONG;
			continue;
		}
		e = remove_tree(p, ids, depth + 1);
		err = err ?: e;
	}
	closedir(d);
	if (!err && rmdir(path))
		err = -errno;
	return err;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static bool link_exists(__u32 id)
{
	int fd = bpf_link_get_fd_by_id(id);

	if (fd < 0)
		return errno != ENOENT;
	close(fd);
	return true;
}

/* Until every noted link is freed, or none was for WAIT_STALL_MS. */
static void wait_links_freed(const char *path, struct link_ids *ids)
{
	long last = now_ms();
	size_t i, left = ids->nr;
	unsigned int delay_us = 500;

	while (left) {
		for (i = 0; i < ids->nr; i++) {
			if (ids->id[i] && !link_exists(ids->id[i])) {
				ids->id[i] = 0;
				left--;
				last = now_ms();
			}
		}
		if (!left)
			break;
		if (now_ms() - last > WAIT_STALL_MS) {
			for (i = 0; i < ids->nr; i++)
				if (ids->id[i])
					pr_warn("%s: link id %u is still in the kernel %d s after its pin was removed (another process holds it: it stays attached until that process lets go)\n",
						path, ids->id[i], WAIT_STALL_MS / 1000);
			break;
		}
		usleep(delay_us);
		if (delay_us < 20000)
			delay_us *= 2;
	}
}

int pins_remove(const char *path)
{
	struct link_ids ids = {};
	int err;

	err = remove_tree(path, &ids, 0);
	wait_links_freed(path, &ids);
	free(ids.id);
	return err;
}
