// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The pipeline after parsing, for one policy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "compile.h"
#include "diag.h"
#include "ir.h"
#include "log.h"
#include "lower.h"
#include "pass.h"
#include "policy.h"
#include "toolchain.h"

#ifndef TPC_VERSION
#define TPC_VERSION "dev"
#endif

void compile_result_free(struct compile_result *res)
{
	if (!res)
		return;
	free(res->c);
	free(res->obj);
	memset(res, 0, sizeof(*res));
}

/* "policies/x.yaml" + name -> "<name>.bpf.c" (virtual, no directories) */
static int src_name(const struct tp_policy *pol, char *buf, size_t sz)
{
	int n = snprintf(buf, sz, "%s.bpf.c", pol->name.s);

	return n < 0 || (size_t)n >= sz ? -ENAMETOOLONG : 0;
}

int compile_policy(const struct tp_policy *pol, const struct compile_opts *opts,
		   struct tp_arena *arena, struct diag *d, struct compile_result *res)
{
	struct lower_opts lo = { .tracefs_dir = opts->tracefs_dir };
	struct codegen_opts co = { .version = TPC_VERSION };
	struct pass_ctx pc = {
		.diag = d,
		.arena = arena,
		.verify_ir = true,
		.dump_after = opts->dump_after,
		.dump_stream = opts->dump_stream,
	};
	struct ir_module *m = NULL;
	struct cc_output cco = {};
	struct cc_job job = {};
	char *meta = NULL, name[300];
	size_t meta_len = 0;
	int err;

	memset(res, 0, sizeof(*res));
	err = sema_check(pol, d);
	err = err ?: ir_lower(pol, &lo, arena, d, &m);
	err = err ?: pipeline_run(m, &pc);
	err = err ?: codegen_emit(m, &co, &res->c, &res->c_len, &meta, &meta_len);
	free(meta);
	if (err)
		return err;
	res->nr_hooks = m->nr_progs;
	if (opts->stop_after_codegen)
		return 0;

	err = src_name(pol, name, sizeof(name));
	if (err)
		return err;
	job.src_name = name;
	job.src = res->c;
	job.src_len = res->c_len;
	job.arch = opts->arch ? opts->arch : "x86";
	job.verbose = opts->verbose;
	job.last = opts->last_compile;
	err = cc_compile_bpf(&job, &cco);
	if (err == -EINVAL && cco.log) {
		/* clang rejecting generated code is our bug, not the user's */
		pr_warn("internal error: clang rejected the C generated for policy '%s':\n%s",
			pol->name.s, cco.log);
		pr_warn("note: see it with: tpc compile --emit-c %s\n", pol->file);
		err = -EFAULT;
	} else if (!err && cco.log && opts->verbose) {
		pr_info("clang: %s", cco.log);
	}
	if (!err) {
		res->obj = cco.obj;
		res->obj_len = cco.obj_len;
		cco.obj = NULL;
	}
	cc_output_free(&cco);
	return err;
}
