// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rendering of paths kept in the path layout (tp_abi.h): fd, file and
 * executable paths. Apart from events.c so the unit tests link it alone.
 */
#include <stdio.h>
#include <string.h>

#include "events.h"
#include "tp_abi.h"

/* A path as kept by BPF (tp_abi.h TP_PATH_MAX): whole, or head + tail
 * around "..." when it was longer (TP_PATH_F_SPLIT), or "..." + tail when
 * its head is not known (TP_PATH_F_NOHEAD).
 */
size_t events_path_render(char *buf, size_t size, const char *path, size_t avail, __u32 len,
			  __u32 flags)
{
	size_t n;

	if (!size)
		return 0;
	if (avail > TP_PATH_MAX)
		avail = TP_PATH_MAX;
	if (!(flags & TP_PATH_F_SPLIT) || avail < TP_PATH_MAX) {
		n = strnlen(path, len < avail ? len : avail);
		if (flags & TP_PATH_F_NOHEAD)
			n = (size_t)snprintf(buf, size, "...%.*s", (int)n, path);
		else
			n = (size_t)snprintf(buf, size, "%.*s", (int)n, path);
	} else if (flags & TP_PATH_F_NOHEAD) {
		n = (size_t)snprintf(buf, size, "...%.*s", (int)TP_PATH_TAIL, path + TP_PATH_HEAD);
	} else {
		n = (size_t)snprintf(buf, size, "%.*s...%.*s", (int)TP_PATH_HEAD, path,
				     (int)TP_PATH_TAIL, path + TP_PATH_HEAD);
	}
	return n < size ? n : size - 1;
}
