// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Template rendering: codegen's text goes into named slots of embedded
 * templates (bpf-templates/<name>.bpf.c.in).
 */
#include <errno.h>
#include <string.h>

#include "embedded_files.h"
#include "log.h"
#include "tmpl.h"

#define SLOT_OPEN	"/*@slot "
#define SLOT_CLOSE	"@*/"

int tmpl_render(const char *name, struct tmpl_slot *slots, size_t nr_slots, FILE *out)
{
	char path[128];
	const struct tp_embedded_file *f;
	const char *p, *end;
	size_t i;

	if ((size_t)snprintf(path, sizeof(path), "tmpl/%s", name) >= sizeof(path))
		return -ENAMETOOLONG;
	f = embedded_file_find(path);
	if (!f || !f->data)
		return -ENOENT;
	for (i = 0; i < nr_slots; i++)
		slots[i].used = 0;
	p = (const char *)f->data;
	end = p + f->size;
	while (p < end) {
		const char *s = memmem(p, end - p, SLOT_OPEN, strlen(SLOT_OPEN));
		const char *n, *c;
		size_t nlen;

		if (!s) {
			fwrite(p, 1, end - p, out);
			break;
		}
		fwrite(p, 1, s - p, out);
		n = s + strlen(SLOT_OPEN);
		c = memmem(n, end - n, SLOT_CLOSE, strlen(SLOT_CLOSE));
		if (!c) {
			pr_warn("internal error: template %s: unterminated slot\n", name);
			return -EFAULT;
		}
		nlen = c - n;
		for (i = 0; i < nr_slots; i++)
			if (strlen(slots[i].name) == nlen && memcmp(slots[i].name, n, nlen) == 0)
				break;
		if (i == nr_slots) {
			pr_warn("internal error: template %s: slot '%.*s' not filled\n", name,
				(int)nlen, n);
			return -EFAULT;
		}
		fwrite(slots[i].text, 1, slots[i].len, out);
		slots[i].used = 1;
		p = c + strlen(SLOT_CLOSE);
	}
	for (i = 0; i < nr_slots; i++)
		if (!slots[i].used) {
			pr_warn("internal error: template %s has no slot '%s'\n", name, slots[i].name);
			return -EFAULT;
		}
	return ferror(out) ? -EIO : 0;
}
