// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpc version */
#include <stdio.h>

#include "cli.h"
#include "json_writer.h"
#include "tp_abi.h"

#ifndef TPC_VERSION
#define TPC_VERSION "dev"
#endif

int cmd_version(struct cli_env *env, int argc, char **argv)
{
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
		jsonw_string(jw, "tracepoint");
		jsonw_string(jw, "raw_tp");
		jsonw_end_array(jw);
		jsonw_string_field(jw, "compiler", "clang/LLVM 19 (in-process)");
		jsonw_end_object(jw);
		jsonw_destroy(&jw);
		return TPC_EXIT_OK;
	}
	printf("tpc %s\nobject ABI %d\nhooks: tracepoint raw_tp\ncompiler: clang/LLVM 19 (in-process)\n",
	       TPC_VERSION, TP_ABI_VERSION);
	return TPC_EXIT_OK;
}
