/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Compile generated BPF C to a CO-RE object through the clang/LLVM 19
 * libraries (clang_bridge.cpp, the only C++ in the tree): no clang binary,
 * no exec. The compile runs in a fork of the calling process (see
 * cc_bridge_compile() for why); the object comes back through a pipe.
 *
 * The main source and every embedded header (embedded_files.h) are served
 * to clang from memory under a fixed virtual directory, so a compile needs
 * no template or include directory and no temp file, and reads nothing
 * from the host file system. The object is byte-identical for the same
 * input whatever the working directory, environment, time or process
 * (alone or in a batch), and identical to what clang-19 writes with the
 * flags below run from TPC_CC_VIRT_ROOT but for the order of .BTF forward
 * declarations, which LLVM 19 takes from heap addresses (clang_bridge.cpp
 * lays a compile's objects out in creation order for that; clang-19's
 * order depends on its malloc's history); it holds no host path
 * (DW_AT_comp_dir is TPC_CC_VIRT_ROOT).
 *
 * Thread-safe, with no global state in the caller's process: it never
 * runs LLVM code itself, and each compile's child has its own copy of
 * LLVM's state. (The child's LLVM initialisation is a std::call_once.)
 * clang_bridge.cpp defines the process's operator new/delete (malloc/free
 * but during a compile, see there). LLVM and clang are linked statically
 * (Makefile: LLVM_LDLIBS): no shared libLLVM to load and relocate.
 */
#ifndef TPC_TOOLCHAIN_H
#define TPC_TOOLCHAIN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#define TPC_CC_NOEXCEPT noexcept	/* an exception ends in std::terminate() */
#else
#define TPC_CC_NOEXCEPT
#endif

/* Virtual layout seen by clang (and recorded in DWARF/BTF line info):
 * the main source is TPC_CC_VIRT_ROOT "/" src_name, the working directory
 * is TPC_CC_VIRT_ROOT, and every embedded file is under
 * TPC_CC_VIRT_INCLUDE "/" name ("tp_abi.h", "bpf/bpf_helpers.h", ...),
 * which is the only include directory (-nostdinc).
 */
#define TPC_CC_VIRT_ROOT	"/tpc"
#define TPC_CC_VIRT_INCLUDE	"/tpc/include"

struct cc_job {
	const char *src_name;	/* virtual file name of the main source, e.g.
				 * "block-etc-writes.bpf.c" (no directories);
				 * appears in diagnostics and BTF line info */
	const char *src;	/* C source text (need not be NUL-terminated) */
	size_t src_len;
	const char *arch;	/* "x86" or "arm64": -D__TARGET_ARCH_<arch> */
	int verbose;		/* >0: pr_info() the equivalent clang command line */
	int last;		/* the caller compiles nothing else in this process:
				 * run in-process, without the fork (~2x faster here).
				 * Any later cc_compile_bpf() in the process then fails
				 * with -EBUSY (LLVM's CO-RE cache is poisoned, see below) */
};

struct cc_output {
	void *obj;		/* malloc'ed ELF bytes */
	size_t obj_len;
	char *log;		/* malloc'ed clang diagnostics text (warnings and
				 * errors, "<src_name>:<line>:<col>: error: ..."),
				 * NULL if none */
};

/* Compile job->src with the flags of libbpf-bootstrap:
 *   -g -O2 -target bpf -D__TARGET_ARCH_<arch> -Wall -Wno-unused-function
 * into a relocatable BPF ELF object with .BTF and .BTF.ext.
 *
 * *out is always initialised (zeroed first). Returns:
 *   0        success; out->obj is set, out->log holds warnings if any;
 *   -EINVAL  clang reported errors (out->log has them, out->obj is NULL),
 *            or the job is invalid (NULL fields, src_name with a '/',
 *            unknown arch; reported with pr_warn);
 *   -ENOMEM  out of memory;
 *   -EFAULT  internal error, including an LLVM fatal error or crash
 *            (reported with pr_warn; out->log has LLVM's message if any);
 *   other    -errno of pipe() or fork() (reported with pr_warn).
 * Never prints to stdout; clang's diagnostics go only to out->log. The
 * caller frees *out with cc_output_free() whatever the result.
 */
int cc_compile_bpf(const struct cc_job *job, struct cc_output *out);

/* Compile n jobs, up to `parallel` at a time (each in its own forked child;
 * `last` is ignored). errs[i] and outs[i] are as cc_compile_bpf() would
 * return/fill them for jobs[i]; outs[] are always initialised. Returns 0,
 * or the first of -ENOMEM/-errno of pipe() or fork() that stopped the batch
 * (jobs not started then get that error).
 */
int cc_compile_many(const struct cc_job *jobs, size_t n, unsigned int parallel,
		    struct cc_output *outs, int *errs);

/* Free and zero *out. NULL-safe and idempotent. */
void cc_output_free(struct cc_output *out);

/* Internal, between toolchain.c and clang_bridge.cpp.
 *
 * cc_compile_bpf() runs cc_bridge_compile() in a forked child, never in the
 * calling process: LLVM 19's BPF backend keeps a process-wide cache of CO-RE
 * relocation globals (BPFAbstractMemberAccess::GEPGlobals) that points into
 * the previous compile's freed module, so a second compile of the same
 * access (e.g. task_struct::tgid) in one process is a use-after-free. The
 * child also turns LLVM's fatal errors and crashes into -EFAULT instead of
 * an exit of tpc. The parent never runs LLVM code.
 *
 * args are the clang driver arguments (args[0] is the driver name), with
 * the main source at TPC_CC_VIRT_ROOT "/" src_name. If fatal is not NULL it
 * is called (and must not return) on an LLVM fatal error (err -EFAULT) or
 * allocation failure (err -ENOMEM). Never throws; fills out as
 * cc_compile_bpf() does. Returns 0, -EINVAL (clang errors, in out->log),
 * -ENOMEM or -EFAULT (with a one-line reason in out->log).
 */
typedef void (*cc_fatal_fn)(void *ctx, int err, const char *msg);

int cc_bridge_compile(const char *const *args, int nr_args, const char *src_name,
		      const char *src, size_t src_len, cc_fatal_fn fatal, void *fatal_ctx,
		      struct cc_output *out) TPC_CC_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif
