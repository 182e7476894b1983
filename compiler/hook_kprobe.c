// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hook kinds on kernel functions: "kprobe" (spec.kprobes), "fentry" (spec.fentries)
 * and "lsm" (spec.lsmhooks): their rows of the hook-kind table (hooks.h) and every
 * operation that depends on them.
 *
 * A kprobe hook is one IR program and several BPF programs, one per mechanism tpload
 * may pick on the node (docs/object-format.md "Mechanisms"): BPF trampolines (fentry,
 * or fmod_ret when a selector overrides; fexit for the return) where the function has
 * BTF and trampolines work, kprobes (kretprobe; bpf_override_return for Override)
 * otherwise. The programs share everything but how they read the arguments and how
 * they apply the verdict: the selectors are one inline function, <c>_run().
 *
 * What is node-specific stays out of the object: the arch prefix of a syscall
 * (__x64_sys_openat) and whether the function exists are tpload's to resolve; tpc
 * checks the function against the target BTF (an explicit, recorded input) and reads
 * syscall argument types from the target's syscalls/sys_enter_* formats.
 * Tetragon's reference: pkg/sensors/tracing/generickprobe.go (addKprobe: syscall
 * prefix, BTF validation of args), genericlsm.go, bpf/process/bpf_generic_kprobe.c,
 * bpf_generic_retkprobe.c, bpf_generic_lsm_core.c.
 *
 * This file: the rows. The operations: hook_kprobe_calls.c (call names, list:NAME
 * expansion), hook_kprobe_lower.c (attach, args, return value), hook_kprobe_names.c
 * (program names, sections, mechanism variants), hook_kprobe_codegen.c (programs).
 */
#include "hook_kprobe_int.h"
#include "hooks.h"

const struct hook_kind hook_kprobe = {
	.name = "kprobe",
	.title = "kprobe",
	.c_prefix = "kp",
	.ev_kind = "TP_EV_KPROBE",
	.feature = "kprobe",
	.ret_errno = true,	/* fmod_ret, bpf_override_return */
	.ret_any = true,	/* Tetragon passes argError to bpf_override_return as is */
	.no_auto = "type 'auto' is not allowed on kprobe hooks (Tetragon: it needs resolve); give the argument's type",
	.lower_attach = kp_lower_attach,
	.lower_arg = kp_lower_arg,
	.lower_ret = kp_lower_ret,
	.name_tail = kp_name_tail,
	.section = kp_section,
	.ctx_type = kp_ctx_type,
	.arg_expr = kp_tramp_arg_expr,
	.expand = kp_expand,
	.variants = kp_variants,
	.emit_progs = kp_emit_progs,
	.requires = kp_requires,
};

const struct hook_kind hook_fentry = {
	.name = "fentry",
	.title = "fentry hook",
	.c_prefix = "fe",
	.ev_kind = "TP_EV_KPROBE",
	.feature = "fentry",
	.no_auto = "type 'auto' is not allowed on fentry hooks; give the argument's type",
	.no_enforce = "Tetragon's fentries allow no enforcement action; use kprobes",
	.lower_attach = kp_lower_attach,
	.lower_arg = kp_lower_arg,
	.lower_ret = kp_lower_ret,
	.name_tail = kp_name_tail,
	.section = kp_section,
	.ctx_type = kp_ctx_type,
	.arg_expr = kp_tramp_arg_expr,
	.expand = kp_expand,
	.variants = fe_variants,
	.emit_progs = kp_emit_progs,
	.requires = kp_requires,
};

const struct hook_kind hook_lsm = {
	.name = "lsm",
	.title = "LSM hook",
	.c_prefix = "lsm",
	.ev_kind = "TP_EV_LSM",
	.feature = "lsm",
	.ret_errno = true,	/* the BPF-LSM program's return value */
	.no_auto = "type 'auto' is not allowed on LSM hooks; give the argument's type",
	.lower_attach = lsm_lower_attach,
	.lower_arg = kp_lower_arg,
	.name_tail = kp_name_tail,
	.section = lsm_section,
	.ctx_type = kp_ctx_type,
	.arg_expr = kp_tramp_arg_expr,
	.variants = lsm_variants,
	.emit_progs = kp_emit_progs,
	.requires = kp_requires,
};
