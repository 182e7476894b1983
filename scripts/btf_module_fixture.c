// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* btf-module-fixture: the small module BTF the btfTypeModule tests compile against
 * (`make golden-btf-module`, tests/golden/btf/README.md): split BTF on BASE (the
 * golden vmlinux.btf) holding af_alg's struct sockaddr_alg_new as Linux 6.1 defines
 * it (include/uapi/linux/if_alg.h), so the goldens never read a machine's module.
 *
 *   btf-module-fixture BASE OUT
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

static int type_id(const struct btf *btf, const char *name, int kind)
{
	int id = btf__find_by_name_kind(btf, name, kind);

	if (id < 0)
		fprintf(stderr, "btf-module-fixture: base has no '%s'\n", name);
	return id;
}

int main(int argc, char **argv)
{
	struct btf *base, *btf;
	int u8, u16, u32, idx, a14, a0, s, err = 0;
	const void *raw;
	__u32 sz;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: btf-module-fixture BASE OUT\n");
		return 2;
	}
	base = btf__parse_raw(argv[1]);
	if (!base) {
		fprintf(stderr, "btf-module-fixture: cannot read %s\n", argv[1]);
		return 1;
	}
	u8 = type_id(base, "__u8", BTF_KIND_TYPEDEF);
	u16 = type_id(base, "__u16", BTF_KIND_TYPEDEF);
	u32 = type_id(base, "__u32", BTF_KIND_TYPEDEF);
	idx = type_id(base, "int", BTF_KIND_INT);
	if (u8 < 0 || u16 < 0 || u32 < 0 || idx < 0)
		return 1;
	btf = btf__new_empty_split(base);
	if (!btf)
		return 1;
	a14 = btf__add_array(btf, idx, u8, 14);
	a0 = btf__add_array(btf, idx, u8, 0);
	s = btf__add_struct(btf, "sockaddr_alg_new", 24);
	err = a14 < 0 || a0 < 0 || s < 0;
	err = err ?: btf__add_field(btf, "salg_family", u16, 0, 0);
	err = err ?: btf__add_field(btf, "salg_type", a14, 16, 0);
	err = err ?: btf__add_field(btf, "salg_feat", u32, 128, 0);
	err = err ?: btf__add_field(btf, "salg_mask", u32, 160, 0);
	err = err ?: btf__add_field(btf, "salg_name", a0, 192, 0);
	raw = err ? NULL : btf__raw_data(btf, &sz);
	if (!raw) {
		fprintf(stderr, "btf-module-fixture: cannot build the BTF\n");
		return 1;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(raw, 1, sz, f) != sz || fclose(f)) {
		fprintf(stderr, "btf-module-fixture: cannot write %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	btf__free(btf);
	btf__free(base);
	return 0;
}
