# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kernel test objects and the VM kernel matrix (included by the Makefile).
#
#   make kernel-test-objs   build/ktest/ (tp-probe + feature probes) and
#                           build/kobj/ (hand-written lab objects: OBJ_DIR)
#   make test-vm            run tests/kernel/suite.sh in a VM on every kernel
#                           of TPC_VM_KERNELS, print the kernel x test matrix,
#                           write build/kernel-matrix.json; fails if any test
#                           fails anywhere or an object's hash differs
#
# TPC_VM_KERNELS: kernels to run (names from tests/vm/kernels.sh).
# TPC_VM_TIMEOUT: seconds one VM (boot + whole suite) may take.
# TPC_VM_FLAGS: extra tests/vm/run.sh options. The default --no-tpc keeps
# build/tpc (~94 MB, LLVM linked in statically) out of the guests (boot ~2x
# faster): guests load the objects compiled once on the host (OBJ_DIR) and a
# test needing $TPC must skip when it is absent. TPC_VM_FLAGS= to include it.

TPC_VM_KERNELS	?= debian-6.1-cloud debian-6.1-generic
TPC_VM_FLAGS	?= --no-tpc
TPC_VM_TIMEOUT	?= 1200
# What every lab kernel runs (docs/testing.md): missing => the suite fails.
TPC_VM_REQUIRE	?= tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe \
		   kretprobe fentry fexit fmod_ret lsm uprobe
# TPC_VM_SKIP_<kernel>: tests (globs) a kernel leaves out. The generic 6.1
# kernel is the cloud kernel's version with another config: it runs every
# hook, enforcement and example test, and leaves to the cloud kernel the
# loader-logic tests (transactions, corruption, repair, the events reader,
# apply's swap and rollback, the core ABI stamp: no kernel config in them) and the path-walker evasion
# tests (same 6.1 code), to keep make test within its 30 minutes of TCG on
# 2 cores.
TPC_VM_SKIP_debian-6.1-generic ?= t_load_* t_evade_* t_events_* t_apply_fail t_apply_swap t_apply_kill t_core_abi
# The boot step: /init runs deploy/systemd/tpc-apply.service's ExecStart with a
# signed bundle in /etc/tpc before the suite (tests/vm/boot_apply.sh), and
# tests/kernel/t_apply_boot.sh checks what it did.
TPC_VM_BOOT	?= --init-hook tests/vm/boot_apply.sh --files $(CURDIR)/deploy/systemd \
		   --env TPC_REQUIRE_BOOT_APPLY=1
KTEST_DIR	:= $(OUTPUT)/ktest
KOBJ_DIR	:= $(OUTPUT)/kobj

PROBE_FEATURES	:= tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe \
		   kretprobe fentry fexit fmod_ret lsm uprobe override_return cgroup
PROBE_OBJS	:= $(PROBE_FEATURES:%=$(KTEST_DIR)/probe_%.bpf.o)
LAB_SRCS	:= $(sort $(wildcard tests/kernel/progs/lab_*.bpf.c))
LAB_OBJS	:= $(LAB_SRCS:tests/kernel/progs/%.bpf.c=$(KOBJ_DIR)/%.bpf.o)
KTEST_HDRS	:= $(wildcard bpf-templates/include/*.h tests/kernel/progs/*.h)

$(KTEST_DIR)/probe_%.bpf.o: tests/kernel/progs/probe.bpf.c $(KTEST_HDRS)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DPROBE_$(shell echo $* | tr a-z A-Z) -c $< -o $@

$(KTEST_DIR)/tp-probe: tests/kernel/progs/probe.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE $< $(BPF_LIBS) -o $@

$(KOBJ_DIR)/lab_%.bpf.o: tests/kernel/progs/lab_%.bpf.c $(KTEST_HDRS)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

.PHONY: kernel-test-objs
kernel-test-objs: $(PROBE_OBJS) $(KTEST_DIR)/tp-probe $(LAB_OBJS)

# Every kernel runs the suite on the same prebuilt bytes; one kernel after
# the other (TCG with -smp 2 already uses both host cores).
test-vm: all kernel-test-objs
	$(Q)rm -f $(TPC_VM_KERNELS:%=$(OUTPUT)/kernel-results-%.json)
	$(Q)rc=0; \
	$(foreach k,$(TPC_VM_KERNELS),\
		rm -rf $(OUTPUT)/vm-out/$(k); \
		tests/vm/run.sh --kernel $(k) --out $(OUTPUT)/vm-out/$(k) \
			--timeout $(TPC_VM_TIMEOUT) $(TPC_VM_FLAGS) $(TPC_VM_BOOT) -- \
			tests/kernel/suite.sh --kernel-name $(k) --json /out/kernel-results-$(k).json \
				--require "$(TPC_VM_REQUIRE)" --skip "$(TPC_VM_SKIP_$(k))" \
			|| { echo "test-vm: $(k): exit $$?" >&2; rc=1; }; \
		cp $(OUTPUT)/vm-out/$(k)/kernel-results-$(k).json $(OUTPUT)/ 2>/dev/null || rc=1; ) \
	python3 tests/vm/matrix.py --obj-dir $(KOBJ_DIR) --out $(OUTPUT)/kernel-matrix.json \
		--vm-info $(OUTPUT)/vm-out \
		$(TPC_VM_KERNELS:%=--expect %) $(OUTPUT)/kernel-results-*.json || rc=1; \
	exit $$rc
