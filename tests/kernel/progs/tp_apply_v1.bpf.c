// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Version 1 of tp-apply-repl (KA); tp_apply_v2 replaces it in KB (tp_apply.bpf.h) */
#define TA_POLICY "tp-apply-repl"
#define TA_PREFIX ta1_
#include "tp_apply.bpf.h"
