// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Helpers shared by the tpload subcommands. */
#include <errno.h>
#include <stdio.h>

#include <string.h>

#include "bundle.h"
#include "cli.h"
#include "core.h"
#include "log.h"

int cli_exit_env(int err)
{
	if (err == 0)
		return TPLOAD_EXIT_OK;
	if (err == -EFAULT)
		return TPLOAD_EXIT_BUG;
	if (err == -ENOMEM)
		pr_warn("out of memory\n");
	return TPLOAD_EXIT_ENV;
}

struct json_writer *cli_json(const struct cli_env *env)
{
	struct json_writer *w;

	if (!env->json)
		return NULL;
	w = jsonw_new(stdout);
	if (w) {
		jsonw_pretty(w, env->pretty);
		jsonw_start_object(w);
	}
	return w;
}

void cli_json_finish(struct json_writer **w, bool ok)
{
	size_t i;

	if (!*w)
		return;
	jsonw_bool_field(*w, "ok", ok);
	jsonw_name(*w, "errors");
	jsonw_start_array(*w);
	for (i = 0; i < log_nr_kept(); i++)
		jsonw_string(*w, log_kept(i));
	jsonw_end_array(*w);
	jsonw_end_object(*w);
	jsonw_destroy(w);
}

int cli_exit_load(int err, bool rejected)
{
	if (rejected)
		return TPLOAD_EXIT_POLICY;
	switch (-err) {
	case 0:
		return TPLOAD_EXIT_OK;
	case EFAULT:
		return TPLOAD_EXIT_BUG;
	case EPERM:
	case EACCES:
	case ENOMEM:
	case EMFILE:
	case ENFILE:
	case EBUSY:
	case EAGAIN:
	case EIO:
	case EOPNOTSUPP:
		return cli_exit_env(err);
	default:
		return TPLOAD_EXIT_POLICY;
	}
}

void cli_print_repairs(const struct tp_root *r)
{
	size_t i;

	for (i = 0; i < r->nr_repairs; i++)
		pr_note("repaired: %s\n", r->repairs[i]);
}

void cli_json_repairs(struct json_writer *w, const struct tp_root *r)
{
	size_t i;

	if (!w)
		return;
	jsonw_name(w, "repaired");
	jsonw_start_array(w);
	for (i = 0; i < r->nr_repairs; i++)
		jsonw_string(w, r->repairs[i]);
	jsonw_end_array(w);
}

/* "rejected": the program, its hook, the last lines of the verifier log */
void cli_json_rejection(struct json_writer *w, const struct tp_bundle *b)
{
	const char *prog = tp_bundle__rejected_prog(b), *log = tp_bundle__verifier_log(b);
	const struct tp_meta_hook *h = meta_hook_by_prog(tp_bundle__meta(b), prog);
	const char *p, *nl, *start;
	int lines = 0;

	if (!prog || !log)
		return;
	jsonw_name(w, "rejected");
	jsonw_start_object(w);
	jsonw_string_field(w, "program", prog);
	if (h) {
		jsonw_int_field(w, "hook", h->id);
		jsonw_string_field(w, "location", h->loc);
	}
	/* the tail: the last 30 lines */
	start = log + strlen(log);
	while (start > log && start[-1] == '\n')
		start--;
	while (start > log && !(start[-1] == '\n' && ++lines == 30))
		start--;
	jsonw_name(w, "verifier_log");
	jsonw_start_array(w);
	for (p = start; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			jsonw_string(w, p);
			break;
		}
		jsonw_string_len(w, p, (size_t)(nl - p));
	}
	jsonw_end_array(w);
	jsonw_end_object(w);
}
