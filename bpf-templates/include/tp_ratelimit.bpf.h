/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Post's rateLimit: an event is not posted when one with the same key was
 * posted less than the window ago. The key is Tetragon's (reference §7, Post):
 * the hook, the action, the thread / process / nothing (rateLimitScope thread,
 * process, global) and the first 40 bytes of each of the first 5 arguments, here
 * taken from the record as it was filled. Included by generated code only when
 * a policy has a rateLimit; the maps belong to the policy.
 */
#ifndef TP_RATELIMIT_BPF_H
#define TP_RATELIMIT_BPF_H

#include "tp_common.bpf.h"

#define TP_RL_ARGS		5
#define TP_RL_ARG_BYTES		40
/* Keys remembered (LRU): the policy's own, not shared with other policies.
 * Tetragon has 32,768 for the whole agent; an LRU map is preallocated, and
 * 8,192 keys of 216 bytes is ~2 MB per policy with a rateLimit. */
#define TP_RL_KEYS		8192

enum {				/* rateLimitScope */
	TP_RL_THREAD,
	TP_RL_PROCESS,
	TP_RL_GLOBAL,
};

struct tp_rl_key {
	__u32 hook;
	__u32 id;		/* tid, tgid or 0, by scope */
	__u32 action;
	__u32 pad;
	__u8 args[TP_RL_ARGS][TP_RL_ARG_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_rl_key);
} tp_rl_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, TP_RL_KEYS);
	__type(key, struct tp_rl_key);
	__type(value, __u64);	/* bpf_ktime_get_ns() of the last post */
} tp_ratelimit SEC(".maps");

/* A zeroed key for the hook, the action and the scope's id; NULL if the
 * scratch map cannot be read (then the event is posted). */
static __always_inline struct tp_rl_key *tp_rl_key_start(__u32 hook, __u32 action, __u32 scope)
{
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 zero = 0;
	struct tp_rl_key *k = bpf_map_lookup_elem(&tp_rl_scratch, &zero);

	if (!k)
		return NULL;
	__builtin_memset(k, 0, sizeof(*k));
	k->hook = hook;
	k->action = action;
	k->id = scope == TP_RL_THREAD ? (__u32)pt : scope == TP_RL_PROCESS ? (__u32)(pt >> 32) : 0;
	return k;
}

/* Argument i of the key: the first bytes of the payload of the record's slot. */
static __always_inline void tp_rl_key_arg(struct tp_rl_key *k, __u32 i, const void *slot)
{
	const struct tp_ev_arg *a = slot;
	__u32 n = a->len;

	if (n > TP_RL_ARG_BYTES)
		n = TP_RL_ARG_BYTES;
	if (i < TP_RL_ARGS)
		bpf_probe_read_kernel(k->args[i], n, a + 1);
}

/* Was an event with this key posted less than window ns ago? If not, the
 * caller posts it: remember now. */
static __always_inline bool tp_rl_hit(const struct tp_rl_key *k, __u64 window)
{
	__u64 now = bpf_ktime_get_ns();
	__u64 *last = bpf_map_lookup_elem(&tp_ratelimit, k);

	if (last && now - *last < window)
		return true;
	bpf_map_update_elem(&tp_ratelimit, k, &now, BPF_ANY);
	return false;
}

#endif
