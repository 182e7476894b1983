/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* process.docker: the container id Tetragon's agent derives from the name of
 * the cgroup its BPF side captured at exec (tp_proc.cgrp_name).
 */
#ifndef TP_EV_CONTAINER_H
#define TP_EV_CONTAINER_H

#include <stddef.h>

#define EV_CONTAINER_ID_MIN	64	/* Tetragon's ContainerIdLength */
#define EV_CONTAINER_ID_LEN	31	/* Tetragon's BpfContainerIdLength: what it prints */

/* The container id of cgroup name @name (at most @len bytes, NUL-terminated
 * or not; @cut: the name filled the capture buffer, so it may have been
 * cut) into @out (EV_CONTAINER_ID_LEN + 1 bytes at least), as Tetragon's
 * LookupContainerId(name, bpfSource=true, walkParent=false)
 * (pkg/sensors/exec/procevents/proc.go, called by msgToExecveKubeUnix()
 * in pkg/sensors/exec/exec_linux.go): the part after the last ':' and then
 * after the last '-' is an id when it is 64 bytes or longer and does not end
 * in "service" (or, when the name may have been cut, 31 or longer), or
 * starts with 64 hex digits; its first 31 bytes are printed. Returns the
 * length written: EV_CONTAINER_ID_LEN, or 0 (no container id; @out is "").
 */
size_t ev_container_id(const char *name, size_t len, int cut, char *out, size_t size);

#endif
