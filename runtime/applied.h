/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The applied-bundle record: what `tpload apply` last applied to a pin root
 * (docs/tpload.md "apply"). A frozen one-entry array map pinned at
 * <root>/_applied whose value is text:
 *
 *   tpc-applied 1
 *   bundle sha256:<content digest of the bundle>
 *   applied <unix time>
 *   path <the bundle's path as given, percent-encoded>
 *   format tar|dir
 *   generator <tpc version, percent-encoded>
 *   signature good|unchecked|none [<key id> [<trusted comment, encoded>]]
 *   policy <name> sha256:<object digest> <id>      one per policy, name order
 *
 * It is written into the transaction's journal (_txn/new/_applied) and
 * published with the policies at the commit, so it always describes the
 * published set the apply made. Policies it lists are "managed": the next
 * apply removes those its bundle no longer has.
 */
#ifndef TP_APPLIED_H
#define TP_APPLIED_H

#include <stdbool.h>
#include <stddef.h>

#define TP_APPLIED_NAME		"_applied"
#define TP_APPLIED_FORMAT	1

struct tp_applied_policy {
	char *name;
	char digest[65];		/* object sha256, hex */
	unsigned int id;
};

struct tp_applied {
	int version;
	char digest[65];		/* bundle content digest, hex */
	long long time;			/* unix time of the apply */
	char *path;			/* decoded */
	char *format;
	char *generator;		/* decoded */
	char *signature;		/* good | unchecked | none (verify's words) */
	char *keyid;			/* "" if none */
	char *comment;			/* decoded, "" if none */
	struct tp_applied_policy *pols;
	size_t nr_pols;
};

/* Parses a record's text. 0, -EINVAL (malformed: not reported), -ENOMEM. */
int applied_parse(const char *text, struct tp_applied *a);
/* Formats @a as a record's text (malloc'ed). 0 or -ENOMEM/-ENAMETOOLONG. */
int applied_format(const struct tp_applied *a, char **text);
/* Reads <@root>/_applied. 0; -ENOENT if there is none (not reported);
 * -EINVAL if it cannot be parsed; other -errno.
 */
int applied_read(const char *root, struct tp_applied *a);
void applied_free(struct tp_applied *a);	/* frees the members; NULL-safe */
const struct tp_applied_policy *applied_policy(const struct tp_applied *a, const char *name);

#endif
