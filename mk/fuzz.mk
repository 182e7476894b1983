# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# libFuzzer harnesses (tests/fuzz/, docs/testing.md "Fuzzing"), built with
# clang-19, ASan and UBSan into $(FUZZ_OUT) (a tree of their own: nothing
# else is built with sanitizers):
#   fuzz-policy   tpc's front end (the `tpc check` path, no clang), seeded
#                 with policies/examples, tests/golden and the corpus
#   fuzz-object   tpload's object front door (objcheck, .tpc.meta, libbpf open),
#                 seeded with the loader's test objects
#   make fuzz              each for FUZZ_TIME seconds (default 300)
#   make fuzz-smoke        each for FUZZ_SMOKE_TIME seconds (part of make check)
# A crash leaves its input in $(FUZZ_OUT)/crashes/ and fails the target.
# The runtime is Debian's libclang-rt-19-dev (scripts/install-deps.sh).

FUZZ_OUT	?= $(OUTPUT)/fuzz
FUZZ_TIME	?= 300
FUZZ_SMOKE_TIME	?= 8
FUZZ_CC		?= $(CLANG)
FUZZ_FLAGS	:= -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
		   -fno-sanitize-recover=undefined
FUZZ_CFLAGS	:= $(FUZZ_FLAGS) -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
		   -Wno-missing-field-initializers -D_GNU_SOURCE -DTPC_VERSION='"$(VERSION)"' \
		   -Ilib -Ibpf-templates/include -I$(OUTPUT)/gen
FUZZ_LDFLAGS	:= -fsanitize=fuzzer,address,undefined

# the compiler library minus clang_bridge.cpp (tests/fuzz/stub_bridge.c)
FUZZ_TPC_SRCS	:= $(filter-out compiler/main.c compiler/cmd_%.c,$(TPC_CSRCS))
FUZZ_TPC_OBJS	:= $(FUZZ_TPC_SRCS:%.c=$(FUZZ_OUT)/obj/%.o) $(FUZZ_OUT)/obj/gen/embedded_files.o
FUZZ_OBJ_SRCS	:= runtime/objcheck.c runtime/meta.c runtime/util.c runtime/log.c
FUZZ_OBJ_OBJS	:= $(FUZZ_OBJ_SRCS:%.c=$(FUZZ_OUT)/obj/%.o)

$(FUZZ_OUT)/obj/compiler/%.o: compiler/%.c
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Icompiler -MMD -MP -c $< -o $@

$(FUZZ_OUT)/obj/lib/%.o: lib/%.c
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_OUT)/obj/gen/%.o: $(OUTPUT)/gen/%.c
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Icompiler -c $< -o $@

$(FUZZ_OUT)/obj/runtime/%.o: runtime/%.c
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Iruntime -MMD -MP -c $< -o $@

$(FUZZ_OUT)/obj/tests/fuzz/fuzz_policy.o $(FUZZ_OUT)/obj/tests/fuzz/stub_bridge.o: \
	FUZZ_INC := -Icompiler
$(FUZZ_OUT)/obj/tests/fuzz/fuzz_object.o: FUZZ_INC := -Iruntime
$(FUZZ_OUT)/obj/tests/fuzz/%.o: tests/fuzz/%.c
	$(call msg,FUZZCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INC) -MMD -MP -c $< -o $@

$(FUZZ_OUT)/fuzz-policy: $(FUZZ_OUT)/obj/tests/fuzz/fuzz_policy.o \
			 $(FUZZ_OUT)/obj/tests/fuzz/stub_bridge.o $(FUZZ_TPC_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) $^ $(YAML_LIBS) $(BPF_LIBS) $(PKG_LIBS) -lelf -lpthread -o $@

$(FUZZ_OUT)/fuzz-object: $(FUZZ_OUT)/obj/tests/fuzz/fuzz_object.o $(FUZZ_OBJ_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) $^ $(BPF_LIBS) -lelf -o $@

# Seeds: copied into a scratch corpus so the fuzzer's new inputs never land
# in the tree. The policy seeds reference the repo's examples and goldens and
# the corpus `make corpus` uses (CORPUS_DIR, mk/corpus.mk), when present.
$(FUZZ_OUT)/seeds-policy: FORCE_FUZZ_SEEDS
	$(Q)rm -rf $@ && mkdir -p $@
	$(Q)for f in $$(find policies/examples tests/golden $(wildcard $(CORPUS_DIR)) \
			-name '*.yaml' 2>/dev/null); do \
		cp "$$f" "$@/$$(echo "$$f" | sha256sum | cut -c1-16).yaml"; done

# (mk/host.mk's TP_KOBJS is not defined yet when this file is read: the
# mk/*.mk files are included in name order, so the list is computed here)
FUZZ_SEED_OBJS	:= $(patsubst tests/kernel/progs/%.bpf.c,$(OUTPUT)/kobj/%.bpf.o,\
		     $(sort $(wildcard tests/kernel/progs/tp_*.bpf.c)))

$(FUZZ_OUT)/seeds-object: $(FUZZ_SEED_OBJS) FORCE_FUZZ_SEEDS
	$(Q)rm -rf $@ && mkdir -p $@
	$(Q)cp $(FUZZ_SEED_OBJS) $@/

.PHONY: fuzz fuzz-smoke fuzz-build FORCE_FUZZ_SEEDS
FORCE_FUZZ_SEEDS:

fuzz-build: $(FUZZ_OUT)/fuzz-policy $(FUZZ_OUT)/fuzz-object

# fuzz_run NAME SECONDS: run one harness on a scratch copy of its seeds
define fuzz_run
	$(Q)rm -rf $(FUZZ_OUT)/corpus-$(1) && mkdir -p $(FUZZ_OUT)/corpus-$(1) $(FUZZ_OUT)/crashes
	$(Q)echo "fuzz-$(1): $(2) s"
	$(Q)UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    $(FUZZ_OUT)/fuzz-$(1) -seed=1 -max_total_time=$(2) -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix=$(FUZZ_OUT)/crashes/$(1)- \
		$(FUZZ_OUT)/corpus-$(1) $(FUZZ_OUT)/seeds-$(1) 2>$(FUZZ_OUT)/$(1).log || \
		{ tail -n 60 $(FUZZ_OUT)/$(1).log; echo "fuzz-$(1): FAILED (input in $(FUZZ_OUT)/crashes/)"; exit 1; }
	$(Q)grep -E '^stat::number_of_executed_units|^stat::new_units_added' $(FUZZ_OUT)/$(1).log | \
		tr '\n' ' '; echo
endef

fuzz: fuzz-build $(FUZZ_OUT)/seeds-policy $(FUZZ_OUT)/seeds-object
	$(call fuzz_run,policy,$(FUZZ_TIME))
	$(call fuzz_run,object,$(FUZZ_TIME))

fuzz-smoke: fuzz-build $(FUZZ_OUT)/seeds-policy $(FUZZ_OUT)/seeds-object
	$(call fuzz_run,policy,$(FUZZ_SMOKE_TIME))
	$(call fuzz_run,object,$(FUZZ_SMOKE_TIME))

-include $(shell find $(FUZZ_OUT)/obj -name '*.d' 2>/dev/null)
