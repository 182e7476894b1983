// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* t_probe.sh: alternatives: trampolines or kprobes; and a tracepoint */
#define PM_POLICY "tp-probe-alt"
#define PM_HOOKS \
    ".ascii \"hook 0 kprobe security_file_open pm_prog p.yaml:1:1\\n\"\n" ".ascii \"requires 0 fentry,fexit|kprobe,kretprobe\\n\"\n" ".ascii \"hook 1 tracepoint syscalls/sys_enter_getppid pm_prog p.yaml:2:1\\n\"\n" ".ascii \"requires 1 tracepoint\\n\"\n"
#include "tp_pmeta.bpf.h"
