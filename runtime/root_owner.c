// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Is a directory a pin root of tpload's own (root_owner.h)? */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tp_abi.h"
#include "applied.h"
#include "log.h"
#include "root_owner.h"
#include "txn.h"
#include "util.h"

/* An entry only tpload makes: the core, the journal, the applied-bundle
 * record, or a policy directory with its meta.
 */
static bool ours(const char *root, const struct dirent *de)
{
	char p[PATH_MAX];

	if (!strcmp(de->d_name, TP_CORE_DIR) || !strcmp(de->d_name, TXN_DIR) ||
	    !strcmp(de->d_name, TP_APPLIED_NAME))
		return true;
	return de->d_type == DT_DIR && !path_fmt(p, sizeof(p), "%s/%s/meta", root, de->d_name) &&
	       path_exists(p);
}

int root_owner_check(const char *path)
{
	char other[NAME_MAX + 1] = "";
	struct dirent *de;
	bool mine = false;
	DIR *d;

	d = opendir(path);
	if (!d) {
		int err = -errno;

		pr_warn("cannot read %s: %s\n", path, strerror(errno));
		return err;
	}
	while (!mine && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (ours(path, de))
			mine = true;
		else if (!other[0])
			snprintf(other, sizeof(other), "%s", de->d_name);
	}
	closedir(d);
	if (mine || !other[0])
		return 0;
	pr_warn("%s is not a tpload pin root: it holds %s and no core, journal or policy of tpload; tpload changes nothing in it (--root names a directory of tpload's own, e.g. /sys/fs/bpf/tpc)\n",
		path, other);
	return -ENOTEMPTY;
}
