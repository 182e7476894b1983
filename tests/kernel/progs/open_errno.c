// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tp-open PATH...: open(2) each PATH read-only, in order, in this process; a
 * static binary, so that it opens nothing else (no shared libraries): a policy
 * matching it by binary path sees only these opens. Prints "PATH: ok" or
 * "PATH: <strerror>" for each. Exit: 0 if every open succeeded, else the errno
 * of the first that failed (EPERM 1, ENOENT 2, EACCES 13, ...), 125 on usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i, fd, first = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: tp-open PATH...\n");
		return 125;
	}
	for (i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			printf("%s: %s\n", argv[i], strerror(errno));
			if (!first)
				first = errno > 0 && errno < 125 ? errno : 124;
			continue;
		}
		printf("%s: ok\n", argv[i]);
		close(fd);
	}
	fflush(stdout);
	return first;
}
