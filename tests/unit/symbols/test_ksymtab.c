/*
 * The export table's search (lib/symbols/ksymtab.c) on synthetic memory:
 * __ksymtab and __ksymtab_gpl as the kernel lays them out (three
 * place-relative words an entry, each section sorted by name, the names
 * after the tables, assembly exports without a namespace), between data
 * that looks like tables of small numbers; then tables too small for the
 * sampled search, anchors that do not match, and forged entries.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/symbols/ksymtab.h"
#include "../unit.h"

#define BASE 0xffffffff82000000ull
#define IMG (2u << 20)
#define TEXT 0xffffffff81000000ull   /* functions, below the image */
#define DATA 0xffffffff83000000ull   /* variables, above it */
#define MAXN 12000

static uint8_t img[IMG];
static char errbuf[512];
static int reads;

/* The image's memory: all of [addr, addr + len) inside it, or nothing. */
static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	reads++;
	if (addr < BASE || addr - BASE > IMG || len > IMG - (addr - BASE))
		return -1;
	memcpy(buf, img + (addr - BASE), len);
	return 0;
}

static struct ksym_mem mem = { rd, NULL, 0, errbuf, sizeof(errbuf) };

struct tsym {
	char name[40];
	uint64_t value;
	int gpl, asm_export;
	uint64_t entry;
};

static struct tsym syms[MAXN];
static size_t nsyms;

static int by_section_then_name(const void *a, const void *b)
{
	const struct tsym *x = a, *y = b;

	return x->gpl != y->gpl ? x->gpl - y->gpl : strcmp(x->name, y->name);
}

static void put32(size_t off, int64_t v)
{
	uint32_t u = (uint32_t)v;
	int i;

	for (i = 0; i < 4; i++)
		img[off + i] = mem.big_endian ? u >> (24 - 8 * i) : u >> (8 * i);
}

static uint32_t lcg(void)
{
	static uint32_t x = 12345;

	return x = x * 1103515245u + 12345u;
}

/* n exports (kfree, jiffies, init_uts_ns among them) at table_off; the
 * rest of the image small numbers, as arrays of sizes or BTF's members. */
static uint64_t K, U, J;

static void build(size_t n, size_t table_off)
{
	size_t i, off, strings;

	for (i = 0; i < IMG; i += 4)
		put32(i, lcg() % 4096 + 16);
	nsyms = 0;
	for (i = 0; i < n; i++) {
		struct tsym *s = &syms[nsyms++];

		memset(s, 0, sizeof(*s));
		if (i == 0)
			snprintf(s->name, sizeof(s->name), "kfree");
		else if (i == 1)
			snprintf(s->name, sizeof(s->name), "jiffies");
		else if (i == 2)
			snprintf(s->name, sizeof(s->name), "init_uts_ns");
		else
			snprintf(s->name, sizeof(s->name), "%c%s_%05zu", 'a' + (int)(lcg() % 26), i % 3 ? "fn" : "var", i);
		s->gpl = i == 2 || (i > 2 && i % 2);
		s->asm_export = i > 2 && i % 7 == 0;
		s->value = i == 1 || i == 2 || i % 3 == 0 ? DATA + i * 64 : TEXT + i * 16;
	}
	K = syms[0].value, J = syms[1].value, U = syms[2].value;
	qsort(syms, nsyms, sizeof(syms[0]), by_section_then_name);
	/* entries, then the CRCs, then the strings */
	strings = table_off + nsyms * 12 + nsyms * 4;
	memcpy(img + strings, "", 1);   /* the empty namespace */
	memcpy(img + strings + 1, "MYNS", 5);
	off = strings + 6;
	for (i = 0; i < nsyms; i++) {
		uint64_t e = BASE + table_off + i * 12, name = BASE + off;

		syms[i].entry = e;
		memcpy(img + off, syms[i].name, strlen(syms[i].name) + 1);
		off += strlen(syms[i].name) + 1;
		put32(table_off + i * 12, syms[i].value - e);
		put32(table_off + i * 12 + 4, name - (e + 4));
		put32(table_off + i * 12 + 8, syms[i].asm_export ? 0 : (BASE + strings + (i % 5 == 0)) - (e + 8));
	}
	for (i = 0; i < nsyms; i++)
		put32(table_off + nsyms * 12 + i * 4, lcg() | 0x80000000u);   /* CRCs: far off as offsets */
}

static int all_found(const struct ksymtab *t)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < nsyms; i++)
		if (ksymtab_lookup(t, syms[i].name, &v) < 0 || v != syms[i].value)
			return 0;
	return 1;
}

/* Every lookup that answers gives the symbol's value. */
static int none_wrong(const struct ksymtab *t)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < nsyms; i++)
		if (ksymtab_lookup(t, syms[i].name, &v) == 0 && v != syms[i].value)
			return 0;
	return 1;
}

/* The table built last found, with every export's value. */
static void finds_all(const char *what)
{
	struct ksym_anchor a[2] = { { "kfree", K }, { "init_uts_ns", U } };
	struct ksymtab *t = NULL;
	int rc = ksymtab_find(&mem, BASE, BASE + IMG, a, &t);

	CHECK(rc == 0 && t && all_found(t), "%s (%s)", what, rc ? errbuf : "found");
	ksymtab_free(t);
}

int main(void)
{
	struct ksym_anchor a[2];
	struct ksymtab *t = NULL;
	uint64_t v, start;
	size_t n, i;
	int rc;

	/* A table of 10,000 entries, found by the sampled search. */
	build(10000, 700000);
	a[0] = (struct ksym_anchor){ "kfree", K };
	a[1] = (struct ksym_anchor){ "init_uts_ns", U };
	reads = 0;
	rc = ksymtab_find(&mem, BASE, BASE + IMG, a, &t);
	CHECK(rc == 0, "10,000 exports between small numbers: found (%s)", rc ? errbuf : "");
	if (rc == 0) {
		ksymtab_describe(t, &start, &n);
		CHECK(start == BASE + 700000 && n == 10000, "the table's start and its 10,000 entries (0x%llx, %zu)",
		      (unsigned long long)start, n);
		CHECK(all_found(t), "every export's value, both sections, with and without a namespace");
		CHECK(ksymtab_lookup(t, "jiffies", &v) == 0 && v == J, "jiffies at 0x%llx", (unsigned long long)v);
		CHECK(ksymtab_lookup(t, "nosuch", &v) == C2_ENOENT, "a name not exported: C2_ENOENT");
		CHECK(ksymtab_lookup(t, "", &v) == C2_ENOENT, "the empty name: C2_ENOENT");
		CHECK(reads < 400, "sampled, not read word by word (%d reads)", reads);
		{
			/* By address: each export's own (the table holds no two
			 * at one address), and below, between and above them
			 * the nearest at or below, against a walk of syms[]. */
			const char *name;
			uint64_t at, probe[5] = { J, J + 8, TEXT - 1, DATA + 10000 * 64 + 5, TEXT + 17 };
			size_t k, bad = 0;

			for (i = 0; i < nsyms; i++)
				if (ksymtab_at_or_below(t, syms[i].value, &name, &at) < 0 || at != syms[i].value ||
				    strcmp(name, syms[i].name))
					bad++;
			CHECK(!bad, "every export by its address (%zu wrong)", bad);
			for (k = 0; k < 5; k++) {
				const struct tsym *best = NULL;

				for (i = 0; i < nsyms; i++)
					if (syms[i].value <= probe[k] && (!best || syms[i].value > best->value))
						best = &syms[i];
				rc = ksymtab_at_or_below(t, probe[k], &name, &at);
				CHECK(best ? rc == 0 && at == best->value && !strcmp(name, best->name) : rc == C2_ENOENT,
				      "at or below 0x%llx: %s", (unsigned long long)probe[k], best ? best->name : "none");
			}
		}
		ksymtab_free(t);
		t = NULL;
	}

	/* Too small for the samples to meet: the word-by-word search by the anchors. */
	build(40, 300004);
	finds_all("a table of 40 entries between the samples");

	/* Anchors that do not match: a clear error, no table. */
	build(10000, 700000);
	a[0].addr = K + 16, a[1].addr = U;
	rc = ksymtab_find(&mem, BASE, BASE + IMG, a, &t);
	CHECK(rc == C2_ENOENT && !t && strstr(errbuf, "kfree"), "kfree placed elsewhere than the table says: %s",
	      errbuf);
	a[0].addr = K, a[1].addr = U + 8;
	rc = ksymtab_find(&mem, BASE, BASE + IMG, a, &t);
	CHECK(rc == C2_ENOENT && !t, "init_uts_ns placed elsewhere: %s", errbuf);
	a[1].addr = U;

	/* A forged entry (its name before the table) cuts the table there:
	 * an error when an anchor is cut off, else only right answers. */
	for (i = 1000; i < 10000; i += 2500) {
		build(10000, 700000);
		put32(700000 + i * 12 + 4, -64);
		rc = ksymtab_find(&mem, BASE, BASE + IMG, a, &t);
		CHECK(rc == C2_ENOENT || (rc == 0 && none_wrong(t)), "entry %zu's name offset forged: %s", i,
		      rc ? errbuf : "no wrong answer");
		ksymtab_free(t);
		t = NULL;
	}
	/* Two entries out of order: never a wrong answer. */
	build(10000, 700000);
	{
		uint8_t tmp[12];

		memcpy(tmp, img + 700000 + 5000 * 12, 12);
		memcpy(img + 700000 + 5000 * 12, img + 700000 + 5001 * 12, 12);
		memcpy(img + 700000 + 5001 * 12, tmp, 12);
	}
	rc = ksymtab_find(&mem, BASE, BASE + IMG, a, &t);
	CHECK(rc == C2_ENOENT || (rc == 0 && none_wrong(t)), "two entries swapped: %s", rc ? errbuf : "no wrong answer");
	ksymtab_free(t);
	t = NULL;

	/* A big-endian kernel's table. */
	mem.big_endian = 1;
	build(10000, 700000);
	finds_all("a big-endian kernel's table");
	mem.big_endian = 0;

	/* A name that runs to the end of the memory given: refused. */
	build(10000, 700000);
	rc = ksymtab_parse(&mem, img, BASE, 700000 + 10000 * 12 + 10000 * 4 + 12, BASE + IMG, syms[0].entry, a, &t);
	CHECK(rc == C2_ENOENT && !t, "the names past the bytes given: %s", errbuf);
	rc = ksymtab_parse(&mem, img, BASE, 700000 + 5000 * 12, BASE + IMG, syms[0].entry, a, &t);
	CHECK(rc == C2_ENOENT && !t, "the table past the bytes given: %s", errbuf);
	rc = ksymtab_parse(&mem, img, BASE, IMG, BASE + IMG, BASE + 100, a, &t);
	CHECK(rc == C2_ENOENT && !t, "no entry where one is said to be: %s", errbuf);
	rc = ksymtab_parse(&mem, img, BASE, 8, BASE + IMG, BASE, a, &t);
	CHECK(rc == C2_ENOENT && !t, "fewer bytes than an entry: %s", errbuf);
	UNIT_DONE();
}
