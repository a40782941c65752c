/*
 * Types: choosing a source (a BTF or CTF file, BTF in the dump's memory, or
 * the running kernel's /sys/kernel/btf/vmlinux) and answering queries and
 * assertions on it; see core2.h. Reading BTF is btf.c's business, reading
 * CTF ctf.c's; both answer in BTF's records. Assumptions are also answered
 * by the compiled-in offsets table (offsets.h) when no source is present,
 * and checked against it when one is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <ctf-api.h>

#include "../internal.h"
#include "btf.h"
#include "ctf.h"
#include "offsets.h"

#define TYPES_MAX_FILE (512u << 20)
/* vmlinux BTF is a few MB; a larger span between the symbols is a wrong
 * symbol table or a corrupt dump, not types worth reading. */
#define BTF_MAX_IN_MEMORY (64u << 20)
#define SYSFS_BTF "/sys/kernel/btf/vmlinux"

/* "--types none": no runtime source, so that the compiled-in table answers. */
#define TYPES_NONE "none"
/* Type ids the offsets table hands out (c2_type_find without a source). */
#define TABLE_ID 0x40000000u

struct typesrc {
	char source[512];
	struct btf *btf;     /* one of btf and ctf, unless failed */
	void *big;           /* btf's bytes, when read from the dump (bigbuf.c) */
	size_t big_len;
	struct lazy {        /* which of big's pages are read (btf_open_lazy) */
		struct c2 *c2;
		uint64_t addr;   /* of big[0] in the dump */
		uint8_t *have;   /* a bit per page of the dump's address space */
		size_t npages, nhave;
		/* The kernel's index of this BTF (lazy_locate): its types[]
		 * array and count; tried once. */
		int index_tried, sorted_tried;
		uint64_t index, rec1;   /* rec1: where record 1 lies in the dump */
		uint64_t kbtf;          /* btf_vmlinux: the kernel's struct btf */
		uint32_t index_n;
		/* Pages of the index read (a pointer each is thousands of
		 * reads of 8 bytes), a few, reused in turn. */
		struct index_page {
			uint64_t addr;   /* 0: none */
			uint8_t bytes[4096];
		} *pages;
		unsigned next_page;
	} lazy;
	struct ctfdict *ctf;
	int none;            /* --types none */
	int failed;          /* no source could be found; err has why */
	char err[512];
	int table_said;      /* the table's use was reported */
	struct btf *mod;     /* a module's split BTF on btf, once a name
				missed btf (one module at a time: split ids
				of different modules overlap) */
	char mod_name[64];
};

/* One query on whichever format the source has. */
#define Q(t, btf_fn, ctf_fn, ...) ((t)->ctf ? ctf_fn((t)->ctf, __VA_ARGS__) : btf_fn(QB(t), __VA_ARGS__))
/* Queries by id go to the module's split BTF when one is loaded (it
 * reaches vmlinux's ids too); searches by name start at vmlinux's. */
#define QB(t) ((t)->mod ? (t)->mod : (t)->btf)

static const char *q_error(const struct typesrc *t)
{
	return t->ctf ? ctfdict_error(t->ctf) : btf_error(QB(t));
}

static int q_count(struct typesrc *t, uint32_t *n)
{
	if (t->ctf) {
		*n = ctfdict_count(t->ctf);
		return C2_OK;
	}
	return btf_count(QB(t), n);
}

/* For messages: the number of types of a blob whole in memory. */
static uint32_t ntypes(struct btf *b)
{
	uint32_t n = 0;

	return btf_count(b, &n) < 0 || !n ? 0 : n - 1;
}

void typesrc_free(struct typesrc *t)
{
	if (!t)
		return;
	btf_close(t->mod);
	btf_close(t->btf);
	bigbuf_free(t->big, t->big_len);
	free(t->lazy.have);
	free(t->lazy.pages);
	ctfdict_close(t->ctf);
	free(t);
}

static int read_file(struct c2 *c2, const char *path, uint8_t **out, size_t *size, int sysfs)
{
	struct stat st;
	uint8_t *buf;
	size_t cap, len = 0;
	FILE *f;

	*out = NULL;
	if (!(f = fopen(path, "re")))
		return c2_fail(c2, errno == EACCES ? C2_EPERM : errno == ENOENT ? C2_ENOENT : C2_EIO, "%s: %s", path,
			       strerror(errno));
	/* sysfs files report a size but are read like any other; a regular
	 * file must be one of plausible size. */
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || (!sysfs && st.st_size < 4) ||
	    st.st_size > TYPES_MAX_FILE) {
		fclose(f);
		return c2_fail(c2, C2_EFORMAT, "%s: not a BTF or CTF file (not a regular file of plausible size)", path);
	}
	cap = st.st_size ? (size_t)st.st_size + 1 : 1u << 20;
	if (!(buf = malloc(cap))) {
		fclose(f);
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	}
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len, f);

		len += got;
		if (len < cap)
			break;
		if (cap >= TYPES_MAX_FILE) {
			free(buf);
			fclose(f);
			return c2_fail(c2, C2_EFORMAT, "%s: larger than %u MB", path, TYPES_MAX_FILE >> 20);
		}
		{
			uint8_t *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				fclose(f);
				return c2_fail(c2, C2_ENOMEM, "out of memory");
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return c2_fail(c2, C2_EIO, "%s: read error", path);
	}
	fclose(f);
	*out = buf;
	*size = len;
	return C2_OK;
}

/* Open a BTF blob as the source; buf is taken over. */
static int use_btf(struct c2 *c2, struct typesrc *t, uint8_t *buf, size_t size, const char *what)
{
	char err[256];
	int rc;

	if ((rc = btf_open(&t->btf, buf, size, 1, err, sizeof(err))) < 0)
		return c2_fail(c2, rc, "%s: %s", what, err);
	return C2_OK;
}

/* A CTF dict or archive as the source; buf is taken over. */
static int use_ctf(struct c2 *c2, struct typesrc *t, uint8_t *buf, size_t size, const char *what)
{
	char err[256];
	int rc;

	if ((rc = ctfdict_open(&t->ctf, buf, size, err, sizeof(err))) < 0)
		return c2_fail(c2, rc, "%s: %s", what, err);
	return C2_OK;
}

int c2_set_types_file(struct c2 *c2, const char *path)
{
	static const uint64_t ctfa_magic = 0x8b47f2a4d7623eebull;
	struct typesrc *t;
	uint8_t *buf;
	size_t size;
	int rc;

	if (!strcmp(path, TYPES_NONE)) {
		if (!(t = calloc(1, sizeof(*t))))
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		t->none = t->failed = 1;
		snprintf(t->err, sizeof(t->err), "no type source: disabled with --types none");
		snprintf(t->source, sizeof(t->source), "none (--types none)");
		typesrc_free(c2->types);
		c2->types = t;
		c2_diagf(c2, "types: none: runtime type sources disabled (--types none)");
		return C2_OK;
	}
	if ((rc = read_file(c2, path, &buf, &size, 0)) < 0)
		return rc;
	if (!(t = calloc(1, sizeof(*t)))) {
		free(buf);
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	}
	if (size >= 2 && buf[0] == (BTF_MAGIC & 0xff) && buf[1] == BTF_MAGIC >> 8) {
		if ((rc = use_btf(c2, t, buf, size, path)) == 0) {
			snprintf(t->source, sizeof(t->source), "BTF from %s (given with --types, %u types)", path,
				 ntypes(t->btf));
		}
	} else if ((buf[0] == 0xf2 && buf[1] == 0xdf) || (size >= 8 && !memcmp(buf, &ctfa_magic, 8))) {
		if ((rc = use_ctf(c2, t, buf, size, path)) == 0)
			snprintf(t->source, sizeof(t->source), "CTF from %s (given with --types, %u types)", path,
				 ctfdict_count(t->ctf) - 1);
	} else {
		free(buf);
		rc = c2_fail(c2, C2_EFORMAT, "%s: not a BTF or CTF file (unknown magic)", path);
	}
	if (rc < 0) {
		typesrc_free(t);
		return rc;
	}
	typesrc_free(c2->types);
	c2->types = t;
	c2_diagf(c2, "types: %s", t->source);
	return C2_OK;
}

#define LAZY_PAGE 4096u
#define LAZY_AHEAD 16u   /* pages read at once in order (measured: 8, 16, 32, 64) */

static int page_read(const struct lazy *z, size_t p)
{
	return z->have[p / 8] >> p % 8 & 1;
}

static void page_mark(struct lazy *z, size_t p, int read)
{
	if (read) {
		z->have[p / 8] |= 1u << p % 8;
		z->nhave++;
	} else {
		z->have[p / 8] &= ~(1u << p % 8);
		z->nhave--;
	}
}

/* btf.c's fill for BTF read on demand: the pages of the dump's address
 * space that bytes off .. off+len-1 of t->big lie on, each read once. */
static int lazy_fill(void *arg, size_t off, size_t len, size_t *avail, char *err, size_t errlen)
{
	struct typesrc *t = arg;
	struct lazy *z = &t->lazy;
	uint64_t first = z->addr & ~(uint64_t)(LAZY_PAGE - 1), end = z->addr + t->big_len;
	size_t p, q, last, ahead, need_to;
	int rc;

	if (!len || off > t->big_len || len > t->big_len - off) {
		snprintf(err, errlen, "BTF read of %zu bytes at %zu, past its %zu bytes", len, off, t->big_len);
		return C2_EINVAL;
	}
	p = (z->addr + off - first) / LAZY_PAGE;
	need_to = last = (z->addr + off + len - 1 - first) / LAZY_PAGE;
	for (; p <= last; p = q) {
		uint64_t from, to;

		if (page_read(z, p)) {
			q = p + 1;
			continue;
		}
		/* A run of pages not read yet: one read. Reading on from a page
		 * whose predecessor is there (btf.c placing records in order),
		 * take LAZY_AHEAD pages at once: large reads go straight from the
		 * file (fastread.c). Strings are read where names point, not
		 * in order. */
		ahead = p > 0 && page_read(z, p - 1) ? p + LAZY_AHEAD - 1 : last;
		if (ahead < last)
			ahead = last;
		if (ahead >= z->npages)
			ahead = z->npages - 1;
		for (q = p; q <= ahead && !page_read(z, q); q++)
			page_mark(z, q, 1);
		from = first + (uint64_t)p * LAZY_PAGE;
		to = first + (uint64_t)q * LAZY_PAGE;
		if (from < z->addr)
			from = z->addr;
		if (to > end)
			to = end;
		if ((rc = c2_read(z->c2, from, (uint8_t *)t->big + (from - z->addr), to - from)) < 0) {
			while (p < q)
				page_mark(z, p++, 0);
			snprintf(err, errlen, "%s", c2_error(z->c2));
			return rc;
		}
	}
	/* Valid from off to the end of the run of pages read (a byte of the
	 * bitmap at a time where it can: a whole blob read is 1,000 pages, and
	 * names are asked for a few thousand times). */
	for (q = need_to + 1; q < z->npages && page_read(z, q);)
		q = q % 8 == 0 && q + 8 <= z->npages && z->have[q / 8] == 0xff ? q + 8 : q + 1;
	*avail = (first + (uint64_t)q * LAZY_PAGE < end ? first + (uint64_t)q * LAZY_PAGE : end) - (z->addr + off);
	return C2_OK;
}

#define INDEX_PAGES 8

/* Entry id of the kernel's index (lazy_index) through a few cached pages
 * of it: 0, or C2_ENOENT. */
static int index_entry(struct lazy *z, uint64_t index, uint32_t id, uint64_t *p)
{
	uint64_t at = index + 8ull * id, page = at & ~4095ull;
	unsigned k;

	if (!z->pages && !(z->pages = calloc(INDEX_PAGES, sizeof(*z->pages))))
		return C2_ENOMEM;
	for (k = 0; k < INDEX_PAGES && z->pages[k].addr != page; k++)
		;
	if (k == INDEX_PAGES) {
		k = z->next_page++ % INDEX_PAGES;
		z->pages[k].addr = 0;
		if (c2_read(z->c2, page, z->pages[k].bytes, 4096) < 0)
			return C2_ENOENT;
		z->pages[k].addr = page;
	}
	*p = c2_load_uint(z->c2, z->pages[k].bytes + (at - page), 8);
	return 0;
}

/* The kernel's own index of its BTF, where it parsed it (kernel/bpf/btf.c:
 * btf_vmlinux, set once a module's BTF or a BPF program needed vmlinux's):
 * struct btf holds the data pointer (__start_BTF itself), the count of
 * ids, and types, an array of a pointer per id to where each record
 * starts. Found in the struct by what they hold, not by its layout (BTF
 * describes it only at a far id, and the header copy before the count grew
 * in 7.x): data equal to __start_BTF; the pointer whose second entry is the
 * first record's address; the count whose last entry points at the record
 * that ends the type section. btf.c checks each record it reads through
 * the index against the blob too. */
static int lazy_index(struct typesrc *t)
{
	struct lazy *z = &t->lazy;
	struct c2 *c2 = z->c2;
	const char *name = "btf_vmlinux";
	uint8_t s[256], head[12];
	struct c2_sym sym;
	uint64_t bp, w, rec1, end, second, last;
	uint32_t hdr_len, type_off, type_len, n;
	size_t i, j;
	int found = 0;

	if (sym_lookup_many_core(c2, &name, 1, &sym, &found) < 0 || !found || c2_read_u64(c2, sym.addr, &bp) < 0 || !bp ||
	    c2_read(c2, bp, s, sizeof(s)) < 0)
		return C2_ENOENT;
	memcpy(&hdr_len, (uint8_t *)t->big + 4, 4);
	memcpy(&type_off, (uint8_t *)t->big + 8, 4);
	memcpy(&type_len, (uint8_t *)t->big + 12, 4);
	rec1 = z->addr + hdr_len + type_off;
	end = rec1 + type_len;
	for (i = 0; i + 8 <= sizeof(s) && c2_load_uint(c2, s + i, 8) != z->addr; i += 8)
		;
	if (i + 8 > sizeof(s))
		return C2_ENOENT;
	for (i = 0; i + 8 <= sizeof(s); i += 8) {
		w = c2_load_uint(c2, s + i, 8);
		if (!w || w == z->addr || w & 7 || index_entry(z, w, 1, &second) < 0 || second != rec1)
			continue;
		for (j = 0; j + 4 <= sizeof(s); j += 4) {
			n = (uint32_t)c2_load_uint(c2, s + j, 4);
			if (n < 2 || n > type_len / 12 + 1 || index_entry(z, w, n - 1, &last) < 0 || last < rec1 ||
			    last >= end || c2_read(c2, last, head, sizeof(head)) < 0 ||
			    last + btf_record_size(head) != end)
				continue;
			z->index = w;
			z->kbtf = bp;
			z->rec1 = rec1;
			z->index_n = n;
			c2_diagf(c2, "types: the kernel's index of its BTF at 0x%llx (%u ids, btf_vmlinux)",
				 (unsigned long long)w, n);
			return C2_OK;
		}
	}
	return C2_ENOENT;
}

/* Whether the kernel's index of its BTF was found (lazy_index, tried once). */
static int have_index(struct typesrc *t)
{
	if (!t->lazy.index_tried) {
		t->lazy.index_tried = 1;
		lazy_index(t);
	}
	return t->lazy.index != 0;
}

/* btf.c's locate index for the BTF in the dump's memory (lazy_index). */
static int lazy_locate(void *arg, uint32_t id, uint32_t *off, uint32_t *count)
{
	struct typesrc *t = arg;
	struct lazy *z = &t->lazy;
	uint64_t p;

	if (!have_index(t) || id >= z->index_n || index_entry(z, z->index, id, &p) < 0 || p < z->rec1 ||
	    p - z->rec1 >= t->big_len)
		return C2_ENOENT;
	*off = (uint32_t)(p - z->rec1);
	*count = z->index_n;
	return C2_OK;
}

/*
 * 7.x kernels build vmlinux's BTF with its named types sorted by name and
 * bisect it themselves, from struct btf's named_start_id on (the first
 * named id). Known from the types: struct btf, found by bisection (found
 * only where the names read on the way keep the order), with a member
 * named_start_id, whose value in the kernel's own struct btf (btf_vmlinux)
 * btf_set_sorted checks against the blob. Costs nothing where one of the
 * first 8 records has a name (7.2's first 55,241 have none); there a
 * short blob sorted so is searched in order, as others are.
 */
static void lazy_sorted(struct typesrc *t)
{
	struct lazy *z = &t->lazy;
	struct btf_type bt;
	struct btf_loc loc;
	uint64_t size;
	uint32_t id, from;

	/* Sorted so, the first records have no name (55,242 of 7.2's). */
	for (id = 1; id <= 8; id++)
		if (btf_type(t->btf, id, &bt) < 0 || bt.name[0])
			return;
	if (!have_index(t) || btf_find_bisect(t->btf, "btf", BTF_STRUCT, &id) < 0 ||
	    btf_member_path(t->btf, id, "named_start_id", &loc) < 0 || loc.bit_size || loc.bit_offset % 8 ||
	    btf_sizeof(t->btf, loc.type, &size) < 0 || size != 4 ||
	    c2_read_u32(z->c2, z->kbtf + loc.bit_offset / 8, &from) < 0 || btf_set_sorted(t->btf, from) < 0)
		return;
	c2_diagf(z->c2, "types: vmlinux's BTF sorted by name from id %u (the kernel's named_start_id): names bisected",
		 from);
}

/* A name in vmlinux's types (or the CTF dict) only. */
static int qfind(struct typesrc *t, const char *name, uint32_t *id)
{
	if (t->ctf)
		return ctfdict_find(t->ctf, name, BTF_VOID, id);
	if (t->lazy.c2 && t->lazy.have && !t->lazy.sorted_tried) {
		t->lazy.sorted_tried = 1;
		lazy_sorted(t);
	}
	return btf_find(t->btf, name, BTF_VOID, id);
}

/* BTF between __start_BTF and __stop_BTF, where the kernel keeps it for
 * /sys/kernel/btf/vmlinux; it is in every dump that has kernel data. Read
 * on demand: the types an applet asks for lie in the first few hundred KB
 * of its 4 to 5 MB. */
static int btf_from_memory(struct c2 *c2, struct typesrc *t)
{
	static const char *const names[] = { "__start_BTF", "__stop_BTF" };
	struct c2_sym s[2];
	int found[2], rc;
	uint64_t size;
	uint8_t *buf;
	const uint8_t *btf;
	char err[256];

	if ((rc = sym_lookup_many_core(c2, names, 2, s, found)) < 0)
		return rc;
	if ((!found[0] || !found[1]) && *sym_missing_note(c2)) {
		/* Not found in memory either: the lookup says why. */
		c2_sym_lookup_core(c2, names[found[0]], &s[0]);
		return c2_fail(c2, C2_ENOENT, "%s", c2_error(c2));
	}
	if (!found[0] || !found[1])
		return c2_fail(c2, C2_ENOENT, "the symbols have no __start_BTF/__stop_BTF (a kernel without "
					      "CONFIG_DEBUG_INFO_BTF?)");
	size = s[1].addr - s[0].addr;
	if (s[1].addr <= s[0].addr || size >= BTF_MAX_IN_MEMORY)
		return c2_fail(c2, C2_EFORMAT, "__start_BTF 0x%llx and __stop_BTF 0x%llx do not bound BTF of "
					       "less than %u MB", (unsigned long long)s[0].addr,
			       (unsigned long long)s[1].addr, BTF_MAX_IN_MEMORY >> 20);
	if (sym_take_btf(c2, s[0].addr, &t->big, &t->big_len, &btf) == 0) {
		/* Read whole already, by the search for it (recover.c). */
		rc = btf_open(&t->btf, btf, size, 0, err, sizeof(err));
	} else {
		t->lazy.c2 = c2;
		t->lazy.addr = s[0].addr;
		t->lazy.npages = ((s[0].addr & (LAZY_PAGE - 1)) + size + LAZY_PAGE - 1) / LAZY_PAGE;
		if (!(buf = bigbuf_reserve(size)) || !(t->lazy.have = calloc(t->lazy.npages / 8 + 1, 1))) {
			bigbuf_free(buf, size);
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		}
		t->big = buf;
		t->big_len = size;
		if ((rc = btf_open_lazy(&t->btf, buf, size, lazy_fill, t, err, sizeof(err))) == 0)
			btf_set_locate(t->btf, lazy_locate, t);
	}
	if (rc < 0)
		return c2_fail(c2, rc, "BTF in the dump's memory: %s", err);
	snprintf(t->source, sizeof(t->source), "BTF in the dump's memory (0x%llx, %llu bytes)",
		 (unsigned long long)s[0].addr, (unsigned long long)size);
	return C2_OK;
}

/* The running kernel's build id from the GNU note in /sys/kernel/notes, as
 * lowercase hex. */
static int running_build_id(char *hex, size_t len)
{
	uint8_t buf[4096];
	size_t n, pos = 0;
	FILE *f = fopen("/sys/kernel/notes", "re");

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	while (pos + 12 <= n) {
		uint32_t namesz, descsz, type;
		size_t name_at = pos + 12, desc_at, i;

		memcpy(&namesz, buf + pos, 4);
		memcpy(&descsz, buf + pos + 4, 4);
		memcpy(&type, buf + pos + 8, 4);
		if (namesz > n || descsz > n)
			return -1;
		desc_at = name_at + ((namesz + 3) & ~3u);
		if (desc_at + descsz > n)
			return -1;
		if (type == 3 && namesz == 4 && !memcmp(buf + name_at, "GNU", 4)) {
			if (descsz * 2 + 1 > len || descsz == 0)
				return -1;
			for (i = 0; i < descsz; i++)
				snprintf(hex + 2 * i, 3, "%02x", buf[desc_at + i]);
			return 0;
		}
		pos = desc_at + ((descsz + 3) & ~3u);
	}
	return -1;
}

/* /sys/kernel/btf/vmlinux describes the running kernel: usable only when
 * the target is provably that kernel. */
static int btf_from_sysfs(struct c2 *c2, struct typesrc *t)
{
	char running[128], why[160];
	const char *want;
	struct utsname u;
	uint8_t *buf;
	size_t size;
	int rc;

	if (strcmp(c2_path(c2), "/proc/kcore"))
		return c2_fail(c2, C2_ENOENT, "%s is not the running kernel's /proc/kcore", c2_path(c2));
	if (c2_vmcoreinfo(c2, "BUILD-ID", &want) == 0 && running_build_id(running, sizeof(running)) == 0) {
		if (strncasecmp(want, running, strlen(running)) || strlen(want) < strlen(running))
			return c2_fail(c2, C2_ENOENT, "the running kernel's build id %s differs from the target's %s",
				       running, want);
		snprintf(why, sizeof(why), "build id %s matches", running);
	} else if (c2_vmcoreinfo(c2, "OSRELEASE", &want) == 0 && uname(&u) == 0) {
		if (strcmp(want, u.release))
			return c2_fail(c2, C2_ENOENT, "the running kernel's release %s differs from the target's %s",
				       u.release, want);
		snprintf(why, sizeof(why), "release %s matches; no build id to compare", u.release);
	} else {
		return c2_fail(c2, C2_ENOENT, "no build id or release in the target's VMCOREINFO to compare with the "
					      "running kernel");
	}
	if ((rc = read_file(c2, SYSFS_BTF, &buf, &size, 1)) < 0)
		return rc;
	if ((rc = use_btf(c2, t, buf, size, SYSFS_BTF)) < 0)
		return rc;
	snprintf(t->source, sizeof(t->source), "BTF from %s (%s; %u types)", SYSFS_BTF, why, ntypes(t->btf));
	return C2_OK;
}

/* The source, found at first use; a failure is remembered so that every
 * query gives the same answer without retrying. */
static int types_init(struct c2 *c2, struct typesrc **out)
{
	struct typesrc *t = c2->types;
	char mem_err[256];
	int rc;

	if (!t) {
		if (!(t = calloc(1, sizeof(*t))))
			return c2_fail(c2, C2_ENOMEM, "out of memory");
		c2->types = t;
		if (!c2->kdump) {
			t->failed = 1;
			snprintf(t->err, sizeof(t->err), "no type source: give a BTF file with --types, or a dump");
		} else if ((rc = btf_from_memory(c2, t)) == 0) {
			c2_diagf(c2, "types: %s", t->source);
		} else {
			snprintf(mem_err, sizeof(mem_err), "%s", c2_error(c2));
			c2_diagf(c2, "types: no BTF from the dump's memory: %s", mem_err);
			if ((rc = btf_from_sysfs(c2, t)) == 0) {
				c2_diagf(c2, "types: %s", t->source);
			} else {
				c2_diagf(c2, "types: not using %s: %s", SYSFS_BTF, c2_error(c2));
				t->failed = 1;
				snprintf(t->err, sizeof(t->err), "no type information: %s; give a BTF file with --types",
					 mem_err);
			}
		}
	}
	if (t->failed)
		return c2_fail(c2, C2_ENOENT, "%s", t->err);
	*out = t;
	return C2_OK;
}

/* A btf.c or ctf.c failure as the handle's error. */
static int src_fail(struct c2 *c2, struct typesrc *t, int rc)
{
	return c2_fail(c2, rc, "%s", q_error(t));
}

/* --- The compiled-in offsets table ------------------------------------------- */

static int have_table(void)
{
	return offsets_table.ntypes > 0;
}

/* With no type source: whether the table may answer for this target. A
 * table made for one release must not answer for another. */
static int table_usable(struct c2 *c2)
{
	struct typesrc *t = c2->types;
	const char *release;
	char why[512];

	if (!have_table() || !t || !t->failed)
		return 0;
	snprintf(why, sizeof(why), "%s", t->err);
	if (offsets_table.release[0] && c2->kdump && c2_vmcoreinfo(c2, "OSRELEASE", &release) == 0 &&
	    strcmp(release, offsets_table.release)) {
		c2_fail(c2, C2_ETYPE, "%s; the compiled-in offsets table is for %s, the dump is %s", why,
			offsets_table.release, release);
		return -1;
	}
	if (!t->table_said) {
		t->table_said = 1;
		c2_diagf(c2, "types: answering from the compiled-in offsets table (%u types, %u member paths, from %s%s%s) "
			 "because: %s", offsets_table.ntypes, offsets_table.nmembers, offsets_table.source,
			 offsets_table.release[0] ? ", for " : "", offsets_table.release, why);
	}
	return 1;
}

/* The type's index in the table when the table answers; else < 0 with the
 * handle's error set (rc gets the code). */
static int table_type(struct c2 *c2, uint32_t id, int *rc)
{
	if (id >= TABLE_ID && id - TABLE_ID < offsets_table.ntypes)
		return (int)(id - TABLE_ID);
	*rc = c2_fail(c2, C2_ENOENT, "the compiled-in offsets table knows offsets and sizes, not types (type %u): "
			      "this needs type data (%s)", id, c2->types->err);
	return -1;
}

/* What a source says at a type or member path, in the table's terms. */
struct found {
	int kind;
	uint64_t size, bit_offset;
	uint32_t bit_size;
	int is_signed;
};

static void describe_found(char *buf, size_t len, const struct found *f)
{
	snprintf(buf, len, "%s, %llu bytes at bit %llu%s", btf_kind_name(f->kind), (unsigned long long)f->size,
		 (unsigned long long)f->bit_offset, f->is_signed == 1 ? ", signed" : f->is_signed == 0 ? ", unsigned" : "");
	if (f->bit_size)
		snprintf(buf + strlen(buf), len - strlen(buf), ", %u-bit bitfield", f->bit_size);
}

/* A source's answer against the table's, where the table has the type: a
 * difference means the binary was built for another kernel. */
static int table_compare(struct c2 *c2, struct typesrc *t, const char *type, const char *member, const char *what,
			 const struct found *f)
{
	const struct offsets_member *m;
	struct found tf;
	char a[160], b[160];
	int ti;

	if (!have_table() || (ti = offsets_find_type(type)) < 0)
		return C2_OK;
	if (member && member[0]) {
		if (!(m = offsets_find_member(ti, member)))
			return C2_OK;   /* deeper than the table goes */
		tf.kind = m->kind;
		tf.size = m->size;
		tf.bit_offset = m->bit_offset;
		tf.bit_size = m->bit_size;
		tf.is_signed = m->is_signed;
	} else {
		tf.kind = offsets_table.types[ti].kind;
		tf.size = offsets_table.types[ti].size;
		tf.bit_offset = 0;
		tf.bit_size = 0;
		tf.is_signed = -1;
	}
	if (tf.kind == f->kind && tf.size == f->size && tf.bit_offset == f->bit_offset && tf.bit_size == f->bit_size &&
	    tf.is_signed == f->is_signed)
		return C2_OK;
	describe_found(a, sizeof(a), &tf);
	describe_found(b, sizeof(b), f);
	return c2_fail(c2, C2_ETYPE, "%s: the compiled-in offsets table (from %s) says %s, but %s says %s", what,
		       offsets_table.source, a, t->source, b);
}

static void describe(char *buf, size_t len, int kind, int64_t size, int is_signed);

/* An assumption answered by the table alone. */
static int table_check(struct c2 *c2, struct c2_assumption *a, const char *what)
{
	int has_member = a->member && a->member[0], ti = offsets_find_type(a->type), kind, sgn;
	const struct offsets_member *m = NULL;
	char want[128], got[128];
	uint64_t size;

	if (ti < 0)
		return c2_fail(c2, C2_ETYPE, "%s: assumed to exist, but the compiled-in offsets table has no type %s "
					     "(and there is no type data: %s)", what, a->type, c2->types->err);
	if (has_member && !(m = offsets_find_member(ti, a->member)))
		return c2_fail(c2, C2_ETYPE, "%s: assumed to exist, but the compiled-in offsets table has no such member",
			       what);
	if (m && m->bit_size)
		return c2_fail(c2, C2_ETYPE, "%s: assumed a whole member, but it is a bitfield of %u bits", what,
			       m->bit_size);
	kind = m ? m->kind : offsets_table.types[ti].kind;
	size = m ? m->size : offsets_table.types[ti].size;
	sgn = m ? m->is_signed : -1;
	if ((a->kind == C2_ANY || a->kind == kind || (a->kind == BTF_ENUM64 && kind == BTF_ENUM)) &&
	    (a->size == C2_ANY || (uint64_t)a->size == size) && (a->is_signed == C2_ANY || a->is_signed == sgn)) {
		a->offset = m ? m->bit_offset / 8 : 0;
		return C2_OK;
	}
	describe(want, sizeof(want), a->kind, a->size, a->is_signed);
	describe(got, sizeof(got), kind, (int64_t)size, a->is_signed == C2_ANY ? C2_ANY : sgn);
	return c2_fail(c2, C2_ETYPE, "%s: assumed %s, but the compiled-in offsets table says %s", what, want, got);
}

/* --- Queries ------------------------------------------------------------------ */

const char *c2_types_source(struct c2 *c2)
{
	static char table[512];
	struct typesrc *t;

	if (types_init(c2, &t) == 0)
		return t->source;
	if (table_usable(c2) == 1) {
		snprintf(table, sizeof(table), "the compiled-in offsets table (from %s)", offsets_table.source);
		return table;
	}
	return NULL;
}

int c2_type_count(struct c2 *c2, uint32_t *n)
{
	struct typesrc *t;
	int rc;

	if ((rc = types_init(c2, &t)) < 0)
		return rc;
	if ((rc = q_count(t, n)) < 0)
		return c2_fail(c2, rc, "%s", q_error(t));
	return C2_OK;
}

int c2_type_find(struct c2 *c2, const char *name, uint32_t *id)
{
	struct typesrc *t;
	int rc, ti;

	if ((rc = types_init(c2, &t)) < 0) {
		if (table_usable(c2) != 1)
			return rc;
		if ((ti = offsets_find_type(name)) < 0)
			return c2_fail(c2, C2_ENOENT, "%s: not in the compiled-in offsets table (and no type data: %s)",
				       name, c2->types->err);
		*id = TABLE_ID + (uint32_t)ti;
		return C2_OK;
	}
	if ((rc = qfind(t, name, id)) < 0)
		return c2_fail(c2, rc, "%s", t->ctf ? ctfdict_error(t->ctf) : btf_error(t->btf));
	return C2_OK;
}

/* --- Module types ----------------------------------------------------------------- */

/* Split BTF of a loaded module is read from the dump only when a name is
 * not in vmlinux's types (c2_type_lookup) or a module is asked for by name
 * (c2_type_first with c2_set_types_module). */
struct modsearch {
	struct c2 *c2;
	struct typesrc *t;
	const char *want;     /* the module asked for, or NULL: any */
	const char *type;     /* the name looked for, or NULL */
	uint32_t id;
	int found, failed;    /* failed: want's BTF is unusable (err) */
	unsigned nbtf, nbad;
	char err[400], bad[400];
};

/* Read and open one module's split BTF; *out NULL with why in err. */
static int open_module(struct c2 *c2, struct typesrc *t, const struct c2_modbtf *m, struct btf **out, char *err,
		       size_t errlen)
{
	char e[256];
	uint8_t *buf;
	int rc;

	*out = NULL;
	if (m->err) {
		snprintf(err, errlen, "module %s: %s", m->name, m->err);
		return C2_EFORMAT;
	}
	if (!(buf = malloc(m->size))) {
		snprintf(err, errlen, "out of memory");
		return C2_ENOMEM;
	}
	if ((rc = c2_read(c2, m->data, buf, m->size)) < 0) {
		snprintf(err, errlen, "module %s: its split BTF at 0x%llx (%llu bytes): %s", m->name,
			 (unsigned long long)m->data, (unsigned long long)m->size, c2_error(c2));
		free(buf);
		return rc;
	}
	if ((rc = btf_open_split(out, t->btf, t->big ? m->start_id : 0, buf, m->size, 1, e, sizeof(e))) < 0) {
		snprintf(err, errlen, "module %s: its split BTF at 0x%llx (%llu bytes) does not parse on vmlinux's: %s",
			 m->name, (unsigned long long)m->data, (unsigned long long)m->size, e);
		return rc;
	}
	/* The kernel numbered the module's types from start_id: ours must
	 * continue vmlinux's the same way, or the base is not this kernel's.
	 * The BTF read from the dump's own memory is the one the kernel
	 * counted: its count is taken from the kernel, so that the base is
	 * placed only as far as the module's types reach (btf.c checks the
	 * count as far as it is placed); a --types file is counted whole. */
	if (m->start_id && m->start_id != btf_first_id(*out)) {
		snprintf(err, errlen, "module %s: the kernel numbers its types from %u, but vmlinux's BTF here has %u "
			 "ids (another kernel's BTF?)", m->name, m->start_id, btf_first_id(*out));
		btf_close(*out);
		*out = NULL;
		return C2_EFORMAT;
	}
	return C2_OK;
}

static int try_module(void *arg, const struct c2_modbtf *m)
{
	struct modsearch *x = arg;
	struct btf *b;
	char err[400];
	uint32_t id;
	int rc;

	if (x->want && strcmp(m->name, x->want))
		return 0;
	if (!x->want && x->t->mod && !strcmp(m->name, x->t->mod_name))
		return 0;   /* searched already */
	if ((rc = open_module(x->c2, x->t, m, &b, err, sizeof(err))) < 0) {
		if (rc == C2_ENOMEM || x->want) {
			snprintf(x->err, sizeof(x->err), "%s", err);
			x->failed = rc;
			return 1;
		}
		if (!x->nbad++)
			snprintf(x->bad, sizeof(x->bad), "%s", err);
		return 0;
	}
	x->nbtf++;
	if (x->type && btf_find(b, x->type, BTF_VOID, &id) < 0) {
		btf_close(b);
		return x->want ? 1 : 0;
	}
	if (x->t->mod) {
		/* Ids of two modules' split BTF overlap: one at a time. */
		snprintf(x->err, sizeof(x->err), "%s: in module %s's BTF, but the types of module %s are in use (one "
			 "module's types at a time; choose with --module)", x->type, m->name, x->t->mod_name);
		btf_close(b);
		x->failed = C2_ENOENT;
		return 1;
	}
	x->t->mod = b;
	snprintf(x->t->mod_name, sizeof(x->t->mod_name), "%s", m->name);
	x->id = id;
	x->found = 1;
	c2_diagf(x->c2, "types: module %s's split BTF from the dump's memory (0x%llx, %llu bytes, ids %u to %u)", m->name,
		 (unsigned long long)m->data, (unsigned long long)m->size, btf_first_id(b), ntypes(b));
	return 1;
}

/* Load the module's split BTF (want), or the first with type in it. */
static int module_search(struct c2 *c2, struct typesrc *t, const char *want, const char *type, uint32_t *id)
{
	struct modsearch x = { .c2 = c2, .t = t, .want = want, .type = type };
	int rc;

	if (!c2->kdump || !t->btf)
		return c2_fail(c2, C2_ENOENT, "%s%sno module types: they need a dump and vmlinux's BTF",
			       type ? type : "", type ? ": " : "");
	if ((rc = handle_module_btf(c2, try_module, &x)) < 0 && !x.failed)
		return c2_fail(c2, rc, "%s%s%s", type ? type : "", type ? ": not in vmlinux's BTF; " : "", c2_error(c2));
	if (x.failed)
		return c2_fail(c2, x.failed, "%s", x.err);
	if (x.found) {
		if (id)
			*id = x.id;
		return C2_OK;
	}
	if (want && !x.nbtf)
		return c2_fail(c2, C2_ENOENT, "module %s: not loaded, or without BTF (neither on btf_modules nor with "
					      "btf_data)", want);
	if (want)
		return c2_fail(c2, C2_ENOENT, "%s: no such type in vmlinux's BTF or module %s's", type, want);
	if (!x.nbtf && !x.nbad)
		return c2_fail(c2, C2_ENOENT, "%s: no such type in vmlinux's BTF, and no loaded module has BTF (a kernel "
					      "before 5.11 or without CONFIG_DEBUG_INFO_BTF_MODULES?)", type);
	return c2_fail(c2, C2_ENOENT, "%s: no such type in vmlinux's BTF or the split BTF of %u modules%s%s%s", type,
		       x.nbtf, x.nbad ? " (unusable: " : "", x.bad, x.nbad ? ")" : "");
}

int types_vmlinux_counts(struct c2 *c2, uint32_t *ids, uint32_t *str_len)
{
	struct typesrc *t;
	int rc;

	if ((rc = types_init(c2, &t)) < 0 || t->ctf || !t->btf)
		return C2_ENOENT;
	if (t->big) {
		/* The kernel's own count (lazy_index), not every record placed. */
		if (!have_index(t))
			return C2_ENOENT;
		*ids = t->lazy.index_n;
	} else if (btf_count(t->btf, ids) < 0) {
		return C2_ENOENT;
	}
	*str_len = btf_strings_len(t->btf);
	return C2_OK;
}

int c2_set_types_module(struct c2 *c2, const char *name)
{
	struct typesrc *t = c2->types;

	if (strlen(name) >= sizeof(c2->types_module))
		return c2_fail(c2, C2_EINVAL, "%s: not a module name", name);
	snprintf(c2->types_module, sizeof(c2->types_module), "%s", name);
	if (t && t->mod && strcmp(t->mod_name, name)) {
		btf_close(t->mod);
		t->mod = NULL;
	}
	return C2_OK;
}

int c2_type_lookup(struct c2 *c2, const char *name, uint32_t *id)
{
	struct typesrc *t;
	int rc;

	/* Without a dump (a --types file alone) there are no modules. */
	if ((rc = c2_type_find(c2, name, id)) != C2_ENOENT || !(t = c2->types) || t->failed || t->ctf || !c2->kdump)
		return rc;
	if (t->mod && btf_find(t->mod, name, BTF_VOID, id) == 0)
		return C2_OK;
	return module_search(c2, t, c2->types_module[0] ? c2->types_module : NULL, name, id);
}

int c2_type_first(struct c2 *c2, uint32_t *first, const char **module)
{
	struct typesrc *t;
	int rc;

	if ((rc = types_init(c2, &t)) < 0)
		return rc;
	if (c2->types_module[0] && !t->ctf && (!t->mod || strcmp(t->mod_name, c2->types_module)) &&
	    (rc = module_search(c2, t, c2->types_module, NULL, NULL)) < 0)
		return rc;
	*first = t->mod ? btf_first_id(t->mod) : 1;
	if (module)
		*module = t->mod ? t->mod_name : NULL;
	return C2_OK;
}

int c2_type_get(struct c2 *c2, uint32_t id, struct c2_type *out)
{
	struct btf_type bt;
	struct typesrc *t;
	int rc, ti;

	if ((rc = types_init(c2, &t)) < 0) {
		if (table_usable(c2) != 1 || (ti = table_type(c2, id, &rc)) < 0)
			return rc;
		/* The table knows sizes and member paths, not declarations. */
		memset(out, 0, sizeof(*out));
		out->id = id;
		out->kind = offsets_table.types[ti].kind;
		out->name = offsets_table.types[ti].name;
		out->size = offsets_table.types[ti].size;
		return C2_OK;
	}
	if ((rc = Q(t, btf_type, ctfdict_type, id, &bt)) < 0)
		return src_fail(c2, t, rc);
	memset(out, 0, sizeof(*out));
	out->id = id;
	out->kind = bt.kind;
	out->name = bt.name;
	out->type = bt.type;
	out->nelems = bt.nelems;
	out->nmembers = bt.vlen;
	if (Q(t, btf_sizeof, ctfdict_sizeof, id, &out->size) < 0)
		out->size = 0;   /* void, functions, forward declarations */
	if (bt.kind == BTF_INT) {
		out->is_signed = !!(bt.int_encoding & BTF_INT_SIGNED);
		out->is_char = bt.size == 1 && ((bt.int_encoding & BTF_INT_CHAR) || strstr(bt.name, "char"));
	} else if (bt.kind == BTF_ENUM || bt.kind == BTF_ENUM64) {
		out->is_signed = bt.kflag;
	}
	return C2_OK;
}

int c2_type_resolve(struct c2 *c2, uint32_t id, uint32_t *out)
{
	struct typesrc *t;
	int rc;

	if ((rc = types_init(c2, &t)) < 0) {
		if (table_usable(c2) != 1 || table_type(c2, id, &rc) < 0)
			return rc;
		*out = id;
		return C2_OK;
	}
	return (rc = Q(t, btf_resolve, ctfdict_resolve, id, out)) < 0 ? src_fail(c2, t, rc) : C2_OK;
}

int c2_type_name(struct c2 *c2, uint32_t id, const char *var, char *buf, size_t len)
{
	struct typesrc *t;
	int rc, ti;

	if ((rc = types_init(c2, &t)) < 0) {
		if (table_usable(c2) != 1 || (ti = table_type(c2, id, &rc)) < 0)
			return rc;
		snprintf(buf, len, "%s %s%s%s", offsets_table.types[ti].kind == BTF_UNION ? "union" : "struct",
			 offsets_table.types[ti].name, var && var[0] ? " " : "", var ? var : "");
		return C2_OK;
	}
	return (rc = Q(t, btf_type_name, ctfdict_type_name, id, var, buf, len)) < 0 ? src_fail(c2, t, rc) : C2_OK;
}

static void fill_member(struct typesrc *t, struct c2_member *out, const char *name, uint32_t type,
			uint64_t bit_offset, uint32_t bit_size)
{
	out->name = name;
	out->type = type;
	out->bit_offset = bit_offset;
	out->bit_size = bit_size;
	out->offset = bit_offset / 8;
	if (Q(t, btf_sizeof, ctfdict_sizeof, type, &out->size) < 0)
		out->size = 0;
}

int c2_type_member(struct c2 *c2, uint32_t id, uint32_t i, struct c2_member *out)
{
	struct btf_member m;
	struct typesrc *t;
	int rc;

	if ((rc = types_init(c2, &t)) < 0)
		return rc;
	if ((rc = Q(t, btf_resolve, ctfdict_resolve, id, &id)) < 0 ||
	    (rc = Q(t, btf_member, ctfdict_member, id, i, &m)) < 0)
		return src_fail(c2, t, rc);
	fill_member(t, out, m.name, m.type, m.bit_offset, m.bit_size);
	return C2_OK;
}

int c2_type_member_path(struct c2 *c2, uint32_t id, const char *path, struct c2_member *out)
{
	const struct offsets_member *m;
	const char *last;
	struct btf_loc loc;
	struct typesrc *t;
	int rc, ti;

	/* The name is the last component, as written in the path. */
	last = strrchr(path, '.');
	if ((rc = types_init(c2, &t)) < 0) {
		if (table_usable(c2) != 1 || (ti = table_type(c2, id, &rc)) < 0)
			return rc;
		if (!(m = offsets_find_member(ti, path)))
			return c2_fail(c2, C2_ENOENT, "%s: struct %s has no such member in the compiled-in offsets table",
				       path, offsets_table.types[ti].name);
		/* No type ids from the table: the member's type is unknown (0). */
		memset(out, 0, sizeof(*out));
		out->name = last ? last + 1 : path;
		out->bit_offset = m->bit_offset;
		out->bit_size = m->bit_size;
		out->offset = m->bit_offset / 8;
		out->size = m->size;
		return C2_OK;
	}
	if ((rc = Q(t, btf_member_path, ctfdict_member_path, id, path, &loc)) < 0)
		return src_fail(c2, t, rc);
	fill_member(t, out, last ? last + 1 : path, loc.type, loc.bit_offset, loc.bit_size);
	return C2_OK;
}

int c2_type_enumerator(struct c2 *c2, uint32_t id, uint32_t i, const char **name, int64_t *value)
{
	struct btf_enumerator e;
	struct typesrc *t;
	int rc;

	if ((rc = types_init(c2, &t)) < 0)
		return rc;
	if ((rc = Q(t, btf_resolve, ctfdict_resolve, id, &id)) < 0 ||
	    (rc = Q(t, btf_enumerator, ctfdict_enumerator, id, i, &e)) < 0)
		return src_fail(c2, t, rc);
	*name = e.name;
	*value = e.value;
	return C2_OK;
}

int c2_type_enum_value(struct c2 *c2, uint32_t id, const char *name, int64_t *value)
{
	struct typesrc *t;
	int rc;

	if ((rc = types_init(c2, &t)) < 0)
		return rc;
	rc = t->ctf ? ctfdict_enum_value(t->ctf, id, name, value) : btf_enum_value(id ? QB(t) : t->btf, id, name, value, NULL);
	return rc < 0 ? src_fail(c2, t, rc) : C2_OK;
}

/* --- Assertions --------------------------------------------------------------- */

static void describe(char *buf, size_t len, int kind, int64_t size, int is_signed)
{
	snprintf(buf, len, "%s%s%s", kind == C2_ANY ? "any kind" : btf_kind_name(kind),
		 is_signed == C2_ANY ? "" : is_signed ? ", signed" : ", unsigned", "");
	if (size != C2_ANY)
		snprintf(buf + strlen(buf), len - strlen(buf), ", %lld bytes", (long long)size);
}

/* What the source has at type id (as declared): kind, size, signedness. */
static int found_at(struct c2 *c2, struct typesrc *t, uint32_t id, struct found *f)
{
	struct btf_type bt;
	uint32_t r;
	int rc;

	if ((rc = Q(t, btf_resolve, ctfdict_resolve, id, &r)) < 0 || (rc = Q(t, btf_type, ctfdict_type, r, &bt)) < 0)
		return src_fail(c2, t, rc);
	f->kind = bt.kind == BTF_ENUM64 ? BTF_ENUM : bt.kind;   /* one kind to a reader of memory */
	f->size = 0;
	Q(t, btf_sizeof, ctfdict_sizeof, r, &f->size);
	f->is_signed = -1;
	if (bt.kind == BTF_INT || bt.kind == BTF_ENUM || bt.kind == BTF_ENUM64)
		Q(t, btf_is_signed, ctfdict_is_signed, r, &f->is_signed);
	return C2_OK;
}

/* Compare what was found at type id (as declared) with the assumption. */
static int check_found(struct c2 *c2, struct typesrc *t, uint32_t id, const char *what, int kind, int64_t size,
		       int is_signed, struct found *f)
{
	char want[128], got[128], cname[256];
	int rc;

	if ((rc = found_at(c2, t, id, f)) < 0)
		return rc;
	if ((kind == C2_ANY || kind == f->kind || (kind == BTF_ENUM64 && f->kind == BTF_ENUM)) &&
	    (size == C2_ANY || (uint64_t)size == f->size) && (is_signed == C2_ANY || is_signed == f->is_signed))
		return C2_OK;
	describe(want, sizeof(want), kind, size, is_signed);
	describe(got, sizeof(got), f->kind, (int64_t)f->size, is_signed == C2_ANY ? C2_ANY : f->is_signed);
	if (Q(t, btf_type_name, ctfdict_type_name, id, NULL, cname, sizeof(cname)) < 0)
		snprintf(cname, sizeof(cname), "type %u", id);
	return c2_fail(c2, C2_ETYPE, "%s: assumed %s, but the kernel's type is %s (%s)", what, want, cname, got);
}

int c2_type_check(struct c2 *c2, struct c2_assumption *a, size_t n)
{
	struct typesrc *t;
	size_t i;
	int rc, table = 0;

	if ((rc = types_init(c2, &t)) < 0) {
		if ((table = table_usable(c2)) != 1)
			return table < 0 ? C2_ETYPE : rc;
	}
	for (i = 0; i < n; i++) {
		char what[300];
		uint32_t id;
		struct btf_loc loc = { 0, 0, 0 };
		struct found f;
		int has_member = a[i].member && a[i].member[0];

		snprintf(what, sizeof(what), "%s%s%s", a[i].type, has_member ? "." : "", has_member ? a[i].member : "");
		if (table) {
			if ((rc = table_check(c2, &a[i], what)) < 0)
				return rc;
			continue;
		}
		if ((rc = qfind(t, a[i].type, &id)) < 0)
			return c2_fail(c2, rc == C2_ENOENT ? C2_ETYPE : rc, "%s: assumed to exist: %s", what,
				       t->ctf ? ctfdict_error(t->ctf) : btf_error(t->btf));
		if (has_member && (rc = Q(t, btf_member_path, ctfdict_member_path, id, a[i].member, &loc)) < 0)
			return c2_fail(c2, rc == C2_ENOENT ? C2_ETYPE : rc, "%s: assumed to exist: %s", what, q_error(t));
		if (has_member && loc.bit_size)
			return c2_fail(c2, C2_ETYPE, "%s: assumed a whole member, but it is a bitfield of %u bits", what,
				       loc.bit_size);
		if ((rc = check_found(c2, t, has_member ? loc.type : id, what, a[i].kind, a[i].size, a[i].is_signed,
				      &f)) < 0)
			return rc;
		f.bit_offset = loc.bit_offset;
		f.bit_size = loc.bit_size;
		if (!has_member)
			f.is_signed = f.kind == BTF_INT || f.kind == BTF_ENUM ? f.is_signed : -1;
		if ((rc = table_compare(c2, t, a[i].type, a[i].member, what, &f)) < 0)
			return rc;
		a[i].offset = loc.bit_offset / 8;
	}
	return C2_OK;
}

int c2_assert_member(struct c2 *c2, const char *type, const char *member, int kind, int64_t size, uint64_t *offset)
{
	struct c2_assumption a = { type, member, kind, size, C2_ANY, 0 };
	int rc = c2_type_check(c2, &a, 1);

	if (rc == 0 && offset)
		*offset = a.offset;
	return rc;
}

int c2_assert_type_size(struct c2 *c2, const char *type, uint64_t size)
{
	struct c2_assumption a = { type, NULL, C2_ANY, (int64_t)size, C2_ANY, 0 };

	return c2_type_check(c2, &a, 1);
}

/* A variable's type: a BTF VAR (per-cpu variables only, in vmlinux BTF),
 * or a CTF variable. 1 found, 0 not, or the error of BTF that cannot be
 * read to its end. */
static int find_var(struct typesrc *t, const char *name, uint32_t *type)
{
	uint32_t i, n;
	struct btf_type bt;
	int rc;

	if (t->ctf)
		return ctfdict_var(t->ctf, name, type) == 0;
	if ((rc = btf_count(t->btf, &n)) < 0)
		return rc;
	for (i = 1; i < n; i++)
		if (btf_type(t->btf, i, &bt) == 0 && bt.kind == BTF_VAR && !strcmp(bt.name, name)) {
			*type = bt.type;
			return 1;
		}
	return 0;
}

/* Per-cpu symbols are absolute ('A') where the kernel keeps them as offsets,
 * else they lie between __per_cpu_start and __per_cpu_end. (BTF's VARs,
 * all per-cpu, are at the end of its type section: a search for one reads
 * all of it.) */
static int might_be_percpu(struct c2 *c2, const struct c2_sym *s)
{
	static const char *const bounds[] = { "__per_cpu_start", "__per_cpu_end" };
	struct c2_sym b[2];
	int found[2];

	if (s->type == 'A' || s->type == 'a')
		return 1;
	if (sym_lookup_many_core(c2, bounds, 2, b, found) < 0 || !found[0] || !found[1])
		return !sym_code_only(c2);   /* a code-only table's variables are not per-cpu ones */
	return s->addr >= b[0].addr && s->addr < b[1].addr;
}

int c2_assert_global(struct c2 *c2, const char *name, int kind, int64_t size, int is_signed, int *strength,
		     uint64_t *addr)
{
	struct c2_sym s;
	int rc;

	if ((rc = sym_lookup_global(c2, name, &s)) < 0 && rc == C2_ENOENT && sym_code_only(c2) &&
	    c2_sym_lookup_core(c2, name, &s) == C2_ENOENT)   /* why the search in memory failed */
		return c2_fail(c2, C2_ETYPE, "%s", c2_error(c2));
	if (rc < 0)
		return rc == C2_ENOENT ? c2_fail(c2, C2_ETYPE, "%s: assumed a global variable, but there is no such "
								"symbol%s", name, sym_missing_note(c2)) : rc;
	if (addr)
		*addr = s.addr;
	return types_check_global(c2, name, &s, kind, size, is_signed, strength);
}

int types_check_global(struct c2 *c2, const char *name, struct c2_sym *s, int kind, int64_t size, int is_signed,
		       int *strength)
{
	struct typesrc *t = NULL;
	const char *range;
	struct c2_sym at;
	struct found f;
	uint64_t off;
	uint32_t type;
	int rc;

	/* vmlinux BTF has VARs only for per-cpu variables; do not load it
	 * (megabytes from the dump) for a symbol that cannot be one. A CTF
	 * file given may type every global. A missing type source is no
	 * violation: the bound check still runs. */
	if ((might_be_percpu(c2, s) || (c2->types && c2->types->ctf)) && types_init(c2, &t) == 0 &&
	    (rc = find_var(t, name, &type)) != 0) {
		if (rc < 0)
			return c2_fail(c2, rc, "%s: its type: %s", name, q_error(t));
		if ((rc = check_found(c2, t, type, name, kind, size, is_signed, &f)) < 0)
			return rc;
		if (strength)
			*strength = C2_CHECKED_TYPE;
		return C2_OK;
	}
	if (s->type == '?') {
		if (strength)
			*strength = C2_CHECKED_NAME;
		return C2_OK;
	}
	/* A variable lies where the linker puts data; the type letter is the
	 * last resort, for symbol tables without those bounds. */
	if ((rc = sym_data_range(c2, s->addr, &range)) < 0)
		return rc;
	if (rc == SYM_NOT_DATA)
		return c2_fail(c2, C2_ETYPE, "%s: assumed a variable, but 0x%llx lies outside the kernel's data "
					     "(.data, .rodata, .bss, init and per-cpu sections)", name,
			       (unsigned long long)s->addr);
	if (rc == SYM_DATA_UNKNOWN && !strchr("dDbBrR", s->type))
		return c2_fail(c2, C2_ETYPE, "%s: assumed a variable, but the symbol is of type '%c' (not data), "
					     "and the symbols do not bound the kernel's data sections", name, s->type);
	/* The lookup usually knows the distance to the next symbol already;
	 * a reverse lookup (which indexes every address) only when not. */
	if (!s->size && c2_sym_resolve(c2, s->addr, &at, &off) == 0)
		s->size = at.size;
	if (size != C2_ANY && s->size && s->size < (uint64_t)size)
		return c2_fail(c2, C2_ETYPE, "%s: assumed %lld bytes, but the next symbol is %llu bytes after it", name,
			       (long long)size, (unsigned long long)s->size);
	if (strength)
		*strength = C2_CHECKED_BOUND;
	return C2_OK;
}
