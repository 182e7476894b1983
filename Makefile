# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpc: TracingPolicy -> specialized eBPF objects (tpc) + thin loader (tpload).
#
#   make            build build/tpc and build/tpload
#   make demo       install deps, build, compile + load an example, show a kill, unload
#   make check      unprivileged: unit + golden + compile every golden C + event JSON checker
#                   + fuzz smoke
#   make fuzz       libFuzzer harnesses (front end, object loader), FUZZ_TIME s each
#   make test       install deps, build, make check + host kernel suites + VM kernel suites
#   make bench      benchmarks (QUICK=1 for a smoke run)

OUTPUT		?= build
CC		?= gcc
CXX		?= g++
CLANG		?= clang-19
LLVM_CONFIG	?= llvm-config-19
PKG_CONFIG	?= pkg-config
ARCH		?= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
VERSION		:= 0.1.0

CFLAGS		?= -g -O2
WARNFLAGS	:= -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
		   -Werror=implicit-function-declaration -Werror=format
ifeq ($(CI),true)
WARNFLAGS	+= -Werror
endif
ifeq ($(SAN),1)
CFLAGS		+= -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS		+= -fsanitize=address,undefined
endif

COMMON_CFLAGS	:= $(CFLAGS) -std=gnu11 $(WARNFLAGS) -D_GNU_SOURCE -DTPC_VERSION='"$(VERSION)"' \
		   -Ilib -Icompiler -Ibpf-templates/include -I$(OUTPUT)/gen
LLVM_CXXFLAGS	:= $(shell $(LLVM_CONFIG) --cxxflags 2>/dev/null | sed -e 's/-fno-exceptions//')
# LLVM and clang are linked statically (only the BPF target and the clang
# libraries clang_bridge.cpp uses), with libstdc++, into a non-PIE binary: a
# start no longer relocates ~200 MB of shared libLLVM/libclang-cpp. Polly,
# which llvm-config pulls in through LTO -> Extensions, is left out
# (clang_bridge.cpp); --as-needed drops the system libraries nothing uses.
LLVM_COMPONENTS	:= bpf analysis binaryformat bitreader bitwriter core coroutines coverage demangle \
		   frontenddriver frontendhlsl frontendopenmp hipstdpar instcombine instrumentation \
		   ipo irprinter irreader linker lto mc mcparser objcarcopts object option passes \
		   profiledata scalaropts support target targetparser transformutils windowsdriver
CLANG_LIBS	:= -lclangCodeGen -lclangFrontend -lclangDriver -lclangSerialization -lclangParse \
		   -lclangSema -lclangAnalysis -lclangASTMatchers -lclangAPINotes -lclangEdit \
		   -lclangAST -lclangLex -lclangSupport -lclangBasic
LLVM_LDLIBS	:= -no-pie -static-libstdc++ -static-libgcc -Wl,--gc-sections \
		   -L$(shell $(LLVM_CONFIG) --libdir 2>/dev/null) -Wl,--start-group $(CLANG_LIBS) \
		   $(filter-out -lPolly -lPollyISL -lLLVMExtensions,$(shell $(LLVM_CONFIG) --link-static \
			--libs $(LLVM_COMPONENTS) 2>/dev/null)) -Wl,--end-group \
		   -Wl,--as-needed $(shell $(LLVM_CONFIG) --link-static --system-libs $(LLVM_COMPONENTS) 2>/dev/null)
YAML_LIBS	:= $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null || echo -lyaml)
# zlib: target snapshots (tpc reads, tpload writes them); libbpf's pkg-config lists it
# only as private.
BPF_LIBS	:= $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf -lelf) -lz
# Bundles (docs/bundle-format.md): libsodium (sha256, Ed25519), libelf (.tpc.meta)
PKG_LIBS	:= $(shell $(PKG_CONFIG) --libs libsodium libelf 2>/dev/null || echo -lsodium -lelf)

BPF_CFLAGS	:= -g -O2 -Wall -Wno-unused-function -target bpf -D__TARGET_ARCH_$(ARCH) \
		   -Ibpf-templates/include

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

all: $(OUTPUT)/tpc $(OUTPUT)/tpload

# ---------------------------------------------------------------- tpc
# Library code of the compiler (everything but main.c/cmd_*.c) is also linked
# into the unit tests and the fuzzer.
# lib/: plain-C tables and formats shared by tpc and tpload (no LLVM, no libyaml).
LIB_CSRCS	:= $(sort $(wildcard lib/*.c))
LIB_OBJS	:= $(LIB_CSRCS:%.c=$(OUTPUT)/obj/%.o)
TPC_CSRCS	:= $(sort $(wildcard compiler/*.c compiler/passes/*.c)) $(LIB_CSRCS)
TPC_CXXSRCS	:= $(sort $(wildcard compiler/*.cpp))
TPC_GEN		:= $(OUTPUT)/gen/embedded_files.c
TPC_OBJS	:= $(TPC_CSRCS:%.c=$(OUTPUT)/obj/%.o) $(TPC_CXXSRCS:%.cpp=$(OUTPUT)/obj/%.o) \
		   $(OUTPUT)/obj/gen/embedded_files.o
TPC_LIB_OBJS	:= $(filter-out $(OUTPUT)/obj/compiler/main.o $(OUTPUT)/obj/compiler/cmd_%.o,$(TPC_OBJS))

# Files embedded in tpc and served to clang from memory: our BPF headers and
# the libbpf BPF-side headers of the build machine.
EMBED_FILES	:= $(sort $(wildcard bpf-templates/include/*.h bpf-templates/*.bpf.c.in)) \
		   $(wildcard /usr/include/bpf/bpf_helpers.h /usr/include/bpf/bpf_helper_defs.h \
			      /usr/include/bpf/bpf_core_read.h /usr/include/bpf/bpf_tracing.h \
			      /usr/include/bpf/bpf_endian.h)

$(TPC_GEN): scripts/embed-files.sh $(EMBED_FILES)
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)scripts/embed-files.sh $@ $(EMBED_FILES)

$(OUTPUT)/tpc: $(TPC_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) $^ $(YAML_LIBS) $(BPF_LIBS) $(PKG_LIBS) $(LLVM_LDLIBS) -o $@

$(OUTPUT)/obj/%.o: %.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(COMMON_CFLAGS) -MMD -MP -c $< -o $@

$(OUTPUT)/obj/gen/%.o: $(OUTPUT)/gen/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(COMMON_CFLAGS) -c $< -o $@

$(OUTPUT)/obj/%.o: %.cpp
	$(call msg,CXX,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CXX) $(LLVM_CXXFLAGS) $(CFLAGS) -Icompiler -MMD -MP -c $< -o $@

# ---------------------------------------------------------------- tpload
# tpload embeds the core object (bpf-templates/core/tp_core.bpf.c), compiled
# at build time with clang, so a node needs no compiler.
TPLOAD_SRCS	:= $(sort $(wildcard runtime/*.c))
# The JSON writer is shared with tpc (compiler/json_writer.c: no LLVM, no YAML), and
# so is lib/.
TPLOAD_OBJS	:= $(TPLOAD_SRCS:%.c=$(OUTPUT)/obj/%.o) $(OUTPUT)/obj/gen/core_obj.o \
		   $(OUTPUT)/obj/gen/probe_objs.o $(OUTPUT)/obj/compiler/json_writer.o $(LIB_OBJS)
CORE_BPF_SRC	:= bpf-templates/core/tp_core.bpf.c

$(OUTPUT)/core/tp_core.bpf.o: $(CORE_BPF_SRC) $(wildcard bpf-templates/include/*.h bpf-templates/core/*.h)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUTPUT)/gen/core_obj.c: $(OUTPUT)/core/tp_core.bpf.o scripts/embed-files.sh
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)scripts/embed-files.sh --symbol tp_core_obj $@ $<

# ... and the feature probes of `tpload probe` (bpf-templates/probe/tp_probe.bpf.c),
# one object per feature; the list is runtime/probe.h's TP_PROBE_FEATURES (a
# name missing here is an undefined symbol at link time).
TPLOAD_PROBE_FEATURES := tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe \
			 kretprobe fentry fexit fmod_ret lsm ima_hash uprobe override_return cgroup
TPLOAD_PROBE_OBJS := $(TPLOAD_PROBE_FEATURES:%=$(OUTPUT)/probe/tp_probe_%.bpf.o)

$(OUTPUT)/probe/tp_probe_%.bpf.o: bpf-templates/probe/tp_probe.bpf.c $(wildcard bpf-templates/include/*.h)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DPROBE_$(shell echo $* | tr a-z A-Z) -c $< -o $@

$(OUTPUT)/gen/probe_objs.c: $(TPLOAD_PROBE_OBJS) scripts/embed-files.sh
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)rm -f $@.all && for f in $(TPLOAD_PROBE_FEATURES); do \
		scripts/embed-files.sh --symbol tp_probe_obj_$$f $@.one $(OUTPUT)/probe/tp_probe_$$f.bpf.o \
		&& cat $@.one >> $@.all || exit 1; \
	done && rm -f $@.one && mv $@.all $@

$(OUTPUT)/tpload: $(TPLOAD_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) $^ $(BPF_LIBS) $(PKG_LIBS) -o $@

# ---------------------------------------------------------------- tests
.PHONY: all deps demo check test test-delivery test-unit test-golden check-bpf test-host test-vm bench clean update-golden corpus

deps:
	$(Q)scripts/install-deps.sh

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo.sh

check: test-unit test-golden check-bpf test-compiler test-delivery fuzz-smoke

# Each phase prints its duration (scripts/phase.sh); the summary is printed
# at the end and kept in $(OUTPUT)/test-phases.txt.
# TPC_TEST_PARALLEL=1 (default): the host suite and one VM per kernel run at
# the same time (scripts/phases-parallel.sh: each phase's output goes to
# $(OUTPUT)/phase-logs/NAME.log and is printed whole when it ends; the
# kernel x test matrix follows); a TCG guest keeps less than one core busy,
# so on 2 cores this takes about the longest of them instead of their sum
# (docs/testing.md "Timing"). 0: one after the other, as test-host, test-vm.
TPC_TEST_PARALLEL ?= 1
PHASES := $(OUTPUT)/test-phases.txt
phase = $(Q)scripts/phase.sh $(PHASES) $(1) $(MAKE) --no-print-directory $(2)

test: deps
	$(Q)mkdir -p $(OUTPUT) && rm -f $(PHASES)
	$(call phase,build,all kernel-test-objs)
	$(call phase,check,check)
	$(call phase,corpus,corpus CORPUS_VM="$(CORPUS_TEST_VM)")
ifeq ($(TPC_TEST_PARALLEL),1)
	$(Q)rc=0; scripts/phases-parallel.sh $(PHASES) kernel-suites \
		test-host "$(MAKE) --no-print-directory test-host" \
		$(foreach k,$(TPC_VM_KERNELS),vm-$(k) "$(MAKE) --no-print-directory test-vm-kernel-$(k)") \
		|| rc=1; \
	$(MAKE) --no-print-directory test-vm-matrix || rc=1; \
	exit $$rc
else
	$(call phase,test-host,test-host)
	$(call phase,test-vm,test-vm)
endif
	$(call phase,test-static-vm,test-static-vm)
	$(call phase,test-k8s,test-k8s)
	@echo "bench: smoke run (proves the harness works; no timing is asserted)"
	$(call phase,bench-smoke,bench QUICK=1)
	$(Q)scripts/phase.sh --summary $(PHASES)

-include $(wildcard mk/*.mk)

clean:
	$(Q)rm -rf $(OUTPUT)

-include $(shell find $(OUTPUT)/obj -name '*.d' 2>/dev/null)
.DELETE_ON_ERROR:
.SECONDARY:
