/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Structural validation of a BPF object before libbpf sees it.
 *
 * libbpf 1.1 (Debian 12) trusts the ELF and BTF it parses: a flipped byte
 * in .BTF crashes bpf_object__open_mem()/bpf_object__load() (out-of-bounds
 * type ids and string offsets, cycles in type chains), bad relocation
 * entries index past their tables. tpload refuses such an object here with
 * a message naming the section and offset, and exit 1 (docs/tpload.md,
 * docs/object-format.md "Guarantees"). Library code: no printing; the
 * message goes to @why.
 */
#ifndef TP_OBJCHECK_H
#define TP_OBJCHECK_H

#include <stddef.h>

/* Largest object tpload reads (docs/tpload.md): tpc objects are tens of
 * KiB; this leaves room for huge policies with debug info.
 */
#define TP_OBJ_MAX_SIZE		(64u << 20)

/* Validates the ELF64 BPF relocatable object @buf: headers, section table,
 * symbol table, relocations, code sections, .BTF and .BTF.ext. @buf must
 * be 8-byte aligned (malloc'ed). 0, or -EINVAL with a reason in @why, or
 * -ENOMEM.
 */
int obj_validate(const void *buf, size_t size, char *why, size_t why_size);

/* Validates raw BTF (header, types, strings, every type reference, no
 * cycles through modifiers/typedefs/pointers/arrays). Sets *nr_types.
 */
int btf_validate(const void *buf, size_t size, unsigned int *nr_types, char *why,
		 size_t why_size);

#endif
