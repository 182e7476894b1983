# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Benchmarks (root; docs/benchmarks.md):
#   make bench            full run (~10 min): per-event cost, syscall overhead,
#                         compile, load and kernel memory; tpc vs bpftrace vs a
#                         hand-written floor. Table on stdout, raw data in
#                         build/bench.json
#   make bench QUICK=1    smoke run (a few seconds): every part of the harness,
#                         1 round, few events, results in build/bench-quick.json
#                         (the full run's build/bench.json is kept). Exit 0
#                         unless the harness breaks; timing targets never fail it.
# BENCH_ROUNDS=N / BENCH_EVENTS=N override the rounds / events per measurement.
BENCH_DIR	:= $(OUTPUT)/bench
BENCH_LOADGEN	:= $(abspath $(BENCH_DIR)/loadgen)
BENCH_FLOORS	:= null main prefix bin eq1 eqset
BENCH_FLOOR_OBJS := $(BENCH_FLOORS:%=$(BENCH_DIR)/floor_%.bpf.o)

$(BENCH_DIR)/loadgen: bench/loadgen.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -O2 -Wall -Wextra -o $@ $<

# The other binary name (a copy: tp_procs resolves symlinks).
$(BENCH_DIR)/loadgen-other: $(BENCH_DIR)/loadgen
	$(Q)cp $< $@

# The floor's constants (binary path, prefix, value) as 64-bit immediates.
$(BENCH_DIR)/floor_consts.h: bench/bench.py
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)python3 bench/bench.py --floor-consts $(BENCH_LOADGEN) > $@.tmp && mv $@.tmp $@

$(BENCH_DIR)/floor_%.bpf.o: bench/floor.bpf.c $(BENCH_DIR)/floor_consts.h $(wildcard bpf-templates/include/*.h)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -I$(BENCH_DIR) -DV_$(shell echo $* | tr a-z A-Z) -c $< -o $@

.PHONY: bench-deps bench-build
bench-deps:
ifneq ($(QUICK),1)
	$(Q)scripts/install-deps.sh --bench
endif

bench-build: $(OUTPUT)/tpc $(OUTPUT)/tpload $(BENCH_DIR)/loadgen $(BENCH_DIR)/loadgen-other $(BENCH_FLOOR_OBJS)

bench: bench-deps
	$(Q)$(MAKE) --no-print-directory bench-build
	$(Q)scripts/kernel-fs.sh
	$(Q)python3 bench/bench.py $(if $(filter 1,$(QUICK)),--quick) \
		--build $(OUTPUT) --json $(OUTPUT)/bench$(if $(filter 1,$(QUICK)),-quick).json
