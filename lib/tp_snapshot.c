// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The target snapshot format (tp_snapshot.h): origins, field encoding, ustar headers
 * (POSIX.1-1988 ustar: name, prefix, octal sizes, checksum).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tp_snapshot.h"

int tp_origin(char *buf, size_t size, const char *path, bool live)
{
	const char *p = path, *end;
	int n;

	if (!live) {
		/* last component, trailing slashes ignored ("dir/" -> "dir") */
		end = path + strlen(path);
		while (end > path + 1 && end[-1] == '/')
			end--;
		p = end;
		while (p > path && p[-1] != '/')
			p--;
		if (p == end)	/* "/" */
			p = path;
		n = snprintf(buf, size, "%.*s", (int)(end - p), p);
	} else {
		n = snprintf(buf, size, "%s", p);
	}
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int tp_pct_encode(char *buf, size_t size, const char *s)
{
	size_t o = 0;

	if (!s || !*s) {
		if (size < 2)
			return -ENAMETOOLONG;
		buf[0] = '-';
		buf[1] = '\0';
		return 0;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || strchr("._/:+@=,-", c);

		if (o + (plain ? 1 : 3) >= size)
			return -ENAMETOOLONG;
		if (plain)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "%%%02X", c);
	}
	buf[o] = '\0';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void tp_pct_decode(char *s)
{
	char *o = s;

	if (strcmp(s, "-") == 0) {
		*s = '\0';
		return;
	}
	for (; *s; s++) {
		if (s[0] == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			*o++ = (char)(hexval(s[1]) << 4 | hexval(s[2]));
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* ustar field offsets */
#define H_NAME		0
#define H_MODE		100
#define H_UID		108
#define H_GID		116
#define H_SIZE		124
#define H_MTIME		136
#define H_CHKSUM	148
#define H_TYPE		156
#define H_MAGIC		257
#define H_VERSION	263
#define H_PREFIX	345

static unsigned int checksum(const uint8_t *h)
{
	unsigned int sum = 0, i;

	for (i = 0; i < TP_TAR_BLOCK; i++)
		sum += (i >= H_CHKSUM && i < H_CHKSUM + 8) ? ' ' : h[i];
	return sum;
}

int tp_tar_header(uint8_t hdr[TP_TAR_BLOCK], const char *name, uint64_t size)
{
	size_t len = strlen(name), split;

	memset(hdr, 0, TP_TAR_BLOCK);
	if (len <= 100) {
		memcpy(hdr + H_NAME, name, len);
	} else {
		/* prefix "/" name: split at a '/' with <= 155 bytes before, <= 100 after */
		if (len > TP_TAR_NAME_MAX)
			return -ENAMETOOLONG;
		for (split = len - 1; split > 0; split--)
			if (name[split] == '/' && split <= 155 && len - split - 1 <= 100 &&
			    len - split - 1 > 0)
				break;
		if (!split)
			return -ENAMETOOLONG;
		memcpy(hdr + H_PREFIX, name, split);
		memcpy(hdr + H_NAME, name + split + 1, len - split - 1);
	}
	snprintf((char *)hdr + H_MODE, 8, "%07o", 0644);
	snprintf((char *)hdr + H_UID, 8, "%07o", 0);
	snprintf((char *)hdr + H_GID, 8, "%07o", 0);
	snprintf((char *)hdr + H_SIZE, 12, "%011llo", (unsigned long long)size);
	snprintf((char *)hdr + H_MTIME, 12, "%011o", 0);
	hdr[H_TYPE] = '0';
	memcpy(hdr + H_MAGIC, "ustar", 6);	/* with its NUL */
	memcpy(hdr + H_VERSION, "00", 2);
	snprintf((char *)hdr + H_CHKSUM, 8, "%06o", checksum(hdr));
	hdr[H_CHKSUM + 7] = ' ';
	return 0;
}

/* An octal field: digits, optionally led by spaces and ended by NUL or space. */
static int octal(const uint8_t *f, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	bool any = false;

	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return -EINVAL;
		v = v * 8 + (uint64_t)(f[i] - '0');
		any = true;
	}
	if (!any || (i < n && f[i] != '\0' && f[i] != ' '))
		return -EINVAL;
	*out = v;
	return 0;
}

int tp_tar_parse(const uint8_t hdr[TP_TAR_BLOCK], char name[TP_TAR_NAME_MAX + 1],
		 uint64_t *size)
{
	uint64_t sum;
	size_t i, np, nn;

	for (i = 0; i < TP_TAR_BLOCK && !hdr[i]; i++)
		;
	if (i == TP_TAR_BLOCK)
		return -ENODATA;
	if (memcmp(hdr + H_MAGIC, "ustar", 5) || octal(hdr + H_CHKSUM, 8, &sum) ||
	    sum != checksum(hdr) || octal(hdr + H_SIZE, 12, size))
		return -EINVAL;
	np = strnlen((const char *)hdr + H_PREFIX, 155);
	nn = strnlen((const char *)hdr + H_NAME, 100);
	if (np)
		snprintf(name, TP_TAR_NAME_MAX + 1, "%.*s/%.*s", (int)np,
			 (const char *)hdr + H_PREFIX, (int)nn, (const char *)hdr + H_NAME);
	else
		snprintf(name, TP_TAR_NAME_MAX + 1, "%.*s", (int)nn, (const char *)hdr + H_NAME);
	return hdr[H_TYPE] == '0' || hdr[H_TYPE] == '\0' ? 1 : 0;
}

void tp_functions_path(char *buf, size_t size, const char *dir)
{
	size_t n = strlen(dir);
	const char *base;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	snprintf(buf, size, "%.*s/%s", (int)n, dir, TP_FUNCTIONS_FILE);
	if (access(buf, F_OK) == 0)
		return;
	base = memrchr(dir, '/', n);
	base = base ? base + 1 : dir;
	if ((size_t)(dir + n - base) == 6 && !strncmp(base, "events", 6))
		snprintf(buf, size, "%.*s%s", (int)(base - dir), dir, TP_FUNCTIONS_FILE);
}
