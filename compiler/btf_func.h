/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What the target kernel's BTF says about a function: whether it exists, its
 * parameters and return value, each described as a struct hook_field (size, sign,
 * pointer, pointee) for the type checks of hook_kprobe.c, and the names BTF knows
 * (generated_syscalls lists).
 */
#ifndef TPC_BTF_FUNC_H
#define TPC_BTF_FUNC_H

#include <stddef.h>
#include <stdint.h>

struct btf;
struct hook_field;
struct tp_arena;

/* The FUNC named name: its FUNC_PROTO type id in *proto and its number of parameters
 * in *nr_params. 0, or -ENOENT if btf has no such function.
 */
int btf_func_find(const struct btf *btf, const char *name, uint32_t *proto,
		  unsigned int *nr_params);

/* Parameter i (0-based) of FUNC_PROTO proto as a hook field (name, decl in arena
 * memory). 0, -ENOENT (no such parameter), -ENOMEM.
 */
int btf_func_param(const struct btf *btf, uint32_t proto, unsigned int i, struct tp_arena *arena,
		   struct hook_field *f);

/* The return value of FUNC_PROTO proto as a hook field (name "return"). 0, -ENOENT
 * (void), -ENOMEM.
 */
int btf_func_return(const struct btf *btf, uint32_t proto, struct tp_arena *arena,
		    struct hook_field *f);

/* The names of every FUNC that starts with prefix, without it, sorted bytewise and
 * unique, in arena memory. 0 or -ENOMEM.
 */
int btf_funcs_with_prefix(const struct btf *btf, const char *prefix, struct tp_arena *arena,
			  const char ***names, size_t *n);

#endif
