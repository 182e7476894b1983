// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The argument-type table (tp_argtypes.h): Tetragon's type names, what tpc does with
 * each, and how tpload renders it. Names, aliases and JSON keys follow Tetragon's
 * pkg/generictypes (GenericTypeFromString) and api/v1/tetragon KprobeArgument.
 */
#include <string.h>

#include "tp_abi.h"
#include "tp_argtypes.h"

#define INT(n, c, w, s, r)							\
	{ .name = n, .canon = c, .noun = "integer", .repr = TP_REPR_INT,	\
	  .fetch = TP_FETCH_VALUE, .shape = TP_SHAPE_SCALAR, .width = w,	\
	  .is_signed = s, .eva = (s) ? TP_EVA_S64 : TP_EVA_U64, .ev_slot = 8,	\
	  .opc = TP_OPC_INT, .cost = 2, .render = r }

/* A kernel object matched and reported by its path (TP_EVA_FILE). */
#define PATHOBJ(n, ks, rd, opcs, r, note)						\
	{ .name = n, .canon = n, .noun = n, .repr = TP_REPR_PATH,			\
	  .fetch = TP_FETCH_OBJ_PATH, .shape = TP_SHAPE_KOBJ, .kstruct = ks, .width = 8,\
	  .reader = rd, .header = "tp_file.bpf.h", .eva = TP_EVA_FILE,			\
	  .ev_slot = 8 + TP_PATH_MAX, .opc = opcs, .max_value = TP_PATH_MAX - 1,	\
	  .cost = 90, .render = r, .op_note = note }

/* A kernel object copied into the event at post time. */
#define KOBJ(n, ks, un, rd, e, slot, r)							\
	{ .name = n, .canon = n, .noun = n, .repr = TP_REPR_OBJ, .fetch = TP_FETCH_OBJ,	\
	  .shape = TP_SHAPE_KOBJ, .kstruct = ks, .kunion = un, .width = 8, .reader = rd,	\
	  .header = "tp_kobj.bpf.h", .eva = e, .ev_slot = ((slot) + 7) & ~7u, .cost = 10,	\
	  .render = r }

/* A capability set behind a kernel_cap_t pointer (Tetragon reads 8 bytes at it). */
#define CAPS(n, r)									\
	{ .name = n, .canon = n, .noun = "capability set", .repr = TP_REPR_INT,		\
	  .fetch = TP_FETCH_DEREF, .shape = TP_SHAPE_KOBJ, .kstruct = "kernel_cap_t",	\
	  .width = 8, .is_signed = false, .eva = TP_EVA_CAPS, .ev_slot = 8,		\
	  .opc = TP_OPC_INT, .values = TP_VALUES_CAPS, .cost = 8, .render = r,		\
	  .op_note = "values are capability sets: numbers or CAP_A,CAP_B lists" }

static const struct tp_argtype types[] = {
	INT("int",	"int",		4, true,  TP_RENDER_INT),
	INT("int8",	"int8",		1, true,  TP_RENDER_INT),
	INT("sint8",	"int8",		1, true,  TP_RENDER_INT),
	INT("int16",	"int16",	2, true,  TP_RENDER_INT),
	INT("sint16",	"int16",	2, true,  TP_RENDER_INT),
	INT("int32",	"int32",	4, true,  TP_RENDER_INT),
	INT("sint32",	"int32",	4, true,  TP_RENDER_INT),
	INT("int64",	"int64",	8, true,  TP_RENDER_LONG),
	INT("sint64",	"int64",	8, true,  TP_RENDER_LONG),
	INT("long",	"int64",	8, true,  TP_RENDER_LONG),
	INT("uint8",	"uint8",	1, false, TP_RENDER_UINT),
	INT("uint16",	"uint16",	2, false, TP_RENDER_UINT),
	INT("uint32",	"uint32",	4, false, TP_RENDER_UINT),
	INT("uint64",	"uint64",	8, false, TP_RENDER_SIZE),
	INT("ulong",	"uint64",	8, false, TP_RENDER_SIZE),
	INT("size_t",	"size_t",	8, false, TP_RENDER_SIZE),
	{ .name = "syscall64", .canon = "syscall64", .noun = "integer", .repr = TP_REPR_INT,
	  .fetch = TP_FETCH_VALUE, .shape = TP_SHAPE_SCALAR, .width = 8, .is_signed = false,
	  .eva = TP_EVA_SYSCALL, .ev_slot = 8, .opc = TP_OPC_INT, .cost = 2,
	  .render = TP_RENDER_SYSCALL },
	{ .name = "string", .canon = "string", .noun = "string", .repr = TP_REPR_STR,
	  .fetch = TP_FETCH_STR, .shape = TP_SHAPE_CHAR_PTR, .width = 8,
	  .eva = TP_EVA_STR, .ev_slot = TP_STRING_SLOT, .opc = TP_OPC_STR,
	  .max_value = 4095 /* Tetragon: 4096 with the NUL */, .cost = 70,
	  .render = TP_RENDER_STRING },
	{ .name = "char_buf", .canon = "char_buf", .noun = "buffer", .repr = TP_REPR_BUF,
	  .fetch = TP_FETCH_BUF, .shape = TP_SHAPE_CHAR_PTR, .width = 8,
	  .eva = TP_EVA_BYTES, .ev_slot = TP_STR_MAX, .opc = 0, .cost = 70,
	  .render = TP_RENDER_BYTES },
	{ .name = "fd", .canon = "fd", .noun = "fd", .repr = TP_REPR_PATH,
	  .fetch = TP_FETCH_FD_PATH, .shape = TP_SHAPE_INTEGER, .width = 4, .is_signed = true,
	  .eva = TP_EVA_FDFILE, .ev_slot = 8 + 8 + TP_PATH_MAX, .opc = TP_OPC_STR,
	  .max_value = TP_PATH_VALUE_MAX, .cost = 70, .render = TP_RENDER_FILE,
	  .op_note = "fd arguments are matched on the path of the open file" },
	/* path-like kernel objects: matched and reported by their path (tp_file.bpf.h);
	 * Tetragon's get_path() in bpf/process/types/basic.h
	 */
	PATHOBJ("file", "file", "tp_file_path", TP_OPC_STR | TP_OPC_FILETYPE, TP_RENDER_FILE,
		"file arguments are matched on their path, FileType on their inode's type"),
	PATHOBJ("path", "path", "tp_path_path", TP_OPC_STR | TP_OPC_FILETYPE, TP_RENDER_PATH,
		"path arguments are matched on their path, FileType on their inode's type"),
	PATHOBJ("dentry", "dentry", "tp_dentry_path", TP_OPC_STR, TP_RENDER_PATH,
		"dentry arguments are matched on their path inside their mount (a dentry does not know its mount)"),
	PATHOBJ("linux_binprm", "linux_binprm", "tp_bprm_path", TP_OPC_STR, TP_RENDER_BINPRM,
		"linux_binprm arguments are matched on the path of the file being executed"),
	PATHOBJ("kiocb", "kiocb", "tp_kiocb_path", TP_OPC_STR, TP_RENDER_FILE,
		"kiocb arguments are matched on the path of their file (ki_filp)"),
	/* kernel objects reported whole (tp_kobj.bpf.h; Tetragon's copy_*() readers) */
	KOBJ("cred", "cred", false, "tp_ev_put_cred", TP_EVA_CRED,
	     sizeof(struct tp_eva_cred), TP_RENDER_CRED),
	KOBJ("user_namespace", "user_namespace", false, "tp_ev_put_userns", TP_EVA_USERNS,
	     sizeof(struct tp_eva_userns), TP_RENDER_USERNS),
	KOBJ("bpf_attr", "bpf_attr", true, "tp_ev_put_bpf_attr", TP_EVA_BPF_PROG,
	     sizeof(struct tp_eva_bpf_prog), TP_RENDER_BPF_ATTR),
	KOBJ("bpf_prog", "bpf_prog", false, "tp_ev_put_bpf_prog", TP_EVA_BPF_PROG,
	     sizeof(struct tp_eva_bpf_prog), TP_RENDER_BPF_PROG),
	KOBJ("bpf_map", "bpf_map", false, "tp_ev_put_bpf_map", TP_EVA_BPF_MAP,
	     sizeof(struct tp_eva_bpf_map), TP_RENDER_BPF_MAP),
	KOBJ("perf_event", "perf_event", false, "tp_ev_put_perf_event", TP_EVA_PERF_EVENT,
	     sizeof(struct tp_eva_perf_event), TP_RENDER_PERF_EVENT),
	KOBJ("module", "module", false, "tp_ev_put_module", TP_EVA_MODULE,
	     sizeof(struct tp_eva_module), TP_RENDER_MODULE),
	KOBJ("load_info", "load_info", false, "tp_ev_put_load_info", TP_EVA_MODULE,
	     sizeof(struct tp_eva_module), TP_RENDER_MODULE),
	/* capabilities: a number, or a set read through a kernel_cap_t pointer */
	{ .name = "capability", .canon = "capability", .noun = "capability", .repr = TP_REPR_INT,
	  .fetch = TP_FETCH_VALUE, .shape = TP_SHAPE_SCALAR, .width = 4, .is_signed = true,
	  .eva = TP_EVA_CAP, .ev_slot = 8, .opc = TP_OPC_INT, .values = TP_VALUES_CAP, .cost = 2,
	  .render = TP_RENDER_CAPABILITY,
	  .op_note = "values are capability numbers or names (CAP_SYS_ADMIN)" },
	CAPS("kernel_cap_t", TP_RENDER_KERNEL_CAP),
	CAPS("cap_inheritable", TP_RENDER_CAP_INH),
	CAPS("cap_permitted", TP_RENDER_CAP_PRM),
	CAPS("cap_effective", TP_RENDER_CAP_EFF),
	/* buffers behind kernel structures */
	{ .name = "char_iovec", .canon = "char_iovec", .noun = "buffer", .repr = TP_REPR_BUF,
	  .fetch = TP_FETCH_IOVEC, .shape = TP_SHAPE_KOBJ, .kstruct = "iovec", .width = 8,
	  .header = "tp_buf.bpf.h", .eva = TP_EVA_BYTES, .ev_slot = 2 * TP_STR_MAX, .cost = 70,
	  .render = TP_RENDER_BYTES },
	{ .name = "iov_iter", .canon = "iov_iter", .noun = "buffer", .repr = TP_REPR_BUF,
	  .fetch = TP_FETCH_IOV_ITER, .shape = TP_SHAPE_KOBJ, .kstruct = "iov_iter", .width = 8,
	  .header = "tp_buf.bpf.h", .eva = TP_EVA_BYTES, .ev_slot = TP_STR_MAX, .cost = 70,
	  .render = TP_RENDER_BYTES },
	{ .name = "nop", .canon = "nop", .noun = "placeholder", .repr = TP_REPR_NONE,
	  .fetch = TP_FETCH_NONE, .shape = TP_SHAPE_ANY, .width = 8, .cost = 1,
	  .render = TP_RENDER_NONE },
};

#undef INT
#undef PATHOBJ
#undef KOBJ
#undef CAPS

/* Tetragon type names without a row, and why (pkg/generictypes). */
static const struct {
	const char *name;
	const char *why;
} unsupported[] = {
	{ "skb", "network types (skb, sock, socket, sockaddr, sockaddr_un, net_device) come with the network release: their 5-tuple readers and the SAddr/DAddr/SPort/DPort/Protocol/Family/State operators" },
	{ "sock", "network types (skb, sock, socket, sockaddr, sockaddr_un, net_device) come with the network release: their 5-tuple readers and the SAddr/DAddr/SPort/DPort/Protocol/Family/State operators" },
	{ "socket", "network types (skb, sock, socket, sockaddr, sockaddr_un, net_device) come with the network release: their 5-tuple readers and the SAddr/DAddr/SPort/DPort/Protocol/Family/State operators" },
	{ "sockaddr", "network types (skb, sock, socket, sockaddr, sockaddr_un, net_device) come with the network release: their 5-tuple readers and the SAddr/DAddr/SPort/DPort/Protocol/Family/State operators" },
	{ "sockaddr_un", "network types (skb, sock, socket, sockaddr, sockaddr_un, net_device) come with the network release: their 5-tuple readers and the SAddr/DAddr/SPort/DPort/Protocol/Family/State operators" },
	{ "net_device", "network types (skb, sock, socket, sockaddr, sockaddr_un, net_device) come with the network release: their 5-tuple readers and the SAddr/DAddr/SPort/DPort/Protocol/Family/State operators" },
	{ "filename", "struct filename arguments are not read yet (use resolve: \"name\" with type string)" },
	{ "const_buf", "const_buf is the type of tracepoint array fields (not implemented)" },
	{ "data_loc", "__data_loc tracepoint fields are not read yet" },
	{ "bpf_cmd", "bpf_cmd is a userspace pretty-printer type; use int" },
};

const struct tp_argtype *tp_argtype_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

const char *tp_argtype_unsupported(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (strcmp(unsupported[i].name, name) == 0)
			return unsupported[i].why;
	return NULL;
}

const char *tp_render_key(enum tp_render r)
{
	static const char *const keys[] = {
		[TP_RENDER_INT] = "int_arg", [TP_RENDER_UINT] = "uint_arg",
		[TP_RENDER_LONG] = "long_arg", [TP_RENDER_SIZE] = "size_arg",
		[TP_RENDER_STRING] = "string_arg", [TP_RENDER_BYTES] = "bytes_arg",
		[TP_RENDER_SYSCALL] = "syscall_id", [TP_RENDER_FILE] = "file_arg",
		[TP_RENDER_PATH] = "path_arg", [TP_RENDER_BINPRM] = "linux_binprm_arg",
		[TP_RENDER_CRED] = "process_credentials_arg", [TP_RENDER_USERNS] = "user_ns_arg",
		[TP_RENDER_CAPABILITY] = "capability_arg",
		[TP_RENDER_KERNEL_CAP] = "kernel_cap_t_arg",
		[TP_RENDER_CAP_INH] = "cap_inheritable_arg",
		[TP_RENDER_CAP_PRM] = "cap_permitted_arg",
		[TP_RENDER_CAP_EFF] = "cap_effective_arg", [TP_RENDER_BPF_ATTR] = "bpf_attr_arg",
		[TP_RENDER_BPF_PROG] = "bpf_prog_arg", [TP_RENDER_BPF_MAP] = "bpf_map_arg",
		[TP_RENDER_PERF_EVENT] = "perf_event_arg", [TP_RENDER_MODULE] = "module_arg",
		[TP_RENDER_NONE] = NULL,
	};

	return (unsigned int)r < __TP_RENDER_CNT ? keys[r] : NULL;
}

const struct tp_argtype *tp_argtype_at(size_t i)
{
	return i < sizeof(types) / sizeof(types[0]) ? &types[i] : NULL;
}

const char *tp_repr_name(enum tp_repr r)
{
	static const char *const names[] = {
		[TP_REPR_INT] = "int", [TP_REPR_STR] = "str", [TP_REPR_BUF] = "buf",
		[TP_REPR_PATH] = "path", [TP_REPR_OBJ] = "obj", [TP_REPR_NONE] = "none",
	};

	return (unsigned int)r < __TP_REPR_CNT ? names[r] : "?";
}

const char *tp_eva_name(unsigned int eva)
{
	switch (eva) {
	case TP_EVA_S64: return "TP_EVA_S64";
	case TP_EVA_U64: return "TP_EVA_U64";
	case TP_EVA_STR: return "TP_EVA_STR";
	case TP_EVA_BYTES: return "TP_EVA_BYTES";
	case TP_EVA_SYSCALL: return "TP_EVA_SYSCALL";
	case TP_EVA_FD: return "TP_EVA_FD";
	case TP_EVA_ERR: return "TP_EVA_ERR";
	case TP_EVA_FILE: return "TP_EVA_FILE";
	case TP_EVA_CRED: return "TP_EVA_CRED";
	case TP_EVA_USERNS: return "TP_EVA_USERNS";
	case TP_EVA_CAP: return "TP_EVA_CAP";
	case TP_EVA_CAPS: return "TP_EVA_CAPS";
	case TP_EVA_BPF_PROG: return "TP_EVA_BPF_PROG";
	case TP_EVA_BPF_MAP: return "TP_EVA_BPF_MAP";
	case TP_EVA_PERF_EVENT: return "TP_EVA_PERF_EVENT";
	case TP_EVA_MODULE: return "TP_EVA_MODULE";
	case TP_EVA_FAULT: return "TP_EVA_FAULT";
	case TP_EVA_FDFILE: return "TP_EVA_FDFILE";
	}
	return NULL;
}
