// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* edge-open PATH: openat(PATH) with the string placed so that its NUL is the
 * last byte of a mapped page and the next page is unmapped. A BPF program
 * that reads more bytes than the string has faults there; tpc's generated
 * code must fall back to a string read and still match. Exit: 0 opened,
 * 1 open failed (errno printed), 2 usage/setup error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t len;
	char *m, *s;
	int fd;

	if (argc != 2)
		return 2;
	len = strlen(argv[1]) + 1;
	m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || munmap(m + pg, pg) || len > (size_t)pg)
		return 2;
	s = m + pg - len;
	memcpy(s, argv[1], len);
	fd = openat(AT_FDCWD, s, O_RDONLY);
	if (fd < 0) {
		printf("open: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}
