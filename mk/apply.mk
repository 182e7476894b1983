# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Test inputs of `tpload apply` and `tpload probe` (issue 9), built once on the
# host by kernel-test-objs and loaded as the same bytes everywhere:
#   build/kobj/apply/{A,B,B-untrusted}.tar(.minisig), trust/: signed bundles of
#     tests/kernel/apply/*.yaml (tests/kernel/apply/mk-bundles.sh)
#   build/kobj/tp_apply_*.bpf.o: hand-written objects the tests bundle at run
#     time (tests/kernel/mkbundle.py), with a program name per version
#   build/kobj/tp_pmeta_*.bpf.o: objects whose .tpc.meta needs given features
#     (tests/kernel/t_probe.sh)
# (tp_*.bpf.o are built by mk/host.mk; here only their shared headers.)

APPLY_OUT	:= $(OUTPUT)/kobj/apply
APPLY_YAML	:= $(sort $(wildcard tests/kernel/apply/*.yaml))

$(APPLY_OUT)/A.tar: $(APPLY_YAML) $(OUTPUT)/tpc tests/kernel/apply/mk-bundles.sh
	$(call msg,BUNDLE,$(APPLY_OUT))
	$(Q)tests/kernel/apply/mk-bundles.sh $(OUTPUT)/tpc $(APPLY_OUT) $(KPOL_TARGET)

$(OUTPUT)/kobj/tp_apply_%.bpf.o: tests/kernel/progs/tp_apply.bpf.h
$(OUTPUT)/kobj/tp_pmeta_%.bpf.o: tests/kernel/progs/tp_pmeta.bpf.h

.PHONY: apply-test-objs
apply-test-objs: $(APPLY_OUT)/A.tar
kernel-test-objs: $(APPLY_OUT)/A.tar
