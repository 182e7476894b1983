// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpc version */
#include <stdio.h>

#include "cli.h"
#include "hooks.h"
#include "json_writer.h"
#include "tp_abi.h"

#ifndef TPC_VERSION
#define TPC_VERSION "dev"
#endif

int cmd_version(struct cli_env *env, int argc, char **argv)
{
	size_t i;

	if (env->json) {
		struct json_writer *jw = jsonw_new(stdout);

		if (!jw)
			return TPC_EXIT_TOOL;
		jsonw_pretty(jw, env->pretty);
		jsonw_start_object(jw);
		jsonw_string_field(jw, "version", TPC_VERSION);
		jsonw_uint_field(jw, "abi", TP_ABI_VERSION);
		jsonw_name(jw, "hooks");
		jsonw_start_array(jw);
		for (i = 0; hook_kinds[i]; i++)
			jsonw_string(jw, hook_kinds[i]->name);
		jsonw_end_array(jw);
		jsonw_string_field(jw, "compiler", "clang/LLVM 19 (in-process)");
		jsonw_end_object(jw);
		jsonw_destroy(&jw);
		return TPC_EXIT_OK;
	}
	printf("tpc %s\nobject ABI %d\nhooks:", TPC_VERSION, TP_ABI_VERSION);
	for (i = 0; hook_kinds[i]; i++)
		printf(" %s", hook_kinds[i]->name);
	printf("\ncompiler: clang/LLVM 19 (in-process)\n");
	return TPC_EXIT_OK;
}
