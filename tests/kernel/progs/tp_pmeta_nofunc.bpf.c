// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* t_probe.sh: a kprobe on a function no kernel has */
#define PM_POLICY "tp-probe-nofunc"
#define PM_HOOKS \
    ".ascii \"hook 0 kprobe tpc_no_such_function pm_prog p.yaml:1:1\\n\"\n" ".ascii \"requires 0 kprobe\\n\"\n"
#include "tp_pmeta.bpf.h"
