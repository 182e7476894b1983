// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Target snapshots -> memory: the file (gzip or plain tar), inflated, its regular
 * files indexed by name. Nothing touches the filesystem by entry name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pkg_write.h"
#include "snapshot.h"
#include "tp_snapshot.h"

#define SNAP_FILE_MAX	(256u << 20)	/* a compressed snapshot is a few MB */
#define SNAP_DATA_MAX	(1024u << 20)	/* inflated */
#define SNAP_FIELDS_MAX	16

struct snap_entry {
	char *name;
	size_t off, len;
};

struct snapshot {
	unsigned char *data;		/* the archive, inflated */
	size_t len;
	struct snap_entry *ents;	/* sorted by name */
	size_t nr_ents;
	char *keys[SNAP_FIELDS_MAX], *vals[SNAP_FIELDS_MAX];
	size_t nr_fields;
	char sha256[PKG_DIGEST_HEX];
};

static int read_all(const char *path, unsigned char **buf, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	size_t cap = 0, got;
	unsigned char *b = NULL, *nb;
	int err = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return -errno;
	for (;;) {
		if (*len == cap) {
			if (cap >= SNAP_FILE_MAX) {
				err = -EFBIG;
				break;
			}
			cap = cap ? cap * 2 : 1 << 20;
			nb = realloc(b, cap);
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			b = nb;
		}
		got = fread(b + *len, 1, cap - *len, f);
		*len += got;
		if (got == 0) {
			if (ferror(f))
				err = errno ? -errno : -EIO;
			break;
		}
	}
	fclose(f);
	if (err) {
		free(b);
		*len = 0;
		return err;
	}
	*buf = b;
	return 0;
}

static int inflate_all(const unsigned char *in, size_t in_len, unsigned char **out, size_t *out_len)
{
	z_stream z = { .next_in = (unsigned char *)in, .avail_in = (uInt)in_len };
	size_t cap = in_len * 4 + (1 << 20), len = 0;
	unsigned char *b = malloc(cap), *nb;
	int zr;

	if (!b)
		return -ENOMEM;
	if (in_len > UINT32_MAX || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(b);
		return -EINVAL;
	}
	do {
		if (len == cap) {
			if (cap >= SNAP_DATA_MAX) {
				zr = Z_MEM_ERROR;
				break;
			}
			cap *= 2;
			nb = realloc(b, cap);
			if (!nb) {
				zr = Z_MEM_ERROR;
				break;
			}
			b = nb;
		}
		z.next_out = b + len;
		z.avail_out = (uInt)(cap - len > UINT32_MAX ? UINT32_MAX : cap - len);
		zr = inflate(&z, Z_NO_FLUSH);
		len = (size_t)(z.next_out - b);
	} while (zr == Z_OK);
	inflateEnd(&z);
	if (zr != Z_STREAM_END) {
		free(b);
		return zr == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
	}
	*out = b;
	*out_len = len;
	return 0;
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct snap_entry *)a)->name, ((const struct snap_entry *)b)->name);
}

static int index_tar(struct snapshot *s, char *why, size_t why_sz)
{
	size_t off = 0, cap = 0, i;
	uint64_t size;
	char name[TP_TAR_NAME_MAX + 1];
	int r;

	while (off + TP_TAR_BLOCK <= s->len) {
		r = tp_tar_parse(s->data + off, name, &size);
		if (r == -ENODATA)
			break;
		if (r < 0 || size > s->len - off - TP_TAR_BLOCK) {
			if (off)
				snprintf(why, why_sz, "bad tar header at byte %zu", off);
			else
				snprintf(why, why_sz, "not a tpc snapshot (not a tar archive)");
			return -EINVAL;
		}
		if (r == 1) {
			if (s->nr_ents == cap) {
				struct snap_entry *n;

				cap = cap ? cap * 2 : 256;
				n = realloc(s->ents, cap * sizeof(*n));
				if (!n)
					return -ENOMEM;
				s->ents = n;
			}
			s->ents[s->nr_ents].name = strdup(name);
			if (!s->ents[s->nr_ents].name)
				return -ENOMEM;
			s->ents[s->nr_ents].off = off + TP_TAR_BLOCK;
			s->ents[s->nr_ents].len = (size_t)size;
			s->nr_ents++;
		}
		off += TP_TAR_BLOCK + (((size_t)size + TP_TAR_BLOCK - 1) & ~(size_t)(TP_TAR_BLOCK - 1));
	}
	if (s->nr_ents)
		qsort(s->ents, s->nr_ents, sizeof(*s->ents), cmp_ent);
	for (i = 1; i < s->nr_ents; i++)
		if (strcmp(s->ents[i - 1].name, s->ents[i].name) == 0) {
			snprintf(why, why_sz, "entry '%.64s' is there twice", s->ents[i].name);
			return -EINVAL;
		}
	return 0;
}

/* The header entry: "tpc-snapshot 1" then "key value" lines. */
static int parse_header(struct snapshot *s, char *why, size_t why_sz)
{
	size_t len, i;
	const char *h = snapshot_entry(s, TP_SNAP_HEADER, &len);
	char *text, *line, *save = NULL;
	int ver = 0, ret = 0;

	if (!h) {
		snprintf(why, why_sz, "no '%s' entry: not a tpc snapshot", TP_SNAP_HEADER);
		return -EINVAL;
	}
	text = strndup(h, len);
	if (!text)
		return -ENOMEM;
	for (line = strtok_r(text, "\n", &save), i = 0; line; line = strtok_r(NULL, "\n", &save), i++) {
		char *sp = strchr(line, ' ');

		if (!sp)
			continue;
		*sp = '\0';
		if (i == 0) {
			if (strcmp(line, TP_SNAP_HEADER) == 0)
				ver = atoi(sp + 1);
			continue;
		}
		if (s->nr_fields == SNAP_FIELDS_MAX)
			continue;	/* later versions may add keys */
		s->keys[s->nr_fields] = strdup(line);
		s->vals[s->nr_fields] = strdup(sp + 1);
		if (!s->keys[s->nr_fields] || !s->vals[s->nr_fields]) {
			free(s->keys[s->nr_fields]);
			free(s->vals[s->nr_fields]);
			ret = -ENOMEM;
			break;
		}
		tp_pct_decode(s->vals[s->nr_fields]);
		s->nr_fields++;
	}
	free(text);
	if (!ret && ver != TP_SNAPSHOT_VERSION) {
		snprintf(why, why_sz, "snapshot format %d; this tpc reads format %d", ver,
			 TP_SNAPSHOT_VERSION);
		ret = -EINVAL;
	}
	return ret;
}

int snapshot_read(const char *path, struct snapshot **out, char *why, size_t why_sz)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	unsigned char *raw = NULL;
	size_t raw_len = 0;
	int err;

	*out = NULL;
	snprintf(why, why_sz, "?");
	if (!s)
		return -ENOMEM;
	err = read_all(path, &raw, &raw_len);
	if (err) {
		snprintf(why, why_sz, "%s", strerror(-err));
		goto fail;
	}
	err = pkg_sha256_hex(raw, raw_len, s->sha256);
	if (err) {
		free(raw);
		snprintf(why, why_sz, "cannot hash it");
		goto fail;
	}
	if (raw_len >= 2 && raw[0] == 0x1f && raw[1] == 0x8b) {
		err = inflate_all(raw, raw_len, &s->data, &s->len);
		free(raw);
		if (err) {
			snprintf(why, why_sz, "%s", err == -ENOMEM ? strerror(ENOMEM) :
				 "corrupt gzip data");
			goto fail;
		}
	} else {
		s->data = raw;
		s->len = raw_len;
	}
	err = index_tar(s, why, why_sz);
	err = err ?: parse_header(s, why, why_sz);
	if (err)
		goto fail;
	*out = s;
	return 0;
fail:
	if (err == -ENOMEM)
		snprintf(why, why_sz, "%s", strerror(ENOMEM));
	snapshot_free(s);
	return err;
}

void snapshot_free(struct snapshot *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nr_ents; i++)
		free(s->ents[i].name);
	for (i = 0; i < s->nr_fields; i++) {
		free(s->keys[i]);
		free(s->vals[i]);
	}
	free(s->ents);
	free(s->data);
	free(s);
}

const void *snapshot_entry(const struct snapshot *s, const char *name, size_t *len)
{
	struct snap_entry key = { .name = (char *)name }, *e;

	if (!s->nr_ents)
		return NULL;
	e = bsearch(&key, s->ents, s->nr_ents, sizeof(*s->ents), cmp_ent);
	if (!e)
		return NULL;
	*len = e->len;
	return s->data + e->off;
}

const char *snapshot_field(const struct snapshot *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nr_fields; i++)
		if (strcmp(s->keys[i], key) == 0)
			return *s->vals[i] ? s->vals[i] : NULL;
	return NULL;
}

const char *snapshot_sha256(const struct snapshot *s)
{
	return s->sha256;
}
