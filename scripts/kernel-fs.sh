#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Mount the kernel filesystems that loading and testing BPF programs need,
# where they are missing: bpffs on /sys/fs/bpf, tracefs on
# /sys/kernel/tracing, securityfs on /sys/kernel/security. Idempotent; a
# filesystem that is already there is left alone. Needs root. Used by
# `make test`, `make demo` and `make bench` (a fresh Debian machine boots
# without bpffs and tracefs), and by nothing at run time: tpload mounts
# bpffs itself, tpc takes tracefs formats from --tracefs or a snapshot.
# Exit 0 when all three are present afterwards, 3 otherwise (the reason
# is printed).
set -u

fstype() {
	stat -f -c %T "$1" 2>/dev/null
}

ensure() {
	local type=$1 dir=$2 want=$3
	[ -d "$dir" ] || { echo "kernel-fs: $dir does not exist" >&2; return 1; }
	[ "$(fstype "$dir")" = "$want" ] && return 0
	if ! mount -t "$type" "$type" "$dir" 2>/tmp/kernel-fs.$$; then
		echo "kernel-fs: cannot mount $type on $dir: $(cat /tmp/kernel-fs.$$)" >&2
		rm -f /tmp/kernel-fs.$$
		return 1
	fi
	rm -f /tmp/kernel-fs.$$
	echo "kernel-fs: mounted $type on $dir" >&2
}

if [ "$(id -u)" != 0 ]; then
	echo "kernel-fs: needs root" >&2
	exit 3
fi
rc=0
ensure bpf /sys/fs/bpf bpf_fs || rc=3
ensure tracefs /sys/kernel/tracing tracefs || rc=3
ensure securityfs /sys/kernel/security securityfs || rc=3
exit $rc
