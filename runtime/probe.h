/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Kernel features, found by trying (docs/tpload.md "probe"): each feature has
 * a tiny BPF object embedded in tpload (bpf-templates/probe/tp_probe.bpf.c,
 * one per feature), which is loaded, attached and triggered; the feature is
 * there only if the program really ran or really enforced. Never by kernel
 * version. Names are those of .tpc.meta `requires` lines and of
 * tests/kernel/probe.sh.
 *
 * Library code: no output; each result carries its reason.
 */
#ifndef TP_PROBE_H
#define TP_PROBE_H

#include <stdbool.h>
#include <stddef.h>

/* Order = the order of output. The Makefile builds one object per name. */
#define TP_PROBE_FEATURES		\
	F(tracepoint)			\
	F(raw_tp)			\
	F(tp_btf)			\
	F(iter)				\
	F(ringbuf)			\
	F(send_signal)			\
	F(link_pin)			\
	F(kprobe)			\
	F(kretprobe)			\
	F(fentry)			\
	F(fexit)			\
	F(fmod_ret)			\
	F(lsm)				\
	F(ima_hash)			\
	F(uprobe)			\
	F(override_return)		\
	F(cgroup)

enum tp_feature {
#define F(n) TP_FEAT_##n,
	TP_PROBE_FEATURES
#undef F
	TP_NR_FEATURES,
};

struct tp_feature_result {
	bool done;
	bool ok;
	char why[256];			/* !ok: why not */
};

struct tp_prober {
	struct tp_feature_result res[TP_NR_FEATURES];
	const char *bpffs;		/* where link_pin pins (a bpffs dir); NULL: /sys/fs/bpf */
};

const char *probe_feature_name(enum tp_feature f);
/* The feature of @name (@len bytes), or -1. */
int probe_feature_id(const char *name, size_t len);
/* Probes @f once per prober (later calls return the first result). */
const struct tp_feature_result *probe_feature(struct tp_prober *p, enum tp_feature f);

/* A `requires` expression: alternatives separated by '|', each a
 * ','-separated list of features that must all work ("fentry,fexit|kprobe").
 * Returns true if one alternative works; @why gets what each lacks.
 * Unknown feature names never work ("unknown feature X").
 */
bool probe_requires(struct tp_prober *p, const char *expr, char *why, size_t size);

#endif
