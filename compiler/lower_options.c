// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spec.options, and the checks that depend on them: tpc-fail-closed (a
 * tpc option; Tetragon ignores option names it does not know, so a policy
 * that sets it still loads in Tetragon), Tetragon's own options (applied,
 * refused, or reported as having no effect), and the warning for enforcing
 * filters on user memory read at syscall entry.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "ir.h"
#include "lower_int.h"
#include "policy.h"
#include "tp_argtypes.h"

#define TPC_OPT_FAIL_CLOSED	"tpc-fail-closed"

/* Go's strconv.ParseBool, which Tetragon uses for boolean options. */
static int parse_bool(const char *s, bool *out)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; s && i < sizeof(t) / sizeof(t[0]); i++) {
		if (!strcmp(s, t[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(s, f[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

int lower_options(struct lower_ctx *lc, const struct tp_policy *pol, struct ir_module *m)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < pol->nr_options; i++) {
		const struct tp_option *o = &pol->options[i];
		const char *name = o->name.s ? o->name.s : "";
		const char *val = o->value.s;
		struct tp_loc vloc = val ? o->value.loc : o->loc;

		if (!strcmp(name, TPC_OPT_FAIL_CLOSED)) {
			if (parse_bool(val, &m->fail_closed)) {
				diag_error(lc->d, vloc, "bad-value",
					   "option %s needs a boolean value (true or false)", name);
				ret = -EINVAL;
			}
		} else if (!strncmp(name, "tpc-", 4)) {
			diag_error(lc->d, o->name.loc, "bad-value",
				   "unknown tpc option '%s' (tpc options: %s)", name,
				   TPC_OPT_FAIL_CLOSED);
			ret = -EINVAL;
		} else if (!strcmp(name, "policy-mode")) {
			if (val && !strcasecmp(val, "enforce"))
				continue;	/* what tpc does */
			diag_error(lc->d, vloc, "unsupported",
				   "not supported yet: spec.options policy-mode '%s' (tpc has no monitor mode: the compiled policy would enforce)",
				   val ? val : "");
			ret = -EINVAL;
		} else if (!strcmp(name, "disable-kprobe-multi")) {
			diag_warn(lc->d, o->name.loc, "option-ignored",
				  "option '%s' has no effect: tpc attaches one program per kernel function (no kprobe_multi links)",
				  name);
		} else if (!strcmp(name, "override-method")) {
			diag_warn(lc->d, o->name.loc, "option-ignored",
				  "option '%s' has no effect: tpload picks how Override is done on each node (fmod_ret where trampolines work, else bpf_override_return; force one with tpload load --mechanism)",
				  name);
		} else if (!strcmp(name, "disable-uprobe-multi") ||
			   !strcmp(name, "sleepable-preload-size")) {
			diag_warn(lc->d, o->name.loc, "option-ignored",
				  "option '%s' has no effect: it is about uprobe or sleepable programs, which tpc does not generate yet",
				  name);
		} else {
			diag_warn(lc->d, o->name.loc, "option-ignored",
				  "unknown option '%s' is ignored (as Tetragon ignores options it does not know)",
				  name);
		}
	}
	return ret;
}

static const char *better_hook(const char *event)
{
	if (strstr(event, "exec"))
		return "match the executed file instead: hook sched/sched_process_exec and use matchBinaries (it sees the new executable, resolved by the kernel), or hook where the kernel holds it (lsmhooks bprm_check_security, kprobe security_bprm_check)";
	if (strstr(event, "open") || strstr(event, "creat"))
		return "match the opened file instead: an fd argument on the returned fd at syscalls/sys_exit_* (its path, resolved by the kernel), or hook where the kernel holds it (lsmhooks file_open, kprobe security_file_open)";
	return "prefer a hook where the kernel has copied the value (an LSM hook or a kprobe on the kernel function that uses it)";
}

void lower_warn_user_strings(struct lower_ctx *lc, const struct ir_module *m,
			     const struct ir_prog *p)
{
	size_t i, j;

	for (i = 0; i < p->nr_selectors; i++) {
		const struct ir_selector *s = &p->selectors[i];

		if (!s->enforces)
			continue;
		for (j = 0; j < s->nr_filters; j++) {
			const struct ir_filter *f = &s->filters[j];
			const struct ir_arg *a;

			if (f->kind != IR_F_ARG)
				continue;
			/* user_ptr: a system call's pointer argument, read at entry,
			 * before the kernel copies it
			 */
			a = &p->args[f->arg];
			if (a->type->repr != TP_REPR_STR || !a->user_ptr)
				continue;
			diag_warn(lc->d, f->loc, "unreadable-arg",
				  "this enforcing selector filters a string in user memory at syscall entry (%s, index %u): the kernel has not read it yet, so it may be unreadable (page not faulted in: the filter then cannot match) or be rewritten by another thread after the check",
				  p->target, a->index);
			diag_note(lc->d, f->loc, "%s", better_hook(p->target));
			if (m->fail_closed)
				diag_note(lc->d, f->loc,
					  "%s is set: an unreadable value matches; a rewrite after the check is still possible",
					  TPC_OPT_FAIL_CLOSED);
			else
				diag_note(lc->d, f->loc,
					  "or set spec.options %s: true, so an unreadable value matches (docs/policy-support.md)",
					  TPC_OPT_FAIL_CLOSED);
		}
	}
}
