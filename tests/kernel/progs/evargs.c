// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tp-evargs: system calls whose arguments the event tests check (t_events_args.sh).
 *   null            openat(AT_FDCWD, NULL, O_RDONLY): an unreadable string argument
 *   long N DIR      openat of DIR/ followed by N - len(DIR/) 'a's (N bytes in all)
 *   open PATH       openat(AT_FDCWD, PATH, O_RDONLY) (PATH: any bytes)
 *   fd PATH         open PATH O_RDWR|O_APPEND|O_CREAT mode 0640 (umask 0), write 1 byte
 *   badbuf PATH     open PATH as above, write(fd, unmapped address, 5): an unreadable buffer
 * Static: a policy matching it by path sees only these calls. Exit 0, 1 on a setup
 * error (the system calls themselves may fail: the events are what counts).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_rw(const char *path)
{
	umask(0);
	return open(path, O_RDWR | O_APPEND | O_CREAT, 0640);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "null")) {
		syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "long")) {
		size_t n = strtoul(argv[2], NULL, 10), d = strlen(argv[3]);
		char *s = malloc(n + 1);

		if (!s || n < d + 1)
			return 1;
		memcpy(s, argv[3], d);
		s[d] = '/';
		memset(s + d + 1, 'a', n - d - 1);
		s[n] = '\0';
		syscall(SYS_openat, AT_FDCWD, s, O_RDONLY);
		free(s);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "open")) {
		syscall(SYS_openat, AT_FDCWD, argv[2], O_RDONLY);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "fd")) {
		int fd = open_rw(argv[2]);

		if (fd < 0 || write(fd, "x", 1) != 1)
			return 1;
		return close(fd) ? 1 : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "badbuf")) {
		long pg = sysconf(_SC_PAGESIZE);
		int fd = open_rw(argv[2]);
		char *m = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (fd < 0 || m == MAP_FAILED || munmap(m, pg))
			return 1;
		syscall(SYS_write, fd, m, 5);	/* EFAULT: m is unmapped */
		return close(fd) ? 1 : 0;
	}
	fprintf(stderr, "usage: tp-evargs null | long N DIR | open PATH | fd PATH | badbuf PATH\n");
	return 1;
}
