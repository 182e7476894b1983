/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The compile report of a policy (tpc -j "hook_report"): per hook its kind and
 * target, its BPF programs with the mechanism each belongs to, the kernel
 * features it needs (the "requires" alternatives of .tpc.meta) and, for
 * Override, what the kernel must allow for it.
 */
#ifndef TPC_REPORT_H
#define TPC_REPORT_H

struct ir_module;

/* The report as a JSON array (malloc'ed text). 0 or -ENOMEM. */
int report_hooks_json(const struct ir_module *m, char **out);

#endif
