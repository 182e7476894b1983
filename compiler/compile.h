/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* One policy (AST) -> generated C -> BPF object: the whole pipeline after
 * parsing, as a library call (used by cmd_compile, cmd_check, the fuzzer).
 *   sema_check -> ir_lower -> pipeline_run -> codegen_emit -> cc_compile_bpf
 */
#ifndef TPC_COMPILE_H
#define TPC_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct tp_policy;
struct tp_arena;
struct diag;

struct target;

struct compile_opts {
	struct target *target;		/* the kernel compiled for (target.h); required */
	const char *arch;		/* "x86" (default) or "arm64" */
	int verbose;
	const char *dump_after;		/* --dump-ir-after */
	FILE *dump_stream;
	bool stop_after_codegen;	/* check / --emit-c: no clang */
	bool last_compile;		/* no other compile follows in this process */
};

struct compile_result {
	char *c;		/* generated C (malloc'ed) */
	size_t c_len;
	void *obj;		/* BPF ELF (malloc'ed), NULL if stop_after_codegen */
	size_t obj_len;
	unsigned int nr_hooks;
	char *hook_report;	/* JSON array (report.h), malloc'ed */
	struct compile_input {	/* the kernel inputs the policy read (.tpc.meta "target") */
		const char *kind;	/* "btf", "tracefs", "functions", "btf-module" (static) */
		char *origin;		/* malloc'ed */
		char sha256[65];
	} inputs[3 + 8];	/* btf, tracefs, functions, module BTFs (TARGET_MODULES_MAX) */
	size_t nr_inputs;
};

/* 0; -EINVAL (policy errors, reported to d); -ENODATA (a kernel input a hook needs
 * is missing: reported to d, naming the option); -ENOMEM; -EFAULT (internal:
 * IR invalid, emitter imbalance, or clang rejected generated code: logged).
 * res is zeroed first; free it with compile_result_free() in every case.
 */
int compile_policy(const struct tp_policy *pol, const struct compile_opts *opts,
		   struct tp_arena *arena, struct diag *d, struct compile_result *res);
void compile_result_free(struct compile_result *res);

/* One generated C source to turn into an object (compile_objects). */
struct compile_unit {
	const char *policy;	/* metadata.name: virtual file name, messages */
	const char *file;	/* input path, for messages */
	const char *c;		/* generated C (borrowed) */
	size_t c_len;
	void *obj;		/* out: malloc'ed object, NULL on error */
	size_t obj_len;
	int err;		/* out: 0, -EFAULT (clang rejected generated C: logged), ... */
};

/* Compile every unit's C: in-process when there is one unit, else in
 * forked children, one per online CPU at a time. Returns the first error
 * of the batch (each unit has its own in .err); errors are logged.
 */
int compile_objects(struct compile_unit *u, size_t n, const struct compile_opts *opts);

#endif
