// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Only in KA: applying KB removes it (tp_apply.bpf.h) */
#define TA_POLICY "tp-apply-old"
#define TA_PREFIX tao_
#include "tp_apply.bpf.h"
