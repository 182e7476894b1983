// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* In KA and KB, the same bytes: apply keeps it (tp_apply.bpf.h) */
#define TA_POLICY "tp-apply-keep"
#define TA_PREFIX tak_
#include "tp_apply.bpf.h"
