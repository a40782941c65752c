/* The dentry walk on a dump: layout from the type layer, reads through a
 * small page cache; the walking itself is dcache.c. */
#include <stdlib.h>
#include <string.h>

#include "dcache.h"
#include "../internal.h"

/*
 * Dentries, inodes and names sit in slab pages, many to a page, and
 * c2_read translates the address (and may decompress the page) on every
 * call: keep recent pages. Direct-mapped by virtual page number; a page
 * that does not read is not cached, so it reads (and fails) again.
 */
#define PAGE 4096u           /* the cache's granule: no architecture's pages are smaller */
#define CACHE_PAGES 1024u   /* 4 MB */

struct page_cache {
	struct c2 *c2;
	uint64_t dmap_start, dmap_end;   /* the direct map, when known */
	uint64_t tag[CACHE_PAGES];   /* page address + 1; 0: empty */
	uint8_t data[CACHE_PAGES][PAGE];
};

/*
 * Dentries and inodes live in the direct map, where a virtual address is
 * the map's start plus the physical one. Reading those physically skips
 * libkdumpfile's page-table walk (each level a lookup in its cache, which
 * searches linearly): the hash walk's reads got about four times faster.
 */
static int read_mem(struct page_cache *pc, uint64_t addr, void *buf, size_t len)
{
	if (addr >= pc->dmap_start && addr + len <= pc->dmap_end)
		return c2_read_phys(pc->c2, addr - pc->dmap_start, buf, len);
	return c2_read(pc->c2, addr, buf, len);
}

/*
 * Where the architecture keeps the direct map's bounds in variables (lib/
 * arch/: with a randomized layout, the map's start and the start of what
 * follows it), those give the map. Used only when both read and one probe
 * reads the same bytes both ways.
 */
static void find_direct_map(struct page_cache *pc, uint64_t probe)
{
	const struct arch *a = pc->c2->arch;
	struct c2_sym s;
	uint64_t pob, vmb;
	uint8_t x[64], y[64];

	pc->dmap_start = pc->dmap_end = 0;
	if (!a || !a->direct_map_start_var || c2_sym_lookup_core(pc->c2, a->direct_map_start_var, &s) < 0 ||
	    c2_read_u64(pc->c2, s.addr, &pob) < 0 || c2_sym_lookup_core(pc->c2, a->direct_map_end_var, &s) < 0 ||
	    c2_read_u64(pc->c2, s.addr, &vmb) < 0)
		return;
	if (pob & (pc->c2->page_size - 1) || vmb <= pob || probe < pob || probe + sizeof(x) > vmb ||
	    c2_read(pc->c2, probe, x, sizeof(x)) < 0 || c2_read_phys(pc->c2, probe - pob, y, sizeof(y)) < 0 ||
	    memcmp(x, y, sizeof(x)))
		return;
	pc->dmap_start = pob;
	pc->dmap_end = vmb;
}

static int cached_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	struct page_cache *pc = arg;
	uint8_t *out = buf;

	while (len) {
		uint64_t page = addr & ~(uint64_t)(PAGE - 1), off = addr - page;
		size_t n = len < PAGE - off ? len : PAGE - off;
		unsigned slot = (unsigned)((page / PAGE) % CACHE_PAGES);

		if (pc->tag[slot] != page + 1) {
			if (read_mem(pc, page, pc->data[slot], PAGE) < 0) {
				/* The whole page is not there; the bytes asked for
				 * might still be (a page split in the dump): try them. */
				pc->tag[slot] = 0;
				if (read_mem(pc, addr, out, n) < 0)
					return -1;
				goto next;
			}
			pc->tag[slot] = page + 1;
		}
		memcpy(out, pc->data[slot] + off, n);
next:
		out += n;
		addr += n;
		len -= n;
	}
	return 0;
}

struct member {
	const char *type, *member;
	int kind;
	int64_t size;
	uint32_t *dst;
};

static int members(struct c2 *c2, const struct member *m, size_t n)
{
	uint64_t off;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = c2_assert_member(c2, m[i].type, m[i].member, m[i].kind, m[i].size, &off)) < 0)
			return rc;
		*m[i].dst = (uint32_t)off;
	}
	return 0;
}

static int has_member(struct c2 *c2, const char *type, const char *member)
{
	struct c2_member m;
	uint32_t id;

	return c2_type_find(c2, type, &id) == 0 && c2_type_member_path(c2, id, member, &m) == 0;
}

static int layout(struct c2 *c2, struct dcache_layout *l, int walk)
{
	uint32_t nsproxy, mnt_ns, ns_root, zero[5];
	uint64_t init_task, sym, v, off;
	const char *iname;
	struct c2_member m;
	struct c2_type t;
	uint32_t id;
	int rc;
	const struct member common[] = {
		{ "dentry", "d_hash", C2_KIND_STRUCT, 16, &l->d_hash },
		{ "dentry", "d_parent", C2_KIND_PTR, 8, &l->d_parent },
		{ "dentry", "d_name.len", C2_KIND_INT, 4, &l->d_name_len },
		{ "dentry", "d_name.name", C2_KIND_PTR, 8, &l->d_name_name },
		{ "dentry", "d_inode", C2_KIND_PTR, 8, &l->d_inode },
		{ "dentry", "d_sb", C2_KIND_PTR, 8, &l->d_sb },
		{ "inode", "i_mode", C2_KIND_INT, 2, &l->i_mode },
		{ "inode", "i_ino", C2_KIND_INT, 8, &l->i_ino },
		{ "super_block", "s_type", C2_KIND_PTR, 8, &l->s_type },
		{ "file_system_type", "name", C2_KIND_PTR, 8, &l->fst_name },
		{ "mount", "mnt_parent", C2_KIND_PTR, 8, &l->mnt_parent },
		{ "mount", "mnt_mountpoint", C2_KIND_PTR, 8, &l->mnt_mountpoint },
		{ "mount", "mnt", C2_KIND_STRUCT, C2_ANY, &l->mnt_mnt },
		{ "mount", "mnt_mounts", C2_KIND_STRUCT, 16, &l->mnt_mounts },
		{ "mount", "mnt_child", C2_KIND_STRUCT, 16, &l->mnt_child },
		{ "vfsmount", "mnt_root", C2_KIND_PTR, 8, &l->vfs_root },
		{ "vfsmount", "mnt_sb", C2_KIND_PTR, 8, &l->vfs_sb },
		{ "task_struct", "nsproxy", C2_KIND_PTR, 8, &nsproxy },
		{ "nsproxy", "mnt_ns", C2_KIND_PTR, 8, &mnt_ns },
		{ "mnt_namespace", "root", C2_KIND_PTR, 8, &ns_root },
	};
	/* The child lists changed in 6.8: hlists d_children/d_sib replaced
	 * the list_heads d_subdirs/d_child. The type says which. */
	const struct member hlists[] = {
		{ "dentry", "d_children", C2_KIND_STRUCT, 8, &l->d_children },
		{ "dentry", "d_sib", C2_KIND_STRUCT, 16, &l->d_child },
	};
	const struct member lists[] = {
		{ "dentry", "d_subdirs", C2_KIND_STRUCT, 16, &l->d_children },
		{ "dentry", "d_child", C2_KIND_STRUCT, 16, &l->d_child },
	};

	/* The walk follows each list through its first pointer. */
	const struct member links[] = {
		{ "hlist_bl_head", "first", C2_KIND_PTR, 8, &zero[0] },
		{ "hlist_bl_node", "next", C2_KIND_PTR, 8, &zero[1] },
		{ "list_head", "next", C2_KIND_PTR, 8, &zero[2] },
		{ "hlist_head", "first", C2_KIND_PTR, 8, &zero[3] },
		{ "hlist_node", "next", C2_KIND_PTR, 8, &zero[4] },
	};
	size_t i;

	if ((rc = members(c2, common, sizeof(common) / sizeof(common[0]))) < 0 ||
	    (rc = members(c2, links, sizeof(links) / sizeof(links[0]))) < 0)
		return rc;
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (zero[i])
			return c2_fail(c2, C2_ETYPE, "%s.%s: assumed at offset 0, found at %u", links[i].type,
				       links[i].member, zero[i]);
	l->children_hlist = has_member(c2, "dentry", "d_children");
	if ((rc = l->children_hlist ? members(c2, hlists, 2) : members(c2, lists, 2)) < 0)
		return rc;
	/* Short names live in the dentry: the array d_iname until 6.14, then
	 * the array string of union shortname_store d_shortname. The type
	 * says which. */
	iname = has_member(c2, "dentry", "d_iname") ? "d_iname" : "d_shortname.string";
	if ((rc = c2_assert_member(c2, "dentry", iname, C2_KIND_ARRAY, C2_ANY, &off)) < 0)
		return rc;
	l->d_iname = (uint32_t)off;
	if ((rc = c2_type_find(c2, "dentry", &id)) < 0 || (rc = c2_type_get(c2, id, &t)) < 0 ||
	    (rc = c2_type_member_path(c2, id, iname, &m)) < 0)
		return rc;
	l->dentry_size = (uint32_t)t.size;
	l->d_iname_len = (uint32_t)m.size;

	/* static struct hlist_bl_head *dentry_hashtable; static unsigned int
	 * d_hash_shift (fs/dcache.c): the hash walk's; the tree walk starts
	 * at the mounts (a kernel whose symbols list no variables has the
	 * tree walk only). */
	if (((rc = c2_assert_global(c2, "dentry_hashtable", C2_KIND_PTR, 8, C2_ANY, NULL, &sym)) < 0 ||
	     (rc = c2_read_u64(c2, sym, &l->hashtable)) < 0 ||
	     (rc = c2_assert_global(c2, "d_hash_shift", C2_KIND_INT, 4, 0, NULL, &sym)) < 0 ||
	     (rc = c2_read_u32(c2, sym, &l->hash_shift)) < 0)) {
		if (walk == C2_DCACHE_HASH || (walk == C2_DCACHE_AUTO && !*sym_missing_note(c2)))
			return *sym_missing_note(c2) ? c2_fail(c2, rc, "%s; the tree walk (--tree) needs no hash table",
							       c2_error(c2))
						     : rc;
		c2_diagf(c2, "dentries: no hash table (%s): the tree walk needs none", c2_error(c2));
		l->hashtable = 0;
		l->hash_shift = 0;
	}
	/* init's mount namespace: init_task.nsproxy->mnt_ns->root. */
	if ((rc = c2_assert_global(c2, "init_task", C2_KIND_STRUCT, C2_ANY, C2_ANY, NULL, &init_task)) < 0)
		return rc;
	if (c2_read_u64(c2, init_task + nsproxy, &v) < 0 || c2_read_u64(c2, v + mnt_ns, &v) < 0 ||
	    c2_read_u64(c2, v + ns_root, &l->ns_root) < 0) {
		c2_diagf(c2, "dentries: init's mount namespace does not read (%s): paths start at their filesystem",
			 c2_error(c2));
		l->ns_root = 0;
	}
	return 0;
}

const char *c2_dcache_skip_name(int reason)
{
	static const char *const names[C2_DSKIP_COUNT] = {
		"unreadable", "list cycle", "parent loop", "name too long", "path too long", "damaged", "step limit",
	};

	return reason >= 0 && reason < C2_DSKIP_COUNT ? names[reason] : "?";
}

int c2_dentry_foreach(struct c2 *c2, const struct c2_dcache_opts *o, int (*cb)(void *arg, const struct c2_dentry *d),
		      void *arg, struct c2_dcache_summary *sum)
{
	struct dcache_layout l;
	struct c2_dcache_opts o2;
	struct page_cache *pc;
	char err[256];
	int rc;

	if (sum)
		memset(sum, 0, sizeof(*sum));
	memset(&l, 0, sizeof(l));
	if ((rc = layout(c2, &l, o->walk)) < 0)
		return rc;
	if (o->walk == C2_DCACHE_AUTO) {
		o2 = *o;
		o2.walk = l.hashtable ? C2_DCACHE_HASH : C2_DCACHE_TREE;
		o = &o2;
		c2_diagf(c2, "dentries: the %s walk", l.hashtable ? "hash" : "tree");
	}
	if (l.hashtable)
		c2_diagf(c2, "dentries: %u hash buckets at 0x%llx", 1u << (32 - (l.hash_shift & 31)),
			 (unsigned long long)l.hashtable);
	c2_diagf(c2, "dentries: %s child lists", l.children_hlist ? "d_children/d_sib" : "d_subdirs/d_child");
	if (!(pc = malloc(sizeof(*pc))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	memset(pc->tag, 0, sizeof(pc->tag));
	pc->c2 = c2;
	/* The namespace's root mount is a slab object: in the direct map. */
	find_direct_map(pc, l.ns_root);
	c2_diagf(c2, "dentries: %s", pc->dmap_end ? "direct map read by physical address" : "direct map not known");
	rc = dcache_walk(&l, o, cached_read, pc, cb, arg, sum, err, sizeof(err));
	free(pc);
	return rc < 0 ? c2_fail(c2, rc, "dentries: %s", err) : rc;
}
