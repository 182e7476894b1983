// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer harness for tpc's front end: the `tpc check` path on one input
 * (YAML parse, CRD schema, AST, sema, lowering, IR passes, codegen to C;
 * no clang). Built with ASan+UBSan by `make fuzz` (mk/fuzz.mk,
 * docs/testing.md). Any crash, sanitizer report or leak is a bug.
 *
 * TPC_FUZZ_TRACEFS, TPC_FUZZ_BTF: the kernel inputs (default: the golden
 * tests' tests/golden/tracefs and tests/golden/btf/vmlinux.btf, so results
 * do not depend on the host).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "compile.h"
#include "diag.h"
#include "policy.h"
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The kernel inputs, read once (libFuzzer's harness has no other home). */
static struct target *fuzz_target;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tracefs = getenv("TPC_FUZZ_TRACEFS"), *btf = getenv("TPC_FUZZ_BTF");
	struct target_opts to = {
		.tracefs = tracefs ? tracefs : "tests/golden/tracefs",
		.btf = btf ? btf : "tests/golden/btf/vmlinux.btf",
	};
	char why[256];

	if (target_new(&to, &fuzz_target, why, sizeof(why))) {
		fprintf(stderr, "fuzz-policy: %s (run from the repo root)\n", why);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compile_opts co = {
		.target = fuzz_target,
		.stop_after_codegen = true,
	};
	struct diag_opts dopts = { .stream = NULL, .buffer = true };
	struct tp_policy *pol = NULL, *p;
	struct tp_arena *arena = arena_new();
	struct diag *d = diag_new(&dopts);
	int err;

	if (!arena || !d)
		goto out;
	err = policy_parse_mem("fuzz.yaml", (const char *)data, size, arena, d, &pol);
	if (err && err != -22 /* -EINVAL: errors reported */)
		goto out;
	if (err)
		goto out;	/* like run_inputs(): a file that did not parse is not compiled */
	for (p = pol; p; p = p->next) {
		struct compile_result res = {};

		compile_policy(p, &co, arena, d, &res);
		compile_result_free(&res);
	}
out:
	diag_free(d);
	arena_free(arena);
	return 0;
}
