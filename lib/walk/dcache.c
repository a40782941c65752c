/* Walking the dentry cache through a read callback; see dcache.h. */
#include "dcache.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_MAX_LEN 255
#define PATH_LIMIT 4096          /* PATH_MAX: a path and its NUL must fit */
#define MAX_DEPTH (PATH_LIMIT / 2)   /* every level adds at least "/x" */
#define MAX_STRUCT 4096          /* no structure we read is larger */
#define DEFAULT_STEPS 50000000ull
#define MAX_MOUNTS 65536
#define MAX_SBS 65536
#define FSTYPE_MAX 64
#define MEMO_BITS 15             /* directories whose paths are remembered */
#define MEMO_BYTES (8u << 20)    /* and at most this much of path text */
#define HASH_CHUNK 4096          /* bytes of the hash table read at a time */
#define MAX_HASH_BITS 28

static uint64_t get_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t get_u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

static int fail(char *err, size_t errlen, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return code;
}

/* --- A map from kernel addresses (never 0) to small numbers --------------- */

struct amap {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap, n;   /* cap: 0 or a power of two */
};

static size_t amap_slot(const struct amap *m, uint64_t k)
{
	return (size_t)((k >> 4) * 0x9e3779b97f4a7c15ull >> 20) & (m->cap - 1);
}

static int amap_get(const struct amap *m, uint64_t k, uint32_t *v)
{
	size_t i;

	if (!m->cap)
		return 0;
	for (i = amap_slot(m, k); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == k) {
			*v = m->vals[i];
			return 1;
		}
	return 0;
}

/* Insert k unless present. Returns 1 inserted, 0 present, -1 out of memory. */
static int amap_put(struct amap *m, uint64_t k, uint32_t v)
{
	uint32_t old;
	size_t i;

	if (amap_get(m, k, &old))
		return 0;
	if ((m->n + 1) * 2 > m->cap) {
		struct amap g = { NULL, NULL, m->cap ? m->cap * 2 : 64, 0 };

		g.keys = calloc(g.cap, sizeof(*g.keys));
		g.vals = calloc(g.cap, sizeof(*g.vals));
		if (!g.keys || !g.vals) {
			free(g.keys);
			free(g.vals);
			return -1;
		}
		for (i = 0; i < m->cap; i++)
			if (m->keys[i])
				amap_put(&g, m->keys[i], m->vals[i]);
		free(m->keys);
		free(m->vals);
		*m = g;
	}
	for (i = amap_slot(m, k); m->keys[i]; i = (i + 1) & (m->cap - 1))
		;
	m->keys[i] = k;
	m->vals[i] = v;
	m->n++;
	return 1;
}

static void amap_free(struct amap *m)
{
	free(m->keys);
	free(m->vals);
}

/* --- Loop detection (Brent): O(1) memory per list ------------------------- */

struct brent {
	uint64_t tortoise;
	uint32_t power, lam;   /* the walk's step limit stops it long before 2^32 */
};

static void brent_init(struct brent *b, uint64_t start)
{
	b->tortoise = start;
	b->power = 1;
	b->lam = 0;
}

/* Whether node was seen before in this sequence (then it loops). */
static int brent_loops(struct brent *b, uint64_t node)
{
	if (node == b->tortoise)
		return 1;
	if (++b->lam == b->power) {
		b->tortoise = node;
		b->power *= 2;
		b->lam = 0;
	}
	return 0;
}

/* --- The walk's state --------------------------------------------------- */

struct memo {          /* a directory's path, without a trailing '/' */
	uint64_t addr;
	char *path;
	uint32_t len;
	int reachable;
};

struct mnt {
	uint64_t addr, root, sb;
	char *path;        /* "" for the global root */
	size_t len;
	int is_sb_root;    /* its root is its superblock's root (not a bind of a subtree) */
};

struct sbinfo {
	char fstype[FSTYPE_MAX];
	int mounted_whole;   /* some mount shows it from its root */
};

/* What one dentry holds that the walk needs. */
struct dent {
	uint64_t addr, parent, inode, sb;
	uint64_t hash_next, child_next, children_first;
	uint64_t ino;
	uint32_t len;
	uint16_t mode;
	int8_t inode_read;     /* 0: not yet; 1: ino and mode read; -1: unreadable */
	char name[NAME_MAX_LEN + 1];
};

/* A dentry of the hash walk's batch still to be read, with its chain's
 * loop detector. */
struct pending {
	uint64_t addr;
	struct brent b;
};

struct frame {            /* one directory of the tree walk */
	uint64_t addr, next, end;
	size_t plen;          /* its path's length in w->tpath */
	struct brent b;
};

struct walk {
	const struct dcache_layout *l;
	const struct c2_dcache_opts *o;
	dcache_read_fn *rd;
	void *rdarg;
	int (*cb)(void *arg, const struct c2_dentry *d);
	void *cbarg;
	struct c2_dcache_summary *sum;
	uint64_t max_steps, ticks;
	int stopped, cbrc, timedout;
	char under[PATH_LIMIT];
	size_t under_len;
	int has_under;

	struct memo *memo;
	size_t memo_bytes;
	struct mnt *mnts;
	size_t nmnts;
	struct amap root_map;     /* mount root dentry -> index in mnts */
	struct amap sb_map;       /* super_block -> index in sbs */
	struct sbinfo *sbs;
	size_t nsbs, sbs_cap;

	uint8_t buf[MAX_STRUCT];
	/* Right-to-left path building (dir_path). */
	uint64_t anc[MAX_DEPTH + 1];
	uint32_t seg[MAX_DEPTH + 1];
	char rtl[PATH_LIMIT + NAME_MAX_LEN + 2];
	char out[PATH_LIMIT + NAME_MAX_LEN + 2];   /* the path given to cb */
	char tpath[PATH_LIMIT + NAME_MAX_LEN + 2]; /* the tree walk's current path */
	struct frame frames[MAX_DEPTH + 1];
};

/* Internal results: 0, a skip reason as R(reason), STOPPED (step limit or
 * the callback), or -1 for out of memory. */
#define R(reason) ((reason) + 1)
#define STOPPED (-2)

static void skip(struct walk *w, int reason, uint64_t addr)
{
	w->sum->skipped[reason]++;
	if (w->o->skip)
		w->o->skip(w->cbarg, reason, addr);
}

/* Whether the walk must stop: stopped already, or (asked every 64
 * calls) the deadline passed. Every loop that does work calls it, steps
 * and the batch's emitting alike: a batch of 32,768 dentries once ran
 * 200 ms past the deadline between two steps. */
static int late(struct walk *w)
{
	if (w->stopped || w->cbrc)
		return 1;
	if (w->o->deadline_ns && !(++w->ticks & 63)) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		if ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec >= w->o->deadline_ns) {
			w->stopped = w->timedout = 1;
			return 1;
		}
	}
	return 0;
}

/* One unit of work; 0 while the walk may go on. */
static int step(struct walk *w)
{
	if (w->stopped || w->cbrc)
		return -1;
	if (++w->sum->steps > w->max_steps) {
		w->stopped = 1;
		skip(w, C2_DSKIP_STEP_LIMIT, 0);
		return -1;
	}
	return late(w) ? -1 : 0;
}

/* Count a branch that ended with internal result rc (a reason or STOPPED). */
static void ended(struct walk *w, int rc, uint64_t addr)
{
	if (rc > 0)
		skip(w, rc - 1, addr);
}

static int done(const struct walk *w)
{
	return w->stopped || w->cbrc;
}

/* A NUL-terminated string of at most max - 1 bytes, read a page at most at
 * a time so that one just before a missing page still reads. */
static int read_cstr(struct walk *w, uint64_t addr, char *buf, size_t max)
{
	size_t n = 0;

	while (n < max - 1) {
		size_t chunk = 4096 - ((addr + n) & 4095), i;

		if (chunk > max - 1 - n)
			chunk = max - 1 - n;
		if (w->rd(w->rdarg, addr + n, buf + n, chunk) < 0)
			return -1;
		for (i = 0; i < chunk; i++)
			if (buf[n + i] == '\0')
				return 0;
		n += chunk;
	}
	buf[n] = '\0';
	return 0;
}

/* Read a dentry; 0 or R(reason). */
static int read_dentry(struct walk *w, uint64_t addr, struct dent *d)
{
	const struct dcache_layout *l = w->l;
	uint64_t name;

	if (w->rd(w->rdarg, addr, w->buf, l->dentry_size) < 0)
		return R(C2_DSKIP_UNREADABLE);
	d->addr = addr;
	d->inode_read = 0;
	d->parent = get_u64(w->buf + l->d_parent);
	d->inode = get_u64(w->buf + l->d_inode);
	d->sb = get_u64(w->buf + l->d_sb);
	d->hash_next = get_u64(w->buf + l->d_hash);
	d->child_next = get_u64(w->buf + l->d_child);
	d->children_first = get_u64(w->buf + l->d_children);
	d->len = get_u32(w->buf + l->d_name_len);
	name = get_u64(w->buf + l->d_name_name);
	if (d->len > NAME_MAX_LEN)
		return R(C2_DSKIP_LONG_NAME);
	/* Short names live in the dentry itself (d_iname). */
	if (name >= addr + l->d_iname && name - (addr + l->d_iname) + d->len <= l->d_iname_len)
		memcpy(d->name, w->buf + l->d_iname + (name - (addr + l->d_iname)), d->len);
	else if (d->len && w->rd(w->rdarg, name, d->name, d->len) < 0)
		return R(C2_DSKIP_UNREADABLE);
	d->name[d->len] = '\0';
	if (!d->parent || !d->sb)
		return R(C2_DSKIP_DAMAGED);
	return 0;
}

static int is_root(const struct dent *d)
{
	return d->parent == d->addr;
}

/* A name the kernel could have made: a root is "/", others hold no '/' or NUL. */
static int name_ok(const struct dent *d)
{
	if (is_root(d))
		return 1;
	return d->len && !memchr(d->name, '/', d->len) && strlen(d->name) == d->len;
}

/* The superblock's entry (filesystem type); NULL only when out of memory. */
static struct sbinfo *sb_info(struct walk *w, uint64_t sb)
{
	const struct dcache_layout *l = w->l;
	struct sbinfo *s;
	uint64_t type, name;
	uint32_t i;

	if (amap_get(&w->sb_map, sb, &i))
		return &w->sbs[i];
	if (w->nsbs >= MAX_SBS)
		return NULL;
	if (w->nsbs == w->sbs_cap) {
		size_t cap = w->sbs_cap ? w->sbs_cap * 2 : 32;
		struct sbinfo *n = realloc(w->sbs, cap * sizeof(*n));

		if (!n)
			return NULL;
		w->sbs = n;
		w->sbs_cap = cap;
	}
	s = &w->sbs[w->nsbs];
	memset(s, 0, sizeof(*s));
	if (w->rd(w->rdarg, sb + l->s_type, &type, 8) < 0 || w->rd(w->rdarg, type + l->fst_name, &name, 8) < 0 ||
	    read_cstr(w, name, s->fstype, sizeof(s->fstype)) < 0 || !s->fstype[0])
		strcpy(s->fstype, "?");
	/* A type name is printed as a word: keep it one. */
	for (i = 0; s->fstype[i]; i++)
		if (s->fstype[i] <= ' ' || s->fstype[i] == ':' || s->fstype[i] == '/' || (unsigned char)s->fstype[i] >= 0x7f)
			s->fstype[i] = '_';
	if (amap_put(&w->sb_map, sb, (uint32_t)w->nsbs) < 0)
		return NULL;
	return &w->sbs[w->nsbs++];
}

static const char *fstype(struct walk *w, uint64_t sb)
{
	struct sbinfo *s = sb_info(w, sb);

	return s ? s->fstype : "?";
}

/* --- Mounts ----------------------------------------------------------------- */

/*
 * The root a path of this dentry starts from, if it is one: a mount's root
 * shows the mount's path; a bind mount of a subtree counts only when its
 * filesystem is mounted whole nowhere (else the whole mount names it).
 */
static struct mnt *mount_of_root(struct walk *w, const struct dent *d)
{
	uint32_t i;
	struct sbinfo *s;

	if (!amap_get(&w->root_map, d->addr, &i))
		return NULL;
	if (w->mnts[i].is_sb_root || is_root(d))
		return &w->mnts[i];
	s = sb_info(w, d->sb);
	return s && !s->mounted_whole ? &w->mnts[i] : NULL;
}

/*
 * The path of dentry mp relative to the root dentry top, written right to
 * left ending at w->rtl + *pos. Returns 0, R(reason) or STOPPED.
 */
static int relative_path(struct walk *w, uint64_t mp, uint64_t top, size_t *pos)
{
	struct dent d;
	struct brent b;
	int depth = 0, rc;

	brent_init(&b, mp);
	while (mp != top) {
		if (step(w))
			return STOPPED;
		if ((rc = read_dentry(w, mp, &d)))
			return rc;
		if (is_root(&d))
			break;
		if (!name_ok(&d))
			return R(C2_DSKIP_DAMAGED);
		if (++depth > MAX_DEPTH || *pos < d.len + 1 + NAME_MAX_LEN + 2)
			return R(C2_DSKIP_LONG_PATH);
		*pos -= d.len;
		memcpy(w->rtl + *pos, d.name, d.len);
		w->rtl[--*pos] = '/';
		mp = d.parent;
		if (brent_loops(&b, mp))
			return R(C2_DSKIP_PARENT_LOOP);
	}
	return 0;
}

/* Fill in mount m (its parent's path known): root, superblock and path. */
static int describe_mount(struct walk *w, struct mnt *m, const struct mnt *parent)
{
	const struct dcache_layout *l = w->l;
	uint64_t mountpoint;
	size_t pos = sizeof(w->rtl) - 1, rel;
	struct dent root;
	struct sbinfo *s;
	int rc;

	if (w->rd(w->rdarg, m->addr + l->mnt_mnt + l->vfs_root, &m->root, 8) < 0 ||
	    w->rd(w->rdarg, m->addr + l->mnt_mnt + l->vfs_sb, &m->sb, 8) < 0 ||
	    w->rd(w->rdarg, m->addr + l->mnt_mountpoint, &mountpoint, 8) < 0)
		return R(C2_DSKIP_UNREADABLE);
	if ((rc = read_dentry(w, m->root, &root)))
		return rc;
	m->is_sb_root = is_root(&root);
	if (parent && (rc = relative_path(w, mountpoint, parent->root, &pos)))
		return rc;
	rel = sizeof(w->rtl) - 1 - pos;
	m->len = (parent ? parent->len : 0) + rel;
	if (m->len >= PATH_LIMIT)
		return R(C2_DSKIP_LONG_PATH);
	if (!(m->path = malloc(m->len + 1)))
		return -1;
	if (parent)
		memcpy(m->path, parent->path, parent->len);
	memcpy(m->path + m->len - rel, w->rtl + pos, rel);
	m->path[m->len] = '\0';
	if (m->is_sb_root && (s = sb_info(w, m->sb)))
		s->mounted_whole = 1;
	return 0;
}

/* Every mount of the namespace, parents before children (breadth first). */
static int collect_mounts(struct walk *w)
{
	const struct dcache_layout *l = w->l;
	struct amap seen = { 0 };
	size_t i, cap = 64;
	int rc = 0;

	if (!l->ns_root)
		return 0;
	if (!(w->mnts = calloc(cap, sizeof(*w->mnts))))
		return -1;
	w->mnts[0].addr = l->ns_root;
	w->nmnts = 1;
	if (amap_put(&seen, l->ns_root, 0) < 0)
		goto nomem;
	for (i = 0; i < w->nmnts && !done(w); i++) {
		uint64_t head = w->mnts[i].addr + l->mnt_mounts, node;
		struct brent b;
		uint32_t pi = 0;

		/* The parent comes first, except for the root. */
		if (i) {
			uint64_t parent;

			if (w->rd(w->rdarg, w->mnts[i].addr + l->mnt_parent, &parent, 8) < 0 ||
			    !amap_get(&seen, parent, &pi) || pi >= i) {
				skip(w, C2_DSKIP_DAMAGED, w->mnts[i].addr);
				continue;
			}
		}
		if ((rc = describe_mount(w, &w->mnts[i], i ? &w->mnts[pi] : NULL))) {
			if (rc == -1)
				goto nomem;
			ended(w, rc, w->mnts[i].addr);
			w->mnts[i].root = 0;   /* unusable: no children either */
			continue;
		}
		if (amap_put(&w->root_map, w->mnts[i].root, (uint32_t)i) < 0)
			goto nomem;
		if (w->rd(w->rdarg, head, &node, 8) < 0) {
			skip(w, C2_DSKIP_UNREADABLE, head);
			continue;
		}
		brent_init(&b, node);
		while (node != head && !step(w)) {
			uint64_t child = node - l->mnt_child;

			if (w->nmnts >= MAX_MOUNTS)
				break;
			if ((rc = amap_put(&seen, child, (uint32_t)w->nmnts)) < 0)
				goto nomem;
			if (rc == 0) {   /* a mount listed twice: the list is broken */
				skip(w, C2_DSKIP_CYCLE, child);
				break;
			}
			if (w->nmnts == cap) {
				struct mnt *n = realloc(w->mnts, 2 * cap * sizeof(*n));

				if (!n)
					goto nomem;
				w->mnts = n;
				cap *= 2;
			}
			memset(&w->mnts[w->nmnts], 0, sizeof(w->mnts[0]));
			w->mnts[w->nmnts++].addr = child;
			if (w->rd(w->rdarg, node, &node, 8) < 0) {
				skip(w, C2_DSKIP_UNREADABLE, node);
				break;
			}
			if (brent_loops(&b, node)) {
				skip(w, C2_DSKIP_CYCLE, node);
				break;
			}
		}
	}
	amap_free(&seen);
	return 0;
nomem:
	amap_free(&seen);
	return -1;
}

/* --- Paths ---------------------------------------------------------------- */

static size_t memo_slot(uint64_t addr)
{
	return (size_t)((addr >> 6) * 0x9e3779b97f4a7c15ull >> (64 - MEMO_BITS));
}

static const struct memo *memo_get(struct walk *w, uint64_t addr)
{
	struct memo *m = &w->memo[memo_slot(addr)];

	return m->addr == addr && m->path ? m : NULL;
}

/* Remember a path; a full table or byte budget just forgets older ones. */
static void memo_put(struct walk *w, uint64_t addr, const char *a, size_t alen, const char *b, size_t blen,
		     int reachable)
{
	struct memo *m = &w->memo[memo_slot(addr)];
	char *p;

	if (m->path) {
		w->memo_bytes -= m->len + 1;
		free(m->path);
		m->path = NULL;
	}
	if (w->memo_bytes + alen + blen + 1 > MEMO_BYTES || !(p = malloc(alen + blen + 1)))
		return;
	memcpy(p, a, alen);
	memcpy(p + alen, b, blen);
	p[alen + blen] = '\0';
	m->addr = addr;
	m->path = p;
	m->len = (uint32_t)(alen + blen);
	m->reachable = reachable;
	w->memo_bytes += alen + blen + 1;
}

/* The path a root dentry stands for, as a prefix: a mount's path ("" for the
 * global root), or "FSTYPE:" for a filesystem mounted nowhere. */
static size_t root_prefix(struct walk *w, const struct dent *d, char *out, int *reachable)
{
	const struct mnt *m = mount_of_root(w, d);

	if (m) {
		memcpy(out, m->path, m->len);
		*reachable = 1;
		return m->len;
	}
	*reachable = 0;
	return (size_t)snprintf(out, FSTYPE_MAX + 2, "%s:", fstype(w, d->sb));
}

/*
 * The path of directory dir, without a trailing '/', into out (at least
 * PATH_LIMIT bytes). Ancestors' paths are remembered on the way. Returns 0,
 * R(reason) or STOPPED; *at is where the branch ended.
 */
static int dir_path(struct walk *w, uint64_t dir, char *out, size_t *len, int *reachable, uint64_t *at)
{
	const struct memo *m = NULL;
	size_t end = sizeof(w->rtl) - 1, pos = end, base = 0;
	struct brent b;
	struct dent d;
	int n = 0, rc, k;

	brent_init(&b, dir);
	for (;;) {
		*at = dir;
		if ((m = memo_get(w, dir))) {
			memcpy(out, m->path, m->len);
			base = m->len;
			*reachable = m->reachable;
			break;
		}
		if (step(w))
			return STOPPED;
		if ((rc = read_dentry(w, dir, &d)))
			return rc;
		if (mount_of_root(w, &d) || is_root(&d)) {
			base = root_prefix(w, &d, out, reachable);
			memo_put(w, dir, out, base, "", 0, *reachable);
			break;
		}
		if (!name_ok(&d))
			return R(C2_DSKIP_DAMAGED);
		if (n >= MAX_DEPTH || pos < d.len + 1 + NAME_MAX_LEN + 2)
			return R(C2_DSKIP_LONG_PATH);
		w->anc[n] = dir;
		w->seg[n++] = (uint32_t)pos;   /* where this directory's path ends */
		pos -= d.len;
		memcpy(w->rtl + pos, d.name, d.len);
		w->rtl[--pos] = '/';
		dir = d.parent;
		if (brent_loops(&b, dir))
			return R(C2_DSKIP_PARENT_LOOP);
	}
	if (base + (end - pos) >= PATH_LIMIT)
		return R(C2_DSKIP_LONG_PATH);
	memcpy(out + base, w->rtl + pos, end - pos);
	*len = base + (end - pos);
	out[*len] = '\0';
	/* Each ancestor's path is a prefix of this one. */
	for (k = n - 1; k >= 0; k--)
		memo_put(w, w->anc[k], out, base + (w->seg[k] - pos), "", 0, *reachable);
	return 0;
}

/* --- Output ------------------------------------------------------------- */

/* Whether path lies at or below --under. */
static int is_under(const struct walk *w, const char *path, size_t len)
{
	if (!w->has_under)
		return 1;
	return len >= w->under_len && !memcmp(path, w->under, w->under_len) &&
	       (len == w->under_len || path[w->under_len] == '/');
}

/* Whether a directory (path as a prefix, no trailing '/') may hold entries
 * at or below --under. */
static int may_hold_under(const struct walk *w, const char *path, size_t len)
{
	if (!w->has_under || is_under(w, path, len))
		return 1;
	return w->under_len > len && !memcmp(path, w->under, len) && w->under[len] == '/';
}

/* i_mode and i_ino, in one read: they are close. */
static void read_inode(struct walk *w, struct dent *d)
{
	const struct dcache_layout *l = w->l;
	uint32_t lo = l->i_mode < l->i_ino ? l->i_mode : l->i_ino;
	uint32_t hi = l->i_mode + 2 > l->i_ino + 8 ? l->i_mode + 2 : l->i_ino + 8;
	uint8_t b[MAX_STRUCT + 8];

	if (w->rd(w->rdarg, d->inode + lo, b, hi - lo) < 0) {
		d->inode_read = -1;
		return;
	}
	d->mode = get_u16(b + l->i_mode - lo);
	d->ino = get_u64(b + l->i_ino - lo);
	d->inode_read = 1;
}

/* Give one dentry to cb; path is NUL-terminated, name_off where its last
 * component starts. */
static void emit(struct walk *w, const struct dent *d, const char *path, size_t len, size_t name_off, int reachable)
{
	struct c2_dentry e;

	if (!is_under(w, path, len))
		return;
	memset(&e, 0, sizeof(e));
	e.addr = d->addr;
	e.parent = d->parent;
	e.sb = d->sb;
	e.path = path;
	e.path_len = len;
	e.name_off = name_off;
	e.negative = !d->inode;
	e.reachable = reachable;
	e.fstype = fstype(w, d->sb);
	if (d->inode) {
		if (!d->inode_read)
			read_inode(w, (struct dent *)d);
		if (d->inode_read < 0) {
			skip(w, C2_DSKIP_UNREADABLE, d->inode);
			return;
		}
		e.mode = d->mode;
		e.ino = d->ino;
	}
	w->sum->listed++;
	w->cbrc = w->cb(w->cbarg, &e);
}

/* A root dentry: the mount's path, "/" for the global root, "FSTYPE:/". */
static void emit_root(struct walk *w, const struct dent *d)
{
	int reachable;
	size_t len = root_prefix(w, d, w->out, &reachable), name_off;

	if (!len || w->out[len - 1] == ':')
		w->out[len++] = '/';
	w->out[len] = '\0';
	name_off = len;
	while (name_off > 0 && w->out[name_off - 1] != '/')
		name_off--;
	if (name_off == len)   /* "/" and "FSTYPE:/": the name is the '/' */
		name_off--;
	emit(w, d, w->out, len, name_off, reachable);
}

/* A dentry found in the hash table: its path through its parents. */
static void hashed_dentry(struct walk *w, const struct dent *d)
{
	int reachable, rc;
	size_t len;
	uint64_t at;

	if (!name_ok(d)) {
		skip(w, C2_DSKIP_DAMAGED, d->addr);
		return;
	}
	if (is_root(d) || mount_of_root(w, d)) {
		emit_root(w, d);
		return;
	}
	if ((rc = dir_path(w, d->parent, w->out, &len, &reachable, &at))) {
		ended(w, rc, at);
		return;
	}
	if (len + 1 + d->len >= PATH_LIMIT) {
		skip(w, C2_DSKIP_LONG_PATH, d->addr);
		return;
	}
	w->out[len] = '/';
	memcpy(w->out + len + 1, d->name, d->len + 1);
	emit(w, d, w->out, len + 1 + d->len, len + 1, reachable);
}

/* --- The hash walk ------------------------------------------------------------ */

/*
 * Hash order is random order: dentry after dentry from pages far apart,
 * each page read (maybe decompressed) again and again. So the walk goes in
 * rounds: the chains of up to PENDING buckets are read one link each per
 * round, the round's dentries in address order, so that the dentries
 * sharing a slab page are read with it, that page once per round; their
 * records are kept BATCH at a time, whose inodes are then read in address
 * order before the records are emitted. PENDING sets how often a page is
 * read again: a million dentries fill a few thousand pages ~20 to a page,
 * and with 32,768 buckets a round touched most of those pages for one or
 * two dentries each (1.6 million page reads for 1.05 million dentries).
 * 524,288 holds every chain of a table of 2^19 buckets (the 6.1 scale
 * fixture's: 1.05 million dentries in one batch, where 393,216 made two
 * and each swept most of the pages again: 3.66 s on the zlib kdump
 * against 2.93 s in one). Only the slots a batch fills are ever touched.
 */
#define PENDING 524288         /* 24 bytes each: 12 MB at most */
#define BATCH 32768
#define ARENA (BATCH * 24)     /* bytes of names; most fit in d_iname */

/* What the batch keeps of a dentry: struct dent without the name buffer. */
struct brec {
	uint64_t addr, parent, inode, sb, ino;
	uint32_t name;         /* offset in the arena */
	uint16_t len, mode;
	int8_t inode_read;
};

struct by_inode {
	uint64_t inode;
	uint32_t i;            /* in hash_batch.d */
};

struct hash_batch {
	struct pending p[PENDING];
	struct brec d[BATCH];
	struct by_inode order[BATCH];
	char arena[ARENA];
	size_t np, nd, used;
};

static int by_addr(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int by_inode_addr(const void *a, const void *b)
{
	uint64_t x = ((const struct by_inode *)a)->inode, y = ((const struct by_inode *)b)->inode;

	return x < y ? -1 : x > y;
}

static void to_dent(const struct hash_batch *hb, const struct brec *r, struct dent *d)
{
	memset(d, 0, offsetof(struct dent, name));
	d->addr = r->addr;
	d->parent = r->parent;
	d->inode = r->inode;
	d->sb = r->sb;
	d->ino = r->ino;
	d->mode = r->mode;
	d->inode_read = r->inode_read;
	d->len = r->len;
	memcpy(d->name, hb->arena + r->name, r->len);
	d->name[r->len] = '\0';
}

/* Inodes in address order, then every dentry read so far to cb. */
static void flush_batch(struct walk *w, struct hash_batch *hb)
{
	struct dent d;
	size_t i, n;

	for (i = n = 0; i < hb->nd; i++)
		if (hb->d[i].inode) {
			hb->order[n].inode = hb->d[i].inode;
			hb->order[n++].i = (uint32_t)i;
		}
	qsort(hb->order, n, sizeof(hb->order[0]), by_inode_addr);
	for (i = 0; i < n && !late(w); i++) {
		struct brec *r = &hb->d[hb->order[i].i];

		d.inode = r->inode;
		read_inode(w, &d);
		r->inode_read = d.inode_read;
		r->mode = d.mode;
		r->ino = d.ino;
	}
	for (i = 0; i < hb->nd && !late(w); i++) {
		to_dent(hb, &hb->d[i], &d);
		hashed_dentry(w, &d);
	}
	hb->nd = hb->used = 0;
}

/* Restore the min-heap order of p[0..n) (by address) below slot i. */
static void sift_down(struct pending *p, size_t n, size_t i)
{
	struct pending x = p[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && p[c + 1].addr < p[c].addr)
			c++;
		if (p[c].addr >= x.addr)
			break;
		p[i] = p[c];
		i = c;
	}
	p[i] = x;
}

/*
 * Read the batch's chains to their ends, describe and emit them. Each
 * sweep takes the pending dentries in address order (p[0..heap) a min-heap;
 * sorted, it is one already). A dentry's next link ahead of the sweep
 * joins it; one behind waits for the next sweep, stored down from the end
 * of the slots in use (each dentry taken makes room for the one link it
 * adds), so that the array is touched only as far as the batch fills it.
 */
static void hash_batch(struct walk *w, struct hash_batch *hb)
{
	struct dent d;

	while (hb->np && !done(w)) {
		size_t np = hb->np, heap = np, later = 0;

		qsort(hb->p, hb->np, sizeof(hb->p[0]), by_addr);
		while (heap && !step(w)) {
			struct pending pe = hb->p[0];
			struct brec *r;
			uint64_t at = pe.addr;
			int rc;

			if ((rc = read_dentry(w, pe.addr, &d)) == 0) {
				if (hb->nd == BATCH || hb->used + d.len > ARENA)
					flush_batch(w, hb);
				r = &hb->d[hb->nd++];
				r->addr = d.addr;
				r->parent = d.parent;
				r->inode = d.inode;
				r->sb = d.sb;
				r->len = (uint16_t)d.len;
				r->inode_read = 0;
				r->name = (uint32_t)hb->used;
				memcpy(hb->arena + hb->used, d.name, d.len);
				hb->used += d.len;
			} else {
				ended(w, rc, pe.addr);
			}
			if (rc == 0 && d.hash_next && brent_loops(&pe.b, d.hash_next)) {
				skip(w, C2_DSKIP_CYCLE, d.hash_next);
				rc = -1;
			} else if (rc == 0 && d.hash_next) {
				pe.addr = d.hash_next - w->l->d_hash;
				if (pe.addr > at) {          /* ahead: this sweep */
					hb->p[0] = pe;
					sift_down(hb->p, heap, 0);
					continue;
				}
			}
			hb->p[0] = hb->p[--heap];
			sift_down(hb->p, heap, 0);
			/* Behind: for the next sweep, in a slot the heap has
			 * given up (it shrank by one more than the links stored). */
			if (rc == 0 && d.hash_next)
				hb->p[np - 1 - later++] = pe;
		}
		memmove(hb->p, hb->p + np - later, later * sizeof(hb->p[0]));
		hb->np = done(w) ? 0 : later;
	}
	flush_batch(w, hb);
}

static int walk_hash(struct walk *w, char *err, size_t errlen)
{
	const struct dcache_layout *l = w->l;
	uint64_t nb, i, j;
	uint8_t chunk[HASH_CHUNK];
	struct hash_batch *hb;

	if (l->hash_shift < 32 - MAX_HASH_BITS || l->hash_shift > 31)
		return fail(err, errlen, C2_EFORMAT, "d_hash_shift %u: not a hash table of 2 to 2^%d buckets",
			    l->hash_shift, MAX_HASH_BITS);
	nb = 1ull << (32 - l->hash_shift);
	if (!l->hashtable)
		return fail(err, errlen, C2_EFORMAT, "dentry_hashtable is NULL");
	if (!(hb = calloc(1, sizeof(*hb))))
		return fail(err, errlen, C2_ENOMEM, "out of memory");
	for (i = 0; i < nb && !late(w); i += HASH_CHUNK / 8) {
		size_t n = nb - i < HASH_CHUNK / 8 ? (size_t)(nb - i) : HASH_CHUNK / 8;

		if (w->rd(w->rdarg, l->hashtable + i * 8, chunk, n * 8) < 0) {
			skip(w, C2_DSKIP_UNREADABLE, l->hashtable + i * 8);
			continue;
		}
		for (j = 0; j < n; j++) {
			uint64_t node = get_u64(chunk + j * 8) & ~1ull;   /* bit 0: the bucket's lock */
			struct pending *pe;

			if (!node)
				continue;
			if (hb->np == PENDING)
				hash_batch(w, hb);
			pe = &hb->p[hb->np++];
			pe->addr = node - l->d_hash;
			brent_init(&pe->b, node);
		}
	}
	while (hb->np && !done(w))
		hash_batch(w, hb);
	free(hb);
	return 0;
}

/* --- The tree walk -------------------------------------------------------------- */

/* Where a directory's child list ends, and its first entry. */
static void children(const struct walk *w, const struct dent *d, uint64_t *first, uint64_t *end)
{
	*first = d->children_first;
	*end = w->l->children_hlist ? 0 : d->addr + w->l->d_children;
}

static void walk_from(struct walk *w, const struct dent *root)
{
	const struct dcache_layout *l = w->l;
	int reachable, sp = 0;
	size_t plen = root_prefix(w, root, w->tpath, &reachable);
	struct frame *f;

	emit_root(w, root);
	if (done(w) || !may_hold_under(w, w->tpath, plen))
		return;
	f = &w->frames[sp++];
	f->addr = root->addr;
	f->plen = plen;
	children(w, root, &f->next, &f->end);
	brent_init(&f->b, f->next);
	while (sp > 0 && !done(w)) {
		struct dent d;
		size_t len;
		int rc;

		f = &w->frames[sp - 1];
		if (f->next == f->end || step(w)) {
			sp--;
			continue;
		}
		if ((rc = read_dentry(w, f->next - l->d_child, &d))) {
			ended(w, rc, f->next - l->d_child);
			sp--;
			continue;
		}
		f->next = d.child_next;
		if (f->next != f->end && brent_loops(&f->b, f->next)) {
			skip(w, C2_DSKIP_CYCLE, f->next);
			f->next = f->end;   /* this child is still good */
		}
		/* Cursors of open directories sit in the list named "/". */
		if (d.len == 1 && d.name[0] == '/')
			continue;
		/* Moved away under a live read, or damage: the rest of this
		 * list is not this directory's. */
		if (d.parent != f->addr || !name_ok(&d)) {
			skip(w, C2_DSKIP_DAMAGED, d.addr);
			sp--;
			continue;
		}
		len = f->plen + 1 + d.len;
		if (len >= PATH_LIMIT) {
			skip(w, C2_DSKIP_LONG_PATH, d.addr);
			continue;
		}
		w->tpath[f->plen] = '/';
		memcpy(w->tpath + f->plen + 1, d.name, d.len + 1);
		/* A mounted-over directory shows what was there; its own
		 * children stay in its own filesystem. */
		emit(w, &d, w->tpath, len, f->plen + 1, reachable);
		if (d.inode && sp <= MAX_DEPTH && may_hold_under(w, w->tpath, len)) {
			struct frame *c = &w->frames[sp];

			children(w, &d, &c->next, &c->end);
			if (c->next == c->end)
				continue;
			c->addr = d.addr;
			c->plen = len;
			brent_init(&c->b, c->next);
			sp++;
		}
	}
}

static int walk_tree(struct walk *w, char *err, size_t errlen)
{
	struct amap walked = { 0 };
	size_t i;

	if (!w->nmnts)
		return fail(err, errlen, C2_ENODATA, "no mount could be read: the tree walk has no root");
	for (i = 0; i < w->nmnts && !done(w); i++) {
		struct dent root;
		int rc;

		if (!w->mnts[i].root)
			continue;
		if ((rc = amap_put(&walked, w->mnts[i].root, 0)) <= 0) {
			if (rc < 0)
				return fail(err, errlen, C2_ENOMEM, "out of memory");
			continue;
		}
		if ((rc = read_dentry(w, w->mnts[i].root, &root))) {
			ended(w, rc, w->mnts[i].root);
			continue;
		}
		if (mount_of_root(w, &root) == &w->mnts[i])
			walk_from(w, &root);
	}
	amap_free(&walked);
	return 0;
}

/* --- Entry -------------------------------------------------------------------------- */

static int layout_ok(const struct dcache_layout *l)
{
	uint32_t ds = l->dentry_size;

	return ds >= 64 && ds <= MAX_STRUCT && l->d_hash + 16 <= ds && l->d_parent + 8 <= ds &&
	       l->d_name_len + 4 <= ds && l->d_name_name + 8 <= ds && l->d_inode + 8 <= ds && l->d_sb + 8 <= ds &&
	       l->d_iname + l->d_iname_len <= ds && l->d_child + 8 <= ds && l->d_children + 8 <= ds &&
	       l->i_mode < MAX_STRUCT && l->i_ino < MAX_STRUCT;
}

int dcache_walk(const struct dcache_layout *l, const struct c2_dcache_opts *o, dcache_read_fn *rd, void *rdarg,
		int (*cb)(void *arg, const struct c2_dentry *d), void *cbarg, struct c2_dcache_summary *sum,
		char *err, size_t errlen)
{
	struct c2_dcache_summary local;
	struct walk *w;
	size_t i;
	int rc;

	if (!sum)
		sum = &local;
	memset(sum, 0, sizeof(*sum));
	if (!layout_ok(l))
		return fail(err, errlen, C2_EFORMAT, "dentry layout: fields outside struct dentry (%u bytes)",
			    l->dentry_size);
	if (o->walk != C2_DCACHE_HASH && o->walk != C2_DCACHE_TREE)
		return fail(err, errlen, C2_EINVAL, "unknown walk %d", o->walk);
	if (o->under && (o->under[0] != '/' || strlen(o->under) >= PATH_LIMIT))
		return fail(err, errlen, C2_EINVAL, "%s: not an absolute path", o->under);
	if (!(w = calloc(1, sizeof(*w))) || !(w->memo = calloc((size_t)1 << MEMO_BITS, sizeof(*w->memo)))) {
		free(w);
		return fail(err, errlen, C2_ENOMEM, "out of memory");
	}
	w->l = l;
	w->o = o;
	w->rd = rd;
	w->rdarg = rdarg;
	w->cb = cb;
	w->cbarg = cbarg;
	w->sum = sum;
	w->max_steps = o->max_steps ? o->max_steps : DEFAULT_STEPS;
	if (o->under) {
		w->has_under = 1;
		w->under_len = strlen(o->under);
		memcpy(w->under, o->under, w->under_len + 1);
		while (w->under_len && w->under[w->under_len - 1] == '/')
			w->under[--w->under_len] = '\0';
	}
	if (collect_mounts(w) < 0)
		rc = fail(err, errlen, C2_ENOMEM, "out of memory");
	else
		rc = o->walk == C2_DCACHE_TREE ? walk_tree(w, err, errlen) : walk_hash(w, err, errlen);
	if (rc == 0 && w->cbrc)
		rc = w->cbrc;
	if (rc == 0 && w->timedout)
		rc = fail(err, errlen, C2_ETIMEDOUT, "deadline passed after %llu steps", (unsigned long long)sum->steps);
	for (i = 0; i < ((size_t)1 << MEMO_BITS); i++)
		free(w->memo[i].path);
	for (i = 0; i < w->nmnts; i++)
		free(w->mnts[i].path);
	free(w->memo);
	free(w->mnts);
	free(w->sbs);
	amap_free(&w->root_map);
	amap_free(&w->sb_map);
	free(w);
	return rc;
}
