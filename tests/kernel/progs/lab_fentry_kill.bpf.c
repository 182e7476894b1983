// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* lab_fentry_kill: fentry on do_sys_openat2 (every open/openat/openat2)
 * that SIGKILLs (via bpf_send_signal) any process whose comm is "tp-victim".
 * Test: tests/kernel/t_lab_fentry_kill.sh.
 */
#include "lab_common.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 lab_killed = 0;

SEC("fentry/do_sys_openat2")
int BPF_PROG(lab_fentry_kill)
{
	if (!lab_current_is_victim())
		return 0;
	bpf_send_signal(LAB_SIGKILL);
	__sync_fetch_and_add(&lab_killed, 1);
	return 0;
}
