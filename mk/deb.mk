# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make deb: build/deb/tpload_<version>_<arch>.deb with dpkg-deb alone (no
# debhelper): the static tpload (no Depends: it runs on any node), its man
# page, bash completion, the systemd unit (enabled on install, started at the
# next boot: installing never loads policies by itself) and /etc/tpc/.

DEB_ARCH	:= $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB		:= $(OUTPUT)/deb/tpload_$(VERSION)_$(DEB_ARCH).deb
DEB_ROOT	:= $(OUTPUT)/deb/root

.PHONY: deb
deb: $(DEB)

$(DEB): $(OUTPUT)/tpload-static $(OUTPUT)/man/tpload.8 docs/bash-completion/tpload \
	deploy/systemd/tpc-apply.service mk/deb.mk
	$(call msg,DEB,$@)
	$(Q)rm -rf $(DEB_ROOT) && mkdir -p $(DEB_ROOT)/DEBIAN
	$(Q)$(MAKE) --no-print-directory install-tpload DESTDIR=$(abspath $(DEB_ROOT)) PREFIX=/usr \
		UNITDIR=/lib/systemd/system OUTPUT_TPLOAD=1
	$(Q)install -m 0755 $(OUTPUT)/tpload-static $(DEB_ROOT)/usr/sbin/tpload
	$(Q)gzip -9n $(DEB_ROOT)/usr/share/man/man8/tpload.8
	$(Q)install -d $(DEB_ROOT)/usr/share/doc/tpload
	$(Q)printf '%s\n' 'tpload: the node side of tpc (Tetragon TracingPolicy compiled to eBPF).' \
		'License: LGPL-2.1 OR BSD-2-Clause' > $(DEB_ROOT)/usr/share/doc/tpload/copyright
	$(Q)printf '%s\n' \
		'Package: tpload' \
		'Version: $(VERSION)' \
		'Architecture: $(DEB_ARCH)' \
		'Maintainer: tpc developers <tpc@localhost>' \
		'Section: admin' \
		'Priority: optional' \
		"Installed-Size: $$(du -sk $(DEB_ROOT) | cut -f1)" \
		'Description: load tpc eBPF policy bundles and exit (no agent)' \
		' tpload verifies a signed policy bundle made by tpc, loads and pins its' \
		' eBPF programs under /sys/fs/bpf/tpc and exits; enforcement keeps running' \
		' in the kernel. Statically linked: no dependencies. The tpc-apply.service' \
		' unit applies /etc/tpc/bundle.tar at boot.' > $(DEB_ROOT)/DEBIAN/control
	$(Q)printf '%s\n' '#!/bin/sh' 'set -e' \
		'if [ "$$1" = configure ] && [ -d /run/systemd/system ]; then' \
		'	systemctl daemon-reload >/dev/null 2>&1 || true' \
		'	systemctl enable tpc-apply.service >/dev/null 2>&1 || true' \
		'fi' > $(DEB_ROOT)/DEBIAN/postinst
	$(Q)printf '%s\n' '#!/bin/sh' 'set -e' \
		'if [ "$$1" = remove ] && [ -d /run/systemd/system ]; then' \
		'	systemctl disable tpc-apply.service >/dev/null 2>&1 || true' \
		'fi' > $(DEB_ROOT)/DEBIAN/prerm
	$(Q)chmod 0755 $(DEB_ROOT)/DEBIAN/postinst $(DEB_ROOT)/DEBIAN/prerm
	$(Q)mkdir -p $(@D)
	$(Q)SOURCE_DATE_EPOCH=0 dpkg-deb --root-owner-group -Zxz --build $(DEB_ROOT) $@ >/dev/null
	@echo "deb: $@ ($$(stat -c %s $@) bytes)"
