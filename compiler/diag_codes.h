/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Every error code tpc prints as "[code]" (and in JSON "code"), with a
 * one-line description. Codes are stable: tests, docs/diagnostics.rst and
 * users' scripts depend on them. Append new codes; never rename one.
 *
 *   E(ID, "code", "description")
 *
 * Warnings (diag_warn) use the same namespace:
 *   long-message       a message longer than 256 characters (events carry the first 256)
 *   unreadable-arg     an enforcing selector filters a user-memory string at syscall entry
 *   option-ignored     a spec.options entry tpc does not use
 *   multiple-sections  more than one hook section in a policy (Tetragon refuses it)
 *   ignored-param      an action parameter the action does not use (argError on Sigkill)
 *   call-not-found     ignore.callNotFound and the function is not in the target's BTF
 *   empty-list         call: list:NAME and the list is empty: no hook
 *   list-not-in-btf    functions of a generated_ftrace list without BTF: skipped
 *   override-target    Override on a function the kernel lets be overridden only if it
 *                      is on its error-injection list
 *   arg-type           an argument type that does not fit the value's BTF type (Tetragon warns)
 *   resolve-type       the leaf of a resolve names another type than `type` (the leaf's wins)
 *   tetragon-first-only  more than one matchNamespaceChanges/matchCapabilityChanges entry:
 *                      tpc AND-s them all, Tetragon refuses / evaluates only the first
 *   cel-leading-zero   a CelExpr decimal literal with a leading 0 (CEL reads it as decimal)
 *   cel-ignored-field  index or args on a CelExpr matchArgs entry (the expression names args)
 */
#ifndef TPC_DIAG_CODES_H
#define TPC_DIAG_CODES_H

#define TPC_ERRORS(E)								\
	E(IO,			"io",			"the policy file cannot be opened or read")		\
	E(YAML,			"yaml",			"the file is not valid YAML (libyaml's message)")	\
	E(LIMIT,		"limit",		"input too large, nested too deep, or too many nodes after alias expansion") \
	E(NO_POLICY,		"no-policy",		"the file holds no YAML document")			\
	E(UNKNOWN_FIELD,	"unknown-field",	"a field the CRD schema does not define")		\
	E(WRONG_TYPE,		"wrong-type",		"a value of the wrong kind (list, mapping, string, integer, boolean)") \
	E(BAD_ENUM,		"bad-enum",		"a value outside the CRD enum of the field")		\
	E(MISSING_FIELD,	"missing-field",	"a field the CRD schema requires is absent")		\
	E(DUPLICATE_KEY,	"duplicate-key",	"the same key twice in one mapping")			\
	E(OUT_OF_RANGE,		"out-of-range",		"an integer below the schema minimum or outside int32/int64") \
	E(TOO_MANY_ITEMS,	"too-many-items",	"a list longer than the schema's maxItems")		\
	E(TOO_LONG,		"too-long",		"a string longer than the schema's maxLength")		\
	E(BAD_FORMAT,		"bad-format",		"a string that does not match the schema's pattern")	\
	E(BAD_API_VERSION,	"bad-api-version",	"apiVersion is not cilium.io/v1alpha1")			\
	E(BAD_KIND,		"bad-kind",		"kind is not TracingPolicy or TracingPolicyNamespaced")	\
	E(INVALID_NAME,		"invalid-name",		"metadata.name is not a DNS-1123 subdomain (or namespace not a DNS-1123 label)") \
	E(FORBIDDEN_FIELD,	"forbidden-field",	"a field the kind does not allow (spec.hostSelector on TracingPolicyNamespaced)") \
	E(TOO_MANY_ERRORS,	"too-many-errors",	"the error limit (max_errors) was reached; later errors are not shown") \
	E(UNSUPPORTED,		"unsupported",		"a field, type, operator or action the CRD accepts but tpc does not implement yet") \
	E(NO_HOOKS,		"no-hooks",		"the policy has no hook to compile") \
	E(DUPLICATE_POLICY,	"duplicate-policy",	"two policies of one run have the same metadata.name") \
	E(NO_TRACEFS,		"no-tracefs",		"the target's tracepoint formats cannot be read: no tracefs, --tracefs unreadable, or none in the snapshot (exit 3)") \
	E(UNKNOWN_TRACEPOINT,	"unknown-tracepoint",	"the tracepoint does not exist in the tracefs used") \
	E(BAD_TRACEPOINT,	"bad-tracepoint",	"subsystem or event is not a tracepoint name") \
	E(BAD_ARG_INDEX,	"bad-arg-index",	"an args index that is not a field of the tracepoint, or not a parameter of the raw tracepoint's TP_PROTO") \
	E(BAD_ARG_TYPE,		"bad-arg-type",		"an argument type that does not fit the field (string on a non-pointer, auto on raw)") \
	E(BAD_SIZE_ARG,		"bad-size-arg",		"char_buf or char_iovec without a valid sizeArgIndex") \
	E(TOO_MANY_ARGS,	"too-many-args",	"more than 16 arguments (with hidden size fields) in one hook") \
	E(BAD_MATCH_INDEX,	"bad-match-index",	"a matchArgs index or args entry that names no args entry") \
	E(BAD_OPERATOR,		"bad-operator",		"an operator that does not apply to the argument's type or the filter") \
	E(BAD_VALUE,		"bad-value",		"a value that does not parse for the type, is out of range, or can never match") \
	E(NAME_COLLISION,	"name-collision",	"two hooks get the same program name") \
	E(NO_BTF,		"no-btf",		"a hook needs the target kernel's BTF and there is none: no /sys/kernel/btf/vmlinux, --btf unreadable or not BTF, or none in the snapshot (exit 3)") \
	E(BAD_SNAPSHOT,		"bad-snapshot",		"--target-snapshot is not a tpc snapshot this version reads, or is for a machine tpc does not build for (exit 3)") \
	E(UNKNOWN_FUNCTION,	"unknown-function",	"a kprobe/fentry call that is not a function of the target kernel's BTF, or syscall: true on a function that is not a syscall") \
	E(UNKNOWN_LSM_HOOK,	"unknown-lsm-hook",	"an LSM hook without a bpf_lsm_<hook> function in the target kernel's BTF") \
	E(BAD_LIST,		"bad-list",		"a list:NAME that names no list, a list entry or type that cannot be expanded") \
	E(BAD_ACTION,		"bad-action",		"an action where it cannot act (Override in matchReturnActions)") \
	E(BAD_RETURN,		"bad-return",		"return: true without returnArg, or a returnArg that does not fit the function's return value") \
	E(BAD_RESOLVE,		"bad-resolve",		"a resolve path that does not walk the kernel's BTF, or btfType naming no struct") \
	E(BAD_ARG_OPTION,	"bad-arg-option",	"maxData or returnCopy on a type they do not apply to, or combined") \
	E(BAD_CEL,		"bad-cel",		"a matchArgs CelExpr that is not Tetragon's CEL subset, does not type-check, or reads an argument CelExpr cannot read")

enum tpc_error_code {
#define E(id, code, desc) TPC_ERR_##id,
	TPC_ERRORS(E)
#undef E
	__TPC_ERR_CNT,
};

#endif
