/*
 * The modules walker on synthetic memory: a list of three modules with
 * users and taints, then a list that loops, a next pointer into nowhere, a
 * link that does not point back; module symbol tables with a forged count,
 * a forged string offset, exported (upper case) and local letters; the
 * btf_modules list: entries, a loop, a link that does not point back, a btf
 * pointer into nowhere, a huge data_size, a module pointer into nowhere;
 * the same list's layout found by content: decoys in one entry and in all,
 * another kernel's count, no BTF magic, a struct btf without btf_vmlinux, a
 * struct btf named after another module, a loop, an empty list.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/walk/modules.h"
#include "../unit.h"

#define BASE 0xffffffffc0000000ull
#define MOD(i) (BASE + 0x10000 * (uint64_t)(i))   /* struct module, in the module's data */
#define HEAD (BASE + 0x100000)
#define USE(i) (BASE + 0x100100 + 0x40 * (uint64_t)(i))
static uint8_t mem[2 << 20];

static const struct modules_layout L = {
	.head = HEAD, .size = 0x200, .list = 0x8, .name = 0x18, .name_len = 56, .state = 0x0,
	.state_live = 0, .state_coming = 1, .state_going = 2, .state_unformed = 3,
	.taints = 0x50, .refcnt = 0x58, .source_list = 0x60, .use_source_list = 0x0, .use_source = 0x20,
	.init = 0x70, .exit = 0x78, .kallsyms = 0x80, .btf_data = 0x88, .btf_data_size = 0x90,
	.nregions = 2,
	.region = { { "text", 0xa0, 0xa8 }, { "data", 0xb0, 0xb8 } },
	.ks_symtab = 0, .ks_num_symtab = 8, .ks_strtab = 16, .ks_typetab = 24, .ks_size = 32,
	.syms = 0xc0, .num_syms = 0xc8, .ksym_size = 12, .ksym_value = 0, .ksym_name = 4, .ksym_prel32 = 1,
};

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	(void)arg;
	if (addr < BASE || addr - BASE + len > sizeof(mem))
		return -1;
	memcpy(buf, mem + (addr - BASE), len);
	return 0;
}

static void put64(uint64_t a, uint64_t v) { memcpy(mem + (a - BASE), &v, 8); }
static void put32(uint64_t a, uint32_t v) { memcpy(mem + (a - BASE), &v, 4); }

static void module(int i, const char *name, uint32_t state, uint64_t taints, int refs)
{
	memset(mem + (MOD(i) - BASE), 0, 0x10000);
	put32(MOD(i) + L.state, state);
	strcpy((char *)mem + (MOD(i) + L.name - BASE), name);
	put64(MOD(i) + L.taints, taints);
	put32(MOD(i) + L.refcnt, (uint32_t)refs + 1);
	put64(MOD(i) + L.source_list, MOD(i) + L.source_list);
	put64(MOD(i) + L.source_list + 8, MOD(i) + L.source_list);
	/* text at the module's first page after struct module, data after it */
	put64(MOD(i) + 0xa0, MOD(i) + 0x1000);
	put32(MOD(i) + 0xa8, 0x3000);
	put64(MOD(i) + 0xb0, MOD(i) + 0x4000);
	put32(MOD(i) + 0xb8, 0x8000);
}

/* A circular doubly linked list through the members' list at offset L.list. */
static void link_modules(const int *idx, int n)
{
	uint64_t prev = HEAD;
	int k;

	for (k = 0; k < n; k++) {
		put64(prev, MOD(idx[k]) + L.list);
		put64(MOD(idx[k]) + L.list + 8, prev);
		prev = MOD(idx[k]) + L.list;
	}
	put64(prev, HEAD);
	put64(HEAD + 8, prev);
}

struct seen {
	int n;
	struct c2_module m[8];
};

static int collect(void *arg, const struct c2_module *m)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->m[s->n++] = *m;
	return 0;
}

static int walk(struct seen *s, struct modules_stats *st)
{
	memset(s, 0, sizeof(*s));
	return modules_walk(&L, rd, NULL, collect, s, st);
}

/* Symbol table of module i: n entries, names, letters; strings in the data region. */
static void symtab(int i, uint32_t n, const char *const *names, const char *types, const uint64_t *values)
{
	uint64_t ks = MOD(i) + 0x100, tab = MOD(i) + 0x4000, str = MOD(i) + 0x6000, ty = MOD(i) + 0x5800;
	uint32_t k, off = 1;

	put64(MOD(i) + L.kallsyms, ks);
	put64(ks + L.ks_symtab, tab);
	put32(ks + L.ks_num_symtab, n);
	put64(ks + L.ks_strtab, str);
	put64(ks + L.ks_typetab, ty);
	mem[str - BASE] = 0;
	for (k = 0; k < n; k++) {
		uint64_t e = tab + 24 * (uint64_t)k;

		memset(mem + (e - BASE), 0, 24);
		if (k == 0)
			continue;
		put32(e, off);
		put64(e + 8, values[k]);
		strcpy((char *)mem + (str + off - BASE), names[k]);
		off += (uint32_t)strlen(names[k]) + 1;
		mem[ty + k - BASE] = (uint8_t)types[k];
	}
}

struct syms {
	int n;
	char line[16][80];
};

static int collect_sym(void *arg, const struct modules_sym *s)
{
	struct syms *v = arg;

	if (v->n < 16)
		snprintf(v->line[v->n++], 80, "%llx %c %s", (unsigned long long)s->value, s->type, s->name);
	return 0;
}

/* --- btf_modules ------------------------------------------------------------- */

#define BHEAD (BASE + 0x180000)
#define BM(i) (BASE + 0x180100 + 0x100 * (uint64_t)(i))   /* struct btf_module */
#define BTFS(i) (BASE + 0x190000 + 0x1000 * (uint64_t)(i)) /* struct btf */
static const struct modules_btf_layout BL = {
	.head = BHEAD, .bm_list = 0, .bm_module = 16, .bm_btf = 24,
	.data = 0, .data_size = 80, .start_id = 136, .start_str_off = 140,
	.mod_name = 0x18, .mod_name_len = 56,
};

/* Entry k: module i's BTF, its blob at BTFS(i) + 0x800. */
static void btf_entry(int k, int i, uint32_t size)
{
	put64(BM(k) + BL.bm_module, MOD(i));
	put64(BM(k) + BL.bm_btf, BTFS(i));
	put64(BTFS(i) + BL.data, BTFS(i) + 0x800);
	put32(BTFS(i) + BL.data_size, size);
	put32(BTFS(i) + BL.start_id, 1000);
	put32(BTFS(i) + BL.start_str_off, 5000);
}

static void link_btf(int n)
{
	uint64_t prev = BHEAD;
	int k;

	for (k = 0; k < n; k++) {
		put64(prev, BM(k) + BL.bm_list);
		put64(BM(k) + BL.bm_list + 8, prev);
		prev = BM(k) + BL.bm_list;
	}
	put64(prev, BHEAD);
	put64(BHEAD + 8, prev);
}

struct btf_seen {
	int n;
	struct modules_btf e[8];
	char err[8][80];
};

static int collect_btf(void *arg, const struct modules_btf *e)
{
	struct btf_seen *s = arg;

	if (s->n < 8) {
		s->e[s->n] = *e;
		snprintf(s->err[s->n], sizeof(s->err[0]), "%s", e->err ? e->err : "");
	}
	s->n++;
	return 0;
}

static void test_btf_modules(void)
{
	struct btf_seen s;
	char err[256];
	int rc;

	module(5, "ext4", 0, 0, 1);
	module(6, "jbd2", 0, 0, 1);
	btf_entry(0, 5, 0x2000);
	btf_entry(1, 6, 0x800);
	link_btf(2);
	memset(&s, 0, sizeof(s));
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc == 0 && s.n == 2 && !strcmp(s.e[0].name, "ext4") && !strcmp(s.e[1].name, "jbd2") && !s.e[0].err &&
		      s.e[0].data == BTFS(5) + 0x800 && s.e[0].size == 0x2000 && s.e[0].start_id == 1000 &&
		      s.e[0].start_str_off == 5000,
	      "two entries: names, blob, size, start_id (rc %d n %d: %s)", rc, s.n, rc ? err : "");

	/* A list that loops back to its first entry, not to the head. */
	put64(BM(1) + BL.bm_list, BM(0) + BL.bm_list);
	memset(&s, 0, sizeof(s));
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc < 0 && strstr(err, "does not point back"), "a loop: %s", err);
	/* A ring that points back all the way (each prev forged): the bound. */
	put64(BM(0) + BL.bm_list + 8, BM(1) + BL.bm_list);
	memset(&s, 0, sizeof(s));
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc < 0 && (strstr(err, "a loop") || strstr(err, "point back")), "a consistent ring: %s", err);
	/* A next pointer into nowhere. */
	link_btf(2);
	put64(BM(1) + BL.bm_list, 0xdead000000000000ull);
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc < 0 && strstr(err, "unreadable"), "next into nowhere: %s", err);
	link_btf(2);

	/* A btf pointer into nowhere: that entry carries the reason. */
	put64(BM(0) + BL.bm_btf, 0xdead000000000000ull);
	memset(&s, 0, sizeof(s));
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc == 0 && s.n == 2 && strstr(s.err[0], "struct btf is unreadable") && !s.err[1][0],
	      "btf into nowhere: entry error '%s', the next one fine", s.err[0]);
	put64(BM(0) + BL.bm_btf, BTFS(5));
	/* A huge data_size, and none. */
	put32(BTFS(5) + BL.data_size, 0xffffffff);
	put32(BTFS(6) + BL.data_size, 0);
	memset(&s, 0, sizeof(s));
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc == 0 && strstr(s.err[0], "data_size") && strstr(s.err[1], "data_size"), "data_size huge: '%s', 0: '%s'",
	      s.err[0], s.err[1]);
	put32(BTFS(5) + BL.data_size, 0x2000);
	/* A module pointer into nowhere. */
	put64(BM(1) + BL.bm_module, 0xdead000000000000ull);
	memset(&s, 0, sizeof(s));
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc == 0 && strstr(s.err[1], "struct module is unreadable") && !strcmp(s.e[1].name, "?"),
	      "module into nowhere: '%s'", s.err[1]);
	/* An empty list. */
	link_btf(0);
	memset(&s, 0, sizeof(s));
	rc = modules_btf_walk(&BL, rd, NULL, collect_btf, &s, err, sizeof(err));
	CHECK(rc == 0 && s.n == 0, "an empty list");
	/* The head itself unreadable. */
	{
		struct modules_btf_layout bad = BL;

		bad.head = 0x1000;
		rc = modules_btf_walk(&bad, rd, NULL, collect_btf, &s, err, sizeof(err));
		CHECK(rc < 0 && strstr(err, "unreadable"), "head unreadable: %s", err);
	}
}

/* --- btf_modules' layout by content ------------------------------------------ */

#define VMLINUX_BTF (BASE + 0x1a0000)   /* btf_vmlinux */

/* Entry k as btf_entry, plus what modules_btf_find looks for: a BTF header
 * at data whose sections add up to size, base_btf at 128, the module's name
 * at 176. */
static void btf_content(int k, int i, uint32_t size)
{
	uint64_t blob = BTFS(i) + 0x800;

	btf_entry(k, i, size);
	put32(blob, 0x0001eb9f);          /* magic, version 1, flags 0 */
	put32(blob + 4, 24);              /* hdr_len */
	put32(blob + 8, 0);               /* type_off */
	put32(blob + 12, 0x100);          /* type_len */
	put32(blob + 16, 0x100);          /* str_off */
	put32(blob + 20, size - 24 - 0x100);
	put64(BTFS(i) + 8, BTFS(i) + 0x400);   /* types: some other pointer */
	put64(BTFS(i) + 128, VMLINUX_BTF);
	memcpy(mem + (BTFS(i) + 176 - BASE), mem + (MOD(i) + BL.mod_name - BASE), 56);
}

static void test_btf_find(void)
{
	struct modules_btf_anchors a = {
		.head = BHEAD, .mod_name = BL.mod_name, .mod_name_len = BL.mod_name_len, .base = VMLINUX_BTF,
		.base_ids = 1000, .base_str_len = 5000,
	};
	struct modules_btf_layout l;
	char err[300];
	int rc;

	module(5, "ext4", 0, 0, 1);
	module(6, "jbd2", 0, 0, 1);
	memset(mem + (BTFS(5) - BASE), 0, 0x2000);
	btf_content(0, 5, 0x2000);
	btf_content(1, 6, 0x800);
	link_btf(2);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == 0 && l.head == BHEAD && l.bm_list == 0 && l.bm_module == BL.bm_module && l.bm_btf == BL.bm_btf &&
		      l.data == BL.data && l.data_size == BL.data_size && l.start_id == BL.start_id &&
		      l.start_str_off == BL.start_str_off,
	      "two entries: module %u btf %u data %u size %u start %u str %u (rc %d: %s)", l.bm_module, l.bm_btf,
	      l.data, l.data_size, l.start_id, l.start_str_off, rc, rc ? err : "");

	/* A word that equals start_id in one entry only: the other decides. */
	put32(BTFS(5) + 248, 1000);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == 0 && l.start_id == BL.start_id, "a decoy in one entry (rc %d: %s)", rc, rc ? err : "");
	/* In both: no one place, so not found (the caller goes by the types). */
	put32(BTFS(6) + 248, 1000);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "in one place each"), "a decoy in both: %s", err);
	put32(BTFS(5) + 248, 0);
	put32(BTFS(6) + 248, 0);
	/* Another kernel's count: start_id is nowhere. */
	a.base_ids = 999;
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "count of ids (999)") && strstr(err, "another kernel"), "another count: %s",
	      err);
	a.base_ids = 1000;
	/* A blob whose header is not BTF's: no data. */
	put32(BTFS(6) + 0x800, 0x0001eb9e);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "data"), "no magic: %s", err);
	put32(BTFS(6) + 0x800, 0x0001eb9f);
	/* A data_size that is not the blob's. */
	put32(BTFS(6) + BL.data_size, 0x7ff);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT, "data_size not the blob's: %s", err);
	put32(BTFS(6) + BL.data_size, 0x800);
	/* A struct btf without btf_vmlinux in it. */
	put64(BTFS(6) + 128, 0);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "struct btf holding btf_vmlinux"), "no base_btf: %s", err);
	put64(BTFS(6) + 128, VMLINUX_BTF);
	/* A struct btf named after another module than its entry's. */
	mem[BTFS(6) + 176 - BASE] = 'J';
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "whose name its struct btf holds"), "another module's name: %s", err);
	mem[BTFS(6) + 176 - BASE] = 'j';
	/* A loop, a next pointer into nowhere, an empty list, no head. */
	put64(BM(1) + BL.bm_list, BM(0) + BL.bm_list);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "damaged"), "a loop: %s", err);
	link_btf(2);
	put64(BM(1) + BL.bm_list, 0xdead000000000000ull);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "unreadable"), "next into nowhere: %s", err);
	link_btf(0);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "empty"), "an empty list: %s", err);
	a.head = 0x1000;
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	CHECK(rc == C2_ENOENT && strstr(err, "unreadable"), "head unreadable: %s", err);
	a.head = BHEAD;
	/* What was found reads the entries as the types would. */
	link_btf(2);
	rc = modules_btf_find(&a, rd, NULL, &l, err, sizeof(err));
	if (rc == 0) {
		struct btf_seen s;

		memset(&s, 0, sizeof(s));
		CHECK(l.mod_name == BL.mod_name && l.mod_name_len == BL.mod_name_len,
		      "the layout found names the module where the anchors said (0x%x, %u)", l.mod_name, l.mod_name_len);
		rc = modules_btf_walk(&l, rd, NULL, collect_btf, &s, err, sizeof(err));
		CHECK(rc == 0 && s.n == 2 && !strcmp(s.e[1].name, "jbd2") && s.e[1].size == 0x800 &&
			      s.e[1].data == BTFS(6) + 0x800 && s.e[1].start_id == 1000 && s.e[1].start_str_off == 5000,
		      "walked with the layout found (rc %d n %d)", rc, s.n);
	} else {
		CHECK(0, "found again: %s", err);
	}
}

int main(void)
{
	struct modules_stats st;
	struct modules_sym_stats sst;
	struct seen s;
	struct syms v;
	char err[256], buf[32];
	int order[] = { 2, 1, 0 };
	int rc;

	modules_flags(0, 0, 0, buf, sizeof(buf));
	CHECK(!strcmp(buf, ""), "no taints: no flags");
	modules_flags((1 << 12) | (1 << 13), 0, 0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "(OE)"), "out of tree, unsigned: (OE), got %s", buf);
	modules_flags(1, 1, 0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "(P+)"), "proprietary, loading: (P+), got %s", buf);
	{
		char big[40];

		/* Every bit set (forged): bounded by the buffer, terminated, marks kept. */
		memset(big, 'x', sizeof(big));
		modules_flags(~0ull, 1, 1, big, 32);
		CHECK(big[32] == 'x' && strlen(big) < 32 && strstr(big, "-+)"), "all 64 taint bits in 32 bytes: %s", big);
	}

	module(0, "virtio", 0, 0, 2);
	module(1, "virtio_ring", 0, 0, 1);
	module(2, "mydrv", 1, (1 << 12) | (1 << 13), 0);
	/* virtio is used by mydrv and virtio_ring */
	put64(MOD(0) + L.source_list, USE(0) + L.use_source_list);
	put64(USE(0) + L.use_source_list + 8, MOD(0) + L.source_list);
	put64(USE(0) + L.use_source, MOD(2));
	put64(USE(0) + L.use_source_list, USE(1) + L.use_source_list);
	put64(USE(1) + L.use_source_list + 8, USE(0) + L.use_source_list);
	put64(USE(1) + L.use_source, MOD(1));
	put64(USE(1) + L.use_source_list, MOD(0) + L.source_list);
	/* mydrv has init and no exit: permanent */
	put64(MOD(2) + L.init, 0xffffffff81000000ull);
	link_modules(order, 3);
	rc = walk(&s, &st);
	CHECK(rc == 0 && s.n == 3 && !st.unreadable && !st.cycles && !st.damaged, "three modules, n=%d", s.n);
	CHECK(!strcmp(s.m[0].name, "mydrv") && !strcmp(s.m[2].name, "virtio"), "list order");
	CHECK(!strcmp(s.m[0].state, "Loading") && !strcmp(s.m[0].flags, "(OE+)"), "state %s flags %s", s.m[0].state,
	      s.m[0].flags);
	CHECK(!strcmp(s.m[0].users, "[permanent],"), "permanent: %s", s.m[0].users);
	CHECK(!strcmp(s.m[2].users, "mydrv,virtio_ring,") && s.m[2].refcount == 2, "users %s refcount %lld",
	      s.m[2].users, (long long)s.m[2].refcount);
	CHECK(!strcmp(s.m[1].users, "-") && s.m[1].refcount == 1, "no users: -");
	CHECK(s.m[1].size == 0xb000 && s.m[1].base == MOD(1) + 0x1000 && s.m[1].nregions == 2 &&
		      !strcmp(s.m[1].region[1].name, "data"),
	      "size and base from the regions");

	/* A list that loops without returning to its head. */
	put64(MOD(0) + L.list, MOD(1) + L.list);
	rc = walk(&s, &st);
	CHECK(rc == 0 && st.cycles + st.damaged == 1 && s.n == 3, "looping list: cut and counted (n=%d)", s.n);
	/* A loop whose back links agree (each node's prev is its predecessor). */
	put64(MOD(1) + L.list + 8, MOD(0) + L.list);
	put64(MOD(0) + L.list, MOD(1) + L.list);
	rc = walk(&s, &st);
	CHECK(rc == 0 && st.cycles + st.damaged == 1 && s.n <= 3, "consistent loop: cut and counted");
	/* A next pointer into nowhere. */
	link_modules(order, 3);
	put64(MOD(1) + L.list, 0xdead000000000100ull);
	rc = walk(&s, &st);
	CHECK(rc == 0 && st.unreadable == 1 && s.n == 2, "next into nowhere: counted, n=%d", s.n);
	/* A head that cannot be read. */
	{
		struct modules_layout bad = L;

		bad.head = 0x1000;
		memset(&s, 0, sizeof(s));
		rc = modules_walk(&bad, rd, NULL, collect, &s, &st);
		CHECK(rc == 0 && st.unreadable == 1 && s.n == 0, "unreadable head: counted");
	}
	/* A link whose prev does not point back (a list changed under us). */
	link_modules(order, 3);
	put64(MOD(0) + L.list + 8, MOD(2) + L.list);
	rc = walk(&s, &st);
	CHECK(rc == 0 && st.damaged == 1 && s.n == 2, "changed list: counted, n=%d", s.n);
	link_modules(order, 3);

	/* Symbols: letters, exports, skipped forged offsets. */
	{
		const char *names[] = { "", "mydrv_init", "local_fn", "mydrv_data" };
		const char types[] = { 0, 't', 't', 'd' };
		uint64_t values[] = { 0, MOD(2) + 0x1000, MOD(2) + 0x1100, MOD(2) + 0x4800 };
		uint64_t ksym = MOD(2) + 0x7000, kstr = MOD(2) + 0x7100;

		symtab(2, 4, names, types, values);
		/* mydrv_init is exported: a prel32 kernel_symbol */
		put64(MOD(2) + L.syms, ksym);
		put32(MOD(2) + L.num_syms, 1);
		put32(ksym, (uint32_t)(values[1] - ksym));
		put32(ksym + 4, (uint32_t)(kstr - (ksym + 4)));
		strcpy((char *)mem + (kstr - BASE), "mydrv_init");
		rc = walk(&s, &st);
		CHECK(s.m[0].nsyms == 4, "symbol count %u", s.m[0].nsyms);
		memset(&v, 0, sizeof(v));
		rc = modules_symbols(&L, rd, NULL, &s.m[0], collect_sym, &v, &sst, err, sizeof(err));
		CHECK(rc == 0 && v.n == 3 && !sst.skipped, "three named symbols (rc %d n %d: %s)", rc, v.n, err);
		CHECK(v.n == 3 && strstr(v.line[0], " T mydrv_init") && strstr(v.line[1], " t local_fn") &&
			      strstr(v.line[2], " d mydrv_data"),
		      "letters: exported upper case, others lower: %s / %s / %s", v.line[0], v.line[1], v.line[2]);
		/* A forged string offset: that symbol is skipped and counted. */
		put32(MOD(2) + 0x4000 + 24 * 2, 0x7fffffff);
		memset(&v, 0, sizeof(v));
		rc = modules_symbols(&L, rd, NULL, &s.m[0], collect_sym, &v, &sst, err, sizeof(err));
		CHECK(rc == 0 && v.n == 2 && sst.skipped == 1, "forged string offset: skipped and counted");
		/* A forged count: the table would run past the module. */
		put32(MOD(2) + 0x100 + L.ks_num_symtab, 0x100000);
		rc = walk(&s, &st);
		rc = modules_symbols(&L, rd, NULL, &s.m[0], collect_sym, &v, &sst, err, sizeof(err));
		CHECK(rc < 0 && strstr(err, "outside the module"), "forged count: %s", err);
		put32(MOD(2) + 0x100 + L.ks_num_symtab, 0xffffffff);
		rc = modules_symbols(&L, rd, NULL, &s.m[0], collect_sym, &v, &sst, err, sizeof(err));
		CHECK(rc < 0, "count 2^32-1: %s", err);
		/* A string table pointer outside the module. */
		put32(MOD(2) + 0x100 + L.ks_num_symtab, 4);
		put64(MOD(2) + 0x100 + L.ks_strtab, 0xdead000000000000ull);
		rc = modules_symbols(&L, rd, NULL, &s.m[0], collect_sym, &v, &sst, err, sizeof(err));
		CHECK(rc < 0 && strstr(err, "outside the module"), "strtab outside: %s", err);
	}
	test_btf_modules();
	test_btf_find();
	UNIT_DONE();
}
