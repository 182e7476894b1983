/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Process and parent blocks of event JSON from what the core captured at
 * exec (tp_abi.h struct tp_proc): the entry of an execution is found by its
 * key (tgid, exec ktime) in tp_procs (live) or tp_procs_gone (ended), never
 * re-derived from the process as it is when the record is read.
 */
#ifndef TP_EV_PROC_H
#define TP_EV_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/types.h>

#include "tp_abi.h"
#include "json_writer.h"

struct ev_procs {
	int procs_fd;		/* core tp_procs, -1 if absent */
	int gone_fd;		/* core tp_procs_gone, -1 if absent */
	__s64 boot_offset_ns;	/* CLOCK_REALTIME - CLOCK_BOOTTIME: exec ktimes */
	const char *node;	/* node name of exec_ids */
	bool cred;		/* core option --process-cred: cap, process_credentials */
	bool ns;		/* core option --process-ns: ns */
	__u32 host_ns[TP_PROC_NS_NR];	/* the host's namespace inodes (pid 1's) */
};

/* Opens the core maps under @root (missing ones stay -1). */
void ev_procs_open(struct ev_procs *ps, const char *root, const char *node);
void ev_procs_close(struct ev_procs *ps);

/* The entry of execution (@tgid, @ktime). 0, or -ENOENT. */
int ev_proc_find(const struct ev_procs *ps, __u32 tgid, __u64 ktime, struct tp_proc *out);

/* Tetragon's exec_id: base64 of "<node>:<ktime>:<pid>" ("" on failure). */
/* ns since the epoch as RFC 3339 UTC, as protojson prints a Timestamp. */
void ev_fmt_time(char *buf, size_t size, __s64 ns);
void ev_proc_exec_id(const struct ev_procs *ps, char *buf, size_t size, __u64 ktime, __u32 pid);

/* Tetragon's "arguments" of an entry: argv[1..] joined by spaces, an
 * argument with a space in double quotes (pkg/process ArgsDecoder()).
 */
size_t ev_proc_arguments(char *buf, size_t size, const struct tp_proc *p);

/* Tetragon's "flags" of TP_PROC_* bits, space-separated, in its order. */
void ev_proc_flags(char *buf, size_t size, __u32 f);

/* "<@name>": {...} of entry @p; @tid: the thread (0: the pid). */
void ev_proc_json(const struct ev_procs *ps, struct json_writer *w, const char *name,
		  const struct tp_proc *p, __u32 tid);

/* The blocks Tetragon prints with --enable-process-cred / -ns (ev_proc_cred.c),
 * from what the core captured at exec: "cap" and "ns" (in the process block
 * after parent_exec_id), "process_credentials" (after tid).
 */
void ev_proc_cap_json(struct json_writer *w, const struct tp_proc *p);
void ev_proc_ns_json(const struct ev_procs *ps, struct json_writer *w, const struct tp_proc *p);
void ev_proc_creds_json(struct json_writer *w, const struct tp_proc *p);
/* Reads the host's namespace inodes (/proc/1/ns/NAME; 0 when unreadable). */
void ev_proc_host_ns(__u32 host_ns[TP_PROC_NS_NR]);

/* "parent": {...} of the parent of @p, if its entry is still known. */
void ev_proc_parent_json(const struct ev_procs *ps, struct json_writer *w, const struct tp_proc *p);

/* The name of signal @sig ("SIGKILL"), NULL if not a signal name. */
const char *ev_proc_signal_name(unsigned int sig);

#endif
