/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Post's imaHash on LSM hooks (lsm_ima.c): which hooks have a file to hash,
 * and whether a hook's program computes hashes (it is then sleepable).
 */
#ifndef TPC_LSM_IMA_H
#define TPC_LSM_IMA_H

#include <stdbool.h>

struct ir_prog;

enum lsm_ima_src {
	LSM_IMA_NONE = 0,	/* the hook has no file tpc can hash */
	LSM_IMA_FILE,		/* arg 0 is a struct file * */
	LSM_IMA_BPRM,		/* arg 0 is a struct linux_binprm *: bprm->file */
};

/* Where the file of LSM hook @hook comes from (Tetragon's imaProgName()). */
enum lsm_ima_src lsm_ima_source(const char *hook);

/* The hooks of lsm_ima_source() as one ", "-separated list, for messages. */
const char *lsm_ima_hooks(void);

/* Some selector of @p posts with imaHash: its programs are sleepable. */
bool lsm_ima_prog(const struct ir_prog *p);

#endif
