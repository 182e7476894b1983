/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Is a directory a pin root of tpload's own? Every command repairs its root
 * first, and the repair removes what it does not recognize (a directory
 * without meta is "an incomplete policy"): pointed at a directory that holds
 * other things (/sys/fs/bpf itself, the parent of other roots, another
 * tool's pins), it would unpin all of them. So tpload touches a root only if
 * it is empty or holds something only tpload makes.
 */
#ifndef TP_ROOT_OWNER_H
#define TP_ROOT_OWNER_H

/* 0 if @path is empty or holds a core, a journal, the applied-bundle record
 * or a policy directory with its meta; -ENOTEMPTY (reported, naming an
 * entry) if it holds only other things; other -errno (reported) if it cannot
 * be read.
 */
int root_owner_check(const char *path);

#endif
