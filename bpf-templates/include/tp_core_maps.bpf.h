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

#define TP_PROCS_MAX		65536
#define TP_EVENTS_BYTES		(1 << 20)

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

/* Every policy's events. Full => the record is dropped and counted by the
 * policy; enforcement never waits for a reader.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TP_EVENTS_BYTES);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} tp_events SEC(".maps");

#endif
