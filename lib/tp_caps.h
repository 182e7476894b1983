/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Linux capabilities by name, as Tetragon spells them (api/v1/tetragon/
 * capabilities.proto, CapabilitiesType: capability 1 is "DAC_OVERRIDE"): policy
 * values of the capability types (tpc) and event rendering (tpload). Plain C.
 */
#ifndef TP_CAPS_H
#define TP_CAPS_H

#include <stddef.h>
#include <stdint.h>

#define TP_CAP_LAST	40	/* CAP_CHECKPOINT_RESTORE */

/* Tetragon's name of capability cap, NULL past TP_CAP_LAST. */
const char *tp_cap_name(unsigned int cap);
/* The capability named s[0..len) (Tetragon's names, any case, spaces around ignored;
 * "CAP_DAC_OVERRIDE" is accepted too). 0, or -EINVAL.
 */
int tp_cap_parse(const char *s, size_t len, unsigned int *cap);
/* A set: "CAP_A,CAP_B" (Tetragon's capsStrToUint64 in pkg/selectors/kernel.go).
 * 0, or -EINVAL with *bad, *bad_len the name that is not a capability.
 */
int tp_caps_parse(const char *s, size_t len, uint64_t *mask, const char **bad, size_t *bad_len);

#endif
