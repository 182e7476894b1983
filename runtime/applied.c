// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The applied-bundle record (applied.h): text <-> struct, read from bpffs. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "applied.h"
#include "bundle.h"
#include "tp_snapshot.h"
#include "util.h"

static bool is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

static bool digest_field(const char *f, char out[65])
{
	if (strncmp(f, "sha256:", 7) || !is_hex64(f + 7))
		return false;
	memcpy(out, f + 7, 65);
	return true;
}

static char *dup_decoded(const char *s)
{
	char *d;

	if (!strcmp(s, "-"))
		return strdup("");
	d = strdup(s);
	if (d)
		percent_decode(d);
	return d;
}

static int parse_line(struct tp_applied *a, char *line)
{
	char *f[6], *save = NULL, *t, *end;
	struct tp_applied_policy *p, *np;
	unsigned long v;
	int n = 0;

	for (t = strtok_r(line, " ", &save); t && n < 6; t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	if (!n)
		return 0;
	if (!strcmp(f[0], "tpc-applied") && n == 2) {
		a->version = atoi(f[1]);
	} else if (!strcmp(f[0], "bundle") && n == 2) {
		if (!digest_field(f[1], a->digest))
			return -EINVAL;
	} else if (!strcmp(f[0], "applied") && n == 2) {
		a->time = strtoll(f[1], NULL, 10);
	} else if (!strcmp(f[0], "path") && n == 2 && !a->path) {
		a->path = dup_decoded(f[1]);
		return a->path ? 0 : -ENOMEM;
	} else if (!strcmp(f[0], "format") && n == 2 && !a->format) {
		a->format = strdup(f[1]);
		return a->format ? 0 : -ENOMEM;
	} else if (!strcmp(f[0], "generator") && n == 2 && !a->generator) {
		a->generator = dup_decoded(f[1]);
		return a->generator ? 0 : -ENOMEM;
	} else if (!strcmp(f[0], "signature") && n >= 2 && !a->signature) {
		a->signature = strdup(f[1]);
		a->keyid = strdup(n > 2 ? f[2] : "");
		a->comment = dup_decoded(n > 3 ? f[3] : "-");
		return a->signature && a->keyid && a->comment ? 0 : -ENOMEM;
	} else if (!strcmp(f[0], "policy") && n == 4) {
		np = realloc(a->pols, (a->nr_pols + 1) * sizeof(*np));
		if (!np)
			return -ENOMEM;
		a->pols = np;
		p = &a->pols[a->nr_pols];
		memset(p, 0, sizeof(*p));
		errno = 0;
		v = strtoul(f[3], &end, 10);
		if (!policy_name_valid(f[1]) || !digest_field(f[2], p->digest) || errno || *end ||
		    v > UINT_MAX)
			return -EINVAL;
		p->id = (unsigned int)v;
		p->name = strdup(f[1]);
		if (!p->name)
			return -ENOMEM;
		a->nr_pols++;
	}
	return 0;	/* unknown keys: later versions may add lines */
}

int applied_parse(const char *text, struct tp_applied *a)
{
	char *copy, *line, *save = NULL;
	int err = 0;

	memset(a, 0, sizeof(*a));
	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	for (line = strtok_r(copy, "\n", &save); line && !err; line = strtok_r(NULL, "\n", &save))
		err = parse_line(a, line);
	free(copy);
	if (!err && (a->version != TP_APPLIED_FORMAT || !a->digest[0]))
		err = -EINVAL;
	if (err)
		applied_free(a);
	return err;
}

/* @s percent-encoded, "-" for an empty string */
static int put_enc(FILE *f, const char *s)
{
	char enc[PATH_MAX * 3 + 1];

	if (!s || !*s) {
		fputs("-", f);
		return 0;
	}
	if (tp_pct_encode(enc, sizeof(enc), s))
		return -ENAMETOOLONG;
	fputs(enc, f);
	return 0;
}

int applied_format(const struct tp_applied *a, char **text)
{
	size_t len = 0, i;
	char *buf = NULL;
	int err = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "tpc-applied %d\nbundle sha256:%s\napplied %lld\npath ", TP_APPLIED_FORMAT,
		a->digest, a->time);
	err = put_enc(f, a->path);
	fprintf(f, "\nformat %s\ngenerator ", a->format ? a->format : "-");
	err = err ?: put_enc(f, a->generator);
	fprintf(f, "\nsignature %s", a->signature ? a->signature : "none");
	if (a->keyid && *a->keyid) {
		fprintf(f, " %s ", a->keyid);
		err = err ?: put_enc(f, a->comment);
	}
	fputc('\n', f);
	for (i = 0; i < a->nr_pols; i++)
		fprintf(f, "policy %s sha256:%s %u\n", a->pols[i].name, a->pols[i].digest,
			a->pols[i].id);
	if (fclose(f) || err) {
		free(buf);
		return err ?: -ENOMEM;
	}
	*text = buf;
	return 0;
}

int applied_read(const char *root, struct tp_applied *a)
{
	char path[PATH_MAX], *text = NULL;
	int err;

	memset(a, 0, sizeof(*a));
	err = path_join(path, sizeof(path), root, TP_APPLIED_NAME);
	if (err)
		return err;
	if (!path_exists(path))
		return -ENOENT;
	err = tp_meta_map_read(path, &text);
	if (err)
		return err;
	err = applied_parse(text, a);
	free(text);
	return err;
}

void applied_free(struct tp_applied *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->nr_pols; i++)
		free(a->pols[i].name);
	free(a->pols);
	free(a->path);
	free(a->format);
	free(a->generator);
	free(a->signature);
	free(a->keyid);
	free(a->comment);
	memset(a, 0, sizeof(*a));
}

const struct tp_applied_policy *applied_policy(const struct tp_applied *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->nr_pols; i++)
		if (!strcmp(a->pols[i].name, name))
			return &a->pols[i];
	return NULL;
}
