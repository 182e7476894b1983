#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Run a script inside a throw-away VM booted on a real kernel (QEMU, TCG).
#
#   tests/vm/run.sh --kernel NAME [options] -- SCRIPT [ARGS...]
#
# Builds an initramfs from the current build (static busybox, bash, bpftool,
# build/tpload, build/tpc if present, their shared libraries, the repo's
# tests/kernel/, tests/events/, build/kobj/ and build/ktest/, every --files
# DIR), boots kernel NAME with it,
# runs SCRIPT from the repo root as PID 1's child, streams the console and
# exits with SCRIPT's exit status. Repo files keep their absolute host paths
# inside the guest, so host and guest see the same paths.
#
# Options:
#   --kernel NAME     one of tests/vm/kernels.sh (debian-6.1-cloud, debian-6.1-generic)
#   --files DIR       also copy DIR (same absolute path in the guest); repeatable
#   --out DIR         copy what the script wrote to /out in the guest into DIR on the host
#   --env VAR=VALUE   export VAR in the guest; repeatable
#   --init-hook FILE  /init runs FILE (with the same shell, from the repo root) after
#                     mounting the API file systems and before SCRIPT: a "boot" step
#   --timeout SEC     kill the guest after SEC seconds (default $TPC_VM_TIMEOUT or 300)
#   --mem MB          guest memory (default 1024)     --smp N   guest CPUs (default 2)
#   --no-tpc          do not copy build/tpc (and its LLVM libraries) into the guest
#   --bare            a root with static busybox only (no bash, bpftool, build, tests
#                     or shared library): only --files and SCRIPT, run by busybox sh
#   --keep            keep the staging dir and console log (printed at exit)
#   -q                do not stream the console (it is still shown on failure)
#
# Exit status: SCRIPT's status when the guest reported one; 124 when the guest
# timed out; 125 when the VM could not be prepared or booted, the guest
# panicked, or it ended without reporting (the last 40 console lines are shown).
#
# Environment: TPC_CACHE (default /var/cache/tpc): kernels are cached in
# $TPC_CACHE/kernels/<name>/; TPC_VM_TIMEOUT; TPC_VM_GZIP=1 to gzip the
# initramfs (default: uncompressed, which boots faster under TCG);
# TPC_VM_BINS: extra host binaries to copy (with their libraries);
# TPC_VM_PYTHON=0|1: python3 in the guest (default: when a guest script uses it);
# TPC_VM_QEMU_ARGS: extra QEMU arguments.
set -euo pipefail
# The whole script is one compound command: bash parses it before running
# it, so editing this file while it runs cannot break the running copy.
{

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/kernels.sh"

CACHE=${TPC_CACHE:-/var/cache/tpc}
KERNEL=
FILES=()
OUT=
ENVS=()
INIT_HOOK=
TIMEOUT=${TPC_VM_TIMEOUT:-300}
MEM=${TPC_VM_MEM:-1024}
SMP=${TPC_VM_SMP:-2}
WITH_TPC=1
BARE=0
KEEP=0
QUIET=0

usage() {
	sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
	exit 125
}
die() {
	echo "vm: $*" >&2
	exit 125
}

while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) KERNEL=${2:?}; shift 2 ;;
	--files) FILES+=("${2:?}"); shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--env) ENVS+=("${2:?}"); shift 2 ;;
	--init-hook) INIT_HOOK=${2:?}; shift 2 ;;
	--timeout) TIMEOUT=${2:?}; shift 2 ;;
	--mem) MEM=${2:?}; shift 2 ;;
	--smp) SMP=${2:?}; shift 2 ;;
	--no-tpc) WITH_TPC=0; shift ;;
	--bare) BARE=1; WITH_TPC=0; shift ;;
	--keep) KEEP=1; shift ;;
	-q) QUIET=1; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) echo "vm: unknown option $1" >&2; usage ;;
	esac
done
[ -n "$KERNEL" ] || { echo "vm: --kernel is required ($TPC_VM_KERNEL_NAMES)" >&2; usage; }
[ $# -ge 1 ] || { echo "vm: no script given" >&2; usage; }
SCRIPT=$1
shift
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "bad --timeout $TIMEOUT"
vm_kernel_pkg_regex "$KERNEL" >/dev/null || die "unknown kernel '$KERNEL' (known: $TPC_VM_KERNEL_NAMES)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (scripts/install-deps.sh)"

# ------------------------------------------------------------------ kernel
# fetch_kernel NAME: make sure $CACHE/kernels/NAME/{vmlinuz,config,package}
# exist; downloads and unpacks the newest matching Debian package once.
fetch_kernel() {
	local name=$1 kdir=$CACHE/kernels/$1 regex pkg var tmp
	[ -s "$kdir/vmlinuz" ] && return 0
	mkdir -p "$CACHE/kernels"
	exec 8>"$CACHE/kernels/.lock"
	flock 8
	if [ -s "$kdir/vmlinuz" ]; then exec 8>&-; return 0; fi
	regex=$(vm_kernel_pkg_regex "$name")
	var=TPC_KERNEL_PKG_${name//[-.]/_}
	pkg=${!var:-}
	if [ -z "$pkg" ]; then
		pkg=$(apt-cache search --names-only "$regex" | awk '{print $1}' | sort -V | tail -n 1)
		if [ -z "$pkg" ]; then
			apt-get update -qq >&2 || true
			pkg=$(apt-cache search --names-only "$regex" | awk '{print $1}' | sort -V | tail -n 1)
		fi
	fi
	[ -n "$pkg" ] || die "no Debian package matches $regex (apt-get update?)"
	echo "vm: fetching kernel $name: $pkg" >&2
	tmp=$(mktemp -d "$CACHE/kernels/.dl.XXXXXX")
	if ! (cd "$tmp" && apt-get -q -o APT::Sandbox::User=root download "$pkg" >&2); then
		rm -rf "$tmp"
		die "apt-get download $pkg failed"
	fi
	mkdir -p "$tmp/x" "$tmp/k"
	dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp/x" --wildcards './boot/*'
	mv "$tmp"/x/boot/vmlinuz-* "$tmp/k/vmlinuz"
	mv "$tmp"/x/boot/config-* "$tmp/k/config"
	dpkg-deb -f "$tmp"/*.deb Package Version > "$tmp/k/package"
	mv "$tmp"/*.deb "$tmp/k/"
	rm -rf "$kdir"
	mv "$tmp/k" "$kdir"
	rm -rf "$tmp"
	exec 8>&-
}
fetch_kernel "$KERNEL"
KDIR=$CACHE/kernels/$KERNEL
T_STAGE=$EPOCHREALTIME

# --------------------------------------------------------------- initramfs
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/tpc-vm.XXXXXX")
QPID=
TAILPID=
cleanup() {
	local rc=$?
	set +e
	[ -n "$TAILPID" ] && kill "$TAILPID" 2>/dev/null
	if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
		kill "$QPID" 2>/dev/null
		sleep 0.5
		kill -9 "$QPID" 2>/dev/null
	fi
	[ -n "$QPID" ] && wait "$QPID" 2>/dev/null
	rm -f "$CACHE/initramfs/"*.$$
	if [ "$KEEP" = 1 ]; then
		echo "vm: kept $STAGE" >&2
	else
		rm -rf "$STAGE"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SCRIPT_ABS=$(cd "$REPO" && realpath "$SCRIPT") || die "script $SCRIPT not found"
HOOK_ABS=
if [ -n "$INIT_HOOK" ]; then
	HOOK_ABS=$(cd "$REPO" && realpath "$INIT_HOOK") || die "--init-hook $INIT_HOOK not found"
fi

# The initramfs is two concatenated cpio archives: a base of host tools
# (busybox, bash, bpftool, python3 if needed, TPC_VM_BINS, their libraries),
# cached in $CACHE/initramfs/ and rebuilt when a tool, an installed package
# or this script changes; and a small per-run overlay with the build, the
# tests and /init.

# new_root DIR: an empty merged-/usr root.
new_root() {
	mkdir -p "$1"/usr/{bin,sbin,lib,lib64} "$1"/{proc,sys,dev,tmp,run,out,etc,root,mnt}
	ln -s usr/bin "$1/bin"
	ln -s usr/sbin "$1/sbin"
	ln -s usr/lib "$1/lib"
	ln -s usr/lib64 "$1/lib64"
}

declare -A IN_BASE=()
# copy_file SRC [DST]: copy SRC to DST (default: same path) in the guest.
copy_file() {
	local src=$1 dst=${2:-$1}
	[ -n "${IN_BASE[$dst]:-}" ] && return 0
	[ -e "$ROOT$dst" ] && return 0
	mkdir -p "$ROOT$(dirname "$dst")"
	cp -L --preserve=mode "$src" "$ROOT$dst"
}

# copy_bin SRC [DST]: copy a program and the shared libraries it needs.
copy_bin() {
	local src=$1 dst=${2:-$1} lib
	copy_file "$src" "$dst"
	for lib in $(ldd "$src" 2>/dev/null | grep -o '/[^ ]*' || true); do
		copy_file "$lib"
	done
}

# mk_cpio ROOT OUT: newc archive of ROOT.
mk_cpio() {
	(cd "$1" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) > "$2"
}

# Python (Debian's /usr/bin/python3 and its standard library minus tests,
# GUI, docs and modules with big dependencies: ~25 MB) when a script the
# guest gets uses it, or when TPC_VM_PYTHON=1.
WITH_PY=${TPC_VM_PYTHON:-auto}
[ "$BARE" = 1 ] && WITH_PY=0
if [ "$WITH_PY" = auto ]; then
	WITH_PY=0
	grep -rqsw --include='*.sh' python3 "$REPO/tests/kernel" "${FILES[@]}" "$SCRIPT_ABS" && WITH_PY=1
fi

BUSYBOX=$(command -v busybox) || die "busybox missing (scripts/install-deps.sh)"
ldd "$BUSYBOX" >/dev/null 2>&1 && die "$BUSYBOX is not static (install busybox-static)"
BASH_BIN=$(command -v bash)
BPFTOOL=$(command -v bpftool || true)
PY=
if [ "$WITH_PY" = 1 ]; then
	PY=$(readlink -f /usr/bin/python3) || die "TPC_VM_PYTHON: /usr/bin/python3 missing"
fi
BASE_BINS=()
for b in ${TPC_VM_BINS:-}; do
	p=$(command -v "$b") || die "TPC_VM_BINS: $b not found"
	BASE_BINS+=("$(readlink -f "$p")")
done
BASE_KEY=$({
	sha256sum "${BASH_SOURCE[0]}"
	echo "py=$WITH_PY bare=$BARE"
	# shellcheck disable=SC2086
	stat -L -c '%n %s %Y' "$BUSYBOX" "$BASH_BIN" $BPFTOOL $PY "${BASE_BINS[@]}" /var/lib/dpkg/status 2>/dev/null
} | sha256sum | cut -c1-16)
BASE_PREFIX=base
[ "$BARE" = 1 ] && BASE_PREFIX=bare
BASE=$CACHE/initramfs/$BASE_PREFIX-$BASE_KEY

build_base() {
	local so PYLIB b
	ROOT=$STAGE/base
	new_root "$ROOT"
	copy_file "$BUSYBOX" /usr/bin/busybox
	"$BUSYBOX" --install -s "$ROOT/usr/bin"	# links to /usr/bin/busybox
	if [ "$BARE" = 0 ]; then
		copy_bin "$BASH_BIN" /usr/bin/bash
		[ -n "$BPFTOOL" ] && copy_bin "$BPFTOOL" /usr/sbin/bpftool
	fi
	for b in "${BASE_BINS[@]}"; do
		copy_bin "$b"
	done
	if [ -n "$PY" ]; then
		PYLIB=/usr/lib/$(basename "$PY")
		copy_bin "$PY"
		ln -sf "$(basename "$PY")" "$ROOT/usr/bin/python3"
		mkdir -p "$ROOT$PYLIB/lib-dynload"
		tar -C "$PYLIB" -c --exclude=./test --exclude=./idlelib --exclude=./tkinter \
			--exclude=./ensurepip --exclude=./lib2to3 --exclude=./pydoc_data --exclude=./distutils \
			--exclude=./turtledemo --exclude='./config-*' --exclude=./dist-packages \
			--exclude=./site-packages --exclude=./lib-dynload . | tar -C "$ROOT$PYLIB" -x
		for so in "$PYLIB"/lib-dynload/*.so; do
			case "$(basename "$so")" in
			_test*|xx*|_ssl*|_hashlib*|_sqlite3*|nis*|_dbm*|_curses*|readline*|ossaudiodev*|_crypt*) continue ;;
			esac
			copy_bin "$so"
		done
	fi
	# Console device for the kernel to open before /init runs.
	mknod -m 600 "$ROOT/dev/console" c 5 1 2>/dev/null || true
	mknod -m 666 "$ROOT/dev/null" c 1 3 2>/dev/null || true
	echo "tpc-vm" > "$ROOT/etc/hostname"
	echo "root:x:0:0:root:/root:/bin/sh" > "$ROOT/etc/passwd"
	echo "root:x:0:" > "$ROOT/etc/group"
	mk_cpio "$ROOT" "$BASE.cpio.$$"
	(cd "$ROOT" && find . ! -type d | sed 's/^\.//') > "$BASE.list.$$"
	rm -f "$CACHE"/initramfs/"$BASE_PREFIX"-*.cpio "$CACHE"/initramfs/"$BASE_PREFIX"-*.list
	mv "$BASE.list.$$" "$BASE.list"
	mv "$BASE.cpio.$$" "$BASE.cpio"
	rm -rf "$ROOT"
}
if [ ! -s "$BASE.cpio" ] || [ ! -f "$BASE.list" ]; then
	mkdir -p "$CACHE/initramfs"
	exec 9>"$CACHE/initramfs/.lock"
	flock 9
	if [ ! -s "$BASE.cpio" ] || [ ! -f "$BASE.list" ]; then
		echo "vm: building the initramfs base $BASE.cpio" >&2
		build_base
	fi
	exec 9>&-
fi
while IFS= read -r f; do
	IN_BASE[$f]=1
done < "$BASE.list"

# The per-run overlay.
ROOT=$STAGE/root
new_root "$ROOT"

# The build: same absolute paths as on the host.
[ "$BARE" = 0 ] && [ -x "$REPO/build/tpload" ] && copy_bin "$REPO/build/tpload"
[ "$WITH_TPC" = 1 ] && [ -x "$REPO/build/tpc" ] && copy_bin "$REPO/build/tpc"
copy_tree() {
	local d
	d=$(realpath "$1")
	mkdir -p "$ROOT$(dirname "$d")"
	cp -a "$d" "$ROOT$(dirname "$d")/"
}
if [ "$BARE" = 0 ]; then
	copy_tree "$REPO/tests/kernel"
	# the event JSON checker the kernel tests run (tests/kernel/lib.sh: check_tetragon_json)
	copy_tree "$REPO/tests/events"
fi
for d in "$REPO/build/kobj" "$REPO/build/ktest"; do
	[ "$BARE" = 1 ] && break
	[ -d "$d" ] || continue
	copy_tree "$d"
	# Helper programs built for the tests need their libraries too.
	while IFS= read -r -d '' x; do
		copy_bin "$x"
	done < <(find "$d" -type f -perm -u+x -print0)
done
for d in "${FILES[@]}"; do
	[ -e "$d" ] || die "--files $d: no such file or directory"
	copy_tree "$d"
done
[ -e "$ROOT$SCRIPT_ABS" ] || copy_file "$SCRIPT_ABS"
[ -z "$HOOK_ABS" ] || [ -e "$ROOT$HOOK_ABS" ] || copy_file "$HOOK_ABS"

NONCE=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
{
	printf '#!/bin/sh\n'
	printf 'NONCE=%s\nREPO=%q\nKERNEL_NAME=%q\nSHELL_BIN=%q\nINIT_HOOK=%q\n' "$NONCE" "$REPO" \
		"$KERNEL" "$([ "$BARE" = 1 ] && echo /usr/bin/sh || echo /usr/bin/bash)" "$HOOK_ABS"
	printf 'set -- '
	printf '%q ' "$SCRIPT_ABS" "$@"
	printf '\n'
	for e in "${ENVS[@]}"; do
		printf 'export %q\n' "$e"
	done
	cat <<'EOF'
export PATH=/usr/sbin:/usr/bin HOME=/root TERM=dumb TPC_VM=1 TPC_VM_KERNEL=$KERNEL_NAME
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm /tmp /run; chmod 1777 /tmp
mount -t devpts devpts /dev/pts
ln -sf /proc/self/fd /dev/fd; ln -sf /proc/self/fd/0 /dev/stdin; ln -sf /proc/self/fd/1 /dev/stdout; ln -sf /proc/self/fd/2 /dev/stderr
mount -t tmpfs tmpfs /dev/shm
mount -t bpf bpf /sys/fs/bpf
mount -t securityfs securityfs /sys/kernel/security
mount -t tracefs tracefs /sys/kernel/tracing
mount -t debugfs debugfs /sys/kernel/debug
mount -t cgroup2 cgroup2 /sys/fs/cgroup
hostname tpc-vm
ip link set lo up 2>/dev/null
echo 1 > /proc/sys/kernel/sysrq
read up _ < /proc/uptime
echo "TPC-VM: /init reached at ${up}s, kernel $(uname -r), lsm=$(cat /sys/kernel/security/lsm 2>/dev/null)"
cd "$REPO"
if [ -n "$INIT_HOOK" ]; then
	echo "TPC-VM: boot step $INIT_HOOK"
	$SHELL_BIN "$INIT_HOOK" </dev/null
	echo "TPC-VM: boot step exited $?"
fi
$SHELL_BIN "$@" </dev/null
rc=$?
read up _ < /proc/uptime
echo "TPC-VM: script exited $rc at ${up}s"
if [ -n "$(ls -A /out)" ]; then
	echo "@@TPC-VM-OUT-BEGIN $NONCE"
	tar -C /out -cz . | base64
	echo "@@TPC-VM-OUT-END $NONCE"
fi
echo "@@TPC-VM-EXIT $NONCE $rc"
sync
poweroff -f
echo o > /proc/sysrq-trigger
sleep 10
EOF
} > "$ROOT/init"
chmod 755 "$ROOT/init"

INITRD=$STAGE/initramfs.cpio
mk_cpio "$ROOT" "$STAGE/overlay.cpio"
cat "$BASE.cpio" "$STAGE/overlay.cpio" > "$INITRD"
rm -f "$STAGE/overlay.cpio"
if [ "${TPC_VM_GZIP:-0}" = 1 ]; then
	gzip -1 "$INITRD"
	INITRD=$INITRD.gz
fi

T_STAGE=$(awk -v a="$T_STAGE" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

# -------------------------------------------------------------------- boot
LOG=$STAGE/console.log
: > "$LOG"
APPEND="console=ttyS0 quiet lsm=lockdown,capability,landlock,bpf panic=-1 oops=panic"
APPEND+=" rdinit=/init nokaslr $(vm_kernel_append "$KERNEL")"
# shellcheck disable=SC2086
qemu-system-x86_64 -accel tcg -cpu max -m "$MEM" -smp "$SMP" \
	-nodefaults -no-user-config -display none -monitor none -no-reboot \
	-chardev file,id=con,path="$LOG" -serial chardev:con \
	-kernel "$KDIR/vmlinuz" -initrd "$INITRD" -append "$APPEND" \
	${TPC_VM_QEMU_ARGS:-} </dev/null >"$STAGE/qemu.out" 2>&1 &
QPID=$!
START=$(date +%s.%N)
echo "vm: booting $KERNEL ($(awk '{printf "%s%s", sep, $2; sep = " "}' "$KDIR/package")) pid $QPID, timeout ${TIMEOUT}s" >&2

if [ "$QUIET" = 0 ]; then
	# Stream the console, minus carriage returns and the output archive,
	# line by line also into a file (make test's concurrent phases: a tr
	# here, and mawk reading a pipe, held the console in 4K blocks).
	tail -n +1 -f --pid="$QPID" "$LOG" |
		sed -u -e 's/\r//g' -e "/^@@TPC-VM-OUT-BEGIN $NONCE\$/,/^@@TPC-VM-OUT-END $NONCE\$/d" &
	TAILPID=$!
fi

TIMED_OUT=0
DONE_AT=
START_S=$EPOCHSECONDS
while kill -0 "$QPID" 2>/dev/null; do
	now=$EPOCHSECONDS
	if [ -z "$DONE_AT" ] && grep -q "^@@TPC-VM-EXIT $NONCE " "$LOG"; then
		DONE_AT=$now
	fi
	# The guest reported: give poweroff 15s, then pull the plug.
	if [ -n "$DONE_AT" ] && [ $((now - DONE_AT)) -ge 15 ]; then
		kill "$QPID" 2>/dev/null || true
		break
	fi
	if [ -z "$DONE_AT" ] && [ $((now - START_S)) -ge "$TIMEOUT" ]; then
		TIMED_OUT=1
		kill "$QPID" 2>/dev/null || true
		break
	fi
	sleep 0.5
done
QRC=0
wait "$QPID" 2>/dev/null || QRC=$?
QPID=
END=$(date +%s.%N)
sleep 0.3
if [ -n "$TAILPID" ]; then
	# tail --pid ends by itself within a second of QEMU's exit.
	wait "$TAILPID" 2>/dev/null || true
	TAILPID=
fi
WALL=$(awk -v a="$START" -v b="$END" 'BEGIN { printf "%.1f", b - a }')

CLEAN=$STAGE/console.txt
tr -d '\r' < "$LOG" > "$CLEAN"
status_line=$(grep -a "^@@TPC-VM-EXIT $NONCE " "$CLEAN" | tail -n 1 || true)
show_tail() {
	echo "vm: ---- last 40 console lines ($KERNEL) ----" >&2
	[ -s "$CLEAN" ] || echo "(no console output at all)" >&2
	awk -v n="$NONCE" '$0 == "@@TPC-VM-OUT-BEGIN " n { s = 1; next } $0 == "@@TPC-VM-OUT-END " n { s = 0; next } !s' \
		"$CLEAN" | tail -n 40 >&2
	echo "vm: ---- end of console ----" >&2
	[ -s "$STAGE/qemu.out" ] && sed 's/^/vm: qemu: /' "$STAGE/qemu.out" >&2
	return 0
}

if [ -z "$status_line" ]; then
	if [ "$TIMED_OUT" = 1 ]; then
		echo "vm: $KERNEL: TIMEOUT after ${TIMEOUT}s, guest killed" >&2
		show_tail
		exit 124
	fi
	if grep -aq 'Kernel panic' "$CLEAN"; then
		echo "vm: $KERNEL: guest kernel PANIC" >&2
	elif ! grep -aq '^TPC-VM: /init reached' "$CLEAN"; then
		echo "vm: $KERNEL: guest never reached /init (qemu exit $QRC)" >&2
	else
		echo "vm: $KERNEL: guest ended without reporting a status (qemu exit $QRC)" >&2
	fi
	show_tail
	exit 125
fi
RC=${status_line##* }

if [ -n "$OUT" ]; then
	mkdir -p "$OUT"
	awk -v n="$NONCE" '$0 == "@@TPC-VM-OUT-BEGIN " n { s = 1; next } $0 == "@@TPC-VM-OUT-END " n { s = 0; next } s' \
		"$CLEAN" | base64 -d | tar -xz -C "$OUT" 2>/dev/null ||
		{ [ -z "$(grep -a "^@@TPC-VM-OUT-BEGIN $NONCE" "$CLEAN")" ] || echo "vm: could not unpack guest /out" >&2; }
fi
[ "$KEEP" = 1 ] && cp "$CLEAN" "$STAGE/console.txt"
INITRD_MB=$(du -m "$INITRD" | cut -f1)
T_INIT=$(sed -n 's/^TPC-VM: \/init reached at \([0-9.]*\)s.*/\1/p' "$CLEAN" | head -n 1)
T_END=$(sed -n 's/^TPC-VM: script exited [0-9]* at \([0-9.]*\)s.*/\1/p' "$CLEAN" | tail -n 1)
if [ -n "$OUT" ]; then
	cat > "$OUT/vm.json" <<EOF
{"kernel": "$KERNEL", "package": "$(awk '{printf "%s%s", sep, $2; sep=" "}' "$KDIR/package")", "exit": $RC,
 "initramfs_mb": $INITRD_MB, "stage_seconds": $T_STAGE, "boot_seconds": ${T_INIT:-null},
 "script_end_seconds": ${T_END:-null}, "vm_wall_seconds": $WALL}
EOF
fi
echo "vm: $KERNEL: script exit $RC; initramfs ${INITRD_MB}MB built in ${T_STAGE}s;" \
	"guest uptime at /init ${T_INIT:-?}s, at script end ${T_END:-?}s; VM wall ${WALL}s" >&2
exit "$RC"
}
