#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A fentry (on do_sys_openat2) that SIGKILLs processes named tp-victim,
# loaded by tpload from the prebuilt lab_fentry_kill.bpf.o: it must kill
# after tpload exited, spare other processes, and stop after unload.
. "$(dirname "$0")/lib.sh"
OBJ=$OBJ_DIR/lab_fentry_kill.bpf.o
NAME=lab-fentry-kill
need fentry send_signal link_pin
need_tpload
lab_kill_test "$OBJ" "$NAME"
