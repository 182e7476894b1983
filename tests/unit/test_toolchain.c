// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* In-process clang compile (compiler/toolchain.h): a small tracepoint
 * program against the embedded headers must give a CO-RE object that libbpf
 * opens, the same bytes from any working directory, and clang's errors in
 * the log.
 */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "test.h"
#include "toolchain.h"

static const char tc_prog[] =
	"#include \"tp_vmlinux.h\"\n"
	"#include <bpf/bpf_helpers.h>\n"
	"#include <bpf/bpf_core_read.h>\n"
	"#include \"tp_core_maps.bpf.h\"\n"
	"\n"
	"char LICENSE[] SEC(\"license\") = \"GPL\";\n"
	"\n"
	"SEC(\"tracepoint/syscalls/sys_enter_openat\")\n"
	"int tc_openat(struct syscall_trace_enter *ctx)\n"
	"{\n"
	"	struct task_struct *task = (void *)bpf_get_current_task();\n"
	"	__u32 tgid = BPF_CORE_READ(task, tgid);\n"
	"	struct tp_proc *p;\n"
	"\n"
	"	p = bpf_map_lookup_elem(&tp_procs, &tgid);\n"
	"	if (!p)\n"
	"		return 0;\n"
	"	return ctx->nr == 257 && p->flags;\n"
	"}\n";

static int tc_compile(const char *name, const char *src, struct cc_output *out)
{
	struct cc_job job = {
		.src_name = name,
		.src = src,
		.src_len = strlen(src),
		.arch = "x86",
	};

	return cc_compile_bpf(&job, out);
}

/* Minimal ELF64 walk (the object is ELF64 little-endian for bpfel). */
static bool tc_has_section(const void *obj, size_t len, const char *name)
{
	const Elf64_Ehdr *eh = obj;
	const Elf64_Shdr *sh, *strtab;
	size_t i;

	if (len < sizeof(*eh) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > len || eh->e_shstrndx >= eh->e_shnum)
		return false;
	sh = (const Elf64_Shdr *)((const char *)obj + eh->e_shoff);
	strtab = &sh[eh->e_shstrndx];
	for (i = 0; i < eh->e_shnum; i++) {
		size_t off = strtab->sh_offset + sh[i].sh_name;

		if (off + strlen(name) + 1 <= len && !strcmp((const char *)obj + off, name))
			return true;
	}
	return false;
}

void test_toolchain_compile(void)
{
	struct cc_output out = {};
	struct bpf_object *bobj;
	const Elf64_Ehdr *eh;
	int err;

	err = tc_compile("tc.bpf.c", tc_prog, &out);
	if (!ASSERT_OK(err, "cc_compile_bpf")) {
		ASSERT_EQ(out.log, NULL, "clang log");
		goto out;
	}
	ASSERT_EQ(out.log, NULL, "no warnings");
	if (!ASSERT_TRUE(out.obj_len > sizeof(*eh), "object size"))
		goto out;
	eh = out.obj;
	ASSERT_OK(memcmp(eh->e_ident, ELFMAG, SELFMAG), "ELF magic");
	ASSERT_EQ(eh->e_machine, EM_BPF, "e_machine");
	ASSERT_EQ(eh->e_type, ET_REL, "e_type");
	ASSERT_TRUE(tc_has_section(out.obj, out.obj_len, ".BTF"), ".BTF");
	ASSERT_TRUE(tc_has_section(out.obj, out.obj_len, ".BTF.ext"), ".BTF.ext");
	ASSERT_TRUE(tc_has_section(out.obj, out.obj_len, "tracepoint/syscalls/sys_enter_openat"),
		    "program section");

	/* libbpf parses BTF, CO-RE relocations and maps at open (no load) */
	bobj = bpf_object__open_mem(out.obj, out.obj_len, NULL);
	if (ASSERT_TRUE(bobj != NULL, "bpf_object__open_mem")) {
		ASSERT_TRUE(bpf_object__find_program_by_name(bobj, "tc_openat") != NULL, "program");
		ASSERT_TRUE(bpf_object__find_map_by_name(bobj, "tp_procs") != NULL, "map tp_procs");
		ASSERT_TRUE(bpf_object__find_map_by_name(bobj, "tp_events") != NULL, "map tp_events");
		bpf_object__close(bobj);
	}
out:
	cc_output_free(&out);
	cc_output_free(&out);	/* idempotent */
	cc_output_free(NULL);
}

/* Also the regression test for LLVM 19's process-wide CO-RE cache: a second
 * compile of the same CO-RE access in one process crashed before compiles
 * ran in a child (toolchain.h).
 */
void test_toolchain_deterministic(void)
{
	struct cc_output a = {}, b = {};
	char cwd[PATH_MAX];

	if (!ASSERT_TRUE(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd"))
		return;
	if (!ASSERT_OK(tc_compile("tc.bpf.c", tc_prog, &a), "compile 1"))
		goto out;
	if (!ASSERT_OK(chdir("/"), "chdir /"))
		goto out;
	setenv("SOURCE_DATE_EPOCH", "1234567890", 1);
	setenv("CPATH", cwd, 1);
	ASSERT_OK(tc_compile("tc.bpf.c", tc_prog, &b), "compile 2");
	unsetenv("SOURCE_DATE_EPOCH");
	unsetenv("CPATH");
	ASSERT_OK(chdir(cwd), "chdir back");
	if (!ASSERT_EQ(a.obj_len, b.obj_len, "same size"))
		goto out;
	ASSERT_OK(memcmp(a.obj, b.obj, a.obj_len), "same bytes");
	/* no host path: neither the working directory nor a home */
	ASSERT_TRUE(memmem(a.obj, a.obj_len, cwd, strlen(cwd)) == NULL, "no cwd in object");
	ASSERT_TRUE(memmem(a.obj, a.obj_len, "/usr/", 5) == NULL, "no /usr/ in object");
	ASSERT_TRUE(memmem(a.obj, a.obj_len, TPC_CC_VIRT_ROOT, strlen(TPC_CC_VIRT_ROOT)) != NULL,
		    "virtual root recorded");
out:
	cc_output_free(&a);
	cc_output_free(&b);
}

void test_toolchain_errors(void)
{
	static const char bad[] =
		"#include \"tp_vmlinux.h\"\n"
		"int f(void)\n"
		"{\n"
		"	return 1 +;\n"
		"}\n";
	static const char warn[] =
		"int f(void)\n"
		"{\n"
		"	int unused;\n"
		"	return 0;\n"
		"}\n";
	struct cc_output out = {};
	struct cc_job job = {};

	ASSERT_EQ(tc_compile("bad.bpf.c", bad, &out), -EINVAL, "syntax error");
	ASSERT_EQ(out.obj, NULL, "no object on error");
	ASSERT_STRSTR(out.log, "bad.bpf.c:4:", "file:line in log");
	ASSERT_STRSTR(out.log, "error: expected expression", "error text");
	cc_output_free(&out);

	ASSERT_EQ(tc_compile("missing.bpf.c", "#include \"nope.h\"\n", &out), -EINVAL, "missing header");
	ASSERT_STRSTR(out.log, "'nope.h' file not found", "missing header log");
	cc_output_free(&out);

	/* a warning is not an error; the text is kept */
	ASSERT_OK(tc_compile("warn.bpf.c", warn, &out), "warning");
	ASSERT_TRUE(out.obj != NULL, "object with warning");
	ASSERT_STRSTR(out.log, "warn.bpf.c:3:6: warning: unused variable", "warning log");
	cc_output_free(&out);

	job.src_name = "x.bpf.c";
	job.src = warn;
	job.src_len = strlen(warn);
	job.arch = "mips";
	ASSERT_EQ(cc_compile_bpf(&job, &out), -EINVAL, "unknown arch");
	job.arch = "arm64";
	job.src_name = "../x.bpf.c";
	ASSERT_EQ(cc_compile_bpf(&job, &out), -EINVAL, "directory in src_name");
	job.src_name = "x.bpf.c";
	ASSERT_OK(cc_compile_bpf(&job, &out), "arm64");
	cc_output_free(&out);
}
