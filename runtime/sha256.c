// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* SHA-256 through libsodium (crypto_hash_sha256), behind the small API the
 * loader already uses. libsodium is also what checks bundle signatures
 * (sign_verify.c), and it links statically into tpload-static.
 */
#include <sodium.h>
#include <string.h>

#include "sha256.h"

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((struct sha256 *)0)->state),
	       "struct sha256 too small for libsodium's state");

void sha256_init(struct sha256 *s)
{
	/* sodium_init() only picks implementations and seeds the RNG; the
	 * portable sha256 needs neither, but call it once as documented.
	 */
	if (sodium_init() < 0)
		memset(s, 0, sizeof(*s));
	crypto_hash_sha256_init((crypto_hash_sha256_state *)s->state);
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	crypto_hash_sha256_update((crypto_hash_sha256_state *)s->state, data, len);
}

void sha256_final(struct sha256 *s, uint8_t out[SHA256_DIGEST_LEN])
{
	crypto_hash_sha256_final((crypto_hash_sha256_state *)s->state, out);
}

void sha256_hex(const void *data, size_t len, char out[2 * SHA256_DIGEST_LEN + 1])
{
	uint8_t d[SHA256_DIGEST_LEN];

	if (sodium_init() < 0) {
		out[0] = '\0';
		return;
	}
	crypto_hash_sha256(d, data, len);
	sodium_bin2hex(out, 2 * SHA256_DIGEST_LEN + 1, d, sizeof(d));
}
