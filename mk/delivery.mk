# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Delivery (issue 9): bundles and signatures, CI output formats, install,
# packages, the static tpload. Included by the Makefile.
#
#   make test-delivery   unprivileged: bundle reproducibility, minisign
#                        round trips and refusals, SARIF/GitHub output,
#                        make install and make deb contents (part of make check)

test-delivery: $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)tests/compiler/t_bundle.sh $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)python3 tests/compiler/t_ci_formats.py $(OUTPUT)/tpc

# ------------------------------------------------------------ static tpload
# For nodes with no compiler, no package manager, no network: one static ELF
# (glibc, libbpf, libelf, zlib, zstd, libsodium from Debian's static
# libraries), stripped. runtime/vmlinux_btf.o is left out: it replaces two
# libbpf functions through the dynamic linker (PLT + dlsym(RTLD_NEXT)), which
# a static link cannot do; the static tpload uses libbpf's own BTF reader
# (docs/air-gapped.md).
TPLOAD_STATIC_OBJS := $(filter-out $(OUTPUT)/obj/runtime/vmlinux_btf.o,$(TPLOAD_OBJS))
STATIC_LIBS	:= -lbpf -lelf -lz -lzstd -lsodium -pthread

$(OUTPUT)/tpload-static: $(TPLOAD_STATIC_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) -static -s $(LDFLAGS) $^ $(STATIC_LIBS) -o $@
	$(Q)if ! file $@ | grep -q 'statically linked'; then echo "$@ is not static" >&2; rm -f $@; exit 1; fi
	@echo "tpload-static: $$(stat -c %s $@) bytes ($$(du -k $@ | cut -f1) KiB), statically linked, stripped"

.PHONY: tpload-static test-static-vm
tpload-static: $(OUTPUT)/tpload-static

# The static tpload in a VM whose root has no shared library at all (static
# busybox + the files of the test): verify a signed bundle, refuse a
# tampered one, load a policy from it and see it kill, unload. Part of make
# test; run it alone as: flock /tmp/tpc-vm.lock make test-static-vm
TPC_STATIC_VM_KERNEL ?= debian-6.1-cloud
test-static-vm: $(OUTPUT)/tpload-static $(OUTPUT)/tpc
	$(Q)tests/vm/t_static_tpload.sh $(TPC_STATIC_VM_KERNEL)

test-delivery: test-install
.PHONY: test-install
test-install: $(OUTPUT)/tpc $(OUTPUT)/tpload
	$(Q)MAKE="$(MAKE)" tests/compiler/t_install.sh

# Kubernetes manifests (deploy/kubernetes/) against the API's OpenAPI schemas
# (npm kubernetes-models, installed once into build/npm-k8s). Part of make test.
.PHONY: test-k8s
test-k8s:
	$(Q)if command -v npm >/dev/null && command -v node >/dev/null; then \
		deploy/kubernetes/validate.sh; \
	else echo "test-k8s: SKIPPED: no node/npm on this machine"; fi
