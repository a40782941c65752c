/*
 * Large reads of single-file dumps straight from the file: ELF files and
 * /proc/vmcore as few pread(2) calls as the file's layout allows, and
 * makedumpfile's kdump-compressed files by reading many pages' descriptors
 * and data at once and decompressing into the caller's buffer.
 *
 * libkdumpfile reads every page alone, through its page cache: 4 MB of BTF
 * cost about 1,000 reads and cache lookups, 20 times what the bytes cost.
 * For ELF, this path finds each page where libkdumpfile would (elfdump.c,
 * elf_get_page: a LOAD segment by virtual address first, else by the
 * physical address its page tables give) and joins pages that follow each
 * other in the file into one read. For kdump files it finds each page
 * frame's descriptor as libkdumpfile does (diskdump.c: the rank of the
 * frame among the dumped ones in the second bitmap) and decompresses with
 * the same libraries. Any page it cannot place exactly as
 * libkdumpfile would (no segment, a page across a segment's end, a short
 * read) is read through libkdumpfile, so errors and edge cases stay as
 * they are. Split and flattened dumps, big-endian dumps and /proc/kcore
 * (whose segments change as the kernel runs) always go through
 * libkdumpfile. CORE2_NO_FASTREAD in the environment turns this path off
 * (tests compare the two).
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>
#include <libdeflate.h>
#include <lzo/lzo1x.h>
#include <zstd.h>

#include "../internal.h"
#include "fastread.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14; older kernels say EINVAL */
#endif
#define POPULATE_MIN (256 * 1024)

#define PT_LOAD 1
#define PHDR_SIZE 56
#define FAST_MIN_PAGES 2          /* shorter reads gain nothing here */
/* Pages kept for reads of a few bytes: a kdump file's cost an inflate
 * each when read again (256 of 4 KB, in sets of 4), an ELF file's a pread
 * (32 in one set: sets of 4 made sym and bt 5 to 10% slower). */
#define SMALL_KDUMP_BYTES (1u << 20)
#define SMALL_KDUMP_WAYS 4
#define SMALL_ELF_PAGES 32

struct seg {
	uint64_t start;           /* virtual or physical address */
	uint64_t filesz;
	uint64_t off;             /* file offset */
};

/*
 * kdump-compressed files. Layout (makedumpfile's diskdump_mod.h): a header
 * block, the sub-header blocks, two bitmaps of one bit per page frame (the
 * second: frames with a page in the file), then one 24-byte descriptor per
 * dumped frame in frame order (offset, size, flags, page flags), then the
 * data. A frame's descriptor is found by its rank among the dumped frames:
 * rank[] holds it at every RANK_STEP frames, the bitmap the rest.
 */
#define KDUMP_HDR 464
#define KDUMP_SUB 104
#define DESC_SIZE 24
#define RANK_STEP 4096            /* frames per rank entry: 512 bitmap bytes */
#define BATCH 256                 /* pages read and decompressed at once */
#define DD_ZLIB 0x1
#define DD_LZO 0x2
#define DD_ZSTD 0x20
#define DD_INCOMPLETE 0x8
#define KEEP 32                   /* of kdump_layout's bm and dg */
#define DESC_GROUP 128

struct kdump_layout {
	uint64_t bitmap2;         /* file offset of the second bitmap */
	uint64_t max_pfn;
	uint64_t descs;           /* file offset of the first page descriptor */
	uint64_t *rank;           /* dumped frames before frame i * RANK_STEP */
	struct libdeflate_decompressor *zlib;
	ZSTD_DCtx *zstd;
	uint8_t *bits, *descbuf, *data, *page;
	/* For pages read one at a time (small reads): blocks of the second
	 * bitmap (RANK_STEP frames) and groups of DESC_GROUP descriptors, kept
	 * in KEEP slots each by their number (a pread each was a third of a
	 * page's cost). Tags are the number + 1; 0: none. */
	uint64_t bm_tag[KEEP], dg_tag[KEEP];
	uint32_t dg_n[KEEP];              /* descriptors read into the group */
	uint8_t (*bm)[RANK_STEP / 8];
	uint8_t (*dg)[DESC_GROUP * DESC_SIZE];
};

struct fastread {
	int fd;
	uint64_t page_size;
	struct seg *virt, *phys;  /* ELF: file-backed LOAD segments, sorted */
	size_t nvirt, nphys;
	struct kdump_layout *kd;  /* or a kdump file */
	addrxlat_ctx_t *xctx;
	addrxlat_sys_t *xsys;
	/* Pages kept for small reads: small_sets sets of small_ways, a
	 * virtual page in the set its number hashes to. */
	uint8_t *small;
	uint64_t *small_page;     /* the virtual page held + 1; 0: none */
	uint64_t *small_used;     /* tick of the last read from it */
	unsigned small_sets, small_bits, small_ways;
	uint64_t small_tick;
};

static void kdump_layout_free(struct kdump_layout *k);
static int to_phys(struct fastread *f, uint64_t vaddr, uint64_t *paddr);

void fastread_free(struct fastread *f)
{
	if (!f)
		return;
	free(f->small);
	free(f->small_page);
	free(f->small_used);
	if (f->xctx)
		addrxlat_ctx_decref(f->xctx);
	if (f->xsys)
		addrxlat_sys_decref(f->xsys);
	free(f->virt);
	free(f->phys);
	kdump_layout_free(f->kd);
	free(f);
}

static int by_start(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static uint64_t get_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* The LOAD segments of the ELF file fd, as libkdumpfile's elf_open_ehdr
 * and elf_post_addrxlat keep them. NULL when the file is not one this
 * path reads (anything unexpected: libkdumpfile then reads alone). */
static struct fastread *load_segments(int fd, uint64_t page_size)
{
	uint8_t e[64], *ph = NULL;
	uint64_t phoff;
	uint32_t phnum, i, any_phys = 0;
	struct fastread *f = calloc(1, sizeof(*f));

	if (!f || pread(fd, e, sizeof(e), 0) != (ssize_t)sizeof(e) || memcmp(e, "\177ELF", 4) || e[4] != 2 || e[5] != 1)
		goto fail;
	phoff = get_u64(e + 32);
	phnum = (uint32_t)e[56] | (uint32_t)e[57] << 8;
	/* 0xffff: the count is in section 0 (many segments); not worth it. */
	if (!phnum || phnum == 0xffff || e[54] != PHDR_SIZE || e[55] != 0)
		goto fail;
	if (!(ph = malloc((size_t)phnum * PHDR_SIZE)) ||
	    pread(fd, ph, (size_t)phnum * PHDR_SIZE, phoff) != (ssize_t)phnum * PHDR_SIZE)
		goto fail;
	f->virt = calloc(phnum, sizeof(*f->virt));
	f->phys = calloc(phnum, sizeof(*f->phys));
	if (!f->virt || !f->phys)
		goto fail;
	for (i = 0; i < phnum; i++) {
		const uint8_t *p = ph + (size_t)i * PHDR_SIZE;
		uint32_t type;
		uint64_t off = get_u64(p + 8), vaddr = get_u64(p + 16), paddr = get_u64(p + 24);
		uint64_t filesz = get_u64(p + 32);

		memcpy(&type, p, 4);
		if (type != PT_LOAD)
			continue;
		if (paddr)
			any_phys = 1;
		/* Segments without file data are never where a page is
		 * read from (find_closest_file_load skips them). */
		if (!filesz)
			continue;
		f->virt[f->nvirt++] = (struct seg){ vaddr, filesz, off };
		if (paddr != UINT64_MAX)
			f->phys[f->nphys++] = (struct seg){ paddr, filesz, off };
	}
	/* libkdumpfile: physical addresses all 0 in more than one segment
	 * mean none is known. */
	if (!any_phys && f->nphys > 1)
		f->nphys = 0;
	qsort(f->virt, f->nvirt, sizeof(*f->virt), by_start);
	qsort(f->phys, f->nphys, sizeof(*f->phys), by_start);
	free(ph);
	f->fd = fd;
	f->page_size = page_size;
	return f;
fail:
	free(ph);
	fastread_free(f);
	return NULL;
}

/*
 * The segment libkdumpfile would read the page at addr from: the first in
 * address order whose file part ends at or after addr, if it starts at most
 * a page after addr. The page is fast only when that segment holds all of
 * it; otherwise (or with no segment) the answer is "ask libkdumpfile" for a
 * segment found, NULL for none.
 */
static const struct seg *closest(const struct seg *s, size_t n, uint64_t addr, uint64_t page, int *whole)
{
	size_t lo = 0, hi = n;

	*whole = 0;
	while (lo < hi) {             /* first segment whose end >= addr */
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid].start + s[mid].filesz - 1 < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Sorted by start, the ends are not sorted when segments overlap:
	 * libkdumpfile's linear scan takes the first match in start order. */
	for (; lo > 0 && s[lo - 1].start + s[lo - 1].filesz - 1 >= addr; lo--)
		;
	if (lo == n || (addr < s[lo].start && s[lo].start - addr > page))
		return NULL;
	*whole = s[lo].start <= addr && addr - s[lo].start + page <= s[lo].filesz;
	return &s[lo];
}

/* Where the page at page_addr (kernel virtual) is in the file: 1 with
 * *off set, 0 when libkdumpfile must read it. */
static int place_page(struct fastread *f, uint64_t page_addr, uint64_t *off)
{
	const struct seg *s;
	uint64_t pa;
	int whole;

	s = closest(f->virt, f->nvirt, page_addr, f->page_size, &whole);
	if (s) {
		*off = s->off + (page_addr - s->start);
		return whole;
	}
	if (!f->nphys || !to_phys(f, page_addr, &pa))
		return 0;
	s = closest(f->phys, f->nphys, pa, f->page_size, &whole);
	if (!s || !whole)
		return 0;
	*off = s->off + (pa - s->start);
	return 1;
}

static void kdump_layout_free(struct kdump_layout *k)
{
	if (!k)
		return;
	if (k->zlib)
		libdeflate_free_decompressor(k->zlib);
	ZSTD_freeDCtx(k->zstd);
	free(k->rank);
	free(k->bits);
	free(k->descbuf);
	free(k->data);
	free(k->page);
	free(k->bm);
	free(k->dg);
	free(k);
}

static uint32_t get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* Bits set among the first n of a little-endian bitmap. */
static uint64_t bits_set(const uint8_t *bits, uint64_t n)
{
	uint64_t i, count = 0, w;

	for (i = 0; i + 64 <= n; i += 64) {
		memcpy(&w, bits + i / 8, 8);
		count += (uint64_t)__builtin_popcountll(w);
	}
	for (; i < n; i++)
		count += bits[i / 8] >> (i % 8) & 1;
	return count;
}

/* NULL for anything but a plain, complete, single-part kdump file. */
static struct kdump_layout *load_kdump(int fd, uint64_t page_size)
{
	uint8_t h[KDUMP_HDR], sub[KDUMP_SUB], *chunk = NULL;
	int32_t version, bs, subblocks;
	uint32_t bitmap_blocks;
	uint64_t bitmap_len, pfn, count = 0, nrank;
	struct kdump_layout *k = calloc(1, sizeof(*k));

	if (!k || pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) || memcmp(h, "KDUMP   ", 8))
		goto fail;
	memcpy(&version, h + 8, 4);
	memcpy(&bs, h + 428, 4);
	memcpy(&subblocks, h + 432, 4);
	bitmap_blocks = get_u32(h + 436);
	k->max_pfn = get_u32(h + 440);
	/* dump.c's check_kdump has checked these against the file. */
	if (version < 2 || bs <= 0 || (uint64_t)bs != page_size || subblocks < 1 || !bitmap_blocks ||
	    (get_u32(h + 424) & DD_INCOMPLETE))
		goto fail;
	if (pread(fd, sub, sizeof(sub), bs) != (ssize_t)sizeof(sub) || get_u32(sub + 12))   /* split */
		goto fail;
	if (version >= 6)
		k->max_pfn = get_u64(sub + 96);
	bitmap_len = (uint64_t)bitmap_blocks / 2 * bs;
	if (k->max_pfn > bitmap_len * 8)
		goto fail;
	k->bitmap2 = (1 + (uint64_t)subblocks) * bs + bitmap_len;
	k->descs = (1 + (uint64_t)subblocks + bitmap_blocks) * (uint64_t)bs;
	nrank = k->max_pfn / RANK_STEP + 1;
	k->rank = malloc(nrank * sizeof(*k->rank));
	k->bits = malloc(RANK_STEP / 8 + BATCH / 8 + 8);
	k->descbuf = malloc(BATCH * DESC_SIZE);
	k->data = malloc(BATCH * page_size);
	k->page = malloc(page_size);
	k->bm = malloc(KEEP * sizeof(*k->bm));
	k->dg = malloc(KEEP * sizeof(*k->dg));
	chunk = malloc(RANK_STEP / 8);
	if (!k->rank || !k->bits || !k->descbuf || !k->data || !k->page || !k->bm || !k->dg || !chunk)
		goto fail;
	for (pfn = 0; pfn < k->max_pfn; pfn += RANK_STEP) {
		uint64_t n = (k->max_pfn - pfn < RANK_STEP ? k->max_pfn - pfn : RANK_STEP), bytes = (n + 7) / 8;

		k->rank[pfn / RANK_STEP] = count;
		if (pread(fd, chunk, bytes, k->bitmap2 + pfn / 8) != (ssize_t)bytes)
			goto fail;
		count += bits_set(chunk, n);
	}
	k->rank[k->max_pfn / RANK_STEP] = count;
	free(chunk);
	return k;
fail:
	free(chunk);
	kdump_layout_free(k);
	return NULL;
}

/* Decompress (or copy) one page's data into dst; 0 when this path cannot
 * (libkdumpfile then reads the page and reports what is wrong with it). */
static int unpack_page(struct kdump_layout *k, uint64_t ps, uint32_t flags, const uint8_t *src, uint32_t size,
		       uint8_t *dst)
{
	if (flags == 0) {
		if (size != ps)
			return 0;
		memcpy(dst, src, ps);
		return 1;
	}
	if (flags == DD_ZLIB) {
		size_t out;

		if (!k->zlib && !(k->zlib = libdeflate_alloc_decompressor()))
			return 0;
		return libdeflate_zlib_decompress(k->zlib, src, size, dst, ps, &out) == LIBDEFLATE_SUCCESS && out == ps;
	}
	if (flags == DD_LZO) {
		lzo_uint out = ps;

		return lzo1x_decompress_safe(src, size, dst, &out, NULL) == LZO_E_OK && out == ps;
	}
	if (flags == DD_ZSTD) {
		size_t out;

		if (!k->zstd && !(k->zstd = ZSTD_createDCtx()))
			return 0;
		out = ZSTD_decompressDCtx(k->zstd, dst, ps, src, size);
		return !ZSTD_isError(out) && out == ps;
	}
	return 0;   /* snappy (not built in), or unknown flags */
}

static int to_phys(struct fastread *f, uint64_t vaddr, uint64_t *paddr)
{
	addrxlat_fulladdr_t fa = { .addr = vaddr, .as = ADDRXLAT_KVADDR };

	if (!f->xctx || addrxlat_fulladdr_conv(&fa, ADDRXLAT_MACHPHYSADDR, f->xctx, f->xsys) != ADDRXLAT_OK)
		return 0;
	*paddr = fa.addr;
	return 1;
}

/* One page's data (descriptor d, its bytes at src) into buf: part bytes
 * of it from skip on, through k->page unless the whole page is wanted. */
static int unpack_part(struct kdump_layout *k, uint64_t ps, const uint8_t *d, const uint8_t *src, uint64_t skip,
		       size_t part, uint8_t *buf)
{
	if (part == ps)
		return unpack_page(k, ps, get_u32(d + 12), src, get_u32(d + 8), buf);
	if (!unpack_page(k, ps, get_u32(d + 12), src, get_u32(d + 8), k->page))
		return 0;
	memcpy(buf, k->page + skip, part);
	return 1;
}

/* Block blk of the second bitmap (frames blk * RANK_STEP on), kept; NULL
 * when it cannot be read. Only the frames below max_pfn are valid. */
static const uint8_t *bitmap_block(struct fastread *f, uint64_t blk)
{
	struct kdump_layout *k = f->kd;
	uint64_t first = blk * RANK_STEP, n = k->max_pfn - first < RANK_STEP ? k->max_pfn - first : RANK_STEP;
	unsigned s = blk % KEEP;

	if (k->bm_tag[s] != blk + 1) {
		k->bm_tag[s] = 0;
		if (pread(f->fd, k->bm[s], (n + 7) / 8, k->bitmap2 + first / 8) != (ssize_t)((n + 7) / 8))
			return NULL;
		k->bm_tag[s] = blk + 1;
	}
	return k->bm[s];
}

/* The descriptor of the rank-th dumped frame, from its group kept; NULL
 * when it cannot be read. */
static const uint8_t *desc_of(struct fastread *f, uint64_t rank)
{
	struct kdump_layout *k = f->kd;
	uint64_t g = rank / DESC_GROUP;
	unsigned s = g % KEEP;
	ssize_t r;

	if (k->dg_tag[s] != g + 1) {
		k->dg_tag[s] = 0;
		r = pread(f->fd, k->dg[s], sizeof(k->dg[s]), k->descs + g * sizeof(k->dg[s]));
		if (r < DESC_SIZE)
			return NULL;
		k->dg_n[s] = (uint32_t)(r / DESC_SIZE);
		k->dg_tag[s] = g + 1;
	}
	return rank % DESC_GROUP < k->dg_n[s] ? k->dg[s] + rank % DESC_GROUP * DESC_SIZE : NULL;
}

/* kdump_run for a read within one page (frame pfn): its bitmap block and
 * descriptor from those kept, then one pread of its data. */
static size_t kdump_one(struct fastread *f, uint64_t pfn, uint64_t skip, uint8_t *buf, size_t len)
{
	struct kdump_layout *k = f->kd;
	uint64_t ps = f->page_size, blk = pfn / RANK_STEP, b = pfn % RANK_STEP;
	size_t part = ps - skip < len ? ps - skip : len;
	const uint8_t *bits, *d;
	uint32_t size;

	if (pfn >= k->max_pfn || !(bits = bitmap_block(f, blk)) || !(bits[b / 8] >> (b % 8) & 1) ||
	    !(d = desc_of(f, k->rank[blk] + bits_set(bits, b))) || (size = get_u32(d + 8)) == 0 || size > ps ||
	    pread(f->fd, k->data, size, get_u64(d)) != (ssize_t)size)
		return 0;
	return unpack_part(k, ps, d, k->data, skip, part, buf) ? part : 0;
}

/*
 * Read from the kdump file what can be read at addr (at most len bytes,
 * from a run of dumped frames whose data lie together in the file).
 * Returns the bytes done, 0 when libkdumpfile must read the first page.
 */
static size_t kdump_run(struct fastread *f, uint64_t addr, uint8_t *buf, size_t len)
{
	struct kdump_layout *k = f->kd;
	uint64_t ps = f->page_size, page = addr & ~(ps - 1), pa, pfn0, first, rank, want, n, i, span;
	size_t done = 0;

	if (!to_phys(f, page, &pa))
		return 0;
	pfn0 = pa / ps;
	want = (addr - page + len + ps - 1) / ps;
	if (want == 1)
		return kdump_one(f, pfn0, addr - page, buf, len);
	if (want > BATCH)
		want = BATCH;
	for (n = 1; n < want; n++) {
		uint64_t next;

		if (!to_phys(f, page + n * ps, &next) || next != pa + n * ps)
			break;
	}
	if (pfn0 >= k->max_pfn)
		return 0;
	if (n > k->max_pfn - pfn0)
		n = k->max_pfn - pfn0;
	/* The bitmap from the rank entry's frame to the run's end. */
	first = pfn0 / RANK_STEP * RANK_STEP;
	span = (pfn0 + n - first + 7) / 8;
	if (pread(f->fd, k->bits, span, k->bitmap2 + first / 8) != (ssize_t)span)
		return 0;
	rank = k->rank[pfn0 / RANK_STEP] + bits_set(k->bits, pfn0 - first);
	for (i = 0; i < n; i++) {
		uint64_t b = pfn0 - first + i;

		if (!(k->bits[b / 8] >> (b % 8) & 1))
			break;
	}
	if (!(n = i))
		return 0;
	if (pread(f->fd, k->descbuf, n * DESC_SIZE, k->descs + rank * DESC_SIZE) != (ssize_t)(n * DESC_SIZE))
		return 0;
	/* The pages whose data follow each other in the file. */
	span = 0;
	for (i = 0; i < n; i++) {
		const uint8_t *d = k->descbuf + i * DESC_SIZE;
		uint32_t size = get_u32(d + 8);

		if (size == 0 || size > ps || (i && get_u64(d) != get_u64(k->descbuf) + span))
			break;
		span += size;
	}
	if (!(n = i) || pread(f->fd, k->data, span, get_u64(k->descbuf)) != (ssize_t)span)
		return 0;
	span = 0;
	for (i = 0; i < n && done < len; i++) {
		const uint8_t *d = k->descbuf + i * DESC_SIZE;
		uint32_t size = get_u32(d + 8);
		uint64_t skip = i ? 0 : addr - page, part = ps - skip;

		if (part > len - done)
			part = len - done;
		if (!unpack_part(k, ps, d, k->data + span, skip, part, buf + done))
			break;
		span += size;
		done += part;
	}
	return done;
}

struct fastread *fastread_new(void *kdump, int fd)
{
	kdump_ctx_t *ctx = kdump;
	kdump_num_t page_size, order;
	const char *format = NULL;
	struct fastread *f;

	if (kdump_get_string_attr(ctx, KDUMP_ATTR_FILE_FORMAT, &format) != KDUMP_OK || !format)
		return NULL;
	if (kdump_get_number_attr(ctx, KDUMP_ATTR_PAGE_SIZE, &page_size) != KDUMP_OK || !page_size ||
	    (page_size & (page_size - 1)))
		return NULL;
	/* The headers are parsed as little-endian, as this host reads them. */
	if (kdump_get_number_attr(ctx, KDUMP_ATTR_BYTE_ORDER, &order) != KDUMP_OK || order != KDUMP_LITTLE_ENDIAN ||
	    *(const uint8_t *)&(uint16_t){ 1 } != 1)
		return NULL;
	if (!strcmp(format, "elf")) {
		if (!(f = load_segments(fd, page_size)))
			return NULL;
	} else if (!strcmp(format, "diskdump")) {
		if (!(f = calloc(1, sizeof(*f))))
			return NULL;
		f->fd = fd;
		f->page_size = page_size;
		if (!(f->kd = load_kdump(fd, page_size))) {
			free(f);
			return NULL;
		}
	} else {
		return NULL;
	}
	if (kdump_get_addrxlat(ctx, &f->xctx, &f->xsys) != KDUMP_OK)
		f->xctx = NULL, f->xsys = NULL;
	return f;
}

/*
 * Read len bytes at the kernel virtual address addr into buf. Runs of
 * pages that follow each other in the file become one pread; every other
 * page is left to slow(), libkdumpfile's read. Returns slow()'s error or
 * C2_OK.
 */
int fastread(struct fastread *f, uint64_t addr, uint8_t *buf, size_t len,
	     int (*slow)(void *arg, uint64_t addr, void *buf, size_t len), void *arg)
{
	if (len < FAST_MIN_PAGES * f->page_size)
		return slow(arg, addr, buf, len);
	/* A large buffer fresh from malloc faults a page at a time as it is
	 * filled; one call maps it all (measured: 1,000 faults were a third
	 * of reading 4 MB of BTF on this kind of virtual machine). */
	if (len >= POPULATE_MIN) {
		uintptr_t from = ((uintptr_t)buf + 4095) & ~(uintptr_t)4095, to = ((uintptr_t)buf + len) & ~(uintptr_t)4095;

		if (to > from)
			madvise((void *)from, to - from, MADV_POPULATE_WRITE);
	}
	while (f->kd && len) {
		size_t done = kdump_run(f, addr, buf, len);
		int rc;

		if (!done) {
			done = f->page_size - (addr & (f->page_size - 1));
			if (done > len)
				done = len;
			if ((rc = slow(arg, addr, buf, done)) < 0)
				return rc;
		}
		addr += done;
		buf += done;
		len -= done;
	}
	while (len) {
		uint64_t page = addr & ~(f->page_size - 1), off, next_off;
		size_t run = f->page_size - (addr - page);
		int rc;

		if (run > len)
			run = len;
		if (!place_page(f, page, &off)) {
			if ((rc = slow(arg, addr, buf, run)) < 0)
				return rc;
		} else {
			off += addr - page;
			/* Extend over the following pages while the file
			 * continues where this run ends. */
			while (run < len && place_page(f, addr + run, &next_off) && next_off == off + run)
				run = len - run < f->page_size ? len : run + f->page_size;
			if (pread(f->fd, buf, run, (off_t)off) != (ssize_t)run &&
			    (rc = slow(arg, addr, buf, run)) < 0)
				return rc;
		}
		addr += run;
		buf += run;
		len -= run;
	}
	return C2_OK;
}

/*
 * Read len bytes at physical address paddr, within one page, from an ELF
 * file's segment that holds all of that page (where libkdumpfile's
 * physical read finds it: elfdump.c looks the page up among the segments
 * by physical address). Anything else is read by slow(). One pread instead
 * of libkdumpfile's file-block cache and page cache and their copies: the
 * dentry walk reads about 450,000 pages this way on a dump of a million
 * dentries.
 */
int fastread_phys(struct fastread *f, uint64_t paddr, uint8_t *buf, size_t len,
		  int (*slow)(void *arg, uint64_t addr, void *buf, size_t len), void *arg)
{
	uint64_t page = paddr & ~(f->page_size - 1);
	const struct seg *s;
	int whole;

	if (f->kd || !f->nphys || paddr - page + len > f->page_size)
		return slow(arg, paddr, buf, len);
	s = closest(f->phys, f->nphys, page, f->page_size, &whole);
	if (!s || !whole || pread(f->fd, buf, len, (off_t)(s->off + (paddr - s->start))) != (ssize_t)len)
		return slow(arg, paddr, buf, len);
	return C2_OK;
}

/* The first slot of page's set; sets and slots made on first use. */
static int small_set(struct fastread *f, uint64_t page, unsigned *first)
{
	uint64_t n;

	if (!f->small) {
		f->small_ways = f->kd ? SMALL_KDUMP_WAYS : SMALL_ELF_PAGES;
		n = f->kd ? SMALL_KDUMP_BYTES / f->page_size / SMALL_KDUMP_WAYS : 1;
		for (f->small_sets = 1, f->small_bits = 0; f->small_sets * 2 <= n; f->small_sets *= 2)
			f->small_bits++;
		n = (uint64_t)f->small_sets * f->small_ways;
		f->small_page = calloc(n, sizeof(*f->small_page));
		f->small_used = calloc(n, sizeof(*f->small_used));
		if (!f->small_page || !f->small_used || !(f->small = malloc(n * f->page_size))) {
			free(f->small_page);
			free(f->small_used);
			f->small_page = f->small_used = NULL;
			return 0;
		}
	}
	/* Pages of one slab are a power of two apart: hash, not low bits. */
	*first = f->small_bits ? (unsigned)((page / f->page_size * 0x9e3779b97f4a7c15ull) >> (64 - f->small_bits)) *
					 f->small_ways : 0;
	return 1;
}

/* The kept page at the virtual address page, NULL if none. */
static const uint8_t *small_slot(struct fastread *f, uint64_t page)
{
	unsigned i, first;

	if (!small_set(f, page, &first))
		return NULL;
	for (i = first; i < first + f->small_ways; i++)
		if (f->small_page[i] == page + 1) {
			f->small_used[i] = ++f->small_tick;
			return f->small + (size_t)i * f->page_size;
		}
	return NULL;
}

/* Read the page at page (ELF: at file offset off; a kdump file: its data
 * decompressed) into the least recently used slot of its set; NULL if
 * that fails. */
static const uint8_t *small_fill(struct fastread *f, uint64_t page, uint64_t off)
{
	unsigned i, lru, first;
	uint8_t *slot;

	if (!small_set(f, page, &first))
		return NULL;
	for (lru = first, i = first + 1; i < first + f->small_ways; i++)
		if (f->small_used[i] < f->small_used[lru])
			lru = i;
	slot = f->small + (size_t)lru * f->page_size;
	f->small_page[lru] = 0;
	f->small_used[lru] = 0;
	if (f->kd ? kdump_run(f, page, slot, f->page_size) != f->page_size
		  : pread(f->fd, slot, f->page_size, (off_t)off) != (ssize_t)f->page_size)
		return NULL;
	f->small_page[lru] = page + 1;
	f->small_used[lru] = ++f->small_tick;
	return slot;
}

/*
 * Small reads (a field, a stack word) from the last pages they touched
 * (a kdump file's 256, an ELF file's 32), each read whole when first
 * touched: with one pread from an ELF file, decompressed from a kdump
 * file. libkdumpfile reads every small read's page anew: it
 * translates the address (a page-table walk for vmalloc'd stacks) and,
 * as makedumpfile's ELF segments start off page boundaries in the file,
 * copies the page out of two file blocks into a buffer it allocates and
 * frees each time. perf and strace on bt -A of 5,068 tasks: 18,925 mmap
 * and munmap pairs from musl's malloc freeing that buffer's group.
 * A kdump file's pages were read through libkdumpfile's cache, whose
 * linear search cost a quarter of ps over 5,068 tasks (perf), more than
 * their inflates' build_decode_table. Pages placed as fastread() places
 * them; the rest go to slow().
 */
int fastread_small(struct fastread *f, uint64_t addr, uint8_t *buf, size_t len,
		   int (*slow)(void *arg, uint64_t addr, void *buf, size_t len), void *arg)
{
	while (len) {
		uint64_t page = addr & ~(f->page_size - 1), off = 0;
		size_t part = f->page_size - (addr - page);
		const uint8_t *from = small_slot(f, page);
		int rc;

		if (part > len)
			part = len;
		if (from) {
			memcpy(buf, from + (addr - page), part);
		} else if (!f->kd && !place_page(f, page, &off)) {
			if ((rc = slow(arg, addr, buf, part)) < 0)
				return rc;
		} else if (part == f->page_size && !f->kd) {
			/* A whole page goes where it is wanted: the caller
			 * keeps it (kallsyms.c reads its tables so). */
			if (pread(f->fd, buf, part, (off_t)off) != (ssize_t)part && (rc = slow(arg, addr, buf, part)) < 0)
				return rc;
		} else if ((from = small_fill(f, page, off))) {
			memcpy(buf, from + (addr - page), part);
		} else if ((rc = slow(arg, addr, buf, part)) < 0) {
			return rc;
		}
		addr += part;
		buf += part;
		len -= part;
	}
	return C2_OK;
}
