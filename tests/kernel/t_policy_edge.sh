#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Generated code reads a string argument with a plain read of the bytes its
# constants need (no length). When the string ends right before an unmapped
# page that read faults; the program must fall back to a string read and
# still match: /tmp/tpc-ktest/usr1 placed at a page end still gets SIGUSR1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
EDGE=${KTEST_DIR:-$(dirname "$0")/../../build/ktest}/tp-edge-open
[ -x "$EDGE" ] || fail "$EDGE missing (make kernel-test-objs)"
pol_setup
pol_load signal
expect_status "usr1 at a page end" 138 "$(run_status "$EDGE" "$KT/usr1")"
expect_status "usr1x at a page end" 1 "$(run_status "$EDGE" "$KT/usr1x")"
expect_status "usr at a page end" 1 "$(run_status "$EDGE" "$KT/usr")"
echo "ok: a faulting short read falls back to a string read"
