// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The pipeline after parsing, for one policy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen.h"
#include "compile.h"
#include "report.h"
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
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->nr_inputs; i++)
		free(res->inputs[i].origin);
	free(res->hook_report);
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
	struct lower_opts lo = { .target = opts->target };
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
	err = report_hooks_json(m, &res->hook_report);
	if (err)
		return err;
	for (size_t i = 0; i < m->nr_inputs && i < sizeof(res->inputs) / sizeof(res->inputs[0]);
	     i++) {
		struct compile_input *ci = &res->inputs[res->nr_inputs];

		ci->kind = !strcmp(m->inputs[i].kind, "btf") ? "btf" :
			   !strcmp(m->inputs[i].kind, "functions") ? "functions" :
			   !strcmp(m->inputs[i].kind, "btf-module") ? "btf-module" : "tracefs";
		ci->origin = strdup(m->inputs[i].origin);
		if (!ci->origin)
			return -ENOMEM;
		memcpy(ci->sha256, m->inputs[i].sha256, sizeof(ci->sha256));
		res->nr_inputs++;
	}
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

/* A clang error on generated code is our bug, not the user's. */
static int cc_result(const char *policy, const char *file, int err, struct cc_output *cco,
		     int verbose)
{
	if (err == -EINVAL && cco->log) {
		pr_warn("internal error: clang rejected the C generated for policy '%s':\n%s",
			policy, cco->log);
		pr_warn("note: see it with: tpc compile --emit-c %s\n", file);
		return -EFAULT;
	}
	if (!err && cco->log && verbose)
		pr_info("clang: %s", cco->log);
	return err;
}

int compile_objects(struct compile_unit *u, size_t n, const struct compile_opts *opts)
{
	struct cc_output *outs = NULL;
	struct cc_job *jobs = NULL;
	char (*names)[300] = NULL;
	int *errs = NULL, first = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i;

	if (!n)
		return 0;
	jobs = calloc(n, sizeof(*jobs));
	outs = calloc(n, sizeof(*outs));
	errs = calloc(n, sizeof(*errs));
	names = calloc(n, sizeof(*names));
	if (!jobs || !outs || !errs || !names) {
		first = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		int len = snprintf(names[i], sizeof(names[i]), "%s.bpf.c", u[i].policy);

		if (len < 0 || (size_t)len >= sizeof(names[i])) {
			first = -ENAMETOOLONG;
			goto out;
		}
		jobs[i].src_name = names[i];
		jobs[i].src = u[i].c;
		jobs[i].src_len = u[i].c_len;
		jobs[i].arch = opts->arch ? opts->arch : "x86";
		jobs[i].verbose = opts->verbose;
		jobs[i].last = n == 1;
	}
	if (n == 1)
		errs[0] = cc_compile_bpf(&jobs[0], &outs[0]);
	else
		cc_compile_many(jobs, n, cpus > 8 ? 8 : cpus > 0 ? (unsigned int)cpus : 1, outs, errs);
	for (i = 0; i < n; i++) {
		u[i].err = cc_result(u[i].policy, u[i].file, errs[i], &outs[i], opts->verbose);
		if (!u[i].err) {
			u[i].obj = outs[i].obj;
			u[i].obj_len = outs[i].obj_len;
			outs[i].obj = NULL;
		}
		first = first ?: u[i].err;
		cc_output_free(&outs[i]);
	}
out:
	if (first && outs)
		for (i = 0; i < n; i++)
			if (!u[i].err && !u[i].obj)
				u[i].err = first;
	free(jobs);
	free(outs);
	free(errs);
	free(names);
	return first;
}
