// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Only in KB: applying KB adds it (tp_apply.bpf.h) */
#define TA_POLICY "tp-apply-new"
#define TA_PREFIX tan_
#include "tp_apply.bpf.h"
