// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Pin root, core object, policy registry. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tp_abi.h"
#include "core.h"
#include "bundle.h"
#include "log.h"
#include "meta.h"
#include "util.h"

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

int root_open(struct tp_root *r, const char *path, bool create)
{
	int err;

	r->lock_fd = -1;
	if (path_fmt(r->path, sizeof(r->path), "%s", path))
		return -ENAMETOOLONG;
	if (create) {
		err = bpffs_ensure(path);
		if (err)
			return err;
		err = mkdir_p(path, 0700);
		if (err) {
			pr_warn("cannot create %s: %s\n", path, strerror(-err));
			return err;
		}
	}
	r->lock_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->lock_fd < 0) {
		err = -errno;
		if (err != -ENOENT || create)
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
	return 0;
}

void root_close(struct tp_root *r)
{
	if (r->lock_fd >= 0)
		close(r->lock_fd);
	r->lock_fd = -1;
}

bool core_present(const struct tp_root *r)
{
	char p[PATH_MAX];

	/* the last thing published is the directory itself (rename) */
	return !path_fmt(p, sizeof(p), "%s/%s/maps/tp_policies", r->path, TP_CORE_DIR) &&
	       path_exists(p);
}

/* Runs the seeding iterator once: read() drives it over every task. */
static int core_seed(struct bpf_object *obj)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, "tpc_seed");
	struct bpf_link *link;
	char buf[256];
	int fd, err = 0;
	ssize_t n;

	if (!prog)
		return -EFAULT;
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
out:
	bpf_link__destroy(link);
	return err;
}

int core_load(struct tp_root *r, const char *btf_custom_path)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	char staging[PATH_MAX], maps[PATH_MAX], links[PATH_MAX], final[PATH_MAX], p[PATH_MAX];
	struct bpf_link *lk[3] = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	size_t i;
	int err;

	err = path_fmt(staging, sizeof(staging), "%s/_staging_%s", r->path, TP_CORE_DIR);
	err = err ?: path_join(maps, sizeof(maps), staging, "maps");
	err = err ?: path_join(links, sizeof(links), staging, "links");
	err = err ?: path_join(final, sizeof(final), r->path, TP_CORE_DIR);
	if (err)
		return err;
	if (path_exists(final)) {
		/* an incomplete core (crash): nothing can use it */
		pr_info("core: removing incomplete %s\n", final);
		err = rm_rf(final);
		if (err) {
			pr_warn("cannot remove %s: %s\n", final, strerror(-err));
			return err;
		}
	}
	err = rm_rf(staging);
	err = err ?: mkdir_p(maps, 0700);
	err = err ?: mkdir_p(links, 0700);
	if (err) {
		pr_warn("cannot create %s: %s\n", staging, strerror(-err));
		return err;
	}

	oo.object_name = "tp_core";
	oo.pin_root_path = maps;	/* tp_procs, tp_events, tp_policies: pinned at load */
	oo.btf_custom_path = btf_custom_path;
	obj = bpf_object__open_mem(tp_core_obj, tp_core_obj_size, &oo);
	if (!obj) {
		err = -errno;
		pr_warn("internal error: cannot open the embedded core object: %s\n",
			strerror(errno));
		err = -EFAULT;
		goto err_unpin;
	}
	err = bpf_object__load(obj);
	if (err) {
		if (err == -EPERM)
			pr_warn("core: loading BPF needs privileges (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN): %s\n",
				strerror(-err));
		else
			pr_warn("core: load failed: %s (run with -vv for libbpf's log)\n",
				strerror(-err));
		goto err_close;
	}
	for (i = 0; i < 3; i++) {
		prog = bpf_object__find_program_by_name(obj, core_links[i].prog);
		lk[i] = prog ? bpf_program__attach(prog) : NULL;
		if (!lk[i]) {
			err = prog ? -errno : -EFAULT;
			pr_warn("core: cannot attach %s: %s\n", core_links[i].prog, strerror(-err));
			goto err_close;
		}
		err = path_join(p, sizeof(p), links, core_links[i].link);
		err = err ?: bpf_link__pin(lk[i], p);
		if (err) {
			pr_warn("core: cannot pin %s: %s\n", p, strerror(-err));
			goto err_close;
		}
	}
	if (rename(staging, final)) {
		err = -errno;
		pr_warn("cannot rename %s to %s: %s\n", staging, final, strerror(errno));
		goto err_close;
	}
	/* after the hooks are live: processes created from now on are
	 * recorded by them, older ones by the iterator (BPF_NOEXIST)
	 */
	err = core_seed(obj);
	if (err) {
		rm_rf(final);
		goto err_close;
	}
	for (i = 0; i < 3; i++)
		bpf_link__destroy(lk[i]);
	bpf_object__close(obj);
	pr_info("core: loaded and pinned under %s\n", final);
	return 0;

err_close:
	for (i = 0; i < 3; i++)
		bpf_link__destroy(lk[i]);
	bpf_object__close(obj);
err_unpin:
	rm_rf(staging);
	return err;
}

int core_unload(struct tp_root *r)
{
	char p[PATH_MAX];
	int err;

	err = path_join(p, sizeof(p), r->path, TP_CORE_DIR);
	err = err ?: rm_rf(p);
	if (err)
		pr_warn("cannot remove %s: %s\n", p, strerror(-err));
	return err;
}

static int registry_fd(const struct tp_root *r)
{
	char p[PATH_MAX];
	int fd;

	if (path_fmt(p, sizeof(p), "%s/%s/maps/tp_policies", r->path, TP_CORE_DIR))
		return -ENAMETOOLONG;
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

/* The id recorded in a loaded policy's meta (0 if unknown). */
static unsigned int policy_id(const struct tp_root *r, const char *name)
{
	struct tp_meta m;
	char p[PATH_MAX], *text;
	unsigned int id = 0;

	if (policy_path(p, sizeof(p), r->path, name, "meta") ||
	    tp_meta_map_read(p, &text))
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
		if (!policy_path(p, sizeof(p), r->path, slot->name, "meta") &&
		    path_exists(p) &&
		    policy_id(r, slot->name) == key)
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

int policy_unload(struct tp_root *r, const char *name)
{
	char p[PATH_MAX];
	unsigned int id;
	int err;

	/* a policy name, or its directory name (pin_name(): '.' -> '_') */
	if (!*name || name[0] == '.' || name[0] == '_' || strchr(name, '/') ||
	    !strcmp(name, TP_CORE_DIR))
		return -ENOENT;
	err = policy_path(p, sizeof(p), r->path, name, NULL);
	if (err)
		return err;
	if (!path_exists(p))
		return -ENOENT;
	id = policy_id(r, name);
	err = rm_rf(p);
	if (err) {
		pr_warn("cannot remove %s: %s\n", p, strerror(-err));
		return err;
	}
	if (id)
		registry_free(r, id);
	return 0;
}

void staging_gc(struct tp_root *r)
{
	struct dirent *de;
	char p[PATH_MAX];
	DIR *d;

	d = opendir(r->path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "_staging_", 9) && strncmp(de->d_name, "_old_", 5))
			continue;
		if (path_join(p, sizeof(p), r->path, de->d_name))
			continue;
		pr_info("removing leftover %s\n", p);
		rm_rf(p);
	}
	closedir(d);
}
