// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Event records: the reader's state, the policies' metadata, the decoding of a
 * record shared by its renderings (JSON: ev_json.c; text, compact: ev_text.c).
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "bundle.h"
#include "core.h"
#include "ev_record.h"
#include "events.h"

/* Tetragon's BPF-side action numbering (tp_abi.h TP_ACTION_*). */
static const char *const action_names[] = {
	"KPROBE_ACTION_POST", "KPROBE_ACTION_FOLLOWFD", "KPROBE_ACTION_SIGKILL",
	"KPROBE_ACTION_UNFOLLOWFD", "KPROBE_ACTION_OVERRIDE", "KPROBE_ACTION_COPYFD",
	"KPROBE_ACTION_GETURL", "KPROBE_ACTION_DNSLOOKUP", "KPROBE_ACTION_NOPOST",
	"KPROBE_ACTION_SIGNAL", "KPROBE_ACTION_TRACKSOCK", "KPROBE_ACTION_UNTRACKSOCK",
	"KPROBE_ACTION_NOTIFYENFORCER", "KPROBE_ACTION_CLEANUPENFORCERNOTIFICATION",
	"KPROBE_ACTION_SET",
};

static __s64 ts_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (__s64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The node name of events and exec_ids: HUBBLE_NODE_NAME, else NODE_NAME, else the
 * host name, as Tetragon's export name (pkg/reader/node/node.go SetExportNodeName(),
 * used by GetNodeNameForExport() and process.GetProcessID()).
 */
static void node_name(char *buf, size_t size)
{
	static const char *const vars[] = { "HUBBLE_NODE_NAME", "NODE_NAME" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (v && *v) {
			snprintf(buf, size, "%s", v);
			return;
		}
	}
	buf[size - 1] = '\0';
	if (gethostname(buf, size - 1))
		snprintf(buf, size, "localhost");
}

struct tp_events *events_new(const char *root)
{
	struct tp_events *e = calloc(1, sizeof(*e));

	if (!e) {
		errno = ENOMEM;
		return NULL;
	}
	e->root.lock_fd = -1;
	snprintf(e->root.path, sizeof(e->root.path), "%s", root);
	node_name(e->node, sizeof(e->node));
	/* bpf_ktime_get_ns() is CLOCK_MONOTONIC; the sample pair is taken
	 * back to back, good to a few microseconds (NTP slews move it later)
	 */
	e->wall_offset_ns = ts_ns(CLOCK_REALTIME) - ts_ns(CLOCK_MONOTONIC);
	ev_procs_open(&e->procs, root, e->node);
	return e;
}

void events_free(struct tp_events *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < TP_MAX_POLICIES; i++) {
		if (!e->cache[i])
			continue;
		meta_free(&e->cache[i]->meta);
		free(e->cache[i]);
	}
	ev_procs_close(&e->procs);
	free(e);
}

struct policy_cache *ev_policy_of(struct tp_events *e, __u32 id)
{
	struct policy_cache *c;
	char name[TP_POLICY_NAME_MAX], p[PATH_MAX], *text;

	if (id == 0 || id >= TP_MAX_POLICIES || registry_name(&e->root, id, name, sizeof(name)))
		return NULL;
	c = e->cache[id];
	if (c && !strcmp(c->name, name))
		return c;
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return NULL;
		e->cache[id] = c;
	} else {
		meta_free(&c->meta);
		c->have_meta = false;
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	if (!policy_path(p, sizeof(p), e->root.path, name, "meta") &&
	    !tp_meta_map_read(p, &text)) {
		c->have_meta = !meta_parse(text, &c->meta);
		free(text);
	}
	return c;
}

/* ev_record.h */
int ev_check_record(const void *data, size_t size, size_t *end)
{
	const struct tp_ev_hdr *h = data;
	const struct tp_ev_arg *a;
	size_t off, i;

	if (size < sizeof(*h) || h->kind < TP_EV_TRACEPOINT || h->kind > TP_EV_EXIT)
		return -EINVAL;
	if (h->kind == TP_EV_EXEC || h->kind == TP_EV_EXIT) {
		*end = size;
		return size < sizeof(struct tp_ev_proc) || h->nr_args ? -EINVAL : 0;
	}
	*end = h->size && h->size < size ? h->size : size;
	off = sizeof(*h);
	for (i = 0; i < h->nr_args; i++) {
		if (off + sizeof(*a) > *end)
			return -EINVAL;
		a = (const void *)((const char *)data + off);
		if (a->len > *end - off - sizeof(*a) || (a->slot && a->slot < a->len))
			return -EINVAL;
		off += sizeof(*a) + (a->slot ? a->slot : ((a->len + 7) & ~7u));
	}
	return 0;
}

void ev_split_target(const struct tp_meta_hook *hk, char *subsys, char *event, size_t sz)
{
	const char *slash;

	subsys[0] = event[0] = '\0';
	if (!hk || !hk->target)
		return;
	slash = strchr(hk->target, '/');
	if (slash) {
		snprintf(subsys, sz, "%.*s", (int)(slash - hk->target), hk->target);
		snprintf(event, sz, "%s", slash + 1);
	} else {
		snprintf(event, sz, "%s", hk->target);
	}
}

/* The name Tetragon reports for the function of a kprobe/LSM hook: the node's
 * symbol tpload attached to (with a syscall's arch prefix), else the policy's.
 */
const char *ev_function_name(const struct tp_meta_hook *hk)
{
	if (!hk)
		return NULL;
	if (hk->symbol && *hk->symbol)
		return hk->symbol;
	return hk->func ? hk->func : hk->target;
}

const char *ev_action_name(unsigned int a)
{
	return a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a] : NULL;
}

/* The path of a TP_EVA_FD arg (payload @p: fd, then the path bytes). */
size_t ev_fd_path(char *buf, size_t size, const struct tp_ev_arg *a, const char *p)
{
	__u32 flags = 0, whole = a->orig_len > 8 ? a->orig_len - 8 : 0;

	if (a->flags & TP_EVA_F_SPLIT)
		flags |= TP_PATH_F_SPLIT;
	if (a->flags & TP_EVA_F_NOHEAD)
		flags |= TP_PATH_F_NOHEAD;
	return events_path_render(buf, size, p + 8, a->len - 8, whole ? whole : a->len - 8, flags);
}

enum ev_type events_type_of_kind(unsigned int kind)
{
	switch (kind) {
	case TP_EV_TRACEPOINT:
		return EV_PROCESS_TRACEPOINT;
	case TP_EV_KPROBE:
		return EV_PROCESS_KPROBE;
	case TP_EV_LSM:
		return EV_PROCESS_LSM;
	case TP_EV_EXEC:
		return EV_PROCESS_EXEC;
	case TP_EV_EXIT:
		return EV_PROCESS_EXIT;
	default:
		return EV_TYPE_UNKNOWN;
	}
}

int events_info(struct tp_events *e, const void *data, size_t size, struct events_info *info)
{
	const struct tp_ev_hdr *h = data;
	const struct tp_meta_hook *hk = NULL;
	struct policy_cache *pc;

	memset(info, 0, offsetof(struct events_info, binary));
	info->binary[0] = '\0';
	if (size < sizeof(*h))
		return -EINVAL;
	info->type = events_type_of_kind(h->kind);
	info->action = h->action;
	if (h->kind == TP_EV_EXEC || h->kind == TP_EV_EXIT) {
		const struct tp_ev_proc *r = data;

		if (size < sizeof(*r))
			return -EINVAL;
		info->binary_len = events_path_render(info->binary, sizeof(info->binary),
						      r->proc.path, sizeof(r->proc.path),
						      r->proc.path_len, r->proc.flags);
		return 0;
	}
	pc = ev_policy_of(e, h->policy_id);
	if (pc) {
		info->policy = pc->name;
		if (pc->have_meta)
			hk = meta_hook(&pc->meta, h->hook_id);
	}
	info->target = hk ? hk->target : NULL;
	info->binary_len = events_path_render(info->binary, sizeof(info->binary), h->path,
					      sizeof(h->path), h->path_len, h->proc_flags);
	return 0;
}

