/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Which ABI version the pinned core has (tp_abi.h TP_ABI_VERSION). The core
 * object and its maps change with the ABI (tp_procs entry, rings, counters),
 * so a policy object of this version must never be loaded against a core
 * pinned by another tpload version: tpload stamps the version into the
 * core's registry slot TP_CORE_SLOT when it loads the core, and checks it
 * before it uses a pinned core. A core without a stamp is version 1.
 */
#ifndef TP_CORE_ABI_H
#define TP_CORE_ABI_H

#include "core.h"

/* The pinned core's ABI version (1 for an unstamped core), or -errno. */
int core_abi_read(const char *root);
/* The pinned core's options (TP_CORE_F_*), or -errno. */
int core_flags_read(const char *root);
/* Stamps TP_ABI_VERSION and the core options @core_flags (TP_CORE_F_*) into
 * the registry map @fd (the core being loaded). @core_flags < 0: keep the
 * options the slot has (a core being re-linked).
 */
int core_abi_stamp(int registry_fd, long core_flags);
/* Before using a pinned core: 0 if it is absent or of this ABI version. A
 * core of another version is unloaded when no policy is loaded (the caller
 * then loads a new one; *replaced is set), else refused with -EPROTO
 * (reported: unload the policies first). Other -errno reported.
 */
int core_abi_check(struct tp_root *r, bool *replaced);

#endif
