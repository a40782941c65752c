/* Kernel variables found in memory when the symbols list no data; see recover.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksymtab.h"
#include "recover.h"

#define REGION_MAX (64ull << 20)        /* between the code and the init code (10 to 20 MB) */
#define BTF_HDR 24
/* The kernel's BTF holds thousands of types (3.5 to 5.6 MB on Debian's
 * kernels); BPF programs built into the kernel bring BTF of their own, a
 * few hundred bytes (487 on Debian 12's x86_64 kernel, in .data, which
 * lies between the code and the init code there). */
#define BTF_MIN_KERNEL (256u << 10)

enum { R_BTF_START, R_BTF_STOP, R_INIT_TASK, R_MODULES, R_CMDLINE, R_N };
static const struct {
	const char *name;
	char type;
} known[R_N] = { { "__start_BTF", 'R' }, { "__stop_BTF", 'R' }, { "init_task", 'D' }, { "modules", 'D' },
		    { "saved_command_line", 'D' } };

struct recovery {
	int state[R_N];                 /* 0 not tried, 1 found, < 0 failed (why[i] says why) */
	uint64_t addr[R_N];
	char why[R_N][256];
	uint8_t *btf_region;            /* what the BTF search read (bigbuf.c), until taken */
	size_t btf_region_len, btf_off;
	int ks_state;                   /* the export table: as state[] */
	char ks_why[256];
	struct ksymtab *ks;
};

void recovery_free(struct recovery *r)
{
	if (r) {
		bigbuf_free(r->btf_region, r->btf_region_len);
		ksymtab_free(r->ks);
	}
	free(r);
}

int recover_take_btf(struct recovery *r, uint64_t start, void **buf, size_t *len, const uint8_t **btf)
{
	if (!r || !r->btf_region || r->state[R_BTF_START] != 1 || r->addr[R_BTF_START] != start)
		return C2_ENOENT;
	*buf = r->btf_region;
	*len = r->btf_region_len;
	*btf = r->btf_region + r->btf_off;
	r->btf_region = NULL;
	return 0;
}

/* The kernel's own list of a few variables for dump tools. */
static int from_vmcoreinfo(struct c2 *c2, const char *name, uint64_t *addr)
{
	char key[C2_SYM_NAME_MAX + 16];

	snprintf(key, sizeof(key), "SYMBOL(%s)", name);
	return c2_vmcoreinfo_num(c2, key, addr);
}

int recover_knows(struct c2 *c2, const char *name)
{
	uint64_t addr;
	size_t i;

	for (i = 0; i < R_N; i++)
		if (!strcmp(known[i].name, name))
			return 1;
	return from_vmcoreinfo(c2, name, &addr) == 0;
}

int sym_bounds(struct c2 *c2, const char *a, const char *b, uint64_t *lo, uint64_t *hi)
{
	const char *names[2] = { a, b };
	struct c2_sym s[2];
	int found[2], rc;

	if ((rc = sym_lookup_many_core(c2, names, 2, s, found)) < 0)
		return rc;
	if (!found[0] || !found[1] || s[0].addr >= s[1].addr)
		return c2_fail(c2, C2_ENOENT, "the symbols have no %s and %s to bound the search", a, b);
	*lo = s[0].addr;
	*hi = s[1].addr;
	return 0;
}

/* The region the BTF and the export table are searched in: from _etext to
 * _sinittext (the read-only data, and .data where it lies there), at most
 * REGION_MAX (the BTF search reads it into one buffer). */
static int between_code(struct c2 *c2, uint64_t *lo, uint64_t *hi)
{
	int rc;

	if ((rc = sym_bounds(c2, "_etext", "_sinittext", lo, hi)) < 0)
		return rc;
	if (*hi - *lo > REGION_MAX)
		return c2_fail(c2, C2_ENOENT, "_etext 0x%llx and _sinittext 0x%llx lie more than %llu MB apart",
			       (unsigned long long)*lo, (unsigned long long)*hi, REGION_MAX >> 20);
	return 0;
}

/* *out for name at addr (found in memory: no size). */
static int found_at(struct c2_sym *out, const char *name, uint64_t addr, char type)
{
	out->addr = addr;
	out->size = 0;
	out->type = type;
	snprintf(out->name, sizeof(out->name), "%s", name);
	out->module[0] = '\0';
	return 0;
}

/* BTF: a header (magic, version 1, its length, two sections inside the
 * room up to the init code, BTF_MIN_KERNEL bytes at least), a string
 * section that starts and ends with a NUL. */
struct btf_scan {
	uint8_t magic[2];
	uint64_t hi, start, size;
};

static int btf_at(struct c2 *c2, struct btf_scan *s, uint64_t addr, const uint8_t *p)
{
	uint64_t hdr = c2_load_uint(c2, p + 4, 4), toff = c2_load_uint(c2, p + 8, 4),
		 tlen = c2_load_uint(c2, p + 12, 4), soff = c2_load_uint(c2, p + 16, 4),
		 slen = c2_load_uint(c2, p + 20, 4), end;
	uint8_t first, last;

	if (p[0] != s->magic[0] || p[1] != s->magic[1] || p[2] != 1 || p[3] != 0 || hdr < BTF_HDR || hdr > 256 ||
	    !tlen || !slen || toff % 4)
		return 0;
	if (!(toff + tlen <= soff || soff + slen <= toff))
		return 0;
	end = hdr + (toff + tlen > soff + slen ? toff + tlen : soff + slen);
	if (end > s->hi - addr || end < BTF_MIN_KERNEL)
		return 0;
	if (c2_read_u8(c2, addr + hdr + soff, &first) < 0 || c2_read_u8(c2, addr + hdr + soff + slen - 1, &last) < 0 ||
	    first || last)
		return 0;
	s->start = addr;
	s->size = end;
	return 1;
}

static int btf_chunk(struct c2 *c2, void *arg, uint64_t addr, const uint8_t *p, size_t len)
{
	struct btf_scan *s = arg;
	size_t i;

	for (i = len >= BTF_HDR ? len - BTF_HDR + 1 : 0; i-- > 0;)
		if (p[i] == s->magic[0] && btf_at(c2, s, addr + i, p + i))
			return 1;
	return 0;
}

#define CODE_MAX 2048

int sym_code_addrs(struct c2 *c2, const char *fn, struct arch_code_addr **out, size_t *n)
{
	const struct arch *a = c2->arch;
	uint8_t code[CODE_MAX];
	struct c2_sym f;
	size_t len = CODE_MAX;
	int found = 0, rc;

	*out = NULL;
	*n = 0;
	if (!a || !a->code_addrs)
		return c2_fail(c2, C2_ENOENT, "the %s back end reads no addresses in code", a ? a->name : "dump's");
	if ((rc = sym_lookup_many_core(c2, &fn, 1, &f, &found)) < 0)
		return rc;
	if (!found)
		return c2_fail(c2, C2_ENOENT, "no %s in the symbols", fn);
	if (f.size && f.size < len)
		len = f.size;
	if ((rc = c2_read(c2, f.addr, code, len)) < 0)
		return rc;
	if (!(*out = malloc(2 * CODE_MAX * sizeof(**out))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	*n = a->code_addrs(code, len, f.addr, *out, 2 * CODE_MAX);
	return 0;
}

/* The BTF where the kernel's own code says it is: btf_parse_vmlinux()
 * loads __start_BTF and __stop_BTF (kernel/bpf/btf.c; weak symbols, so
 * through a GOT slot on arm64). The first address the back end reads in
 * that function's code that lies in the region and holds a BTF header as
 * the scan below accepts it: 1 and s set, else 0
 * (no such function or nothing found: the scan decides). The type layer
 * then reads the BTF on demand, where the scan reads all of it. */
static int btf_from_code(struct c2 *c2, struct btf_scan *s, uint64_t lo)
{
	struct arch_code_addr *cand;
	uint8_t hdr[BTF_HDR];
	size_t n, i;
	int found = 0;

	if (sym_code_addrs(c2, "btf_parse_vmlinux", &cand, &n) < 0)
		return 0;
	for (i = 0; i < n && !found; i++) {
		uint64_t at = cand[i].addr;

		if (cand[i].load && c2_read_u64(c2, at, &at) < 0)
			continue;
		found = at >= lo && at < s->hi && c2_read(c2, at, hdr, sizeof(hdr)) == 0 && btf_at(c2, s, at, hdr);
	}
	free(cand);
	return found;
}

static void btf_magic(struct c2 *c2, struct btf_scan *s)
{
	s->magic[0] = 0x9f;
	s->magic[1] = 0xeb;
	if (c2_load_uint(c2, s->magic, 2) != 0xeb9f) {   /* a big-endian kernel's */
		s->magic[0] = 0xeb;
		s->magic[1] = 0x9f;
	}
}

/* The BTF s found, recorded as __start_BTF and __stop_BTF (how: for -v). */
static void btf_found(struct c2 *c2, struct recovery *r, const struct btf_scan *s, const char *how)
{
	r->addr[R_BTF_START] = s->start;
	r->addr[R_BTF_STOP] = s->start + s->size;
	r->state[R_BTF_START] = r->state[R_BTF_STOP] = 1;
	c2_diagf(c2, "symbols: __start_BTF 0x%llx and __stop_BTF 0x%llx from the BTF header %s",
		 (unsigned long long)s->start, (unsigned long long)(s->start + s->size), how);
}

/* The BTF through btf_from_code, recorded as found: 1, or 0 (no state
 * changed). */
static int btf_by_code(struct c2 *c2, struct recovery *r, uint64_t lo, uint64_t hi)
{
	struct btf_scan s = { { 0, 0 }, hi, 0, 0 };

	btf_magic(c2, &s);
	if (!btf_from_code(c2, &s, lo))
		return 0;
	btf_found(c2, r, &s, "that btf_parse_vmlinux's code points at");
	return 1;
}

static int find_btf(struct c2 *c2, struct recovery *r)
{
	struct btf_scan s = { { 0, 0 }, 0, 0, 0 };
	uint8_t *region;
	uint64_t lo;
	int rc;

	btf_magic(c2, &s);
	if ((rc = between_code(c2, &lo, &s.hi)) < 0)
		return rc;
	if (btf_by_code(c2, r, lo, s.hi))
		return 0;
	/* The region is read into one buffer, from the top: the BTF's bytes
	 * are then read once, for the search and for the type layer. */
	if (!(region = bigbuf_alloc(s.hi - lo)))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if ((rc = dump_scan(c2, lo, s.hi, 1, region, btf_chunk, &s)) < 0) {
		bigbuf_free(region, s.hi - lo);
		return rc == C2_ENOENT ? c2_fail(c2, rc, "no BTF header between _etext and _sinittext") : rc;
	}
	r->btf_region = region;
	r->btf_region_len = s.hi - lo;
	r->btf_off = s.start - lo;
	btf_found(c2, r, &s, "found between _etext and _sinittext");
	return 0;
}

int recover_symbol(struct c2 *c2, struct recovery **rp, const char *name, int exports, struct c2_sym *out)
{
	struct recovery *r = *rp;
	uint64_t addr;
	size_t i;
	int rc;

	for (i = 0; i < R_N && strcmp(known[i].name, name); i++)
		;
	if (i == R_N) {
		/* The export table first: VMCOREINFO's SYMBOL(mem_section) is
		 * the array the variable points at. */
		char why[320] = "";

		if (exports) {
			if ((rc = recover_exported(c2, rp, name, out)) != C2_ENOENT)
				return rc;
			snprintf(why, sizeof(why), "%s", c2_error(c2));
		}
		if (from_vmcoreinfo(c2, name, &addr) < 0)
			return why[0] ? c2_fail(c2, C2_ENOENT, "%s", why) : c2_fail(c2, C2_ENOENT, "%s: no such symbol", name);
		return found_at(out, name, addr, '?');
	}
	if (!r && !(r = *rp = calloc(1, sizeof(*r))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (!r->state[i]) {
		r->state[i] = C2_ENOENT;   /* no second try from inside the first */
		if (i <= R_BTF_STOP) {
			rc = find_btf(c2, r);
		} else if ((rc = handle_find_variable(c2, name, &r->addr[i])) == 0) {
			r->state[i] = 1;
		}
		if (rc < 0) {
			r->state[i] = rc;
			if (i <= R_BTF_STOP)
				r->state[R_BTF_START] = r->state[R_BTF_STOP] = rc;
			snprintf(r->why[i], sizeof(r->why[i]), "%s", c2_error(c2));
			if (i <= R_BTF_STOP)
				memcpy(r->why[!i], r->why[i], sizeof(r->why[i]));
		}
	}
	if (r->state[i] < 0)
		return c2_fail(c2, r->state[i], "%s: not in the symbols (the kernel lists no data symbols) and not found "
						"in memory: %s", name, r->why[i]);
	return found_at(out, name, r->addr[i], known[i].type);
}

static int read_mem(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(arg, addr, buf, len);
}

/* The export table, found by its entries for kfree (in the symbols: code)
 * and init_uts_ns (in VMCOREINFO), between the code and the init code, or
 * below the BTF when that was found: the tables and their names come
 * before the BTF in the read-only data. */
static int find_exports(struct c2 *c2, struct recovery *r)
{
	struct ksym_anchor a[2] = { { "kfree", 0 }, { "init_uts_ns", 0 } };
	char err[256];
	struct ksym_mem m = { read_mem, c2, c2->arch && c2->arch->big_endian, err, sizeof(err) };
	struct c2_sym s;
	uint64_t lo, hi, start;
	size_t n;
	int found, rc;

	if ((rc = sym_lookup_many_core(c2, &a[0].name, 1, &s, &found)) < 0)
		return rc;
	if (!found)
		return c2_fail(c2, C2_ENOENT, "the symbols have no kfree to find the export table by");
	a[0].addr = s.addr;
	if (from_vmcoreinfo(c2, a[1].name, &a[1].addr) < 0)
		return c2_fail(c2, C2_ENOENT, "VMCOREINFO has no SYMBOL(init_uts_ns) to find the export table by");
	if ((rc = between_code(c2, &lo, &hi)) < 0)
		return rc;
	/* The tables lie below the BTF; where the kernel's code says the BTF
	 * is costs a few reads (the scan for it is left to the types). */
	if (!r->state[R_BTF_START])
		btf_by_code(c2, r, lo, hi);
	if (r->state[R_BTF_START] == 1 && r->addr[R_BTF_START] > lo && r->addr[R_BTF_START] < hi)
		hi = r->addr[R_BTF_START];
	if ((rc = ksymtab_find(&m, lo, hi, a, &r->ks)) < 0)
		return c2_fail(c2, rc, "%s", err);
	ksymtab_describe(r->ks, &start, &n);
	c2_diagf(c2, "symbols: the kernel's export table at 0x%llx, %zu entries, found by its entries for kfree and "
		     "init_uts_ns", (unsigned long long)start, n);
	return 0;
}

/* The export table, found at first use: 0, or its search's error again. */
static int exports_ready(struct c2 *c2, struct recovery **rp)
{
	struct recovery *r = *rp;
	int rc;

	if (!r && !(r = *rp = calloc(1, sizeof(*r))))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (!r->ks_state) {
		r->ks_state = C2_ENOENT;
		if ((rc = find_exports(c2, r)) < 0) {
			r->ks_state = rc;
			snprintf(r->ks_why, sizeof(r->ks_why), "%s", c2_error(c2));
		} else {
			r->ks_state = 1;
		}
	}
	return r->ks_state < 0 ? r->ks_state : 0;
}

int recover_exported(struct c2 *c2, struct recovery **rp, const char *name, struct c2_sym *out)
{
	struct recovery *r;
	uint64_t addr;
	int rc;

	if ((rc = exports_ready(c2, rp)) == C2_ENOMEM)
		return rc;
	r = *rp;
	if (rc < 0)
		return c2_fail(c2, r->ks_state, "%s: not in the symbols (the kernel lists no data symbols), and the "
						"kernel's export table was not found: %s", name, r->ks_why);
	if (ksymtab_lookup(r->ks, name, &addr) < 0)
		return c2_fail(c2, C2_ENOENT, "%s: no such symbol (the kernel lists no data symbols: built without "
					      "CONFIG_KALLSYMS_ALL; nor does it export one of that name)", name);
	return found_at(out, name, addr, '?');
}

int recover_exported_at(struct c2 *c2, struct recovery **rp, uint64_t addr, struct c2_sym *out)
{
	const char *name;
	uint64_t at;
	int rc;

	if ((rc = exports_ready(c2, rp)) == C2_ENOMEM)
		return rc;
	if (rc < 0)
		return c2_fail(c2, rc, "0x%llx: no symbol in the kernel's list (it lists no data symbols: built without "
				       "CONFIG_KALLSYMS_ALL), and the kernel's export table was not found: %s",
			       (unsigned long long)addr, (*rp)->ks_why);
	if (ksymtab_at_or_below((*rp)->ks, addr, &name, &at) < 0)
		return c2_fail(c2, C2_ENOENT, "0x%llx: no symbol in the kernel's list (it lists no data symbols: built "
					      "without CONFIG_KALLSYMS_ALL), and no exported symbol lies at or below it",
			       (unsigned long long)addr);
	if (at != addr)
		return c2_fail(c2, C2_ENOENT, "0x%llx: no symbol in the kernel's list (it lists no data symbols: built "
					      "without CONFIG_KALLSYMS_ALL) nor exported there; the nearest exported "
					      "symbol below is %s at 0x%llx, 0x%llx bytes below (its size is unknown)",
			       (unsigned long long)addr, name, (unsigned long long)at, (unsigned long long)(addr - at));
	return found_at(out, name, addr, '?');
}
