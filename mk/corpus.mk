# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make corpus: Tetragon's example policies (../shared/corpus, outside the repo)
# through tpc and the kernel lab (scripts/corpus-report.py): `tpc check` of every
# file, then, per lab kernel of CORPUS_VM, every file compiled against that
# kernel's own inputs (a `tpload snapshot` taken once in a VM, cached in
# $(TPC_CACHE)/snapshots) and every object loaded in a VM of that kernel.
# Report: build/corpus-report.md; with CORPUS_DOCS=1 also docs/corpus.md (the
# committed one). Fails only if tpc crashes or a VM cannot run. Boots VMs: on a
# shared machine run it under `flock /tmp/tpc-vm.lock`.
CORPUS_DIR	?= ../shared/corpus/tetragon-examples
CORPUS_VM	?= $(TPC_VM_KERNELS)
CORPUS_DOCS	?= 0
# make test (CI) runs the host check only: loading the corpus took 17 min
# of the 30-minute budget for both lab kernels, ~8 for one (one 432-hook
# object dominates: a trampoline probed, attached and detached per hook under
# TCG). The hook kinds are tested in make test by the lab suite (t_hook_*,
# t_lab_*, t_policy_verify: every golden object through both 6.1 verifiers);
# `make corpus` loads every corpus object in every lab kernel (docs/corpus.md).
# CORPUS_TEST_VM=debian-6.1-cloud puts one kernel's load back into make test.
CORPUS_TEST_VM	?=

corpus: $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)python3 scripts/corpus-report.py $(if $(strip $(CORPUS_VM)),--vm "$(CORPUS_VM)") \
		$(if $(filter 1,$(CORPUS_DOCS)),--docs docs/corpus.md) $(OUTPUT)/tpc $(CORPUS_DIR)
