// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
// The only C++ in tpc: run clang/LLVM 19 on a source held in memory, with
// every header served from an in-memory file system, and return the BPF
// object and the diagnostics. toolchain.c calls this in a forked child
// (see toolchain.h for why). Exposes only extern "C"
// functions (toolchain.h); they are noexcept, so nothing unwinds into C.
// Built with llvm-config's flags; no exceptions are thrown or caught here.

#include <cerrno>
#include <cstddef>
#include <new>
#include <sys/mman.h>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include <clang/Basic/DiagnosticOptions.h>
#include <clang/CodeGen/CodeGenAction.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/TextDiagnosticPrinter.h>
#include <clang/Frontend/Utils.h>
#include <clang/Lex/PreprocessorOptions.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Passes/PassPlugin.h>
#include <llvm/Support/ErrorHandling.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/VirtualFileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include "toolchain.h"
extern "C" {
#include "embedded_files.h"
}


// ------------------------------------------------------------ allocation
// During a compile, operator new takes memory from one growing region and
// operator delete gives none back, so objects lie in the order they are
// made, whatever the process did before. LLVM 19's BTF writer orders
// forward declarations by the addresses of their debug-info nodes
// (BTFDebug::FixupDerivedTypes is a std::map keyed by pointer): with
// malloc, the .BTF of an object depended on the heap's history (a batch
// child, forked from a parent that parsed other policies, and a lone
// compile of the 10,000-value policy differed). One compile per process
// uses it (a child, or the last, in-process one), on the calling thread
// only. The region is address space (MAP_NORESERVE): pages are used as the
// compile touches them, and the process ends soon after.
namespace {

constexpr size_t kBumpSize = size_t(8) << 30;

char *bump_base, *bump_end;		// set once, by the compiling thread
char *bump_cur;				// only the compiling thread moves it
thread_local bool bump_on;

void bump_start()
{
	if (!bump_base) {
		void *p = mmap(nullptr, kBumpSize, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED)
			return;	// malloc: still a valid object, order as the heap gives
		bump_cur = static_cast<char *>(p);
		bump_end = bump_cur + kBumpSize;
		__atomic_store_n(&bump_base, bump_cur, __ATOMIC_RELEASE);
	}
	bump_on = true;
}

void *heap_new(size_t n)
{
	if (bump_on) {
		size_t a = (n + 15) & ~size_t(15);

		if (a && a <= size_t(bump_end - bump_cur)) {
			void *p = bump_cur;

			bump_cur += a;
			return p;
		}
	}
	for (;;) {
		void *p = malloc(n ? n : 1);

		if (p)
			return p;
		std::new_handler h = std::get_new_handler();
		if (!h)
			abort();	// LLVM installs one; nothing here throws
		h();
	}
}

void heap_delete(void *p)
{
	char *base = __atomic_load_n(&bump_base, __ATOMIC_ACQUIRE);

	if (p && !(base && p >= static_cast<void *>(base) && p < static_cast<void *>(base + kBumpSize)))
		free(p);
}

} // namespace

#ifndef __SANITIZE_ADDRESS__	/* SAN=1: keep ASan's, which check LLVM's heap use */
void *operator new(size_t n) { return heap_new(n); }
void *operator new[](size_t n) { return heap_new(n); }
void operator delete(void *p) noexcept { heap_delete(p); }
void operator delete[](void *p) noexcept { heap_delete(p); }
void operator delete(void *p, size_t) noexcept { heap_delete(p); }
void operator delete[](void *p, size_t) noexcept { heap_delete(p); }
#endif

namespace {

std::once_flag bpf_target_once;

void init_bpf_target()
{
	LLVMInitializeBPFTargetInfo();
	LLVMInitializeBPFTarget();
	LLVMInitializeBPFTargetMC();
	LLVMInitializeBPFAsmPrinter();
	LLVMInitializeBPFAsmParser();	// inline asm in bpf_helpers.h
}

// Nothing from the host: the driver's probes (config files, GCC
// installations, CPATH entries) and the preprocessor see only this.
// The buffers reference the embedded data, which outlives every compile.
llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem>
make_vfs(const char *src_name, const char *src, size_t src_len)
{
	auto fs = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();

	for (size_t i = 0; i < tp_nr_embedded_files; i++) {
		const struct tp_embedded_file *f = &tp_embedded_files[i];
		llvm::StringRef data(reinterpret_cast<const char *>(f->data), f->size);

		// mtime 0: __TIMESTAMP__ and friends must not depend on the host
		fs->addFile(std::string(TPC_CC_VIRT_INCLUDE "/") + f->name, 0,
			    llvm::MemoryBuffer::getMemBuffer(data, f->name, true));
	}
	fs->addFile(std::string(TPC_CC_VIRT_ROOT "/") + src_name, 0,
		    llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(src, src_len), src_name));
	fs->setCurrentWorkingDirectory(TPC_CC_VIRT_ROOT);
	return fs;
}

struct fatal_ctx {
	cc_fatal_fn fn;
	void *ctx;
};

void on_fatal(void *data, const char *reason, bool)
{
	auto *f = static_cast<fatal_ctx *>(data);

	f->fn(f->ctx, -EFAULT, reason);
}

void on_bad_alloc(void *data, const char *reason, bool)
{
	auto *f = static_cast<fatal_ctx *>(data);

	f->fn(f->ctx, -ENOMEM, reason);
}

int copy_out(const std::string &log, const llvm::SmallVectorImpl<char> *obj,
	     struct cc_output *out)
{
	if (!log.empty()) {
		out->log = static_cast<char *>(malloc(log.size() + 1));
		if (!out->log)
			return -ENOMEM;
		memcpy(out->log, log.c_str(), log.size() + 1);
	}
	if (obj) {
		out->obj = malloc(obj->size() ? obj->size() : 1);
		if (!out->obj)
			return -ENOMEM;
		memcpy(out->obj, obj->data(), obj->size());
		out->obj_len = obj->size();
	}
	return 0;
}

int compile(const char *const *args, int nr_args, const char *src_name, const char *src,
	    size_t src_len, llvm::raw_ostream &log_os, llvm::SmallVectorImpl<char> &obj)
{
	auto vfs = make_vfs(src_name, src, src_len);

	// One printer for the driver and the frontend; fixed formatting (no
	// colours, no wrapping at the terminal's width).
	auto diag_opts = llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>();
	diag_opts->ShowColors = false;
	diag_opts->MessageLength = 0;
	clang::TextDiagnosticPrinter printer(log_os, diag_opts.get());

	clang::CreateInvocationOptions cio;
	cio.Diags = clang::CompilerInstance::createDiagnostics(diag_opts.get(), &printer, false);
	cio.VFS = vfs;
	std::shared_ptr<clang::CompilerInvocation> inv =
		clang::createInvocation(llvm::ArrayRef<const char *>(args, nr_args), cio);
	if (!inv) {
		if (printer.getNumErrors())
			return -EINVAL;
		log_os << "internal error: the clang driver gave no compile job\n";
		return -EFAULT;
	}

	// Pin down what the driver derives from the process: the working
	// directory, SOURCE_DATE_EPOCH, CPATH/C_INCLUDE_PATH, the terminal.
	inv->getCodeGenOpts().DebugCompilationDir = TPC_CC_VIRT_ROOT;
	inv->getCodeGenOpts().CoverageCompilationDir = TPC_CC_VIRT_ROOT;
	inv->getPreprocessorOpts().SourceDateEpoch = 0;
	inv->getDiagnosticOpts().ShowColors = false;
	inv->getDiagnosticOpts().MessageLength = 0;
	clang::HeaderSearchOptions &hso = inv->getHeaderSearchOpts();
	hso.UserEntries.clear();
	hso.SystemHeaderPrefixes.clear();
	hso.AddPath(TPC_CC_VIRT_INCLUDE, clang::frontend::Angled, false, true);
	hso.UseBuiltinIncludes = false;
	hso.UseStandardSystemIncludes = false;
	hso.UseStandardCXXIncludes = false;

	clang::CompilerInstance ci;
	clang::EmitObjAction act;

	ci.setInvocation(std::move(inv));
	ci.createDiagnostics(&printer, false);
	ci.setVerboseOutputStream(log_os);	// "1 warning generated."
	ci.createFileManager(vfs);
	ci.setOutputStream(std::make_unique<llvm::raw_svector_ostream>(obj));
	if (!ci.ExecuteAction(act)) {
		if (printer.getNumErrors())
			return -EINVAL;
		log_os << "internal error: clang failed without a diagnostic\n";
		return -EFAULT;
	}
	if (obj.size() < 4 || memcmp(obj.data(), "\177ELF", 4) != 0) {
		log_os << "internal error: clang produced no ELF object\n";
		return -EFAULT;
	}
	return 0;
}

} // namespace

extern "C" int cc_bridge_compile(const char *const *args, int nr_args, const char *src_name,
				 const char *src, size_t src_len, cc_fatal_fn fatal,
				 void *fatal_ctx, struct cc_output *out) TPC_CC_NOEXCEPT
{
	struct fatal_ctx fc = { fatal, fatal_ctx };
	llvm::SmallVector<char, 0> obj;
	std::string log;
	int err, err2;

	if (fatal) {
		llvm::install_fatal_error_handler(on_fatal, &fc);
		llvm::install_bad_alloc_error_handler(on_bad_alloc, &fc);
		llvm::install_out_of_memory_new_handler();	// no std::bad_alloc
	}
	std::call_once(bpf_target_once, init_bpf_target);
	bump_start();
	{
		llvm::raw_string_ostream log_os(log);

		err = compile(args, nr_args, src_name, src, src_len, log_os, obj);
	}
	bump_on = false;
	err2 = copy_out(log, err ? nullptr : &obj, out);
	if (fatal) {
		llvm::remove_bad_alloc_error_handler();
		llvm::remove_fatal_error_handler();
	}
	return err2 ? err2 : err;
}

// The static link (Makefile) leaves out Polly, which Debian's libLLVM.so
// carries and clang's pass pipeline registers (llvm/Support/Extension.def).
// Polly does nothing without -polly: register nothing.
llvm::PassPluginLibraryInfo getPollyPluginInfo()
{
	return { LLVM_PLUGIN_API_VERSION, "Polly", "", [](llvm::PassBuilder &) {} };
}
