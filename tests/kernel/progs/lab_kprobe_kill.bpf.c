// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* lab_kprobe_kill: kprobe on the openat syscall that SIGKILLs (via
 * bpf_send_signal) any process whose comm is "tp-victim".
 * Test: tests/kernel/t_lab_kprobe_kill.sh.
 */
#include "lab_common.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 lab_killed = 0;

SEC("kprobe/__x64_sys_openat")
int lab_kprobe_kill(void *ctx)
{
	if (!lab_current_is_victim())
		return 0;
	bpf_send_signal(LAB_SIGKILL);
	__sync_fetch_and_add(&lab_killed, 1);
	return 0;
}
