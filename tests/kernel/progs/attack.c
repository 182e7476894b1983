// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tp-attack: what an attacker does to slip past a policy, one trick per
 * mode, for the kernel tests (tests/kernel/t_evade_*.sh, t_example_*.sh).
 * Built on the host (mk/policies.mk), the same bytes in every VM.
 *
 *   exec-rodata            execv("/bin/sh", "sh -c 'exit 7'") with the path
 *                          a string literal in .rodata on a page that was
 *                          never touched: a syscall-entry program cannot
 *                          read it (checked in /proc/self/pagemap first;
 *                          exit 90 if the page is present)
 *   exec-touched           the same after reading the literal (control)
 *   exec PATH ARG...       execv(PATH, ARG...)
 *   execveat PATH ARG...   open(PATH), execveat(fd, "", AT_EMPTY_PATH)
 *   execveat-unlinked PATH ARG...  the same after unlink(PATH)
 *   memfd-exec PATH ARG... copy PATH into a memfd, execveat(memfd, "", AT_EMPTY_PATH)
 *   thread-exec PATH ARG...  a second thread calls execv
 *   fork-exec PATH ARG...  a child calls execv; exit with its status
 *                          (128 + signal if it was killed)
 *   deep-exec DIR NAME N SRC ARG...  N nested directories NAME under DIR
 *                          (mkdirat/openat: no PATH_MAX), SRC copied into the
 *                          deepest as "long-x", then execv("./long-x") there
 *   deep-open DIR NAME N FILE  N nested directories, open FILE there for
 *                          writing and write(2) to it
 *   open|openat2 FILE      open FILE read-only with open(2) / openat2(2)
 *   write|pwrite|writev|pwritev2|ftruncate FILE   one write of "tpc\n" (or
 *                          ftruncate to 0) on FILE opened O_WRONLY|O_APPEND
 *   thread-write FILE      a second thread does the write
 *   dup2-race FILE DECOY N a thread writes to fd 10 N times while the main
 *                          thread swaps FILE and DECOY into fd 10 (dup2):
 *                          check-then-use races of syscall-entry programs;
 *                          prints how many writes reached FILE
 *   deep-reopen DIR NAME N FILE  chdir into what deep-open made (chdir opens
 *                          nothing) and open FILE there read-only
 *   rmdeep DIR NAME N [FILE]  remove what deep-exec/deep-open made (rm -rf of
 *                          busybox cannot: its paths are longer than PATH_MAX)
 *   flood N                N x getppid(2)
 *   kill|tgkill|pidfd-kill PID SIG   send SIG to PID with that system call
 *
 * Exit: the exec'ed program's status, or 0 done, 1 the call failed (errno
 * on stderr), 2 usage, 90 setup failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

extern char **environ;

#define DEEP_FILE	"long-x"	/* what deep-exec runs */

/* The literal sits 64 KiB into a 64 KiB-aligned, 192 KiB .rodata array: the
 * kernel maps file pages around a fault in aligned 64 KiB windows
 * (fault_around_bytes), so touching other .rodata never maps this page.
 */
#define FAR_WIN		65536
__attribute__((aligned(FAR_WIN))) static const char far_rodata[3 * FAR_WIN] = {
	[FAR_WIN] = '/', 'b', 'i', 'n', '/', 's', 'h', '\0',
};

static int die(const char *what)
{
	fprintf(stderr, "tp-attack: %s: %s\n", what, strerror(errno));
	return 1;
}

/* Is the page of p mapped in this process (pagemap bit 63)? -1: unknown. */
static int page_present(const void *p)
{
	long ps = sysconf(_SC_PAGESIZE);
	uint64_t ent;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (off_t)((uintptr_t)p / (uintptr_t)ps) * 8;

	if (fd < 0)
		return -1;
	if (pread(fd, &ent, sizeof(ent), off) != sizeof(ent)) {
		close(fd);
		return -1;
	}
	close(fd);
	return (int)(ent >> 63);
}

static int exec_rodata(bool touch)
{
	const char *path = far_rodata + FAR_WIN;
	char *argv[] = { "sh", "-c", "exit 7", NULL };
	int present;

	__asm__("" : "+r"(path));	/* an address, not a constant to fold */
	if (touch) {
		volatile char c = path[0];

		(void)c;
	}
	present = page_present(path);
	if (present < 0) {
		fprintf(stderr, "tp-attack: cannot read /proc/self/pagemap\n");
		return 90;
	}
	if (!touch && present) {
		fprintf(stderr, "tp-attack: the literal's page is already mapped\n");
		return 90;
	}
	execve(path, argv, environ);
	return die("execve");
}

static int copy_fd(int dst, const char *src)
{
	char buf[65536];
	ssize_t n;
	int fd = open(src, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(dst, buf, (size_t)n) != n) {
			close(fd);
			return -1;
		}
	close(fd);
	return n < 0 ? -1 : 0;
}

struct thr {
	char **argv;
	const char *file;
	int fd;
	long n;
	long hits;
};

static void *thread_exec(void *arg)
{
	struct thr *t = arg;

	execve(t->argv[0], t->argv, environ);
	die("execve (thread)");
	exit(1);
}

static int do_write(const char *mode, const char *file)
{
	static char data[] = "tpc\n";
	struct iovec iov = { data, sizeof(data) - 1 };
	int fd = open(file, O_WRONLY | O_APPEND | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return die(file);
	if (!strcmp(mode, "write"))
		n = write(fd, data, iov.iov_len);
	else if (!strcmp(mode, "pwrite"))
		n = pwrite(fd, data, iov.iov_len, 0);
	else if (!strcmp(mode, "writev"))
		n = writev(fd, &iov, 1);
	else if (!strcmp(mode, "pwritev2"))
		n = pwritev2(fd, &iov, 1, -1, 0);
	else
		n = ftruncate(fd, 0);
	if (n < 0)
		return die(mode);
	close(fd);
	return 0;
}

static void *thread_write(void *arg)
{
	struct thr *t = arg;

	t->n = do_write("write", t->file);
	return NULL;
}

static void *race_writer(void *arg)
{
	struct thr *t = arg;
	long i;

	for (i = 0; i < t->n; i++)
		if (write(10, "r", 1) == 1)
			t->hits++;
	return NULL;
}

static int dup2_race(const char *file, const char *decoy, long n)
{
	int a = open(file, O_WRONLY | O_APPEND | O_CLOEXEC);
	int b = open(decoy, O_WRONLY | O_APPEND | O_CLOEXEC);
	struct thr t = { .n = n };
	struct stat st;
	pthread_t th;

	if (a < 0 || b < 0 || dup2(b, 10) < 0)
		return die("open/dup2");
	if (pthread_create(&th, NULL, race_writer, &t))
		return 90;
	for (;;) {
		dup2(a, 10);
		dup2(b, 10);
		if (pthread_tryjoin_np(th, NULL) == 0)
			break;
	}
	if (fstat(a, &st))
		return die("fstat");
	printf("%lld\n", (long long)st.st_size);
	return 0;
}

/* N nested directories NAME under DIR; returns an fd of the deepest. */
static int deep_dirs(const char *dir, const char *name, long n)
{
	int fd = open(dir, O_DIRECTORY | O_CLOEXEC), nfd;
	long i;

	if (fd < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (mkdirat(fd, name, 0755) && errno != EEXIST)
			return -1;
		nfd = openat(fd, name, O_DIRECTORY | O_CLOEXEC);
		close(fd);
		if (nfd < 0)
			return -1;
		fd = nfd;
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	struct thr t = {};
	pthread_t th;
	int fd, st;
	pid_t pid;

	if (!strcmp(m, "exec-rodata"))
		return exec_rodata(false);
	if (!strcmp(m, "exec-touched"))
		return exec_rodata(true);
	if (argc < 3)
		goto usage;
	if (!strcmp(m, "exec")) {
		execve(argv[2], argv + 2, environ);
		return die("execve");
	}
	if (!strcmp(m, "execveat") || !strcmp(m, "execveat-unlinked")) {
		fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return die(argv[2]);
		if (!strcmp(m, "execveat-unlinked") && unlink(argv[2]))
			return die("unlink");
		syscall(SYS_execveat, fd, "", argv + 2, environ, AT_EMPTY_PATH);
		return die("execveat");
	}
	if (!strcmp(m, "memfd-exec")) {
		fd = (int)syscall(SYS_memfd_create, "tpc-attack", 0);
		if (fd < 0 || copy_fd(fd, argv[2]))
			return die("memfd");
		syscall(SYS_execveat, fd, "", argv + 2, environ, AT_EMPTY_PATH);
		return die("execveat (memfd)");
	}
	if (!strcmp(m, "thread-exec")) {
		t.argv = argv + 2;
		if (pthread_create(&th, NULL, thread_exec, &t))
			return 90;
		pthread_join(th, NULL);	/* never returns: exec kills this thread */
		return 1;
	}
	if (!strcmp(m, "fork-exec")) {
		pid = fork();
		if (pid < 0)
			return die("fork");
		if (!pid) {
			execve(argv[2], argv + 2, environ);
			_exit(die("execve (child)"));
		}
		if (waitpid(pid, &st, 0) < 0)
			return die("waitpid");
		return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
	}
	if (!strcmp(m, "deep-exec") && argc >= 7) {
		fd = deep_dirs(argv[2], argv[3], atol(argv[4]));
		if (fd < 0)
			return die("deep dirs");
		st = openat(fd, DEEP_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
		if (st < 0 || copy_fd(st, argv[5]))
			return die("copy");
		close(st);
		if (fchdir(fd))
			return die("fchdir");
		argv[5] = "./" DEEP_FILE;
		execve(argv[5], argv + 5, environ);
		return die("execve ./" DEEP_FILE);
	}
	if (!strcmp(m, "deep-open") && argc >= 6) {
		fd = deep_dirs(argv[2], argv[3], atol(argv[4]));
		if (fd < 0 || fchdir(fd))
			return die("deep dirs");
		st = open(argv[5], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (st < 0)
			return die("open");
		if (write(st, "tpc\n", 4) != 4)
			return die("write");
		return 0;
	}
	if (!strcmp(m, "open")) {
		fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		return fd < 0 ? die(argv[2]) : 0;
	}
	if (!strcmp(m, "openat2")) {
		struct { uint64_t flags, mode, resolve; } how = { O_RDONLY | O_CLOEXEC, 0, 0 };

		fd = (int)syscall(SYS_openat2, AT_FDCWD, argv[2], &how, sizeof(how));
		return fd < 0 ? die(argv[2]) : 0;
	}
	if (!strcmp(m, "deep-reopen") && argc >= 6) {
		long i, n = atol(argv[4]);

		if (chdir(argv[2]))
			return die(argv[2]);
		for (i = 0; i < n; i++)
			if (chdir(argv[3]))
				return die("chdir");
		fd = open(argv[5], O_RDONLY | O_CLOEXEC);
		return fd < 0 ? die(argv[5]) : 0;
	}
	if (!strcmp(m, "rmdeep") && argc >= 5) {
		long i, n = atol(argv[4]);
		int ok = 0;

		if (chdir(argv[2]))
			return die(argv[2]);
		for (i = 0; i < n && !chdir(argv[3]); i++)
			;
		n = i;
		unlink(DEEP_FILE);
		if (argc >= 6)
			unlink(argv[5]);
		for (i = 0; i < n; i++) {
			if (chdir(".."))
				return die("chdir ..");
			ok |= rmdir(argv[3]);
		}
		return ok ? die("rmdir") : 0;
	}
	if (!strcmp(m, "write") || !strcmp(m, "pwrite") || !strcmp(m, "writev") ||
	    !strcmp(m, "pwritev2") || !strcmp(m, "ftruncate"))
		return do_write(m, argv[2]);
	if (!strcmp(m, "thread-write")) {
		t.file = argv[2];
		if (pthread_create(&th, NULL, thread_write, &t))
			return 90;
		pthread_join(th, NULL);
		return (int)t.n;
	}
	if (!strcmp(m, "dup2-race") && argc >= 5)
		return dup2_race(argv[2], argv[3], atol(argv[4]));
	if (!strcmp(m, "flood")) {
		long i, n = atol(argv[2]);

		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (argc >= 4 && (!strcmp(m, "kill") || !strcmp(m, "tgkill") || !strcmp(m, "pidfd-kill"))) {
		pid = (pid_t)atol(argv[2]);
		st = atoi(argv[3]);
		if (!strcmp(m, "kill"))
			return kill(pid, st) ? die("kill") : 0;
		if (!strcmp(m, "tgkill"))
			return syscall(SYS_tgkill, pid, pid, st) ? die("tgkill") : 0;
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd < 0)
			return die("pidfd_open");
		return syscall(SYS_pidfd_send_signal, fd, st, NULL, 0) ? die("pidfd_send_signal") : 0;
	}
usage:
	fprintf(stderr, "usage: tp-attack MODE ARGS... (see tests/kernel/progs/attack.c)\n");
	return 2;
}
