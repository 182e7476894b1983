// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The IMA hash of process_lsm records (runtime/ev_ima.c): "<algo>:<hex>" for
 * the algorithms Tetragon names, with their digest sizes; no hash for a record
 * without TP_EV_F_IMA, a kernel error (said for text events), an algorithm
 * Tetragon does not name, or a record too short for it.
 */
#include <errno.h>
#include <string.h>

#include "core.h"
#include "ev_record.h"
#include "test.h"

/* header + one 8-byte arg + struct tp_ev_ima */
struct ima_rec {
	struct tp_ev_hdr h;
	struct tp_ev_arg a;
	__u64 v;
	struct tp_ev_ima im;
};

static void make_rec(struct ima_rec *r, int algo, __u8 flags)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->h.size = sizeof(*r);
	r->h.kind = TP_EV_LSM;
	r->h.nr_args = 1;
	r->h.flags = flags;
	r->a.type = TP_EVA_S64;
	r->a.len = 8;
	r->a.slot = 8;
	r->im.algo = algo;
	for (i = 0; i < TP_IMA_HASH_MAX; i++)
		r->im.hash[i] = (__u8)i;
}

void test_ima_hash(void)
{
	char buf[TP_EV_IMA_TEXT];
	struct ima_rec r;
	size_t end;

	end = sizeof(r);
	make_rec(&r, 4, TP_EV_F_IMA);
	ASSERT_OK(ev_ima_hash(&r, end, buf, sizeof(buf)), "sha256");
	ASSERT_STREQ(buf, "sha256:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		     "sha256 text");
	make_rec(&r, 2, TP_EV_F_IMA);
	ASSERT_OK(ev_ima_hash(&r, end, buf, sizeof(buf)), "sha1");
	ASSERT_STREQ(buf, "sha1:000102030405060708090a0b0c0d0e0f10111213", "sha1 text");
	make_rec(&r, 6, TP_EV_F_IMA);
	ASSERT_OK(ev_ima_hash(&r, end, buf, sizeof(buf)), "sha512");
	ASSERT_EQ(strlen(buf), 7 + 128, "sha512 length");

	make_rec(&r, 4, 0);
	ASSERT_EQ(ev_ima_hash(&r, end, buf, sizeof(buf)), -ENOENT, "no flag");
	make_rec(&r, -EOPNOTSUPP, TP_EV_F_IMA);
	ASSERT_EQ(ev_ima_hash(&r, end, buf, sizeof(buf)), -EOPNOTSUPP, "kernel error");
	ASSERT_STREQ(buf, "<none: Operation not supported>", "kernel error text");
	make_rec(&r, 5, TP_EV_F_IMA);	/* sha384: Tetragon prints none */
	ASSERT_EQ(ev_ima_hash(&r, end, buf, sizeof(buf)), -EOPNOTSUPP, "sha384");
	make_rec(&r, 4, TP_EV_F_IMA);
	ASSERT_EQ(ev_ima_hash(&r, end - 1, buf, sizeof(buf)), -EINVAL, "short record");
	r.h.kind = TP_EV_KPROBE;
	ASSERT_EQ(ev_ima_hash(&r, end, buf, sizeof(buf)), -ENOENT, "kprobe record");
}
