// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* process.docker from the cgroup name the core captured (runtime/ev_container.c):
 * the cases of Tetragon's LookupContainerId() with bpfSource set and no parent walk
 * (pkg/sensors/exec/procevents/proc.go; its tests in proc_test.go list the names
 * runtimes use).
 */
#include <string.h>

#include "../../runtime/ev_container.h"
#include "test.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define HEX31 "0123456789abcdef0123456789abcde"

static void check(const char *name, int cut, const char *want)
{
	char out[64];
	size_t n = ev_container_id(name, 128, cut, out, sizeof(out));

	ASSERT_STREQ(out, want, name);
	ASSERT_EQ(n, strlen(want), name);
}

void test_container_id(void)
{
	/* systemd driver: docker, containerd (cri), crio, podman scopes */
	check("docker-" HEX64 ".scope", 0, HEX31);
	check("cri-containerd-" HEX64 ".scope", 0, HEX31);
	check("crio-" HEX64 ".scope", 0, HEX31);
	check("libpod-" HEX64 ".scope", 0, HEX31);
	/* cgroupfs driver: the id alone, or "slice:prefix:id" */
	check(HEX64, 0, HEX31);
	check("kubepods-besteffort.slice:cri-containerd:" HEX64, 0, HEX31);
	/* no id: short names, the root cgroup, services, podman's "container" */
	check("", 0, "");
	check("init.scope", 0, "");
	check("user-1000.slice", 0, "");
	check("docker-0123456789ab.scope", 0, "");
	check("container", 0, "");
	check("tpc-test-" HEX31, 0, "");
	/* ends in "service": not an id, unless it starts with 64 hex digits */
	check("foo-" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abservice", 0, "");
	check(HEX64 ".service", 0, HEX31);
	/* 64 bytes or more after the last '-' is an id, hex or not (Tetragon's rule) */
	check("x-" "ghijklmnopqrstuvghijklmnopqrstuvghijklmnopqrstuvghijklmnopqrstuv", 0,
	      "ghijklmnopqrstuvghijklmnopqrstu");
	/* a name that filled the capture buffer may be cut: 31 bytes suffice */
	check("abc-" HEX31 "0", 1, HEX31);
	check("abc-" HEX31 "0", 0, "");
	/* an unterminated name is read up to its length */
	{
		char buf[70], out[40];

		memcpy(buf, HEX64 "zzzzzz", 70);
		ASSERT_EQ(ev_container_id(buf, 64, 0, out, sizeof(out)), 31, "bounded");
		ASSERT_STREQ(out, HEX31, "bounded");
		ASSERT_EQ(ev_container_id(buf, 64, 0, out, 31), 0, "small out");
	}
}
