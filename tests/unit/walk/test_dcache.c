/*
 * The dentry walker on synthetic memory: mounts, an unmounted filesystem,
 * both child-list layouts (before and since 6.8), and the damage a dump can
 * hold: hash chains and child lists that loop, parent loops and
 * self-parents, dangling pointers, over-long names and paths, a step limit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/walk/dcache.h"
#include "../unit.h"

#define BASE 0xffff888000000000ull
#define MEM (4u << 20)
#define NBUCKETS 16
static uint8_t mem[MEM];
static uint64_t brk_ptr;
static uint64_t dir_ino;   /* directories get 1001, 1002, ... */

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	if (addr < BASE || addr - BASE > MEM || len > MEM - (addr - BASE))
		return -1;
	memcpy(buf, mem + (addr - BASE), len);
	return 0;
}

static void put64(uint64_t addr, uint64_t v) { memcpy(mem + (addr - BASE), &v, 8); }
static void put32(uint64_t addr, uint32_t v) { memcpy(mem + (addr - BASE), &v, 4); }
static void put16(uint64_t addr, uint16_t v) { memcpy(mem + (addr - BASE), &v, 2); }
static uint64_t get64(uint64_t addr) { uint64_t v; memcpy(&v, mem + (addr - BASE), 8); return v; }

static uint64_t alloc(size_t n)
{
	uint64_t a = brk_ptr;

	brk_ptr += (n + 63) & ~63ull;
	if (brk_ptr - BASE > MEM) {
		fprintf(stderr, "synthetic memory full\n");
		exit(2);
	}
	return a;
}

/* 6.1's struct dentry (d_subdirs/d_child) or 6.12's (d_children/d_sib). */
static struct dcache_layout L;

static void set_layout(int hlist)
{
	memset(&L, 0, sizeof(L));
	L.dentry_size = 192;
	L.d_hash = 8;
	L.d_parent = 24;
	L.d_name_len = 36;
	L.d_name_name = 40;
	L.d_inode = 48;
	L.d_iname = 56;
	L.d_iname_len = hlist ? 40 : 32;
	L.d_sb = 104;
	L.children_hlist = hlist;
	L.d_child = hlist ? 152 : 144;
	L.d_children = hlist ? 168 : 160;
	L.i_mode = 0;
	L.i_ino = 64;
	L.s_type = 40;
	L.fst_name = 0;
	L.mnt_parent = 16;
	L.mnt_mountpoint = 24;
	L.mnt_mnt = 32;
	L.vfs_root = 0;
	L.vfs_sb = 8;
	L.mnt_mounts = 96;
	L.mnt_child = 112;
	L.hash_shift = 32 - 4;   /* 16 buckets */
}

static void reset(int hlist)
{
	memset(mem, 0, sizeof(mem));
	brk_ptr = BASE + 4096;
	dir_ino = 1000;
	set_layout(hlist);
	L.hashtable = alloc(NBUCKETS * 8);
}

static uint64_t superblock(const char *type)
{
	uint64_t sb = alloc(256), fst = alloc(64), name = alloc(64);

	memcpy(mem + (name - BASE), type, strlen(type) + 1);
	put64(fst + L.fst_name, name);
	put64(sb + L.s_type, fst);
	return sb;
}

static uint64_t inode(uint16_t mode, uint64_t ino)
{
	uint64_t i = alloc(128);

	put16(i + L.i_mode, mode);
	put64(i + L.i_ino, ino);
	return i;
}

/* Link node into a list (list_head, circular) or hlist at head. */
static void link_child(uint64_t dir, uint64_t d)
{
	uint64_t head = dir + L.d_children, node = d + L.d_child;

	if (L.children_hlist) {
		put64(node, get64(head));   /* push front */
		put64(head, node);
	} else {
		uint64_t last = get64(head + 8);   /* append: head.prev */

		if (!last)
			last = head;
		put64(node, head);
		put64(node + 8, last);
		put64(last, node);
		put64(head + 8, node);
		if (get64(head) == 0)
			put64(head, node);
	}
}

static void init_children(uint64_t d)
{
	if (!L.children_hlist) {
		put64(d + L.d_children, d + L.d_children);
		put64(d + L.d_children + 8, d + L.d_children);
	}
}

/* Put d at the front of a hash bucket. */
static void hash_in(uint64_t d, unsigned bucket)
{
	uint64_t head = L.hashtable + bucket * 8;

	put64(d + L.d_hash, get64(head) & ~1ull);
	put64(d + L.d_hash + 8, head);
	put64(head, d + L.d_hash);
}

/* A dentry: name (external when it does not fit d_iname), parent (0: itself),
 * inode (0: negative); listed in its parent's children and hashed into
 * bucket (-1: not hashed). */
static uint64_t dentry(uint64_t parent, const char *name, size_t len, uint64_t ino, uint64_t sb, int bucket)
{
	uint64_t d = alloc(L.dentry_size), np;

	init_children(d);
	put64(d + L.d_parent, parent ? parent : d);
	put32(d + L.d_name_len, (uint32_t)len);
	if (len < L.d_iname_len) {
		np = d + L.d_iname;
	} else {
		np = alloc(len + 1);
	}
	memcpy(mem + (np - BASE), name, len);
	put64(d + L.d_name_name, np);
	put64(d + L.d_inode, ino);
	put64(d + L.d_sb, sb);
	if (parent)
		link_child(parent, d);
	if (bucket >= 0)
		hash_in(d, (unsigned)bucket);
	return d;
}

static uint64_t dir(uint64_t parent, const char *name, uint64_t sb, int bucket)
{
	return dentry(parent, name, strlen(name), inode(040755, ++dir_ino), sb, bucket);
}

static uint64_t file(uint64_t parent, const char *name, uint64_t ino, uint64_t sb, int bucket)
{
	return dentry(parent, name, strlen(name), ino ? inode(0100644, ino) : 0, sb, bucket);
}

static void init_mount_children(uint64_t m)
{
	put64(m + L.mnt_mounts, m + L.mnt_mounts);
	put64(m + L.mnt_mounts + 8, m + L.mnt_mounts);
}

static uint64_t mount(uint64_t parent, uint64_t mountpoint, uint64_t root, uint64_t sb)
{
	uint64_t m = alloc(256);

	init_mount_children(m);
	put64(m + L.mnt_parent, parent ? parent : m);
	put64(m + L.mnt_mountpoint, mountpoint);
	put64(m + L.mnt_mnt + L.vfs_root, root);
	put64(m + L.mnt_mnt + L.vfs_sb, sb);
	if (parent) {
		uint64_t head = parent + L.mnt_mounts, node = m + L.mnt_child, last = get64(head + 8);

		put64(node, head);
		put64(node + 8, last);
		put64(last, node);
		put64(head + 8, node);
	}
	return m;
}

/* --- What the walk gives ------------------------------------------------------------ */

#define MAXSEEN 4096
struct seen {
	int n;
	char *line[MAXSEEN];
	int skips[C2_DSKIP_COUNT];
	int stop_after;
};

static int collect(void *arg, const struct c2_dentry *d)
{
	struct seen *s = arg;
	char buf[8192];

	if (d->path[d->path_len] != '\0' || d->name_off > d->path_len)
		snprintf(buf, sizeof(buf), "BAD ENTRY");
	else if (d->negative)
		snprintf(buf, sizeof(buf), "neg %s %s|%s", d->fstype, d->path, d->path + d->name_off);
	else
		snprintf(buf, sizeof(buf), "pos %llu %o %s %s|%s", (unsigned long long)d->ino, d->mode, d->fstype,
			 d->path, d->path + d->name_off);
	if (s->n < MAXSEEN)
		s->line[s->n] = strdup(buf);
	s->n++;
	return s->stop_after && s->n >= s->stop_after ? 7 : 0;
}

static void on_skip(void *arg, int reason, uint64_t addr)
{
	struct seen *s = arg;

	s->skips[reason]++;
}

static int has(const struct seen *s, const char *line)
{
	int i;

	for (i = 0; i < s->n && i < MAXSEEN; i++)
		if (!strcmp(s->line[i], line))
			return 1;
	return 0;
}

static int count_prefix(const struct seen *s, const char *prefix)
{
	int i, n = 0;

	for (i = 0; i < s->n && i < MAXSEEN; i++)
		n += !strncmp(s->line[i], prefix, strlen(prefix));
	return n;
}

static void clear(struct seen *s)
{
	int i;

	for (i = 0; i < s->n && i < MAXSEEN; i++)
		free(s->line[i]);
	memset(s, 0, sizeof(*s));
}

static int walk(int mode, const char *under, uint64_t max_steps, struct seen *s, struct c2_dcache_summary *sum)
{
	struct c2_dcache_opts o = { mode, under, max_steps, on_skip };
	char err[256] = "";
	int rc;

	rc = dcache_walk(&L, &o, rd, NULL, collect, s, sum, err, sizeof(err));
	if (rc < 0)
		printf("# walk error: %s\n", err);
	return rc;
}

/* --- A small system: / (rootfs) with /a/b, /neg, /mnt; ext4 on /mnt; an
 * unmounted tracefs ------------------------------------------------------------------ */

struct sys {
	uint64_t rootfs, ext4, tracefs;
	uint64_t root, a, b, neg, mnt, eroot, x, missing, troot, events, odd;
	uint64_t m_root, m_ext4;
};

static void make_system(struct sys *y, int hlist)
{
	reset(hlist);
	y->rootfs = superblock("rootfs");
	y->ext4 = superblock("ext4");
	y->tracefs = superblock("tracefs");
	y->root = dir(0, "/", y->rootfs, -1);
	y->a = dir(y->root, "a", y->rootfs, 1);
	y->b = file(y->a, "b", 42, y->rootfs, 1);   /* same bucket: a chain of two */
	y->neg = file(y->root, "neg", 0, y->rootfs, 2);
	y->mnt = dir(y->root, "mnt", y->rootfs, 3);
	y->eroot = dir(0, "/", y->ext4, -1);
	y->x = file(y->eroot, "x", 77, y->ext4, 4);
	y->missing = file(y->eroot, "missing", 0, y->ext4, 4);
	y->odd = dentry(y->eroot, "new\nline \xff", 10, inode(0100600, 78), y->ext4, 5);
	y->troot = dir(0, "/", y->tracefs, -1);
	y->events = dir(y->troot, "events", y->tracefs, 6);
	y->m_root = mount(0, y->root, y->root, y->rootfs);
	y->m_ext4 = mount(y->m_root, y->mnt, y->eroot, y->ext4);
	L.ns_root = y->m_root;
	/* The lock bit of a bucket in use. */
	put64(L.hashtable + 4 * 8, get64(L.hashtable + 4 * 8) | 1);
}

static void test_basic(int hlist)
{
	const char *lay = hlist ? "d_children/d_sib" : "d_subdirs/d_child";
	struct c2_dcache_summary sum;
	struct seen s = { 0 };
	struct sys y;
	int rc, k, total = 0;

	make_system(&y, hlist);
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && s.n == 8, "%s hash walk: 8 hashed dentries (got %d, rc %d)", lay, s.n, rc);
	CHECK(has(&s, "pos 1002 40755 rootfs /a|a") && has(&s, "pos 42 100644 rootfs /a/b|b"),
	      "%s hash walk: a directory and a file under it, through a chain of two", lay);
	CHECK(has(&s, "neg rootfs /neg|neg") && has(&s, "neg ext4 /mnt/missing|missing"),
	      "%s hash walk: negative dentries on both filesystems", lay);
	CHECK(has(&s, "pos 77 100644 ext4 /mnt/x|x"), "%s hash walk: paths cross the mount at /mnt (lock bit masked)", lay);
	CHECK(has(&s, "pos 78 100600 ext4 /mnt/new\nline \xff|new\nline \xff"), "%s hash walk: names are raw bytes", lay);
	CHECK(has(&s, "pos 1003 40755 rootfs /mnt|mnt"), "%s hash walk: the mountpoint in the parent filesystem", lay);
	CHECK(has(&s, "pos 1006 40755 tracefs tracefs:/events|events"),
	      "%s hash walk: a filesystem mounted nowhere: FSTYPE:/path", lay);
	for (k = 0; k < C2_DSKIP_COUNT; k++)
		total += sum.skipped[k];
	CHECK(total == 0 && sum.listed == 8, "%s hash walk: nothing skipped, 8 listed", lay);
	clear(&s);

	rc = walk(C2_DCACHE_TREE, NULL, 0, &s, &sum);
	CHECK(rc == 0 && s.n == 9, "%s tree walk: 9 dentries from the two mounted roots (got %d)", lay, s.n);
	CHECK(has(&s, "pos 1001 40755 rootfs /|/") && has(&s, "pos 1004 40755 ext4 /mnt|mnt"),
	      "%s tree walk: the global root is /, ext4's root is /mnt", lay);
	CHECK(has(&s, "pos 42 100644 rootfs /a/b|b") && has(&s, "neg ext4 /mnt/missing|missing") &&
	      has(&s, "pos 77 100644 ext4 /mnt/x|x") && has(&s, "neg rootfs /neg|neg"),
	      "%s tree walk: children, negative ones included", lay);
	CHECK(count_prefix(&s, "pos 1006") == 0, "%s tree walk: an unmounted filesystem is not walked", lay);
	clear(&s);

	rc = walk(C2_DCACHE_HASH, "/mnt/", 0, &s, &sum);
	CHECK(rc == 0 && s.n == 4 && has(&s, "pos 77 100644 ext4 /mnt/x|x"), "%s --under /mnt/ (hash): 4 entries (%d)",
	      lay, s.n);
	clear(&s);
	rc = walk(C2_DCACHE_TREE, "/mnt", 0, &s, &sum);
	CHECK(rc == 0 && s.n == 5, "%s --under /mnt (tree): both /mnt dentries and the 3 below (%d)", lay, s.n);
	clear(&s);
	rc = walk(C2_DCACHE_TREE, "/m", 0, &s, &sum);
	CHECK(rc == 0 && s.n == 0, "%s --under /m matches whole components only (%d)", lay, s.n);
	clear(&s);

	s.stop_after = 2;
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 7 && s.n == 2, "%s a callback's nonzero return stops the walk and is returned", lay);
	clear(&s);
}

/* Cursors of open directories sit in child lists named "/": not entries. */
static void test_cursor(void)
{
	struct c2_dcache_summary sum;
	struct seen s = { 0 };
	struct sys y;

	make_system(&y, 0);
	dentry(y.a, "/", 1, 0, y.rootfs, -1);
	walk(C2_DCACHE_TREE, NULL, 0, &s, &sum);
	CHECK(s.n == 9 && sum.skipped[C2_DSKIP_DAMAGED] == 0, "tree walk: a cursor in a child list is passed over");
	clear(&s);
}

static void test_hash_damage(void)
{
	struct c2_dcache_summary sum;
	struct seen s = { 0 };
	struct sys y;
	uint64_t c1, c2, d;
	int rc;

	/* A chain that loops: c1 -> c2 -> c1. */
	make_system(&y, 0);
	c1 = file(y.a, "c1", 5, y.rootfs, 7);
	c2 = file(y.a, "c2", 6, y.rootfs, -1);
	put64(c1 + L.d_hash, c2 + L.d_hash);
	put64(c2 + L.d_hash, c1 + L.d_hash);
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_CYCLE] == 1 && s.skips[C2_DSKIP_CYCLE] == 1,
	      "a looping hash chain ends with one counted cycle");
	CHECK(has(&s, "pos 5 100644 rootfs /a/c1|c1") && has(&s, "pos 6 100644 rootfs /a/c2|c2") && s.n <= 8 + 4,
	      "the looping chain's dentries are listed, the rest of the table too (%d)", s.n);
	clear(&s);

	/* A chain into unmapped memory, after one good dentry. */
	make_system(&y, 0);
	c1 = file(y.a, "before-hole", 9, y.rootfs, 8);
	put64(c1 + L.d_hash, 0xffff999900000000ull);
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_UNREADABLE] == 1 && has(&s, "pos 9 100644 rootfs /a/before-hole|before-hole"),
	      "a chain pointing into unmapped memory ends there, counted");
	clear(&s);

	/* Dangling d_parent, d_inode and name pointers. */
	make_system(&y, 0);
	d = file(y.a, "orphan", 0, y.rootfs, 9);
	put64(d + L.d_parent, 0xffff999900000000ull);
	d = file(y.a, "noinode", 11, y.rootfs, 9);
	put64(d + L.d_inode, 0xffff999900001000ull);
	d = dentry(y.a, "a-name-too-long-for-d_iname-so-external", 39, 0, y.rootfs, 10);
	put64(d + L.d_name_name, 0xffff999900002000ull);
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_UNREADABLE] == 3 && s.n == 8,
	      "dangling parent, inode and name pointers: 3 unreadable, none listed (%d, %d)",
	      (int)sum.skipped[C2_DSKIP_UNREADABLE], s.n);
	clear(&s);

	/* A parent loop, a self-parent, a long name, a long path. */
	make_system(&y, 0);
	c1 = dir(y.a, "p1", y.rootfs, -1);
	c2 = dir(c1, "p2", y.rootfs, -1);
	put64(c1 + L.d_parent, c2);
	file(c2, "in-loop", 3, y.rootfs, 11);
	d = file(y.a, "selfie", 4, y.ext4, 11);
	put64(d + L.d_parent, d);
	d = file(y.a, "x", 0, y.rootfs, 12);
	put32(d + L.d_name_len, 300);
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_PARENT_LOOP] == 1, "a d_parent loop is found and counted");
	CHECK(has(&s, "pos 4 100644 ext4 ext4:/|/"), "a self-parent is a root of its filesystem: ext4:/");
	CHECK(sum.skipped[C2_DSKIP_LONG_NAME] == 1, "a name of 300 bytes is counted, not read");
	clear(&s);

	make_system(&y, 0);
	{
		char name[64];
		uint64_t p = y.a;
		int i;

		memset(name, 'n', 40);
		name[40] = '\0';
		for (i = 0; i < 120; i++)   /* 120 levels of 41 bytes: over 4096 */
			p = dir(p, name, y.rootfs, i == 50 ? 13 : -1);
		file(p, "deep-file", 5, y.rootfs, 14);
	}
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_LONG_PATH] == 1 && s.n == 9,
	      "a path over 4095 bytes is counted; a hashed directory halfway down is listed (%d)", s.n);
	clear(&s);
	rc = walk(C2_DCACHE_TREE, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_LONG_PATH] == 1, "tree walk: the too-deep branch ends, counted once");
	clear(&s);

	/* The step limit. */
	make_system(&y, 0);
	rc = walk(C2_DCACHE_HASH, NULL, 3, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_STEP_LIMIT] == 1 && s.n < 8,
	      "the step limit stops the walk, counted once (%d listed)", s.n);
	clear(&s);
}

static void test_tree_damage(int hlist)
{
	const char *lay = hlist ? "hlist" : "list_head";
	struct c2_dcache_summary sum;
	struct seen s = { 0 };
	struct sys y;
	uint64_t c1, c2, c3, stray;
	int rc;

	/* A child list that loops without coming back to its head. */
	make_system(&y, hlist);
	c1 = file(y.a, "l1", 1, y.rootfs, -1);
	c2 = file(y.a, "l2", 2, y.rootfs, -1);
	c3 = file(y.a, "l3", 3, y.rootfs, -1);
	/* list_head appends (l1 l2 l3), hlist pushes in front (l3 l2 l1):
	 * the last one links back to the middle one. */
	put64((hlist ? c1 : c3) + L.d_child, c2 + L.d_child);
	rc = walk(C2_DCACHE_TREE, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_CYCLE] == 1, "%s child list loop: counted once", lay);
	CHECK(has(&s, "pos 3 100644 rootfs /a/l3|l3") && has(&s, "neg ext4 /mnt/missing|missing"),
	      "%s child list loop: its entries and the other trees still listed", lay);
	clear(&s);

	/* A child whose d_parent is another directory (a live rename). */
	make_system(&y, hlist);
	stray = file(y.a, "moved", 1, y.rootfs, -1);
	put64(stray + L.d_parent, y.mnt);
	rc = walk(C2_DCACHE_TREE, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_DAMAGED] == 1 && !has(&s, "pos 1 100644 rootfs /a/moved|moved"),
	      "%s a child of another directory ends that list, counted", lay);
	clear(&s);

	/* A child pointer into unmapped memory. */
	make_system(&y, hlist);
	c1 = file(y.a, "last-good", 1, y.rootfs, -1);
	put64(c1 + L.d_child, 0xffff999900000000ull);
	rc = walk(C2_DCACHE_TREE, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_UNREADABLE] >= 1 && has(&s, "pos 77 100644 ext4 /mnt/x|x"),
	      "%s a dangling child pointer ends that list only", lay);
	clear(&s);
}

static void test_mount_damage(void)
{
	struct c2_dcache_summary sum;
	struct seen s = { 0 };
	struct sys y;
	int rc;

	/* The mount list loops back onto the ext4 mount. */
	make_system(&y, 0);
	put64(y.m_ext4 + L.mnt_child, y.m_ext4 + L.mnt_child);
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_CYCLE] == 1 && has(&s, "pos 77 100644 ext4 /mnt/x|x"),
	      "a looping mount list: counted, the mounts found still used");
	clear(&s);

	/* No readable namespace: every path is relative to its filesystem. */
	make_system(&y, 0);
	L.ns_root = 0xffff999900000000ull;
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && has(&s, "pos 77 100644 ext4 ext4:/x|x") && sum.skipped[C2_DSKIP_UNREADABLE] >= 1,
	      "an unreadable mount namespace: FSTYPE:/ paths, counted");
	clear(&s);
	rc = walk(C2_DCACHE_TREE, NULL, 0, &s, &sum);
	CHECK(rc == 0 && s.n == 0, "an unreadable mount namespace: the tree walk has no root");
	clear(&s);
}

static void test_bad_input(void)
{
	struct c2_dcache_summary sum;
	struct seen s = { 0 };
	struct sys y;

	make_system(&y, 0);
	L.hash_shift = 0;
	CHECK(walk(C2_DCACHE_HASH, NULL, 0, &s, &sum) == C2_EFORMAT, "d_hash_shift 0 (2^32 buckets) is refused");
	L.hash_shift = 28;
	L.hashtable = 0xffff999900000000ull;
	CHECK(walk(C2_DCACHE_HASH, NULL, 0, &s, &sum) == 0 && sum.skipped[C2_DSKIP_UNREADABLE] == 1 && s.n == 0,
	      "an unreadable hash table: counted, nothing listed");
	L.d_iname = 180;
	CHECK(walk(C2_DCACHE_HASH, NULL, 0, &s, &sum) == C2_EFORMAT, "a layout outside struct dentry is refused");
	set_layout(0);
	CHECK(walk(C2_DCACHE_HASH, "relative", 0, &s, &sum) == C2_EINVAL, "--under must be absolute");
	clear(&s);
}

/*
 * The hash walk takes each round's dentries in address order and follows a
 * link ahead of it within the round, one behind in the next: chains whose
 * links go down and up in memory, one dentry each time, none lost or
 * listed twice; a loop entered from its higher dentry.
 */
static void test_hash_order(void)
{
	struct c2_dcache_summary sum;
	struct seen s = { 0 };
	struct sys y;
	uint64_t f[12];
	/* Chain orders (indexes into f, by address): 5 -> 1 -> 9 -> 2 -> 8 in
	 * bucket 11, 0 -> 11 -> 3 in bucket 12, 10 -> 4 -> 7 -> 6 in 13. */
	static const int chains[3][6] = { { 5, 1, 9, 2, 8, -1 }, { 0, 11, 3, -1 }, { 10, 4, 7, 6, -1 } };
	char line[64];
	int i, k, rc, all = 1;

	make_system(&y, 0);
	for (i = 0; i < 12; i++) {
		char name[8];

		snprintf(name, sizeof(name), "f%d", i);
		f[i] = file(y.a, name, 500 + i, y.rootfs, -1);
	}
	for (k = 0; k < 3; k++) {
		int n = 0;

		while (chains[k][n] >= 0)
			n++;
		while (n--)   /* hash_in puts a dentry at the front */
			hash_in(f[chains[k][n]], 11 + k);
	}
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	for (i = 0; i < 12; i++) {
		snprintf(line, sizeof(line), "pos %d 100644 rootfs /a/f%d|f%d", 500 + i, i, i);
		all &= has(&s, line) && count_prefix(&s, line) == 1;
	}
	CHECK(rc == 0 && all && s.n == 8 + 12 && sum.listed == 8 + 12,
	      "chains going down and up in memory: each of their 12 dentries listed once, the rest too (%d)", s.n);
	clear(&s);

	/* A loop entered from its higher dentry: c2 -> c1 -> c2. */
	make_system(&y, 0);
	f[0] = file(y.a, "c1", 5, y.rootfs, -1);
	f[1] = file(y.a, "c2", 6, y.rootfs, 7);
	put64(f[1] + L.d_hash, f[0] + L.d_hash);
	put64(f[0] + L.d_hash, f[1] + L.d_hash);
	rc = walk(C2_DCACHE_HASH, NULL, 0, &s, &sum);
	CHECK(rc == 0 && sum.skipped[C2_DSKIP_CYCLE] == 1 && has(&s, "pos 5 100644 rootfs /a/c1|c1") &&
	      has(&s, "pos 6 100644 rootfs /a/c2|c2") && s.n <= 8 + 4,
	      "a loop entered from its higher dentry ends with one counted cycle (%d)", s.n);
	clear(&s);
}

int main(void)
{
	test_basic(0);
	test_basic(1);
	test_cursor();
	test_hash_damage();
	test_hash_order();
	test_tree_damage(0);
	test_tree_damage(1);
	test_mount_damage();
	test_bad_input();
	UNIT_DONE();
}
