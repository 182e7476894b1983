#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Path attacks on a `file` argument (raw ext4_sync_file_enter): the path is kept as
# the core keeps it (head + tail + whole length, tp_abi.h), so NotEqual, Prefix and
# NotPrefix decide exactly. Three policies loaded together, each telling by its
# events which files it matched:
#   ok      /tmp/tpc-ktest/ok.tpc-path
#   long    /tmp/tpc-ktest/P/<3 x 200 bytes>/tmp/tpc-ktest/ok.tpc-path (its kept
#           tail reads like ok): NotEqual holds, Prefix does not, NotPrefix holds
#   deep    /tmp/tpc-ktest/ok.tpc-path.d/<3 x 200 bytes>/f: Prefix holds
#   deleted ok, opened, unlinked, then fsynced: "... (deleted)": NotEqual and
#           Prefix hold
# Needs /tmp on ext4 (the host's root; the VMs run from an initramfs: skip).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
need raw_tp
[ "$(stat -f -c %T /tmp 2>/dev/null)" = ext2/ext3 ] || skip "/tmp is not on ext4"
[ -d /sys/kernel/tracing/events/ext4/ext4_sync_file_enter ] || skip "no ext4_sync_file_enter"
pol_setup
for p in ne pre npre; do
	pol_load "types-paths-$p"
done
python3 - "$KT" <<'PY' || fail "file operations"
import os, sys
kt = sys.argv[1]
a = "a" * 200
def sync(path, unlink=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("x")
        f.flush()
        if unlink:
            os.unlink(path)
        os.fsync(f.fileno())
sync(kt + "/ok.tpc-path")
sync(kt + "/P/" + a + "/" + a + "/" + a + kt + "/ok.tpc-path")
sync(kt + "/ok.tpc-path.d/" + a + "/" + a + "/" + a + "/f")
sync(kt + "/ok.tpc-path", unlink=True)
PY
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" <<'PY' || fail "events: $ev"
import json, sys
kt = sys.argv[2]
a = "a" * 200
ok = kt + "/ok.tpc-path"
long = kt + "/P/" + a + "/" + a + "/" + a + kt + "/ok.tpc-path"
deep = kt + "/ok.tpc-path.d/" + a + "/" + a + "/" + a + "/f"
def shown(p):	# head...tail beyond 511 bytes (events.md)
    return p if len(p) < 512 else p[:256] + "..." + p[-256:]
got = {}
for l in sys.argv[1].splitlines():
    e = json.loads(l)["process_tracepoint"]
    fa = e["args"][0]["file_arg"]
    assert "flags" not in fa, fa	# every head is known here
    got.setdefault(e["policy_name"], []).append(fa["path"])
want = {
    "ktest-types-paths-ne": [shown(long), shown(deep), ok + " (deleted)"],
    "ktest-types-paths-pre": [ok, shown(deep), ok + " (deleted)"],
    "ktest-types-paths-npre": [shown(long)],
}
for k, v in want.items():
    assert sorted(got.get(k, [])) == sorted(v), (k, got.get(k), v)
PY
echo "ok: file paths: no NotEqual/NotPrefix escape and no Prefix by accident at 650 bytes; unlinked file still matched"
