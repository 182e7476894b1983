# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make corpus: tpc check over Tetragon's example policies (../shared/corpus),
# with a per-file report (build/corpus-report.md). Fails only if tpc crashes.
CORPUS_DIR	?= ../shared/corpus/tetragon-examples

corpus: $(OUTPUT)/tpc
	$(Q)python3 scripts/corpus-report.py $(OUTPUT)/tpc $(CORPUS_DIR)
