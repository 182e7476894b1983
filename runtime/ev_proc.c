// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Process and parent blocks from captured entries (ev_proc.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "tp_abi.h"
#include "events.h"
#include "core_abi.h"
#include "ev_container.h"
#include "ev_proc.h"
#include "util.h"

static __s64 clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (__s64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int core_map(const char *root, const char *name)
{
	char p[PATH_MAX];

	if (path_fmt(p, sizeof(p), "%s/%s/maps/%s", root, TP_CORE_DIR, name))
		return -1;
	return bpf_obj_get(p);
}

void ev_procs_open(struct ev_procs *ps, const char *root, const char *node)
{
	int flags;

	ps->node = node;
	/* exec ktimes are bpf_ktime_get_boot_ns() (Tetragon's clock); the pair
	 * is sampled back to back, good to a few microseconds
	 */
	ps->boot_offset_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	ps->procs_fd = core_map(root, "tp_procs");
	ps->gone_fd = core_map(root, "tp_procs_gone");
	flags = core_flags_read(root);
	ps->cred = flags >= 0 && (flags & TP_CORE_F_PROC_CRED);
	ps->ns = flags >= 0 && (flags & TP_CORE_F_PROC_NS);
	if (ps->ns)
		ev_proc_host_ns(ps->host_ns);
}

void ev_procs_close(struct ev_procs *ps)
{
	if (ps->procs_fd >= 0)
		close(ps->procs_fd);
	if (ps->gone_fd >= 0)
		close(ps->gone_fd);
	ps->procs_fd = ps->gone_fd = -1;
}

int ev_proc_find(const struct ev_procs *ps, __u32 tgid, __u64 ktime, struct tp_proc *out)
{
	struct tp_proc_key key = { .tgid = tgid, .ktime = ktime };

	if (!tgid || !ktime)
		return -ENOENT;
	if (ps->procs_fd >= 0 && !bpf_map_lookup_elem(ps->procs_fd, &tgid, out) &&
	    out->exec_ktime == ktime)
		return 0;
	if (ps->gone_fd >= 0 && !bpf_map_lookup_elem(ps->gone_fd, &key, out))
		return 0;
	return -ENOENT;
}

void ev_proc_exec_id(const struct ev_procs *ps, char *buf, size_t size, __u64 ktime, __u32 pid)
{
	char raw[400], *b64;

	snprintf(raw, sizeof(raw), "%s:%llu:%u", ps->node, (unsigned long long)ktime, pid);
	if (base64_encode(raw, strlen(raw), &b64)) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "%s", b64);
	free(b64);
}

/* Appends @n bytes of @s to @buf (NUL-terminated, bounded); returns the new length. */
static size_t append(char *buf, size_t size, size_t o, const char *s, size_t n)
{
	if (o + 1 >= size)
		return o;
	if (n > size - 1 - o)
		n = size - 1 - o;
	memcpy(buf + o, s, n);
	buf[o + n] = '\0';
	return o + n;
}

size_t ev_proc_arguments(char *buf, size_t size, const struct tp_proc *p)
{
	size_t kept = p->args_len < TP_ARGS_MAX ? p->args_len : TP_ARGS_MAX, i = 0, o = 0;

	buf[0] = '\0';
	/* ArgsDecoder() trims trailing NULs, splits at NUL; an argument with
	 * a space is appended as ` "arg"` (also when it is the first one)
	 */
	while (kept && p->args[kept - 1] == '\0')
		kept--;
	while (i < kept) {
		const char *a = p->args + i;
		size_t n = strnlen(a, kept - i);

		if (memchr(a, ' ', n)) {
			o = append(buf, size, o, " \"", 2);
			o = append(buf, size, o, a, n);
			o = append(buf, size, o, "\"", 1);
		} else {
			if (o)
				o = append(buf, size, o, " ", 1);
			o = append(buf, size, o, a, n);
		}
		i += n + 1;
	}
	return o;
}

void ev_proc_flags(char *buf, size_t size, __u32 f)
{
	/* Tetragon's order (pkg/reader/exec, DecodeCommonFlags()) */
	static const struct {
		__u32 bit;
		const char *name;
	} names[] = {
		{ TP_PROC_EXECVE, "execve" },
		{ TP_PROC_PROCFS, "procFS" },
		{ TP_PROC_SPLIT | TP_PROC_NOHEAD, "truncFilename" },
		{ TP_PROC_TRUNC_ARGS, "truncArgs" },
		{ TP_PROC_MISS, "miss" },
		{ TP_PROC_NOPATH, "errorFilename" },
		{ TP_PROC_ERR_ARGS, "errorArgs" },
		{ TP_PROC_NO_CWD, "nocwd" },
		{ TP_PROC_ROOT_CWD, "rootcwd" },
		{ TP_PROC_ERR_CWD, "errorCWD" },
		{ TP_PROC_CLONE, "clone" },
	};
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(f & names[i].bit))
			continue;
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? " " : "",
				      names[i].name);
	}
}

/* RFC 3339 UTC, fraction like protojson: none, 3, 6 or 9 digits. */
void ev_fmt_time(char *buf, size_t size, __s64 ns)
{
	time_t sec = (time_t)(ns / 1000000000);
	long nsec = (long)(ns % 1000000000);
	struct tm tm;
	size_t n;

	if (nsec < 0) {
		nsec += 1000000000;
		sec--;
	}
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", gmtime_r(&sec, &tm));
	if (nsec == 0)
		snprintf(buf + n, size - n, "Z");
	else if (nsec % 1000000 == 0)
		snprintf(buf + n, size - n, ".%03ldZ", nsec / 1000000);
	else if (nsec % 1000 == 0)
		snprintf(buf + n, size - n, ".%06ldZ", nsec / 1000);
	else
		snprintf(buf + n, size - n, ".%09ldZ", nsec);
}

void ev_proc_json(const struct ev_procs *ps, struct json_writer *w, const char *name,
		  const struct tp_proc *p, __u32 tid)
{
	char buf[TP_ARGS_MAX * 2 + 64], bin[TP_PATH_MAX + 8];
	size_t n;

	jsonw_name(w, name);
	jsonw_start_object(w);
	ev_proc_exec_id(ps, buf, sizeof(buf), p->exec_ktime, p->tgid);
	if (*buf)
		jsonw_string_field(w, "exec_id", buf);
	jsonw_uint_field(w, "pid", p->tgid);	/* UInt32Value: kept even if 0 */
	jsonw_uint_field(w, "uid", p->euid);
	if (p->flags & TP_PROC_ROOT_CWD) {
		jsonw_string_field(w, "cwd", "/");
	} else if (!(p->flags & (TP_PROC_NO_CWD | TP_PROC_ERR_CWD))) {
		__u32 cf = (p->flags & TP_PROC_CWD_SPLIT ? TP_PATH_F_SPLIT : 0) |
			   (p->flags & TP_PROC_CWD_NOHEAD ? TP_PATH_F_NOHEAD : 0);

		n = events_path_render(bin, sizeof(bin), p->cwd, sizeof(p->cwd), p->cwd_len, cf);
		if (n) {
			jsonw_name(w, "cwd");
			jsonw_string_len(w, bin, n);
		}
	}
	n = events_path_render(bin, sizeof(bin), p->path, sizeof(p->path), p->path_len, p->flags);
	if (n) {
		jsonw_name(w, "binary");
		jsonw_string_len(w, bin, n);
	}
	n = ev_proc_arguments(buf, sizeof(buf), p);
	if (n) {
		jsonw_name(w, "arguments");
		jsonw_string_len(w, buf, n);
	}
	ev_proc_flags(buf, sizeof(buf), p->flags);
	if (*buf)
		jsonw_string_field(w, "flags", buf);
	ev_fmt_time(buf, sizeof(buf), ps->boot_offset_ns + (__s64)p->exec_ktime);
	jsonw_string_field(w, "start_time", buf);
	jsonw_uint_field(w, "auid", p->auid);
	/* "pod" (10) is never printed; "docker" (11) from the cgroup at exec */
	n = strnlen(p->cgrp_name, sizeof(p->cgrp_name));
	if (ev_container_id(p->cgrp_name, n, n >= sizeof(p->cgrp_name) - 1, buf, sizeof(buf)))
		jsonw_string_field(w, "docker", buf);
	if (p->pexec_ktime) {
		ev_proc_exec_id(ps, buf, sizeof(buf), p->pexec_ktime, p->ppid);
		if (*buf)
			jsonw_string_field(w, "parent_exec_id", buf);
	}
	if (ps->cred)
		ev_proc_cap_json(w, p);
	if (ps->ns)
		ev_proc_ns_json(ps, w, p);
	jsonw_uint_field(w, "tid", tid ? tid : p->tgid);
	if (ps->cred)
		ev_proc_creds_json(w, p);
	jsonw_end_object(w);
}

void ev_proc_parent_json(const struct ev_procs *ps, struct json_writer *w, const struct tp_proc *p)
{
	struct tp_proc pp;

	if (!p->pexec_ktime || ev_proc_find(ps, p->ppid, p->pexec_ktime, &pp))
		return;
	ev_proc_json(ps, w, "parent", &pp, 0);
}

const char *ev_proc_signal_name(unsigned int sig)
{
	static const char *const names[] = {
		NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
		"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
		"SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
		"SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
		"SIGIO", "SIGPWR", "SIGSYS",
	};

	return sig < sizeof(names) / sizeof(names[0]) ? names[sig] : NULL;
}
