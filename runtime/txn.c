// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Transactions on a pin root (txn.h) and the repair of leftovers. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "tp_abi.h"
#include "applied.h"
#include "log.h"
#include "pin_remove.h"
#include "txn.h"
#include "util.h"

static int sub(const struct tp_txn *t, char *buf, size_t size, const char *a, const char *b)
{
	if (b)
		return path_fmt(buf, size, "%s/%s/%s", t->dir, a, b);
	return path_join(buf, size, t->dir, a);
}

static int mkdir_new(const char *p)
{
	if (mkdir(p, 0700) && errno != EEXIST) {
		int err = -errno;

		pr_warn("cannot create %s: %s\n", p, strerror(errno));
		return err;
	}
	return 0;
}

static int txn_init(struct tp_root *r, struct tp_txn *t)
{
	t->r = r;
	t->open = false;
	return path_join(t->dir, sizeof(t->dir), r->path, TXN_DIR);
}

int txn_begin(struct tp_root *r, struct tp_txn *t)
{
	char p[PATH_MAX];
	int err;

	err = txn_init(r, t);
	if (err)
		return err;
	if (mkdir(t->dir, 0700)) {
		err = -errno;
		pr_warn("cannot start a transaction in %s: %s\n", t->dir, strerror(errno));
		return err;
	}
	t->open = true;
	err = sub(t, p, sizeof(p), "new", NULL) ?: mkdir_new(p);
	err = err ?: sub(t, p, sizeof(p), "old", NULL) ?: mkdir_new(p);
	if (err)
		txn_abort(t);
	return err;
}

const char *txn_dir(const struct tp_txn *t)
{
	return t->dir;
}

int txn_new_path(const struct tp_txn *t, const char *policy, char *buf, size_t size)
{
	char n[NAME_MAX + 1];

	if (pin_name(n, sizeof(n), policy))
		return -ENAMETOOLONG;
	return sub(t, buf, size, "new", n);
}

static int move(const char *from, const char *to)
{
	if (rename(from, to)) {
		int err = -errno;

		pr_warn("cannot rename %s to %s: %s\n", from, to, strerror(errno));
		return err;
	}
	return 0;
}

int txn_move_aside(struct tp_txn *t, const char *dir)
{
	char from[PATH_MAX], to[PATH_MAX];

	if (path_join(from, sizeof(from), t->r->path, dir) || sub(t, to, sizeof(to), "old", dir))
		return -ENAMETOOLONG;
	if (!path_exists(from))
		return -ENOENT;
	return move(from, to);
}

int txn_move_core_aside(struct tp_txn *t)
{
	char from[PATH_MAX], to[PATH_MAX];

	if (path_join(from, sizeof(from), t->r->path, TP_CORE_DIR) ||
	    sub(t, to, sizeof(to), "oldcore", NULL))
		return -ENAMETOOLONG;
	if (!path_exists(from))
		return 0;
	return move(from, to);
}

/* Calls @fn for every entry of _txn/@what (names only: no '.' entries). */
static int for_each(struct tp_txn *t, const char *what,
		    int (*fn)(struct tp_txn *t, const char *name))
{
	char p[PATH_MAX];
	struct dirent *de;
	int err = 0, e;
	DIR *d;

	if (sub(t, p, sizeof(p), what, NULL))
		return -ENAMETOOLONG;
	d = opendir(p);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		e = fn(t, de->d_name);
		err = err ?: e;
	}
	closedir(d);
	return err;
}

static int remove_path(const char *p)
{
	int err = pins_remove(p);

	if (err)
		pr_warn("cannot remove %s: %s\n", p, strerror(-err));
	return err;
}

/* roll forward: publish _txn/new/<name>, replacing R/<name> */
static int publish_one(struct tp_txn *t, const char *name)
{
	char from[PATH_MAX], to[PATH_MAX], aside[PATH_MAX];
	int err;

	if (sub(t, from, sizeof(from), "new", name) || path_join(to, sizeof(to), t->r->path, name) ||
	    sub(t, aside, sizeof(aside), "old", name))
		return -ENAMETOOLONG;
	if (path_exists(to)) {
		/* the version being replaced: aside first (both keep
		 * enforcing; the name is absent between the two renames)
		 */
		if (path_exists(aside)) {
			err = remove_path(aside);
			if (err)
				return err;
		}
		err = move(to, aside);
		if (err)
			return err;
	}
	return move(from, to);
}

static int remove_old(struct tp_txn *t, const char *name)
{
	char p[PATH_MAX];

	return sub(t, p, sizeof(p), "old", name) ?: remove_path(p);
}

static int remove_new(struct tp_txn *t, const char *name)
{
	char p[PATH_MAX];

	return sub(t, p, sizeof(p), "new", name) ?: remove_path(p);
}

/* roll back: put _txn/old/<name> back */
static int restore_old(struct tp_txn *t, const char *name)
{
	char from[PATH_MAX], to[PATH_MAX];

	if (sub(t, from, sizeof(from), "old", name) || path_join(to, sizeof(to), t->r->path, name))
		return -ENAMETOOLONG;
	if (path_exists(to)) {
		/* cannot happen before the commit point; keep what is published */
		pr_warn("%s exists: dropping the older %s\n", to, from);
		return remove_path(from);
	}
	return move(from, to);
}

/* The journal's own directories, once their entries are gone. */
static int end_journal(struct tp_txn *t)
{
	static const char *const dirs[] = { "new", "old", "core", "oldcore", "commit" };
	char p[PATH_MAX];
	size_t i;
	int err;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		err = sub(t, p, sizeof(p), dirs[i], NULL);
		if (!err && path_exists(p) && rmdir(p)) {
			err = -errno;
			pr_warn("cannot remove %s: %s\n", p, strerror(errno));
			return err;
		}
	}
	if (rmdir(t->dir)) {
		err = -errno;
		pr_warn("cannot remove %s: %s\n", t->dir, strerror(errno));
		return err;
	}
	t->open = false;
	return 0;
}

/* After the commit point: idempotent, so the next run can redo it. */
static int txn_finish(struct tp_txn *t)
{
	char from[PATH_MAX], to[PATH_MAX];
	int err;

	err = sub(t, from, sizeof(from), "core", NULL) ?:
	      path_join(to, sizeof(to), t->r->path, TP_CORE_DIR);
	if (err)
		return err;
	if (path_exists(from)) {
		err = path_exists(to) ? remove_path(from) : move(from, to);
		if (err)
			return err;
	}
	err = for_each(t, "new", publish_one);
	err = err ?: for_each(t, "old", remove_old);
	if (err)
		return err;
	err = sub(t, from, sizeof(from), "oldcore", NULL) ?: remove_path(from);
	err = err ?: end_journal(t);
	if (!err)
		registry_gc(t->r);
	return err;
}

int txn_commit(struct tp_txn *t)
{
	char p[PATH_MAX];
	int err;

	err = sub(t, p, sizeof(p), "commit", NULL);
	if (err)
		return err;
	if (mkdir(p, 0700)) {
		err = -errno;
		pr_warn("cannot commit (%s): %s\n", p, strerror(errno));
		return err;
	}
	/* from here on the transaction completes, now or in the next run */
	err = txn_finish(t);
	if (err)
		pr_warn("committed, but not finished: the next tpload run on %s finishes it\n",
			t->r->path);
	return err;
}

int txn_abort(struct tp_txn *t)
{
	char from[PATH_MAX], to[PATH_MAX];
	int err, e;

	if (!t->open)
		return 0;
	err = for_each(t, "new", remove_new);
	e = sub(t, from, sizeof(from), "core", NULL) ?: remove_path(from);
	err = err ?: e;
	e = for_each(t, "old", restore_old);
	err = err ?: e;
	e = sub(t, from, sizeof(from), "oldcore", NULL) ?:
	    path_join(to, sizeof(to), t->r->path, TP_CORE_DIR);
	if (!e && path_exists(from))
		e = path_exists(to) ? remove_path(from) : move(from, to);
	err = err ?: e;
	err = err ?: end_journal(t);
	if (!err)
		registry_gc(t->r);
	return err;
}

static int count_entries(struct tp_txn *t, const char *what, char *list, size_t size)
{
	char p[PATH_MAX];
	struct dirent *de;
	size_t o = strlen(list);
	int n = 0;
	DIR *d;

	if (sub(t, p, sizeof(p), what, NULL))
		return 0;
	d = opendir(p);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		if (o < size) {
			int k = snprintf(list + o, size - o, "%s%s", o ? ", " : "",
					 strcmp(de->d_name, TP_APPLIED_NAME) ? de->d_name :
					 "the applied-bundle record");

			o = k < 0 ? size : o + (size_t)k;
		}
	}
	closedir(d);
	return n;
}

/* A journal left by a killed run. */
static int repair_journal(struct tp_root *r)
{
	char p[PATH_MAX], news[512] = "", olds[512] = "";
	struct tp_txn t;
	bool committed, newcore, oldcore;
	int err;

	err = txn_init(r, &t);
	if (err || !path_exists(t.dir))
		return err;
	t.open = true;
	committed = !sub(&t, p, sizeof(p), "commit", NULL) && path_exists(p);
	newcore = !sub(&t, p, sizeof(p), "core", NULL) && path_exists(p);
	oldcore = !sub(&t, p, sizeof(p), "oldcore", NULL) && path_exists(p);
	count_entries(&t, "new", news, sizeof(news));
	count_entries(&t, "old", olds, sizeof(olds));
	if (committed) {
		err = txn_finish(&t);
		root_note_repair(r, "finished an interrupted transaction (published: %s%s; removed: %s%s)",
				 news[0] ? news : "-", newcore ? ", a new core" : "",
				 olds[0] ? olds : "-", oldcore ? ", the core" : "");
	} else {
		err = txn_abort(&t);
		root_note_repair(r, "rolled back an interrupted transaction (removed: %s%s; restored: %s%s)",
				 news[0] ? news : "-", newcore ? ", a new core" : "",
				 olds[0] ? olds : "-", oldcore ? ", the core" : "");
	}
	if (err)
		pr_warn("cannot repair %s: %s\n", t.dir, strerror(-err));
	return err;
}

/* Entries of the root that are neither the core, a policy, nor a journal:
 * leftovers of older tpload versions (_staging_*, _old_*), policies without
 * meta (an older tpload killed while unloading); both were never whole.
 */
static int repair_entries(struct tp_root *r, int *policies)
{
	char p[PATH_MAX], meta[PATH_MAX];
	struct dirent *de;
	int err = 0, e;
	DIR *d;

	*policies = 0;
	d = opendir(r->path);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		const char *n = de->d_name;

		if (n[0] == '.' || !strcmp(n, TP_CORE_DIR) || !strcmp(n, TXN_DIR) ||
		    !strcmp(n, TP_APPLIED_NAME))
			continue;
		if (path_join(p, sizeof(p), r->path, n))
			continue;
		if (n[0] == '_') {
			e = pins_remove(p);
			root_note_repair(r, "removed leftover %s%s", p, e ? " (failed)" : "");
			err = err ?: e;
			continue;
		}
		if (de->d_type != DT_DIR)
			continue;
		if (!path_join(meta, sizeof(meta), p, "meta") && path_exists(meta)) {
			(*policies)++;
			continue;
		}
		e = pins_remove(p);
		root_note_repair(r, "removed incomplete policy %s (no meta: its links detach)%s", p,
				 e ? " (failed)" : "");
		err = err ?: e;
	}
	closedir(d);
	return err;
}

static int repair_core(struct tp_root *r, int policies, const char *btf_custom_path)
{
	char p[PATH_MAX], missing[256];
	int n, maps, err;

	if (path_join(p, sizeof(p), r->path, TP_CORE_DIR) || !path_exists(p))
		return 0;
	n = core_missing(r, missing, sizeof(missing), &maps);
	if (!n)
		return 0;
	if (!policies) {
		/* nothing uses it: the next load brings a whole one */
		err = pins_remove(p);
		root_note_repair(r, "removed an incomplete core (missing %s)%s", missing,
				 err ? " (failed)" : "");
		return err;
	}
	if (maps) {
		pr_warn("the core in %s lacks %s, and %d policies use it: it cannot be repaired in place (unload --all, then load again)\n",
			p, missing, policies);
		return -EUCLEAN;
	}
	err = core_relink(r, btf_custom_path);
	root_note_repair(r, "re-attached the core's missing links (%s)%s", missing,
			 err ? " (failed)" : "");
	return err;
}

int root_repair(struct tp_root *r, const char *btf_custom_path)
{
	int policies = 0, err;

	err = repair_journal(r);
	err = err ?: repair_entries(r, &policies);
	err = err ?: repair_core(r, policies, btf_custom_path);
	/* a run killed after its journal was gone, before its registry_gc() */
	if (!err)
		registry_gc(r);
	return err;
}
