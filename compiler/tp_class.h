/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The record struct of a (non-syscall) tracepoint, from kernel BTF. */
#ifndef TPC_TP_CLASS_H
#define TPC_TP_CLASS_H

#include <stddef.h>

struct btf;
struct tf_format;

/* Write the name of the struct trace_event_raw_* of btf (the target kernel's)
 * holding event's record into out. 0; -ENOENT if btf has no matching struct;
 * -ENAMETOOLONG.
 */
int tp_class_find(const struct btf *btf, const char *event, const struct tf_format *fmt, char *out,
		  size_t out_sz);

#endif
