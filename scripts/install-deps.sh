#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Install every Debian package tpc needs to build and test. Idempotent: only
# missing packages are installed, and apt-get update runs only when needed.
set -euo pipefail

PKGS=(
	make gcc g++ pkg-config
	clang-19 llvm-19-dev libclang-cpp19-dev libclang-19-dev
	libclang-rt-19-dev	# libFuzzer + ASan/UBSan runtimes (make fuzz, make check)
	libbpf-dev bpftool libelf-dev libyaml-dev zlib1g-dev libzstd-dev libsodium-dev
	qemu-system-x86 busybox-static cpio
	strace			# kill points of tests/kernel/t_load_txn_kill.sh
	python3
	minisign file groff-base man-db
)
if [ "${1:-}" = "--bench" ]; then
	PKGS+=(bpftrace)
fi

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
