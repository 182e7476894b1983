// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* lab_lsm_deny: BPF-LSM file_open that denies (-EPERM) opening any file
 * whose name (last path component) is exactly "tp-lab-deny-me", for every
 * process. Test: tests/kernel/t_lab_lsm_deny.sh.
 */
#include "lab_common.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define DENY_NAME	"tp-lab-deny-me"

__u64 lab_denied = 0;

SEC("lsm/file_open")
int BPF_PROG(lab_lsm_deny, struct file *file, int ret)
{
	static const char want[] = DENY_NAME;
	char name[sizeof(want)] = {};
	const unsigned char *p;
	int i;

	if (ret)
		return ret;
	p = BPF_CORE_READ(file, f_path.dentry, d_name.name);
	if (bpf_probe_read_kernel_str(name, sizeof(name), p) != sizeof(want))
		return 0;
#pragma unroll
	for (i = 0; i < (int)sizeof(want); i++)
		if (name[i] != want[i])
			return 0;
	__sync_fetch_and_add(&lab_denied, 1);
	return -LAB_EPERM;
}
