// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Helpers shared by the tpload subcommands. */
#include <errno.h>
#include <stdio.h>

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
