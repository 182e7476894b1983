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
# make test (CI) loads the corpus in one lab kernel only: both took 17 min of
# the 30-minute budget (one 432-hook object dominates: a trampoline probed,
# attached and detached per hook under TCG). `make corpus` does every kernel.
CORPUS_TEST_VM	?= debian-6.1-cloud

corpus: $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)python3 scripts/corpus-report.py $(if $(strip $(CORPUS_VM)),--vm "$(CORPUS_VM)") \
		$(if $(filter 1,$(CORPUS_DOCS)),--docs docs/corpus.md) $(OUTPUT)/tpc $(CORPUS_DIR)
