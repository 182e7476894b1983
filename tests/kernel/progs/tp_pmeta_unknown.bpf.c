// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* t_probe.sh: a feature no tpload knows */
#define PM_POLICY "tp-probe-unknown"
#define PM_HOOKS \
    ".ascii \"hook 0 tracepoint syscalls/sys_enter_getppid pm_prog p.yaml:1:1\\n\"\n" ".ascii \"requires 0 tracepoint,teleport\\n\"\n"
#include "tp_pmeta.bpf.h"
