// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The input loop of `tpc compile` and `tpc check`: every input file, every
 * policy in it; all diagnostics of a run; one JSON document with -j.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "cmd_common.h"
#include "compile.h"
#include "diag.h"
#include "json_writer.h"
#include "log.h"
#include "policy.h"
#include "target.h"
#include "vec.h"

struct out_rec {
	char *path;
	char *policy;
	const char *kind;
	size_t size;
};

struct pol_rec {
	char *name;
	char *file;
	unsigned int doc;
	unsigned int hooks;
	char *hook_report;	/* JSON array, owned */
	bool ok;
	struct compile_input inputs[3 + TARGET_MODULES_MAX];	/* origins owned */
	size_t nr_inputs;
};

bool target_option(struct run_opts *ro, int opt, const char *arg)
{
	switch (opt) {
	case OPT_TRACEFS:
		ro->tracefs_dir = arg;
		return true;
	case OPT_BTF:
		ro->btf = arg;
		return true;
	case OPT_TARGET_SNAPSHOT:
		ro->snapshot = arg;
		return true;
	case OPT_BTF_MODULE:
		if (ro->nr_btf_modules < sizeof(ro->btf_modules) / sizeof(ro->btf_modules[0]))
			ro->btf_modules[ro->nr_btf_modules] = arg;
		ro->nr_btf_modules++;
		return true;
	}
	return false;
}

int target_options_check(const struct run_opts *ro)
{
	if (ro->snapshot && (ro->btf || ro->tracefs_dir)) {
		fprintf(stderr, "tpc %s: --target-snapshot already holds the BTF and the tracefs formats; do not combine it with --btf or --tracefs\n",
			ro->command);
		return TPC_EXIT_USAGE;
	}
	if (ro->nr_btf_modules > sizeof(ro->btf_modules) / sizeof(ro->btf_modules[0])) {
		fprintf(stderr, "tpc %s: at most %zu --btf-module options\n", ro->command,
			sizeof(ro->btf_modules) / sizeof(ro->btf_modules[0]));
		return TPC_EXIT_USAGE;
	}
	for (size_t i = 0; i < ro->nr_btf_modules; i++) {
		const char *eq = strchr(ro->btf_modules[i], '=');

		if (!eq || eq == ro->btf_modules[i] || !eq[1]) {
			fprintf(stderr, "tpc %s: --btf-module takes NAME=FILE, not '%s'\n",
				ro->command, ro->btf_modules[i]);
			return TPC_EXIT_USAGE;
		}
	}
	return 0;
}

/* The snapshot's machine as --arch spells it; NULL if tpc does not build for it. */
static const char *arch_of(const char *machine)
{
	if (!machine || !strcmp(machine, "x86_64"))
		return "x86";
	if (!strcmp(machine, "aarch64") || !strcmp(machine, "arm64"))
		return "arm64";
	return NULL;
}

static void json_target(struct json_writer *jw, const struct target *t)
{
	struct target_info ti;

	jsonw_name(jw, "target");
	if (!t) {
		jsonw_null(jw);
		return;
	}
	target_get_info(t, &ti);
	jsonw_start_object(jw);
	if (ti.snapshot) {
		jsonw_string_field(jw, "snapshot", ti.snapshot);
		jsonw_string_field(jw, "snapshot_sha256", ti.snapshot_sha256);
		if (ti.kernel)
			jsonw_string_field(jw, "kernel", ti.kernel);
		if (ti.machine)
			jsonw_string_field(jw, "machine", ti.machine);
	} else {
		jsonw_string_field(jw, "btf", ti.btf);
		jsonw_string_field(jw, "tracefs", ti.tracefs);
	}
	jsonw_end_object(jw);
}

/* Write buf to path atomically: path.tmp, then rename. */
static int write_atomic(const char *path, const void *buf, size_t len)
{
	char tmp[4096];
	int fd, n, err = 0;
	size_t off = 0;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t w = write(fd, (const char *)buf + off, len - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		off += w;
	}
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static bool is_dir(const char *p)
{
	struct stat st;
	size_t n = strlen(p);

	return (n && p[n - 1] == '/') || (stat(p, &st) == 0 && S_ISDIR(st.st_mode));
}

static int out_path(const struct run_opts *ro, const char *name, bool many, char *buf, size_t sz)
{
	const char *ext = ro->emit_c ? ".bpf.c" : ".bpf.o";
	int n;

	if (ro->output && !many && !is_dir(ro->output))
		n = snprintf(buf, sz, "%s", ro->output);
	else if (ro->output)
		n = snprintf(buf, sz, "%s%s%s%s", ro->output,
			     ro->output[strlen(ro->output) - 1] == '/' ? "" : "/", name, ext);
	else
		n = snprintf(buf, sz, "%s%s", name, ext);
	return n < 0 || (size_t)n >= sz ? -ENAMETOOLONG : 0;
}

/* Write one output and record it for the JSON report. */
static int write_out(struct cli_env *env, const struct run_opts *ro, const char *path,
		     const char *policy, const void *buf, size_t len, struct out_rec **outs,
		     size_t *nr_outs, size_t *cap_outs)
{
	int err = write_atomic(path, buf, len);

	if (err) {
		pr_warn("cannot write %s: %s\n", path, strerror(-err));
		return err;
	}
	if (!vec_ensure((void **)outs, cap_outs, sizeof(**outs), *nr_outs + 1)) {
		(*outs)[*nr_outs].path = strdup(path);
		(*outs)[*nr_outs].policy = strdup(policy);
		(*outs)[*nr_outs].kind = ro->emit_c ? "bpf.c" : "bpf.o";
		(*outs)[*nr_outs].size = len;
		(*nr_outs)++;
	}
	if (env->verbose)
		pr_info("wrote %s\n", path);
	return 0;
}

int run_inputs(struct cli_env *env, const struct run_opts *ro, int nr_inputs, char **inputs)
{
	bool sarif = ro->format && strcmp(ro->format, "sarif") == 0;
	bool github = ro->format && strcmp(ro->format, "github") == 0;
	bool buffered = env->json || sarif || github;
	struct diag_opts dopts = { .stream = buffered ? NULL : stderr, .buffer = buffered };
	struct target_opts to = { .btf = ro->btf, .tracefs = ro->tracefs_dir,
				  .snapshot = ro->snapshot, .btf_modules = ro->btf_modules,
				  .nr_btf_modules = ro->nr_btf_modules };
	struct compile_opts co = {
		.arch = ro->arch,
		.verbose = env->verbose,
		.dump_after = ro->dump_after,
		.dump_stream = stderr,
		.stop_after_codegen = ro->check_only || ro->emit_c,
	};
	struct out_rec *outs = NULL;
	struct pol_rec *pols = NULL;
	struct compile_unit *units = NULL;
	size_t nr_outs = 0, nr_pols = 0, cap_outs = 0, cap_pols = 0, total = 0, i;
	size_t nr_units = 0, cap_units = 0;
	struct diag *d = diag_new(&dopts);
	int first_err = 0, ret = TPC_EXIT_OK, err, perr, in;
	bool to_stdout;

	struct target *tgt = NULL;
	bool skip = false;
	char why[600];

	if (!d) {
		fprintf(stderr, "%s: out of memory\n", env->prog);
		return TPC_EXIT_TOOL;
	}
	err = target_new(&to, &tgt, why, sizeof(why));
	if (err) {
		/* like an input that cannot be read: a location-less diagnostic, exit 3 */
		diag_error(d, (struct tp_loc){ .file = diag_add_file(d, ro->snapshot) },
			   err == -EINVAL ? "bad-snapshot" : "io", "%s", why);
		first_err = err == -EINVAL ? -ENODATA : err;
		skip = true;	/* nothing is compiled without its target */
	} else if (!ro->arch) {
		struct target_info ti;

		target_get_info(tgt, &ti);
		co.arch = arch_of(ti.machine);
		if (!co.arch) {
			diag_error(d, (struct tp_loc){ .file = diag_add_file(d, ro->snapshot) },
				   "bad-snapshot",
				   "the snapshot's machine '%s' is not one tpc builds for (x86_64, aarch64)",
				   ti.machine);
			first_err = -ENODATA;
			skip = true;
		}
	}
	co.target = tgt;
	if (ro->arch_out)
		*ro->arch_out = co.arch ? co.arch : "x86";

	/* count policies first so -o knows whether it names a file or a dir */
	for (in = 0; !skip && in < nr_inputs; in++) {
		struct tp_arena *a = arena_new();
		struct diag_opts q = { .stream = NULL };
		struct diag *dq = diag_new(&q);
		struct tp_policy *pol = NULL, *p;

		if (a && dq) {
			policy_parse_file(inputs[in], a, dq, &pol);
			for (p = pol; p; p = p->next)
				total++;
		}
		diag_free(dq);
		arena_free(a);
	}
	to_stdout = ro->emit_c && !ro->output;
	/* objects: codegen for every policy first, then clang for all of them
	 * (in parallel: compile_objects), then the writes
	 */
	co.stop_after_codegen = true;

	for (in = 0; !skip && in < nr_inputs; in++) {
		struct tp_arena *arena = arena_new();
		struct tp_policy *pol = NULL, *p;

		if (!arena) {
			first_err = first_err ?: -ENOMEM;
			break;
		}
		perr = policy_parse_file(inputs[in], arena, d, &pol);
		if (perr && perr != -EINVAL) {
			first_err = first_err ?: perr;
			arena_free(arena);
			continue;
		}
		for (p = pol; p; p = p->next) {
			struct compile_result res = {};
			unsigned int before = diag_error_cnt(d);
			struct pol_rec *pr = NULL;
			char path[4096];

			if (!vec_ensure((void **)&pols, &cap_pols, sizeof(*pols), nr_pols + 1))
				pr = &pols[nr_pols++];
			if (pr) {
				memset(pr, 0, sizeof(*pr));
				pr->name = strdup(p->name.s ? p->name.s : "");
				pr->file = strdup(inputs[in]);
				pr->doc = p->doc_idx;
			}
			/* phases stop at errors: a file that did not parse is not compiled */
			if (perr == -EINVAL)
				continue;
			for (i = 0; pr && i + 1 < nr_pols; i++)
				if (p->name.s && pols[i].name && strcmp(pols[i].name, p->name.s) == 0) {
					diag_error(d, p->name.loc, "duplicate-policy",
						   "policy name '%s' is used twice in this run (%s)",
						   p->name.s, pols[i].file);
					break;
				}
			if (diag_error_cnt(d) > before)
				continue;
			err = compile_policy(p, &co, arena, d, &res);
			if (err == -ENODATA) {	/* a kernel input is missing: reported */
				first_err = first_err ?: err;
				compile_result_free(&res);
				continue;
			}
			if (err == -EINVAL) {
				compile_result_free(&res);
				continue;
			}
			if (err) {
				first_err = first_err ?: err;
				compile_result_free(&res);
				continue;
			}
			if (pr) {
				pr->ok = diag_error_cnt(d) == before;
				pr->hooks = res.nr_hooks;
				pr->hook_report = res.hook_report;
				res.hook_report = NULL;	/* moved */
				for (i = 0; i < res.nr_inputs; i++) {
					pr->inputs[i] = res.inputs[i];
					res.inputs[i].origin = NULL;	/* moved */
					if (env->verbose)
						pr_info("%s: target %s %s sha256:%s\n", pr->name,
							pr->inputs[i].kind, pr->inputs[i].origin,
							pr->inputs[i].sha256);
				}
				pr->nr_inputs = res.nr_inputs;
			}
			if (ro->check_only) {
				compile_result_free(&res);
				continue;
			}
			if (to_stdout) {
				if (!env->json)
					fwrite(res.c, 1, res.c_len, stdout);
				compile_result_free(&res);
				continue;
			}
			if (ro->emit_c) {
				err = out_path(ro, p->name.s, total > 1, path, sizeof(path));
				err = err ?: write_out(env, ro, path, p->name.s, res.c, res.c_len,
						       &outs, &nr_outs, &cap_outs);
				first_err = first_err ?: err;
				compile_result_free(&res);
				continue;
			}
			if (vec_ensure((void **)&units, &cap_units, sizeof(*units), nr_units + 1) ||
			    !(units[nr_units].policy = strdup(p->name.s)) ||
			    !(units[nr_units].file = strdup(inputs[in]))) {
				first_err = first_err ?: -ENOMEM;
				compile_result_free(&res);
				continue;
			}
			units[nr_units].c = res.c;	/* owned by units[] from here */
			units[nr_units].c_len = res.c_len;
			res.c = NULL;
			nr_units++;
			compile_result_free(&res);
		}
		arena_free(arena);
	}

	err = compile_objects(units, nr_units, &co);
	first_err = first_err ?: err;
	for (i = 0; i < nr_units; i++) {
		char path[4096];

		if (units[i].err)
			continue;
		if (ro->obj_sink) {
			err = ro->obj_sink(ro->sink_ctx, units[i].policy, units[i].file, units[i].obj,
					   units[i].obj_len);
			first_err = first_err ?: err;
			continue;
		}
		err = out_path(ro, units[i].policy, total > 1, path, sizeof(path));
		err = err ?: write_out(env, ro, path, units[i].policy, units[i].obj,
				       units[i].obj_len, &outs, &nr_outs, &cap_outs);
		first_err = first_err ?: err;
	}
	for (i = 0; i < nr_units; i++) {
		free((char *)units[i].policy);
		free((char *)units[i].file);
		free((char *)units[i].c);
		free(units[i].obj);
	}
	free(units);

	if (ro->finish && !first_err && !diag_error_cnt(d))
		first_err = ro->finish(ro->sink_ctx);
	ret = cli_exit_code(first_err, diag_error_cnt(d));
	if (sarif)
		diag_write_sarif(d, stdout, TPC_VERSION, env->pretty);
	else if (github)
		diag_write_github(d, stdout);
	else if (env->json) {
		struct json_writer *jw = jsonw_new(stdout);

		if (jw) {
			jsonw_pretty(jw, env->pretty);
			jsonw_start_object(jw);
			jsonw_bool_field(jw, "ok", ret == TPC_EXIT_OK);
			jsonw_string_field(jw, "command", ro->command);
			jsonw_int_field(jw, "exit_code", ret);
			jsonw_name(jw, "inputs");
			jsonw_start_array(jw);
			for (in = 0; in < nr_inputs; in++)
				jsonw_string(jw, inputs[in]);
			jsonw_end_array(jw);
			json_target(jw, tgt);
			jsonw_name(jw, "policies");
			jsonw_start_array(jw);
			for (i = 0; i < nr_pols; i++) {
				jsonw_start_object(jw);
				jsonw_string_field(jw, "name", pols[i].name ? pols[i].name : "");
				jsonw_string_field(jw, "file", pols[i].file ? pols[i].file : "");
				jsonw_uint_field(jw, "document", pols[i].doc);
				jsonw_uint_field(jw, "hooks", pols[i].hooks);
				if (pols[i].hook_report) {
					jsonw_name(jw, "hook_report");
					jsonw_printf(jw, "%s", pols[i].hook_report);
				}
				jsonw_bool_field(jw, "ok", pols[i].ok);
				jsonw_name(jw, "targets");
				jsonw_start_array(jw);
				for (size_t k = 0; k < pols[i].nr_inputs; k++) {
					jsonw_start_object(jw);
					jsonw_string_field(jw, "kind", pols[i].inputs[k].kind);
					jsonw_string_field(jw, "origin", pols[i].inputs[k].origin);
					jsonw_string_field(jw, "sha256", pols[i].inputs[k].sha256);
					jsonw_end_object(jw);
				}
				jsonw_end_array(jw);
				jsonw_end_object(jw);
			}
			jsonw_end_array(jw);
			jsonw_name(jw, "outputs");
			jsonw_start_array(jw);
			for (i = 0; i < nr_outs; i++) {
				jsonw_start_object(jw);
				jsonw_string_field(jw, "kind", outs[i].kind);
				jsonw_string_field(jw, "path", outs[i].path);
				jsonw_string_field(jw, "policy", outs[i].policy);
				jsonw_uint_field(jw, "size", outs[i].size);
				jsonw_end_object(jw);
			}
			jsonw_end_array(jw);
			if (ro->json_extra)
				ro->json_extra(ro->sink_ctx, jw);
			jsonw_name(jw, "diagnostics");
			diag_write_json(d, jw);
			jsonw_end_object(jw);
			jsonw_destroy(&jw);
		}
	}
	for (i = 0; i < nr_outs; i++) {
		free(outs[i].path);
		free(outs[i].policy);
	}
	for (i = 0; i < nr_pols; i++) {
		free(pols[i].name);
		free(pols[i].file);
		free(pols[i].hook_report);
		for (size_t k = 0; k < pols[i].nr_inputs; k++)
			free(pols[i].inputs[k].origin);
	}
	target_free(tgt);
	free(outs);
	free(pols);
	diag_free(d);
	return ret;
}
