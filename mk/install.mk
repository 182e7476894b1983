# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make install / make man (included by the Makefile).
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   tpc, tpload, man pages, bash
#                                                 completion, the systemd unit
#   make install-tpload                           the node side only
#   make man                                      build/man/{tpc.1,tpload.8}
#
# The man pages are generated from docs/tpc.md and docs/tpload.md (one text:
# scripts/md2man.py, python3 only), so they never drift from the docs that
# tests/compiler/t_docs_sync.sh checks against --help.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
SBINDIR		?= $(PREFIX)/sbin
MANDIR		?= $(PREFIX)/share/man
COMPLETIONDIR	?= $(PREFIX)/share/bash-completion/completions
UNITDIR		?= $(PREFIX)/lib/systemd/system
SYSCONFDIR	?= /etc
INSTALL		?= install

MAN_PAGES	:= $(OUTPUT)/man/tpc.1 $(OUTPUT)/man/tpload.8

$(OUTPUT)/man/%.1 $(OUTPUT)/man/%.8: docs/%.md scripts/md2man.py
	$(call msg,MAN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)python3 scripts/md2man.py $< $(VERSION) > $@.tmp && mv $@.tmp $@

.PHONY: man install install-tpload install-tpc
man: $(MAN_PAGES)

install-tpload: $(OUTPUT)/tpload $(OUTPUT)/man/tpload.8
	$(Q)$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(COMPLETIONDIR) \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/tpc/trusted-keys
	$(Q)$(INSTALL) -m 0755 $(OUTPUT)/tpload $(DESTDIR)$(SBINDIR)/tpload
	$(Q)$(INSTALL) -m 0644 $(OUTPUT)/man/tpload.8 $(DESTDIR)$(MANDIR)/man8/tpload.8
	$(Q)$(INSTALL) -m 0644 docs/bash-completion/tpload $(DESTDIR)$(COMPLETIONDIR)/tpload
	$(Q)sed 's|/usr/sbin/tpload|$(SBINDIR)/tpload|; s|/etc/tpc|$(SYSCONFDIR)/tpc|g' \
		deploy/systemd/tpc-apply.service > $(DESTDIR)$(UNITDIR)/tpc-apply.service
	$(Q)chmod 0644 $(DESTDIR)$(UNITDIR)/tpc-apply.service

install-tpc: $(OUTPUT)/tpc $(OUTPUT)/man/tpc.1
	$(Q)$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	$(Q)$(INSTALL) -m 0755 $(OUTPUT)/tpc $(DESTDIR)$(BINDIR)/tpc
	$(Q)$(INSTALL) -m 0644 $(OUTPUT)/man/tpc.1 $(DESTDIR)$(MANDIR)/man1/tpc.1
	$(Q)$(INSTALL) -m 0644 docs/bash-completion/tpc $(DESTDIR)$(COMPLETIONDIR)/tpc

install: install-tpc install-tpload
