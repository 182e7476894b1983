/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Crash-consistent changes to a pin root: a journal in bpffs.
 *
 * Every change to <root> (load, replace, unload, unload --all; later a whole
 * bundle of policies) is one transaction, made under the root's lock
 * (root_open()). Its journal is the directory <root>/_txn:
 *
 *   _txn/new/<dir>    a policy pinned by this transaction (whole once
 *                     _txn/commit exists: meta is pinned last); also
 *                     _txn/new/_applied, the applied-bundle record of an
 *                     apply (applied.h), published like a policy
 *   _txn/old/<dir>    a published policy (or record) moved aside (rename():
 *                     atomic)
 *   _txn/core/        a core created by this transaction
 *   _txn/oldcore/     the published core, moved aside (unload --all)
 *   _txn/commit       the commit point: present = finish, absent = roll back
 *
 * Published entries (<root>/<dir>, <root>/core) only ever change by one
 * rename() of a whole directory, so at every instant a published policy is
 * the old one, the new one, or absent, never a subset of its links. A run
 * killed at any instant leaves the journal; the next run (any command that
 * takes the lock: load, unload, list) finishes it (commit present) or rolls
 * it back (absent), and reports what it did (docs/tpload.md "TRANSACTIONS").
 */
#ifndef TP_TXN_H
#define TP_TXN_H

#include <limits.h>
#include <stdbool.h>

#include "core.h"

#define TXN_DIR		"_txn"

struct tp_txn {
	struct tp_root *r;
	char dir[PATH_MAX];	/* <root>/_txn */
	bool open;
};

/* Starts a transaction: creates the journal. The root must have no journal
 * (root_repair() first). 0 or -errno (reported).
 */
int txn_begin(struct tp_root *r, struct tp_txn *t);
/* <root>/_txn/new/<pin_name(@policy)>: where to pin a new policy. */
int txn_new_path(const struct tp_txn *t, const char *policy, char *buf, size_t size);
/* <root>/_txn: pin root whose core/ is the core this transaction creates. */
const char *txn_dir(const struct tp_txn *t);
/* Moves the published policy directory @dir (a pin name) aside into the
 * journal, atomically; enforcement continues until commit. 0, -ENOENT if
 * not published (not reported), or -errno (reported).
 */
int txn_move_aside(struct tp_txn *t, const char *dir);
/* Moves the published core aside (unload --all). 0 or -errno (reported). */
int txn_move_core_aside(struct tp_txn *t);
/* Commits: writes the commit point, then publishes the new entries (each
 * replacing its old version) and removes the old ones (their links
 * detach). After the commit point the transaction always completes (here,
 * or in the next run). 0 or -errno (reported: the work is left to the next
 * run, which finishes it).
 */
int txn_commit(struct tp_txn *t);
/* Rolls back: removes the new entries, puts the old ones back. */
int txn_abort(struct tp_txn *t);

/* Finishes or rolls back a journal left by a killed run, removes leftovers
 * of older tpload versions and incomplete entries, and repairs a core
 * missing a link (core_relink()). Each action is recorded with
 * root_note_repair(). Frees stale registry slots. 0, or -errno if the root
 * cannot be made consistent (reported).
 */
int root_repair(struct tp_root *r, const char *btf_custom_path);

#endif
