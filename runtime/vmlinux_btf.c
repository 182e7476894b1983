// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The kernel's BTF for libbpf, without stdio and without 1,350 read()s.
 *
 * libbpf 1.1 gets vmlinux BTF (CO-RE relocations, tp_btf/fentry/lsm attach
 * ids) by calling btf__load_vmlinux_btf(), which fopen()s
 * /sys/kernel/btf/vmlinux and fread()s its 5.5 MB into a fresh buffer:
 * kernfs serves at most 4 KiB per read(), so that is ~1,350 syscalls, plus a
 * second 5.5 MB copy made by btf__new(). It was most of `tpload load`'s time.
 *
 * tpload defines btf__load_vmlinux_btf() itself, with libbpf's contract (a
 * new struct btf of the running kernel that the caller frees; NULL + errno on
 * failure). libbpf calls it through its PLT, so the dynamic linker binds
 * libbpf's own calls to this definition (symbol interposition, as for
 * malloc). If a libbpf build bound the call internally, libbpf's version
 * would run: slower, same result.
 *
 * The raw BTF comes, in this order of preference, from
 *   1. mmap() of /sys/kernel/btf/vmlinux (kernels >= 6.16 map the kernel's
 *      own BTF pages read-only: no copy at all; libbpf >= 1.6 does the same);
 *   2. the vmlinux BTF object through BPF_OBJ_GET_INFO_BY_FD (one syscall,
 *      one copy; the kernel registers it at the first program it verifies,
 *      and libbpf loads a probe program before it asks for the BTF);
 * and is kept for the life of the process. libbpf's parse of it is kept too
 * (btf__free() below), so a run that loads the core and a policy parses it
 * once. Only when /sys/kernel/btf/vmlinux is absent, or both ways fail,
 * libbpf's own function runs (it also searches /boot for a vmlinux image).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "log.h"

#define SYSFS_VMLINUX	"/sys/kernel/btf/vmlinux"

static const void *raw_btf;	/* process lifetime: mapped or malloc'ed */
static size_t raw_size;

static int raw_from_mmap(void)
{
	struct stat st;
	void *p;
	int fd;

	fd = open(SYSFS_VMLINUX, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return -EINVAL;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	raw_btf = p;
	raw_size = (size_t)st.st_size;
	return 0;
}

/* The kernel BTF object named "vmlinux" (id 1 on every kernel seen so far,
 * but look it up rather than assume).
 */
static int raw_from_kernel(void)
{
	struct bpf_btf_info info;
	char name[16];
	__u32 id = 0, len;
	void *buf;
	int fd, err;

	while (!bpf_btf_get_next_id(id, &id)) {
		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		memset(name, 0, sizeof(name));
		info.name = (__u64)(unsigned long)name;
		info.name_len = sizeof(name);
		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.kernel_btf ||
		    strcmp(name, "vmlinux") || !info.btf_size) {
			close(fd);
			continue;
		}
		buf = malloc(info.btf_size);
		if (!buf) {
			close(fd);
			return -ENOMEM;
		}
		len = info.btf_size;
		memset(&info, 0, sizeof(info));
		info.btf = (__u64)(unsigned long)buf;
		info.btf_size = len;
		err = bpf_obj_get_info_by_fd(fd, &info, &(__u32){ sizeof(info) }) ? -errno : 0;
		close(fd);
		if (err || info.btf_size != len) {
			free(buf);
			return err ?: -EAGAIN;
		}
		raw_btf = buf;
		raw_size = len;
		return 0;
	}
	return -ENOENT;
}

/* btf__new() copies the raw BTF into a fresh malloc() block (5.5 MB) and
 * indexes it. Touched in 4 KiB pages, that is ~1,400 page faults, which on a
 * VM cost more than the copy itself (measured: btf__new 13-40 ms, ~5 ms on
 * memory already faulted in). So, once per process: malloc takes blocks up to
 * 32 MB from the heap instead of a mmap() each, the heap is grown by enough
 * for the copy and its index, and that range is advised MADV_HUGEPAGE (THP in
 * its default "madvise" mode): a handful of 2 MB faults instead. Freed blocks
 * stay in the heap and are reused (a run that loads the core and a policy
 * copies the BTF twice). Best effort: without THP this changes nothing but
 * where the blocks come from. tpload is short-lived; nothing is retained
 * beyond the process.
 */
static void heap_for_btf(size_t size)
{
	static bool done;
	const uintptr_t huge = 2u << 20;
	size_t len = size + size / 2 + 2 * huge;
	uintptr_t a, e;
	char *p;

	if (done)
		return;
	done = true;
	if (!mallopt(M_MMAP_THRESHOLD, 32 << 20) || !mallopt(M_TRIM_THRESHOLD, 256 << 20))
		return;
	p = malloc(len);	/* reserves address space; touches one page */
	if (!p)
		return;
	a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	e = ((uintptr_t)p + len) & ~(huge - 1);
	if (e > a && madvise((void *)a, e - a, MADV_HUGEPAGE))
		pr_debug("vmlinux BTF: no transparent huge pages: %s\n", strerror(errno));
	free(p);
}

static struct btf *libbpf_load_vmlinux_btf(void)
{
	struct btf *(*fn)(void) = (struct btf *(*)(void))dlsym(RTLD_NEXT, "btf__load_vmlinux_btf");

	if (!fn) {
		errno = ENOSYS;
		return NULL;
	}
	return fn();
}

/* The last vmlinux BTF handed to libbpf, and the same one once libbpf has
 * "freed" it through btf__free() below: libbpf only reads vmlinux BTF and
 * frees it at the end of each bpf_object__load(), so a run that loads the
 * core and then a policy parses it once. Kept only if libbpf's free went
 * through our btf__free(): if a libbpf build freed it internally, nothing is
 * kept and every load gets a new one.
 */
static struct btf *handed, *kept;

struct btf *btf__load_vmlinux_btf(void)
{
	struct btf *btf;

	if (kept) {
		handed = kept;
		kept = NULL;
		return handed;
	}
	if (!raw_btf && access(SYSFS_VMLINUX, R_OK) == 0 && raw_from_mmap() && raw_from_kernel())
		pr_debug("vmlinux BTF: neither mmap nor the kernel object worked, using libbpf's reader\n");
	if (raw_btf) {
		heap_for_btf(raw_size);
		btf = btf__new(raw_btf, raw_size);
		if (btf)
			return handed = btf;
		pr_debug("vmlinux BTF: cannot parse %zu bytes: %s\n", raw_size, strerror(errno));
	}
	return libbpf_load_vmlinux_btf();
}

void btf__free(struct btf *btf)
{
	static void (*libbpf_btf_free)(struct btf *);

	if (btf && btf == handed) {
		handed = NULL;
		kept = btf;	/* process lifetime */
		return;
	}
	if (!libbpf_btf_free)
		libbpf_btf_free = (void (*)(struct btf *))dlsym(RTLD_NEXT, "btf__free");
	if (libbpf_btf_free)
		libbpf_btf_free(btf);
}
