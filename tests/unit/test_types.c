// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Argument types for kernel objects: the BTF they are checked and walked against
 * (compiler/kbtf.c, on the golden BTF), capability names (lib/tp_caps.c), and how
 * tpload renders their payloads (runtime/ev_kobj.c) as Tetragon does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "arena.h"
#include "ev_kobj.h"
#include "hooks.h"
#include "ir.h"
#include "json_writer.h"
#include "kbtf.h"
#include "test.h"
#include "tp_abi.h"
#include "tp_caps.h"

#define GOLDEN_BTF "tests/golden/btf/vmlinux.btf"

/* hf: TP_PROTO argument i of raw tracepoint event */
static bool raw_tp_arg(struct btf *btf, const char *event, unsigned int i, struct tp_arena *a,
		       struct hook_field *hf)
{
	char td[96];
	uint32_t proto;
	unsigned int n;
	const char *name;

	snprintf(td, sizeof(td), "btf_trace_%s", event);
	if (kbtf_func_ptr_proto(btf, td, &proto, &n) || i + 1 >= n)
		return false;
	memset(hf, 0, sizeof(*hf));
	return !kbtf_field(btf, kbtf_param(btf, proto, i + 1, &name), "arg", a, hf);
}

void test_kbtf_values(void)
{
	struct btf *btf = btf__parse(GOLDEN_BTF, NULL);
	struct tp_arena *a = arena_new();
	struct hook_field hf;
	uint32_t proto;
	unsigned int n;
	char what[160];

	if (!ASSERT_TRUE(btf && a, "golden BTF"))
		goto out;
	ASSERT_OK(kbtf_func_ptr_proto(btf, "btf_trace_sched_process_exec", &proto, &n), "proto");
	ASSERT_EQ(n, 4, "void *__data, task, old_pid, bprm");
	ASSERT_EQ(kbtf_func_ptr_proto(btf, "btf_trace_nope", &proto, &n), -ENOENT, "no typedef");
	if (!ASSERT_TRUE(raw_tp_arg(btf, "sched_process_exec", 2, a, &hf), "bprm"))
		goto out;
	ASSERT_STREQ(hf.decl, "struct linux_binprm *", "C spelling");
	ASSERT_TRUE(hf.is_ptr && hf.size == 8, "a pointer");
	ASSERT_EQ(kbtf_points_to(&hf, "linux_binprm", false, what, sizeof(what)), 1, "bprm");
	ASSERT_EQ(kbtf_points_to(&hf, "file", false, what, sizeof(what)), 0, "not a file");
	ASSERT_EQ(kbtf_points_to(&hf, "linux_binprm", true, what, sizeof(what)), 0, "not a union");
	ASSERT_STREQ(kbtf_tetragon_type(btf, hf.btf_id), "linux_binprm", "Tetragon's type");
	ASSERT_TRUE(raw_tp_arg(btf, "sched_process_exec", 1, a, &hf), "old_pid");
	ASSERT_TRUE(!hf.is_ptr && hf.size == 4 && hf.is_signed, "pid_t: s32");
	ASSERT_EQ(kbtf_points_to(&hf, "file", false, what, sizeof(what)), -1, "not a pointer");
	ASSERT_TRUE(raw_tp_arg(btf, "sched_process_exec", 0, a, &hf), "task");
	/* a struct reached only through pointers is a forward declaration: still named */
	ASSERT_EQ(kbtf_points_to(&hf, "task_struct", false, what, sizeof(what)), 1, "task");
	ASSERT_TRUE(raw_tp_arg(btf, "cap_capable", 0, a, &hf), "cred");
	ASSERT_STREQ(hf.decl, "const struct cred *", "const");
	ASSERT_EQ(kbtf_points_to(&hf, "cred", false, what, sizeof(what)), 1, "through const");
out:
	btf__free(btf);
	arena_free(a);
}

/* resolve @path from TP_PROTO argument @i of @event; 0 or -EINVAL with err */
static int walk(struct btf *btf, const char *event, unsigned int i, const char *path,
		struct tp_arena *a, struct ir_resolve *rs, struct hook_field *leaf, char *err)
{
	struct hook_field hf;

	if (!raw_tp_arg(btf, event, i, a, &hf))
		return -ENOENT;
	return kbtf_resolve(&hf, 0, path, a, rs, leaf, err, 256);
}

void test_kbtf_resolve(void)
{
	struct btf *btf = btf__parse(GOLDEN_BTF, NULL);
	struct tp_arena *a = arena_new();
	struct hook_field leaf, hf;
	struct ir_resolve rs;
	bool un;
	char err[256];

	if (!ASSERT_TRUE(btf && a, "golden BTF"))
		goto out;
	/* bprm -> file -> f_path.dentry -> d_name.name: three pointer reads, a pointer leaf */
	if (!ASSERT_OK(walk(btf, "sched_process_exec", 2, "file.f_path.dentry.d_name.name", a, &rs,
			    &leaf, err), err))
		goto out;
	ASSERT_EQ(rs.nr_reads, 3, "reads");
	ASSERT_STREQ(rs.reads[0].access, "[0].file", "read 0");
	ASSERT_STREQ(rs.reads[1].access, "[0].f_path.dentry", "read 1: embedded path");
	ASSERT_STREQ(rs.reads[2].access, "[0].d_name.name", "read 2");
	ASSERT_EQ(rs.leaf, IR_RS_LEAF_PTR, "a pointer leaf");
	ASSERT_STREQ(rs.from, "struct linux_binprm", "from");
	ASSERT_EQ(rs.nr_recs, 5, "linux_binprm, file, path, dentry, qstr");
	ASSERT_STREQ(rs.recs[0].kname, "linux_binprm", "rec 0");
	ASSERT_EQ(rs.recs[0].fields[0].type, IR_RSF_PTR_REC, "file: walked through");
	ASSERT_TRUE(kbtf_tetragon_leaf_type(btf, leaf.btf_id) == NULL, "const unsigned char *");

	/* leaf types as Tetragon sees them */
	ASSERT_OK(walk(btf, "sched_process_exec", 2, "file", a, &rs, &leaf, err), err);
	ASSERT_STREQ(kbtf_tetragon_leaf_type(btf, leaf.btf_id), "file", "struct file *");
	ASSERT_OK(walk(btf, "sched_process_exec", 2, "file.f_path", a, &rs, &leaf, err), err);
	ASSERT_EQ(rs.leaf, IR_RS_LEAF_ADDR, "an embedded struct: its address");
	ASSERT_TRUE(leaf.is_addr, "is_addr");
	ASSERT_STREQ(kbtf_tetragon_leaf_type(btf, leaf.btf_id), "path", "struct path");
	ASSERT_OK(walk(btf, "cap_capable", 0, "cap_effective", a, &rs, &leaf, err), err);
	ASSERT_TRUE(kbtf_tetragon_leaf_type(btf, leaf.btf_id) == NULL,
		    "kernel_cap_t member: an anonymous struct once typedefs are gone");
	ASSERT_OK(walk(btf, "sched_process_exec", 2, "argc", a, &rs, &leaf, err), err);
	ASSERT_EQ(rs.leaf, IR_RS_LEAF_INT, "an integer leaf");
	ASSERT_STREQ(kbtf_tetragon_leaf_type(btf, leaf.btf_id), "int", "int");
	/* arrays: bounds, and a pointer indexed */
	ASSERT_OK(walk(btf, "sched_process_exec", 0, "comm[15]", a, &rs, &leaf, err), err);
	ASSERT_EQ(rs.recs[0].fields[0].array_len, 16, "local array long enough");
	ASSERT_EQ(walk(btf, "sched_process_exec", 0, "comm[16]", a, &rs, &leaf, err), -EINVAL,
		  "out of bounds");
	ASSERT_STRSTR(err, "out of bounds", "message");
	ASSERT_OK(walk(btf, "sched_process_exec", 2, "[0].file", a, &rs, &leaf, err), err);
	ASSERT_STREQ(rs.reads[0].access, "[0].file", "[0] on the argument");

	/* what does not walk */
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "file.nope", a, &rs, &leaf, err), -EINVAL,
		  "unknown member");
	ASSERT_STRSTR(err, "attribute 'nope' not found in 'struct file'", "Tetragon's words");
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "argc.x", a, &rs, &leaf, err), -EINVAL,
		  "through an int");
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "file.f_path[0]", a, &rs, &leaf, err),
		  -EINVAL, "index on a struct");
	ASSERT_EQ(walk(btf, "sched_process_exec", 1, "x", a, &rs, &leaf, err), -EINVAL,
		  "from an integer");
	ASSERT_STRSTR(err, "needs a pointer", "message");
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "a.b.c.d.e.f.g.h.i.j.k", a, &rs, &leaf, err),
		  -EINVAL, "11 components");
	ASSERT_STRSTR(err, "more than 10", "Tetragon's limit");
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "file.", a, &rs, &leaf, err), -EINVAL, "a.");
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "[x]", a, &rs, &leaf, err), -EINVAL, "[x]");
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "file[1", a, &rs, &leaf, err), -EINVAL, "[1");
	ASSERT_EQ(walk(btf, "sched_process_exec", 2, "fi*le", a, &rs, &leaf, err), -EINVAL,
		  "not an identifier");
	ASSERT_EQ(walk(btf, "sched_process_exec", 0, "mm.exe_file", a, &rs, &leaf, err), -EINVAL,
		  "a struct only declared");
	ASSERT_STRSTR(err, "only declares 'struct mm_struct'", "message");

	/* btfType: the value points to the named struct */
	ASSERT_TRUE(raw_tp_arg(btf, "xdp_exception", 1, a, &hf), "prog");
	ASSERT_OK(kbtf_resolve(&hf, kbtf_find_record(btf, "bpf_prog_aux", &un),
			       "cgroup_storage[1]", a, &rs, &leaf, err, sizeof(err)), err);
	ASSERT_STREQ(rs.from, "struct bpf_prog_aux", "from btfType");
	ASSERT_STREQ(kbtf_tetragon_leaf_type(btf, leaf.btf_id), "bpf_map", "bpf_map *");
	ASSERT_TRUE(kbtf_find_record(btf, "nope", &un) == 0, "no such struct");
out:
	btf__free(btf);
	arena_free(a);
}

void test_caps_names(void)
{
	unsigned int c;
	uint64_t m;
	const char *bad;
	size_t bl;

	ASSERT_STREQ(tp_cap_name(21), "CAP_SYS_ADMIN", "21");
	ASSERT_STREQ(tp_cap_name(1), "DAC_OVERRIDE", "Tetragon's spelling");
	ASSERT_TRUE(tp_cap_name(TP_CAP_LAST + 1) == NULL, "past the last");
	ASSERT_OK(tp_cap_parse(" cap_sys_admin ", 15, &c), "any case, spaces");
	ASSERT_EQ(c, 21, "number");
	ASSERT_OK(tp_cap_parse("CAP_DAC_OVERRIDE", 16, &c), "the kernel's spelling too");
	ASSERT_EQ(c, 1, "dac");
	ASSERT_EQ(tp_cap_parse("CAP_NOPE", 8, &c), -EINVAL, "unknown");
	ASSERT_OK(tp_caps_parse("CAP_SYS_ADMIN,CAP_NET_RAW", 25, &m, &bad, &bl), "set");
	ASSERT_EQ(m, (1ULL << 21) | (1ULL << 13), "mask");
	ASSERT_EQ(tp_caps_parse("CAP_BPF,,CAP_X", 14, &m, &bad, &bl), -EINVAL, "empty name");
	ASSERT_EQ(bl, 0, "the empty one");
}

/* One arg rendered as JSON (the KprobeArgument object) into buf. */
static void render(const struct tp_ev_arg *a, const void *payload, const char *type, char *buf,
		   size_t sz)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json_writer *w = jsonw_new(f);

	jsonw_start_object(w);
	if (!ev_kobj_json(w, a, payload, type))
		jsonw_string_field(w, "none", "");
	jsonw_end_object(w);
	jsonw_destroy(&w);
	fclose(f);
	snprintf(buf, sz, "%s", out ? out : "");
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')	/* the writer ends its document with one */
		buf[len - 1] = '\0';
	free(out);
}

void test_kobj_render(void)
{
	struct tp_ev_arg a = { 0 };
	char buf[2048], p[1024];
	struct tp_eva_file *fh = (void *)p;
	struct tp_eva_cred cr = { .uid = 1000, .gid = 1000, .euid = 0, .egid = 1000,
				  .cap_effective = (1ULL << 21) | 1, .securebits = 0x10,
				  .user_ns = { .level = 1, .uid = 1000, .gid = 1000, .inum = 42 } };
	struct tp_eva_module mod = { .taints = (1ULL << 12) | (1ULL << 13), .sig_ok = 0,
				     .name = "dummy" };
	uint32_t st;
	uint64_t v;

	ev_mode_str(buf, sizeof(buf), 0100644);
	ASSERT_STREQ(buf, "-rw-r--r--", "regular file");
	ev_mode_str(buf, sizeof(buf), 0104755);
	ASSERT_STREQ(buf, "-rwsr-xr-x", "setuid");
	ev_mode_str(buf, sizeof(buf), 041777);
	ASSERT_STREQ(buf, "drwxrwxrwt", "sticky");
	ev_mode_str(buf, sizeof(buf), 0102644);
	ASSERT_STREQ(buf, "-rw-r-Sr--", "setgid without x");
	ev_mode_str(buf, sizeof(buf), 0);
	ASSERT_STREQ(buf, "---------", "unknown: no type letter (FilePathModeToStr)");
	ev_prog_type(buf, sizeof(buf), 26);
	ASSERT_STREQ(buf, "BPF_PROG_TYPE_TRACING", "prog type");
	ev_prog_type(buf, sizeof(buf), 99);
	ASSERT_STREQ(buf, "99", "unknown: its number");

	a.type = TP_EVA_FILE;
	fh->mode = 0100600;
	fh->pad = 0;
	fh->flags = TP_PATH_F_NOHEAD;	/* deeper than the walker goes: "..." + the tail */
	memcpy(p + sizeof(*fh), "/etc/shadow", 11);
	a.len = sizeof(*fh) + 11;
	a.orig_len = sizeof(*fh) + 11;
	a.flags = TP_EVA_F_NOHEAD;
	render(&a, p, "linux_binprm", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"linux_binprm_arg\":{\"path\":\".../etc/shadow\",\"flags\":\"unresolvedPathComponents\",\"permission\":\"-rw-------\"}}",
		     "linux_binprm_arg");
	fh->flags = 0;
	a.flags = 0;
	render(&a, p, "dentry", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"path_arg\":{\"path\":\"/etc/shadow\",\"permission\":\"-rw-------\"}}",
		     "path_arg");
	render(&a, p, NULL, buf, sizeof(buf));
	ASSERT_STRSTR(buf, "{\"file_arg\":", "no meta: file_arg");
	/* 700 bytes kept as head + tail (tp_abi.h path layout): head...tail, no flag */
	memset(p + sizeof(*fh), 'h', TP_PATH_HEAD);
	p[sizeof(*fh)] = '/';
	memset(p + sizeof(*fh) + TP_PATH_HEAD, 't', TP_PATH_TAIL);
	memcpy(p + sizeof(*fh) + TP_PATH_MAX - 2, "/x", 2);
	a.len = sizeof(*fh) + TP_PATH_MAX;
	a.orig_len = sizeof(*fh) + 700;
	a.flags = TP_EVA_F_SPLIT;
	render(&a, p, "file", buf, sizeof(buf));
	ASSERT_STRSTR(buf, "hhhhhhhh...tttttttt", "split path: head...tail");
	ASSERT_STRSTR(buf, "t/x\",\"permission\"", "split path ends with the tail");
	ASSERT_TRUE(!strstr(buf, "unresolvedPathComponents"), "split path: its head is exact");
	a.flags = 0;

	a.type = TP_EVA_CRED;
	a.len = sizeof(cr);
	render(&a, &cr, "cred", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"process_credentials_arg\":{\"uid\":1000,\"gid\":1000,\"euid\":0,\"egid\":1000,\"suid\":0,\"sgid\":0,\"fsuid\":0,\"fsgid\":0,\"securebits\":[\"SecBitKeepCaps\"],\"caps\":{\"effective\":[\"CAP_CHOWN\",\"CAP_SYS_ADMIN\"]},\"user_ns\":{\"level\":1,\"uid\":1000,\"gid\":1000,\"ns\":{\"inum\":42}}}}",
		     "process_credentials_arg");
	a.len = sizeof(cr) - 1;
	render(&a, &cr, "cred", buf, sizeof(buf));
	ASSERT_STRSTR(buf, "error_arg", "a short payload is an error, not a guess");

	a.type = TP_EVA_CAPS;
	a.len = 8;
	v = 0x1fffeffffffULL;
	render(&a, &v, "cap_permitted", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"cap_permitted_arg\":\"000001fffeffffff\"}", "hex, as GetCapabilitiesHex");
	a.type = TP_EVA_CAP;
	v = 40;
	render(&a, &v, "capability", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"capability_arg\":{\"value\":40,\"name\":\"CAP_CHECKPOINT_RESTORE\"}}",
		     "capability_arg");
	v = (uint64_t)-1;
	render(&a, &v, "capability", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"capability_arg\":{\"value\":-1}}", "not a capability: no name");

	a.type = TP_EVA_MODULE;
	a.len = sizeof(mod);
	render(&a, &mod, "load_info", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"module_arg\":{\"name\":\"dummy\",\"signature_ok\":false,\"tainted\":[\"TAINT_OUT_OF_TREE_MODULE\",\"TAINT_UNSIGNED_MODULE\"]}}",
		     "module_arg");
	mod.sig_ok = TP_MODULE_SIG_UNKNOWN;
	mod.taints = 0;
	render(&a, &mod, "module", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"module_arg\":{\"name\":\"dummy\"}}", "no signature, no taints");

	a.type = TP_EVA_FAULT;
	a.len = 4;
	st = TP_FAULT_BASIC;
	render(&a, &st, "cred", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"error_arg\":{\"Message\":\"Bad address for basic type\"}}", "basic");
	st = 3;
	render(&a, &st, "int", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"error_arg\":{\"Message\":\"Bad address encountered during resolve dereference at depth 2\"}}",
		     "resolve depth");
	a.type = TP_EVA_S64;
	render(&a, &v, "int", buf, sizeof(buf));
	ASSERT_STREQ(buf, "{\"none\":\"\"}", "not a kernel object: left to events.c");
}
