/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* C side of the in-process compile: check the job, build the clang driver
 * arguments (the flags of libbpf-bootstrap), and run clang_bridge.cpp in a
 * forked child (toolchain.h says why) that sends back one frame on a pipe:
 * struct cc_frame, then the object bytes, then the log text.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "toolchain.h"

#define CC_MAX_ARGS	24

/* The include directory printed by -v for a by-hand compile: our headers
 * from the source tree; <bpf/...> then resolves to the host's libbpf headers
 * (/usr/include/bpf), which is why -nostdinc is left out of that line.
 */
#define CC_HOST_INCLUDE	"bpf-templates/include"

/* Set once LLVM compiled in this process (cc_job.last): every later compile,
 * forked or not, would inherit LLVM's stale CO-RE cache and crash. The only
 * global in the toolchain, and it only ever goes from 0 to 1.
 */
static int cc_llvm_used;

struct cc_frame {
	int32_t err;
	uint32_t pad;
	uint64_t obj_len;
	uint64_t log_len;
};

static int cc_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Child, on an LLVM fatal error or allocation failure: no malloc here. */
static void cc_child_fatal(void *ctx, int err, const char *msg)
{
	static const char prefix[] = "LLVM ERROR: ";
	struct cc_frame f = { .err = err };
	int fd = *(int *)ctx;

	f.log_len = sizeof(prefix) - 1 + strlen(msg) + 1;
	if (!cc_write_all(fd, &f, sizeof(f)) && !cc_write_all(fd, prefix, sizeof(prefix) - 1) &&
	    !cc_write_all(fd, msg, strlen(msg)))
		cc_write_all(fd, "\n", 1);
	_exit(1);
}

static __attribute__((noreturn))
void cc_child(int fd, const char *const *args, int nr_args, const struct cc_job *job)
{
	struct cc_output res = {};
	struct cc_frame f = {};

	/* Keep only stdin, stderr and the pipe: stdout goes to stderr (never
	 * print to stdout), and a child forked meanwhile by another thread's
	 * compile must not hold this pipe open (its reader waits for EOF).
	 */
	if (fd != 3 && dup2(fd, 3) == 3)
		fd = 3;
	close_range(fd + 1, ~0U, 0);
	dup2(STDERR_FILENO, STDOUT_FILENO);

	f.err = cc_bridge_compile(args, nr_args, job->src_name, job->src, job->src_len,
				  cc_child_fatal, &fd, &res);
	f.obj_len = res.obj_len;
	f.log_len = res.log ? strlen(res.log) : 0;
	if (cc_write_all(fd, &f, sizeof(f)) || cc_write_all(fd, res.obj, f.obj_len) ||
	    cc_write_all(fd, res.log, f.log_len))
		_exit(1);
	/* _exit: no atexit handlers, no flush of stdio buffers copied from the parent */
	_exit(0);
}

/* Parent: read the child's frame until EOF, reap it, fill out. */
static int cc_parent(int fd, pid_t pid, struct cc_output *out)
{
	char *buf = NULL, *tmp;
	size_t len = 0, cap = 0;
	struct cc_frame f;
	int status = 0, err = 0;
	ssize_t n;

	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 131072;
			tmp = realloc(buf, cap);
			if (!tmp) {
				err = -ENOMEM;
				break;
			}
			buf = tmp;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (err)
		goto out;

	if (len < sizeof(f)) {
		if (WIFSIGNALED(status))
			pr_warn("internal error: in-process clang crashed (signal %d)\n", WTERMSIG(status));
		else
			pr_warn("internal error: in-process clang exited with status %d\n",
				WEXITSTATUS(status));
		err = -EFAULT;
		goto out;
	}
	memcpy(&f, buf, sizeof(f));
	if (f.obj_len > len - sizeof(f) || f.log_len != len - sizeof(f) - f.obj_len ||
	    (f.err == 0 && !f.obj_len)) {
		pr_warn("internal error: in-process clang: truncated result\n");
		err = -EFAULT;
		goto out;
	}
	if (f.log_len) {
		out->log = malloc(f.log_len + 1);
		if (!out->log) {
			err = -ENOMEM;
			goto out;
		}
		memcpy(out->log, buf + sizeof(f) + f.obj_len, f.log_len);
		out->log[f.log_len] = '\0';
	}
	if (f.err == 0) {
		out->obj = malloc(f.obj_len);
		if (!out->obj) {
			err = -ENOMEM;
			goto out;
		}
		memcpy(out->obj, buf + sizeof(f), f.obj_len);
		out->obj_len = f.obj_len;
	}
	err = f.err;
	if (err == -EFAULT)
		pr_warn("internal error: in-process clang: %s", out->log ? out->log : "failed\n");
out:
	free(buf);
	return err;
}

static int cc_check_job(const struct cc_job *job, struct cc_output *out)
{
	if (!job || !out || !job->src || !job->src_name || !job->arch) {
		pr_warn("internal error: cc_compile_bpf: incomplete job\n");
		return -EINVAL;
	}
	if (!job->src_name[0] || strchr(job->src_name, '/') || job->src_name[0] == '-') {
		pr_warn("internal error: cc_compile_bpf: bad source name '%s'\n", job->src_name);
		return -EINVAL;
	}
	if (strcmp(job->arch, "x86") && strcmp(job->arch, "arm64")) {
		pr_warn("cc_compile_bpf: unsupported target arch '%s' (x86, arm64)\n", job->arch);
		return -EINVAL;
	}
	return 0;
}

/* Print the command line a developer can run by hand from the repository
 * root, with the kept .bpf.c, to reproduce this compile.
 */
static void cc_print_cmdline(const char *const *args, int nr_args)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int i;

	f = open_memstream(&buf, &len);
	if (!f)
		return;
	fputs("clang-19", f);
	for (i = 1; i < nr_args; i++) {
		if (!strcmp(args[i], "-nostdinc") || !strcmp(args[i], "--no-default-config"))
			continue;
		if (!strcmp(args[i], "-I" TPC_CC_VIRT_INCLUDE))
			fputs(" -I" CC_HOST_INCLUDE, f);
		else
			fprintf(f, " %s", args[i]);
	}
	if (fclose(f) == 0)
		pr_info("%s\n", buf);
	free(buf);
}

/* Driver arguments. No -o: the object goes to memory, and a by-hand
 * "clang -c x.bpf.c" writes x.bpf.o, as tpc does.
 */
struct cc_args {
	const char *argv[CC_MAX_ARGS];
	int argc;
	char arch_def[32];
};

static void cc_args_init(struct cc_args *a, const char *src_name, const char *arch)
{
	int n = 0;

	snprintf(a->arch_def, sizeof(a->arch_def), "-D__TARGET_ARCH_%s", arch);
	a->argv[n++] = "clang";
	a->argv[n++] = "-g";
	a->argv[n++] = "-O2";
	a->argv[n++] = "-target";
	a->argv[n++] = "bpf";
	a->argv[n++] = a->arch_def;
	a->argv[n++] = "-Wall";
	a->argv[n++] = "-Wno-unused-function";
	a->argv[n++] = "-nostdinc";
	a->argv[n++] = "--no-default-config";
	a->argv[n++] = "-I" TPC_CC_VIRT_INCLUDE;
	a->argv[n++] = "-fdebug-compilation-dir=" TPC_CC_VIRT_ROOT;
	a->argv[n++] = "-c";
	a->argv[n++] = src_name;
	a->argc = n;
}

/* Fork a child compiling job; *rfd is the read end of its result pipe. */
static int cc_start(const struct cc_args *args, const struct cc_job *job, int *rfd, pid_t *pidp)
{
	int pfd[2], err;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC)) {
		err = -errno;
		pr_warn("cc_compile_bpf: pipe: %s\n", strerror(errno));
		return err;
	}
	pid = fork();
	if (pid < 0) {
		err = -errno;
		pr_warn("cc_compile_bpf: fork: %s\n", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return err;
	}
	if (pid == 0) {
		close(pfd[0]);
		cc_child(pfd[1], args->argv, args->argc, job);
	}
	close(pfd[1]);
	*rfd = pfd[0];
	*pidp = pid;
	return 0;
}

/* Collect a child's result (and reap it). */
static int cc_collect(int rfd, pid_t pid, struct cc_output *out)
{
	int err = cc_parent(rfd, pid, out);

	if (err) {
		free(out->obj);
		out->obj = NULL;
		out->obj_len = 0;
	}
	return err;
}

static int cc_run(const struct cc_args *args, const struct cc_job *job, struct cc_output *out)
{
	int rfd, err;
	pid_t pid;

	err = cc_start(args, job, &rfd, &pid);
	return err ?: cc_collect(rfd, pid, out);
}

int cc_compile_many(const struct cc_job *jobs, size_t n, unsigned int parallel,
		    struct cc_output *outs, int *errs)
{
	struct cc_args *args;
	int *rfds;
	pid_t *pids;
	size_t next = 0, done = 0, i;
	int ret = 0;

	for (i = 0; i < n; i++) {
		memset(&outs[i], 0, sizeof(outs[i]));
		errs[i] = -ECANCELED;
	}
	if (!n)
		return 0;
	if (__atomic_load_n(&cc_llvm_used, __ATOMIC_ACQUIRE)) {
		pr_warn("internal error: cc_compile_many after an in-process compile (cc_job.last)\n");
		for (i = 0; i < n; i++)
			errs[i] = -EBUSY;
		return -EBUSY;
	}
	args = calloc(n, sizeof(*args));
	rfds = calloc(n, sizeof(*rfds));
	pids = calloc(n, sizeof(*pids));
	if (!args || !rfds || !pids) {
		ret = -ENOMEM;
		goto out;
	}
	if (!parallel)
		parallel = 1;
	/* Results are collected in job order; a child that finishes early just
	 * waits on its pipe until its turn (no deadlock: every child is read).
	 */
	while (done < n) {
		while (!ret && next < n && next - done < parallel) {
			errs[next] = cc_check_job(&jobs[next], &outs[next]);
			if (!errs[next]) {
				cc_args_init(&args[next], jobs[next].src_name, jobs[next].arch);
				if (jobs[next].verbose > 0)
					cc_print_cmdline(args[next].argv, args[next].argc);
				errs[next] = cc_start(&args[next], &jobs[next], &rfds[next], &pids[next]);
				if (errs[next] == 0)
					errs[next] = 1;	/* running */
				else
					ret = errs[next];
			}
			next++;
		}
		if (errs[done] == 1)
			errs[done] = cc_collect(rfds[done], pids[done], &outs[done]);
		else if (ret && errs[done] == -ECANCELED)
			errs[done] = ret;
		done++;
		if (ret && next < n) {	/* stop starting; finish what runs */
			for (i = next; i < n; i++)
				errs[i] = ret;
			next = n;
		}
	}
out:
	if (ret == -ENOMEM)
		for (i = 0; i < n; i++)
			if (errs[i] == -ECANCELED)
				errs[i] = -ENOMEM;
	free(args);
	free(rfds);
	free(pids);
	return ret;
}


static void cc_fatal_inproc(void *ctx, int err, const char *msg)
{
	/* LLVM aborts after a fatal error: say what it was, as a tool error */
	pr_warn("internal error: LLVM: %s\n", msg);
}

int cc_compile_bpf(const struct cc_job *job, struct cc_output *out)
{
	struct cc_args args;
	int err;

	if (out)
		memset(out, 0, sizeof(*out));
	err = cc_check_job(job, out);
	if (err)
		return err;

	if (__atomic_load_n(&cc_llvm_used, __ATOMIC_ACQUIRE)) {
		pr_warn("internal error: cc_compile_bpf after an in-process compile (cc_job.last)\n");
		return -EBUSY;
	}
	cc_args_init(&args, job->src_name, job->arch);
	if (job->verbose > 0)
		cc_print_cmdline(args.argv, args.argc);
	if (job->last) {
		__atomic_store_n(&cc_llvm_used, 1, __ATOMIC_RELEASE);
		return cc_bridge_compile(args.argv, args.argc, job->src_name, job->src,
					 job->src_len, cc_fatal_inproc, NULL, out);
	}
	return cc_run(&args, job, out);
}

void cc_output_free(struct cc_output *out)
{
	if (!out)
		return;
	free(out->obj);
	free(out->log);
	memset(out, 0, sizeof(*out));
}
