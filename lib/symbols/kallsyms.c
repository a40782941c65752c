/* Decoding kallsyms from the dumped kernel's memory; see kallsyms.h. */
#include "kallsyms.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core2.h"

/* Bounds on what a sane table holds: the kernel's own limits are 2^24
 * symbols (3-byte name index) and 0x3fff-byte compressed names. */
#define KS_MAX_SYMS (1u << 24)
#define KS_MAX_NAMES_BYTES (256u << 20)
#define KS_WINDOW 65536
#define KS_EARLY 1024

struct kallsyms {
	struct ks_layout l;
	ks_read_fn *rd;
	void *arg;
	char err[256];

	uint32_t n;
	enum ks_encoding enc;
	int confirmed;
	uint64_t relative_base;

	char *tokbuf;                      /* the token table, copied */
	const char *tokens[256];           /* expanded tokens, into tokbuf */
	uint16_t toklen[256];

	/* kallsyms_markers: names offset of every 256th symbol (0 if not found). */
	uint64_t markers_addr;
	uint32_t nmarkers;
	uint32_t *markers;

	/* kallsyms_seqs_of_names: symbol numbers in name order. */
	uint64_t seqs_addr;
	int seq_width;                      /* 0 (none), 3 (big-endian) or 4 */
	int seqs_verified;                  /* passed the thorough check */

	/* The address table, read whole on first need: addresses (absolute
	 * encoding) or the raw offsets, decoded as they are compared. The
	 * first few lookups by address probe it entry by entry instead. */
	uint64_t *addrs;
	int32_t *offs;
	unsigned probed;                   /* lookups made by probing */

	/* A read window over memory, so that walking the names table does not
	 * make one small read per byte. Scans fill it whole; random probes
	 * read one page, since every page may cost a decompression. */
	uint8_t *win;                      /* KS_WINDOW bytes */
	uint64_t win_lo, win_hi;
	int scanning;
};

static int ks_fail(struct kallsyms *ks, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int ks_fail(struct kallsyms *ks, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ks->err, sizeof(ks->err), fmt, ap);
	va_end(ap);
	return code;
}

const char *ks_error(const struct kallsyms *ks) { return ks->err; }
uint32_t ks_count(const struct kallsyms *ks) { return ks->n; }
enum ks_encoding ks_encoding(const struct kallsyms *ks) { return ks->enc; }
int ks_has_name_index(const struct kallsyms *ks) { return ks->seq_width != 0; }

const char *ks_encoding_name(enum ks_encoding e)
{
	switch (e) {
	case KS_ABSOLUTE: return "absolute addresses";
	case KS_RELATIVE: return "offsets from kallsyms_relative_base";
	case KS_RELATIVE_PERCPU: return "offsets from kallsyms_relative_base, absolute per-cpu";
	case KS_PLACE_RELATIVE: return "place-relative offsets";
	}
	return "?";
}

static int rd(struct kallsyms *ks, uint64_t addr, void *buf, size_t len)
{
	if (ks->rd(ks->arg, addr, buf, len) < 0)
		return ks_fail(ks, C2_ENODATA, "cannot read kallsyms table at 0x%llx (%zu bytes)",
			       (unsigned long long)addr, len);
	return 0;
}

/* Bytes at addr through the window; at most KS_WINDOW at once. */
static const uint8_t *win_get(struct kallsyms *ks, uint64_t addr, size_t len)
{
	if (len > KS_WINDOW)
		return NULL;
	if (addr < ks->win_lo || addr + len > ks->win_hi || ks->win_hi == 0) {
		uint64_t lo = addr & ~4095ull;
		size_t want = ks->scanning ? KS_WINDOW : 4096;

		while (lo + want < addr + len)
			want += 4096;

		/* The window may reach into memory that is not there (past the
		 * end of .rodata); fall back to the exact span then. */
		if (ks->rd(ks->arg, lo, ks->win, want) < 0) {
			lo = addr;
			want = len;
			if (ks->rd(ks->arg, lo, ks->win, want) < 0) {
				ks->win_lo = ks->win_hi = 0;
				ks_fail(ks, C2_ENODATA, "cannot read kallsyms table at 0x%llx", (unsigned long long)addr);
				return NULL;
			}
		}
		ks->win_lo = lo;
		ks->win_hi = lo + want;
	}
	return ks->win + (addr - ks->win_lo);
}

/* Decode the length of the names entry at offset off; sets *hdr to the
 * number of length bytes. */
static int entry_len(struct kallsyms *ks, uint64_t off, unsigned *len, unsigned *hdr)
{
	const uint8_t *p = win_get(ks, ks->l.names + off, 2);

	if (!p)
		return C2_ENODATA;
	if (p[0] & 0x80) {
		*len = (p[0] & 0x7f) | ((unsigned)p[1] << 7);
		*hdr = 2;
	} else {
		*len = p[0];
		*hdr = 1;
	}
	if (*len == 0)
		return ks_fail(ks, C2_EFORMAT, "kallsyms names entry of length 0 at offset %llu",
			       (unsigned long long)off);
	return 0;
}

/* Expand the entry at offset off into type and name; *next gets the offset
 * of the following entry. */
static int expand(struct kallsyms *ks, uint64_t off, char *type, char *name, uint64_t *next)
{
	unsigned len, hdr, i, out = 0;
	const uint8_t *p;
	int rc;

	if ((rc = entry_len(ks, off, &len, &hdr)) < 0)
		return rc;
	if (!(p = win_get(ks, ks->l.names + off + hdr, len)))
		return C2_ENODATA;
	for (i = 0; i < len; i++) {
		const char *t = ks->tokens[p[i]];
		unsigned tl = ks->toklen[p[i]];

		if (out + tl >= KSYM_NAME_MAX + 1)
			return ks_fail(ks, C2_EFORMAT, "kallsyms name at offset %llu is too long",
				       (unsigned long long)off);
		memcpy(name + out, t, tl);
		out += tl;
	}
	if (out == 0)
		return ks_fail(ks, C2_EFORMAT, "empty kallsyms name at offset %llu", (unsigned long long)off);
	/* The first character is the type; shift it out. */
	*type = name[0];
	memmove(name, name + 1, out - 1);
	name[out - 1] = '\0';
	if (next)
		*next = off + hdr + len;
	return 0;
}

/* Skip count entries from offset off. */
static int skip(struct kallsyms *ks, uint64_t *off, uint32_t count)
{
	unsigned len, hdr;
	int rc;

	while (count--) {
		if ((rc = entry_len(ks, *off, &len, &hdr)) < 0)
			return rc;
		*off += hdr + len;
		if (*off > KS_MAX_NAMES_BYTES)
			return ks_fail(ks, C2_EFORMAT, "kallsyms names table runs past %u bytes", KS_MAX_NAMES_BYTES);
	}
	return 0;
}

static int read_tokens(struct kallsyms *ks)
{
	uint16_t idx[256];
	size_t span, last = 0;
	char *tab;
	int i, rc;

	if ((rc = rd(ks, ks->l.token_index, idx, sizeof(idx))) < 0)
		return rc;
	for (i = 0; i < 256; i++)
		if (idx[i] > last)
			last = idx[i];
	if (idx[0] != 0)
		return ks_fail(ks, C2_EFORMAT, "kallsyms_token_index does not start at 0");
	span = last + KSYM_NAME_MAX;
	if (!(tab = malloc(span + 1)))
		return ks_fail(ks, C2_ENOMEM, "out of memory");
	/* The last token may end close to an unreadable page: shrink until the
	 * read succeeds, then require every token to be terminated. The
	 * indexes need not be in order: the span covers the largest. */
	while (ks->rd(ks->arg, ks->l.token_table, tab, span) < 0) {
		if (span <= last + 16) {
			free(tab);
			return ks_fail(ks, C2_ENODATA, "cannot read kallsyms_token_table at 0x%llx",
				       (unsigned long long)ks->l.token_table);
		}
		span -= 16;
	}
	tab[span] = '\0';
	for (i = 0; i < 256; i++) {
		size_t l = strnlen(tab + idx[i], span - idx[i]);

		if (idx[i] + l >= span || l >= KSYM_NAME_MAX) {
			free(tab);
			return ks_fail(ks, C2_EFORMAT, "kallsyms token %d is not a terminated string", i);
		}
		ks->tokens[i] = tab + idx[i];
		ks->toklen[i] = l;
	}
	ks->tokbuf = tab;
	return 0;
}

/* Check a candidate markers table: it starts at 0, grows by whole runs of
 * 256 entries, and its last run ends the names table just before the table
 * itself (padding of less than 8 bytes). */
static int markers_try(struct kallsyms *ks, uint64_t addr, int width)
{
	uint32_t nm = ks->nmarkers, i;
	uint32_t *m = malloc(sizeof(*m) * nm);
	uint8_t *raw = malloc((size_t)width * nm);
	uint64_t off, end;

	if (!m || !raw || ks->rd(ks->arg, addr, raw, (size_t)width * nm) < 0)
		goto bad;
	for (i = 0; i < nm; i++) {
		uint64_t v = 0;

		memcpy(&v, raw + (size_t)i * width, width);
		if (v > KS_MAX_NAMES_BYTES || (i > 0 && v <= m[i - 1]) || (i == 0 && v != 0))
			goto bad;
		m[i] = v;
	}
	off = 0;
	if (nm > 1 && (skip(ks, &off, 256) < 0 || off != m[1]))
		goto bad;
	off = m[nm - 1];
	if (skip(ks, &off, ks->n - 256 * (nm - 1)) < 0)
		goto bad;
	end = ks->l.names + off;
	if (addr < end || addr - end >= 8)
		goto bad;
	free(raw);
	free(ks->markers);
	ks->markers = m;
	ks->markers_addr = addr;
	return 1;
bad:
	free(raw);
	free(m);
	ks->err[0] = '\0';
	return 0;
}

static uint64_t align_up(uint64_t v, unsigned a) { return (v + a - 1) & ~(uint64_t)(a - 1); }
static uint64_t align_down(uint64_t v, unsigned a) { return v & ~(uint64_t)(a - 1); }

/*
 * kallsyms_markers is not in VMCOREINFO. scripts/kallsyms.c always emits it
 * right after kallsyms_names; what follows it changed over the years
 * (kallsyms_token_table, or kallsyms_seqs_of_names then the token table),
 * and labels are aligned to 8 or to 4 bytes. Try where those layouts put it,
 * validate each, and as a last resort walk the names table to its end.
 */
static void find_markers(struct kallsyms *ks)
{
	static const unsigned aligns[] = { 8, 4 };
	uint64_t t = ks->l.token_table, names_end;
	int w, a, sw;

	ks->nmarkers = (ks->n + 255) / 256;
	for (w = 4; w <= 8; w += 4)
		for (a = 0; a < 2; a++) {
			if (markers_try(ks, align_down(t - (uint64_t)w * ks->nmarkers, aligns[a]), w))
				return;
			for (sw = 3; sw <= 4; sw++) {
				uint64_t s = align_down(t - (uint64_t)sw * ks->n, aligns[a]);

				if (markers_try(ks, align_down(s - (uint64_t)w * ks->nmarkers, aligns[a]), w))
					return;
			}
		}
	names_end = 0;
	ks->scanning = 1;
	if (skip(ks, &names_end, ks->n) < 0) {
		ks->scanning = 0;
		ks->err[0] = '\0';
		return;
	}
	ks->scanning = 0;
	for (w = 4; w <= 8; w += 4)
		for (a = 0; a < 2; a++)
			if (markers_try(ks, align_up(ks->l.names + names_end, aligns[a]), w))
				return;
}

/* Offset in the names table of symbol i. */
static int name_offset(struct kallsyms *ks, uint32_t i, uint64_t *off)
{
	if (i >= ks->n)
		return ks_fail(ks, C2_EINVAL, "symbol number %u out of range", i);
	if (ks->markers) {
		*off = ks->markers[i >> 8];
		return skip(ks, off, i & 0xff);
	}
	*off = 0;
	return skip(ks, off, i);
}

static int seq_at(struct kallsyms *ks, uint64_t table, int width, uint32_t pos, uint32_t *seq)
{
	uint8_t b[4] = { 0 };

	if (rd(ks, table + (uint64_t)pos * width, b, width) < 0)
		return C2_ENODATA;
	if (width == 3)
		*seq = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
	else
		*seq = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return *seq < ks->n ? 0 : C2_EFORMAT;
}

static int name_of(struct kallsyms *ks, uint32_t i, char *type, char *name)
{
	uint64_t off;
	int rc;

	if ((rc = name_offset(ks, i, &off)) < 0)
		return rc;
	return expand(ks, off, type, name, NULL);
}

/* A candidate name index is right if its entries are symbol numbers and the
 * names they point at are in order, probed at spread positions. */
static int seqs_ordered(struct kallsyms *ks, uint64_t addr, int width, uint32_t probes)
{
	char a[KSYM_NAME_MAX], b[KSYM_NAME_MAX], t;
	uint32_t k, pos, s1, s2;

	if (ks->n < 2)
		return 0;
	for (k = 0; k <= probes; k++) {
		pos = (uint32_t)((uint64_t)(ks->n - 2) * k / probes);
		if (seq_at(ks, addr, width, pos, &s1) < 0 || seq_at(ks, addr, width, pos + 1, &s2) < 0 ||
		    name_of(ks, s1, &t, a) < 0 || name_of(ks, s2, &t, b) < 0 || strcmp(a, b) > 0) {
			ks->err[0] = '\0';
			return 0;
		}
	}
	return 1;
}

/* Choosing a candidate takes two probes; a name the index finds is its own
 * proof, and before the index may say "absent" it gets a thorough check
 * (seqs_trusted), so that the common case reads few pages. */
static int seqs_try(struct kallsyms *ks, uint64_t addr, int width)
{
	if (!seqs_ordered(ks, addr, width, 1))
		return 0;
	ks->seqs_addr = addr;
	ks->seq_width = width;
	return 1;
}

static int seqs_trusted(struct kallsyms *ks)
{
	if (!ks->seqs_verified) {
		if (!seqs_ordered(ks, ks->seqs_addr, ks->seq_width, 16)) {
			ks->seq_width = 0;   /* fall back to scanning the names */
			return 0;
		}
		ks->seqs_verified = 1;
	}
	return 1;
}

/*
 * kallsyms_seqs_of_names (6.2+) is not in VMCOREINFO either. Layouts put it
 * just before kallsyms_token_table, after kallsyms_relative_base, or after
 * the offsets table when there is no relative base.
 */
static void find_name_index(struct kallsyms *ks)
{
	static const unsigned aligns[] = { 8, 4 };
	uint64_t after[3] = {
		ks->l.relative_base ? ks->l.relative_base + 8 : 0,
		ks->l.offsets ? ks->l.offsets + 4ull * ks->n : 0,
		ks->l.token_index + 512,
	};
	int a, w, i;

	if (!ks->markers)
		return;   /* without markers each probe would walk the whole table */
	/* Place-relative offsets came with labels aligned to 4 and the index
	 * right after the offsets: try there first (each miss costs pages). */
	if (ks->enc == KS_PLACE_RELATIVE && after[1] && seqs_try(ks, align_up(after[1], 4), 3))
		return;
	for (w = 3; w <= 4; w++)
		for (a = 0; a < 2; a++) {
			if (seqs_try(ks, align_down(ks->l.token_table - (uint64_t)w * ks->n, aligns[a]), w))
				return;
			for (i = 0; i < 3; i++)
				if (after[i] && seqs_try(ks, align_up(after[i], aligns[a]), w))
					return;
		}
}

static int read_offset(struct kallsyms *ks, uint32_t i, int32_t *v)
{
	return rd(ks, ks->l.offsets + 4ull * i, v, 4);
}

static uint64_t decode_offset(const struct kallsyms *ks, enum ks_encoding e, uint32_t i, int32_t v)
{
	switch (e) {
	case KS_RELATIVE:
		return ks->relative_base + (uint32_t)v;
	case KS_RELATIVE_PERCPU:
		return v >= 0 ? (uint64_t)v : ks->relative_base - 1 - (int64_t)v;
	case KS_PLACE_RELATIVE:
		return ks->l.offsets + 4ull * i + (int64_t)v;
	default:
		return 0;
	}
}

/* Symbol i's address, once build_addrs() has read the table. */
static uint64_t addr_at(const struct kallsyms *ks, uint32_t i)
{
	return ks->addrs ? ks->addrs[i] : decode_offset(ks, ks->enc, i, ks->offs[i]);
}

int ks_address(struct kallsyms *ks, uint32_t i, uint64_t *addr)
{
	int32_t v;
	int rc;

	if (i >= ks->n)
		return ks_fail(ks, C2_EINVAL, "symbol number %u out of range", i);
	if (ks->addrs || ks->offs) {
		*addr = addr_at(ks, i);
		return 0;
	}
	if (ks->enc == KS_ABSOLUTE)
		return rd(ks, ks->l.addresses + 8ull * i, addr, 8);
	if ((rc = read_offset(ks, i, &v)) < 0)
		return rc;
	*addr = decode_offset(ks, ks->enc, i, v);
	return 0;
}

int ks_open(struct kallsyms **out, const struct ks_layout *l, ks_read_fn *rdfn, void *arg, char *err,
	    size_t errlen)
{
	struct kallsyms *ks = calloc(1, sizeof(*ks));
	uint32_t n;
	int rc;

	*out = NULL;
	if (!ks) {
		snprintf(err, errlen, "out of memory");
		return C2_ENOMEM;
	}
	if (!(ks->win = malloc(KS_WINDOW))) {
		free(ks);
		snprintf(err, errlen, "out of memory");
		return C2_ENOMEM;
	}
	ks->l = *l;
	ks->rd = rdfn;
	ks->arg = arg;
	if (!l->names || !l->num_syms || !l->token_table || !l->token_index || (!l->addresses && !l->offsets)) {
		rc = ks_fail(ks, C2_ENOENT, "the kallsyms table locations are incomplete");
		goto fail;
	}
	if ((rc = rd(ks, l->num_syms, &n, 4)) < 0)
		goto fail;
	if (n == 0 || n > KS_MAX_SYMS) {
		rc = ks_fail(ks, C2_EFORMAT, "kallsyms_num_syms is %u: not a plausible count", n);
		goto fail;
	}
	ks->n = n;
	if ((rc = read_tokens(ks)) < 0)
		goto fail;

	if (l->addresses) {
		ks->enc = KS_ABSOLUTE;
	} else if (l->relative_base) {
		int32_t last;

		if ((rc = rd(ks, l->relative_base, &ks->relative_base, 8)) < 0 ||
		    (rc = read_offset(ks, n - 1, &last)) < 0)
			goto fail;
		/* With absolute per-cpu symbols, kernel addresses are stored as
		 * negative numbers; plain offsets from the base are small and
		 * positive. The last (highest) symbol tells them apart;
		 * ks_confirm() checks the choice. */
		ks->enc = last < 0 ? KS_RELATIVE_PERCPU : KS_RELATIVE;
	} else {
		ks->enc = KS_PLACE_RELATIVE;
	}
	find_markers(ks);
	find_name_index(ks);
	*out = ks;
	return 0;
fail:
	snprintf(err, errlen, "%s", ks->err);
	ks_close(ks);
	return rc;
}

/* --- Finding the tables without VMCOREINFO ----------------------------------- */

#define LOC_CHUNK (1u << 20)
#define LOC_TAIL (256u * 256)   /* the names after the last marker, at most */

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

static int loc_fail(char *err, size_t errlen, int code, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return code;
}

/* kallsyms_token_index: 0, then each token's offset, one token's length
 * and its NUL further. (A token may be empty, but few are: the kernel's
 * compression fills the unused byte values.) */
static int token_index_at(const uint8_t *p)
{
	unsigned i, prev = 0, v, nonempty = 0;

	if (le16(p) != 0)
		return 0;
	for (i = 1; i < 256; i++, prev = v) {
		v = le16(p + 2 * i);
		if (v < prev + 1 || v > prev + 128)
			return 0;
		nonempty += v > prev + 1;
	}
	return nonempty >= 64;
}

/* The token table that ends (8-byte aligned) at ti: its 256 strings must
 * lie exactly where the index says. 0 or the table's address. */
static uint64_t token_table_before(ks_read_fn *rd, void *arg, uint64_t ti, const uint8_t *idx_raw)
{
	uint32_t idx[256], i, k, last = le16(idx_raw + 510);
	uint64_t span = align_up(last + 2, 8) + 16 * 8, t;
	uint8_t *b;

	if (ti < span || !(b = malloc(span)))
		return 0;
	if (rd(arg, ti - span, b, span) < 0) {
		free(b);
		return 0;
	}
	for (i = 0; i < 256; i++)
		idx[i] = le16(idx_raw + 2 * i);
	for (k = 0; k <= 16; k++) {
		const uint8_t *tt = b + span - align_up(last + 2, 8) - 8 * k, *e;
		int ok = 1;

		if (tt < b)
			break;
		for (i = 0; i < 255 && ok; i++)
			ok = !memchr(tt + idx[i], 0, idx[i + 1] - idx[i] - 1) && tt[idx[i + 1] - 1] == 0;
		if (!ok || !(e = memchr(tt + last, 0, b + span - (tt + last))))
			continue;
		while (++e < b + span && !*e)
			;
		if (e == b + span) {
			t = ti - (uint64_t)(b + span - tt);
			free(b);
			return t;
		}
	}
	free(b);
	return 0;
}

/* kallsyms_markers (w bytes each) before the token table: markers[0] is 0,
 * then rising. The address, with *count values in *out (to free), or 0.
 * A kernel has a few hundred: a 16 KB window first, the most a table can
 * hold only when the walk runs past it. */
static uint64_t markers_before(ks_read_fn *rd, void *arg, uint64_t lo, uint64_t tt, int w, uint32_t **out,
			       uint32_t *count)
{
	const uint64_t most = (KS_MAX_SYMS / 256 + 2) * 8;
	uint64_t len = 16384, q, end, v, prev, k;
	uint8_t *b;

	for (;; len = most) {
		if (len > tt - lo)
			len = tt - lo;
		if (len < 2u * w || !(b = malloc(len)))
			return 0;
		if (rd(arg, tt - len, b, len) < 0)
			break;
		q = len - w;
		while (q >= (uint64_t)w && len - q <= 8 && (w == 4 ? le32(b + q) : le64(b + q)) == 0)
			q -= w;   /* alignment padding */
		end = q + w;
		for (prev = UINT64_MAX;; q -= w) {
			v = w == 4 ? le32(b + q) : le64(b + q);
			if (v >= prev || v > KS_MAX_NAMES_BYTES)
				goto none;
			if (v == 0) {
				*count = (uint32_t)((end - q) / w);
				if (!(*out = malloc(*count * sizeof(**out))))
					goto none;
				for (k = 0; k < *count; k++)
					(*out)[k] = (uint32_t)(w == 4 ? le32(b + q + 4 * k) : le64(b + q + 8 * k));
				free(b);
				return tt - len + q;
			}
			prev = v;
			if (q < (uint64_t)w)
				break;   /* ran out of the window */
		}
		free(b);
		if (len == most || len == tt - lo)
			return 0;
	}
none:
	free(b);
	return 0;
}

/* The names table ending at markers (mk, count, last): kallsyms_num_syms
 * 8 bytes before it, and every 256th entry where the markers say. 0 or the
 * address of num_syms; *nsyms its value. */
static uint64_t names_before(ks_read_fn *rd, void *arg, uint64_t lo, uint64_t mk, const uint32_t *markers,
			     uint32_t count, uint32_t *nsyms)
{
	uint64_t want = (uint64_t)markers[count - 1] + LOC_TAIL + 16, len = mk - lo < want ? mk - lo : want, a;
	uint8_t *b = malloc(len ? len : 1);

	if (!b || len < 16 || rd(arg, mk - len, b, len) < 0) {
		free(b);
		return 0;
	}
	/* b[0] is at mk - len; num_syms at mk - len + a. */
	for (a = align_down(mk - markers[count - 1] - 8, 8) - (mk - len); a + 8 < len && a <= len; a -= 8) {
		uint32_t n = le32(b + a), i;
		uint64_t off = 0, names = a + 8;

		if (n > (uint64_t)count * 256 || n <= (uint64_t)(count - 1) * 256)
			goto next;
		for (i = 0; i < n; i++) {
			uint32_t l;

			if (i % 256 == 0 && off != markers[i / 256])
				break;
			if (names + off >= len)
				break;
			l = b[names + off];
			if (l & 0x80) {
				if (names + off + 1 >= len)
					break;
				l = (l & 0x7f) | (uint32_t)b[names + off + 1] << 7;
				off++;
			}
			off += 1 + l;
		}
		if (i == n && names + off <= len && len - (names + off) < 8) {
			*nsyms = n;
			free(b);
			return mk - len + a;
		}
	next:
		if (a < 8)
			break;
	}
	free(b);
	return 0;
}

/* Everything before a token index found at ti (its 512 bytes in idx). */
static int tables_before(ks_read_fn *rd, void *arg, uint64_t kstart, uint64_t lo, uint64_t hi, uint64_t ti,
			 const uint8_t *idx,
			 struct ks_layout *out)
{
	uint32_t *markers = NULL, count = 0, n = 0;
	uint64_t tt, mk = 0, ns, rb;
	int w;

	if (!(tt = token_table_before(rd, arg, ti, idx)))
		return 0;
	for (w = 4; w <= 8 && !mk; w += 4)
		mk = markers_before(rd, arg, lo, tt, w, &markers, &count);
	if (!mk)
		return 0;
	ns = names_before(rd, arg, lo, mk, markers, count, &n);
	free(markers);
	if (!ns || rd(arg, ns - 8, &rb, 8) < 0)
		return 0;
	memset(out, 0, sizeof(*out));
	out->token_index = ti;
	out->token_table = tt;
	out->num_syms = ns;
	out->names = ns + 8;
	/* Before num_syms: kallsyms_relative_base, a kernel address, after
	 * the offsets; or, without a base, the absolute addresses (whose
	 * last, a kernel address too, would be taken for a base: x86_64 has
	 * had base-relative tables since 4.6, and symbols.c confirms the
	 * encoding against _stext). */
	if (rb >= kstart) {
		out->relative_base = ns - 8;
		out->offsets = ns - 8 - align_up(4ull * n, 8);
	} else {
		out->addresses = ns - 8ull * n;
	}
	return 1;
}

/* Memory for the scan, in pieces of up to step bytes where the whole does
 * not read; what is not in the dump (the kernel image has holes: freed
 * padding between its sections) reads as 0xff, which no table has. */
static void read_chunk(ks_read_fn *rd, void *arg, uint64_t start, uint8_t *buf, uint64_t len, uint64_t step)
{
	uint64_t at, n;

	if (rd(arg, start, buf, len) == 0)
		return;
	if (step < 64) {
		memset(buf, 0xff, len);
		return;
	}
	for (at = 0; at < len; at += n) {
		n = step - (start + at) % step;
		if (n > len - at)
			n = len - at;
		read_chunk(rd, arg, start + at, buf + at, n, step / 64);
	}
}

int ks_locate(ks_read_fn *rdfn, void *arg, uint64_t kstart, uint64_t lo, uint64_t hi, struct ks_layout *out, char *err,
	      size_t errlen)
{
	uint8_t *buf = malloc(LOC_CHUNK + 512);
	uint64_t end, start, len, p;

	if (!buf)
		return loc_fail(err, errlen, C2_ENOMEM, "out of memory");
	lo = align_up(lo, 8);
	hi = align_down(hi, 8);
	/* Backwards: the tables sit at the end of .rodata, nearer the data
	 * than the text. Chunks overlap by the index's 512 bytes. */
	for (end = hi; end > lo; end = start) {
		start = end - lo > LOC_CHUNK ? end - LOC_CHUNK : lo;
		len = end - start + 512;
		read_chunk(rdfn, arg, start, buf, len, 4096);
		for (p = align_down(len - 512, 8); len >= 512; p -= 8) {
			if (token_index_at(buf + p) && tables_before(rdfn, arg, kstart, lo, hi, start + p, buf + p, out)) {
				free(buf);
				return 0;
			}
			if (p < 8)
				break;
		}
	}
	free(buf);
	return loc_fail(err, errlen, C2_ENOENT, "no kallsyms tables found in memory");
}

void ks_close(struct kallsyms *ks)
{
	if (!ks)
		return;
	free(ks->markers);
	free(ks->addrs);
	free(ks->offs);
	free(ks->tokbuf);
	free(ks->win);
	free(ks);
}

uint64_t ks_size(struct kallsyms *ks, uint32_t i)
{
	uint64_t a, b;
	uint32_t j;

	if (ks_address(ks, i, &a) < 0)
		return 0;
	/* Aliases share an address; a few at most. */
	for (j = i + 1; j < ks->n && j < i + 64; j++) {
		if (ks_address(ks, j, &b) < 0)
			return 0;
		if (b != a)
			return (a ^ b) >> 63 || b < a ? 0 : b - a;
	}
	return 0;
}

int ks_get(struct kallsyms *ks, uint32_t i, struct ks_sym *out)
{
	int rc;

	if ((rc = name_of(ks, i, &out->type, out->name)) < 0)
		return rc;
	out->index = i;
	return ks_address(ks, i, &out->addr);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One pass over the names table, matching every wanted name at once. */
static int find_linear(struct kallsyms *ks, const char *const *names, size_t n, uint32_t *found)
{
	const char **sorted = malloc(n * sizeof(*sorted));
	char name[KSYM_NAME_MAX], type;
	uint64_t off = 0;
	size_t left = n, k;
	uint32_t i;
	int rc = 0;

	if (!sorted)
		return ks_fail(ks, C2_ENOMEM, "out of memory");
	memcpy(sorted, names, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	ks->scanning = 1;
	for (i = 0; i < ks->n && left; i++) {
		const char **hit;

		if ((rc = expand(ks, off, &type, name, &off)) < 0)
			break;
		const char *key = name;
		hit = bsearch(&key, sorted, n, sizeof(*sorted), cmp_str);
		if (!hit)
			continue;
		/* The first symbol of a name wins, as in the kernel's lookup. */
		for (k = 0; k < n; k++)
			if (found[k] == UINT32_MAX && !strcmp(names[k], name)) {
				found[k] = i;
				left--;
			}
	}
	ks->scanning = 0;
	free(sorted);
	return rc;
}

/* Binary search through kallsyms_seqs_of_names for the first symbol with
 * this name (the kernel's own kallsyms_lookup_name does the same). */
static int find_indexed(struct kallsyms *ks, const char *want, uint32_t *found)
{
	char name[KSYM_NAME_MAX], type;
	uint32_t lo = 0, hi = ks->n, seq;
	int rc;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if ((rc = seq_at(ks, ks->seqs_addr, ks->seq_width, mid, &seq)) < 0 ||
		    (rc = name_of(ks, seq, &type, name)) < 0)
			return rc;
		if (strcmp(name, want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = UINT32_MAX;
	if (lo < ks->n) {
		if ((rc = seq_at(ks, ks->seqs_addr, ks->seq_width, lo, &seq)) < 0 ||
		    (rc = name_of(ks, seq, &type, name)) < 0)
			return rc;
		if (!strcmp(name, want))
			*found = seq;
	}
	return 0;
}

int ks_find(struct kallsyms *ks, const char *const *names, size_t n, uint32_t *found)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		found[i] = UINT32_MAX;
	if (!ks->seq_width)
		return find_linear(ks, names, n, found);
	for (i = 0; i < n; i++)
		if ((rc = find_indexed(ks, names[i], &found[i])) < 0)
			return rc;
	for (i = 0; i < n; i++)
		if (found[i] == UINT32_MAX && !seqs_trusted(ks))
			return ks_find(ks, names, n, found);
	return 0;
}

int ks_confirm(struct kallsyms *ks, uint32_t idx, uint64_t addr)
{
	static const enum ks_encoding order[] = { KS_RELATIVE_PERCPU, KS_RELATIVE, KS_PLACE_RELATIVE };
	const char *name = "the reference symbol";
	int32_t v;
	size_t k;
	int rc;

	if (idx >= ks->n)
		return ks_fail(ks, C2_ENOENT, "the reference symbol is not in kallsyms");
	if (ks->enc == KS_ABSOLUTE) {
		uint64_t a;

		if ((rc = ks_address(ks, idx, &a)) < 0)
			return rc;
		if (a != addr)
			return ks_fail(ks, C2_EFORMAT, "kallsyms gives %s at 0x%llx, VMCOREINFO at 0x%llx", name,
				       (unsigned long long)a, (unsigned long long)addr);
		ks->confirmed = 1;
		return 0;
	}
	if ((rc = read_offset(ks, idx, &v)) < 0)
		return rc;
	if (decode_offset(ks, ks->enc, idx, v) == addr) {
		ks->confirmed = 1;
		return 0;
	}
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		if (order[k] != KS_PLACE_RELATIVE && !ks->l.relative_base)
			continue;
		if (decode_offset(ks, order[k], idx, v) == addr) {
			ks->enc = order[k];
			ks->confirmed = 1;
			free(ks->addrs);
			ks->addrs = NULL;
			return 0;
		}
	}
	return ks_fail(ks, C2_EFORMAT, "no kallsyms address encoding gives %s at 0x%llx (VMCOREINFO's value)", name,
		       (unsigned long long)addr);
}

static int build_addrs(struct kallsyms *ks);

int ks_find_early(struct kallsyms *ks, const char *name, uint64_t addr, uint32_t *idx)
{
	static const enum ks_encoding encs[] = { KS_RELATIVE_PERCPU, KS_RELATIVE, KS_PLACE_RELATIVE };
	uint32_t n = ks->n < KS_EARLY ? ks->n : KS_EARLY, i;
	int32_t off[KS_EARLY];
	char nm[KSYM_NAME_MAX], type;
	size_t e;

	*idx = UINT32_MAX;
	if (ks->enc == KS_ABSOLUTE)
		return 0;
	if (rd(ks, ks->l.offsets, off, 4ull * n) < 0)
		return C2_ENODATA;
	for (i = 0; i < n; i++)
		for (e = 0; e < sizeof(encs) / sizeof(encs[0]); e++) {
			if (encs[e] != KS_PLACE_RELATIVE && !ks->l.relative_base)
				continue;
			if (decode_offset(ks, encs[e], i, off[i]) == addr && name_of(ks, i, &type, nm) == 0 &&
			    !strcmp(nm, name)) {
				*idx = i;
				return 0;
			}
		}
	ks->err[0] = '\0';
	return 0;
}

int ks_foreach(struct kallsyms *ks, int (*cb)(void *arg, const struct ks_sym *s), void *arg)
{
	struct ks_sym s;
	uint64_t off = 0;
	uint32_t i;
	int rc = build_addrs(ks);

	if (rc < 0)
		return rc;
	ks->scanning = 1;
	for (i = 0; i < ks->n; i++) {
		if ((rc = expand(ks, off, &s.type, s.name, &off)) < 0 || (rc = ks_address(ks, i, &s.addr)) < 0)
			break;
		s.index = i;
		if ((rc = cb(arg, &s)) != 0)
			break;
	}
	ks->scanning = 0;
	return rc;
}

static int build_addrs(struct kallsyms *ks)
{
	if (ks->addrs || ks->offs)
		return 0;
	if (ks->enc == KS_ABSOLUTE) {
		uint64_t *a = malloc(8ull * ks->n);

		if (!a || rd(ks, ks->l.addresses, a, 8ull * ks->n) < 0) {
			free(a);
			return a ? C2_ENODATA : ks_fail(ks, C2_ENOMEM, "out of memory");
		}
		ks->addrs = a;
	} else {
		int32_t *o = malloc(4ull * ks->n);

		if (!o || rd(ks, ks->l.offsets, o, 4ull * ks->n) < 0) {
			free(o);
			return o ? C2_ENODATA : ks_fail(ks, C2_ENOMEM, "out of memory");
		}
		ks->offs = o;
	}
	return 0;
}

/* Lookups by address that probe the table entry by entry (about 20
 * reads of 4 bytes each, from a few pages) before it is read whole (92 to
 * 163 pages of a zlib dump for 6.x's 94,000 to 167,000 symbols): a `sym -r`
 * or the first frames of a `bt`, not the thousands of `bt -A`. */
#define KS_PROBED_LOOKUPS 32

int ks_lookup_addr(struct kallsyms *ks, uint64_t addr, struct ks_sym *out, uint64_t *size)
{
	uint32_t lo = 0, hi, i, j;
	uint64_t a, b, last;
	int rc;

	if (!ks->n)
		return ks_fail(ks, C2_ENOENT, "0x%llx: no kernel symbols", (unsigned long long)addr);
	if (!ks->addrs && !ks->offs && ks->probed++ >= KS_PROBED_LOOKUPS && (rc = build_addrs(ks)) < 0)
		return rc;
	/* Past the last symbol (a module's address, above the kernel's). */
	if ((rc = ks_address(ks, ks->n - 1, &last)) < 0)
		return rc;
	if (addr > last)
		return ks_fail(ks, C2_ENOENT, "0x%llx is past the last kernel symbol", (unsigned long long)addr);
	/* Last index whose address is <= addr. */
	hi = ks->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if ((rc = ks_address(ks, mid, &a)) < 0)
			return rc;
		if (a <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return ks_fail(ks, C2_ENOENT, "0x%llx is below the first kernel symbol", (unsigned long long)addr);
	i = lo - 1;
	if ((rc = ks_address(ks, i, &a)) < 0)
		return rc;
	/* Several symbols may share an address: take the first, as the
	 * kernel's get_symbol_pos() does; size runs to the next address. */
	while (i > 0 && (rc = ks_address(ks, i - 1, &b)) == 0 && b == a)
		i--;
	if (rc < 0)
		return rc;
	for (j = lo; j < ks->n && (rc = ks_address(ks, j, &b)) == 0 && b == a; j++)
		;
	if (rc < 0)
		return rc;
	if (j == ks->n)
		return ks_fail(ks, C2_ENOENT, "0x%llx is past the last kernel symbol", (unsigned long long)addr);
	/* Per-cpu symbols are offsets near zero; a kernel address above the
	 * last of them is not inside one. */
	if ((addr ^ a) >> 63)
		return ks_fail(ks, C2_ENOENT, "0x%llx is not inside a kernel symbol", (unsigned long long)addr);
	*size = b - a;
	return ks_get(ks, i, out);
}
