#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# guest_snapshot.sh OUT: run in a VM guest by `make corpus`
# (scripts/corpus-report.py): the guest kernel's inputs for tpc, as
# `tpload snapshot OUT` (BTF, tracepoint formats, ftrace function list).
set -eu
exec "$(cd "$(dirname "$0")/../.." && pwd)/build/tpload" snapshot "$1"
