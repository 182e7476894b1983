/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What tpc reads from the target kernel's BTF about argument values: the C spelling
 * of a type (messages), a value's shape (struct hook_field), the TP_PROTO of a raw
 * tracepoint, whether a pointer points to the kernel object a type reads (file,
 * cred, ...), the type name Tetragon infers from a BTF type, and `resolve` walks.
 *
 * Names that reach generated C (members, structs) are checked with c_check_ident():
 * a BTF file is an input, and a hostile one must not inject code.
 */
#ifndef TPC_KBTF_H
#define TPC_KBTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct btf;
struct hook_field;
struct ir_resolve;
struct tp_arena;

/* The C spelling of type id ("struct file *", "const char *", "u32") into buf. */
void kbtf_c_name(const struct btf *btf, uint32_t id, char *buf, size_t sz);

/* hf from type id: known, btf, btf_id, size, sign, pointer, array, decl (arena
 * memory), name. 0 or -ENOMEM.
 */
int kbtf_field(const struct btf *btf, uint32_t id, const char *name, struct tp_arena *arena,
	       struct hook_field *hf);

/* The function prototype behind typedef @name (a pointer to a function, as the
 * kernel's btf_trace_<event> typedefs are): *proto and its number of parameters.
 * 0, -ENOENT (no such typedef), -EINVAL (not a function pointer).
 */
int kbtf_func_ptr_proto(const struct btf *btf, const char *name, uint32_t *proto,
			unsigned int *nr_params);
/* Parameter i of prototype proto: its type id and name ("" if none). */
uint32_t kbtf_param(const struct btf *btf, uint32_t proto, unsigned int i, const char **name);

/* The id of struct or union @name, 0 if none. */
uint32_t kbtf_find_record(const struct btf *btf, const char *name, bool *is_union);

/* Does value hf (a pointer, or with is_addr an object's address) point to an object
 * named @name (struct/union @name, or typedef @name)? 1 yes, 0 it points to something
 * else, -1 it is not a pointer. @what gets the C spelling of what it points to.
 */
int kbtf_points_to(const struct hook_field *hf, const char *name, bool is_union, char *what,
		   size_t what_sz);

/* The argument type name Tetragon derives from BTF type id (pkg/generictypes
 * GenericTypeFromBTF: a type name that is one of its type names, looking through
 * modifiers, typedefs and pointers; an enum is int<N>/uint<N>), NULL if none.
 */
const char *kbtf_tetragon_type(const struct btf *btf, uint32_t id);

/* The same for the leaf of a resolve walk of type id, as Tetragon sees it
 * (pkg/btf/btf.go processMembers(): the member's type without modifiers and
 * typedefs, a pointer's target as it is): "kernel_cap_t cap_effective" names no
 * type (an anonymous struct), "struct file *file" names file.
 */
const char *kbtf_tetragon_leaf_type(const struct btf *btf, uint32_t id);

/* Walk `resolve` path @path (Tetragon's syntax: "f_path.dentry", "a[3].b") from value
 * @val: when @btf_type is nonzero (btfType), the value points to that struct or union;
 * else the value has type val->btf_id and must be a pointer. Fills *rs (arena memory)
 * and *leaf (what the walk ends on, as a hook_field for the type checks).
 * 0; -EINVAL with a message in err (the component at fault first); -ENOMEM.
 */
int kbtf_resolve(const struct hook_field *val, uint32_t btf_type, const char *path,
		 struct tp_arena *arena, struct ir_resolve *rs, struct hook_field *leaf,
		 char *err, size_t err_sz);

/* Tetragon's limit on resolve components (MaxBTFArgDepth). */
#define KBTF_RESOLVE_MAX	10

#endif
