#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload killed at every step of load (empty root and with a core), load
# --replace, unload and unload --all (SIGKILL injected by strace at the K-th
# rename/rmdir/unlink for every K, every 2nd mkdir, and a spread of bpf()
# calls; TPC_KILL_BPF_POINTS=1000 TPC_KILL_MKDIR_STRIDE=1 for all of them):
# after each kill every published policy and the core are whole, and after
# the next run's repair the state is the old or the new one, with no
# journal, no orphan link and a clean registry (tests/kernel/txn_kill.py).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
command -v strace >/dev/null || skip "strace not installed (the kill points are injected with it)"
command -v python3 >/dev/null || skip "python3 not installed"
tp_setup
OBJ=$OBJ_DIR/tp_multi.bpf.o
[ -f "$OBJ" ] || fail "$OBJ missing (make kernel-test-objs)"
python3 "$(dirname "$0")/txn_kill.py" "$TPLOAD" "$TP_ROOT" "$OBJ" "${TPC_KILL_BPF_POINTS:-6}" \
	"${TPC_KILL_MKDIR_STRIDE:-2}" ||
	fail "invariant broken (above)"
echo "ok: killed at every step, invariant held"
