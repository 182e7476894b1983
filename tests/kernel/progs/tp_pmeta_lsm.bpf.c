// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* t_probe.sh: an LSM hook: needs BPF-LSM */
#define PM_POLICY "tp-probe-lsm"
#define PM_HOOKS \
    ".ascii \"hook 0 lsm file_open pm_prog p.yaml:1:1\\n\"\n" ".ascii \"requires 0 lsm\\n\"\n"
#include "tp_pmeta.bpf.h"
