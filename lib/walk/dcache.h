/*
 * The dentry cache, walked through a read callback so that it can be tested
 * on synthetic memory. Layout facts (include/linux/dcache.h, fs/dcache.c,
 * fs/mount.h, include/linux/list_bl.h):
 *
 *  - dentry_hashtable points to 1 << (32 - d_hash_shift) struct
 *    hlist_bl_head; bit 0 of each head is its lock. A chain links the
 *    dentries' d_hash nodes and ends with NULL.
 *  - A directory's children: before 6.8 a list_head d_subdirs whose entries
 *    are the children's d_child (circular, back to the head); since 6.8 an
 *    hlist_head d_children of the children's d_sib (NULL-terminated). Which
 *    one a kernel has is told by the caller (the type information).
 *  - A root dentry is its own d_parent. Mounts: struct mount holds
 *    mnt_parent, mnt_mountpoint (a dentry in the parent mount), the
 *    struct vfsmount mnt (whose mnt_root is this mount's root dentry) and
 *    the list mnt_mounts of its children, linked through their mnt_child.
 *    The namespace's root mount is the global root.
 *
 * Paths of directories are memoized in a bounded cache, so memory does not
 * grow with the number of dentries. Everything read is bounded: a pointer
 * that does not read, a list that loops, a d_parent chain that never reaches
 * a root, a name over 255 bytes or a path over 4095 ends that branch and is
 * counted in the summary.
 */
#ifndef CORE2_DCACHE_H
#define CORE2_DCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "../core2.h"

typedef int dcache_read_fn(void *arg, uint64_t addr, void *buf, size_t len);

/* Offsets (bytes) and sizes the caller takes from the type information. */
struct dcache_layout {
	uint32_t dentry_size;
	uint32_t d_hash;            /* struct hlist_bl_node: next, pprev */
	uint32_t d_parent, d_name_len, d_name_name, d_inode, d_sb;
	uint32_t d_iname, d_iname_len;
	uint32_t d_child;           /* d_child (list_head) or d_sib (hlist_node) */
	uint32_t d_children;        /* d_subdirs (list_head) or d_children (hlist_head) */
	int children_hlist;         /* 1: d_children/d_sib (6.8+); 0: d_subdirs/d_child */
	uint32_t i_mode, i_ino;     /* struct inode: u16 and unsigned long */
	uint32_t s_type;            /* struct super_block */
	uint32_t fst_name;          /* struct file_system_type */
	uint32_t mnt_parent, mnt_mountpoint, mnt_mnt, mnt_mounts, mnt_child;   /* struct mount */
	uint32_t vfs_root, vfs_sb;  /* struct vfsmount */

	uint64_t hashtable;         /* the value of dentry_hashtable */
	uint32_t hash_shift;        /* d_hash_shift */
	uint64_t ns_root;           /* struct mount * of the mount namespace's root; 0 if none */
};

/* Walk and call cb for every dentry (struct c2_dentry, core2.h). Returns 0,
 * cb's nonzero value, or a negative C2_E* code with a message in err (only
 * for a layout or table that cannot be used at all). sum gets the counts. */
int dcache_walk(const struct dcache_layout *l, const struct c2_dcache_opts *o, dcache_read_fn *rd, void *rdarg,
		int (*cb)(void *arg, const struct c2_dentry *d), void *cbarg, struct c2_dcache_summary *sum,
		char *err, size_t errlen);

#endif
