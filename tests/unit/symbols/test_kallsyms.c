/*
 * kallsyms decoding on synthetic memory images, one per table layout the
 * kernel has used: which tables exist, their order, their alignment, the
 * width of the markers and of the name index, and the address encoding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/core2.h"
#include "../../../lib/symbols/kallsyms.h"
#include "../unit.h"

#define KSTART 0xffff800000000000ull   /* x86_64's lowest kernel address */
#define BASE 0xffffffff81000000ull
#define IMG (4u << 20)
#define NSYM 1100

static uint8_t img[IMG];
static uint64_t pos;

struct tsym {
	char name[300];
	char type;
	uint64_t addr;
	int percpu;
};

static struct tsym syms[NSYM];
static char tokens[256][16];

/* Where build() put the name index, and the 3-byte reads (name index
 * probes) that fell outside it: each is a page a real dump decompresses. */
static uint64_t seqs_lo, seqs_hi;
static int stray_probes;
static size_t largest_read;   /* of rd_img since last reset */
/* Lookups by address made before the table is read whole, and their
 * answers. */
#define NPROBE 24
static uint64_t probe_addr[NPROBE], probe_size[NPROBE];
static struct ks_sym probe_sym[NPROBE];
static int probe_rc[NPROBE];

/* Reads of the whole address table [table_lo, table_hi) at once. */
static uint64_t table_lo, table_hi;
static int table_reads;

static int rd_img(void *arg, uint64_t addr, void *buf, size_t len)
{
	if (len > largest_read)
		largest_read = len;
	if (addr <= table_lo && addr + len >= table_hi)
		table_reads++;
	if (len == 3 && (addr < seqs_lo || addr >= seqs_hi))
		stray_probes++;
	if (addr < BASE || addr - BASE + len > pos)
		return -1;   /* past the image: unreadable, like a missing page */
	memcpy(buf, img + (addr - BASE), len);
	return 0;
}

static uint64_t emit(const void *p, size_t len)
{
	uint64_t at = BASE + pos;

	memcpy(img + pos, p, len);
	pos += len;
	return at;
}

static void align(unsigned a)
{
	while (pos % a)
		img[pos++] = 0;
}

/* Tokens: every printable character stands for itself; a few unused byte
 * values stand for common pieces, so that names are really compressed. */
static void make_tokens(void)
{
	static const char *multi[] = { "sym_", "kernel", "_init", "irq", "__", "cpu" };
	int i;

	memset(tokens, 0, sizeof(tokens));
	for (i = 32; i < 127; i++)
		tokens[i][0] = i;
	for (i = 0; i < 6; i++)
		strcpy(tokens[1 + i], multi[i]);
}

static size_t encode(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (*s) {
		int best = (unsigned char)*s, bl = 1, t;

		for (t = 1; t < 7; t++) {
			size_t l = strlen(tokens[t]);

			if (l > (size_t)bl && !strncmp(s, tokens[t], l)) {
				best = t;
				bl = l;
			}
		}
		out[n++] = best;
		s += bl;
	}
	return n;
}

static void make_symbols(int with_percpu)
{
	int i, k = 0;

	if (with_percpu)
		for (i = 0; i < 40; i++, k++) {
			snprintf(syms[k].name, sizeof(syms[k].name), "cpu_var_%d", i);
			syms[k].type = 'A';
			syms[k].addr = 0x1000 + 0x40 * i;
			syms[k].percpu = 1;
		}
	for (i = 0; k < NSYM; i++, k++) {
		syms[k].type = "TtDdBbRr"[i % 8];
		syms[k].addr = BASE + 0x10000 + 0x20 * (uint64_t)i - (i % 7 == 3 ? 0x20 : 0); /* some aliases */
		syms[k].percpu = 0;
		if (i == 5)
			strcpy(syms[k].name, "_stext");
		else if (i == 77)   /* needs the two-byte length */
			memset(syms[k].name, 'Q', 200), syms[k].name[200] = 0;
		else if (i == 300 || i == 301)   /* a repeated name: the first wins */
			strcpy(syms[k].name, "dup_name");
		else
			snprintf(syms[k].name, sizeof(syms[k].name), "%ssym_%u_irq%d", i % 3 ? "__" : "",
				 (unsigned)(i * 2654435761u) % 100000, i);
	}
}

enum layout { L61, L64_SEQ4, L62_SEQ3_AFTER_BASE, LNEW_PLACE, LABS_MARK8 };

struct built {
	struct ks_layout l;
	uint64_t stext;
};

static int cmp_idx_name(const void *a, const void *b)
{
	const int x = *(const int *)a, y = *(const int *)b;
	int c = strcmp(syms[x].name, syms[y].name);

	return c ? c : x - y;
}

static struct built build(enum layout lay, int percpu)
{
	static uint8_t names[NSYM * 400];
	uint32_t markers[(NSYM + 255) / 256], n = NSYM, i, moff = 0;
	uint16_t tindex[256];
	char ttab[256 * 16];
	size_t tlen = 0, nlen = 0;
	int order[NSYM];
	struct built b;
	uint64_t relbase = percpu ? syms[40].addr : syms[0].addr;
	unsigned al = lay == LNEW_PLACE ? 4 : 8;
	int seqw = lay == L64_SEQ4 ? 4 : (lay == L62_SEQ3_AFTER_BASE || lay == LNEW_PLACE) ? 3 : 0;
	int mw = lay == LABS_MARK8 ? 8 : 4;

	memset(&b, 0, sizeof(b));
	pos = 0;
	memset(img, 0xee, sizeof(img));
	for (i = 0; i < 256; i++) {
		tindex[i] = tlen;
		strcpy(ttab + tlen, tokens[i]);
		tlen += strlen(tokens[i]) + 1;
	}
	for (i = 0; i < n; i++) {
		uint8_t enc[400];
		char full[302];
		size_t l;

		if (i % 256 == 0)
			markers[i / 256] = nlen;
		full[0] = syms[i].type;
		memcpy(full + 1, syms[i].name, strlen(syms[i].name) + 1);
		l = encode(full, enc);
		if (l > 127) {
			names[nlen++] = (l & 0x7f) | 0x80;
			names[nlen++] = l >> 7;
		} else {
			names[nlen++] = l;
		}
		memcpy(names + nlen, enc, l);
		nlen += l;
	}
	(void)moff;
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort(order, n, sizeof(order[0]), cmp_idx_name);

#define LABEL() align(al)
	/* The address table, then (old layouts) the rest. */
	if (lay != LNEW_PLACE) {
		LABEL();
		if (lay == LABS_MARK8) {
			b.l.addresses = BASE + pos;
			for (i = 0; i < n; i++)
				emit(&syms[i].addr, 8);
		} else {
			b.l.offsets = BASE + pos;
			for (i = 0; i < n; i++) {
				int32_t v;

				if (!percpu)
					v = (int32_t)(uint32_t)(syms[i].addr - relbase);
				else if (syms[i].percpu)
					v = (int32_t)syms[i].addr;
				else
					v = (int32_t)(relbase - syms[i].addr - 1);
				emit(&v, 4);
			}
			LABEL();
			b.l.relative_base = emit(&relbase, 8);
			if (lay == L62_SEQ3_AFTER_BASE)
				goto seqs;
		}
	}
after_seqs_old:
	LABEL();
	b.l.num_syms = emit(&n, 4);
	LABEL();
	b.l.names = emit(names, nlen);
	LABEL();
	for (i = 0; i < (n + 255) / 256; i++) {
		uint64_t m = markers[i];

		emit(&m, mw);
	}
	if (lay == L64_SEQ4) {
		LABEL();
		for (i = 0; i < n; i++) {
			uint32_t s = order[i];

			emit(&s, 4);
		}
	}
	LABEL();
	b.l.token_table = emit(ttab, tlen);
	LABEL();
	b.l.token_index = emit(tindex, sizeof(tindex));
	if (lay == LNEW_PLACE) {
		LABEL();
		b.l.offsets = BASE + pos;
		for (i = 0; i < n; i++) {
			int32_t v = (int32_t)(syms[i].addr - (BASE + pos));

			emit(&v, 4);
		}
		goto seqs;
	}
	goto done;
seqs:
	LABEL();
	seqs_lo = BASE + pos;
	seqs_hi = seqs_lo + 3ull * n;
	for (i = 0; i < n; i++) {
		uint8_t s3[3] = { order[i] >> 16, order[i] >> 8, order[i] };

		emit(s3, 3);
	}
	if (lay == L62_SEQ3_AFTER_BASE) {
		lay = L61;   /* the rest as in 6.1 */
		goto after_seqs_old;
	}
done:
	b.stext = 0;
	for (i = 0; i < n; i++)
		if (!strcmp(syms[i].name, "_stext"))
			b.stext = syms[i].addr;
	(void)seqw;
	return b;
}

static int first_index(const char *name)
{
	int i;

	for (i = 0; i < NSYM; i++)
		if (!strcmp(syms[i].name, name))
			return i;
	return -1;
}

struct walk {
	int i, bad;
};

static int walk_cb(void *arg, const struct ks_sym *s)
{
	struct walk *w = arg;

	if (s->addr != syms[w->i].addr || s->type != syms[w->i].type || strcmp(s->name, syms[w->i].name))
		w->bad++;
	w->i++;
	return 0;
}

static void run_layout(const char *label, enum layout lay, int percpu, enum ks_encoding want_enc, int want_index)
{
	struct built b;
	struct kallsyms *ks;
	char err[256];
	const char *names[NSYM];
	uint32_t found[NSYM];
	int i, bad = 0, rc;
	struct walk w = { 0, 0 };

	make_symbols(percpu);
	seqs_lo = seqs_hi = 0;
	b = build(lay, percpu);
	stray_probes = 0;
	rc = ks_open(&ks, &b.l, rd_img, NULL, err, sizeof(err));
	CHECK(rc == 0, "%s: open (%s)", label, rc ? err : "ok");
	if (rc)
		return;
	if (lay == LNEW_PLACE)   /* the layout tells where the index is: no probe elsewhere */
		CHECK(stray_probes == 0, "%s: name index found with no probe outside it (%d)", label, stray_probes);
	CHECK(ks_count(ks) == NSYM, "%s: count %u", label, ks_count(ks));
	/* A module's address, past the last symbol, before any lookup has
	 * read the address table: answered from its last entry alone. */
	{
		struct ks_sym s;
		uint64_t size;

		largest_read = 0;
		rc = ks_lookup_addr(ks, syms[NSYM - 1].addr + 0x1000000, &s, &size);
		CHECK(rc == C2_ENOENT && strstr(ks_error(ks), "past the last kernel symbol") && largest_read <= 8,
		      "%s: past the last symbol, from one entry (%s; largest read %zu bytes)", label, ks_error(ks),
		      largest_read);
	}
	/* The first lookups probe the table entry by entry: their answers,
	 * kept here, must be those of the table read whole (below). */
	{
		uint64_t size;

		table_lo = b.l.offsets ? b.l.offsets : b.l.addresses;
		table_hi = table_lo + (b.l.offsets ? 4 : 8) * (uint64_t)NSYM;
		table_reads = 0;
		for (i = 0; i < NPROBE; i++) {
			probe_addr[i] = i == 0 ? 0x10 : syms[(i * 37) % NSYM].addr + (i % 3 ? 1 : 0);
			probe_rc[i] = ks_lookup_addr(ks, probe_addr[i], &probe_sym[i], &size);
			probe_size[i] = probe_rc[i] ? 0 : size;
		}
		CHECK(table_reads == 0, "%s: %d lookups probe the address table, never read it whole (%d reads)", label,
		      NPROBE, table_reads);
	}
	CHECK(ks_has_name_index(ks) == want_index, "%s: name index found: %d", label, ks_has_name_index(ks));
	found[0] = UINT32_MAX;
	names[0] = "_stext";
	CHECK(ks_find(ks, names, 1, found) == 0 && found[0] != UINT32_MAX, "%s: find _stext", label);
	rc = ks_confirm(ks, found[0], b.stext);
	CHECK(rc == 0, "%s: encoding confirmed (%s)", label, rc ? ks_error(ks) : "ok");
	CHECK(ks_encoding(ks) == want_enc, "%s: encoding is %s", label, ks_encoding_name(ks_encoding(ks)));

	/* Every name, found at its first occurrence, in one call. */
	for (i = 0; i < NSYM; i++)
		names[i] = syms[i].name;
	CHECK(ks_find(ks, names, NSYM, found) == 0, "%s: find all", label);
	for (i = 0; i < NSYM; i++)
		bad += found[i] != (uint32_t)first_index(syms[i].name);
	CHECK(bad == 0, "%s: every name found at its first index (%d wrong)", label, bad);

	names[0] = "no_such_symbol";
	names[1] = "sym_";
	CHECK(ks_find(ks, names, 2, found) == 0 && found[0] == UINT32_MAX && found[1] == UINT32_MAX,
	      "%s: absent names are not found", label);

	CHECK(ks_foreach(ks, walk_cb, &w) == 0 && w.i == NSYM && w.bad == 0, "%s: walk gives every symbol (%d bad)",
	      label, w.bad);

	/* Reverse lookups: inside a symbol, at an alias, and out of range. */
	{
		struct ks_sym s;
		uint64_t size;
		int k = percpu ? 40 + 20 : 20;

		rc = ks_lookup_addr(ks, syms[k].addr + 3, &s, &size);
		CHECK(rc == 0 && s.addr == syms[k].addr && size == 0x20 && !strcmp(s.name, syms[first_index(syms[k].name)].name),
		      "%s: address inside %s", label, syms[k].name);
		CHECK(ks_lookup_addr(ks, 0x10, &s, &size) != 0, "%s: address below every symbol", label);
		CHECK(ks_lookup_addr(ks, 0xffff888000001000ull, &s, &size) != 0,
		      "%s: a direct-map address is not inside a per-cpu symbol", label);
		CHECK(ks_lookup_addr(ks, syms[NSYM - 1].addr + 5, &s, &size) != 0, "%s: address past the last symbol",
		      label);
		for (bad = 0, k = 0; k < NPROBE; k++) {
			rc = ks_lookup_addr(ks, probe_addr[k], &s, &size);
			bad += rc != probe_rc[k] || (rc == 0 && (s.addr != probe_sym[k].addr || size != probe_size[k] ||
							       s.index != probe_sym[k].index ||
							       strcmp(s.name, probe_sym[k].name)));
		}
		CHECK(bad == 0, "%s: the lookups made by probing answer as the table read whole (%d differ)", label, bad);
	}
	ks_close(ks);
}

static int rd_fail(void *arg, uint64_t addr, void *buf, size_t len) { return -1; }

static int same_layout(const struct ks_layout *a, const struct ks_layout *b)
{
	return a->names == b->names && a->num_syms == b->num_syms && a->token_table == b->token_table &&
	       a->token_index == b->token_index && a->addresses == b->addresses && a->offsets == b->offsets &&
	       a->relative_base == b->relative_base;
}

/* Kernels before 6.0: the tables found in memory without VMCOREINFO. */
static void locate_one(const char *label, enum layout lay, int percpu)
{
	struct ks_layout got;
	struct built b;
	char err[256];
	int rc;

	make_symbols(percpu);
	b = build(lay, percpu);
	align(4096);   /* memory ends at a page, as in a dump */
	rc = ks_locate(rd_img, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err));
	CHECK(rc == 0 && same_layout(&got, &b.l), "%s: ks_locate finds every table (rc %d: %s)", label, rc,
	      rc ? err : "");
}

static uint64_t hole;   /* a page rd_holed cannot read */

static int rd_holed(void *arg, uint64_t addr, void *buf, size_t len)
{
	if (addr < hole + 4096 && addr + len > hole)
		return -1;
	return rd_img(arg, addr, buf, len);
}

static void locate_tests(void)
{
	struct ks_layout got;
	struct kallsyms *ks;
	struct built b;
	char err[256];
	uint32_t *mk;

	locate_one("5.x layout, base-relative, absolute per-cpu", L61, 1);
	locate_one("5.x layout, base-relative", L61, 0);
	/* Absolute tables are found, but their last address passes for a
	 * base: not claimed (x86_64 5.x kernels are base-relative). */

	/* Found, then decoded like VMCOREINFO's: _stext where it should be. */
	make_symbols(1);
	b = build(L61, 1);
	align(4096);
	if (ks_locate(rd_img, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == 0 &&
	    ks_open(&ks, &got, rd_img, NULL, err, sizeof(err)) == 0) {
		uint32_t idx;

		CHECK(ks_find_early(ks, "_stext", b.stext, &idx) == 0 && idx != UINT32_MAX &&
		      ks_confirm(ks, idx, b.stext) == 0, "located tables decode: _stext confirmed");
		ks_close(ks);
	} else {
		CHECK(0, "located tables open: %s", err);
	}

	/* A page not in the dump after the tables (the image's holes). */
	{
		static const uint8_t zero[3 * 4096];
		struct ks_layout want = b.l;

		emit(zero, sizeof(zero));
		hole = BASE + pos - 2 * 4096;
		CHECK(ks_locate(rd_holed, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == 0 && same_layout(&got, &want),
		      "a hole in the range: the tables are still found");
	}

	/* What is not there is not found, and says so. */
	CHECK(ks_locate(rd_img, NULL, KSTART, BASE, b.l.token_table - 512, &got, err, sizeof(err)) == C2_ENOENT &&
	      strstr(err, "no kallsyms tables"), "a range without the token index: %s", err);
	CHECK(ks_locate(rd_fail, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == C2_ENOENT,
	      "unreadable memory: %s", err);
	{
		uint16_t *ti = (uint16_t *)(img + (b.l.token_index - BASE)), save = ti[7];

		ti[7] = ti[6];   /* a step of 0 */
		CHECK(ks_locate(rd_img, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == C2_ENOENT,
		      "a token index with a step of 0 is none");
		ti[7] = save;
	}
	{
		char *tt = (char *)img + (b.l.token_table - BASE);
		uint16_t *ti = (uint16_t *)(img + (b.l.token_index - BASE));

		tt[ti[3] - 1] = 'x';   /* a token's NUL */
		CHECK(ks_locate(rd_img, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == C2_ENOENT,
		      "token strings that do not fit the index are no table");
		tt[ti[3] - 1] = 0;
	}
	mk = (uint32_t *)(img + (b.l.token_table - BASE)) - 8;   /* among the last markers */
	{
		uint32_t save[8];

		memcpy(save, mk, sizeof(save));
		memset(mk, 0xff, sizeof(save));
		CHECK(ks_locate(rd_img, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == C2_ENOENT,
		      "broken markers: not found");
		memcpy(mk, save, sizeof(save));
	}
	{
		uint32_t *np = (uint32_t *)(img + (b.l.num_syms - BASE)), save = *np;

		*np = save - 1;   /* one symbol fewer: the names no longer end at the markers */
		CHECK(ks_locate(rd_img, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == C2_ENOENT,
		      "a symbol count that does not fit the names: not found");
		*np = save;
	}
	CHECK(ks_locate(rd_img, NULL, KSTART, BASE, BASE + pos, &got, err, sizeof(err)) == 0 && same_layout(&got, &b.l),
	      "restored: found again");
}

int main(void)
{
	struct ks_layout l = { 1, 2, 3, 4, 0, 5, 6 };
	struct kallsyms *ks;
	char err[256];
	struct built b;

	make_tokens();
	run_layout("6.1 layout, base-relative, absolute per-cpu", L61, 1, KS_RELATIVE_PERCPU, 0);
	run_layout("6.1 layout, base-relative", L61, 0, KS_RELATIVE, 0);
	run_layout("seqs (4 bytes) before the token table", L64_SEQ4, 1, KS_RELATIVE_PERCPU, 1);
	run_layout("seqs (3 bytes) after the relative base", L62_SEQ3_AFTER_BASE, 0, KS_RELATIVE, 1);
	run_layout("newest: place-relative, 4-byte alignment", LNEW_PLACE, 0, KS_PLACE_RELATIVE, 1);
	run_layout("absolute addresses, 8-byte markers", LABS_MARK8, 0, KS_ABSOLUTE, 0);

	/* Hostile input. */
	CHECK(ks_open(&ks, &l, rd_fail, NULL, err, sizeof(err)) < 0, "unreadable tables: %s", err);
	make_symbols(0);
	b = build(L61, 0);
	{
		uint32_t huge = 0x7fffffff, *np = (uint32_t *)(img + (b.l.num_syms - BASE));
		uint32_t save = *np;

		*np = huge;
		CHECK(ks_open(&ks, &b.l, rd_img, NULL, err, sizeof(err)) < 0, "absurd symbol count: %s", err);
		*np = 0;
		CHECK(ks_open(&ks, &b.l, rd_img, NULL, err, sizeof(err)) < 0, "zero symbols: %s", err);
		*np = save;
	}
	{
		uint16_t *ti = (uint16_t *)(img + (b.l.token_index - BASE));

		ti[0] = 5;
		CHECK(ks_open(&ks, &b.l, rd_img, NULL, err, sizeof(err)) < 0, "bad token index: %s", err);
		ti[0] = 0;
	}
	{
		/* A names table cut short: lookups fail with an error, not garbage. */
		const char *nm = "definitely_absent";
		uint32_t f;
		int rc;

		CHECK(ks_open(&ks, &b.l, rd_img, NULL, err, sizeof(err)) == 0, "intact image opens");
		memset(img + (b.l.names - BASE) + 100, 0, 8);   /* zero lengths */
		rc = ks_find(ks, &nm, 1, &f);
		CHECK(rc < 0, "zero-length names entry is an error: %s", ks_error(ks));
		ks_close(ks);
	}
	b = build(L61, 0);
	{
		/* Found by fuzzing: token indexes out of order, the largest near the
		 * end of readable memory, made the token table read shrink below
		 * it and strnlen run past the copy. */
		uint16_t *ti = (uint16_t *)(img + (b.l.token_index - BASE)), save = ti[10];
		struct ks_layout bad = b.l;

		ti[10] = BASE + pos - b.l.token_table - 4;
		CHECK(ks_open(&ks, &b.l, rd_img, NULL, err, sizeof(err)) < 0, "a token at the end of memory: %s", err);
		ti[10] = save;
		bad.token_table = BASE + IMG;
		CHECK(ks_open(&ks, &bad, rd_img, NULL, err, sizeof(err)) == C2_ENODATA && strstr(err, "token_table"),
		      "unreadable token table: %s", err);
	}
	locate_tests();
	UNIT_DONE();
}
