// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Event records -> Tetragon's JSON (protojson of tetragon.GetEventsResponse). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <inttypes.h>
#include <stdlib.h>
#include <bpf/bpf.h>

#include "tp_argtypes.h"
#include "core.h"
#include "ev_kobj.h"
#include "ev_record.h"
#include "events.h"

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
			n = ev_fd_path(pb, sizeof(pb), a, p);
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

int events_format_json(struct tp_events *e, const void *data, size_t size, struct json_writer *w)
{
	const struct tp_ev_hdr *h = data;
	const struct tp_meta_hook *hk = NULL;
	struct policy_cache *pc;
	char subsys[128], event[128], tbuf[64];
	bool ret = h->flags & TP_EV_F_RETURN;
	size_t end, off, i, nargs;

	if (ev_check_record(data, size, &end))
		return -EINVAL;
	if (h->kind == TP_EV_EXEC || h->kind == TP_EV_EXIT) {
		json_proc_event(e, w, data);
		return 0;
	}
	pc = ev_policy_of(e, h->policy_id);
	if (pc && pc->have_meta)
		hk = meta_hook(&pc->meta, h->hook_id);
	ev_split_target(hk, subsys, event, sizeof(subsys));
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
		json_str_if(w, "function_name", ev_function_name(hk));
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
		if (ev_action_name(h->action))
			jsonw_string_field(w, "action", ev_action_name(h->action));
	} else {
		if (h->kind == TP_EV_KPROBE && ev_action_name(h->action))
			jsonw_string_field(w, "action", ev_action_name(h->action));
		json_str_if(w, "policy_name", pc ? pc->name : NULL);
		if (h->kind == TP_EV_TRACEPOINT && ev_action_name(h->action))
			jsonw_string_field(w, "action", ev_action_name(h->action));
		json_str_if(w, "message", hk ? hk->message : NULL);
	}
	if (hk && hk->nr_tags) {
		jsonw_name(w, "tags");
		jsonw_start_array(w);
		for (i = 0; i < hk->nr_tags; i++)
			jsonw_string(w, hk->tags[i]);
		jsonw_end_array(w);
	}
	if (h->kind == TP_EV_LSM) {	/* Post imaHash: after tags, as in ProcessLsm */
		char ima[TP_EV_IMA_TEXT];

		if (!ev_ima_hash(data, end, ima, sizeof(ima)))
			jsonw_string_field(w, "ima_hash", ima);
	}
	if (ret && h->kind == TP_EV_KPROBE && ev_action_name(h->ret_action))
		jsonw_string_field(w, "return_action", ev_action_name(h->ret_action));
	jsonw_end_object(w);
	jsonw_string_field(w, "node_name", e->node);
	ev_fmt_time(tbuf, sizeof(tbuf), e->wall_offset_ns + (__s64)h->ktime);
	jsonw_string_field(w, "time", tbuf);
	jsonw_end_object(w);
	return 0;
}
