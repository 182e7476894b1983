#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# raw: true tracepoints: raw_syscalls/sys_enter with TP_PROTO arg 1 (the
# syscall id): tp-victim calling kill(2) (id 62 on x86_64) is killed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "syscall number 62 is kill(2) on x86_64 only"
need raw_tp
pol_setup
pol_load rawtp
expect_status "victim kill -0" 137 "$(run_status "$KT/bin/tp-victim" -c 'kill -0 $$')"
expect_status "other kill -0" 0 "$(run_status "$KT/bin/tp-other" -c 'kill -0 $$')"
expect_status "victim without kill(2)" 0 "$(run_status "$KT/bin/tp-victim" -c 'true')"
echo "ok: raw tracepoint argument matched"
