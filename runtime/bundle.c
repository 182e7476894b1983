// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tp_bundle: one policy object through open -> configure -> load -> attach
 * -> pin, with libbpf.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "tp_abi.h"
#include "bundle.h"
#include "core.h"
#include "log.h"
#include "pin_remove.h"
#include "mech.h"
#include "objcheck.h"
#include "sha256.h"
#include "util.h"

#define DEFAULT_LOG_SIZE	(16u << 20)
#define LOG_TAIL_LINES		30

struct tp_bundle {
	char *obj_path;			/* owned */
	char *image;			/* owned: the object file */
	size_t image_size;
	char *meta_text;		/* owned: .tpc.meta (or synthesized) + our lines */
	struct tp_meta meta;
	char *name;			/* owned */
	char digest[2 * SHA256_DIGEST_LEN + 1];
	unsigned int id;
	char *pin_root;			/* owned */
	char *cgroup_path;		/* owned, may be NULL */
	char *log_buf;			/* owned: verifier log */
	size_t log_size;
	struct bpf_object *obj;
	struct bpf_link **links;	/* one per program, same order */
	size_t nr_links;
	char *pinned_dir;		/* owned: set once tp_bundle__pin() started */
	bool rejected;
	const char *rejected_prog;	/* borrowed from obj */
	char *mechanism;		/* owned, may be NULL: opts.mechanism */
	struct tp_mech_plan plan;	/* mechanisms chosen at load */
};

static const char *hook_desc(const struct tp_bundle *b, const char *prog, char *buf, size_t sz)
{
	const struct tp_meta_hook *h = meta_hook_by_prog(&b->meta, prog);

	if (!h)
		return "";
	snprintf(buf, sz, " (hook %d: %s %s at %s)", h->id, h->type ? h->type : "?",
		 h->target ? h->target : "?", h->loc && *h->loc ? h->loc : "?");
	return buf;
}

/* The common part of tp_bundle__open() and tp_bundle__open_mem(): @label
 * names the object in messages. Allocates the bundle with everything but
 * the image.
 */
static struct tp_bundle *bundle_new(const char *label, const struct tp_bundle_opts *opts, int *err)
{
	struct tp_bundle *b;

	if (opts && opts->sz < offsetof(struct tp_bundle_opts, log_size) + sizeof(size_t)) {
		*err = -EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (!b) {
		*err = -ENOMEM;
		return NULL;
	}
	b->obj_path = strdup(label);
	b->pin_root = strdup(opts && opts->pin_root ? opts->pin_root : TP_PIN_ROOT);
	if (opts && opts->cgroup_path)
		b->cgroup_path = strdup(opts->cgroup_path);
	if (opts && opts->sz >= offsetof(struct tp_bundle_opts, mechanism) + sizeof(char *) &&
	    opts->mechanism)
		b->mechanism = strdup(opts->mechanism);
	b->log_size = opts && opts->log_size ? opts->log_size : DEFAULT_LOG_SIZE;
	/* Written only when a program is rejected (libbpf loads with log level
	 * 0 and retries with our buffer on failure): a mapping of its own stays
	 * untouched, so it costs nothing on success.
	 */
	b->log_buf = mmap(NULL, b->log_size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (b->log_buf == MAP_FAILED)
		b->log_buf = NULL;
	if (!b->obj_path || !b->pin_root || !b->log_buf ||
	    (opts && opts->cgroup_path && !b->cgroup_path) ||
	    (opts && opts->sz >= offsetof(struct tp_bundle_opts, mechanism) + sizeof(char *) &&
	     opts->mechanism && !b->mechanism)) {
		tp_bundle__close(b);
		*err = -ENOMEM;
		return NULL;
	}
	return b;
}

/* Validates b->image, reads its .tpc.meta, opens it with libbpf. */
static int bundle_open_image(struct tp_bundle *b, const struct tp_bundle_opts *opts)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	char maps_dir[PATH_MAX], why[256], *text = NULL, *full = NULL;
	const char *obj_path = b->obj_path;
	size_t text_len = 0;
	int err;

	/* libbpf 1.1 trusts ELF and BTF: a corrupted object must stop here */
	err = obj_validate(b->image, b->image_size, why, sizeof(why));
	if (err) {
		pr_warn("%s: invalid object: %s\n", obj_path, err == -ENOMEM ? "out of memory" : why);
		return err;
	}
	sha256_hex(b->image, b->image_size, b->digest);

	err = meta_read_elf(b->image, b->image_size, &text, &text_len);
	if (err == -ENOENT) {
		if (!opts || !opts->name) {
			pr_warn("%s: no .tpc.meta section (not built by tpc?): give the policy a name with --name\n",
				obj_path);
			return -EINVAL;
		}
		if (asprintf(&text, "tpc-meta %d\npolicy %s\n", TP_ABI_VERSION, opts->name) < 0)
			return -ENOMEM;
		err = 0;
	}
	if (err)
		goto out;
	err = meta_parse(text, &b->meta);
	if (err)
		goto out;
	if (b->meta.version != TP_ABI_VERSION) {
		pr_warn("%s: .tpc.meta format %d, this tpload supports %d\n", obj_path,
			b->meta.version, TP_ABI_VERSION);
		err = -EINVAL;
		goto out;
	}
	b->name = strdup(opts && opts->name ? opts->name : b->meta.policy ? b->meta.policy : "");
	if (!b->name) {
		err = -ENOMEM;
		goto out;
	}
	if (!policy_name_valid(b->name) || !strcmp(b->name, TP_CORE_DIR)) {
		pr_warn("%s: invalid policy name '%s'\n", obj_path, b->name);
		err = -EINVAL;
		goto out;
	}
	/* --name wins over the compiled-in name: record it in the meta */
	if (!b->meta.policy || strcmp(b->meta.policy, b->name)) {
		if (asprintf(&full, "%spolicy %s\n", text, b->name) < 0) {
			err = -ENOMEM;
			goto out;
		}
		free(text);
		text = full;
		full = NULL;
	}
	b->meta_text = text;
	text = NULL;

	err = path_fmt(maps_dir, sizeof(maps_dir), "%s/%s/maps", b->pin_root, TP_CORE_DIR);
	if (err)
		goto out;
	oo.object_name = b->name;
	oo.pin_root_path = maps_dir;
	oo.btf_custom_path = opts ? opts->btf_custom_path : NULL;
	oo.kernel_log_buf = b->log_buf;
	oo.kernel_log_size = b->log_size;
	b->obj = bpf_object__open_mem(b->image, b->image_size, &oo);
	if (!b->obj) {
		char msg[128];

		err = -errno;
		libbpf_strerror(err, msg, sizeof(msg));
		pr_warn("%s: libbpf cannot open the object: %s\n", obj_path, msg);
		/* everything but memory is about the object (exit 1) */
		if (err != -ENOMEM)
			err = -EINVAL;
	}
out:
	free(text);
	free(full);
	return err;
}

struct tp_bundle *tp_bundle__open(const char *obj_path, const struct tp_bundle_opts *opts)
{
	struct tp_bundle *b;
	int err = 0;

	b = bundle_new(obj_path, opts, &err);
	if (!b)
		goto err_out;
	err = read_file_max(obj_path, TP_OBJ_MAX_SIZE, &b->image, &b->image_size);
	if (err == -EFBIG) {
		pr_warn("%s: larger than %u MiB: not a tpc object (docs/tpload.md)\n", obj_path,
			TP_OBJ_MAX_SIZE >> 20);
		err = -EINVAL;
	} else if (err == -EISDIR || (err == -EINVAL)) {
		pr_warn("%s: not a regular file\n", obj_path);
		err = -EINVAL;
	} else if (err) {
		pr_warn("%s: %s\n", obj_path, strerror(-err));
	}
	err = err ?: bundle_open_image(b, opts);
	if (err)
		goto err_out;
	return b;

err_out:
	tp_bundle__close(b);
	errno = -err;
	return NULL;
}

struct tp_bundle *tp_bundle__open_mem(const void *image, size_t size, const char *label,
				      const struct tp_bundle_opts *opts)
{
	struct tp_bundle *b;
	int err = 0;

	b = bundle_new(label, opts, &err);
	if (!b)
		goto err_out;
	if (size > TP_OBJ_MAX_SIZE) {
		pr_warn("%s: larger than %u MiB: not a tpc object (docs/tpload.md)\n", label,
			TP_OBJ_MAX_SIZE >> 20);
		err = -EINVAL;
		goto err_out;
	}
	/* a copy: libbpf reads the ELF until load, and the caller's buffer
	 * need not outlive the open
	 */
	b->image = malloc(size ? size : 1);
	if (!b->image) {
		err = -ENOMEM;
		goto err_out;
	}
	memcpy(b->image, image, size);
	b->image_size = size;
	err = bundle_open_image(b, opts);
	if (err)
		goto err_out;
	return b;

err_out:
	tp_bundle__close(b);
	errno = -err;
	return NULL;
}

const char *tp_bundle__digest(const struct tp_bundle *b)
{
	return b->digest;
}

unsigned int tp_bundle__id(const struct tp_bundle *b)
{
	return b->id;
}

const char *tp_bundle__name(const struct tp_bundle *b)
{
	return b->name;
}

const struct tp_meta *tp_bundle__meta(const struct tp_bundle *b)
{
	return &b->meta;
}

bool tp_bundle__rejected(const struct tp_bundle *b)
{
	return b->rejected;
}

const char *tp_bundle__rejected_prog(const struct tp_bundle *b)
{
	return b->rejected ? b->rejected_prog : NULL;
}

const char *tp_bundle__verifier_log(const struct tp_bundle *b)
{
	return b->rejected ? b->log_buf : NULL;
}

int tp_bundle__set_policy_id(struct tp_bundle *b, unsigned int id)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	struct bpf_map *map;
	struct btf *btf;
	const void *init;
	size_t size;
	void *data;
	int sec, i, err;

	b->id = id;
	btf = bpf_object__btf(b->obj);
	sec = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -ENOENT;
	if (sec < 0)
		goto absent;
	t = btf__type_by_id(btf, sec);
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (strcmp(btf__name_by_offset(btf, var->name_off), "tp_policy_id"))
			continue;
		if (vs->size != sizeof(__u32)) {
			pr_warn("%s: tp_policy_id must be a __u32\n", b->obj_path);
			return -EINVAL;
		}
		bpf_object__for_each_map(map, b->obj) {
			const char *n = bpf_map__name(map);
			size_t l = strlen(n);

			if (!bpf_map__is_internal(map) || l < 7 || strcmp(n + l - 7, ".rodata"))
				continue;
			init = bpf_map__initial_value(map, &size);
			if (!init || vs->offset + sizeof(__u32) > size)
				return -EFAULT;
			data = malloc(size);
			if (!data)
				return -ENOMEM;
			memcpy(data, init, size);
			memcpy((char *)data + vs->offset, &id, sizeof(__u32));
			err = bpf_map__set_initial_value(map, data, size);
			free(data);
			return err;
		}
	}
absent:
	pr_info("%s: no rodata tp_policy_id, events cannot name the policy\n", b->obj_path);
	return 0;
}

/* First program that did not get an fd: the one the verifier rejected
 * (libbpf loads programs in order and stops at the first failure).
 */
static struct bpf_program *failed_prog(struct tp_bundle *b)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, b->obj)
		if (bpf_program__autoload(prog) && bpf_program__fd(prog) < 0)
			return prog;
	return NULL;
}

static void print_log_tail(const char *log)
{
	const char *p = log + strlen(log);
	int lines = 0;

	while (p > log && p[-1] == '\n')
		p--;
	while (p > log) {
		if (p[-1] == '\n' && ++lines == LOG_TAIL_LINES)
			break;
		p--;
	}
	if (p > log)
		pr_warn("  ...\n");
	pr_warn("%s%s", p, p[0] && log[strlen(log) - 1] != '\n' ? "\n" : "");
}

const struct tp_mech_plan *tp_bundle__mech_plan(const struct tp_bundle *b)
{
	return &b->plan;
}

/* The mechanism lines go into the pinned meta (tpload list, events). */
static int add_plan_meta(struct tp_bundle *b)
{
	char *lines = NULL, *full = NULL;
	int err;

	if (!b->plan.nr_hooks)
		return 0;
	err = mech_plan_meta(&b->plan, &lines);
	if (err)
		return err;
	if (asprintf(&full, "%s%s", b->meta_text, lines) < 0) {
		free(lines);
		return -ENOMEM;
	}
	free(lines);
	free(b->meta_text);
	b->meta_text = full;
	meta_free(&b->meta);
	return meta_parse(b->meta_text, &b->meta);
}

int tp_bundle__load(struct tp_bundle *b)
{
	struct bpf_program *prog;
	struct bpf_map *map;
	char desc[512], maps[PATH_MAX];
	long long t0;
	int err;

	/* Only the core maps may be pinned by name: anything else would be
	 * created and pinned by libbpf inside <root>/core/maps.
	 */
	bpf_object__for_each_map(map, b->obj) {
		const char *pp = bpf_map__pin_path(map);

		if (pp && !path_exists(pp)) {
			pr_warn("%s: map '%s' is pinned by name but the core has no such map (%s)\n",
				b->obj_path, bpf_map__name(map), pp);
			return -EINVAL;
		}
	}
	/* the rings have the size the core was created with */
	err = path_fmt(maps, sizeof(maps), "%s/%s/maps", b->pin_root, TP_CORE_DIR);
	err = err ?: core_rings_adopt(b->obj, maps);
	if (err) {
		pr_warn("%s: cannot size the ring buffers like the core's: %s\n", b->obj_path,
			strerror(-err));
		return err;
	}
	/* hooks on kernel functions: pick a mechanism per hook, load only its
	 * programs (no partial load: a hook without one fails the load here)
	 */
	t0 = mono_ms();
	err = mech_plan(b->obj, &b->meta, b->mechanism, &b->plan);
	if (b->plan.nr_hooks)
		pr_info("%s: mechanisms of %zu hooks chosen in %lld ms\n", b->obj_path,
			b->plan.nr_hooks, mono_ms() - t0);
	err = err ?: add_plan_meta(b);
	if (err)
		return err;
	b->log_buf[0] = '\0';
	t0 = mono_ms();
	err = bpf_object__load(b->obj);
	pr_info("%s: programs loaded in %lld ms\n", b->obj_path, mono_ms() - t0);
	if (!err)
		return 0;
	prog = failed_prog(b);
	if (err == -EPERM) {
		pr_warn("%s: loading needs privileges (CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN): %s\n",
			b->obj_path, strerror(-err));
		return err;
	}
	if (prog && b->log_buf[0]) {
		b->rejected = true;
		b->rejected_prog = bpf_program__name(prog);
		pr_warn("%s: the verifier rejected program '%s'%s: %s\n", b->obj_path,
			bpf_program__name(prog),
			hook_desc(b, bpf_program__name(prog), desc, sizeof(desc)), strerror(-err));
		pr_warn("verifier log (last %d lines):\n", LOG_TAIL_LINES);
		print_log_tail(b->log_buf);
	} else {
		char msg[128];

		libbpf_strerror(err, msg, sizeof(msg));
		pr_warn("%s: load failed%s%s: %s\n", b->obj_path, prog ? " at program " : "",
			prog ? bpf_program__name(prog) : "", msg);
	}
	return err;
}

static bool is_cgroup_prog(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_SOCK_OPS:
		return true;
	default:
		return false;
	}
}

int tp_bundle__attach(struct tp_bundle *b)
{
	struct bpf_program *prog;
	struct bpf_link *link;
	size_t n = 0, i = 0;
	int cg_fd = -1, err = 0;
	long long t0;
	char desc[512];

	t0 = mono_ms();
	bpf_object__for_each_program(prog, b->obj)
		n++;
	b->links = calloc(n ? n : 1, sizeof(*b->links));
	if (!b->links)
		return -ENOMEM;
	b->nr_links = n;
	bpf_object__for_each_program(prog, b->obj) {
		const char *name = bpf_program__name(prog);

		if (!bpf_program__autoload(prog)) {
			i++;
			continue;
		}
		if (is_cgroup_prog(bpf_program__type(prog))) {
			if (!b->cgroup_path) {
				pr_warn("%s: program '%s' is a cgroup program: give --cgroup PATH\n",
					b->obj_path, name);
				err = -EINVAL;
				goto err_detach;
			}
			if (cg_fd < 0) {
				cg_fd = open(b->cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
				if (cg_fd < 0) {
					err = -errno;
					pr_warn("%s: %s\n", b->cgroup_path, strerror(errno));
					goto err_detach;
				}
			}
			link = bpf_program__attach_cgroup(prog, cg_fd);
		} else {
			err = mech_attach(&b->plan, &b->meta, prog, &link);
			if (err == 1)
				link = bpf_program__attach(prog);
			else if (err)
				errno = -err;
		}
		if (!link) {
			err = -errno;
			if (err == -ENOENT)
				pr_warn("%s: cannot attach program '%s' to %s%s: the hook does not exist on this kernel\n",
					b->obj_path, name, bpf_program__section_name(prog),
					hook_desc(b, name, desc, sizeof(desc)));
			else
				pr_warn("%s: cannot attach program '%s' to %s%s: %s\n", b->obj_path, name,
					bpf_program__section_name(prog),
					hook_desc(b, name, desc, sizeof(desc)), strerror(-err));
			if (err == -EOPNOTSUPP || err == -ESRCH || err == -EINVAL)
				err = -ENOENT;	/* libbpf's "no such hook" flavors */
			goto err_detach;
		}
		b->links[i++] = link;
	}
	if (cg_fd >= 0)
		close(cg_fd);
	pr_info("%s: programs attached in %lld ms\n", b->obj_path, mono_ms() - t0);
	return 0;

err_detach:
	if (cg_fd >= 0)
		close(cg_fd);
	for (i = 0; i < b->nr_links; i++)
		bpf_link__destroy(b->links[i]);
	free(b->links);
	b->links = NULL;
	b->nr_links = 0;
	return err;
}

int tp_text_map_pin(const char *path, const char *map_name, const char *text)
{
	LIBBPF_OPTS(bpf_map_create_opts, mo);
	size_t len = strlen(text);
	__u32 key = 0, vsz;
	char *value;
	int fd, err;

	if (len + 1 + 7 > TP_TEXT_MAP_MAX)
		return -E2BIG;
	vsz = (__u32)((len + 1 + 7) & ~7ul);
	value = calloc(1, vsz);
	if (!value)
		return -ENOMEM;
	memcpy(value, text, len);
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, map_name, sizeof(key), vsz, 1, &mo);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	err = bpf_map_update_elem(fd, &key, value, 0);
	err = err ?: bpf_map_freeze(fd);
	err = err ?: bpf_obj_pin(fd, path);
	if (err)
		err = -errno;
	close(fd);
out:
	free(value);
	return err;
}

static int pin_meta(struct tp_bundle *b, const char *path)
{
	char *text = NULL;
	int err;

	if (asprintf(&text, "%sdigest sha256:%s\nloaded %lld\nid %u\n", b->meta_text, b->digest,
		     (long long)time(NULL), b->id) < 0)
		return -ENOMEM;
	err = tp_text_map_pin(path, "tp_meta", text);
	free(text);
	if (err)
		pr_warn("cannot create the meta map %s: %s\n", path, strerror(-err));
	return err;
}

int tp_bundle__pin(struct tp_bundle *b, const char *dir)
{
	char links[PATH_MAX], maps[PATH_MAX], path[PATH_MAX], mname[NAME_MAX + 1];
	struct bpf_program *prog;
	struct bpf_map *map;
	size_t i = 0;
	int err;

	b->pinned_dir = strdup(dir);
	if (!b->pinned_dir)
		return -ENOMEM;
	err = path_join(links, sizeof(links), dir, "links");
	err = err ?: path_join(maps, sizeof(maps), dir, "maps");
	err = err ?: mkdir_p(links, 0700);
	err = err ?: mkdir_p(maps, 0700);
	if (err) {
		/* the programs are attached by now: a policy that denies mkdir
		 * (Override on security_inode_mkdir, an LSM inode_mkdir hook)
		 * denies tpload's too; loaded, tpload could not unload it
		 * (a transaction needs mkdir), so refusing it is the safe end
		 */
		pr_warn("cannot create %s: %s%s\n", dir, strerror(-err),
			err == -EPERM || err == -EACCES ?
			" (does this policy deny mkdir, e.g. Override on security_inode_mkdir? tpload needs mkdir in bpffs to pin a policy and to unload it)" : "");
		goto err_unpin;
	}
	bpf_object__for_each_program(prog, b->obj) {
		struct bpf_link *link = i < b->nr_links ? b->links[i] : NULL;

		i++;
		if (!link)
			continue;
		err = path_join(path, sizeof(path), links, bpf_program__name(prog));
		err = err ?: bpf_link__pin(link, path);
		if (err) {
			pr_warn("cannot pin link of '%s' at %s: %s\n", bpf_program__name(prog), path,
				strerror(-err));
			goto err_unpin;
		}
	}
	bpf_object__for_each_map(map, b->obj) {
		if (bpf_map__pin_path(map) || bpf_map__fd(map) < 0)
			continue;	/* a core map (reused by pin name) */
		err = pin_name(mname, sizeof(mname), bpf_map__name(map));
		err = err ?: path_join(path, sizeof(path), maps, mname);
		err = err ?: bpf_map__pin(map, path);
		if (err) {
			pr_warn("cannot pin map '%s' at %s: %s\n", bpf_map__name(map), path,
				strerror(-err));
			goto err_unpin;
		}
	}
	err = path_join(path, sizeof(path), dir, "meta");
	err = err ?: pin_meta(b, path);
	if (err)
		goto err_unpin;
	return 0;

err_unpin:
	/* our own link fds first: pins_remove() waits for the links to be
	 * freed, which they are not while this process holds them
	 */
	for (i = 0; i < b->nr_links; i++) {
		bpf_link__destroy(b->links[i]);
		b->links[i] = NULL;
	}
	tp_bundle__unpin(b);
	return err;
}

int tp_bundle__unpin(struct tp_bundle *b)
{
	int err;

	if (!b || !b->pinned_dir)
		return 0;
	err = pins_remove(b->pinned_dir);
	if (err)
		pr_warn("cannot remove %s: %s\n", b->pinned_dir, strerror(-err));
	free(b->pinned_dir);
	b->pinned_dir = NULL;
	return err;
}

void tp_bundle__close(struct tp_bundle *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nr_links; i++)
		bpf_link__destroy(b->links[i]);
	free(b->links);
	bpf_object__close(b->obj);
	meta_free(&b->meta);
	free(b->meta_text);
	free(b->name);
	free(b->image);
	free(b->obj_path);
	free(b->pin_root);
	free(b->cgroup_path);
	if (b->log_buf)
		munmap(b->log_buf, b->log_size);
	free(b->pinned_dir);
	free(b->mechanism);
	mech_plan_free(&b->plan);
	free(b);
}

int tp_meta_map_read(const char *path, char **text)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), key = 0;
	char *v;
	int fd, err;

	fd = bpf_obj_get(path);
	if (fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto out;
	}
	v = calloc(1, info.value_size + 1);
	if (!v) {
		err = -ENOMEM;
		goto out;
	}
	if (bpf_map_lookup_elem(fd, &key, v)) {
		err = -errno;
		free(v);
		goto out;
	}
	*text = v;
	err = 0;
out:
	close(fd);
	return err;
}
