// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel features by trying (probe.h): load, attach, trigger, check. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "probe.h"
#include "util.h"

/* build/gen/probe_objs.c: one object per feature (Makefile) */
#define F(n) extern const unsigned char tp_probe_obj_##n[]; extern const size_t tp_probe_obj_##n##_size;
TP_PROBE_FEATURES
#undef F

static const struct {
	const char *name;
	const unsigned char *obj;
	const size_t *size;
} feats[TP_NR_FEATURES] = {
#define F(n) [TP_FEAT_##n] = { #n, tp_probe_obj_##n, &tp_probe_obj_##n##_size },
	TP_PROBE_FEATURES
#undef F
};

#define KPROBE_PMU	"/sys/bus/event_source/devices/kprobe"
#define LSM_LIST	"/sys/kernel/security/lsm"
#define RB_MAGIC	0x7470637072626531ULL

const char *probe_feature_name(enum tp_feature f)
{
	return f < TP_NR_FEATURES ? feats[f].name : "?";
}

int probe_feature_id(const char *name, size_t len)
{
	int i;

	for (i = 0; i < TP_NR_FEATURES; i++)
		if (strlen(feats[i].name) == len && !strncmp(feats[i].name, name, len))
			return i;
	return -1;
}

static bool no(char *why, size_t sz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool no(char *why, size_t sz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sz, fmt, ap);
	va_end(ap);
	return false;
}

static __u64 read_hits(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, "hits");
	__u32 k = 0;
	__u64 v = 0;

	if (m)
		bpf_map_lookup_elem(bpf_map__fd(m), &k, &v);
	return v;
}

static void trigger_rename(void)
{
	char old[16] = {};

	prctl(PR_GET_NAME, old);
	prctl(PR_SET_NAME, "tpload-probe");
	prctl(PR_SET_NAME, old);
}

/* security_file_ioctl() on an open file: tpload's own executable */
static void trigger_ioctl_exe(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		ioctl(fd, FIOCLEX);
		close(fd);
	}
}

static void trigger_read(void)
{
	char buf[64];
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf)) < 0)
			buf[0] = 0;
		close(fd);
	}
}

/* The uprobe target: a real, not inlined function of tpload itself. */
__attribute__((noinline, used)) int tp_probe_uprobe_target(int x)
{
	asm volatile("" : "+r"(x));
	return x + 1;
}

/* File offset of @addr in the executable mapping that holds it. */
static long exe_offset(const void *addr)
{
	unsigned long a = (unsigned long)addr, start, end, off;
	char line[PATH_MAX + 128], perms[8];
	long ret = -1;
	FILE *f = fopen("/proc/self/maps", "re");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s %lx", &start, &end, perms, &off) != 4)
			continue;
		if (a >= start && a < end && perms[2] == 'x') {
			ret = (long)(a - start + off);
			break;
		}
	}
	if (f)
		fclose(f);
	return ret;
}

static int on_rb(void *ctx, void *data, size_t len)
{
	if (len == sizeof(__u64) && *(__u64 *)data == RB_MAGIC)
		(*(int *)ctx)++;
	return 0;
}

static bool lsm_active(char *list, size_t sz)
{
	char *text = NULL;
	size_t len;
	bool on;

	if (read_file(LSM_LIST, &text, &len)) {
		snprintf(list, sz, "?");
		return true;	/* cannot tell */
	}
	text[strcspn(text, "\n")] = '\0';
	snprintf(list, sz, "%s", text);
	on = !strcmp(text, "bpf") || strstr(text, ",bpf,") || !strncmp(text, "bpf,", 4) ||
	     (len >= 4 && !strcmp(text + strlen(text) - 4, ",bpf"));
	free(text);
	return on;
}

/* cgroup2 mount point from /proc/self/mounts */
static int cgroup2_root(char *root, size_t sz)
{
	char dev[256], dir[PATH_MAX], type[64];
	FILE *f = fopen("/proc/self/mounts", "re");
	int err = -ENOENT;

	while (f && fscanf(f, "%255s %4095s %63s %*s %*d %*d", dev, dir, type) == 3) {
		if (!strcmp(type, "cgroup2")) {
			snprintf(root, sz, "%s", dir);
			err = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	return err;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* A child of tpload joins a fresh cgroup with the program attached and
 * tries socket(): denied = the feature works. tpload itself never moves.
 */
static bool try_cgroup(struct bpf_program *prog, char *why, size_t sz)
{
	char root[PATH_MAX], cg[PATH_MAX], procs[PATH_MAX + 16];
	struct bpf_link *link;
	int fd, status = 0;
	bool ok = false;
	pid_t pid;

	if (cgroup2_root(root, sizeof(root)))
		return no(why, sz, "no cgroup2 file system mounted");
	if (path_fmt(cg, sizeof(cg), "%s/tpload-probe-%d", root, (int)getpid()) ||
	    path_fmt(procs, sizeof(procs), "%s/cgroup.procs", cg))
		return no(why, sz, "cgroup path too long");
	if (mkdir(cg, 0755))
		return no(why, sz, "mkdir %s: %s", cg, strerror(errno));
	fd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	link = fd >= 0 ? bpf_program__attach_cgroup(prog, fd) : NULL;
	if (!link) {
		no(why, sz, "attach cgroup/sock_create: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid == 0) {
		char me[32];
		int s;

		snprintf(me, sizeof(me), "%d", (int)getpid());
		if (write_str(procs, me))
			_exit(3);
		s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s >= 0)
			_exit(1);
		_exit(errno == EPERM ? 0 : 2);
	}
	if (pid < 0) {
		no(why, sz, "fork: %s", strerror(errno));
		goto out_link;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status))
		no(why, sz, "the probing child died");
	else if (WEXITSTATUS(status) == 3)
		no(why, sz, "cannot join %s", cg);
	else if (WEXITSTATUS(status) == 1)
		no(why, sz, "attached but socket() was not denied");
	else if (WEXITSTATUS(status) == 2)
		no(why, sz, "socket() failed, but not with EPERM");
	else
		ok = true;
out_link:
	bpf_link__destroy(link);
out:
	if (fd >= 0)
		close(fd);
	rmdir(cg);
	return ok;
}

static void set_tgid(struct bpf_object *obj)
{
	struct bpf_map *m;
	__u32 tgid = (__u32)getpid();

	/* probe_tgid is the only rodata variable: offset 0 */
	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t l = strlen(n), sz = 0;
		const void *init;
		void *data;

		if (!bpf_map__is_internal(m) || l < 7 || strcmp(n + l - 7, ".rodata"))
			continue;
		init = bpf_map__initial_value(m, &sz);
		if (!init || sz < sizeof(tgid) || !(data = malloc(sz)))
			continue;
		memcpy(data, init, sz);
		memcpy(data, &tgid, sizeof(tgid));
		bpf_map__set_initial_value(m, data, sz);
		free(data);
	}
}

static const char *arch_prefix(void)
{
	struct utsname u;

	if (uname(&u))
		return "";
	if (!strcmp(u.machine, "x86_64"))
		return "__x64_";
	if (!strcmp(u.machine, "aarch64"))
		return "__arm64_";
	return "";
}

/* Why a program of @f did not load or attach, with a hint where we know one. */
static bool explain(enum tp_feature f, const char *step, int err, char *why, size_t sz)
{
	char lsms[256];
	const char *hint = "";

	switch (f) {
	case TP_FEAT_kprobe:
	case TP_FEAT_kretprobe:
	case TP_FEAT_override_return:
		if (!path_exists(KPROBE_PMU))
			hint = ": kprobes are not built in (CONFIG_KPROBES; no " KPROBE_PMU ")";
		else if (f == TP_FEAT_override_return && !strcmp(step, "load"))
			hint = ": no bpf_override_return (CONFIG_BPF_KPROBE_OVERRIDE)";
		break;
	case TP_FEAT_lsm:
	case TP_FEAT_ima_hash:
		if (!lsm_active(lsms, sizeof(lsms)))
			return no(why, sz, "%s: %s: BPF-LSM is not active (lsm=%s: boot with lsm=...,bpf)",
				  step, strerror(err), lsms);
		/* fallthrough */
	case TP_FEAT_fentry:
	case TP_FEAT_fexit:
	case TP_FEAT_fmod_ret:
		if (err == EPERM || err == ENOTSUP || err == 524)
			hint = ": BPF trampolines do not work on this kernel";
		break;
	default:
		break;
	}
	if (err == EPERM && !strcmp(step, "load") && geteuid())
		hint = ": run as root (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN)";
	return no(why, sz, "%s: %s%s", step, err == 524 ? "not supported" : strerror(err), hint);
}

static bool try_feature(struct tp_prober *p, enum tp_feature f, char *why, size_t sz)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	struct bpf_object *obj;
	char name[32], sym[64];
	bool ok = false;
	int err;

	snprintf(name, sizeof(name), "tpp_%s", feats[f].name);
	oo.object_name = name;
	obj = bpf_object__open_mem(feats[f].obj, *feats[f].size, &oo);
	if (!obj)
		return no(why, sz, "cannot open the embedded probe: %s", strerror(errno));
	prog = bpf_object__next_program(obj, NULL);
	if (!prog) {
		bpf_object__close(obj);
		return no(why, sz, "the embedded probe has no program");
	}
	set_tgid(obj);
	err = bpf_object__load(obj);
	if (err) {
		ok = explain(f, "load", -err, why, sz);
		goto out;
	}
	switch (f) {
	case TP_FEAT_cgroup:
		ok = try_cgroup(prog, why, sz);
		goto out;
	case TP_FEAT_uprobe: {
		long off = exe_offset((const void *)tp_probe_uprobe_target);

		if (off < 0) {
			ok = no(why, sz, "cannot find tpload's own code in /proc/self/maps");
			goto out;
		}
		link = bpf_program__attach_uprobe(prog, false, getpid(), "/proc/self/exe",
						  (size_t)off);
		break;
	}
	case TP_FEAT_override_return:
		snprintf(sym, sizeof(sym), "%ssys_getsid", arch_prefix());
		link = bpf_program__attach_kprobe(prog, false, sym);
		break;
	default:
		link = bpf_program__attach(prog);
		break;
	}
	if (!link) {
		ok = explain(f, "attach", errno, why, sz);
		goto out;
	}

	switch (f) {
	case TP_FEAT_tracepoint:
	case TP_FEAT_raw_tp:
	case TP_FEAT_tp_btf:
		trigger_rename();
		ok = read_hits(obj) ? true : no(why, sz, "attached but never ran");
		break;
	case TP_FEAT_kprobe:
	case TP_FEAT_kretprobe:
	case TP_FEAT_fentry:
	case TP_FEAT_fexit:
		trigger_read();
		ok = read_hits(obj) ? true : no(why, sz, "attached but never ran");
		break;
	case TP_FEAT_ima_hash:
		trigger_ioctl_exe();
		ok = read_hits(obj) ? true : no(why, sz, "attached but bpf_ima_file_hash() gave no hash of tpload's executable");
		break;
	case TP_FEAT_uprobe:
		tp_probe_uprobe_target((int)getpid());
		ok = read_hits(obj) ? true : no(why, sz, "attached but never ran");
		break;
	case TP_FEAT_iter: {
		char buf[256];
		int fd = bpf_iter_create(bpf_link__fd(link));

		if (fd < 0) {
			ok = no(why, sz, "bpf_iter_create: %s", strerror(errno));
			break;
		}
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
		ok = read_hits(obj) ? true : no(why, sz, "the iterator saw no task");
		break;
	}
	case TP_FEAT_ringbuf: {
		struct bpf_map *m = bpf_object__find_map_by_name(obj, "tpp_rb");
		struct ring_buffer *rb;
		int n = 0;

		rb = m ? ring_buffer__new(bpf_map__fd(m), on_rb, &n, NULL) : NULL;
		if (!rb) {
			ok = no(why, sz, "ring_buffer__new: %s", strerror(errno));
			break;
		}
		trigger_rename();
		ring_buffer__poll(rb, 200);
		ring_buffer__free(rb);
		ok = n ? true : no(why, sz, "no ring buffer record");
		break;
	}
	case TP_FEAT_send_signal: {
		struct timespec ts = { .tv_nsec = 200 * 1000 * 1000 };
		sigset_t set, old;
		int s;

		/* blocked, then collected: no handler, nothing left pending */
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, &old);
		trigger_rename();
		s = sigtimedwait(&set, NULL, &ts);
		sigprocmask(SIG_SETMASK, &old, NULL);
		ok = s == SIGUSR1 ? true : no(why, sz, "no signal received");
		break;
	}
	case TP_FEAT_link_pin: {
		const char *dir = p->bpffs ? p->bpffs : "/sys/fs/bpf";
		char pin[PATH_MAX];
		int fd;

		if (!is_bpffs(dir)) {
			ok = no(why, sz, "no bpffs mounted at %s", dir);
			break;
		}
		if (path_fmt(pin, sizeof(pin), "%s/tpload-probe-%d", dir, (int)getpid())) {
			ok = no(why, sz, "path too long");
			break;
		}
		err = bpf_link__pin(link, pin);
		if (err) {
			ok = no(why, sz, "pin a link at %s: %s", pin, strerror(-err));
			break;
		}
		fd = bpf_obj_get(pin);
		ok = fd >= 0 ? true : no(why, sz, "get the pinned link: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		bpf_link__unpin(link);
		break;
	}
	case TP_FEAT_fmod_ret:
	case TP_FEAT_lsm:
	case TP_FEAT_override_return: {
		/* getsid(0) skips the security hook: ask for our own pid */
		pid_t s = getsid(getpid());

		if (s >= 0)
			ok = no(why, sz, "attached but getsid() was not denied");
		else if (errno != EPERM)
			ok = no(why, sz, "getsid() failed with %s, not EPERM", strerror(errno));
		else
			ok = true;
		break;
	}
	default:
		ok = no(why, sz, "no trigger");
		break;
	}
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return ok;
}

const struct tp_feature_result *probe_feature(struct tp_prober *p, enum tp_feature f)
{
	struct tp_feature_result *r = &p->res[f];

	if (!r->done) {
		r->why[0] = '\0';
		r->ok = try_feature(p, f, r->why, sizeof(r->why));
		r->done = true;
	}
	return r;
}

bool probe_requires(struct tp_prober *p, const char *expr, char *why, size_t size)
{
	const char *alt = expr, *end, *feat, *fe;
	size_t o = 0;

	if (size)
		why[0] = '\0';
	for (; alt; alt = *end ? end + 1 : NULL) {
		bool all = true;

		end = alt + strcspn(alt, "|");
		for (feat = alt; feat < end; feat = fe + (fe < end)) {
			const struct tp_feature_result *r;
			int id;

			fe = feat + strcspn(feat, ",|");
			if (fe > end)
				fe = end;
			if (fe == feat)
				continue;
			id = probe_feature_id(feat, (size_t)(fe - feat));
			if (id < 0) {
				all = false;
				if (o < size)
					o += (size_t)snprintf(why + o, size - o, "%sunknown feature %.*s",
							      o ? "; " : "", (int)(fe - feat), feat);
				continue;
			}
			r = probe_feature(p, (enum tp_feature)id);
			if (!r->ok) {
				all = false;
				if (o < size)
					o += (size_t)snprintf(why + o, size - o, "%s%s: no (%s)",
							      o ? "; " : "", feats[id].name, r->why);
			}
		}
		if (all) {
			if (size)
				why[0] = '\0';
			return true;
		}
	}
	return false;
}
