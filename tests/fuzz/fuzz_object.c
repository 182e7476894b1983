// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* libFuzzer harness for tpload's object front door: what tp_bundle__open()
 * does with a file's bytes before anything reaches the kernel -
 * obj_validate() (ELF, BTF, BTF.ext), .tpc.meta extraction and parsing, and
 * libbpf's bpf_object__open_mem() on what the validator accepted (that is
 * the claim: nothing obj_validate() passes crashes libbpf's open).
 * Built with ASan+UBSan by `make fuzz` (mk/fuzz.mk, docs/testing.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "log.h"
#include "meta.h"
#include "objcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(-1, false);	/* tpload's own warnings: off */
	libbpf_set_print(quiet);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "fuzz");
	struct bpf_object *obj;
	struct tp_meta m;
	char why[256], *text = NULL, *buf;
	size_t len;

	if (size > TP_OBJ_MAX_SIZE)
		return 0;
	/* tpload's image is malloc'ed (aligned); so is this copy */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (obj_validate(buf, size, why, sizeof(why)))
		goto out;
	if (!meta_read_elf(buf, size, &text, &len)) {
		if (!meta_parse(text, &m))
			meta_free(&m);
		free(text);
	}
	obj = bpf_object__open_mem(buf, size, &oo);
	bpf_object__close(obj);
out:
	free(buf);
	return 0;
}
