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
	TP_REPR_PATH,		/* a kernel object resolved to a file path (fd, later file/path/...) */
	__TP_REPR_CNT,
};

/* How the raw value (a register, a record field) becomes the representation. */
enum tp_fetch {
	TP_FETCH_VALUE,		/* the raw value itself, cast to the row's width */
	TP_FETCH_STR,		/* string read (user or kernel pointer, per the arg's source) */
	TP_FETCH_BUF,		/* byte read of a size given by another argument */
	TP_FETCH_FD_PATH,	/* fd -> the current task's struct file -> path (tp_fd.bpf.h) */
	__TP_FETCH_CNT,
};

/* What raw value a type can be read from (checked against what the hook provides). */
enum tp_shape {
	TP_SHAPE_SCALAR,	/* any scalar; a pointer is read as its number (like Tetragon) */
	TP_SHAPE_INTEGER,	/* an integer that is not a pointer (fd) */
	TP_SHAPE_CHAR_PTR,	/* a pointer to characters (string, char_buf) */
	TP_SHAPE_KOBJ,		/* a pointer to struct <kstruct> (next: file, path, cred, ...) */
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
	TP_RENDER_FILE,		/* file_arg {path} */
	__TP_RENDER_CNT,
};

/* Operator classes (a type accepts a set of them; compiler/ir.h maps each operator to
 * its classes). New classes come with their types: FileType, SubString, network, caps.
 */
#define TP_OPC_INT	0x1u	/* Equal NotEqual GT LT Mask InRange NotInRange InMap NotInMap */
#define TP_OPC_STR	0x2u	/* Equal NotEqual Prefix NotPrefix Postfix NotPostfix */

struct tp_argtype {
	const char *name;	/* as written in `type:` (aliases have rows of their own) */
	const char *canon;	/* as reported: .tpc.meta "arg" lines, events ("sint8" -> "int8") */
	const char *noun;	/* in messages: "integer", "string", ... */
	enum tp_repr repr;
	enum tp_fetch fetch;
	enum tp_shape shape;
	const char *kstruct;	/* TP_SHAPE_KOBJ: the struct the pointer must point to */
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

/* The row named @name (every canonical name is also a row name), or NULL. */
const struct tp_argtype *tp_argtype_find(const char *name);
/* Row @i, NULL past the end (iteration: tests, docs). */
const struct tp_argtype *tp_argtype_at(size_t i);
/* "int", "str", "buf", "path" (IR dumps). */
const char *tp_repr_name(enum tp_repr r);
/* "TP_EVA_S64", ... (generated C); NULL for an unknown value. */
const char *tp_eva_name(unsigned int eva);

#endif
