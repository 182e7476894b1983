// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Record filters (ev_filter.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev_filter.h"

static const char *const type_names[EV_TYPE_COUNT] = {
	[EV_PROCESS_EXEC] = "process_exec",
	[EV_PROCESS_EXIT] = "process_exit",
	[EV_PROCESS_KPROBE] = "process_kprobe",
	[EV_PROCESS_TRACEPOINT] = "process_tracepoint",
	[EV_PROCESS_LSM] = "process_lsm",
};

const char *ev_type_name(enum ev_type t)
{
	return t < EV_TYPE_COUNT ? type_names[t] : NULL;
}

enum ev_type ev_type_parse(const char *name)
{
	int i;

	for (i = 0; i < EV_TYPE_COUNT; i++)
		if (!strcmp(name, type_names[i]))
			return (enum ev_type)i;
	return EV_TYPE_UNKNOWN;
}

static int add_policy(struct ev_filter *f, const char *v)
{
	char **p = realloc(f->policies, (f->nr_policies + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	f->policies = p;
	p[f->nr_policies] = strdup(v);
	if (!p[f->nr_policies])
		return -ENOMEM;
	f->nr_policies++;
	return 0;
}

static int add_binary(struct ev_filter *f, const char *v)
{
	struct ev_filter_bin *b = realloc(f->bins, (f->nr_bins + 1) * sizeof(*b));
	size_t len = strlen(v);

	if (!b)
		return -ENOMEM;
	f->bins = b;
	b += f->nr_bins;
	b->prefix = v[len - 1] == '*';
	b->len = b->prefix ? len - 1 : len;
	b->path = strndup(v, b->len);
	if (!b->path)
		return -ENOMEM;
	f->nr_bins++;
	return 0;
}

int ev_filter_add(struct ev_filter *f, enum ev_filter_kind k, const char *value, char *why,
		  size_t why_size)
{
	enum ev_type t;

	if (!value || !*value) {
		snprintf(why, why_size, "empty value");
		return -EINVAL;
	}
	switch (k) {
	case EV_F_POLICY:
		if (strchr(value, '/') || strlen(value) > 253) {
			snprintf(why, why_size, "not a policy name");
			return -EINVAL;
		}
		return add_policy(f, value);
	case EV_F_TYPE:
		t = ev_type_parse(value);
		if (t == EV_TYPE_UNKNOWN) {
			snprintf(why, why_size,
				 "unknown event type (process_exec, process_exit, process_kprobe, process_tracepoint, process_lsm)");
			return -EINVAL;
		}
		f->types |= 1u << t;
		return 0;
	case EV_F_BINARY:
		if (value[0] != '/') {
			snprintf(why, why_size, "not an absolute path");
			return -EINVAL;
		}
		if (strchr(value, '*') && strchr(value, '*')[1]) {
			snprintf(why, why_size, "'*' only at the end (a prefix)");
			return -EINVAL;
		}
		return add_binary(f, value);
	}
	snprintf(why, why_size, "unknown filter");
	return -EINVAL;
}

void ev_filter_free(struct ev_filter *f)
{
	size_t i;

	for (i = 0; i < f->nr_policies; i++)
		free(f->policies[i]);
	for (i = 0; i < f->nr_bins; i++)
		free(f->bins[i].path);
	free(f->policies);
	free(f->bins);
	memset(f, 0, sizeof(*f));
}

bool ev_filter_empty(const struct ev_filter *f)
{
	return !f->nr_policies && !f->types && !f->nr_bins;
}

static bool match_policy(const struct ev_filter *f, const char *policy)
{
	size_t i;

	if (!f->nr_policies)
		return true;
	for (i = 0; policy && i < f->nr_policies; i++)
		if (!strcmp(f->policies[i], policy))
			return true;
	return false;
}

static bool match_binary(const struct ev_filter *f, const char *bin, size_t len)
{
	const struct ev_filter_bin *b;
	size_t i;

	if (!f->nr_bins)
		return true;
	for (i = 0; len && i < f->nr_bins; i++) {
		b = &f->bins[i];
		if (b->prefix ? len >= b->len && !memcmp(bin, b->path, b->len) :
				len == b->len && !memcmp(bin, b->path, len))
			return true;
	}
	return false;
}

bool ev_filter_match(const struct ev_filter *f, const char *policy, enum ev_type type,
		     const char *binary, size_t len)
{
	if (f->types && (type >= EV_TYPE_COUNT || !(f->types & (1u << type))))
		return false;
	return match_policy(f, policy) && match_binary(f, binary, len);
}
