#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Victim of t_policy_changes.sh: after its exec, change one thing about
itself, then open each path (a missing file is fine: the open is what the
policy sees). Exit 0 if it was not killed.

  chg_victim.py none|drop-sysadmin|drop-chown|unshare-uts|unshare-ipc PATH...
"""
import ctypes
import sys

CAP_CHOWN = 0
CAP_SYS_ADMIN = 21
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

libc = ctypes.CDLL(None, use_errno=True)


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_effective(cap):
    hdr = CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (CapData * 2)()
    if libc.capget(ctypes.byref(hdr), data):
        sys.exit("capget: errno %d" % ctypes.get_errno())
    data[cap // 32].effective &= ~(1 << (cap % 32))
    if libc.capset(ctypes.byref(hdr), data):
        sys.exit("capset: errno %d" % ctypes.get_errno())


def unshare(flags):
    if libc.unshare(flags):
        sys.exit("unshare: errno %d" % ctypes.get_errno())


def main():
    what, paths = sys.argv[1], sys.argv[2:]
    if what == "drop-sysadmin":
        drop_effective(CAP_SYS_ADMIN)
    elif what == "drop-chown":
        drop_effective(CAP_CHOWN)
    elif what == "unshare-uts":
        unshare(CLONE_NEWUTS)
    elif what == "unshare-ipc":
        unshare(CLONE_NEWIPC)
    elif what != "none":
        sys.exit("unknown change " + what)
    for p in paths:
        try:
            open(p).close()
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
