// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Event records -> one readable text line, or tetra's compact line. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>

#include "core.h"
#include "ev_kobj.h"
#include "ev_record.h"
#include "events.h"

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

	if (ev_check_record(data, size, &end))
		return -EINVAL;
	if (h->kind == TP_EV_EXEC || h->kind == TP_EV_EXIT)
		return text_proc_event(e, data, f);
	pc = ev_policy_of(e, h->policy_id);
	if (pc && pc->have_meta)
		hk = meta_hook(&pc->meta, h->hook_id);
	ev_split_target(hk, subsys, event, sizeof(subsys));
	ev_fmt_time(tbuf, sizeof(tbuf), e->wall_offset_ns + (__s64)h->ktime);
	if (h->kind != TP_EV_TRACEPOINT) {	/* kprobe:<function>, lsm:<hook> */
		snprintf(subsys, sizeof(subsys), "%s", h->kind == TP_EV_LSM ? "lsm" : "kprobe");
		snprintf(event, sizeof(event), "%s", ev_function_name(hk) ? ev_function_name(hk) : "?");
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
		ev_action_name(h->action) ? ev_action_name(h->action) + 14 : "?",
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
			n = a->len > 8 ? ev_fd_path(pb, sizeof(pb), a, p) : 0;
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
	if ((h->flags & TP_EV_F_RETURN) && ev_action_name(h->ret_action))
		fprintf(f, " return_action=%s", ev_action_name(h->ret_action) + 14);
	if (h->kind == TP_EV_LSM) {	/* Post imaHash */
		char ima[TP_EV_IMA_TEXT];

		int r = ev_ima_hash(data, end, ima, sizeof(ima));

		if (!r || r == -EOPNOTSUPP)
			fprintf(f, " ima_hash=%s", ima);
	}
	if (hk && hk->message) {
		fputs(" msg=\"", f);
		fput_escaped_n(f, hk->message, SIZE_MAX, true);
		fputc('"', f);
	}
	fputc('\n', f);
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

	if (events_info(e, data, size, &in) || ev_check_record(data, size, &end))
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
			ev_action_name(h->action) ? ev_action_name(h->action) + 14 : "?");
	fputc('\n', f);
	return 0;
}
