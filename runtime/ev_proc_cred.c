// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The optional blocks of a process (ev_proc.h): "cap", "ns" and
 * "process_credentials", rendered from what the core captured at exec.
 *
 * Tetragon sets them in ProcessInternal.AnnotateProcess() (pkg/process): with
 * --enable-process-cred, Process.cap (caps.GetMsgCapabilities() of the exec's
 * cred) and Process.process_credentials (ids and securebits:
 * caps.GetSecureBitsTypes(); no caps, no user_ns there); with
 * --enable-process-ns, Process.ns (namespace.GetMsgNamespaces(): each
 * namespace's inode, is_host when it equals pid 1's, read once by
 * InitHostNamespace(); no time namespaces on a kernel without them).
 */
#include <stdio.h>
#include <sys/stat.h>

#include "ev_kobj.h"
#include "ev_proc.h"

/* Tetragon's Namespaces field names, in TP_PROC_NS_* order; /proc/PID/ns
 * uses the same names.
 */
static const char *const ns_names[TP_PROC_NS_NR] = {
	"uts", "ipc", "mnt", "pid", "pid_for_children", "net", "time", "time_for_children",
	"cgroup", "user",
};

#define NS_TIME			6
#define NS_TIME_FOR_CHILDREN	7

/* The initial namespaces' fixed inodes (include/linux/proc_ns.h
 * PROC_*_INIT_INO), in TP_PROC_NS_* order; mnt and net have none (0).
 */
static const __u32 init_ino[TP_PROC_NS_NR] = {
	0xEFFFFFFEu, 0xEFFFFFFFu, 0, 0xEFFFFFFCu, 0xEFFFFFFCu, 0, 0xEFFFFFFAu, 0xEFFFFFFAu,
	0xEFFFFFFBu, 0xEFFFFFFDu,
};

void ev_proc_host_ns(__u32 host_ns[TP_PROC_NS_NR])
{
	char p[64];
	struct stat st;
	int i;

	/* pid 1's, as Tetragon's InitHostNamespace(); where /proc/1/ns is not
	 * readable (a sandbox that hides pid 1), the initial namespace's fixed
	 * inode, and no host mnt and net namespace (is_host never set there)
	 */
	for (i = 0; i < TP_PROC_NS_NR; i++) {
		snprintf(p, sizeof(p), "/proc/1/ns/%s", ns_names[i]);
		host_ns[i] = stat(p, &st) ? init_ino[i] : (__u32)st.st_ino;
	}
}

void ev_proc_cap_json(struct json_writer *w, const struct tp_proc *p)
{
	/* a message with no set at all would be "cap":{}: left out (docs/events.md) */
	if (!p->cap_permitted && !p->cap_effective && !p->cap_inheritable)
		return;
	jsonw_name(w, "cap");
	jsonw_start_object(w);
	ev_caps_list_json(w, "permitted", p->cap_permitted);
	ev_caps_list_json(w, "effective", p->cap_effective);
	ev_caps_list_json(w, "inheritable", p->cap_inheritable);
	jsonw_end_object(w);
}

void ev_proc_ns_json(const struct ev_procs *ps, struct json_writer *w, const struct tp_proc *p)
{
	bool host;
	int i;

	jsonw_name(w, "ns");
	jsonw_start_object(w);
	for (i = 0; i < TP_PROC_NS_NR; i++) {
		/* GetMsgNamespaces(): no time namespaces when the kernel has none */
		if ((i == NS_TIME || i == NS_TIME_FOR_CHILDREN) && !p->ns[NS_TIME])
			continue;
		/* not readable at exec (0): left out, where Tetragon prints {} */
		if (!p->ns[i])
			continue;
		host = p->ns[i] == ps->host_ns[i];
		jsonw_name(w, ns_names[i]);
		jsonw_start_object(w);
		jsonw_uint_field(w, "inum", p->ns[i]);
		if (host)
			jsonw_bool_field(w, "is_host", true);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
}

void ev_proc_creds_json(struct json_writer *w, const struct tp_proc *p)
{
	jsonw_name(w, "process_credentials");
	jsonw_start_object(w);
	jsonw_uint_field(w, "uid", p->uid);	/* UInt32Value: always */
	jsonw_uint_field(w, "gid", p->gid);
	jsonw_uint_field(w, "euid", p->euid);
	jsonw_uint_field(w, "egid", p->egid);
	jsonw_uint_field(w, "suid", p->suid);
	jsonw_uint_field(w, "sgid", p->sgid);
	jsonw_uint_field(w, "fsuid", p->fsuid);
	jsonw_uint_field(w, "fsgid", p->fsgid);
	ev_securebits_json(w, p->securebits);
	jsonw_end_object(w);
}
