// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tracepoint format files -> field lists. Part of sema (AST checks need the
 * fields a tracepoint has); nothing here reaches generated code unchecked.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "tracefs.h"
#include "vec.h"

static bool kv_uint(const char *s, const char *key, unsigned int *out)
{
	const char *p = strstr(s, key);
	char *end;
	unsigned long v;

	if (!p)
		return false;
	p += strlen(key);
	errno = 0;
	v = strtoul(p, &end, 10);
	if (errno || end == p || v > 0xffffffffUL)
		return false;
	*out = v;
	return true;
}

/* "field:const char * filename;" -> decl "const char *", name "filename" */
static int parse_field(char *line, struct tp_arena *arena, struct tf_field *f)
{
	char *decl = strstr(line, "field:");
	char *semi, *name, *br;
	unsigned int sgn = 0;
	size_t n;

	if (!decl)
		return -EINVAL;
	decl += strlen("field:");
	semi = strchr(decl, ';');
	if (!semi)
		return -EINVAL;
	*semi = '\0';
	if (!kv_uint(semi + 1, "offset:", &f->offset) || !kv_uint(semi + 1, "size:", &f->size))
		return -EINVAL;
	kv_uint(semi + 1, "signed:", &sgn);
	f->is_signed = sgn != 0;

	/* the name is the last identifier, optionally followed by [N] */
	n = strlen(decl);
	while (n && decl[n - 1] == ' ')
		decl[--n] = '\0';
	br = NULL;
	if (n && decl[n - 1] == ']') {
		br = strrchr(decl, '[');
		if (!br)
			return -EINVAL;
		f->array_len = strtoul(br + 1, NULL, 10);
		*br = '\0';
		n = br - decl;
	}
	name = decl + n;
	while (name > decl && (name[-1] == '_' || (name[-1] >= 'a' && name[-1] <= 'z') ||
			       (name[-1] >= 'A' && name[-1] <= 'Z') ||
			       (name[-1] >= '0' && name[-1] <= '9')))
		name--;
	if (!*name)
		return -EINVAL;
	f->name = arena_strdup(arena, name);
	while (name > decl && name[-1] == ' ')
		name--;
	f->decl = arena_strndup(arena, decl, name - decl);
	if (!f->name || !f->decl)
		return -ENOMEM;
	f->is_ptr = strchr(f->decl, '*') != NULL;
	f->data_loc = strncmp(f->decl, "__data_loc", 10) == 0;
	f->common = strncmp(f->name, "common_", 7) == 0;
	return 0;
}

int tracefs_parse_format(const char *text, struct tp_arena *arena, struct tf_format *out)
{
	size_t cap = 0;
	const char *p = text;
	int err;

	out->fields = NULL;
	out->nr_fields = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];

		if (len < sizeof(line) && memmem(p, len, "field:", 6)) {
			struct tf_field f = {};

			memcpy(line, p, len);
			line[len] = '\0';
			err = parse_field(line, arena, &f);
			if (err)
				return err;
			err = vec_ensure((void **)&out->fields, &cap, sizeof(f), out->nr_fields + 1);
			if (err)
				return err;
			out->fields[out->nr_fields++] = f;
		}
		p += len + (nl ? 1 : 0);
	}
	if (out->nr_fields) {
		/* move to the arena so the caller owns nothing */
		struct tf_field *a = arena_calloc(arena, out->nr_fields, sizeof(*a));

		if (!a) {
			free(out->fields);
			return -ENOMEM;
		}
		memcpy(a, out->fields, out->nr_fields * sizeof(*a));
		free(out->fields);
		out->fields = a;
	}
	return out->nr_fields ? 0 : -EINVAL;
}

static bool safe_component(const char *s)
{
	if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if (*s == '/')
			return false;
	return true;
}

int tracefs_read_format(const char *events_dir, const char *subsys, const char *event,
			char **text, size_t *len)
{
	char path[4096];
	char *buf = NULL;
	FILE *f, *mem;
	int n, err = 0;
	char chunk[4096];
	size_t got;

	*text = NULL;
	*len = 0;
	if (!safe_component(subsys) || !safe_component(event))
		return -ENOENT;
	n = snprintf(path, sizeof(path), "%s/%s/%s/format", events_dir, subsys, event);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	mem = open_memstream(&buf, len);
	if (!mem) {
		fclose(f);
		return -ENOMEM;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, got, mem);
	if (ferror(f))
		err = errno ? -errno : -EIO;
	fclose(f);
	if (fclose(mem)) {
		free(buf);
		return -ENOMEM;
	}
	if (err) {
		free(buf);
		return err;
	}
	*text = buf;
	return 0;
}
