// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* t_probe.sh: a kprobe: needs kprobes */
#define PM_POLICY "tp-probe-kprobe"
#define PM_HOOKS \
    ".ascii \"hook 0 kprobe vfs_read pm_prog p.yaml:1:1\\n\"\n" ".ascii \"requires 0 kprobe\\n\"\n"
#include "tp_pmeta.bpf.h"
