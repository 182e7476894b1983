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
