// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* process.docker from a cgroup name (ev_container.h). */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "ev_container.h"

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The part of [s, end) after the last @ch (all of it without one). */
static const char *after_last(const char *s, const char *end, char ch)
{
	const char *c = end;

	while (c > s && c[-1] != ch)
		c--;
	return c;
}

size_t ev_container_id(const char *name, size_t len, int cut, char *out, size_t size)
{
	const char *c, *end;
	size_t n;

	if (size)
		out[0] = '\0';
	if (size <= EV_CONTAINER_ID_LEN)
		return 0;
	end = name + strnlen(name, len);
	/* ProcsContainerIdOffset(): after the last ':' (the cgroupfs driver's
	 * "slice:prefix:id"), then after the last '-' ("docker-ID.scope")
	 */
	c = after_last(name, end, ':');
	c = after_last(c, end, '-');
	n = (size_t)(end - c);
	if (!(n >= 7 && !memcmp(end - 7, "service", 7)) &&
	    (n >= EV_CONTAINER_ID_MIN || (cut && n >= EV_CONTAINER_ID_LEN)))
		goto found;
	/* plain Docker: the name starts with a 64-hex-digit id */
	if (n >= EV_CONTAINER_ID_MIN && all_hex(c, EV_CONTAINER_ID_MIN))
		goto found;
	return 0;
found:
	memcpy(out, c, EV_CONTAINER_ID_LEN);
	out[EV_CONTAINER_ID_LEN] = '\0';
	return EV_CONTAINER_ID_LEN;
}
