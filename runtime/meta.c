// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* .tpc.meta: read from ELF (libelf) and parse. */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "meta.h"
#include "util.h"

int meta_read_elf(const void *buf, size_t size, char **text, size_t *len)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;
	Elf_Data *d;
	Elf *elf;
	int err = -ENOENT;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	elf = elf_memory((char *)buf, size);
	if (!elf || elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &shstrndx)) {
		pr_warn("not an ELF object: %s\n", elf_errmsg(-1));
		err = -EINVAL;
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".tpc.meta"))
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || sh.sh_type == SHT_NOBITS) {
			pr_warn(".tpc.meta section has no data\n");
			err = -EINVAL;
			goto out;
		}
		*text = malloc(d->d_size + 1);
		if (!*text) {
			err = -ENOMEM;
			goto out;
		}
		if (d->d_size)	/* an empty section has no buffer (found by fuzz-object) */
			memcpy(*text, d->d_buf, d->d_size);
		(*text)[d->d_size] = '\0';
		/* a C string literal section may carry its NUL */
		*len = strlen(*text);
		err = 0;
		break;
	}
out:
	if (elf)
		elf_end(elf);
	return err;
}

/* Splits @line on spaces into at most @max fields (in place). */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (*p && n < max) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		f[n++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static char *dup_decoded(const char *s)
{
	char *d = strdup(s);

	if (d)
		percent_decode(d);
	return d;
}

static struct tp_meta_hook *hook_get(struct tp_meta *m, int id)
{
	return (struct tp_meta_hook *)meta_hook(m, id);
}

const struct tp_meta_hook *meta_hook(const struct tp_meta *m, int id)
{
	size_t i;

	for (i = 0; m && i < m->nr_hooks; i++)
		if (m->hooks[i].id == id)
			return &m->hooks[i];
	return NULL;
}

const struct tp_meta_hook *meta_hook_by_prog(const struct tp_meta *m, const char *prog)
{
	size_t i;

	size_t j;

	for (i = 0; m && prog && i < m->nr_hooks; i++) {
		if (m->hooks[i].prog && strcmp(m->hooks[i].prog, prog) == 0)
			return &m->hooks[i];
		for (j = 0; j < m->hooks[i].nr_progs; j++)
			if (!strcmp(m->hooks[i].progs[j].name, prog))
				return &m->hooks[i];
	}
	return NULL;
}

static unsigned int func_flags(const char *s)
{
	unsigned int f = 0;

	if (strstr(s, "syscall"))
		f |= TP_META_F_SYSCALL;
	if (strstr(s, "return"))
		f |= TP_META_F_RETURN;
	if (strstr(s, "override"))
		f |= TP_META_F_OVERRIDE;
	if (strstr(s, "ignore-missing"))
		f |= TP_META_F_IGNORE;
	return f;
}

/* Replace *dst by a decoded copy of s; -ENOMEM. */
static int set_str(char **dst, const char *s)
{
	char *d = dup_decoded(s);

	if (!d)
		return -ENOMEM;
	free(*dst);
	*dst = d;
	return 0;
}

static int parse_line(struct tp_meta *m, char *line, int lineno)
{
	struct tp_meta_hook *h;
	char *f[8];
	size_t n;
	void *p;

	n = split(line, f, 8);
	if (n == 0 || f[0][0] == '#')
		return 0;
#define NEED(k) do { if (n < (k)) goto bad; } while (0)
	if (!strcmp(f[0], "tpc-meta")) {
		NEED(2);
		m->version = atoi(f[1]);
	} else if (!strcmp(f[0], "policy")) {
		NEED(2);
		free(m->policy);
		m->policy = dup_decoded(f[1]);
	} else if (!strcmp(f[0], "kind")) {
		NEED(2);
		free(m->kind);
		m->kind = dup_decoded(f[1]);
	} else if (!strcmp(f[0], "namespace")) {
		NEED(2);
		free(m->ns);
		m->ns = dup_decoded(f[1]);
	} else if (!strcmp(f[0], "source")) {
		NEED(2);
		free(m->source);
		m->source = dup_decoded(f[1]);
	} else if (!strcmp(f[0], "compiler")) {
		NEED(2);
		free(m->compiler);
		/* "tpc 0.1.0": the rest of the line, undecoded fields */
		m->compiler = n > 2 ? NULL : dup_decoded(f[1]);
		if (n > 2 && asprintf(&m->compiler, "%s %s", f[1], f[2]) < 0)
			m->compiler = NULL;
	} else if (!strcmp(f[0], "digest")) {
		NEED(2);
		free(m->digest);
		m->digest = strdup(f[1]);
	} else if (!strcmp(f[0], "loaded")) {
		NEED(2);
		m->loaded = atoll(f[1]);
	} else if (!strcmp(f[0], "id")) {
		NEED(2);
		m->id = atoi(f[1]);
	} else if (!strcmp(f[0], "hook")) {
		NEED(6);
		if (hook_get(m, atoi(f[1])))
			goto bad;
		p = realloc(m->hooks, (m->nr_hooks + 1) * sizeof(*m->hooks));
		if (!p)
			return -ENOMEM;
		m->hooks = p;
		h = &m->hooks[m->nr_hooks++];
		memset(h, 0, sizeof(*h));
		h->id = atoi(f[1]);
		h->type = dup_decoded(f[2]);
		h->target = dup_decoded(f[3]);
		h->prog = dup_decoded(f[4]);
		h->loc = dup_decoded(f[5]);
	} else if (!strcmp(f[0], "arg")) {
		NEED(4);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		p = realloc(h->args, (h->nr_args + 1) * sizeof(*h->args));
		if (!p)
			return -ENOMEM;
		h->args = p;
		h->args[h->nr_args].type = dup_decoded(f[3]);
		h->args[h->nr_args].label = dup_decoded(n > 4 ? f[4] : "-");
		h->nr_args++;
	} else if (!strcmp(f[0], "return")) {
		NEED(3);
		h = hook_get(m, atoi(f[1]));
		if (!h || h->ret.type)
			goto bad;
		h->ret.type = dup_decoded(f[2]);
		h->ret.label = dup_decoded(n > 3 ? f[3] : "-");
		if (!h->ret.type || !h->ret.label)
			return -ENOMEM;
	} else if (!strcmp(f[0], "func")) {
		NEED(4);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		if (set_str(&h->func, f[2]))
			return -ENOMEM;
		h->func_flags = func_flags(f[3]);
	} else if (!strcmp(f[0], "requires")) {
		NEED(3);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		if (strcmp(f[2], "send_signal") && set_str(&h->requires, f[2]))
			return -ENOMEM;
	} else if (!strcmp(f[0], "selectors")) {
		char *e1, *e2;
		unsigned long ne, nr;

		NEED(4);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		ne = strtoul(f[2], &e1, 10);
		nr = strtoul(f[3], &e2, 10);
		if (*e1 || *e2 || e1 == f[2] || e2 == f[3] || ne > 65536 || nr > 65536)
			goto bad;
		h->sel_entry = ne;
		h->sel_return = nr;
	} else if (!strcmp(f[0], "prog")) {
		NEED(5);
		h = hook_get(m, atoi(f[1]));
		if (!h || (strcmp(f[3], "entry") && strcmp(f[3], "return")))
			goto bad;
		p = realloc(h->progs, (h->nr_progs + 1) * sizeof(*h->progs));
		if (!p)
			return -ENOMEM;
		h->progs = p;
		h->progs[h->nr_progs].mech = dup_decoded(f[2]);
		h->progs[h->nr_progs].ret = !strcmp(f[3], "return");
		h->progs[h->nr_progs].name = dup_decoded(f[4]);
		if (!h->progs[h->nr_progs].mech || !h->progs[h->nr_progs].name)
			return -ENOMEM;
		h->nr_progs++;
	} else if (!strcmp(f[0], "attach")) {
		NEED(4);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		if (set_str(&h->mech, f[2]) || set_str(&h->symbol, f[3]))
			return -ENOMEM;
	} else if (!strcmp(f[0], "skip")) {
		NEED(3);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		if (set_str(&h->skipped, f[2]))
			return -ENOMEM;
	} else if (!strcmp(f[0], "message")) {
		NEED(3);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		free(h->message);
		h->message = dup_decoded(f[2]);
	} else if (!strcmp(f[0], "tag")) {
		NEED(3);
		h = hook_get(m, atoi(f[1]));
		if (!h)
			goto bad;
		p = realloc(h->tags, (h->nr_tags + 1) * sizeof(*h->tags));
		if (!p)
			return -ENOMEM;
		h->tags = p;
		h->tags[h->nr_tags++] = dup_decoded(f[2]);
	}
#undef NEED
	return 0;
bad:
	pr_warn(".tpc.meta:%d: malformed '%s' line\n", lineno, f[0]);
	return -EINVAL;
}

int meta_parse(const char *text, struct tp_meta *m)
{
	char *copy, *line, *save = NULL;
	int lineno = 0, err = 0;

	memset(m, 0, sizeof(*m));
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	/* strtok_r skips empty lines, which carry nothing anyway */
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		err = parse_line(m, line, lineno);
		if (err)
			break;
	}
	free(copy);
	if (err)
		meta_free(m);
	return err;
}

void meta_free(struct tp_meta *m)
{
	size_t i, j;

	if (!m)
		return;
	for (i = 0; i < m->nr_hooks; i++) {
		struct tp_meta_hook *h = &m->hooks[i];

		free(h->type);
		free(h->target);
		free(h->func);
		free(h->requires);
		free(h->mech);
		free(h->symbol);
		free(h->skipped);
		free(h->ret.type);
		free(h->ret.label);
		for (j = 0; j < h->nr_progs; j++) {
			free(h->progs[j].mech);
			free(h->progs[j].name);
		}
		free(h->progs);
		free(h->prog);
		free(h->loc);
		free(h->message);
		for (j = 0; j < h->nr_tags; j++)
			free(h->tags[j]);
		free(h->tags);
		for (j = 0; j < h->nr_args; j++) {
			free(h->args[j].type);
			free(h->args[j].label);
		}
		free(h->args);
	}
	free(m->hooks);
	free(m->policy);
	free(m->kind);
	free(m->ns);
	free(m->source);
	free(m->compiler);
	free(m->digest);
	memset(m, 0, sizeof(*m));
}
