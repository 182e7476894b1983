// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Selector actions -> IR: matchActions and matchReturnActions (Post with rateLimit
 * and imaHash, NoPost, Sigkill, Signal, Override with argError).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hooks.h"
#include "ir.h"
#include "lower_int.h"
#include "lsm_ima.h"
#include "policy.h"
#include "tp_caps.h"
#include "values.h"

/* Override: argError, a negative errno, becomes the hook's return value on kinds
 * whose kernel obeys it (ret_errno).
 */
static int lower_override(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_action *ta,
			  bool ret_side, struct ir_action *a)
{
	if (p->kind->no_enforce) {
		diag_error(lc->d, ta->action.loc, "unsupported", "not supported yet: Override on %ss (%s)",
			   p->kind->title, p->kind->no_enforce);
		return -EINVAL;
	}
	if (!p->kind->ret_errno) {
		diag_error(lc->d, ta->action.loc, "unsupported",
			   "not supported yet: Override on %ss (Tetragon ignores it there; use Sigkill or an LSM hook)",
			   p->kind->title);
		return -EINVAL;
	}
	if (ret_side) {
		diag_error(lc->d, ta->action.loc, "bad-action",
			   "Override in matchReturnActions: the function has already run; override at entry (matchActions)");
		return -EINVAL;
	}
	/* kprobes: any value the function may return, as Tetragon (which passes argError
	 * to bpf_override_return); its corpus returns 1 from security_inode_copy_up_xattr.
	 * LSM hooks: an errno (a positive return means something else to the kernel). */
	if (p->kind->ret_any && ta->has_arg_error && ta->arg_error > 0 && ta->arg_error <= 4095) {
		a->kind = IR_ACT_OVERRIDE;
		a->err = ta->arg_error;
		return 0;
	}
	if (!ta->has_arg_error || ta->arg_error >= 0 || ta->arg_error < -4095) {
		diag_error(lc->d, ta->has_arg_error ? ta->arg_error_loc : ta->loc, "bad-value",
			   p->kind->ret_any ?
			   "Override needs argError, the value the function returns instead of running: a negative errno (-4095..-1) or 1..4095" :
			   "Override needs argError, a negative errno (-4095..-1) the function returns instead of running");
		return -EINVAL;
	}
	a->kind = IR_ACT_OVERRIDE;
	a->err = ta->arg_error;
	return 0;
}

/* Post's rateLimit ("N" or "Ns" seconds, "Nm", "Nh"; Tetragon's CRD) and
 * rateLimitScope into the selector; 0 or -EINVAL (reported).
 */
static int lower_rate_limit(struct lower_ctx *lc, const struct tp_action *ta, struct ir_selector *is)
{
	const struct tp_scalar *r = &ta->rate_limit, *sc = &ta->rate_limit_scope;
	uint64_t n = 0, unit = 1;
	size_t i;

	if (!r->s) {
		if (sc->s)
			diag_warn(lc->d, sc->loc, "ignored-param",
				  "rateLimitScope without rateLimit does nothing");
		return 0;
	}
	for (i = 0; i < r->len && r->s[i] >= '0' && r->s[i] <= '9' && n < 1000000000ull; i++)
		n = n * 10 + (uint64_t)(r->s[i] - '0');
	if (i + 1 == r->len && r->s[i] == 'm')
		unit = 60;
	else if (i + 1 == r->len && r->s[i] == 'h')
		unit = 3600;
	else if (i + 1 == r->len && r->s[i] == 's')
		unit = 1;
	else if (i != r->len)
		i = 0;
	if (!i || !n || n > 1000000ull) {
		diag_error(lc->d, r->loc, "bad-value",
			   "rateLimit must be a number of seconds, minutes or hours between 1 and 1000000 (\"30\", \"30s\", \"1m\", \"2h\")");
		return -EINVAL;
	}
	is->rl_ns = n * unit * 1000000000ull;
	is->rl_scope = IR_RL_THREAD;
	if (!sc->s || !strcmp(sc->s, "thread")) {
		is->rl_scope = IR_RL_THREAD;
	} else if (!strcmp(sc->s, "process")) {
		is->rl_scope = IR_RL_PROCESS;
	} else if (!strcmp(sc->s, "global")) {
		is->rl_scope = IR_RL_GLOBAL;
	} else {
		diag_error(lc->d, sc->loc, "bad-value",
			   "rateLimitScope must be thread, process or global");
		return -EINVAL;
	}
	return 0;
}

/* Post's imaHash: only on the LSM hooks that have a file to hash (lsm_ima.c);
 * 0 or -EINVAL (reported). Tetragon warns and posts without the hash on other
 * LSM hooks (createLsmSensorFromEntry(), pkg/sensors/tracing/genericlsm.go) and
 * ignores the flag on other hook kinds; a policy asking for a hash it cannot get
 * is refused here instead.
 */
static int lower_ima_hash(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_action *ta,
			  bool ret_side, struct ir_selector *is)
{
	if (!ta->ima_hash)
		return 0;
	if (p->kind != &hook_lsm) {
		diag_error(lc->d, ta->ima_hash_loc, "bad-action",
			   "imaHash needs an LSM hook (spec.lsmhooks): IMA hashes are computed by a sleepable BPF-LSM program, which %ss do not have",
			   p->kind->title);
		return -EINVAL;
	}
	if (ret_side || lsm_ima_source(p->at.kp.func) == LSM_IMA_NONE) {
		diag_error(lc->d, ta->ima_hash_loc, "bad-action",
			   "imaHash on LSM hook '%s': the hook has no file or executable to hash, or the kernel runs no sleepable BPF-LSM program on it (bpf_ima_file_hash() needs one); IMA hashes are available on %s",
			   p->at.kp.func ? p->at.kp.func : "?", lsm_ima_hooks());
		return -EINVAL;
	}
	is->ima_hash = true;
	return 0;
}

int lower_actions(struct lower_ctx *lc, const struct ir_prog *p, const struct tp_action *acts,
		  size_t nr, bool ret_side, struct ir_selector *is)
{
	size_t i;
	int ret = 0;

	is->post = true;
	is->tg_action = TP_ACTION_POST;
	is->ret = p->ret;	/* Override (on kinds with ret_errno) sets -argError */
	if (!nr)
		return 0;
	is->actions = lower_alloc(lc, nr, sizeof(*is->actions));
	if (!is->actions)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		const struct tp_action *ta = &acts[i];
		struct ir_action *a = &is->actions[is->nr_actions];
		const char *name = ta->action.s ? ta->action.s : "";
		bool enforce = false;

		a->loc = ta->loc;
		if (ta->rate_limit.s && strcmp(name, "Post") != 0) {
			diag_error(lc->d, ta->rate_limit.loc, "bad-value",
				   "rateLimit is a parameter of Post (Tetragon rejects it on %s)", name);
			ret = -EINVAL;
			continue;
		}
		if (ta->rate_limit.s && ret_side) {
			diag_error(lc->d, ta->rate_limit.loc, "unsupported",
				   "not supported yet: rateLimit in matchReturnActions (put it on the entry selector's Post)");
			ret = -EINVAL;
			continue;
		}
		if (ta->ima_hash && strcmp(name, "Post") != 0) {
			diag_warn(lc->d, ta->ima_hash_loc, "ignored-param",
				  "imaHash is a parameter of Post; %s ignores it", name);
		}
		if (strcmp(name, "Post") == 0) {
			if (lower_rate_limit(lc, ta, is) || lower_ima_hash(lc, p, ta, ret_side, is)) {
				ret = -EINVAL;
				continue;
			}
			a->kind = IR_ACT_POST;
			is->tg_action = TP_ACTION_POST;
		} else if (strcmp(name, "NoPost") == 0) {
			a->kind = IR_ACT_NOPOST;
			is->post = false;
			is->tg_action = TP_ACTION_NOPOST;
		} else if (strcmp(name, "Sigkill") == 0) {
			a->kind = IR_ACT_SIGKILL;
			is->tg_action = TP_ACTION_SIGKILL;
			is->enforces = true;
			enforce = true;
		} else if (strcmp(name, "Signal") == 0) {
			if (!ta->has_arg_sig || ta->arg_sig < 1 || ta->arg_sig > 64) {
				diag_error(lc->d, ta->has_arg_sig ? ta->arg_sig_loc : ta->loc,
					   "bad-value", "Signal needs argSig between 1 and 64");
				ret = -EINVAL;
				continue;
			}
			a->kind = IR_ACT_SIGNAL;
			a->sig = ta->arg_sig;
			is->tg_action = TP_ACTION_SIGNAL;
			is->enforces = true;
			enforce = true;
		} else if (strcmp(name, "Override") == 0) {
			if (lower_override(lc, p, ta, ret_side, a)) {
				ret = -EINVAL;
				continue;
			}
			is->tg_action = TP_ACTION_OVERRIDE;
			is->ret = a->err;
			is->enforces = true;
		} else {
			diag_error(lc->d, ta->action.loc, "unsupported",
				   "not supported yet: action '%s' (supported: Post, NoPost, Sigkill, Signal%s)",
				   name, p->kind->ret_errno ? ", Override" : "");
			ret = -EINVAL;
			continue;
		}
		if (enforce && p->kind->no_enforce) {
			diag_error(lc->d, ta->action.loc, "unsupported", "not supported yet: %s on %ss (%s)",
				   name, p->kind->title, p->kind->no_enforce);
			ret = -EINVAL;
			continue;
		}
		if (a->kind != IR_ACT_OVERRIDE && ta->has_arg_error)
			diag_warn(lc->d, ta->arg_error_loc, "ignored-param",
				  "argError is a parameter of Override; %s ignores it", name);
		is->nr_actions++;
	}
	return ret;
}
