// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tp-probe FEATURE OBJ [-v]: does the running kernel have FEATURE?
 *
 * Loads OBJ (build/ktest/probe_<feature>.bpf.o, from probe.bpf.c), attaches
 * its program, triggers it and checks from user space that it really ran or
 * really enforced. Exit 0: yes; 1: no (the reason is printed); 2: usage or
 * local error. Used by tests/kernel/probe.sh; never looks at the kernel
 * version.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static int verbose;
static const char *feature;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!verbose && level != LIBBPF_WARN)
		return 0;
	if (!verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int no(const char *fmt, ...)
{
	va_list ap;

	printf("%s: no (", feature);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
	return 1;
}

/* Offset of global VAR in data section SEC of OBJ, -1 if absent. */
static long var_offset(struct bpf_object *obj, const char *sec, const char *var)
{
	struct btf *btf = bpf_object__btf(obj);
	int id, i, n;

	if (!btf)
		return -1;
	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return -1;
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_var_secinfo *vs = btf_var_secinfos(t);

	n = btf_vlen(t);
	for (i = 0; i < n; i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, v->name_off), var))
			return vs->offset;
	}
	return -1;
}

static struct bpf_map *find_map_suffix(struct bpf_object *obj, const char *suffix)
{
	struct bpf_map *m;
	size_t ls = strlen(suffix);

	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);
		size_t l = strlen(n);

		if (l >= ls && !strcmp(n + l - ls, suffix))
			return m;
	}
	return NULL;
}

static unsigned long long read_hits(struct bpf_object *obj)
{
	struct bpf_map *bss = find_map_suffix(obj, ".bss");
	long off = var_offset(obj, ".bss", "hits");
	unsigned char buf[4096];
	unsigned long long v = 0;
	int zero = 0;

	if (!bss || off < 0 || bpf_map__value_size(bss) > sizeof(buf))
		return 0;
	if (bpf_map_lookup_elem(bpf_map__fd(bss), &zero, buf))
		return 0;
	memcpy(&v, buf + off, sizeof(v));
	return v;
}

static void trigger_rename(void)
{
	char old[16] = {};

	prctl(PR_GET_NAME, old);
	prctl(PR_SET_NAME, "tp-probe-rename");
	prctl(PR_SET_NAME, old);
}

static void trigger_read(void)
{
	char buf[64];
	int fd = open("/proc/self/stat", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf)) < 0)
			perror("read");
		close(fd);
	}
}

/* The uprobe target: a real, exported, not inlined function of this binary. */
__attribute__((noinline, used, visibility("default"))) int tp_probe_uprobe_target(int x)
{
	asm volatile("" : "+r"(x));
	return x + 1;
}

static volatile sig_atomic_t got_signal;
static void on_usr1(int sig)
{
	(void)sig;
	got_signal = 1;
}

static int rb_events;
static int on_rb(void *ctx, void *data, size_t len)
{
	(void)ctx;
	if (len == 8 && *(unsigned long long *)data == 0x7470637072626531ULL)
		rb_events++;
	return 0;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* A cgroup2 mount point (mounting one on a temp dir if there is none). */
static int cgroup2_root(char *root, size_t sz, int *mounted)
{
	FILE *f = fopen("/proc/self/mounts", "r");
	char dev[256], dir[PATH_MAX], type[64];

	*mounted = 0;
	while (f && fscanf(f, "%255s %4095s %63s %*s %*d %*d", dev, dir, type) == 3) {
		if (!strcmp(type, "cgroup2")) {
			snprintf(root, sz, "%s", dir);
			fclose(f);
			return 0;
		}
	}
	if (f)
		fclose(f);
	snprintf(root, sz, "/tmp/tp-probe-cg.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	if (mount("cgroup2", root, "cgroup2", 0, NULL)) {
		rmdir(root);
		return -1;
	}
	*mounted = 1;
	return 0;
}

static int probe_cgroup(struct bpf_program *prog)
{
	char root[PATH_MAX], cg[PATH_MAX + 64], back[2 * PATH_MAX + 8], procs[2 * PATH_MAX + 40];
	char line[PATH_MAX], pid[32];
	int mounted, fd, s, err, ret;
	struct bpf_link *link;
	FILE *f;

	if (cgroup2_root(root, sizeof(root), &mounted))
		return no("no cgroup2 mount");
	/* Where we are now, to move back. */
	snprintf(back, sizeof(back), "%s", root);
	f = fopen("/proc/self/cgroup", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(back, sizeof(back), "%s%s", root, line + 3);
		}
	}
	if (f)
		fclose(f);
	snprintf(cg, sizeof(cg), "%s/tp-probe-%d", root, getpid());
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (mkdir(cg, 0755)) {
		ret = no("mkdir %s: %s", cg, strerror(errno));
		goto out_umount;
	}
	fd = open(cg, O_RDONLY | O_DIRECTORY);
	link = bpf_program__attach_cgroup(prog, fd);
	if (!link) {
		ret = no("attach cgroup/sock_create: %s", strerror(errno));
		goto out_rmdir;
	}
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cg);
	if (write_str(procs, pid)) {
		ret = no("join %s: %s", cg, strerror(errno));
		goto out_link;
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	err = errno;
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", back);
	if (write_str(procs, pid)) {
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", root);
		write_str(procs, pid);
	}
	if (s >= 0) {
		close(s);
		ret = no("socket() was not denied");
	} else if (err != EPERM) {
		ret = no("socket() failed with %s, not EPERM", strerror(err));
	} else {
		ret = 0;
	}
out_link:
	bpf_link__destroy(link);
out_rmdir:
	close(fd);
	rmdir(cg);
out_umount:
	if (mounted) {
		umount(root);
		rmdir(root);
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	struct bpf_map *ro;
	char errbuf[256];
	int err, ret = 1;

	if (argc >= 4 && !strcmp(argv[3], "-v"))
		verbose = 1;
	if (argc < 3) {
		fprintf(stderr, "usage: tp-probe FEATURE OBJ [-v]\n");
		return 2;
	}
	feature = argv[1];
	libbpf_set_print(print_fn);

	obj = bpf_object__open_file(argv[2], NULL);
	if (!obj) {
		fprintf(stderr, "tp-probe: open %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	ro = find_map_suffix(obj, ".rodata");
	if (ro) {
		size_t sz;
		char *data = (char *)bpf_map__initial_value(ro, &sz);
		long off = var_offset(obj, ".rodata", "probe_tgid");
		__u32 tgid = getpid();

		if (data && off >= 0 && off + sizeof(tgid) <= sz)
			memcpy(data + off, &tgid, sizeof(tgid));
	}
	prog = bpf_object__next_program(obj, NULL);
	if (!prog) {
		fprintf(stderr, "tp-probe: %s has no program\n", argv[2]);
		return 2;
	}
	err = bpf_object__load(obj);
	if (err) {
		libbpf_strerror(err, errbuf, sizeof(errbuf));
		ret = no("load: %s", errbuf);
		goto out;
	}

	if (!strcmp(feature, "cgroup")) {
		ret = probe_cgroup(prog);
		goto out;
	}
	if (!strcmp(feature, "uprobe")) {
		LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = "tp_probe_uprobe_target");
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		if (n <= 0)
			return 2;
		self[n] = 0;
		link = bpf_program__attach_uprobe_opts(prog, getpid(), self, 0, &uo);
	} else {
		link = bpf_program__attach(prog);
	}
	if (!link) {
		ret = no("attach %s: %s", bpf_program__section_name(prog), strerror(errno));
		goto out;
	}

	if (!strcmp(feature, "tracepoint") || !strcmp(feature, "raw_tp") ||
	    !strcmp(feature, "tp_btf")) {
		trigger_rename();
		ret = read_hits(obj) ? 0 : no("attached but never ran");
	} else if (!strcmp(feature, "kprobe") || !strcmp(feature, "kretprobe") ||
		   !strcmp(feature, "fentry") || !strcmp(feature, "fexit")) {
		trigger_read();
		ret = read_hits(obj) ? 0 : no("attached but never ran");
	} else if (!strcmp(feature, "ima_hash")) {
		int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			ioctl(fd, FIOCLEX);	/* security_file_ioctl() on an open file */
			close(fd);
		}
		ret = read_hits(obj) ? 0 : no("attached but bpf_ima_file_hash() gave no hash");
	} else if (!strcmp(feature, "uprobe")) {
		tp_probe_uprobe_target(argc);
		ret = read_hits(obj) ? 0 : no("attached but never ran");
	} else if (!strcmp(feature, "iter")) {
		char buf[256];
		int fd = bpf_iter_create(bpf_link__fd(link));

		if (fd < 0) {
			ret = no("bpf_iter_create: %s", strerror(errno));
			goto out;
		}
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
		ret = read_hits(obj) ? 0 : no("iterator saw no task");
	} else if (!strcmp(feature, "ringbuf")) {
		struct bpf_map *m = bpf_object__find_map_by_name(obj, "probe_rb");
		struct ring_buffer *rb = m ? ring_buffer__new(bpf_map__fd(m), on_rb, NULL, NULL) : NULL;

		if (!rb) {
			ret = no("ring_buffer__new: %s", strerror(errno));
			goto out;
		}
		trigger_rename();
		ring_buffer__poll(rb, 200);
		ring_buffer__free(rb);
		ret = rb_events ? 0 : no("no ring buffer record");
	} else if (!strcmp(feature, "send_signal")) {
		signal(SIGUSR1, on_usr1);
		trigger_rename();
		for (int i = 0; i < 100 && !got_signal; i++)
			usleep(1000);
		ret = got_signal ? 0 : no("no signal received");
	} else if (!strcmp(feature, "link_pin")) {
		char pin[64];
		int fd;

		snprintf(pin, sizeof(pin), "/sys/fs/bpf/tp-probe-%d", getpid());
		err = bpf_link__pin(link, pin);
		if (err) {
			ret = no("pin link: %s", strerror(-err));
			goto out;
		}
		fd = bpf_obj_get(pin);
		ret = fd >= 0 ? 0 : no("get pinned link: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		bpf_link__unpin(link);
	} else if (!strcmp(feature, "fmod_ret") || !strcmp(feature, "lsm") ||
		   !strcmp(feature, "override_return")) {
		/* getsid(0) skips the security hook: ask for our own pid. */
		pid_t sid = getsid(getpid());

		if (sid >= 0)
			ret = no("attached but getsid() was not denied");
		else if (errno != EPERM)
			ret = no("getsid() failed with %s, not EPERM", strerror(errno));
		else
			ret = 0;
	} else {
		fprintf(stderr, "tp-probe: unknown feature %s\n", feature);
		ret = 2;
	}
out:
	bpf_link__destroy(link);
	bpf_object__close(obj);
	if (!ret)
		printf("%s: yes\n", feature);
	return ret;
}
