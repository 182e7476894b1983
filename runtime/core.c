// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Pin root, core object, policy registry. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tp_abi.h"
#include "core.h"
#include "core_abi.h"
#include "bundle.h"
#include "log.h"
#include "pin_remove.h"
#include "meta.h"
#include "root_owner.h"
#include "util.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* build/gen/core_obj.c */
extern const unsigned char tp_core_obj[];
extern const size_t tp_core_obj_size;

/* core program -> link pin name */
static const struct {
	const char *prog;
	const char *link;
} core_links[] = {
	{ "tpc_exec", "exec" },
	{ "tpc_fork", "fork" },
	{ "tpc_exit", "exit" },
};

/* The lock is an flock() on the root directory. unload --all removes the
 * directory, and a failed first load removes the root it created: a run
 * that waited for the lock then holds it on a dead directory. So after
 * flock() the path must still name the locked inode; otherwise start over.
 */
int root_open(struct tp_root *r, const char *path, bool create)
{
	struct stat locked, now;
	int err, tries;

	r->lock_fd = -1;
	r->created = false;
	r->repairs = NULL;
	r->nr_repairs = 0;
	if (path_fmt(r->path, sizeof(r->path), "%s", path))
		return -ENAMETOOLONG;
	for (tries = 0; tries < 100; tries++) {
		if (create) {
			bool existed = path_exists(path);

			err = bpffs_ensure(path);
			if (err)
				return err;
			err = mkdir_p(path, 0700);
			if (err) {
				pr_warn("cannot create %s: %s\n", path, strerror(-err));
				return err;
			}
			r->created = r->created || !existed;
		}
		r->lock_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (r->lock_fd < 0) {
			err = -errno;
			if (err == -ENOENT && create)
				continue;	/* removed between mkdir and open */
			if (err != -ENOENT)
				pr_warn("cannot open %s: %s\n", path, strerror(errno));
			return err;
		}
		if (!is_bpffs(path)) {
			pr_warn("%s is not on a bpf filesystem\n", path);
			root_close(r);
			return -ENOTSUP;
		}
		if (flock(r->lock_fd, LOCK_EX)) {
			err = -errno;
			pr_warn("cannot lock %s: %s\n", path, strerror(errno));
			root_close(r);
			return err;
		}
		if (!fstat(r->lock_fd, &locked) && locked.st_nlink > 0 && !stat(path, &now) &&
		    now.st_ino == locked.st_ino && now.st_dev == locked.st_dev) {
			/* the repair that every command starts with removes
			 * what it does not know: never in a foreign directory
			 */
			err = root_owner_check(path);
			if (err)
				root_close(r);
			return err;
		}
		/* removed (or replaced) while we waited */
		close(r->lock_fd);
		r->lock_fd = -1;
		if (!create && !path_exists(path))
			return -ENOENT;
	}
	pr_warn("cannot lock %s: it keeps being removed\n", path);
	return -EBUSY;
}

void root_close(struct tp_root *r)
{
	if (r->lock_fd >= 0)
		close(r->lock_fd);
	r->lock_fd = -1;
	names_free(r->repairs, r->nr_repairs);
	r->repairs = NULL;
	r->nr_repairs = 0;
}

void root_note_repair(struct tp_root *r, const char *fmt, ...)
{
	char **v, *s;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	v = realloc(r->repairs, (r->nr_repairs + 1) * sizeof(*v));
	if (!v) {
		free(s);
		return;
	}
	r->repairs = v;
	r->repairs[r->nr_repairs++] = s;
}

static const char *const core_maps[] = { "tp_procs", "tp_events", "tp_enforce", "tp_core_stats",
					  "tp_policies", "tp_procs_gone", "tp_proc_events" };

bool core_present(const struct tp_root *r)
{
	char p[PATH_MAX];

	return !path_fmt(p, sizeof(p), "%s/%s/maps/tp_policies", r->path, TP_CORE_DIR) &&
	       path_exists(p);
}

int core_missing(const struct tp_root *r, char *buf, size_t size, int *maps_missing)
{
	char p[PATH_MAX];
	size_t i, o = 0;
	int n = 0;

	buf[0] = '\0';
	*maps_missing = 0;
	for (i = 0; i < ARRAY_SIZE(core_links) + ARRAY_SIZE(core_maps); i++) {
		bool link = i < ARRAY_SIZE(core_links);
		const char *name = link ? core_links[i].link : core_maps[i - ARRAY_SIZE(core_links)];

		if (path_fmt(p, sizeof(p), "%s/%s/%s/%s", r->path, TP_CORE_DIR,
			     link ? "links" : "maps", name) || path_exists(p))
			continue;
		n++;
		if (!link)
			(*maps_missing)++;
		if (o < size) {
			int k = snprintf(buf + o, size - o, "%s%s/%s", o ? " " : "",
					 link ? "links" : "maps", name);

			o = k < 0 ? size : o + (size_t)k;
		}
	}
	return n;
}

/* Seeded entries lack args (another task's argv is user memory the
 * iterator cannot read: flag errorArgs): fill them from /proc/PID/cmdline,
 * as Tetragon reads /proc for the processes it finds at start (procFS). An
 * entry is written back only if it still is the same execution (exec_ktime)
 * and still seeded; a process that exec'd in between keeps its own.
 */
static void core_seed_args(int procs_fd)
{
	__u32 key, next, *prev = NULL;
	struct tp_proc e, now;
	char p[64], buf[TP_ARGS_MAX + 4096];
	ssize_t n;
	size_t a0;
	int fd;

	while (!bpf_map_get_next_key(procs_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(procs_fd, &key, &e) ||
		    (e.flags & (TP_PROC_PROCFS | TP_PROC_ERR_ARGS)) !=
		    (TP_PROC_PROCFS | TP_PROC_ERR_ARGS))
			continue;
		snprintf(p, sizeof(p), "/proc/%u/cmdline", key);
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		close(fd);
		if (n <= 0)
			continue;
		a0 = strnlen(buf, (size_t)n);
		if (a0 >= (size_t)n)
			continue;	/* argv[0] longer than we read */
		a0++;
		e.args_len = (__u32)((size_t)n - a0);
		if (e.args_len && buf[n - 1] == '\0')
			e.args_len--;	/* without the last NUL, as the core keeps it */
		/* a read that filled buf may have cut the args: a lower bound */
		if (e.args_len > TP_ARGS_MAX || (size_t)n == sizeof(buf))
			e.flags |= TP_PROC_TRUNC_ARGS;
		memset(e.args, 0, sizeof(e.args));
		memcpy(e.args, buf + a0, e.args_len < TP_ARGS_MAX ? e.args_len : TP_ARGS_MAX);
		e.flags &= ~TP_PROC_ERR_ARGS;
		if (bpf_map_lookup_elem(procs_fd, &key, &now) || now.exec_ktime != e.exec_ktime ||
		    !(now.flags & TP_PROC_PROCFS))
			continue;
		bpf_map_update_elem(procs_fd, &key, &e, BPF_EXIST);
	}
}

/* Runs the seeding iterator once: read() drives it over every task. */
static int core_seed(struct bpf_object *obj)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, "tpc_seed");
	struct bpf_link *link;
	bool args_done = false;
	char buf[256];
	int fd, err = 0;
	ssize_t n;

	if (!prog)
		return -EFAULT;
again:
	link = bpf_program__attach_iter(prog, NULL);
	if (!link) {
		err = -errno;
		pr_warn("core: cannot attach the task iterator: %s\n", strerror(errno));
		return err;
	}
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		err = -errno;
		pr_warn("core: cannot create the task iterator: %s\n", strerror(errno));
		goto out;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	if (n < 0) {
		err = -errno;
		pr_warn("core: task iterator failed: %s\n", strerror(errno));
	}
	close(fd);
	if (!err && !args_done) {
		/* fill args, then run the iterator again: it replaces any seeded
		 * entry this whole-entry write made stale (tpc_seed) */
		core_seed_args(bpf_object__find_map_fd_by_name(obj, "tp_procs"));
		args_done = true;
		bpf_link__destroy(link);
		goto again;
	}
out:
	bpf_link__destroy(link);
	return err;
}

int core_rings_adopt(struct bpf_object *obj, const char *maps)
{
	static const char *const rings[] = { "tp_events", "tp_enforce", "tp_proc_events" };
	struct bpf_map_info info;
	struct bpf_map *m;
	char p[PATH_MAX];
	__u32 len;
	size_t i;
	int fd, err;

	for (i = 0; i < ARRAY_SIZE(rings); i++) {
		m = bpf_object__find_map_by_name(obj, rings[i]);
		if (!m || path_join(p, sizeof(p), maps, rings[i]))
			continue;
		fd = bpf_obj_get(p);
		if (fd < 0)
			continue;	/* not pinned yet: the object's own size */
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		err = bpf_obj_get_info_by_fd(fd, &info, &len) ? -errno : 0;
		close(fd);
		err = err ?: bpf_map__set_max_entries(m, info.max_entries);
		if (err)
			return err;
	}
	return 0;
}

bool core_ring_size_valid(__u64 bytes)
{
	return bytes >= TP_RING_MIN_BYTES && bytes <= TP_RING_MAX_BYTES && !(bytes & (bytes - 1));
}

/* The core options (TP_CORE_F_*) of @rings. */
static long core_rings_flags(const struct core_rings *rings)
{
	return (rings->no_process_events ? TP_CORE_F_NO_PROC_EVENTS : 0) |
	       (rings->process_cred ? TP_CORE_F_PROC_CRED : 0) |
	       (rings->process_ns ? TP_CORE_F_PROC_NS : 0);
}

/* Sizes ring @name of the core being opened (@bytes 0: its default). */
static int core_ring_set(struct bpf_object *obj, const char *name, __u64 bytes)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!bytes)
		return 0;
	return m ? bpf_map__set_max_entries(m, (__u32)bytes) : -ENOENT;
}

/* Opens and loads the embedded core; maps pinned by name under @maps
 * (reused when they exist: the rings keep their size). A new core's rings
 * get @rings' sizes (0: the default).
 */
static struct bpf_object *core_open_load(const char *maps, const char *btf_custom_path,
					 const struct core_rings *rings, int *errp)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct bpf_object *obj;
	int err;

	oo.object_name = "tp_core";
	oo.pin_root_path = maps;	/* tp_procs, the rings, tp_policies: pinned at load */
	oo.btf_custom_path = btf_custom_path;
	obj = bpf_object__open_mem(tp_core_obj, tp_core_obj_size, &oo);
	if (!obj) {
		pr_warn("internal error: cannot open the embedded core object: %s\n",
			strerror(errno));
		*errp = -EFAULT;
		return NULL;
	}
	err = core_ring_set(obj, "tp_events", rings ? rings->events : 0);
	err = err ?: core_ring_set(obj, "tp_enforce", rings ? rings->enforce : 0);
	err = err ?: core_ring_set(obj, "tp_proc_events", rings ? rings->procs : 0);
	err = err ?: core_rings_adopt(obj, maps);
	if (err) {
		pr_warn("core: cannot size the ring buffers: %s\n", strerror(-err));
		bpf_object__close(obj);
		*errp = err;
		return NULL;
	}
	err = bpf_object__load(obj);
	if (err) {
		if (err == -EPERM)
			pr_warn("core: loading BPF needs privileges (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN): %s\n",
				strerror(-err));
		else
			pr_warn("core: load failed: %s (run with -vv for libbpf's log)\n",
				strerror(-err));
		bpf_object__close(obj);
		*errp = err;
		return NULL;
	}
	/* registry slot 0: this core's ABI version (core_abi.h) */
	err = core_abi_stamp(bpf_object__find_map_fd_by_name(obj, "tp_policies"),
			     !rings ? -1 : core_rings_flags(rings));
	if (err) {
		pr_warn("core: cannot stamp the ABI version: %s\n", strerror(-err));
		bpf_object__close(obj);
		*errp = err;
		return NULL;
	}
	return obj;
}

/* Attaches core program @i and pins its link under @links. */
static int core_attach_pin(struct bpf_object *obj, size_t i, const char *links,
			   struct bpf_link **lk)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, core_links[i].prog);
	char p[PATH_MAX];
	int err;

	*lk = prog ? bpf_program__attach(prog) : NULL;
	if (!*lk) {
		err = prog ? -errno : -EFAULT;
		pr_warn("core: cannot attach %s: %s\n", core_links[i].prog, strerror(-err));
		return err;
	}
	err = path_join(p, sizeof(p), links, core_links[i].link);
	err = err ?: bpf_link__pin(*lk, p);
	if (err)
		pr_warn("core: cannot pin %s: %s\n", p, strerror(-err));
	return err;
}

int core_load(const char *parent, const char *btf_custom_path)
{
	return core_load_rings(parent, btf_custom_path, NULL);
}

int core_load_rings(const char *parent, const char *btf_custom_path,
		    const struct core_rings *rings)
{
	char dir[PATH_MAX], maps[PATH_MAX], links[PATH_MAX];
	struct bpf_link *lk[ARRAY_SIZE(core_links)] = {};
	struct bpf_object *obj = NULL;
	size_t i;
	int err;

	err = path_join(dir, sizeof(dir), parent, TP_CORE_DIR);
	err = err ?: path_join(maps, sizeof(maps), dir, "maps");
	err = err ?: path_join(links, sizeof(links), dir, "links");
	if (err)
		return err;
	err = pins_remove(dir);
	err = err ?: mkdir_p(maps, 0700);
	err = err ?: mkdir_p(links, 0700);
	if (err) {
		pr_warn("cannot create %s: %s\n", dir, strerror(-err));
		goto err_out;
	}
	obj = core_open_load(maps, btf_custom_path, rings, &err);
	if (!obj)
		goto err_out;
	for (i = 0; i < ARRAY_SIZE(core_links); i++) {
		err = core_attach_pin(obj, i, links, &lk[i]);
		if (err)
			goto err_out;
	}
	/* after the hooks are live: processes created from now on are
	 * recorded by them, older ones by the iterator (BPF_NOEXIST)
	 */
	err = core_seed(obj);
	if (err)
		goto err_out;
	pr_info("core: loaded and pinned under %s\n", dir);
	goto out;

err_out:
	/* our link fds first: pins_remove() waits until the links are freed */
	for (i = 0; i < ARRAY_SIZE(core_links); i++) {
		bpf_link__destroy(lk[i]);
		lk[i] = NULL;
	}
	pins_remove(dir);
out:
	for (i = 0; i < ARRAY_SIZE(core_links); i++)
		bpf_link__destroy(lk[i]);
	bpf_object__close(obj);
	return err;
}

int core_relink(struct tp_root *r, const char *btf_custom_path)
{
	char maps[PATH_MAX], links[PATH_MAX], p[PATH_MAX];
	struct bpf_link *lk[ARRAY_SIZE(core_links)] = {};
	struct bpf_object *obj;
	size_t i;
	int err;

	err = path_fmt(maps, sizeof(maps), "%s/%s/maps", r->path, TP_CORE_DIR);
	err = err ?: path_fmt(links, sizeof(links), "%s/%s/links", r->path, TP_CORE_DIR);
	err = err ?: mkdir_p(links, 0700);
	if (err)
		return err;
	obj = core_open_load(maps, btf_custom_path, NULL, &err);
	if (!obj)
		return err;
	for (i = 0; i < ARRAY_SIZE(core_links) && !err; i++) {
		err = path_join(p, sizeof(p), links, core_links[i].link);
		if (err || path_exists(p))
			continue;
		err = core_attach_pin(obj, i, links, &lk[i]);
	}
	err = err ?: core_seed(obj);
	for (i = 0; i < ARRAY_SIZE(core_links); i++)
		bpf_link__destroy(lk[i]);
	bpf_object__close(obj);
	return err;
}

static int registry_fd(const struct tp_root *r)
{
	char p[PATH_MAX];
	int fd;

	if (path_fmt(p, sizeof(p), "%s/%s/maps/tp_policies", r->path, TP_CORE_DIR))
		return -ENAMETOOLONG;
	fd = bpf_obj_get(p);
	/* a core that the open transaction creates (txn.h) */
	if (fd < 0 && errno == ENOENT &&
	    !path_fmt(p, sizeof(p), "%s/_txn/%s/maps/tp_policies", r->path, TP_CORE_DIR))
		fd = bpf_obj_get(p);
	return fd < 0 ? -errno : fd;
}

/* The registry is read in batches (BPF_MAP_LOOKUP_BATCH, 5.6+): a scan of
 * the 1,023 slots is 16 syscalls, not 1,023 lookups. Kernels without batch
 * ops on arrays get one lookup per slot.
 */
#define REG_CHUNK	64
#ifndef ENOTSUPP
#define ENOTSUPP	524	/* kernel-internal, returned by some bpf commands */
#endif

struct reg_iter {
	int fd;
	__u32 next;		/* first slot not read yet */
	__u32 n, i;		/* slots in the buffer, next one to return */
	bool no_batch;
	__u32 keys[REG_CHUNK];
	struct tp_policy_slot slots[REG_CHUNK];
};

static void reg_iter_init(struct reg_iter *it, int fd)
{
	it->fd = fd;
	it->next = 1;		/* slot 0 is never used */
	it->n = it->i = 0;
	it->no_batch = false;
}

static int reg_fill(struct reg_iter *it)
{
	LIBBPF_OPTS(bpf_map_batch_opts, bo);
	__u32 in = it->next - 1, out, cnt = REG_CHUNK;
	int err;

	it->n = it->i = 0;
	if (it->next >= TP_MAX_POLICIES)
		return 0;
	if (!it->no_batch) {
		/* in_batch is the key to continue after */
		err = bpf_map_lookup_batch(it->fd, &in, &out, it->keys, it->slots, &cnt, &bo);
		if (!err || errno == ENOENT) {
			it->n = cnt;
			it->next = cnt ? it->keys[cnt - 1] + 1 : TP_MAX_POLICIES;
			return 0;
		}
		if (errno != EINVAL && errno != EOPNOTSUPP && errno != ENOTSUPP)
			return -errno;
		it->no_batch = true;
	}
	for (cnt = 0; cnt < REG_CHUNK && it->next < TP_MAX_POLICIES; cnt++, it->next++) {
		it->keys[cnt] = it->next;
		if (bpf_map_lookup_elem(it->fd, &it->keys[cnt], &it->slots[cnt]))
			return -errno;
	}
	it->n = cnt;
	return 0;
}

/* 1 and the next slot in *key / *slot (valid until the next call), 0 at the
 * end, or -errno.
 */
static int reg_next(struct reg_iter *it, __u32 *key, struct tp_policy_slot **slot)
{
	int err;

	if (it->i == it->n) {
		err = reg_fill(it);
		if (err)
			return err;
		if (!it->n)
			return 0;
	}
	*key = it->keys[it->i];
	*slot = &it->slots[it->i++];
	return 1;
}

int registry_alloc(struct tp_root *r, const char *name, unsigned int *id)
{
	struct tp_policy_slot *slot = NULL;
	struct reg_iter *it;
	int fd, ret, err = -ENOSPC;
	__u32 key;

	fd = registry_fd(r);
	if (fd < 0) {
		pr_warn("cannot open the policy registry: %s\n", strerror(-fd));
		return fd;
	}
	it = malloc(sizeof(*it));
	if (!it) {
		close(fd);
		return -ENOMEM;
	}
	reg_iter_init(it, fd);
	while ((ret = reg_next(it, &key, &slot)) > 0) {
		if (slot->used)
			continue;
		memset(slot, 0, sizeof(*slot));
		slot->used = 1;
		slot->abi = TP_ABI_VERSION;
		snprintf(slot->name, sizeof(slot->name), "%s", name);
		err = bpf_map_update_elem(fd, &key, slot, BPF_ANY) ? -errno : 0;
		if (!err)
			*id = key;
		break;
	}
	if (ret < 0)
		err = ret;
	free(it);
	close(fd);
	if (err == -ENOSPC)
		pr_warn("no free policy id: %d policies loaded\n", TP_MAX_POLICIES - 1);
	else if (err)
		pr_warn("policy registry: %s\n", strerror(-err));
	return err;
}

int registry_free(struct tp_root *r, unsigned int id)
{
	struct tp_policy_slot slot = {};
	__u32 key = id;
	int fd, err;

	if (id == 0 || id >= TP_MAX_POLICIES)
		return 0;
	fd = registry_fd(r);
	if (fd < 0)
		return fd;
	err = bpf_map_update_elem(fd, &key, &slot, BPF_ANY) ? -errno : 0;
	close(fd);
	return err;
}

int registry_name(const struct tp_root *r, unsigned int id, char *buf, size_t size)
{
	struct tp_policy_slot slot;
	__u32 key = id;
	int fd, err;

	if (id == 0 || id >= TP_MAX_POLICIES)
		return -ENOENT;
	fd = registry_fd(r);
	if (fd < 0)
		return fd;
	err = bpf_map_lookup_elem(fd, &key, &slot) ? -errno : 0;
	close(fd);
	if (err)
		return err;
	if (!slot.used)
		return -ENOENT;
	slot.name[sizeof(slot.name) - 1] = '\0';
	snprintf(buf, size, "%s", slot.name);
	return 0;
}

unsigned int policy_id(const struct tp_root *r, const char *dir)
{
	struct tp_meta m;
	char p[PATH_MAX], *text;
	unsigned int id = 0;

	if (path_fmt(p, sizeof(p), "%s/%s/meta", r->path, dir) || tp_meta_map_read(p, &text))
		return 0;
	if (!meta_parse(text, &m)) {
		id = m.id > 0 ? (unsigned int)m.id : 0;
		meta_free(&m);
	}
	free(text);
	return id;
}

void registry_gc(struct tp_root *r)
{
	struct tp_policy_slot *slot = NULL;
	struct reg_iter *it;
	char p[PATH_MAX];
	__u32 key;
	int fd;

	fd = registry_fd(r);
	if (fd < 0)
		return;
	it = malloc(sizeof(*it));
	if (!it) {
		close(fd);
		return;
	}
	reg_iter_init(it, fd);
	while (reg_next(it, &key, &slot) > 0) {
		if (!slot->used)
			continue;
		slot->name[sizeof(slot->name) - 1] = '\0';
		if (!pin_name(p, sizeof(p), slot->name) && policy_id(r, p) == key)
			continue;
		pr_info("registry: freeing stale id %u (%s)\n", key, slot->name);
		memset(slot, 0, sizeof(*slot));
		bpf_map_update_elem(fd, &key, slot, BPF_ANY);
	}
	free(it);
	close(fd);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int policies_list(const struct tp_root *r, char ***names, size_t *nr)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t n = 0;
	DIR *d;

	*names = NULL;
	*nr = 0;
	d = opendir(r->path);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || de->d_name[0] == '_' || !strcmp(de->d_name, TP_CORE_DIR) ||
		    de->d_type != DT_DIR)
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv || !(nv[n] = strdup(de->d_name))) {
			v = nv ? nv : v;
			names_free(v, n);
			closedir(d);
			return -ENOMEM;
		}
		v = nv;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*names = v;
	*nr = n;
	return 0;
}

void names_free(char **names, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
}

int policy_dir(const struct tp_root *r, const char *name, char *buf, size_t size)
{
	char p[PATH_MAX];

	/* a policy name, or its directory name (pin_name(): '.' -> '_') */
	if (!*name || name[0] == '.' || name[0] == '_' || strchr(name, '/') ||
	    !strcmp(name, TP_CORE_DIR))
		return -ENOENT;
	if (pin_name(buf, size, name) || path_join(p, sizeof(p), r->path, buf))
		return -ENOENT;
	return path_exists(p) ? 0 : -ENOENT;
}
