# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# VM kernels known to tests/vm/run.sh. Sourced, not run.
#
# A kernel name maps to a Debian binary package (an extended regex matched
# against `apt-cache search --names-only`; the highest version wins) plus
# extra kernel command line options. The .deb is downloaded once and only its
# vmlinuz and config are kept in $TPC_CACHE/kernels/<name>/ (outside git).
# To add a kernel: add a name here (and to TPC_VM_KERNELS in mk/vm.mk).
# Pin an exact package with TPC_KERNEL_PKG_<name with - and . as _>=<pkg>.

TPC_VM_KERNEL_NAMES="debian-6.1-cloud debian-6.1-generic debian-6.12-cloud"

# vm_kernel_pkg_regex NAME: print the package regex of NAME, fail if unknown.
vm_kernel_pkg_regex() {
	case "$1" in
	debian-6.1-cloud)	echo '^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' ;;
	debian-6.1-generic)	echo '^linux-image-6\.1\.0-[0-9]+-amd64$' ;;
	# bookworm's 6.12 (bookworm-security): not in the default matrix
	debian-6.12-cloud)	echo '^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64$' ;;
	*) return 1 ;;
	esac
}

# vm_kernel_append NAME: extra kernel command line options for NAME.
vm_kernel_append() {
	case "$1" in
	*) echo "" ;;
	esac
}
