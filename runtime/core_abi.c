// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The pinned core's ABI version: stamp, read, check (core_abi.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "tp_abi.h"
#include "core.h"
#include "core_abi.h"
#include "log.h"
#include "pin_remove.h"
#include "util.h"

int core_abi_read(const char *root)
{
	struct tp_policy_slot slot;
	__u32 key = TP_CORE_SLOT;
	char p[PATH_MAX];
	int fd, err;

	if (path_fmt(p, sizeof(p), "%s/%s/maps/tp_policies", root, TP_CORE_DIR))
		return -ENAMETOOLONG;
	fd = bpf_obj_get(p);
	if (fd < 0)
		return -errno;
	err = bpf_map_lookup_elem(fd, &key, &slot) ? -errno : slot.abi ? (int)slot.abi : 1;
	close(fd);
	return err;
}

int core_flags_read(const char *root)
{
	struct tp_policy_slot slot;
	__u32 key = TP_CORE_SLOT;
	char p[PATH_MAX];
	int fd, err;

	if (path_fmt(p, sizeof(p), "%s/%s/maps/tp_policies", root, TP_CORE_DIR))
		return -ENAMETOOLONG;
	fd = bpf_obj_get(p);
	if (fd < 0)
		return -errno;
	err = bpf_map_lookup_elem(fd, &key, &slot) ? -errno : (int)(slot.used & 0x7fffffff);
	close(fd);
	return err;
}

int core_abi_stamp(int registry_fd, long core_flags)
{
	struct tp_policy_slot slot = { .used = 0, .abi = TP_ABI_VERSION };
	__u32 key = TP_CORE_SLOT;

	if (registry_fd < 0)
		return -EFAULT;
	if (core_flags < 0) {
		struct tp_policy_slot old;

		if (!bpf_map_lookup_elem(registry_fd, &key, &old))
			slot.used = old.used;
	} else {
		slot.used = (__u32)core_flags;
	}
	slot.abi = TP_ABI_VERSION;
	snprintf(slot.name, sizeof(slot.name), "%s", TP_CORE_DIR);
	return bpf_map_update_elem(registry_fd, &key, &slot, BPF_ANY) ? -errno : 0;
}

int core_abi_check(struct tp_root *r, bool *replaced)
{
	char **names = NULL, p[PATH_MAX];
	size_t nr = 0;
	int abi, err;

	*replaced = false;
	if (!core_present(r))
		return 0;
	abi = core_abi_read(r->path);
	if (abi == TP_ABI_VERSION)
		return 0;
	if (abi < 0) {
		pr_warn("cannot read the ABI version of the pinned core: %s\n", strerror(-abi));
		return abi;
	}
	err = policies_list(r, &names, &nr);
	names_free(names, nr);
	if (err)
		return err;
	if (nr) {
		pr_warn("the pinned core (%s/%s) has ABI version %d, this tpload needs version %d: unload the %zu loaded polic%s with the tpload that loaded %s (tpload unload --all), then load again\n",
			r->path, TP_CORE_DIR, abi, TP_ABI_VERSION, nr, nr == 1 ? "y" : "ies",
			nr == 1 ? "it" : "them");
		return -EPROTO;
	}
	pr_info("core: replacing the pinned core of ABI version %d (no policy loaded)\n", abi);
	err = path_join(p, sizeof(p), r->path, TP_CORE_DIR);
	err = err ?: pins_remove(p);
	if (err)
		pr_warn("cannot remove %s: %s\n", p, strerror(-err));
	else
		*replaced = true;
	return err;
}
