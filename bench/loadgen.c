// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Load generator for `make bench`: pinned to one CPU, it runs N iterations
 * of one syscall pattern and prints the elapsed time as one JSON line.
 *
 *   loadgen [-c CPU] [-n N] [-w WARMUP] open PATH   N x openat(PATH)+close
 *   loadgen [-c CPU] [-n N] [-w WARMUP] getppid     N x getppid()
 *
 * The file is opened read-only; a failing openat (e.g. ENOENT) still counts
 * as an event for sys_enter_openat but is reported in "errors". Raw syscalls
 * (syscall(2)) so libc caching or wrappers cannot skip the kernel.
 * The bench runs copies of this binary under two names ("loadgen",
 * "loadgen-other") to produce matching and non-matching binaries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: loadgen [-c CPU] [-n N] [-w WARMUP] { open PATH | getppid }\n");
	exit(2);
}

static long run(int mode_open, const char *path, long n)
{
	long i, errors = 0;

	for (i = 0; i < n; i++) {
		if (mode_open) {
			long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);

			if (fd < 0)
				errors++;
			else
				syscall(SYS_close, fd);
		} else {
			syscall(SYS_getppid);
		}
	}
	return errors;
}

int main(int argc, char **argv)
{
	long n = 100000, warmup = 1000, errors;
	int cpu = 0, opt, mode_open;
	const char *path = NULL;
	unsigned long long t0, t1, c0, c1;
	cpu_set_t set;

	while ((opt = getopt(argc, argv, "c:n:w:")) != -1) {
		switch (opt) {
		case 'c': cpu = atoi(optarg); break;
		case 'n': n = atol(optarg); break;
		case 'w': warmup = atol(optarg); break;
		default: usage();
		}
	}
	if (optind >= argc || n <= 0 || warmup < 0)
		usage();
	if (!strcmp(argv[optind], "open") && optind + 1 < argc) {
		mode_open = 1;
		path = argv[optind + 1];
	} else if (!strcmp(argv[optind], "getppid")) {
		mode_open = 0;
	} else {
		usage();
	}

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "loadgen: sched_setaffinity(%d): %s\n", cpu, strerror(errno));
		return 1;
	}
	run(mode_open, path, warmup);
	t0 = now_ns(CLOCK_MONOTONIC);
	c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	errors = run(mode_open, path, n);
	c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	t1 = now_ns(CLOCK_MONOTONIC);
	/* wall: elapsed; cpu: this thread's CPU time (user + kernel), which
	 * leaves out the time it waited for the CPU on a shared machine */
	printf("{\"mode\":\"%s\",\"cpu\":%d,\"n\":%ld,\"wall_ns\":%llu,\"cpu_ns\":%llu,"
	       "\"wall_ns_per_op\":%.2f,\"cpu_ns_per_op\":%.2f,\"errors\":%ld}\n",
	       mode_open ? "open" : "getppid", cpu, n, t1 - t0, c1 - c0,
	       (double)(t1 - t0) / n, (double)(c1 - c0) / n, errors);
	return 0;
}
