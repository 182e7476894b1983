#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tpload apply killed at every step (tests/kernel/apply_kill.py): applying
# bundle KB over KA (add, replace, keep, remove) and KA into an empty root,
# SIGKILLed by strace at every rename/rmdir/unlink, every 2nd mkdir and a
# spread of bpf() calls. After each kill the kernel enforces A whole or B
# whole and every published policy is whole; after the next run's repair the
# root is exactly A or exactly B (policies, digests, applied-bundle record,
# links, registry), and the policy both bundles share kept its id.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
command -v strace >/dev/null || skip "strace not installed (the kill points are injected with it)"
command -v python3 >/dev/null || skip "python3 not installed"
tp_setup
. "$(dirname "$0")/apply_lib.sh"
apply_kbundles
python3 "$(dirname "$0")/apply_kill.py" "$TPLOAD" "$TP_ROOT" "$KA" "$KB" \
	"${TPC_KILL_BPF_POINTS:-6}" "${TPC_KILL_MKDIR_STRIDE:-2}" ||
	fail "invariant broken (above)"
echo "ok: killed at every step, A whole or B whole after each"
