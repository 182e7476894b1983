# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Golden tests (YAML -> generated C / diagnostics) and the compile check of
# every expected C file: they must be valid BPF C against our headers.
GOLDEN_C	:= $(sort $(wildcard tests/golden/codegen/*.bpf.c tests/golden/examples/*.bpf.c))
GOLDEN_OBJS	:= $(GOLDEN_C:%.bpf.c=$(OUTPUT)/golden/%.bpf.o)

test-golden: $(OUTPUT)/tpc
	$(Q)tests/run-golden.sh $(OUTPUT)/tpc tests/golden

update-golden: $(OUTPUT)/tpc
	$(Q)UPDATE=1 tests/run-golden.sh $(OUTPUT)/tpc tests/golden

$(OUTPUT)/golden/%.bpf.o: %.bpf.c $(wildcard bpf-templates/include/*.h)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -Werror -c $< -o $@

check-bpf: $(GOLDEN_OBJS)
	@echo "check-bpf: $(words $(GOLDEN_OBJS)) golden C files compile"

golden-tracefs:
	$(Q)for f in $$(cd tests/golden/tracefs && find . -name format); do \
		cp /sys/kernel/tracing/events/$$f tests/golden/tracefs/$$f; done

# Compiler properties that goldens alone do not show.
test-compiler: $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)tests/compiler/t_injection.sh $(OUTPUT)/tpc
	$(Q)tests/compiler/t_determinism.sh $(OUTPUT)/tpc
	$(Q)tests/compiler/t_snapshot.sh $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)tests/compiler/t_docs_sync.sh $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)python3 tests/compiler/t_mutate.py $(OUTPUT)/tpc 10
	$(Q)python3 tests/compiler/t_cel_diff.py $(OUTPUT)/tpc 300

# The small kernel BTF the golden and unit tests compile against (--btf), trimmed
# from the build machine's on purpose, never read implicitly:
# tests/golden/btf/README.md. Refresh with `make golden-btf`, then review the diff.
GOLDEN_BTF_SRC	?= /sys/kernel/btf/vmlinux

$(OUTPUT)/btf-trim: scripts/btf_trim.c compiler/tp_class.c compiler/tracefs.c compiler/arena.c
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(COMMON_CFLAGS) $^ $(BPF_LIBS) -o $@

golden-btf: $(OUTPUT)/btf-trim
	$(Q)$(OUTPUT)/btf-trim $(GOLDEN_BTF_SRC) tests/golden/btf/vmlinux.btf tests/golden/tracefs \
		tests/golden/btf/keep.txt

# The module BTF of the btfTypeModule goldens (tests/golden/btf/af_alg.btf): split on
# vmlinux.btf, built from scripts/btf_module_fixture.c. Refresh after golden-btf.
$(OUTPUT)/btf-module-fixture: scripts/btf_module_fixture.c
	$(call msg,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(COMMON_CFLAGS) $^ $(BPF_LIBS) -o $@

golden-btf-module: $(OUTPUT)/btf-module-fixture
	$(Q)$(OUTPUT)/btf-module-fixture tests/golden/btf/vmlinux.btf tests/golden/btf/af_alg.btf
