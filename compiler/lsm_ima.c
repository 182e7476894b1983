// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Post's imaHash on LSM hooks. Tetragon computes the hash in a sleepable
 * BPF-LSM program (bpf/process/bpf_generic_lsm_ima_file.c and _bprm.c:
 * bpf_ima_file_hash() of the hook's first argument, or of bprm->file) that it
 * attaches only to the hooks imaProgName() (pkg/sensors/tracing/genericlsm.go)
 * lists; on any other hook it warns and posts without a hash. tpc refuses
 * imaHash there (lower_actions.c), and makes the program of a hook that needs
 * hashes sleepable itself (docs/policy-support.md "imaHash").
 */
#include <string.h>

#include "ir.h"
#include "lsm_ima.h"

static const struct {
	const char *hook;
	enum lsm_ima_src src;
} ima_hooks[] = {
	{ "bprm_check_security", LSM_IMA_BPRM },
	{ "bprm_committed_creds", LSM_IMA_BPRM },
	{ "bprm_committing_creds", LSM_IMA_BPRM },
	{ "bprm_creds_for_exec", LSM_IMA_BPRM },
	{ "bprm_creds_from_file", LSM_IMA_BPRM },
	{ "file_ioctl", LSM_IMA_FILE },
	{ "file_lock", LSM_IMA_FILE },
	{ "file_open", LSM_IMA_FILE },
	{ "file_post_open", LSM_IMA_FILE },
	{ "file_receive", LSM_IMA_FILE },
	{ "mmap_file", LSM_IMA_FILE },
};

enum lsm_ima_src lsm_ima_source(const char *hook)
{
	size_t i;

	for (i = 0; hook && i < sizeof(ima_hooks) / sizeof(ima_hooks[0]); i++)
		if (!strcmp(hook, ima_hooks[i].hook))
			return ima_hooks[i].src;
	return LSM_IMA_NONE;
}

const char *lsm_ima_hooks(void)
{
	return "bprm_check_security, bprm_committed_creds, bprm_committing_creds, "
	       "bprm_creds_for_exec, bprm_creds_from_file, file_ioctl, file_lock, file_open, "
	       "file_post_open, file_receive, mmap_file";
}

bool lsm_ima_prog(const struct ir_prog *p)
{
	size_t i;

	for (i = 0; i < p->nr_selectors; i++)
		if (p->selectors[i].ima_hash)
			return true;
	return false;
}
