/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The AST: TracingPolicy YAML as written, after CRD schema validation and
 * CRD defaults. Every node keeps the file:line:col of its YAML node.
 *
 * Ownership: every node and string is allocated from the compilation's
 * struct tp_arena and dies with it; nothing here is freed one by one.
 *
 * Scalars stay strings (with their exact length: a YAML scalar may contain
 * NUL bytes) until sema.c interprets them against the argument type, as
 * Tetragon does for `values: ["2"]`.
 */
#ifndef TPC_POLICY_H
#define TPC_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tp_loc.h"

struct tp_arena;
struct diag;

/* A scalar as written: text (NUL-terminated copy), exact length, position. */
struct tp_scalar {
	const char *s;		/* NULL when the field is absent */
	size_t len;
	struct tp_loc loc;
	uint32_t col1;		/* the column of s[0] when s is the text of one line byte
				 * for byte (an ASCII plain or quoted scalar without escapes):
				 * diagnostics point inside the value (CelExpr); 0: unknown */
};

/* A field the CRD accepts but tpc does not implement yet. sema turns each
 * into a "not supported yet: <path>" error; nothing is silently accepted.
 */
struct tp_unsupported {
	const char *path;	/* e.g. "spec.kprobes", "spec.tracepoints[0].selectors[1].matchNamespaces" */
	struct tp_loc loc;	/* the key's position */
};

struct tp_arg {			/* args[] entry (KProbeArg) */
	struct tp_loc loc;
	uint32_t index;		/* default 0 */
	struct tp_loc index_loc;
	struct tp_scalar type;	/* default "auto" (s set, loc = entry loc) */
	uint32_t size_arg_index;	/* 0 = none; 1-based */
	struct tp_loc size_arg_index_loc;
	struct tp_scalar label;
	struct tp_scalar resolve;	/* dotted BTF path ("f_path.dentry"), NULL s if absent */
	struct tp_scalar btf_type;	/* btfType: start the walk at this struct */
	struct tp_scalar btf_type_module;	/* btfTypeModule */
	bool max_data;
	struct tp_loc max_data_loc;	/* line 0 if absent */
	bool return_copy;
	struct tp_loc return_copy_loc;	/* line 0 if absent */
	/* source, ... go to unsupported */
};

struct tp_match_arg {		/* matchArgs[] / matchData[] entry */
	struct tp_loc loc;
	uint32_t index;		/* default 0 */
	struct tp_loc index_loc;
	uint32_t *args;		/* `args: [..]`, NULL if absent */
	size_t nr_args;
	struct tp_loc args_loc;
	struct tp_scalar op;	/* required */
	struct tp_scalar *values;
	size_t nr_values;
};

struct tp_match_pid {		/* matchPIDs[] entry */
	struct tp_loc loc;
	struct tp_scalar op;	/* In | NotIn (schema-checked) */
	bool is_ns_pid;
	bool follow_forks;
	struct tp_scalar *values;	/* integers as written */
	size_t nr_values;
};

struct tp_match_binary {	/* matchBinaries[] entry */
	struct tp_loc loc;
	struct tp_scalar op;
	bool follow_children;
	struct tp_loc follow_children_loc;	/* line 0 if absent */
	struct tp_scalar *values;
	size_t nr_values;
};

struct tp_match_ns {		/* matchNamespaces[] entry */
	struct tp_loc loc;
	struct tp_scalar ns;	/* Uts | Ipc | Mnt | Pid | ... (schema-checked) */
	struct tp_scalar op;	/* In | NotIn (schema-checked) */
	struct tp_scalar *values;	/* inode numbers or host_ns */
	size_t nr_values;
};

struct tp_match_caps {		/* matchCapabilities[] entry */
	struct tp_loc loc;
	struct tp_scalar type;	/* Effective (default) | Inheritable | Permitted */
	struct tp_scalar op;	/* In | NotIn (schema-checked) */
	bool is_ns_cap;		/* isNamespaceCapability */
	struct tp_scalar *values;	/* CAP_* names */
	size_t nr_values;
};

struct tp_match_ns_change {	/* matchNamespaceChanges[] entry */
	struct tp_loc loc;
	struct tp_scalar op;	/* In | NotIn (schema-checked) */
	struct tp_scalar *values;	/* namespace kind names */
	size_t nr_values;
};

struct tp_action {		/* matchActions[] entry */
	struct tp_loc loc;
	struct tp_scalar action;	/* required */
	bool has_arg_sig;
	uint32_t arg_sig;
	struct tp_loc arg_sig_loc;
	bool has_arg_error;		/* Override */
	int32_t arg_error;
	struct tp_loc arg_error_loc;
	struct tp_scalar rate_limit;		/* Post: "N", "Ns", "Nm", "Nh" */
	struct tp_scalar rate_limit_scope;	/* thread | process | global */
	bool ima_hash;				/* Post: imaHash (LSM hooks) */
	struct tp_loc ima_hash_loc;		/* line 0: imaHash absent */
	/* every other action parameter that is present goes to unsupported */
};

struct tp_selector {
	struct tp_loc loc;
	struct tp_match_arg *match_args;
	size_t nr_match_args;
	struct tp_match_pid *match_pids;
	size_t nr_match_pids;
	struct tp_match_binary *match_binaries;
	size_t nr_match_binaries;
	struct tp_match_ns *match_namespaces;
	size_t nr_match_namespaces;
	struct tp_match_caps *match_caps;
	size_t nr_match_caps;
	struct tp_match_ns_change *match_ns_changes;
	size_t nr_match_ns_changes;
	struct tp_match_caps *match_cap_changes;	/* matchCapabilityChanges: same fields */
	size_t nr_match_cap_changes;
	struct tp_action *match_actions;
	size_t nr_match_actions;
	bool has_match_actions;	/* key present (even if empty) */
	struct tp_match_arg *match_return_args;	/* kprobes with return: true */
	size_t nr_match_return_args;
	struct tp_loc match_return_args_loc;
	struct tp_action *match_return_actions;
	size_t nr_match_return_actions;
	struct tp_loc match_return_actions_loc;	/* line 0 if absent */
};

struct tp_tracepoint {		/* spec.tracepoints[] entry */
	struct tp_loc loc;
	struct tp_scalar subsystem;	/* required */
	struct tp_scalar event;		/* required */
	bool raw;
	struct tp_loc raw_loc;
	struct tp_arg *args;
	size_t nr_args;
	struct tp_selector *selectors;
	size_t nr_selectors;
	struct tp_scalar message;
	struct tp_scalar *tags;
	size_t nr_tags;
};

struct tp_option {		/* spec.options[] entry */
	struct tp_loc loc;
	struct tp_scalar name;		/* required */
	struct tp_scalar value;
};

struct tp_kprobe {		/* spec.kprobes[] and spec.fentries[] entry (KProbeSpec) */
	struct tp_loc loc;
	struct tp_scalar call;		/* required: a function, or "list:NAME" */
	bool syscall;			/* CRD default true */
	struct tp_loc syscall_loc;	/* line 0 if absent */
	bool ret;			/* return: true */
	struct tp_loc ret_loc;
	bool has_ret_arg;
	struct tp_arg ret_arg;		/* returnArg (its index is unused) */
	struct tp_scalar ret_arg_action;	/* returnArgAction */
	bool ignore_call_not_found;	/* ignore.callNotFound */
	struct tp_arg *args;
	size_t nr_args;
	struct tp_selector *selectors;
	size_t nr_selectors;
	struct tp_scalar message;
	struct tp_scalar *tags;
	size_t nr_tags;
};

struct tp_lsmhook {		/* spec.lsmhooks[] entry (LsmHookSpec) */
	struct tp_loc loc;
	struct tp_scalar hook;		/* required: the LSM hook, without bpf_lsm_ */
	struct tp_arg *args;
	size_t nr_args;
	struct tp_selector *selectors;
	size_t nr_selectors;
	struct tp_scalar message;
	struct tp_scalar *tags;
	size_t nr_tags;
};

struct tp_list {		/* spec.lists[] entry (ListSpec) */
	struct tp_loc loc;
	struct tp_scalar name;		/* required */
	struct tp_scalar type;		/* "" (absent), syscalls, generated_syscalls, generated_ftrace */
	struct tp_scalar *values;
	size_t nr_values;
	struct tp_loc values_loc;
	struct tp_scalar pattern;	/* generated_ftrace */
};

enum tp_policy_kind {
	TP_POLICY_CLUSTER,	/* kind: TracingPolicy */
	TP_POLICY_NAMESPACED,	/* kind: TracingPolicyNamespaced */
};

struct tp_policy {
	struct tp_loc loc;		/* the document's root node */
	const char *file;		/* path as given */
	unsigned int doc_idx;		/* 0-based document index in the file */
	enum tp_policy_kind kind;
	struct tp_scalar name;		/* metadata.name (required) */
	struct tp_scalar namespace_;	/* metadata.namespace */
	struct tp_loc spec_loc;
	struct tp_tracepoint *tracepoints;
	size_t nr_tracepoints;
	bool has_tracepoints;		/* key present */
	struct tp_option *options;	/* spec.options (lowering interprets them) */
	size_t nr_options;
	struct tp_kprobe *kprobes;
	size_t nr_kprobes;
	struct tp_loc kprobes_loc;
	struct tp_kprobe *fentries;	/* spec.fentries: the kprobes schema, trampolines only */
	size_t nr_fentries;
	struct tp_loc fentries_loc;
	struct tp_lsmhook *lsmhooks;
	size_t nr_lsmhooks;
	struct tp_loc lsmhooks_loc;
	struct tp_list *lists;
	size_t nr_lists;
	struct tp_unsupported *unsupported;
	size_t nr_unsupported;
	struct tp_policy *next;		/* next document of the same file */
};

/* Parse every YAML document of a file into policies (a linked list in
 * document order). Structure and schema are checked here (unknown field,
 * wrong type, bad enum value, missing required field, duplicate key), with
 * every problem reported to d, and CRD defaults applied. Meaning (operators
 * vs types, indexes, values) is left to sema.
 *
 * Returns 0, -EINVAL if errors were reported (*out may still hold the
 * documents that parsed), -ENOENT/-EACCES/... if the file cannot be read
 * (reported through d as a location-less error), -ENOMEM.
 */
int policy_parse_file(const char *path, struct tp_arena *arena, struct diag *d,
		      struct tp_policy **out);
/* Same, from memory; name is used in diagnostics. */
int policy_parse_mem(const char *name, const char *buf, size_t len, struct tp_arena *arena,
		     struct diag *d, struct tp_policy **out);

#endif
