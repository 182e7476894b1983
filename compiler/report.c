// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The per-hook compile report (report.h), from the IR after assign-names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "ir.h"
#include "json_writer.h"
#include "report.h"

/* What an Override of a hook of kind k needs from the node's kernel. */
static const char *override_needs(const struct ir_prog *p)
{
	if (p->kind == &hook_lsm)
		return "BPF-LSM: the program's return value is the hook's verdict";
	return "fmod_ret on BPF trampolines (the kernel allows it for security_* functions and its error-injection list), or a kprobe with bpf_override_return (CONFIG_BPF_KPROBE_OVERRIDE; the error-injection list)";
}

static void hook_json(struct json_writer *w, const struct ir_prog *p)
{
	char req[160];
	size_t i, j;
	bool ovr = false;

	jsonw_start_object(w);
	jsonw_uint_field(w, "id", p->id);
	jsonw_string_field(w, "kind", p->kind->name);
	jsonw_string_field(w, "target", p->target);
	if (p->kind->requires)
		p->kind->requires(p, req, sizeof(req));
	else
		snprintf(req, sizeof(req), "%s", p->kind->feature);
	jsonw_string_field(w, "requires", req);
	jsonw_name(w, "programs");
	jsonw_start_array(w);
	if (!p->nr_vars) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", p->c_name);
		jsonw_string_field(w, "section", p->sec);
		jsonw_end_object(w);
	}
	for (i = 0; i < p->nr_vars; i++) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", p->vars[i].name);
		jsonw_string_field(w, "section", p->vars[i].sec);
		if (p->vars[i].mech)
			jsonw_string_field(w, "mechanism", p->vars[i].mech);
		jsonw_bool_field(w, "return", p->vars[i].ret);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	for (i = 0; i < p->nr_selectors && !ovr; i++)
		for (j = 0; j < p->selectors[i].nr_actions; j++)
			ovr |= p->selectors[i].actions[j].kind == IR_ACT_OVERRIDE;
	if (ovr) {
		jsonw_name(w, "override");
		jsonw_start_object(w);
		jsonw_name(w, "errors");
		jsonw_start_array(w);
		for (i = 0; i < p->nr_selectors; i++)
			for (j = 0; j < p->selectors[i].nr_actions; j++)
				if (p->selectors[i].actions[j].kind == IR_ACT_OVERRIDE)
					jsonw_int(w, p->selectors[i].actions[j].err);
		jsonw_end_array(w);
		jsonw_string_field(w, "needs", override_needs(p));
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
}

int report_hooks_json(const struct ir_module *m, char **out)
{
	struct json_writer *w;
	size_t len = 0, i;
	FILE *f;
	int err;

	*out = NULL;
	f = open_memstream(out, &len);
	if (!f)
		return -ENOMEM;
	w = jsonw_new(f);
	if (!w) {
		fclose(f);
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	jsonw_start_array(w);
	for (i = 0; i < m->nr_progs; i++)
		hook_json(w, &m->progs[i]);
	jsonw_end_array(w);
	err = jsonw_error(w) ? -ENOMEM : 0;
	jsonw_destroy(&w);
	if (fclose(f) || err) {
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	while (len && ((*out)[len - 1] == '\n' || (*out)[len - 1] == ' '))
		(*out)[--len] = '\0';	/* embedded in tpc's -j document */
	return 0;
}
