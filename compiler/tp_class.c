// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Which struct trace_event_raw_<class> holds a tracepoint's record. Events
 * made with TRACE_EVENT() have a class of their own name; DEFINE_EVENT()
 * events share their class's struct (sched_wakeup -> trace_event_raw_
 * sched_wakeup_template). The format file does not name the class, so look
 * in the target kernel's BTF (target.h) for a trace_event_raw_* struct whose
 * fields are exactly the format's (CO-RE still relocates every field at load
 * time on the node; only the struct's name comes from here).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

#include "tp_class.h"
#include "tracefs.h"

/* A name of btf: "" where the offset is bad (a snapshot's BTF comes from a node:
 * libbpf does not check every name offset).
 */
static const char *name_of(const struct btf *btf, __u32 off)
{
	const char *n = btf__name_by_offset(btf, off);

	return n ? n : "";
}

static bool fields_match(const struct btf *btf, const struct btf_type *t, const struct tf_format *fmt)
{
	const struct btf_member *m = btf_members(t);
	unsigned int vlen = btf_vlen(t), i, j = 0;

	for (i = 0; i < fmt->nr_fields; i++) {
		const struct tf_field *f = &fmt->fields[i];
		const char *want;
		char dl[96];

		if (f->common)
			continue;
		want = f->name;
		if (f->data_loc) {
			snprintf(dl, sizeof(dl), "__data_loc_%s", f->name);
			want = dl;
		}
		/* skip the leading "ent" (struct trace_entry) */
		while (j < vlen && strcmp(name_of(btf, m[j].name_off), "ent") == 0)
			j++;
		if (j >= vlen || strcmp(name_of(btf, m[j].name_off), want))
			return false;
		j++;
	}
	/* only the flexible __data[] may follow */
	return j == vlen || (j + 1 == vlen &&
			     strcmp(name_of(btf, m[j].name_off), "__data") == 0);
}

int tp_class_find(const struct btf *btf, const char *event, const struct tf_format *fmt, char *out,
		  size_t out_sz)
{
	char want[160];
	__u32 id, n;
	int ret = -ENOENT;

	snprintf(want, sizeof(want), "trace_event_raw_%s", event);
	/* the event's own name first */
	if (btf__find_by_name_kind(btf, want, BTF_KIND_STRUCT) > 0)
		return snprintf(out, out_sz, "%s", want) < (int)out_sz ? 0 : -ENAMETOOLONG;
	n = btf__type_cnt(btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name;

		if (!btf_is_struct(t))
			continue;
		name = name_of(btf, t->name_off);
		if (strncmp(name, "trace_event_raw_", 16) || !fields_match(btf, t, fmt))
			continue;
		ret = snprintf(out, out_sz, "%s", name) < (int)out_sz ? 0 : -ENAMETOOLONG;
		break;
	}
	return ret;
}
