/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The core maps, shared by the core object and every policy object.
 * Both sides declare them identically; a policy object is opened with
 * pin_root_path = <root>/core/maps, so libbpf reuses the pinned core maps by
 * name (LIBBPF_PIN_BY_NAME) instead of creating its own. Any change here is
 * an ABI change (tp_abi.h: TP_ABI_VERSION).
 */
#ifndef TP_CORE_MAPS_BPF_H
#define TP_CORE_MAPS_BPF_H

#include "tp_abi.h"


/* Per-process state, keyed by tgid. Kept current by the core's exec, fork
 * and exit programs; seeded for pre-existing processes by its task iterator.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, TP_PROCS_MAX);
	__type(key, __u32);
	__type(value, struct tp_proc);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_procs SEC(".maps");

/* Entries of executions that ended (exit, or a later exec of the same
 * process), keyed by (tgid, exec_ktime): what tpload's reader renders the
 * process and parent blocks of older records from. An LRU, so a full map
 * drops the oldest (docs/events.md). Written by the core and by policy
 * exec hooks (tp_proc_record_exec()).
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TP_PROCS_GONE_MAX);
	__type(key, struct tp_proc_key);
	__type(value, struct tp_proc);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_procs_gone SEC(".maps");

/* Every policy's observability records (selectors without an enforcement
 * action). Full => the record is dropped and counted by the policy
 * (tp_counters.dropped); enforcement never waits for a reader.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TP_EVENTS_BYTES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_events SEC(".maps");

/* Records of selectors that enforce (Sigkill, Signal; later Override):
 * their own ring, so a flood of observability records cannot drop them.
 * Only an enforcement flood can fill it (drops counted the same way).
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TP_ENFORCE_BYTES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_enforce SEC(".maps");

/* The core's counters (tp_abi.h: struct tp_core_counters). Policies bump
 * exec_early; everything else is the core's.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_core_counters);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_core_stats SEC(".maps");

static __always_inline struct tp_core_counters *tp_core_cnt(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&tp_core_stats, &zero);
}

#endif
