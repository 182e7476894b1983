# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Policy objects for the kernel tests, compiled ONCE by tpc on the host and
# loaded as the same bytes on the host and in every VM kernel (OBJ_DIR):
#   tests/kernel/policies/<name>.yaml -> build/kobj/pol_<name>.bpf.o
#   policies/examples/<name>.yaml     -> build/kobj/ex_<name>.bpf.o
# The recorded tracefs formats and BTF (tests/golden/) make them independent of the
# build machine's kernel.
KPOL_TARGET	:= --tracefs tests/golden/tracefs --btf tests/golden/btf/vmlinux.btf \
		   --btf-module af_alg=tests/golden/btf/af_alg.btf
KPOL_SRCS	:= $(sort $(wildcard tests/kernel/policies/*.yaml))
KPOL_OBJS	:= $(KPOL_SRCS:tests/kernel/policies/%.yaml=$(OUTPUT)/kobj/pol_%.bpf.o)
KEX_SRCS	:= $(sort $(wildcard policies/examples/*.yaml))
KEX_OBJS	:= $(KEX_SRCS:policies/examples/%.yaml=$(OUTPUT)/kobj/ex_%.bpf.o)

$(OUTPUT)/kobj/pol_%.bpf.o: tests/kernel/policies/%.yaml $(OUTPUT)/tpc
	$(call msg,TPC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(OUTPUT)/tpc compile $(KPOL_TARGET) $< -o $@

$(OUTPUT)/kobj/ex_%.bpf.o: policies/examples/%.yaml $(OUTPUT)/tpc
	$(call msg,TPC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(OUTPUT)/tpc compile $(KPOL_TARGET) $< -o $@

# Examples that enforce node-wide, narrowed to the tests' own paths for
# shared hosts: tests/kernel/policies/narrow-<name>.sed applied to the
# example, build/kobj/exn_<name>.bpf.o. The build fails if a line of
# narrow-<name>.forbid (an original, node-wide value) is left.
KEXN_SEDS	:= $(sort $(wildcard tests/kernel/policies/narrow-*.sed))
KEXN_OBJS	:= $(KEXN_SEDS:tests/kernel/policies/narrow-%.sed=$(OUTPUT)/kobj/exn_%.bpf.o)

$(OUTPUT)/kobj/exn_%.bpf.o: policies/examples/%.yaml tests/kernel/policies/narrow-%.sed \
			    tests/kernel/policies/narrow-%.forbid $(OUTPUT)/tpc
	$(call msg,TPC,$@)
	$(Q)mkdir -p $(OUTPUT)/narrow
	$(Q)sed -f tests/kernel/policies/narrow-$*.sed $< > $(OUTPUT)/narrow/$*.yaml
	$(Q)if grep -F -f tests/kernel/policies/narrow-$*.forbid $(OUTPUT)/narrow/$*.yaml; then \
		echo "narrow-$*.sed left a node-wide value in $<" >&2; exit 1; fi
	$(Q)$(OUTPUT)/tpc compile --tracefs tests/golden/tracefs $(OUTPUT)/narrow/$*.yaml -o $@

.PHONY: policy-objs
policy-objs: $(KPOL_OBJS) $(KEX_OBJS) $(KEXN_OBJS)
kernel-test-objs: $(KPOL_OBJS) $(KEX_OBJS) $(KEXN_OBJS)

# Every codegen golden, compiled once: tests/kernel/t_policy_verify.sh loads
# each through the verifier of every kernel in the matrix.
KGOLD_SRCS	:= $(sort $(wildcard tests/golden/codegen/*.yaml))
KGOLD_OBJS	:= $(KGOLD_SRCS:tests/golden/codegen/%.yaml=$(OUTPUT)/kobj/gold_%.bpf.o)

$(OUTPUT)/kobj/gold_%.bpf.o: tests/golden/codegen/%.yaml $(OUTPUT)/tpc
	$(call msg,TPC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(OUTPUT)/tpc compile $(KPOL_TARGET) $< -o $@

policy-objs: $(KGOLD_OBJS)
kernel-test-objs: $(KGOLD_OBJS)

# A helper binary for the page-boundary test (t_policy_edge.sh).
$(OUTPUT)/ktest/tp-edge-open: tests/kernel/progs/edge_open.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Wall -Wextra $< -o $@
kernel-test-objs: $(OUTPUT)/ktest/tp-edge-open

# The attacker of the evasion tests (t_evade_*.sh, t_example_*.sh).
$(OUTPUT)/ktest/tp-attack: tests/kernel/progs/attack.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Wall -Wextra -pthread $< -o $@
kernel-test-objs: $(OUTPUT)/ktest/tp-attack

# A static open(2) helper for the hook tests (t_hook_*.sh): no shared library
# opens, so policies matching it by binary path see only the opens it is told to do.
$(OUTPUT)/ktest/tp-open: tests/kernel/progs/open_errno.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -static -Wall -Wextra $< -o $@
kernel-test-objs: $(OUTPUT)/ktest/tp-open

# The argument-rendering helper (t_events_args.sh): static, so a policy matching it
# by path sees only the calls it is told to make.
$(OUTPUT)/ktest/tp-evargs: tests/kernel/progs/evargs.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -static -Wall -Wextra $< -o $@
kernel-test-objs: $(OUTPUT)/ktest/tp-evargs
