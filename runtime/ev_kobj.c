// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-object event args -> Tetragon KprobeArgument members (ev_kobj.h). Zero
 * values are left out as protojson does (UseProtoNames, EmitUnpopulated false);
 * wrapper fields (UInt32Value, Int32Value, BoolValue) are always printed when set.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ev_kobj.h"
#include "events.h"
#include "tp_argtypes.h"
#include "tp_caps.h"

/* ---------------------------------------------------------------- names */

static void name_or_num(char *buf, size_t size, const char *const *names, size_t n, unsigned int t)
{
	if (t < n && names[t])
		snprintf(buf, size, "%s", names[t]);
	else
		snprintf(buf, size, "%u", t);
}

/* pkg/reader/bpf/bpfattr.go progTypeString */
void ev_prog_type(char *buf, size_t size, unsigned int t)
{
	static const char *const names[] = {
		"BPF_PROG_TYPE_UNSPEC", "BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_KPROBE",
		"BPF_PROG_TYPE_SCHED_CLS", "BPF_PROG_TYPE_SCHED_ACT", "BPF_PROG_TYPE_TRACEPOINT",
		"BPF_PROG_TYPE_XDP", "BPF_PROG_TYPE_PERF_EVENT", "BPF_PROG_TYPE_CGROUP_SKB",
		"BPF_PROG_TYPE_CGROUP_SOCK", "BPF_PROG_TYPE_LWT_IN", "BPF_PROG_TYPE_LWT_OUT",
		"BPF_PROG_TYPE_LWT_XMIT", "BPF_PROG_TYPE_SOCK_OPS", "BPF_PROG_TYPE_SK_SKB",
		"BPF_PROG_TYPE_CGROUP_DEVICE", "BPF_PROG_TYPE_SK_MSG",
		"BPF_PROG_TYPE_RAW_TRACEPOINT", "BPF_PROG_TYPE_CGROUP_SOCK_ADDR",
		"BPF_PROG_TYPE_LWT_SEG6LOCAL", "BPF_PROG_TYPE_LIRC_MODE2",
		"BPF_PROG_TYPE_SK_REUSEPORT", "BPF_PROG_TYPE_FLOW_DISSECTOR",
		"BPF_PROG_TYPE_CGROUP_SYSCTL", "BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE",
		"BPF_PROG_TYPE_CGROUP_SOCKOPT", "BPF_PROG_TYPE_TRACING", "BPF_PROG_TYPE_STRUCT_OPS",
		"BPF_PROG_TYPE_EXT", "BPF_PROG_TYPE_LSM", "BPF_PROG_TYPE_SK_LOOKUP",
		"BPF_PROG_TYPE_SYSCALL",
	};

	name_or_num(buf, size, names, sizeof(names) / sizeof(names[0]), t);
}

/* pkg/reader/bpf/bpfmap.go bpfMapTypeString */
void ev_map_type(char *buf, size_t size, unsigned int t)
{
	static const char *const names[] = {
		"BPF_MAP_TYPE_UNSPEC", "BPF_MAP_TYPE_HASH", "BPF_MAP_TYPE_ARRAY",
		"BPF_MAP_TYPE_PROG_ARRAY", "BPF_MAP_TYPE_PERF_EVENT_ARRAY",
		"BPF_MAP_TYPE_PERCPU_HASH", "BPF_MAP_TYPE_PERCPU_ARRAY", "BPF_MAP_TYPE_STACK_TRACE",
		"BPF_MAP_TYPE_CGROUP_ARRAY", "BPF_MAP_TYPE_LRU_HASH", "BPF_MAP_TYPE_LRU_PERCPU_HASH",
		"BPF_MAP_TYPE_LPM_TRIE", "BPF_MAP_TYPE_ARRAY_OF_MAPS", "BPF_MAP_TYPE_HASH_OF_MAPS",
		"BPF_MAP_TYPE_DEVMAP", "BPF_MAP_TYPE_SOCKMAP", "BPF_MAP_TYPE_CPUMAP",
		"BPF_MAP_TYPE_XSKMAP", "BPF_MAP_TYPE_SOCKHASH", "BPF_MAP_TYPE_CGROUP_STORAGE",
		"BPF_MAP_TYPE_REUSEPORT_SOCKARRAY", "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE",
		"BPF_MAP_TYPE_QUEUE", "BPF_MAP_TYPE_STACK", "BPF_MAP_TYPE_SK_STORAGE",
		"BPF_MAP_TYPE_DEVMAP_HASH", "BPF_MAP_TYPE_STRUCT_OPS", "BPF_MAP_TYPE_RINGBUF",
		"BPF_MAP_TYPE_INODE_STORAGE", "BPF_MAP_TYPE_TASK_STORAGE",
		"BPF_MAP_TYPE_BLOOM_FILTER",
	};

	name_or_num(buf, size, names, sizeof(names) / sizeof(names[0]), t);
}

/* pkg/reader/bpf/perfevent.go perfEventTypeString */
void ev_perf_type(char *buf, size_t size, unsigned int t)
{
	static const char *const names[] = {
		"PERF_TYPE_HARDWARE", "PERF_TYPE_SOFTWARE", "PERF_TYPE_TRACEPOINT",
		"PERF_TYPE_HW_CACHE", "PERF_TYPE_RAW", "PERF_TYPE_BREAKPOINT", "PERF_TYPE_MAX",
	};

	name_or_num(buf, size, names, sizeof(names) / sizeof(names[0]), t);
}

/* ls -l's first column (FilePathModeToStr: no type letter for an unknown type) */
void ev_mode_str(char *buf, size_t size, unsigned int mode)
{
	static const struct {
		unsigned int fmt;
		char c;
	} types[] = {
		{ 0060000, 'b' }, { 0020000, 'c' }, { 0040000, 'd' }, { 0010000, 'p' },
		{ 0120000, 'l' }, { 0100000, '-' }, { 0140000, 's' },
	};
	static const unsigned int special[3] = { 04000, 02000, 01000 };	/* S_ISUID/GID/VTX */
	char s[16];
	size_t n = 0, i;
	int who;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((mode & 0170000) == types[i].fmt)
			s[n++] = types[i].c;
	for (who = 2; who >= 0; who--) {
		unsigned int bits = (mode >> (who * 3)) & 7;
		char sticky = (mode & special[2 - who]) ? (who == 0 ? 't' : 's') : 0;

		s[n++] = bits & 4 ? 'r' : '-';
		s[n++] = bits & 2 ? 'w' : '-';
		if (sticky)
			s[n++] = bits & 1 ? sticky : (char)(sticky - 'a' + 'A');
		else
			s[n++] = bits & 1 ? 'x' : '-';
	}
	s[n] = '\0';
	snprintf(buf, size, "%s", s);
}

void ev_caps_list_json(struct json_writer *w, const char *name, uint64_t set)
{
	unsigned int i;

	if (!set)
		return;	/* an empty repeated field is left out */
	jsonw_name(w, name);
	jsonw_start_array(w);
	for (i = 0; i <= TP_CAP_LAST; i++)	/* the kernel sets no higher bit (cap_valid) */
		if (set & (1ULL << i))
			jsonw_string(w, tp_cap_name(i));
	jsonw_end_array(w);
}

/* api/v1/tetragon/capabilities.proto SecureBitsType (GetSecureBitsTypes) */
void ev_securebits_json(struct json_writer *w, uint32_t bits)
{
	static const char *const names[] = {
		"SecBitNoRoot", "SecBitNoRootLocked", "SecBitNoSetUidFixup",
		"SecBitNoSetUidFixupLocked", "SecBitKeepCaps", "SecBitKeepCapsLocked",
		"SecBitNoCapAmbientRaise", "SecBitNoCapAmbientRaiseLocked",
	};
	unsigned int i;

	if (!(bits & 0xff))
		return;
	jsonw_name(w, "securebits");
	jsonw_start_array(w);
	for (i = 0; i < 8; i++)
		if (bits & (1u << i))
			jsonw_string(w, names[i]);
	jsonw_end_array(w);
}

/* api/v1/tetragon/tetragon.proto TaintedBitsType: the enum values are the kernel's
 * taint bits (GetTaintedBitsTypes keeps the ones it names)
 */
static const struct {
	unsigned int bit;
	const char *name;
} taints[] = {
	{ 0, "TAINT_PROPRIETARY_MODULE" }, { 1, "TAINT_FORCED_MODULE" },
	{ 2, "TAINT_FORCED_UNLOAD_MODULE" }, { 10, "TAINT_STAGED_MODULE" },
	{ 12, "TAINT_OUT_OF_TREE_MODULE" }, { 13, "TAINT_UNSIGNED_MODULE" },
	{ 15, "TAINT_KERNEL_LIVE_PATCH_MODULE" }, { 18, "TAINT_TEST_MODULE" },
};

static void json_userns(struct json_writer *w, const struct tp_eva_userns *u)
{
	jsonw_start_object(w);
	jsonw_int_field(w, "level", u->level);	/* Int32Value: always */
	jsonw_uint_field(w, "uid", u->uid);
	jsonw_uint_field(w, "gid", u->gid);
	if (u->inum || u->level == 0) {
		jsonw_name(w, "ns");
		jsonw_start_object(w);
		if (u->inum)
			jsonw_uint_field(w, "inum", u->inum);
		if (u->level == 0)	/* Tetragon: level 0 is the host's namespace */
			jsonw_bool_field(w, "is_host", true);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
}

static void json_string_n(struct json_writer *w, const char *name, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (!n)
		return;
	jsonw_name(w, name);
	jsonw_string_len(w, s, n);
}

static void json_u64_str(struct json_writer *w, const char *name, uint64_t v)
{
	if (!v)
		return;
	jsonw_name(w, name);
	jsonw_printf(w, "\"%" PRIu64 "\"", v);
}

static enum tp_render render_of(const char *type, enum tp_render def)
{
	const struct tp_argtype *t = tp_argtype_find(type);

	return t ? t->render : def;
}

/* The type's key if it renders payload kind `want`, else the payload's default. */
static const char *key_of(const char *type, const enum tp_render *ok, size_t n)
{
	enum tp_render r = render_of(type, ok[0]);
	size_t i;

	for (i = 0; i < n; i++)
		if (r == ok[i])
			return tp_render_key(r);
	return tp_render_key(ok[0]);
}

void ev_fault_message(char *buf, size_t size, uint32_t status)
{
	/* Tetragon's getArgStatus(); a buffer's: kprobeCharBufErrorToString() */
	if (status == TP_FAULT_CHARBUF)
		snprintf(buf, size, "CharBufErrorPageFault");
	else if (status == TP_FAULT_BASIC)
		snprintf(buf, size, "Bad address for basic type");
	else
		snprintf(buf, size, "Bad address encountered during resolve dereference at depth %u",
			 status ? status - 1 : 0);
}

uint32_t ev_err_status(const char *type)
{
	const struct tp_argtype *t = type ? tp_argtype_find(type) : NULL;

	return t && t->render == TP_RENDER_BYTES ? TP_FAULT_CHARBUF : TP_FAULT_BASIC;
}

void ev_fault_json(struct json_writer *w, uint32_t status)
{
	char buf[96];

	if (status == TP_FAULT_CHARBUF) {
		/* Tetragon's ReadArgBytes(): the error's name as the buffer's bytes;
		 * "Q2hh..." is base64 of "CharBufErrorPageFault" (t_events_args.sh checks it)
		 */
		jsonw_string_field(w, "bytes_arg", "Q2hhckJ1ZkVycm9yUGFnZUZhdWx0");
		return;
	}
	ev_fault_message(buf, sizeof(buf), status);
	jsonw_name(w, "error_arg");
	jsonw_start_object(w);
	jsonw_string_field(w, "Message", buf);
	jsonw_end_object(w);
}

static bool payload_ok(const struct tp_ev_arg *a, size_t need)
{
	return a->len >= need;
}

/* The path of a TP_EVA_FILE arg (payload @p: struct tp_eva_file, then the path as
 * kept), rendered as fd paths are (events_path_render(): whole, head...tail, ...tail).
 */
size_t ev_file_path(char *buf, size_t size, const struct tp_ev_arg *a, const char *p)
{
	size_t hl = sizeof(struct tp_eva_file), avail = a->len - hl;
	__u32 flags = 0, whole = a->orig_len > hl ? a->orig_len - (__u32)hl : 0;

	if (a->flags & TP_EVA_F_SPLIT)
		flags |= TP_PATH_F_SPLIT;
	if (a->flags & TP_EVA_F_NOHEAD)
		flags |= TP_PATH_F_NOHEAD;
	return events_path_render(buf, size, p + hl, avail, whole ? whole : (__u32)avail, flags);
}

bool ev_kobj_json(struct json_writer *w, const struct tp_ev_arg *a, const char *p,
		  const char *type)
{
	static const enum tp_render files[] = { TP_RENDER_FILE, TP_RENDER_PATH, TP_RENDER_BINPRM };
	static const enum tp_render capsets[] = { TP_RENDER_KERNEL_CAP, TP_RENDER_CAP_INH,
						  TP_RENDER_CAP_PRM, TP_RENDER_CAP_EFF };
	static const enum tp_render progs[] = { TP_RENDER_BPF_PROG, TP_RENDER_BPF_ATTR };
	char buf[160];
	size_t i;

	switch (a->type) {
	case TP_EVA_FILE: {
		struct tp_eva_file h;
		char pb[TP_PATH_MAX + 8];
		size_t n;

		if (!payload_ok(a, sizeof(h)))
			goto bad;
		memcpy(&h, p, sizeof(h));
		jsonw_name(w, key_of(type, files, 3));
		jsonw_start_object(w);
		n = ev_file_path(pb, sizeof(pb), a, p);
		if (n) {
			jsonw_name(w, "path");
			jsonw_string_len(w, pb, n);
		}
		if (h.flags & TP_PATH_F_NOHEAD)	/* the walk did not reach the root */
			jsonw_string_field(w, "flags", "unresolvedPathComponents");
		ev_mode_str(buf, sizeof(buf), h.mode);
		jsonw_string_field(w, "permission", buf);
		jsonw_end_object(w);
		return true;
	}
	case TP_EVA_CRED: {
		struct tp_eva_cred c;

		if (!payload_ok(a, sizeof(c)))
			goto bad;
		memcpy(&c, p, sizeof(c));
		jsonw_name(w, "process_credentials_arg");
		jsonw_start_object(w);
		jsonw_uint_field(w, "uid", c.uid);	/* UInt32Value: always */
		jsonw_uint_field(w, "gid", c.gid);
		jsonw_uint_field(w, "euid", c.euid);
		jsonw_uint_field(w, "egid", c.egid);
		jsonw_uint_field(w, "suid", c.suid);
		jsonw_uint_field(w, "sgid", c.sgid);
		jsonw_uint_field(w, "fsuid", c.fsuid);
		jsonw_uint_field(w, "fsgid", c.fsgid);
		ev_securebits_json(w, c.securebits);
		if (c.cap_permitted || c.cap_effective || c.cap_inheritable) {
			jsonw_name(w, "caps");
			jsonw_start_object(w);
			ev_caps_list_json(w, "permitted", c.cap_permitted);
			ev_caps_list_json(w, "effective", c.cap_effective);
			ev_caps_list_json(w, "inheritable", c.cap_inheritable);
			jsonw_end_object(w);
		}
		if (!(c.flags & TP_EVA_CRED_F_NOUSERNS)) {
			jsonw_name(w, "user_ns");
			json_userns(w, &c.user_ns);
		}
		jsonw_end_object(w);
		return true;
	}
	case TP_EVA_USERNS: {
		struct tp_eva_userns u;

		if (!payload_ok(a, sizeof(u)))
			goto bad;
		memcpy(&u, p, sizeof(u));
		jsonw_name(w, "user_ns_arg");
		json_userns(w, &u);
		return true;
	}
	case TP_EVA_CAP: {
		int64_t v;
		const char *n;

		if (!payload_ok(a, sizeof(v)))
			goto bad;
		memcpy(&v, p, sizeof(v));
		jsonw_name(w, "capability_arg");
		jsonw_start_object(w);
		jsonw_int_field(w, "value", (int32_t)v);	/* Int32Value: always */
		n = v >= 0 && v <= TP_CAP_LAST ? tp_cap_name((unsigned int)v) : NULL;
		if (n)
			jsonw_string_field(w, "name", n);
		jsonw_end_object(w);
		return true;
	}
	case TP_EVA_CAPS: {
		uint64_t v;

		if (!payload_ok(a, sizeof(v)))
			goto bad;
		memcpy(&v, p, sizeof(v));
		snprintf(buf, sizeof(buf), "%016" PRIx64, v);	/* GetCapabilitiesHex() */
		jsonw_string_field(w, key_of(type, capsets, 4), buf);
		return true;
	}
	case TP_EVA_BPF_PROG: {
		struct tp_eva_bpf_prog b;

		if (!payload_ok(a, sizeof(b)))
			goto bad;
		memcpy(&b, p, sizeof(b));
		jsonw_name(w, key_of(type, progs, 2));
		jsonw_start_object(w);
		ev_prog_type(buf, sizeof(buf), b.prog_type);
		jsonw_string_field(w, "ProgType", buf);
		if (b.insn_cnt)
			jsonw_uint_field(w, "InsnCnt", b.insn_cnt);
		json_string_n(w, "ProgName", b.name, sizeof(b.name));
		jsonw_end_object(w);
		return true;
	}
	case TP_EVA_BPF_MAP: {
		struct tp_eva_bpf_map b;

		if (!payload_ok(a, sizeof(b)))
			goto bad;
		memcpy(&b, p, sizeof(b));
		jsonw_name(w, "bpf_map_arg");
		jsonw_start_object(w);
		ev_map_type(buf, sizeof(buf), b.map_type);
		jsonw_string_field(w, "MapType", buf);
		if (b.key_size)
			jsonw_uint_field(w, "KeySize", b.key_size);
		if (b.value_size)
			jsonw_uint_field(w, "ValueSize", b.value_size);
		if (b.max_entries)
			jsonw_uint_field(w, "MaxEntries", b.max_entries);
		json_string_n(w, "MapName", b.name, sizeof(b.name));
		jsonw_end_object(w);
		return true;
	}
	case TP_EVA_PERF_EVENT: {
		struct tp_eva_perf_event pe;

		if (!payload_ok(a, sizeof(pe)))
			goto bad;
		memcpy(&pe, p, sizeof(pe));
		jsonw_name(w, "perf_event_arg");
		jsonw_start_object(w);
		json_string_n(w, "KprobeFunc", pe.kprobe_func, sizeof(pe.kprobe_func));
		ev_perf_type(buf, sizeof(buf), pe.type);
		jsonw_string_field(w, "Type", buf);
		json_u64_str(w, "Config", pe.config);
		json_u64_str(w, "ProbeOffset", pe.probe_offset);
		jsonw_end_object(w);
		return true;
	}
	case TP_EVA_MODULE: {
		struct tp_eva_module m;
		bool any = false;

		if (!payload_ok(a, sizeof(m)))
			goto bad;
		memcpy(&m, p, sizeof(m));
		jsonw_name(w, "module_arg");
		jsonw_start_object(w);
		json_string_n(w, "name", m.name, sizeof(m.name));
		if (m.sig_ok != TP_MODULE_SIG_UNKNOWN)
			jsonw_bool_field(w, "signature_ok", m.sig_ok);	/* BoolValue */
		for (i = 0; i < sizeof(taints) / sizeof(taints[0]); i++) {
			if (!(m.taints & (1ULL << taints[i].bit)))
				continue;
			if (!any) {
				jsonw_name(w, "tainted");
				jsonw_start_array(w);
			}
			any = true;
			jsonw_string(w, taints[i].name);
		}
		if (any)
			jsonw_end_array(w);
		jsonw_end_object(w);
		return true;
	}
	case TP_EVA_FAULT: {
		uint32_t st;

		if (!payload_ok(a, sizeof(st)))
			goto bad;
		memcpy(&st, p, sizeof(st));
		ev_fault_json(w, st);
		return true;
	}
	default:
		return false;
	}
bad:
	jsonw_name(w, "error_arg");
	jsonw_start_object(w);
	jsonw_string_field(w, "Message", "tpload: argument record too short for its type");
	jsonw_end_object(w);
	return true;
}
