#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Path-like kernel objects and buffers on raw tracepoints of ext4 and iomap: the
# struct file of an fsync (file_arg, FileType reg), the dentry of an unlink
# (path_arg), the kiocb and iov_iter of an O_DIRECT write (file_arg, the 4 KiB
# written: maxData), and the iovec array of writev(2) (char_iovec: the bytes joined,
# 256 kept, the total as orig_size).
# Needs /tmp on ext4 (the host's root; the VMs run from an initramfs: skip).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/progs/tp_lib.sh"
. "$(dirname "$0")/pol_lib.sh"
need raw_tp
command -v python3 >/dev/null || skip "no python3"
[ "$(stat -f -c %T /tmp 2>/dev/null)" = ext2/ext3 ] || skip "/tmp is not on ext4"
for e in ext4/ext4_sync_file_enter ext4/ext4_unlink_enter iomap/iomap_dio_rw_begin; do
	[ -d "/sys/kernel/tracing/events/$e" ] || skip "no $e tracepoint"
done
pol_setup
py=$(python3 -c "import os, sys; print(os.path.realpath(sys.executable))") || fail "python3"
cp "$py" "$KT/bin/tp-pywritev" || fail "cp $py"
pol_load types-files
python3 - "$KT" <<'PY' || fail "file operations"
import mmap, os, sys
kt = sys.argv[1]
with open(kt + "/x.tpc-sync", "w") as f:
    f.write("data\n")
    f.flush()
    os.fsync(f.fileno())
with open(kt + "/y.tpc-unlink", "w") as f:
    f.write("x")
os.unlink(kt + "/y.tpc-unlink")
buf = mmap.mmap(-1, 4096)
buf.write(b"tpc-dio-" * 512)
fd = os.open(kt + "/z.tpc-dio", os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o640)
os.write(fd, buf)
os.close(fd)
PY
"$KT/bin/tp-pywritev" -c 'import os; fd = os.open("/dev/null", os.O_WRONLY); os.writev(fd, [b"hello ", b"iovec ", b"world", b"x" * 300])' ||
	fail "writev"
ev=$(tpl -j events) || fail "events"
check_tetragon_json "$ev"
python3 - "$ev" "$KT" <<'PY' || fail "events: $ev"
import base64, json, sys
kt = sys.argv[2]
evs = [json.loads(l)["process_tracepoint"] for l in sys.argv[1].splitlines() if l.strip()]
by = {}
for e in evs:
    by.setdefault(e["event"], []).append(e["args"])
assert by["ext4_sync_file_enter"] == [[{"file_arg": {"path": kt + "/x.tpc-sync",
                                                     "permission": "-rw-r--r--"}}]], by
assert by["ext4_unlink_enter"] == [[{"path_arg": {"path": kt + "/y.tpc-unlink",
                                                  "permission": "-rw-r--r--"}}]], by
dio = by["iomap_dio_rw_begin"]
assert len(dio) == 1, dio
assert dio[0][0] == {"file_arg": {"path": kt + "/z.tpc-dio", "permission": "-rw-r-----"}}, dio
assert base64.b64decode(dio[0][1]["bytes_arg"]) == b"tpc-dio-" * 512, dio	# maxData: all 4 KiB
wv = by["sys_enter_writev"]
assert len(wv) == 1, wv
t = wv[0][0]["truncated_bytes_arg"]
assert t["orig_size"] == "317", t
assert base64.b64decode(t["bytes_arg"]) == (b"hello iovec world" + b"x" * 300)[:256], t
PY
echo "ok: file, dentry, kiocb, iov_iter and iovec arguments reported"
