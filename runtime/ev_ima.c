// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The IMA hash of a process_lsm record (Post imaHash, tp_abi.h TP_EV_F_IMA):
 * "<algo>:<hex>", as Tetragon's GetProcessLsm() (pkg/grpc/tracing/tracing.go)
 * prints it: the algorithms it names, with their digest sizes; any other
 * value of the kernel's enum hash_algo, or an error from bpf_ima_file_hash(),
 * gives no ima_hash in JSON (Tetragon only logs it at debug level); text
 * events say which.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "ev_record.h"

static const struct {
	int algo;		/* enum hash_algo (include/uapi/linux/hash_info.h) */
	const char *name;
	unsigned int len;
} ima_algos[] = {
	{ 1, "md5", 16 },
	{ 2, "sha1", 20 },
	{ 4, "sha256", 32 },
	{ 6, "sha512", 64 },
	{ 13, "wp512", 64 },
	{ 17, "sm3", 32 },
};

int ev_ima_hash(const void *data, size_t end, char *buf, size_t size)
{
	const struct tp_ev_hdr *h = data;
	const struct tp_ev_arg *a;
	struct tp_ev_ima im;
	size_t off = sizeof(*h), i, o;

	if (size)
		buf[0] = '\0';
	if (h->kind != TP_EV_LSM || !(h->flags & TP_EV_F_IMA))
		return -ENOENT;
	for (i = 0; i < h->nr_args; i++) {	/* bounds checked by ev_check_record() */
		a = (const void *)((const char *)data + off);
		off += sizeof(*a) + (a->slot ? a->slot : ((a->len + 7) & ~7u));
	}
	if (off > end || end - off < sizeof(im))
		return -EINVAL;
	memcpy(&im, (const char *)data + off, sizeof(im));
	if (im.algo < 0) {	/* the kernel gave no hash: say why (text events) */
		snprintf(buf, size, "<none: %s>", strerror(-im.algo));
		return -EOPNOTSUPP;
	}
	for (i = 0; i < sizeof(ima_algos) / sizeof(ima_algos[0]); i++) {
		if (ima_algos[i].algo != im.algo)
			continue;
		o = (size_t)snprintf(buf, size, "%s:", ima_algos[i].name);
		for (size_t j = 0; j < ima_algos[i].len && o + 3 <= size; j++)
			o += (size_t)snprintf(buf + o, size - o, "%02x", im.hash[j]);
		return o < size ? 0 : -ENOSPC;
	}
	snprintf(buf, size, "<algorithm %d>", im.algo);
	return -EOPNOTSUPP;
}
