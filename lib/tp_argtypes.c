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
	  .eva = TP_EVA_STR, .ev_slot = TP_STR_MAX, .opc = TP_OPC_STR,
	  .max_value = 4095 /* Tetragon: 4096 with the NUL */, .cost = 70,
	  .render = TP_RENDER_STRING },
	{ .name = "char_buf", .canon = "char_buf", .noun = "buffer", .repr = TP_REPR_BUF,
	  .fetch = TP_FETCH_BUF, .shape = TP_SHAPE_CHAR_PTR, .width = 8,
	  .eva = TP_EVA_BYTES, .ev_slot = TP_STR_MAX, .opc = 0, .cost = 70,
	  .render = TP_RENDER_BYTES },
	{ .name = "fd", .canon = "fd", .noun = "fd", .repr = TP_REPR_PATH,
	  .fetch = TP_FETCH_FD_PATH, .shape = TP_SHAPE_INTEGER, .width = 4, .is_signed = true,
	  .eva = TP_EVA_FD, .ev_slot = 8 + TP_PATH_MAX, .opc = TP_OPC_STR,
	  .max_value = TP_PATH_VALUE_MAX, .cost = 70, .render = TP_RENDER_FILE,
	  .op_note = "fd arguments are matched on the path of the open file" },
};

#undef INT

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

const struct tp_argtype *tp_argtype_at(size_t i)
{
	return i < sizeof(types) / sizeof(types[0]) ? &types[i] : NULL;
}

const char *tp_repr_name(enum tp_repr r)
{
	static const char *const names[] = {
		[TP_REPR_INT] = "int", [TP_REPR_STR] = "str", [TP_REPR_BUF] = "buf",
		[TP_REPR_PATH] = "path",
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
	}
	return NULL;
}
