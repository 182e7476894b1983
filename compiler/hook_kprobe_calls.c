// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-function hooks: call names (a kernel function's name, a syscall's base
 * name without its arch prefix) and the expansion of `call: list:NAME` from
 * spec.lists into one hook per function (Tetragon: pkg/sensors/tracing/lists_linux.go
 * validateList).
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---------------------------------------------------------------- generated_ftrace */

/* Go's regexp (RE2) syntax that POSIX ERE spells otherwise or not at all: escapes
 * other than punctuation and \w \W \s \S \b \B (same meaning in glibc's ERE), and
 * "(?" groups/flags. NULL if none; else what to say.
 */
static const char *re2_only(const char *pat, size_t *at)
{
	size_t i;

	for (i = 0; pat[i]; i++) {
		if (pat[i] == '(' && pat[i + 1] == '?') {
			*at = i;
			return "RE2 groups and flags '(?' are not supported (POSIX ERE)";
		}
		if (pat[i] != '\\')
			continue;
		if (!pat[i + 1])
			break;	/* regcomp reports a trailing backslash */
		if (((pat[i + 1] >= 'a' && pat[i + 1] <= 'z') || (pat[i + 1] >= 'A' && pat[i + 1] <= 'Z') ||
		     (pat[i + 1] >= '0' && pat[i + 1] <= '9')) && !strchr("wWsSbB", pat[i + 1])) {
			*at = i;
			return "this RE2 escape is not supported (POSIX ERE): use a bracket expression, e.g. [0-9] for \\d";
		}
		i++;
	}
	return NULL;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A generated_ftrace list: the target's available_filter_functions that match the
 * list's pattern, as Tetragon's ftrace.ReadAvailFuncs (pkg/ftrace/ftrace.go): the
 * lines up to the first with a space (the modules' functions follow vmlinux's, as
 * "name [module]"), sorted, duplicates dropped, "__ftrace_invalid_address__" entries
 * skipped, kept when the regex matches anywhere in the name. Tetragon compiles the
 * pattern with Go's regexp and ignores a bad one (every function then matches); tpc
 * uses POSIX ERE (the common subset: anchors, classes, repetition, alternation) and
 * reports a bad pattern.
 */
static int ftrace_list(struct lower_ctx *lc, const struct tp_list *l, const char ***calls,
		       size_t *n)
{
	const char *text, *pat = l->pattern.s, *what, *line, *end;
	char msg[160], *copy;
	const char **names, **v;
	size_t len, nr = 0, cap = 0, i, at, matched = 0, skipped = 0;
	const char *first_skipped = NULL;
	const struct btf *btf;
	unsigned int nr_params;
	uint32_t proto;
	regex_t re;
	int err;

	if (l->nr_values) {
		diag_error(lc->d, l->values_loc, "bad-list",
			   "list '%s' is generated_ftrace: it takes no values", l->name.s);
		return -EINVAL;
	}
	if (!pat || !*pat) {
		diag_error(lc->d, l->loc, "bad-list",
			   "list '%s' is generated_ftrace: it needs a pattern (a regex over the target's available_filter_functions)",
			   l->name.s);
		return -EINVAL;
	}
	what = re2_only(pat, &at);
	if (what) {
		diag_error(lc->d, l->pattern.loc, "bad-list", "bad pattern '%.64s' at offset %zu: %s",
			   pat, at, what);
		return -EINVAL;
	}
	err = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB);
	if (err) {
		regerror(err, &re, msg, sizeof(msg));
		diag_error(lc->d, l->pattern.loc, "bad-list", "bad pattern '%.64s': %s", pat, msg);
		return -EINVAL;
	}
	err = lower_need_btf(lc, l->loc, "a generated_ftrace list", &btf);
	err = err ?: lower_need_functions(lc, l->loc, "a generated_ftrace list", &text, &len);
	if (err) {
		regfree(&re);
		return err;
	}
	/* the names, in arena memory */
	copy = lower_alloc(lc, len + 1, 1);
	names = NULL;
	if (!copy) {
		regfree(&re);
		return -ENOMEM;
	}
	memcpy(copy, text, len);
	for (line = copy; line < copy + len; line = end + 1) {
		end = memchr(line, '\n', copy + len - line);
		if (!end)
			end = copy + len;
		*(char *)end = '\0';
		if (strchr(line, ' '))
			break;	/* the modules' functions */
		if (!*line)
			continue;
		if (nr == cap) {
			const char **nn = lower_alloc(lc, cap * 2 + 256, sizeof(*nn));

			if (!nn) {
				regfree(&re);
				return -ENOMEM;
			}
			if (nr)
				memcpy(nn, names, nr * sizeof(*nn));
			names = nn;
			cap = cap * 2 + 256;
		}
		names[nr++] = line;
	}
	if (nr)
		qsort(names, nr, sizeof(*names), cmp_name);
	v = lower_alloc(lc, nr ? nr : 1, sizeof(*v));
	if (!v) {
		regfree(&re);
		return -ENOMEM;
	}
	for (i = 0; i < nr; i++) {
		if (i && !strcmp(names[i - 1], names[i]))
			continue;
		if (strstr(names[i], "__ftrace_invalid_address__") || !kp_is_func_name(names[i]))
			continue;
		if (regexec(&re, names[i], 0, NULL, 0))
			continue;
		matched++;
		/* tpc types kernel-function hooks from BTF; compiler-made copies
		 * (.constprop.0, .isra.0) and some static functions have none
		 */
		if (btf_func_find(btf, names[i], &proto, &nr_params)) {
			if (!skipped++)
				first_skipped = names[i];
			continue;
		}
		v[(*n)++] = names[i];
	}
	regfree(&re);
	if (!matched) {
		diag_error(lc->d, l->pattern.loc, "bad-list",
			   "pattern '%.64s' matches no function in the target's available_filter_functions (%s)",
			   pat, target_where(lc->target, TARGET_FUNCTIONS));
		return -EINVAL;
	}
	if (skipped)
		diag_warn(lc->d, l->pattern.loc, "list-not-in-btf",
			  "%zu of the %zu functions pattern '%.64s' matches are not in the target's BTF (first: %.64s): skipped (tpc types kernel-function hooks from BTF; Tetragon would kprobe them)",
			  skipped, matched, pat, first_skipped);
	if (!*n) {
		diag_error(lc->d, l->pattern.loc, "bad-list",
			   "pattern '%.64s' matches no function of the target's BTF", pat);
		return -EINVAL;
	}
	if (*n > KP_FTRACE_LIST_MAX) {
		diag_error(lc->d, l->pattern.loc, "bad-list",
			   "pattern '%.64s' matches %zu functions; one generated_ftrace list makes at most %u hooks: narrow the pattern",
			   pat, *n, KP_FTRACE_LIST_MAX);
		*n = 0;
		return -EINVAL;
	}
	*calls = v;
	return 0;
}

/* call: "list:NAME": one hook per element (Tetragon: one kprobe per element, sharing
 * args and selectors). Values are expanded here; generated_syscalls from the target's
 * BTF (an explicit, recorded input: its __<arch>_sys_* functions), generated_ftrace
 * from its available_filter_functions (recorded as well).
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
	} else if (!strcmp(l->type.s, "generated_ftrace")) {
		err = ftrace_list(lc, l, calls, n);
	} else {
		diag_error(lc->d, l->type.loc, "bad-list",
			   "list '%s' has type '%.64s': Tetragon's list types are syscalls, generated_syscalls, generated_ftrace (or none)",
			   l->name.s, l->type.s);
		return -EINVAL;
	}
	if (!err && !*n)
		diag_warn(lc->d, kp->call.loc, "empty-list", "list '%s' is empty: no hook",
			  l->name.s);
	return err;
}
