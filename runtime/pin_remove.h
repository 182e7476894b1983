/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Removing pins so that their links are detached when the call returns.
 *
 * Unlinking the last pin of a BPF link does not detach it: bpffs drops the
 * inode's reference when it frees the inode, and that bpf_link_put() only
 * queues the link's release on a workqueue (always since Linux 6.5; on
 * earlier kernels when called from the RCU callback, bpf_free_inode(), that
 * freed bpffs inodes until late 2025). A policy would go on enforcing after `unload`
 * returned, for as long as the grace period and the workqueue take (tens of
 * milliseconds on a loaded machine). So pins_remove() notes the id of every
 * link it unpins and waits until the kernel has freed it: a link's id is
 * released first thing in bpf_link_free(), which detaches it right after.
 */
#ifndef TP_PIN_REMOVE_H
#define TP_PIN_REMOVE_H

/* rm -r of a tree in bpffs (no symlink following), then waits for the links
 * it held to be freed (a link still there after 30 s without progress is
 * reported: something else holds it). Absent path: 0. 0 or -errno (not
 * reported).
 */
int pins_remove(const char *path);

#endif
