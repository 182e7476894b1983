#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Signal with argSig delivers that signal (SIGUSR1 = 10: exit 138), NoPost
# writes no event, a different path gets nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
pol_setup
pol_load signal
expect_status "open usr1" 138 "$(run_status "$KT/bin/tp-other" -c "exec 3< $KT/usr1")"
expect_status "open usr1x" 1 "$(run_status "$KT/bin/tp-other" -c "exec 3< $KT/usr1x")"
ev=$(tpl -j events) || fail "events"
[ -z "$ev" ] || fail "NoPost wrote events: $ev"
tpl unload ktest-signal >/dev/null || fail "unload"
expect_status "open usr1 after unload" 1 "$(run_status "$KT/bin/tp-other" -c "exec 3< $KT/usr1")"
echo "ok: Signal 10 delivered, NoPost posts nothing"
