/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Shared bits of the hand-written lab objects (lab_*.bpf.c): BPF objects
 * for hook kinds the compiler does not emit yet, loaded by `tpload load OBJ
 * --name NAME` in tests/kernel/t_lab_*.sh. CO-RE only (tp_vmlinux.h): the
 * same bytes load on every kernel of the matrix.
 */
#ifndef LAB_COMMON_BPF_H
#define LAB_COMMON_BPF_H

#include "tp_vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define LAB_EPERM	1
#define LAB_SIGKILL	9

/* The victim of the kill tests names itself (writes /proc/self/comm). */
#define LAB_VICTIM_COMM	"tp-victim"

/* Is the current task's comm exactly LAB_VICTIM_COMM? */
static __always_inline bool lab_current_is_victim(void)
{
	static const char want[] = LAB_VICTIM_COMM;
	char comm[16] = {};
	int i;

	bpf_get_current_comm(comm, sizeof(comm));
#pragma unroll
	for (i = 0; i < (int)sizeof(want); i++)
		if (comm[i] != want[i])
			return false;
	return true;
}

#endif
