#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# A kprobe (on the openat syscall) that SIGKILLs processes named tp-victim,
# loaded by tpload from the prebuilt lab_kprobe_kill.bpf.o: it must kill
# after tpload exited, spare other processes, and stop after unload.
. "$(dirname "$0")/lib.sh"
OBJ=$OBJ_DIR/lab_kprobe_kill.bpf.o
NAME=lab-kprobe-kill
need kprobe send_signal link_pin
need_tpload
lab_kill_test "$OBJ" "$NAME"
