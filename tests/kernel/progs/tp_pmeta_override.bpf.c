// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* t_probe.sh: Override: fmod_ret, or kprobes with bpf_override_return */
#define PM_POLICY "tp-probe-override"
#define PM_HOOKS \
    ".ascii \"hook 0 kprobe security_file_open pm_prog p.yaml:1:1\\n\"\n" ".ascii \"requires 0 fmod_ret|kprobe,override_return\\n\"\n"
#include "tp_pmeta.bpf.h"
