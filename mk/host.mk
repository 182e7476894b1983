# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Host kernel tests (root): tpload against the running kernel.
#   make test-host      tests/kernel/suite.sh on the host (every t_*.sh; tests
#                       whose hooks the host lacks skip)
#   make tp-kobjs       the loader's hand-written test objects
#                       (tests/kernel/progs/tp_*.bpf.c -> build/kobj/, OBJ_DIR),
#                       also built by kernel-test-objs so the VMs get them

# runtime/meta.c reads .tpc.meta with libelf directly; with a shared libbpf
# the linker does not pull libelf in for us.
$(OUTPUT)/tpload: BPF_LIBS += -lelf

TP_KOBJ_SRCS	:= $(sort $(wildcard tests/kernel/progs/tp_*.bpf.c))
TP_KOBJS	:= $(TP_KOBJ_SRCS:tests/kernel/progs/%.bpf.c=$(OUTPUT)/kobj/%.bpf.o)

$(OUTPUT)/kobj/tp_%.bpf.o: tests/kernel/progs/tp_%.bpf.c $(wildcard bpf-templates/include/*.h)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

.PHONY: tp-kobjs kernel-test-objs
tp-kobjs: $(TP_KOBJS)
kernel-test-objs: $(TP_KOBJS)

# What the host kernel of this project's machines is known to run (README):
# if one of these probes "no", the machine is set up wrongly (bpffs or
# tracefs not mounted) and the suite fails instead of skipping its tests.
TPC_HOST_REQUIRE ?= tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin cgroup

test-host: $(OUTPUT)/tpload kernel-test-objs
	$(Q)scripts/kernel-fs.sh
	$(Q)if [ -x tests/kernel/suite.sh ]; then \
		tests/kernel/suite.sh --require "$(TPC_HOST_REQUIRE)"; \
	else \
		rc=0; for t in tests/kernel/t_*.sh; do \
			bash "$$t"; s=$$?; \
			case $$s in 0) echo "PASS $$t";; 77) echo "SKIP $$t";; *) echo "FAIL $$t"; rc=1;; esac; \
		done; exit $$rc; \
	fi
