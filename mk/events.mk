# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The checker of Tetragon event JSON (tests/events/tetragon_json.py, docs/events.md) and its
# unit tests; part of make check. The kernel suite runs the checker on every event line
# `tpload -j events` prints (tests/kernel/lib.sh: check_tetragon_json).
.PHONY: test-events
check: test-events

test-events:
	$(Q)python3 tests/events/test_tetragon_json.py
