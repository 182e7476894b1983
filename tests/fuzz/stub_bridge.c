// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The fuzzers link the compiler library without clang_bridge.cpp (LLVM):
 * the front end stops after codegen and never compiles C.
 */
#include <errno.h>

#include "toolchain.h"

int cc_bridge_compile(const char *const *args, int nr_args, const char *src_name,
		      const char *src, size_t src_len, cc_fatal_fn fatal, void *fatal_ctx,
		      struct cc_output *out) TPC_CC_NOEXCEPT
{
	return -ENOSYS;
}
