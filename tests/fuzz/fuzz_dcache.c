/*
 * libFuzzer target: the dentry walker (lib/walk/dcache.c) over a synthetic
 * memory image, with both child-list layouts and both walks (hash table,
 * tree from the mounts). Input: a 32-byte header (u32 flags: bit 0 the 6.8+
 * hlist children, bit 1 the tree walk, bit 2 only what lies under
 * "/etc"; u32 offsets of the hash table and of the root mount (0xffffffff:
 * none) in the image; u32 d_hash_shift), then the image, readable at BASE
 * only. The layout is tests/unit/walk/test_dcache.c's. Seeds: seeds.py.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/walk/dcache.h"

#define BASE 0xffff888000000000ull
#define HDR 32
#define NONE 0xffffffffu

#include "image.h"

static int check_cb(void *arg, const struct c2_dentry *d)
{
	static char sink[8192];

	/* What the walk hands out must be what it says. */
	if (d->path_len >= sizeof(sink) || d->name_off > d->path_len || d->path[d->path_len] != '\0' ||
	    strlen(d->path) != d->path_len || !d->fstype)
		__builtin_trap();
	memcpy(sink, d->path, d->path_len);
	return 0;
}

static void set_layout(struct dcache_layout *L, int hlist)
{
	memset(L, 0, sizeof(*L));
	L->dentry_size = 192;
	L->d_hash = 8;
	L->d_parent = 24;
	L->d_name_len = 36;
	L->d_name_name = 40;
	L->d_inode = 48;
	L->d_iname = 56;
	L->d_iname_len = hlist ? 40 : 32;
	L->d_sb = 104;
	L->children_hlist = hlist;
	L->d_child = hlist ? 152 : 144;
	L->d_children = hlist ? 168 : 160;
	L->i_mode = 0;
	L->i_ino = 64;
	L->s_type = 40;
	L->fst_name = 0;
	L->mnt_parent = 16;
	L->mnt_mountpoint = 24;
	L->mnt_mnt = 32;
	L->vfs_root = 0;
	L->vfs_sb = 8;
	L->mnt_mounts = 96;
	L->mnt_child = 112;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dcache_layout L;
	struct c2_dcache_opts o;
	struct c2_dcache_summary sum;
	struct image im;
	uint32_t h[HDR / 4];
	char err[256];
	uint8_t *copy;
	int rc;

	if (size < HDR)
		return 0;
	memcpy(h, data, HDR);
	im.len = size - HDR;
	if (!(copy = malloc(im.len ? im.len : 1)))
		return 0;
	memcpy(copy, data + HDR, im.len);
	im.p = copy;
	set_layout(&L, h[0] & 1);
	L.hashtable = h[1] == NONE ? 0 : BASE + h[1];
	L.ns_root = h[2] == NONE ? 0 : BASE + h[2];
	L.hash_shift = h[3];
	memset(&o, 0, sizeof(o));
	o.walk = h[0] & 2 ? C2_DCACHE_TREE : C2_DCACHE_HASH;
	o.under = h[0] & 4 ? "/etc" : NULL;
	o.max_steps = 200000;
	memset(&sum, 0, sizeof(sum));
	err[0] = '\0';
	rc = dcache_walk(&L, &o, rd_img, &im, check_cb, NULL, &sum, err, sizeof(err));
	if (rc < 0 && !err[0])
		__builtin_trap();   /* a failure says why */
	if (sum.steps > o.max_steps + 1000)
		__builtin_trap();   /* the step limit holds */
	free(copy);
	return 0;
}
