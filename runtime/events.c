// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Event records -> Tetragon-compatible JSON / text. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "tp_abi.h"
#include "tp_argtypes.h"
#include "bundle.h"
#include "core.h"
#include "ev_kobj.h"
#include "ev_proc.h"
#include "events.h"
#include "log.h"
#include "meta.h"
#include "util.h"

struct policy_cache {
	char name[TP_POLICY_NAME_MAX];
	struct tp_meta meta;
	bool have_meta;
};

struct tp_events {
	struct tp_root root;		/* path only, never locked */
	char node[256];
	__s64 wall_offset_ns;		/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	struct ev_procs procs;		/* captured process entries (ev_proc.h) */
	struct policy_cache *cache[TP_MAX_POLICIES];	/* owned, lazily */
};

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

static struct policy_cache *policy_of(struct tp_events *e, __u32 id)
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

static void json_str_if(struct json_writer *w, const char *name, const char *s)
{
	if (s && *s)
		jsonw_string_field(w, name, s);
}

/* "process" and "parent" of a policy's record: the entry captured at exec
 * of the execution the record names (pid, exec ktime). Without one (the
 * process predates the core's tables, or tp_procs_gone dropped it) the
 * process block is what the record carries, and there is no parent block.
 */
static void json_process(struct tp_events *e, struct json_writer *w, const struct tp_ev_hdr *h)
{
	char buf[512], bin[TP_PATH_MAX + 8];
	struct tp_proc p;
	size_t plen;

	if (!ev_proc_find(&e->procs, h->pid, h->exec_ktime, &p)) {
		ev_proc_json(&e->procs, w, "process", &p, h->tid);
		ev_proc_parent_json(&e->procs, w, &p);
		return;
	}
	plen = events_path_render(bin, sizeof(bin), h->path, sizeof(h->path), h->path_len,
				  h->proc_flags);
	jsonw_name(w, "process");
	jsonw_start_object(w);
	if (h->exec_ktime) {
		ev_proc_exec_id(&e->procs, buf, sizeof(buf), h->exec_ktime, h->pid);
		json_str_if(w, "exec_id", buf);
	}
	jsonw_uint_field(w, "pid", h->pid);	/* UInt32Value: kept even if 0 */
	jsonw_uint_field(w, "uid", h->uid);
	if (plen) {
		jsonw_name(w, "binary");
		jsonw_string_len(w, bin, plen);
	}
	ev_proc_flags(buf, sizeof(buf), h->proc_flags);
	json_str_if(w, "flags", buf);
	if (h->exec_ktime) {
		ev_fmt_time(buf, sizeof(buf), e->procs.boot_offset_ns + (__s64)h->exec_ktime);
		jsonw_string_field(w, "start_time", buf);
	}
	jsonw_uint_field(w, "auid", h->auid);
	jsonw_uint_field(w, "tid", h->tid);
	jsonw_end_object(w);
}

/* process_exec / process_exit (struct tp_ev_proc): Tetragon's ProcessExec
 * and ProcessExit (pkg/grpc/exec GetProcessExit(): status = code >> 8,
 * signal = the name of code & 0xff).
 */
static void json_proc_event(struct tp_events *e, struct json_writer *w, const struct tp_ev_proc *r)
{
	char tbuf[64];
	const char *sig;

	ev_fmt_time(tbuf, sizeof(tbuf), e->wall_offset_ns + (__s64)r->h.ktime);
	jsonw_start_object(w);
	jsonw_name(w, r->h.kind == TP_EV_EXEC ? "process_exec" : "process_exit");
	jsonw_start_object(w);
	ev_proc_json(&e->procs, w, "process", &r->proc, 0);
	ev_proc_parent_json(&e->procs, w, &r->proc);
	if (r->h.kind == TP_EV_EXIT) {
		sig = ev_proc_signal_name(r->exit_code & 0xff);
		json_str_if(w, "signal", sig);
		if (r->exit_code >> 8)
			jsonw_uint_field(w, "status", r->exit_code >> 8);
		jsonw_string_field(w, "time", tbuf);
	}
	jsonw_end_object(w);
	jsonw_string_field(w, "node_name", e->node);
	jsonw_string_field(w, "time", tbuf);
	jsonw_end_object(w);
}

/* The JSON key of an integer payload: the type table's rendering of the meta's
 * type name; without one (no meta), int_arg/uint_arg if the value fits 32 bits.
 */
static enum tp_render int_render(const char *type, bool sgn, __u64 v)
{
	const struct tp_argtype *t = tp_argtype_find(type);

	if (t && (t->render == TP_RENDER_INT || t->render == TP_RENDER_UINT ||
		  t->render == TP_RENDER_LONG || t->render == TP_RENDER_SIZE))
		return t->render;
	if (sgn)
		return (__s64)v == (__s32)v ? TP_RENDER_INT : TP_RENDER_LONG;
	return v == (__u32)v ? TP_RENDER_UINT : TP_RENDER_SIZE;
}

static void json_int(struct json_writer *w, enum tp_render r, __u64 v)
{
	switch (r) {
	case TP_RENDER_INT:	/* int_arg is an int32: a 32-bit type shows its low 32 bits */
		jsonw_int_field(w, "int_arg", (__s32)v);
		break;
	case TP_RENDER_UINT:
		jsonw_uint_field(w, "uint_arg", (__u32)v);
		break;
	case TP_RENDER_LONG:
		jsonw_name(w, "long_arg");
		jsonw_printf(w, "\"%" PRId64 "\"", (int64_t)v);
		break;
	default:
		jsonw_name(w, "size_arg");
		jsonw_printf(w, "\"%" PRIu64 "\"", (uint64_t)v);
		break;
	}
}

/* The path of a TP_EVA_FD arg (payload @p: fd, then the path bytes). */
static size_t fd_path(char *buf, size_t size, const struct tp_ev_arg *a, const char *p)
{
	__u32 flags = 0, whole = a->orig_len > 8 ? a->orig_len - 8 : 0;

	if (a->flags & TP_EVA_F_SPLIT)
		flags |= TP_PATH_F_SPLIT;
	if (a->flags & TP_EVA_F_NOHEAD)
		flags |= TP_PATH_F_NOHEAD;
	return events_path_render(buf, size, p + 8, a->len - 8, whole ? whole : a->len - 8, flags);
}

/* One tp_ev_arg. @type: Tetragon type from meta (may be NULL); @label: the arg's
 * label (kprobe/LSM events; NULL or "" for none).
 */
static void json_arg(struct json_writer *w, const struct tp_ev_arg *a, const char *p,
		     const char *type, const char *label)
{
	char *b64 = NULL;
	__s64 s;
	__u64 u;

	jsonw_start_object(w);
	switch (a->type) {
	case TP_EVA_S64:
		memcpy(&s, p, sizeof(s));
		json_int(w, int_render(type, true, (__u64)s), (__u64)s);
		break;
	case TP_EVA_U64:
		memcpy(&u, p, sizeof(u));
		json_int(w, int_render(type, false, u), u);
		break;
	case TP_EVA_STR:
		jsonw_name(w, "string_arg");
		jsonw_string_len(w, p, strnlen(p, a->len));
		break;
	case TP_EVA_BYTES:
		if (base64_encode(p, a->len, &b64))
			break;
		if (a->flags & TP_EVA_F_TRUNC) {
			jsonw_name(w, "truncated_bytes_arg");
			jsonw_start_object(w);
			jsonw_string_field(w, "bytes_arg", b64);
			jsonw_name(w, "orig_size");
			jsonw_printf(w, "\"%u\"", a->orig_len);
			jsonw_end_object(w);
		} else {
			jsonw_string_field(w, "bytes_arg", b64);
		}
		free(b64);
		break;
	case TP_EVA_SYSCALL:
		memcpy(&u, p, sizeof(u));
		jsonw_name(w, "syscall_id");
		jsonw_start_object(w);
		if (u & 0x7fffffff)	/* protojson omits a zero uint32 (read is 0 on x64) */
			jsonw_uint_field(w, "id", u & 0x7fffffff);
#if defined(__aarch64__)
		jsonw_string_field(w, "abi", u & 0x80000000u ? "arm32" : "arm64");
#else
		jsonw_string_field(w, "abi", u & 0x80000000u ? "i386" : "x64");
#endif
		jsonw_end_object(w);
		break;
	case TP_EVA_FD: {
		char pb[TP_PATH_MAX + 8];
		size_t n = 0;

		jsonw_name(w, "file_arg");
		jsonw_start_object(w);
		if (a->len > sizeof(__s64))
			n = fd_path(pb, sizeof(pb), a, p);
		if (n) {
			jsonw_name(w, "path");
			jsonw_string_len(w, pb, n);
		}
		jsonw_end_object(w);
		break;
	}
	case TP_EVA_FDFILE: {	/* the fd, then a TP_EVA_FILE payload: rendered as one */
		struct tp_ev_arg f = *a;

		if (a->len < 8 + sizeof(struct tp_eva_file)) {
			ev_fault_json(w, TP_FAULT_BASIC);
			break;
		}
		f.type = TP_EVA_FILE;
		f.len -= 8;
		f.orig_len = a->orig_len >= 8 ? a->orig_len - 8 : 0;
		ev_kobj_json(w, &f, p + 8, "fd");
		break;
	}
	case TP_EVA_ERR:
		if (!strnlen(p, a->len)) {
			/* objects of older tpc: a string or buffer read fault */
			ev_fault_json(w, ev_err_status(type));
			break;
		}
		jsonw_name(w, "error_arg");
		jsonw_start_object(w);
		jsonw_name(w, "Message");
		jsonw_string_len(w, p, strnlen(p, a->len));
		jsonw_end_object(w);
		break;
	default:	/* kernel objects (tp_abi.h TP_EVA_FILE ...): ev_kobj.c */
		ev_kobj_json(w, a, p, type);
		break;
	}
	json_str_if(w, "label", label);
	jsonw_end_object(w);
}

/* Validates the record and the args' bounds; returns nr of valid args. */
static int check_record(const void *data, size_t size, size_t *end)
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

static void split_target(const struct tp_meta_hook *hk, char *subsys, char *event, size_t sz)
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
static const char *function_name(const struct tp_meta_hook *hk)
{
	if (!hk)
		return NULL;
	if (hk->symbol && *hk->symbol)
		return hk->symbol;
	return hk->func ? hk->func : hk->target;
}

static const char *action_name(unsigned int a)
{
	return a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a] : NULL;
}

int events_format_json(struct tp_events *e, const void *data, size_t size, struct json_writer *w)
{
	const struct tp_ev_hdr *h = data;
	const struct tp_meta_hook *hk = NULL;
	struct policy_cache *pc;
	char subsys[128], event[128], tbuf[64];
	bool ret = h->flags & TP_EV_F_RETURN;
	size_t end, off, i, nargs;

	if (check_record(data, size, &end))
		return -EINVAL;
	if (h->kind == TP_EV_EXEC || h->kind == TP_EV_EXIT) {
		json_proc_event(e, w, data);
		return 0;
	}
	pc = policy_of(e, h->policy_id);
	if (pc && pc->have_meta)
		hk = meta_hook(&pc->meta, h->hook_id);
	split_target(hk, subsys, event, sizeof(subsys));
	/* a return probe's record ends with the return value */
	nargs = ret && h->nr_args ? h->nr_args - 1u : h->nr_args;

	jsonw_start_object(w);
	jsonw_name(w, h->kind == TP_EV_KPROBE ? "process_kprobe" :
		      h->kind == TP_EV_LSM ? "process_lsm" : "process_tracepoint");
	jsonw_start_object(w);
	json_process(e, w, h);
	if (h->kind == TP_EV_TRACEPOINT) {
		json_str_if(w, "subsys", subsys);
		json_str_if(w, "event", event);
	} else {
		json_str_if(w, "function_name", function_name(hk));
	}
	off = sizeof(*h);
	if (nargs) {
		jsonw_name(w, "args");
		jsonw_start_array(w);
		for (i = 0; i < nargs; i++) {
			const struct tp_ev_arg *a = (const void *)((const char *)data + off);

			json_arg(w, a, (const char *)(a + 1),
				 hk && i < hk->nr_args ? hk->args[i].type : NULL,
				 h->kind != TP_EV_TRACEPOINT && hk && i < hk->nr_args ?
				 hk->args[i].label : NULL);
			off += sizeof(*a) + (a->slot ? a->slot : ((a->len + 7) & ~7u));
		}
		jsonw_end_array(w);
	}
	if (ret && h->nr_args) {
		const struct tp_ev_arg *a = (const void *)((const char *)data + off);

		jsonw_name(w, "return");
		json_arg(w, a, (const char *)(a + 1), hk ? hk->ret.type : NULL,
			 hk ? hk->ret.label : NULL);
	}
	if (h->kind == TP_EV_LSM) {
		/* process_lsm: function_name, policy_name, message, args, action, tags */
		json_str_if(w, "policy_name", pc ? pc->name : NULL);
		json_str_if(w, "message", hk ? hk->message : NULL);
		if (action_name(h->action))
			jsonw_string_field(w, "action", action_name(h->action));
	} else {
		if (h->kind == TP_EV_KPROBE && action_name(h->action))
			jsonw_string_field(w, "action", action_name(h->action));
		json_str_if(w, "policy_name", pc ? pc->name : NULL);
		if (h->kind == TP_EV_TRACEPOINT && action_name(h->action))
			jsonw_string_field(w, "action", action_name(h->action));
		json_str_if(w, "message", hk ? hk->message : NULL);
	}
	if (hk && hk->nr_tags) {
		jsonw_name(w, "tags");
		jsonw_start_array(w);
		for (i = 0; i < hk->nr_tags; i++)
			jsonw_string(w, hk->tags[i]);
		jsonw_end_array(w);
	}
	if (ret && h->kind == TP_EV_KPROBE && action_name(h->ret_action))
		jsonw_string_field(w, "return_action", action_name(h->ret_action));
	jsonw_end_object(w);
	jsonw_string_field(w, "node_name", e->node);
	ev_fmt_time(tbuf, sizeof(tbuf), e->wall_offset_ns + (__s64)h->ktime);
	jsonw_string_field(w, "time", tbuf);
	jsonw_end_object(w);
	return 0;
}

/* "<time> process_exec pid=P ppid=Q uid=U BINARY ARGUMENTS" (exit: status=,
 * signal=), escaped as the other records.
 */
static int text_proc_event(struct tp_events *e, const struct tp_ev_proc *r, FILE *f)
{
	char tbuf[64], pb[TP_PATH_MAX + 8], ab[TP_ARGS_MAX * 2 + 64];
	size_t n, an;
	const char *sig;

	ev_fmt_time(tbuf, sizeof(tbuf), e->wall_offset_ns + (__s64)r->h.ktime);
	n = events_path_render(pb, sizeof(pb), r->proc.path, sizeof(r->proc.path),
			       r->proc.path_len, r->proc.flags);
	an = ev_proc_arguments(ab, sizeof(ab), &r->proc);
	fprintf(f, "%s %s pid=%u ppid=%u uid=%u ", tbuf,
		r->h.kind == TP_EV_EXEC ? "process_exec" : "process_exit", r->proc.tgid,
		r->proc.ppid, r->proc.euid);
	fput_escaped_n(f, pb, n, false);
	if (an) {
		fputc(' ', f);
		fput_escaped_n(f, ab, an, false);
	}
	if (r->h.kind == TP_EV_EXIT) {
		sig = ev_proc_signal_name(r->exit_code & 0xff);
		fprintf(f, " status=%u", r->exit_code >> 8);
		if (sig)
			fprintf(f, " signal=%s", sig);
	}
	fputc('\n', f);
	return 0;
}

int events_format_text(struct tp_events *e, const void *data, size_t size, FILE *f)
{
	const struct tp_ev_hdr *h = data;
	const struct tp_meta_hook *hk = NULL;
	struct policy_cache *pc;
	char subsys[128], event[128], tbuf[64], pb[TP_PATH_MAX + 8];
	size_t end, off, i, n;
	__s64 s;
	__u64 u;

	if (check_record(data, size, &end))
		return -EINVAL;
	if (h->kind == TP_EV_EXEC || h->kind == TP_EV_EXIT)
		return text_proc_event(e, data, f);
	pc = policy_of(e, h->policy_id);
	if (pc && pc->have_meta)
		hk = meta_hook(&pc->meta, h->hook_id);
	split_target(hk, subsys, event, sizeof(subsys));
	ev_fmt_time(tbuf, sizeof(tbuf), e->wall_offset_ns + (__s64)h->ktime);
	if (h->kind != TP_EV_TRACEPOINT) {	/* kprobe:<function>, lsm:<hook> */
		snprintf(subsys, sizeof(subsys), "%s", h->kind == TP_EV_LSM ? "lsm" : "kprobe");
		snprintf(event, sizeof(event), "%s", function_name(hk) ? function_name(hk) : "?");
	}
	/* names and paths are escaped (util.h): a file name is attacker's text */
	n = events_path_render(pb, sizeof(pb), h->path, sizeof(h->path), h->path_len, h->proc_flags);
	fprintf(f, "%s ", tbuf);
	fput_escaped_n(f, pc ? pc->name : "?", SIZE_MAX, false);
	fputc(' ', f);
	fput_escaped_n(f, subsys, sizeof(subsys), false);
	fputc(h->kind != TP_EV_TRACEPOINT ? ':' : '/', f);
	fput_escaped_n(f, *event ? event : "?", sizeof(event), false);
	fprintf(f, " %s pid=%u tid=%u uid=%u ",
		h->action < sizeof(action_names) / sizeof(action_names[0]) ?
			action_names[h->action] + 14 : "?",
		h->pid, h->tid, h->uid);
	fput_escaped_n(f, pb, n, false);
	off = sizeof(*h);
	for (i = 0; i < h->nr_args; i++) {
		const struct tp_ev_arg *a = (const void *)((const char *)data + off);
		const char *p = (const char *)(a + 1);

		if ((h->flags & TP_EV_F_RETURN) && i + 1 == h->nr_args)
			fputs(i ? " return: " : " return: ", f);
		else
			fputs(i ? ", " : " args: ", f);
		switch (a->type) {
		case TP_EVA_S64:
			memcpy(&s, p, sizeof(s));
			fprintf(f, "%lld", (long long)s);
			break;
		case TP_EVA_U64:
		case TP_EVA_SYSCALL:
			memcpy(&u, p, sizeof(u));
			fprintf(f, "%llu", (unsigned long long)u);
			break;
		case TP_EVA_ERR:
			if (!strnlen(p, a->len)) {	/* objects of older tpc */
				char m[96];

				ev_fault_message(m, sizeof(m),
						 ev_err_status(hk && i < hk->nr_args ?
							       hk->args[i].type : NULL));
				fprintf(f, "<%s>", m);
				break;
			}
			/* fallthrough */
		case TP_EVA_STR:
			fputc('"', f);
			fput_escaped_n(f, p, a->len, true);
			fprintf(f, "\"%s", a->flags & TP_EVA_F_TRUNC ? "..." : "");
			break;
		case TP_EVA_FD:
			memcpy(&s, p, sizeof(s));
			n = a->len > 8 ? fd_path(pb, sizeof(pb), a, p) : 0;
			fprintf(f, "fd %lld ", (long long)s);
			fput_escaped_n(f, pb, n, false);
			break;
		case TP_EVA_FDFILE: {
			struct tp_ev_arg fa = *a;

			memcpy(&s, p, sizeof(s));
			fprintf(f, "fd %lld ", (long long)s);
			fa.type = TP_EVA_FILE;
			fa.len -= 8;
			fa.orig_len = a->orig_len >= 8 ? a->orig_len - 8 : 0;
			if (!ev_kobj_text(f, &fa, p + 8, "fd"))
				fputs("<malformed>", f);
			break;
		}
		default:
			if (!ev_kobj_text(f, a, p, hk && i < hk->nr_args ? hk->args[i].type : NULL))
				fprintf(f, "<%u bytes>", a->len);
		}
		off += sizeof(*a) + (a->slot ? a->slot : ((a->len + 7) & ~7u));
	}
	if ((h->flags & TP_EV_F_RETURN) && action_name(h->ret_action))
		fprintf(f, " return_action=%s", action_name(h->ret_action) + 14);
	if (hk && hk->message) {
		fputs(" msg=\"", f);
		fput_escaped_n(f, hk->message, SIZE_MAX, true);
		fputc('"', f);
	}
	fputc('\n', f);
	return 0;
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
	pc = policy_of(e, h->policy_id);
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

/* The syscall id of a raw_syscalls/sys_enter record (its first arg). */
static bool first_u64(const void *data, size_t size, __u64 *v)
{
	const struct tp_ev_hdr *h = data;
	const struct tp_ev_arg *a = (const void *)(h + 1);

	if (!h->nr_args || size < sizeof(*h) + sizeof(*a) + sizeof(*v) ||
	    a->len < sizeof(*v) || (a->type != TP_EVA_U64 && a->type != TP_EVA_S64 &&
				    a->type != TP_EVA_SYSCALL))
		return false;
	memcpy(v, a + 1, sizeof(*v));
	if (a->type == TP_EVA_SYSCALL)
		*v &= 0x7fffffff;
	return true;
}

/* Shapes learnt from tetra's compact encoder (Tetragon pkg/encoder,
 * CompactEncoder.EventToString): "<emoji> <word, 7 wide> <node> <binary>
 * <what>". tpc adds the policy and, when it is not Post, the action.
 */
/* tetra's shapes: "🚀 process <node> <binary> <arguments>" and
 * "💥 exit    <node> <binary> <arguments> <signal or status>".
 */
static int compact_proc_event(struct tp_events *e, const struct tp_ev_proc *r,
			      const struct events_info *in, FILE *f)
{
	char ab[TP_ARGS_MAX * 2 + 64];
	size_t an = ev_proc_arguments(ab, sizeof(ab), &r->proc);
	const char *sig;

	fprintf(f, "%s ", r->h.kind == TP_EV_EXEC ? "\U0001f680 process" : "\U0001f4a5 exit   ");
	fput_escaped_n(f, e->node, sizeof(e->node), false);
	fputc(' ', f);
	if (in->binary_len)
		fput_escaped_n(f, in->binary, in->binary_len, false);
	else
		fputs("?", f);
	if (an) {
		fputc(' ', f);
		fput_escaped_n(f, ab, an, false);
	}
	if (r->h.kind == TP_EV_EXIT) {
		sig = ev_proc_signal_name(r->exit_code & 0xff);
		if (sig)
			fprintf(f, " %s", sig);
		else
			fprintf(f, " %u", r->exit_code >> 8);
	}
	fputc('\n', f);
	return 0;
}

int events_format_compact(struct tp_events *e, const void *data, size_t size, FILE *f)
{
	const struct tp_ev_hdr *h = data;
	struct events_info in;
	const char *emoji, *word, *what = NULL, *slash;
	__u64 id;
	size_t end;

	if (events_info(e, data, size, &in) || check_record(data, size, &end))
		return -EINVAL;
	if (in.type == EV_PROCESS_EXEC || in.type == EV_PROCESS_EXIT)
		return compact_proc_event(e, data, &in, f);
	switch (in.type) {
	case EV_PROCESS_TRACEPOINT:
		if (in.target && !strcmp(in.target, "raw_syscalls/sys_enter")) {
			emoji = "\u260e ";
			word = "syscall";
		} else {
			emoji = "\u2049\ufe0f";
			word = "tracepoint";
		}
		break;
	case EV_PROCESS_KPROBE:
		emoji = "\u2753";
		word = "syscall";
		break;
	case EV_PROCESS_LSM:
		emoji = "\U0001f512";
		word = "LSM";
		break;
	default:
		return -EINVAL;
	}
	fprintf(f, "%s %-7s ", emoji, word);
	fput_escaped_n(f, e->node, sizeof(e->node), false);
	fputc(' ', f);
	if (in.binary_len)
		fput_escaped_n(f, in.binary, in.binary_len, false);
	else
		fputs("?", f);
	fputc(' ', f);
	if (!strcmp(word, "syscall") && in.type == EV_PROCESS_TRACEPOINT) {
		if (first_u64(data, end, &id))
			fprintf(f, "%llu", (unsigned long long)id);
		else
			fputc('?', f);
	} else {
		what = in.target ? in.target : "?";
		slash = in.type == EV_PROCESS_TRACEPOINT ? strchr(what, '/') : NULL;
		if (slash) {	/* "subsys event", as tetra prints it */
			fput_escaped_n(f, what, (size_t)(slash - what), false);
			fputc(' ', f);
			what = slash + 1;
		}
		fput_escaped_n(f, what, SIZE_MAX, false);
	}
	fputs(" policy=", f);
	fput_escaped_n(f, in.policy ? in.policy : "?", SIZE_MAX, false);
	if (h->action != TP_ACTION_POST)
		fprintf(f, " action=%s",
			h->action < sizeof(action_names) / sizeof(action_names[0]) ?
				action_names[h->action] + 14 : "?");
	fputc('\n', f);
	return 0;
}
