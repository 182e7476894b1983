// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel-object event args as text (`tpload events` without -j): a short readable
 * form, with every string from the kernel escaped (util.h: a file or module name is
 * attacker's text).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ev_kobj.h"
#include "tp_caps.h"
#include "util.h"

static bool payload_ok(const struct tp_ev_arg *a, size_t need)
{
	return a->len >= need;
}

bool ev_kobj_text(FILE *f, const struct tp_ev_arg *a, const char *p, const char *type)
{
	char buf[160];

	(void)type;
	switch (a->type) {
	case TP_EVA_FILE: {
		struct tp_eva_file h;
		char pb[TP_PATH_MAX + 8];

		if (!payload_ok(a, sizeof(h)))
			break;
		memcpy(&h, p, sizeof(h));
		ev_mode_str(buf, sizeof(buf), h.mode);
		fprintf(f, "%s ", buf);
		fput_escaped_n(f, pb, ev_file_path(pb, sizeof(pb), a, p), false);
		return true;
	}
	case TP_EVA_CRED: {
		struct tp_eva_cred c;

		if (!payload_ok(a, sizeof(c)))
			break;
		memcpy(&c, p, sizeof(c));
		fprintf(f, "cred uid=%u euid=%u gid=%u egid=%u caps=%016" PRIx64, c.uid, c.euid,
			c.gid, c.egid, (uint64_t)c.cap_effective);
		return true;
	}
	case TP_EVA_USERNS: {
		struct tp_eva_userns u;

		if (!payload_ok(a, sizeof(u)))
			break;
		memcpy(&u, p, sizeof(u));
		fprintf(f, "userns level=%d inum=%u", u.level, u.inum);
		return true;
	}
	case TP_EVA_CAP: {
		int64_t v;

		if (!payload_ok(a, sizeof(v)))
			break;
		memcpy(&v, p, sizeof(v));
		fprintf(f, "%s", v >= 0 && v <= TP_CAP_LAST ? tp_cap_name((unsigned int)v) : "?");
		return true;
	}
	case TP_EVA_CAPS: {
		uint64_t v;

		if (!payload_ok(a, sizeof(v)))
			break;
		memcpy(&v, p, sizeof(v));
		fprintf(f, "caps %016" PRIx64, v);
		return true;
	}
	case TP_EVA_BPF_PROG: {
		struct tp_eva_bpf_prog b;

		if (!payload_ok(a, sizeof(b)))
			break;
		memcpy(&b, p, sizeof(b));
		ev_prog_type(buf, sizeof(buf), b.prog_type);
		fprintf(f, "%s \"", buf);
		fput_escaped_n(f, b.name, sizeof(b.name), true);
		fprintf(f, "\" insns=%u", b.insn_cnt);
		return true;
	}
	case TP_EVA_BPF_MAP: {
		struct tp_eva_bpf_map b;

		if (!payload_ok(a, sizeof(b)))
			break;
		memcpy(&b, p, sizeof(b));
		ev_map_type(buf, sizeof(buf), b.map_type);
		fprintf(f, "%s \"", buf);
		fput_escaped_n(f, b.name, sizeof(b.name), true);
		fputc('"', f);
		return true;
	}
	case TP_EVA_PERF_EVENT: {
		struct tp_eva_perf_event pe;

		if (!payload_ok(a, sizeof(pe)))
			break;
		memcpy(&pe, p, sizeof(pe));
		ev_perf_type(buf, sizeof(buf), pe.type);
		fprintf(f, "%s \"", buf);
		fput_escaped_n(f, pe.kprobe_func, sizeof(pe.kprobe_func), true);
		fputc('"', f);
		return true;
	}
	case TP_EVA_MODULE: {
		struct tp_eva_module m;

		if (!payload_ok(a, sizeof(m)))
			break;
		memcpy(&m, p, sizeof(m));
		fputs("module \"", f);
		fput_escaped_n(f, m.name, sizeof(m.name), true);
		fputc('"', f);
		return true;
	}
	case TP_EVA_FAULT: {
		uint32_t st;

		if (!payload_ok(a, sizeof(st)))
			break;
		memcpy(&st, p, sizeof(st));
		ev_fault_message(buf, sizeof(buf), st);
		fprintf(f, "<%s>", buf);
		return true;
	}
	default:
		return false;
	}
	fprintf(f, "<malformed>");
	return true;
}
