/* The kernel's exported symbols, read from memory; see ksymtab.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksymtab.h"

#define ENTRY 12                        /* value, name, namespace: int32 each */
#define WINDOW (1ull << 20)             /* read from half of it below an entry to all of it above */
#define WINDOW_MAX (32ull << 20)
#define NAME_LEN 512                    /* KSYM_NAME_LEN */
#define NS_LEN 256

struct ksymtab {
	uint8_t *buf;                   /* the bytes read, at base */
	uint64_t base;
	size_t len;
	uint64_t start;                 /* the entries: n from start */
	size_t n;
	size_t run[3];                  /* sorted runs (__ksymtab, __ksymtab_gpl): [run[i], run[i + 1]) */
	int nruns;
	int big_endian;
};

enum { BAD, GOOD, BEYOND };             /* an entry: malformed, well formed, names past the bytes read */

static int64_t s32(int big_endian, const uint8_t *p)
{
	uint32_t v = big_endian ? (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]
				: (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];

	return (int32_t)v;
}

static int fail(const struct ksym_mem *m, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, m->errlen, fmt, ap);
	va_end(ap);
	return code;
}

/* Which bytes a symbol's name (bit 0) and a namespace's (bit 1: any
 * printable one, as in "module:kvm") may hold; NUL ends both. Every
 * entry's names are checked when a table is grown: a table look-up, not a
 * chain of comparisons (perf: 23% of `sym jiffies` on a code-only kernel). */
static const unsigned char name_chars[256] = {
	['!' ... '#'] = 2, ['$'] = 3, ['%' ... '-'] = 2, ['.'] = 3, ['/'] = 2, ['0' ... '9'] = 3,
	[':' ... '@'] = 2, ['A' ... 'Z'] = 3, ['[' ... '^'] = 2, ['_'] = 3, ['`'] = 2, ['a' ... 'z'] = 3,
	['{' ... '~'] = 2,
};

static int name_char(char c)
{
	return name_chars[(unsigned char)c] & 1;
}

/* The NUL-terminated string at addr, its characters a name's (or a
 * namespace's), shorter than max. */
static int string_at(const struct ksymtab *t, uint64_t addr, size_t max, int ns, const char **out)
{
	const unsigned char *s;
	unsigned want = ns ? 2 : 1;
	size_t room, i, lim;

	if (addr < t->base || addr - t->base >= t->len)
		return BEYOND;
	s = t->buf + (addr - t->base);
	room = t->len - (addr - t->base);
	lim = room < max ? room : max;
	for (i = 0; i < lim && s[i]; i++)
		if (!(name_chars[s[i]] & want))
			return BAD;
	if (i == room)
		return BEYOND;
	if (i == max || (!ns && !i))
		return BAD;
	*out = (const char *)s;
	return GOOD;
}

/* The entry at e (inside the bytes read): both names after it (the
 * strings section follows the tables) and below hi. */
static int entry_at(const struct ksymtab *t, uint64_t e, uint64_t hi, const char **name, uint64_t *value)
{
	const uint8_t *p = t->buf + (e - t->base);
	int64_t nsoff = s32(t->big_endian, p + 8);
	uint64_t n = e + 4 + s32(t->big_endian, p + 4), ns = e + 8 + nsoff;
	const char *nsname;
	int a, b = GOOD;

	/* A namespace offset of 0 is none (exports from assembly). */
	if (n <= e + ENTRY || n >= hi || (nsoff && (ns <= e + ENTRY || ns >= hi)))
		return BAD;
	if ((a = string_at(t, n, NAME_LEN, 0, name)) == BAD ||
	    (nsoff && (b = string_at(t, ns, NS_LEN, 1, &nsname)) == BAD))
		return BAD;
	if (a == BEYOND || b == BEYOND)
		return BEYOND;
	*value = e + s32(t->big_endian, p);
	return GOOD;
}

/* The entries around the one at entry, sorted by name but for one break
 * (where __ksymtab_gpl follows __ksymtab): first backwards, which may take
 * the break when entry lies in the second section, then forwards. BEYOND
 * when the bytes read end before the table does. */
static int grow(struct ksymtab *t, uint64_t lo, uint64_t hi, uint64_t entry)
{
	const char *name, *next, *prev;
	uint64_t first = entry, last = entry, end = t->base + t->len, second = 0, v;
	int st;

	if ((st = entry_at(t, entry, hi, &name, &v)) != GOOD)
		return st;
	for (next = name; first - t->base >= ENTRY; first -= ENTRY, next = prev) {
		if ((st = entry_at(t, first - ENTRY, hi, &prev, &v)) != GOOD)
			break;
		if (strcmp(prev, next) >= 0) {
			if (second)
				break;
			second = first;
		}
	}
	if (st == BEYOND || (st == GOOD && first - t->base < ENTRY && t->base > lo))
		return BEYOND;
	for (prev = name, st = GOOD; last + 2 * ENTRY <= end; last += ENTRY, prev = next) {
		if ((st = entry_at(t, last + ENTRY, hi, &next, &v)) != GOOD)
			break;
		if (strcmp(prev, next) >= 0) {
			if (second)
				break;
			second = last + ENTRY;
		}
	}
	if (st == BEYOND || (st == GOOD && last + 2 * ENTRY > end && end < hi))
		return BEYOND;
	t->start = first;
	t->n = (last - first) / ENTRY + 1;
	t->nruns = 0;
	t->run[t->nruns++] = 0;
	if (second)
		t->run[t->nruns++] = (second - first) / ENTRY;
	t->run[t->nruns] = t->n;
	return GOOD;
}

int ksymtab_lookup(const struct ksymtab *t, const char *name, uint64_t *addr)
{
	const char *s;
	uint64_t v;
	int i;

	for (i = 0; i < t->nruns; i++) {
		size_t lo = t->run[i], hi = t->run[i + 1];

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c;

			entry_at(t, t->start + mid * ENTRY, UINT64_MAX, &s, &v);
			if (!(c = strcmp(name, s))) {
				*addr = v;
				return 0;
			}
			if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
	}
	return C2_ENOENT;
}

int ksymtab_at_or_below(const struct ksymtab *t, uint64_t addr, const char **name, uint64_t *value)
{
	const char *s, *best = NULL;
	uint64_t v, bv = 0;
	size_t i;

	/* Sorted by name, not address: every entry's value (about 11,000),
	 * the entry read whole (its names checked) only when it would win. */
	for (i = 0; i < t->n; i++) {
		uint64_t e = t->start + i * ENTRY;

		v = e + s32(t->big_endian, t->buf + (e - t->base));
		if (v > addr || (best && v < bv))
			continue;
		if (entry_at(t, e, UINT64_MAX, &s, &v) == GOOD && (!best || v > bv || strcmp(s, best) < 0)) {
			best = s;
			bv = v;
		}
	}
	if (!best)
		return C2_ENOENT;
	*name = best;
	*value = bv;
	return 0;
}

void ksymtab_describe(const struct ksymtab *t, uint64_t *start, size_t *n)
{
	*start = t->start;
	*n = t->n;
}

void ksymtab_free(struct ksymtab *t)
{
	if (t)
		free(t->buf);
	free(t);
}

/* Both anchors in the table at their addresses. */
static int anchored(const struct ksym_mem *m, const struct ksymtab *t, const struct ksym_anchor anchors[2])
{
	uint64_t v;
	int i;

	for (i = 0; i < 2; i++)
		if (ksymtab_lookup(t, anchors[i].name, &v) < 0 || v != anchors[i].addr)
			return fail(m, C2_ENOENT, "the export table found at 0x%llx (%zu entries) %s %s at 0x%llx",
				    (unsigned long long)t->start, t->n,
				    ksymtab_lookup(t, anchors[i].name, &v) < 0 ? "does not list" : "misplaces", anchors[i].name,
				    (unsigned long long)anchors[i].addr);
	return 0;
}

/* buf (len bytes at base, malloc'd) becomes the table's; 1 when more bytes are needed. */
static int parse(const struct ksym_mem *m, uint8_t *buf, uint64_t base, size_t len, uint64_t lo, uint64_t hi,
		 uint64_t entry, const struct ksym_anchor anchors[2], struct ksymtab **out)
{
	struct ksymtab *t = calloc(1, sizeof(*t));
	int st, rc;

	if (!t) {
		free(buf);
		return fail(m, C2_ENOMEM, "out of memory");
	}
	t->buf = buf;
	t->base = base;
	t->len = len;
	t->big_endian = m->big_endian;
	if (len < ENTRY || entry < base || entry - base > len - ENTRY || (st = grow(t, lo, hi, entry)) == BAD) {
		ksymtab_free(t);
		return fail(m, C2_ENOENT, "no well-formed export table entry at 0x%llx", (unsigned long long)entry);
	}
	if (st == BEYOND) {
		ksymtab_free(t);
		return 1;
	}
	if ((rc = anchored(m, t, anchors)) < 0) {
		ksymtab_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int ksymtab_parse(const struct ksym_mem *m, const uint8_t *buf, uint64_t base, size_t len, uint64_t hi,
		  uint64_t entry, const struct ksym_anchor anchors[2], struct ksymtab **out)
{
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	if (!copy)
		return fail(m, C2_ENOMEM, "out of memory");
	memcpy(copy, buf, len);
	if ((rc = parse(m, copy, base, len, base, hi, entry, anchors, out)) == 1)
		return fail(m, C2_ENOENT, "the export table goes on past the bytes given");
	return rc;
}

/* Whether the string at addr is want's. */
static int names(const struct ksym_mem *m, uint64_t addr, const char *want)
{
	char got[64];
	size_t n = strlen(want) + 1;

	return n <= sizeof(got) && m->read(m->arg, addr, got, n) == 0 && !memcmp(got, want, n);
}

/* An entry in len bytes at addr (p) that points at an anchor and names it. */
static int anchor_entry(const struct ksym_mem *m, const struct ksym_anchor anchors[2], uint64_t addr,
			const uint8_t *p, size_t len, uint64_t *entry)
{
	size_t i;
	int a;

	for (i = (4 - addr % 4) % 4; i + ENTRY <= len; i += 4) {
		uint64_t e = addr + i, v = e + s32(m->big_endian, p + i);

		for (a = 0; a < 2; a++)
			if (v == anchors[a].addr && names(m, e + 4 + s32(m->big_endian, p + i + 4), anchors[a].name)) {
				*entry = e;
				return 1;
			}
	}
	return 0;
}

/* Whether PLAUSIBLE entries from e on (inside p's len bytes) look like
 * the table's: both names ahead of the entry and within NAMES_AHEAD (the
 * strings section follows the tables), or no namespace, and the symbol
 * not within a page of the entry (arrays of small numbers pass the rest);
 * and, as on every kernel seen (5.10 to 7.2, x86_64 and arm64), most
 * entries' namespace is the one empty string the linker merged them
 * into, so that its offset drops by an entry's size from one to the next
 * (BTF's member records, which pass the rest, do not do that). Other
 * tables of place-relative words (exception, bug, jump tables) point back
 * at code. */
#define PLAUSIBLE 8
#define NAMES_AHEAD (8ll << 20)

static int looks_like_table(int big_endian, const uint8_t *p, size_t len)
{
	int64_t prev = 0;
	size_t j, same = 0;

	if (len < PLAUSIBLE * ENTRY)
		return 0;
	for (j = 0; j < PLAUSIBLE; j++) {
		int64_t v = s32(big_endian, p + j * ENTRY), n = s32(big_endian, p + j * ENTRY + 4),
			ns = s32(big_endian, p + j * ENTRY + 8);

		if (n <= ENTRY || n > NAMES_AHEAD || (ns && (ns <= ENTRY || ns > NAMES_AHEAD)) || (v > -4096 && v < 4096))
			return 0;
		same += j && ns && ns == prev - ENTRY;
		prev = ns;
	}
	return same >= PLAUSIBLE / 2;
}

/* The names of PLAUSIBLE entries at e (p their bytes) as the table's
 * are: identifiers, in order (data that passes looks_like_table, as BTF's
 * member records, points at bytes that are not). */
static int names_sorted(const struct ksym_mem *m, uint64_t e, const uint8_t *p)
{
	char a[2][72];
	size_t j, k;

	for (j = 0; j < PLAUSIBLE; j++) {
		uint64_t n = e + j * ENTRY + 4 + s32(m->big_endian, p + j * ENTRY + 4);
		char *s = a[j % 2];

		if (m->read(m->arg, n, s, sizeof(a[0])) < 0)
			return 0;
		for (k = 0; k < sizeof(a[0]) && s[k] && name_char(s[k]); k++)
			;
		if (!k || k == sizeof(a[0]) || s[k])
			return 0;   /* an identifier of up to 71 characters: most are */
		if (j && strcmp(a[(j + 1) % 2], s) >= 0)
			return 0;
	}
	return 1;
}

/* Grow a table from entry: read a window around it, wider while the
 * table goes on past it. 0, 1 when entry is not the table's, < 0. */
static int table_from(const struct ksym_mem *m, uint64_t lo, uint64_t hi, uint64_t entry,
		      const struct ksym_anchor anchors[2], struct ksymtab **out)
{
	uint64_t w, from, to;
	uint8_t *buf;
	int rc;

	for (w = WINDOW;; w *= 2) {
		from = entry - lo > w / 2 ? entry - w / 2 : lo;
		to = hi - entry > w ? entry + w : hi;
		if (!(buf = malloc(to - from)))
			return fail(m, C2_ENOMEM, "out of memory");
		if (m->read(m->arg, from, buf, to - from) < 0) {
			free(buf);
			return 1;
		}
		if ((rc = parse(m, buf, from, to - from, lo, hi, entry, anchors, out)) != 1)
			return rc == C2_ENOENT ? 1 : rc;
		if (w >= WINDOW_MAX)
			return fail(m, C2_ENOENT, "the export table at 0x%llx goes on past %llu MB",
				    (unsigned long long)entry, WINDOW_MAX >> 20);
	}
}

/* One page every SAMPLE bytes, from the top: the two tables together are
 * far longer on any kernel with modules (120 KB and more on Debian's). */
#define SAMPLE (64u << 10)
#define PAGE 4096u

static int sampled(const struct ksym_mem *m, uint64_t lo, uint64_t hi, const struct ksym_anchor anchors[2],
		   struct ksymtab **out)
{
	uint8_t page[PAGE];
	uint64_t at;
	size_t i;
	int rc;

	for (at = (hi - 1) & ~(uint64_t)(SAMPLE - 1); at >= lo && at < hi; at -= SAMPLE) {
		if (m->read(m->arg, at, page, sizeof(page)) < 0)
			continue;
		for (i = (4 - at % 4) % 4; i + PLAUSIBLE * ENTRY <= sizeof(page) && at + i + PLAUSIBLE * ENTRY <= hi;
		     i += 4)
			if (looks_like_table(m->big_endian, page + i, sizeof(page) - i) && names_sorted(m, at + i, page + i)) {
				if ((rc = table_from(m, lo, hi, at + i, anchors, out)) <= 0)
					return rc;
				break;   /* not the table: on to the next sample */
			}
		if (at < SAMPLE)
			break;
	}
	return C2_ENOENT;
}

/* Word by word, down from hi, a page at a time (pages that cannot be read
 * skipped), with the first bytes of the page above for entries across. */
static int scanned(const struct ksym_mem *m, uint64_t lo, uint64_t hi, const struct ksym_anchor anchors[2],
		   uint64_t *entry)
{
	uint8_t buf[PAGE + ENTRY], carry[ENTRY];
	uint64_t at, start;
	size_t n, keep = 0;

	for (at = hi; at > lo; at = start) {
		start = (at - 1) & ~(uint64_t)(PAGE - 1);
		if (start < lo)
			start = lo;
		n = at - start;
		if (m->read(m->arg, start, buf, n) < 0) {
			keep = 0;
			continue;
		}
		memcpy(buf + n, carry, keep);
		if (anchor_entry(m, anchors, start, buf, n + keep, entry))
			return 0;
		keep = n < ENTRY - 4 ? n : ENTRY - 4;
		memcpy(carry, buf, keep);
	}
	return C2_ENOENT;
}

int ksymtab_find(const struct ksym_mem *m, uint64_t lo, uint64_t hi, const struct ksym_anchor anchors[2],
		 struct ksymtab **out)
{
	uint64_t entry;
	int rc;

	if ((rc = sampled(m, lo, hi, anchors, out)) != C2_ENOENT)
		return rc;
	/* A small table between the samples: an entry for an anchor. */
	if (scanned(m, lo, hi, anchors, &entry) < 0)
		return fail(m, C2_ENOENT, "no export table entry for %s or %s between 0x%llx and 0x%llx",
			    anchors[0].name, anchors[1].name, (unsigned long long)lo, (unsigned long long)hi);
	if ((rc = table_from(m, lo, hi, entry, anchors, out)) == 1)
		return fail(m, C2_ENOENT, "the export table entry for an anchor at 0x%llx is not in a table that lists "
					  "both %s and %s", (unsigned long long)entry, anchors[0].name, anchors[1].name);
	return rc;
}
