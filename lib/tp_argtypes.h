/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The argument-type table: one row per Tetragon argument type name (`args[].type`),
 * shared by tpc (lowering, passes, codegen) and tpload (event rendering). Plain C:
 * no LLVM, no libyaml, no libbpf; only tp_abi.h.
 *
 * A row says how a value of that type is represented once fetched, how it is fetched,
 * what raw value it can be read from, how many event bytes it takes, which operators
 * matchArgs may apply to it, what a filter on it costs, and how tpload renders it as a
 * Tetragon KprobeArgument. Adding a type = adding a row here (and, for a new fetch or
 * repr, the BPF helper and its case in compiler/codegen.c; see docs/extending.md).
 */
#ifndef TP_ARGTYPES_H
#define TP_ARGTYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What filters compare and what the BPF side keeps per event. */
enum tp_repr {
	TP_REPR_INT,		/* an integer (width/signedness in the row) */
	TP_REPR_STR,		/* a NUL-terminated string behind a pointer */
	TP_REPR_BUF,		/* bytes behind a pointer, length from another arg (sizeArgIndex) */
	TP_REPR_PATH,		/* a kernel object resolved to a file path (fd, file, path, ...) */
	TP_REPR_OBJ,		/* a kernel object copied into a fixed payload at post time
				 * (cred, bpf_map, module, ...): reported, not filtered */
	TP_REPR_NONE,		/* nop: nothing read, nothing reported (keeps indexes) */
	__TP_REPR_CNT,
};

/* How the raw value (a register, a record field) becomes the representation. */
enum tp_fetch {
	TP_FETCH_VALUE,		/* the raw value itself, cast to the row's width */
	TP_FETCH_STR,		/* string read (user or kernel pointer, per the arg's source) */
	TP_FETCH_BUF,		/* byte read of a size given by another argument */
	TP_FETCH_FD_PATH,	/* fd -> the current task's struct file -> path (tp_fd.bpf.h) */
	TP_FETCH_OBJ_PATH,	/* kernel object -> struct path -> path: the row's `reader`
				 * (tp_<x>_path(task, raw, out, &flags, &mode), tp_file.bpf.h) */
	TP_FETCH_OBJ,		/* kernel object -> event payload at post time: the row's
				 * `reader` (tp_ev_put_<x>(dst, raw), tp_kobj.bpf.h) */
	TP_FETCH_DEREF,		/* an integer of `width` bytes behind a kernel pointer
				 * (kernel_cap_t *: a capability set) */
	TP_FETCH_IOVEC,		/* struct iovec array, count from another arg (sizeArgIndex) */
	TP_FETCH_IOV_ITER,	/* struct iov_iter: the bytes of its first segment (no size arg) */
	TP_FETCH_NONE,		/* nop */
	__TP_FETCH_CNT,
};

/* What raw value a type can be read from (checked against what the hook provides). */
enum tp_shape {
	TP_SHAPE_SCALAR,	/* any scalar; a pointer is read as its number (like Tetragon) */
	TP_SHAPE_INTEGER,	/* an integer that is not a pointer (fd) */
	TP_SHAPE_CHAR_PTR,	/* a pointer to characters (string, char_buf) */
	TP_SHAPE_KOBJ,		/* a pointer to struct/union <kstruct> (file, path, cred, ...) */
	TP_SHAPE_ANY,		/* nop: anything */
};

/* How matchArgs values of an integer type are written. */
enum tp_values {
	TP_VALUES_INT,		/* numbers: decimal, 0x hex, 0 octal */
	TP_VALUES_CAPS,		/* numbers, or capability names "CAP_A,CAP_B" (a set) */
	TP_VALUES_CAP,		/* numbers, or one capability name "CAP_SYS_ADMIN" (its number) */
};

/* How tpload prints the value: the Tetragon KprobeArgument key. */
enum tp_render {
	TP_RENDER_INT,		/* int_arg */
	TP_RENDER_UINT,		/* uint_arg */
	TP_RENDER_LONG,		/* long_arg (64-bit: a JSON string) */
	TP_RENDER_SIZE,		/* size_arg (64-bit: a JSON string) */
	TP_RENDER_STRING,	/* string_arg */
	TP_RENDER_BYTES,	/* bytes_arg, or truncated_bytes_arg {bytes_arg, orig_size} */
	TP_RENDER_SYSCALL,	/* syscall_id {id, abi} */
	TP_RENDER_FILE,		/* file_arg {path, flags, permission} */
	TP_RENDER_PATH,		/* path_arg {path, flags, permission} */
	TP_RENDER_BINPRM,	/* linux_binprm_arg {path, flags, permission} */
	TP_RENDER_CRED,		/* process_credentials_arg */
	TP_RENDER_USERNS,	/* user_ns_arg */
	TP_RENDER_CAPABILITY,	/* capability_arg {value, name} */
	TP_RENDER_KERNEL_CAP,	/* kernel_cap_t_arg (hex string) */
	TP_RENDER_CAP_INH,	/* cap_inheritable_arg */
	TP_RENDER_CAP_PRM,	/* cap_permitted_arg */
	TP_RENDER_CAP_EFF,	/* cap_effective_arg */
	TP_RENDER_BPF_ATTR,	/* bpf_attr_arg {ProgType, InsnCnt, ProgName} */
	TP_RENDER_BPF_PROG,	/* bpf_prog_arg {ProgType, InsnCnt, ProgName} */
	TP_RENDER_BPF_MAP,	/* bpf_map_arg */
	TP_RENDER_PERF_EVENT,	/* perf_event_arg */
	TP_RENDER_MODULE,	/* module_arg {name, signature_ok, tainted} */
	TP_RENDER_NONE,		/* nop: not in events */
	__TP_RENDER_CNT,
};

/* Operator classes (a type accepts a set of them; compiler/ir.h maps each operator to
 * its classes). New classes come with their types: FileType, SubString, network, caps.
 */
#define TP_OPC_INT	0x1u	/* Equal NotEqual GT LT Mask InRange NotInRange InMap NotInMap */
#define TP_OPC_STR	0x2u	/* Equal NotEqual Prefix NotPrefix Postfix NotPostfix */
#define TP_OPC_FILETYPE	0x4u	/* FileType NotFileType (file, path: i_mode & S_IFMT) */

struct tp_argtype {
	const char *name;	/* as written in `type:` (aliases have rows of their own) */
	const char *canon;	/* as reported: .tpc.meta "arg" lines, events ("sint8" -> "int8") */
	const char *noun;	/* in messages: "integer", "string", ... */
	enum tp_repr repr;
	enum tp_fetch fetch;
	enum tp_shape shape;
	const char *kstruct;	/* TP_SHAPE_KOBJ: the struct the pointer must point to */
	bool kunion;		/* kstruct is a union (bpf_attr) */
	const char *reader;	/* TP_FETCH_OBJ/OBJ_PATH: the BPF helper (tp_*.bpf.h) */
	const char *header;	/* the BPF header that defines it (generated code includes it) */
	enum tp_values values;	/* integer filters: how values are written */
	uint8_t width;		/* bytes of the raw value: integers 1/2/4/8, fd 4, pointers 8 */
	bool is_signed;
	uint16_t eva;		/* tp_ev_arg.type the BPF side writes (TP_EVA_*) */
	uint16_t ev_slot;	/* event payload bytes reserved for it */
	uint32_t opc;		/* TP_OPC_* matchArgs may use; 0: tpc has no filters on it yet */
	uint32_t max_value;	/* string-like: longest value a filter may compare (bytes) */
	uint16_t cost;		/* order-filters: base cost of one filter on it (~ns) */
	enum tp_render render;
	const char *op_note;	/* NULL, or why the operators are what they are (messages) */
};

/* Why tpc has no row for Tetragon type @name (network types, ...), or NULL if @name is
 * not one of Tetragon's type names tpc leaves out.
 */
const char *tp_argtype_unsupported(const char *name);
/* The Tetragon KprobeArgument key of rendering @r ("file_arg"), NULL for TP_RENDER_NONE. */
const char *tp_render_key(enum tp_render r);
/* The row named @name (every canonical name is also a row name), or NULL. */
const struct tp_argtype *tp_argtype_find(const char *name);
/* Row @i, NULL past the end (iteration: tests, docs). */
const struct tp_argtype *tp_argtype_at(size_t i);
/* "int", "str", "buf", "path" (IR dumps). */
const char *tp_repr_name(enum tp_repr r);
/* "TP_EVA_S64", ... (generated C); NULL for an unknown value. */
const char *tp_eva_name(unsigned int eva);

#endif
