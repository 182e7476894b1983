// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Version 2 of tp-apply-repl (KB) (tp_apply.bpf.h) */
#define TA_POLICY "tp-apply-repl"
#define TA_PREFIX ta2_
#include "tp_apply.bpf.h"
