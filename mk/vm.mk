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
# TPC_VM_SMP: guest CPUs. One: under TCG a one-CPU guest ran the same tests
# in about 2/3 of the time of a two-CPU one (no cross-CPU synchronization in
# the guest), and two such VMs run side by side on 2 host cores.
TPC_VM_SMP	?= 1
# What every lab kernel runs (docs/testing.md): missing => the suite fails.
TPC_VM_REQUIRE	?= tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe \
		   kretprobe fentry fexit fmod_ret lsm uprobe
# TPC_VM_SKIP_<kernel>: tests (globs) a kernel leaves out. The generic 6.1
# kernel is the cloud kernel's version with another config: both run every
# hook, enforcement and example test; the tests with no kernel config in
# them run on one of the two only, split so that the two VMs (which run at
# the same time) take about as long: the cloud kernel runs the loader-logic
# tests (transactions, corruption, repair, apply's swap and rollback), the
# generic one the events reader (t_events_*), the path-walker evasion tests
# (same 6.1 code) and the core ABI stamp. A kernel leaves its share to the
# other only when the other is in TPC_VM_KERNELS, so one kernel alone runs
# everything.
VM_SHARE_debian-6.1-cloud	:= t_load_* t_apply_fail t_apply_swap t_apply_kill
VM_SHARE_debian-6.1-generic	:= t_evade_* t_events_* t_core_abi
TPC_VM_SKIP_debian-6.1-generic ?= $(if $(filter debian-6.1-cloud,$(TPC_VM_KERNELS)),$(VM_SHARE_debian-6.1-cloud))
TPC_VM_SKIP_debian-6.1-cloud ?= $(if $(filter debian-6.1-generic,$(TPC_VM_KERNELS)),$(VM_SHARE_debian-6.1-generic))
# The boot step: /init runs deploy/systemd/tpc-apply.service's ExecStart with a
# signed bundle in /etc/tpc before the suite (tests/vm/boot_apply.sh), and
# tests/kernel/t_apply_boot.sh checks what it did.
TPC_VM_BOOT	?= --init-hook tests/vm/boot_apply.sh --files $(CURDIR)/deploy/systemd \
		   --env TPC_REQUIRE_BOOT_APPLY=1
KTEST_DIR	:= $(OUTPUT)/ktest
KOBJ_DIR	:= $(OUTPUT)/kobj

PROBE_FEATURES	:= tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe \
		   kretprobe fentry fexit fmod_ret lsm ima_hash uprobe override_return cgroup
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

# Every kernel runs the suite on the same prebuilt bytes. The kernels run at
# the same time (TPC_VM_PARALLEL=1, the default; 0: one after the other),
# each with its output in $(OUTPUT)/phase-logs/vm-<kernel>.log, printed whole
# when that VM ends: a TCG guest keeps less than one host core busy (one
# measured at 0.75 of a core with -smp 2), so two fit on 2 cores.
TPC_VM_PARALLEL	?= 1

# test-vm-kernel-K: one kernel of the matrix (results in
# $(OUTPUT)/kernel-results-K.json); test-vm-matrix: the kernel x test table
# of whatever results exist.
test-vm-kernel-%: all kernel-test-objs
	$(Q)rm -rf $(OUTPUT)/vm-out/$* $(OUTPUT)/kernel-results-$*.json
	$(Q)rc=0; tests/vm/run.sh --kernel $* --out $(OUTPUT)/vm-out/$* \
		--timeout $(TPC_VM_TIMEOUT) --smp $(TPC_VM_SMP) $(TPC_VM_FLAGS) $(TPC_VM_BOOT) -- \
		tests/kernel/suite.sh --kernel-name $* --json /out/kernel-results-$*.json \
			--require "$(TPC_VM_REQUIRE)" --skip "$(TPC_VM_SKIP_$*)" \
		|| { echo "test-vm: $*: exit $$?" >&2; rc=1; }; \
	cp $(OUTPUT)/vm-out/$*/kernel-results-$*.json $(OUTPUT)/ 2>/dev/null || rc=1; \
	exit $$rc

.PHONY: test-vm-matrix test-vm-kernels
test-vm-matrix:
	$(Q)python3 tests/vm/matrix.py --obj-dir $(KOBJ_DIR) --out $(OUTPUT)/kernel-matrix.json \
		--vm-info $(OUTPUT)/vm-out \
		$(TPC_VM_KERNELS:%=--expect %) $(OUTPUT)/kernel-results-*.json

ifeq ($(TPC_VM_PARALLEL),1)
test-vm-kernels: all kernel-test-objs
	$(Q)scripts/phases-parallel.sh $(OUTPUT)/vm-phases.txt test-vm-kernels \
		$(foreach k,$(TPC_VM_KERNELS),vm-$(k) "$(MAKE) --no-print-directory test-vm-kernel-$(k)")
else
test-vm-kernels: all kernel-test-objs
	$(Q)rc=0; $(foreach k,$(TPC_VM_KERNELS),$(MAKE) --no-print-directory test-vm-kernel-$(k) || rc=1;) \
	exit $$rc
endif

# The matrix is printed also when a kernel failed (it shows where).
test-vm: all kernel-test-objs
	$(Q)rc=0; $(MAKE) --no-print-directory test-vm-kernels || rc=1; \
	$(MAKE) --no-print-directory test-vm-matrix || rc=1; \
	exit $$rc
