// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Capability names (tp_caps.h), from uapi/linux/capability.h in Tetragon's spelling. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "tp_caps.h"

static const char *const names[TP_CAP_LAST + 1] = {
	"CAP_CHOWN", "DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

const char *tp_cap_name(unsigned int cap)
{
	return cap <= TP_CAP_LAST ? names[cap] : NULL;
}

int tp_cap_parse(const char *s, size_t len, unsigned int *cap)
{
	unsigned int i;

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (i = 0; i <= TP_CAP_LAST; i++) {
		const char *n = names[i];

		if ((strlen(n) == len && strncasecmp(n, s, len) == 0) ||
		    (i == 1 && len == 16 && strncasecmp(s, "CAP_DAC_OVERRIDE", 16) == 0)) {
			*cap = i;
			return 0;
		}
	}
	return -EINVAL;
}

int tp_caps_parse(const char *s, size_t len, uint64_t *mask, const char **bad, size_t *bad_len)
{
	size_t i = 0;

	*mask = 0;
	while (i <= len) {
		size_t j = i;
		unsigned int cap;

		while (j < len && s[j] != ',')
			j++;
		if (tp_cap_parse(s + i, j - i, &cap)) {
			*bad = s + i;
			*bad_len = j - i;
			return -EINVAL;
		}
		*mask |= 1ULL << cap;
		i = j + 1;
	}
	return 0;
}
