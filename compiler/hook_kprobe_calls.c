// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-function hooks: call names (a kernel function's name, a syscall's base
 * name without its arch prefix) and the expansion of `call: list:NAME` from
 * spec.lists into one hook per function (Tetragon: pkg/sensors/tracing/policylists.go).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "btf_func.h"
#include "codegen_int.h"
#include "diag.h"
#include "emit.h"
#include "hook_kprobe_int.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "target.h"
#include "tracefs.h"

const char *const kp_sys_prefixes[KP_NR_SYS_PREFIXES] = { "__x64_", "__arm64_", "__ia32_" };

bool kp_is_func_name(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (!n || n > KP_NAME_MAX || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!(c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static const struct tp_list *find_list(const struct tp_policy *pol, const char *name)
{
	size_t i;

	for (i = 0; i < pol->nr_lists; i++)
		if (pol->lists[i].name.s && !strcmp(pol->lists[i].name.s, name))
			return &pol->lists[i];
	return NULL;
}

bool kp_list_is_syscalls(const struct tp_list *l)
{
	return l && l->type.s &&
	       (!strcmp(l->type.s, "syscalls") || !strcmp(l->type.s, "generated_syscalls"));
}

/* The list a "list:NAME" call names (NULL: not a list call). */
const struct tp_list *kp_call_list(const struct hook_entry *e)
{
	const struct tp_kprobe *kp = e->spec;

	if (e->kind == &hook_lsm || !kp->call.s || strncmp(kp->call.s, "list:", 5))
		return NULL;
	return find_list(e->pol, kp->call.s + 5);
}

/* The syscall name without an arch prefix of ours ("__x64_sys_dup" -> "sys_dup");
 * __ia32_ (the compat ABI) is kept: it names another function.
 */
const char *kp_sys_base(const char *name)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (!strncmp(name, kp_sys_prefixes[i], strlen(kp_sys_prefixes[i])))
			return name + strlen(kp_sys_prefixes[i]);
	return name;
}

/* ---------------------------------------------------------------- lists */

static int list_values(struct lower_ctx *lc, const struct tp_list *l, bool syscalls,
		       const char ***calls, size_t *n)
{
	const char **v = lower_alloc(lc, l->nr_values, sizeof(*v));
	size_t i;
	int ret = 0;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < l->nr_values; i++) {
		const char *s = l->values[i].s;

		/* syscalls lists: "i386/sys_dup" is the compat ABI's __ia32_sys_dup */
		if (syscalls && s && !strncmp(s, "i386/", 5)) {
			s = arena_printf(lc->arena, "__ia32_%s", s + 5);
			if (!s)
				return -ENOMEM;
		}
		if (!kp_is_func_name(s) || (syscalls && strncmp(kp_sys_base(s), "sys_", 4) &&
					 strncmp(s, "__ia32_sys_", 11))) {
			diag_error(lc->d, l->values[i].loc, "bad-list",
				   syscalls ? "list value '%.64s' is not a syscall (sys_<name>, or i386/sys_<name>)" :
				   "list value '%.64s' is not a function name", l->values[i].s);
			ret = -EINVAL;
			continue;
		}
		v[(*n)++] = s;
	}
	*calls = v;
	return ret;
}

/* call: "list:NAME": one hook per element (Tetragon: one kprobe per element, sharing
 * args and selectors). Values are expanded here; generated_syscalls from the target's
 * BTF (an explicit, recorded input: its __<arch>_sys_* functions).
 */
int kp_expand(struct lower_ctx *lc, const struct hook_entry *e, const char ***calls,
	      size_t *n)
{
	const struct tp_kprobe *kp = e->spec;
	const struct tp_list *l;
	const struct btf *btf;
	const char **names;
	size_t i, k;
	int err;

	*n = 0;
	if (!kp->call.s || strncmp(kp->call.s, "list:", 5)) {
		*calls = lower_alloc(lc, 1, sizeof(**calls));
		if (!*calls)
			return -ENOMEM;
		(*calls)[0] = kp->call.s;
		*n = 1;
		return 0;
	}
	l = kp_call_list(e);
	if (!l) {
		diag_error(lc->d, kp->call.loc, "bad-list", "no list named '%.64s' in spec.lists",
			   kp->call.s + 5);
		return -EINVAL;
	}
	if (!l->type.s || !strcmp(l->type.s, "") || !strcmp(l->type.s, "syscalls")) {
		err = list_values(lc, l, kp_list_is_syscalls(l), calls, n);
	} else if (!strcmp(l->type.s, "generated_syscalls")) {
		if (l->nr_values) {
			diag_error(lc->d, l->values_loc, "bad-list",
				   "list '%s' is generated_syscalls: it takes no values", l->name.s);
			return -EINVAL;
		}
		err = lower_need_btf(lc, l->loc, "a generated_syscalls list", &btf);
		if (err)
			return err;
		/* the syscalls of the target kernel: its __<arch>_sys_* wrappers */
		for (i = 0; i < 2; i++) {
			char prefix[32];

			snprintf(prefix, sizeof(prefix), "%ssys_", kp_sys_prefixes[i]);
			err = btf_funcs_with_prefix(btf, prefix, lc->arena, &names, &k);
			if (err)
				return err;
			if (k)
				break;
		}
		*calls = lower_alloc(lc, k, sizeof(**calls));
		if (!*calls)
			return -ENOMEM;
		for (i = 0; i < k; i++) {
			if (!strcmp(names[i], "ni_syscall") || !kp_is_func_name(names[i]))
				continue;	/* the "not implemented" stub */
			(*calls)[*n] = arena_printf(lc->arena, "sys_%s", names[i]);
			if (!(*calls)[(*n)++])
				return -ENOMEM;
		}
		err = 0;
	} else {
		diag_error(lc->d, l->type.loc, "unsupported",
			   "not supported yet: list type %s (it needs the target's available_filter_functions)",
			   l->type.s);
		return -EINVAL;
	}
	if (!err && !*n)
		diag_warn(lc->d, kp->call.loc, "empty-list", "list '%s' is empty: no hook",
			  l->name.s);
	return err;
}
