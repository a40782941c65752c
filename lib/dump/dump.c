/* The dump: opening files through libkdumpfile and reading memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include "../internal.h"
#include "fastread.h"

/* Frees what the dump layer holds in the handle (as the handle is freed). */
void dump_close(struct c2 *c2)
{
	int i;

	fastread_free(c2->fast);
	if (c2->kdump)
		kdump_free(c2->kdump);
	for (i = 0; i < c2->nfds; i++)
		close(c2->fds[i]);
	vmci_free(&c2->vmci);
	free(c2->vmci_raw);
	free(c2->path);
	free(c2->format);
}

static int is_proc_core(const char *path)
{
	return !strcmp(path, "/proc/kcore") || !strcmp(path, "/proc/vmcore");
}

/* Open one file read-only and make sure it can be a dump at all. A FIFO is
 * opened non-blocking so that it cannot hang us before we reject it. */
static int open_one(struct c2 *c2, const char *path)
{
	struct stat st;
	int i;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		int e = errno;

		if ((e == EACCES || e == EPERM) && is_proc_core(path))
			return c2_fail(c2, C2_EPERM, "%s: %s (reading kernel memory needs root, or CAP_SYS_RAWIO)",
				       path, strerror(e));
		return c2_fail(c2, e == EACCES || e == EPERM ? C2_EPERM : C2_EIO, "%s: %s", path, strerror(e));
	}
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return c2_fail(c2, C2_EIO, "%s: %s", path, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return c2_fail(c2, C2_EFORMAT, "%s: is a directory", path);
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		close(fd);
		return c2_fail(c2, C2_EFORMAT, "%s: not a regular file or block device", path);
	}
	if (S_ISREG(st.st_mode) && st.st_size == 0 && !is_proc_core(path)) {
		close(fd);
		return c2_fail(c2, C2_EFORMAT, "%s: not a recognized dump format (empty file)", path);
	}
	for (i = 0; i < c2->nfds; i++) {
		struct stat other;

		if (fstat(c2->fds[i], &other) == 0 && other.st_dev == st.st_dev && other.st_ino == st.st_ino) {
			close(fd);
			return c2_fail(c2, C2_EINVAL, "%s: given twice", path);
		}
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	c2->fds[c2->nfds++] = fd;
	return C2_OK;
}

/*
 * Checks of a dump file's own structure against its size, before
 * libkdumpfile sees it: a file cut short by a full disk, or headers with
 * forged sizes and offsets, must be refused with a message naming what is
 * wrong, not read into a crash, a hang, a huge allocation or silent zeros.
 * Layouts: makedumpfile's diskdump_mod.h (struct disk_dump_header,
 * kdump_sub_header, page_desc) and the ELF64 headers.
 */
#define KDUMP_HDR_SIZE 464
#define KDUMP_SUB_SIZE 104
#define PAGE_DESC_SIZE 24
#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56
#define ELF_SHDR_SIZE 64
#define MAX_SEGMENTS (1u << 20)

static uint64_t get_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t get_u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

/* Whether [off, off + len) lies inside a file of size bytes. */
static int inside(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int read_exact(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (uint8_t *)buf + done, len - done, off + done);

		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

static int truncated(struct c2 *c2, const char *path, const char *what, uint64_t need, uint64_t size)
{
	return c2_fail(c2, C2_EFORMAT, "%s: truncated dump: %s needs %llu bytes, the file has %llu (cut short while "
		       "it was saved?)", path, what, (unsigned long long)need, (unsigned long long)size);
}

static int check_kdump(struct c2 *c2, int fd, const char *path, uint64_t size)
{
	uint8_t h[KDUMP_HDR_SIZE], sub[KDUMP_SUB_SIZE], *bits;
	int32_t version, bs, subblocks;
	uint32_t bitmap_blocks, status;
	uint64_t max_mapnr, hdr_end, bitmap_len, bitmap2, ndumped = 0, descs, desc_end, data_end = 0;
	uint64_t start_pfn = 0, end_pfn = UINT64_MAX, i, nlast;
	int split = 0;

	if (size < KDUMP_HDR_SIZE || read_exact(fd, h, sizeof(h), 0) < 0)
		return truncated(c2, path, "the kdump header", KDUMP_HDR_SIZE, size);
	memcpy(&version, h + 8, 4);
	memcpy(&bs, h + 428, 4);
	memcpy(&subblocks, h + 432, 4);
	bitmap_blocks = get_u32(h + 436);
	max_mapnr = get_u32(h + 440);
	status = get_u32(h + 424);
	/* makedumpfile writes versions 1 to 6 (libkdumpfile reads the field
	 * unsigned: a negative one would pass as new). */
	if (version < 1 || version > 64)
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt kdump header: version %d", path, version);
	if (bs < 1024 || bs > (1 << 20) || (bs & (bs - 1)))
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt kdump header: block size %d", path, bs);
	if (subblocks < 0 || subblocks > (1 << 20) || bitmap_blocks == 0 || bitmap_blocks % 2 ||
	    bitmap_blocks > (1u << 30))
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt kdump header: %d sub-header blocks, %u bitmap blocks", path,
			       subblocks, bitmap_blocks);
	/* libkdumpfile reads a sub-header from the second block of any
	 * version: one that has none (makedumpfile always writes one) would
	 * be read from the bitmaps, unchecked. */
	if (subblocks < 1)
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt kdump header: version %d without a sub-header", path,
			       version);
	hdr_end = (1 + (uint64_t)subblocks + bitmap_blocks) * (uint64_t)bs;
	if (hdr_end > size)
		return truncated(c2, path, "its header and page bitmaps", hdr_end, size);
	if (version >= 2) {
		static const struct { int since, at; const char *what; } parts[] = {
			/* The versions from which libkdumpfile reads them. */
			{ 3, 32, "VMCOREINFO" }, { 4, 48, "the ELF notes" }, { 4, 64, "the erase info" },
		};
		size_t k;

		if (read_exact(fd, sub, sizeof(sub), bs) < 0)
			return truncated(c2, path, "the kdump sub-header", bs + sizeof(sub), size);
		for (k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
			uint64_t off = get_u64(sub + parts[k].at), len = get_u64(sub + parts[k].at + 8);

			if (version >= parts[k].since && len && !inside(off, len, size))
				return c2_fail(c2, C2_EFORMAT, "%s: corrupt or truncated kdump file: %s at offset %llu, "
					       "%llu bytes, lies past its end (%llu bytes)", path, parts[k].what,
					       (unsigned long long)off, (unsigned long long)len,
					       (unsigned long long)size);
			/* ELF notes are read in place (4-byte fields). */
			if (version >= parts[k].since && len && parts[k].at == 48 && off % 4)
				return c2_fail(c2, C2_EFORMAT, "%s: corrupt kdump file: ELF notes at offset %llu, not "
					       "4-byte aligned", path, (unsigned long long)off);
		}
		split = get_u32(sub + 12) != 0;
		if (version >= 6) {
			max_mapnr = get_u64(sub + 96);
			if (split) {
				start_pfn = get_u64(sub + 80);
				end_pfn = get_u64(sub + 88);
			}
		} else if (split) {
			start_pfn = get_u64(sub + 16);
			end_pfn = get_u64(sub + 24);
		}
	}
	/* Two bitmaps (pages present, pages dumped), one bit per page frame. */
	bitmap_len = (uint64_t)bitmap_blocks / 2 * bs;
	if (max_mapnr > bitmap_len * 8)
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt kdump header: %llu page frames, but bitmaps for %llu", path,
			       (unsigned long long)max_mapnr, (unsigned long long)bitmap_len * 8);
	if (end_pfn > max_mapnr)
		end_pfn = max_mapnr;
	/* The page descriptors follow the bitmaps, one per dumped page; the
	 * page data follows them. Count the dumped pages, then check that the
	 * descriptors and the pages of the last ones fit. (An incomplete dump,
	 * flagged by makedumpfile, keeps what it has: reads report the rest.) */
	bitmap2 = (1 + (uint64_t)subblocks) * bs + bitmap_len;
	if (!(bits = malloc(bitmap_len)))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (read_exact(fd, bits, bitmap_len, bitmap2) < 0) {
		free(bits);
		return truncated(c2, path, "its page bitmaps", hdr_end, size);
	}
	for (i = start_pfn; i < end_pfn && i / 8 < bitmap_len;) {
		if (i % 64 == 0 && end_pfn - i >= 64) {
			ndumped += __builtin_popcountll(get_u64(bits + i / 8));
			i += 64;
		} else {
			ndumped += bits[i / 8] >> (i % 8) & 1;
			i++;
		}
	}
	free(bits);
	descs = hdr_end;
	desc_end = descs + ndumped * PAGE_DESC_SIZE;
	if (status & 0x8)   /* DUMP_DH_COMPRESSED_INCOMPLETE */
		return C2_OK;
	if (desc_end > size)
		return truncated(c2, path, "its page descriptors", desc_end, size);
	nlast = ndumped < 64 ? ndumped : 64;
	if (nlast) {
		uint8_t d[64 * PAGE_DESC_SIZE];

		if (read_exact(fd, d, nlast * PAGE_DESC_SIZE, desc_end - nlast * PAGE_DESC_SIZE) < 0)
			return truncated(c2, path, "its page descriptors", desc_end, size);
		for (i = 0; i < nlast; i++) {
			uint64_t off = get_u64(d + i * PAGE_DESC_SIZE);
			uint32_t len = get_u32(d + i * PAGE_DESC_SIZE + 8);

			if (len > (uint32_t)bs || off < desc_end || !inside(off, len, UINT64_MAX / 2))
				return c2_fail(c2, C2_EFORMAT, "%s: corrupt kdump file: a page of %u bytes at offset %llu",
					       path, len, (unsigned long long)off);
			if (off + len > data_end)
				data_end = off + len;
		}
		if (data_end > size)
			return truncated(c2, path, "the data of its last pages", data_end, size);
	}
	return C2_OK;
}

static const char *elf_machine_name(unsigned m)
{
	switch (m) {
	case 3: return "i386";
	case 8: return "MIPS";
	case 20: return "PowerPC";
	case 21: return "PowerPC 64";
	case 22: return "s390";
	case 40: return "ARM";
	case 243: return "RISC-V";
	case 258: return "LoongArch";
	default: return NULL;
	}
}

static int dump_facts(struct c2 *c2, const char *path);

static int check_elf(struct c2 *c2, int fd, const char *path, uint64_t size)
{
	uint8_t e[ELF_EHDR_SIZE], *ph;
	uint64_t phoff, shoff, end = 0, i;
	uint32_t phnum, shnum;
	unsigned machine;
	const char *name;
	const struct arch *a;

	if (size < ELF_EHDR_SIZE || read_exact(fd, e, sizeof(e), 0) < 0)
		return truncated(c2, path, "the ELF header", ELF_EHDR_SIZE, size);
	machine = get_u16(e + 18);
	a = arch_by_elf_machine(machine);
	if (!a) {
		name = elf_machine_name(machine);
		if (name)
			return c2_fail(c2, C2_EFORMAT, "%s: a dump of an %s kernel; core2 reads dumps of %s", path, name,
				       arch_names());
		return c2_fail(c2, C2_EFORMAT, "%s: an ELF file of machine %u; core2 reads dumps of %s", path, machine,
			       arch_names());
	}
	if (e[4] != (a->pointer_size == 8 ? 2 : 1) || e[5] != (a->big_endian ? 2 : 1))
		return c2_fail(c2, C2_EFORMAT, "%s: a %s-bit %s-endian ELF file of machine %s, which writes %u-bit "
			       "%s-endian dumps", path, e[4] == 1 ? "32" : e[4] == 2 ? "64" : "?",
			       e[5] == 2 ? "big" : e[5] == 1 ? "little" : "?", a->name, a->pointer_size * 8,
			       a->big_endian ? "big" : "little");
	phoff = get_u64(e + 32);
	shoff = get_u64(e + 40);
	phnum = get_u16(e + 56);
	shnum = get_u16(e + 60);
	/* libkdumpfile reads shnum entries of e_shentsize bytes even when
	 * e_shoff is 0: any section count needs the right entry size. */
	if ((phnum && get_u16(e + 54) != ELF_PHDR_SIZE) || ((shoff || shnum) && get_u16(e + 58) != ELF_SHDR_SIZE))
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt ELF header: entry sizes %u and %u (want %u and %u)", path,
			       get_u16(e + 54), get_u16(e + 58), ELF_PHDR_SIZE, ELF_SHDR_SIZE);
	if (shoff && (shnum == 0 || phnum == 0xffff)) {
		/* Many segments: the counts are in section 0. */
		uint8_t s0[ELF_SHDR_SIZE];

		if (!inside(shoff, ELF_SHDR_SIZE, size) || read_exact(fd, s0, sizeof(s0), shoff) < 0)
			return truncated(c2, path, "its section header", shoff + ELF_SHDR_SIZE, size);
		if (shnum == 0)
			shnum = get_u64(s0 + 32) > MAX_SEGMENTS ? MAX_SEGMENTS + 1 : (uint32_t)get_u64(s0 + 32);
		if (phnum == 0xffff)
			phnum = get_u32(s0 + 44);
	}
	/* Headers are read in place: they must be aligned, as any ELF
	 * writer aligns them. */
	if (phoff % 8 || shoff % 8)
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt ELF header: headers at offsets %llu and %llu are not "
			       "8-byte aligned", path, (unsigned long long)phoff, (unsigned long long)shoff);
	if (phnum > MAX_SEGMENTS || shnum > MAX_SEGMENTS)
		return c2_fail(c2, C2_EFORMAT, "%s: corrupt ELF header: %u segments, %u sections", path, phnum, shnum);
	if ((shoff || shnum) && !inside(shoff, (uint64_t)shnum * ELF_SHDR_SIZE, size))
		return truncated(c2, path, "its section headers", shoff + (uint64_t)shnum * ELF_SHDR_SIZE, size);
	if (!inside(phoff, (uint64_t)phnum * ELF_PHDR_SIZE, size))
		return truncated(c2, path, "its program headers", phoff + (uint64_t)phnum * ELF_PHDR_SIZE, size);
	if (!phnum)
		return C2_OK;
	if (!(ph = malloc((size_t)phnum * ELF_PHDR_SIZE)))
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	if (read_exact(fd, ph, (size_t)phnum * ELF_PHDR_SIZE, phoff) < 0) {
		free(ph);
		return truncated(c2, path, "its program headers", phoff + (uint64_t)phnum * ELF_PHDR_SIZE, size);
	}
	for (i = 0; i < phnum; i++) {
		const uint8_t *p = ph + i * ELF_PHDR_SIZE;
		uint32_t type = get_u32(p);
		uint64_t off = get_u64(p + 8), filesz = get_u64(p + 32);

		if (type != 1 && type != 4)   /* PT_LOAD, PT_NOTE */
			continue;
		if (type == 4 && off % 4) {
			free(ph);
			return c2_fail(c2, C2_EFORMAT, "%s: corrupt program header %llu: notes at offset %llu, not "
				       "4-byte aligned", path, (unsigned long long)i, (unsigned long long)off);
		}
		if (off > UINT64_MAX - filesz) {
			free(ph);
			return c2_fail(c2, C2_EFORMAT, "%s: corrupt program header %llu: offset %llu, size %llu", path,
				       (unsigned long long)i, (unsigned long long)off, (unsigned long long)filesz);
		}
		if (off + filesz > end)
			end = off + filesz;
	}
	free(ph);
	if (end > size)
		return truncated(c2, path, "its segments", end, size);
	return C2_OK;
}

/* Check one regular dump file's structure against its size. */
static int check_structure(struct c2 *c2, int fd, const char *path)
{
	struct stat st;
	uint8_t magic[16];

	if (is_proc_core(path) || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return C2_OK;
	if (read_exact(fd, magic, sizeof(magic), 0) < 0)
		return c2_fail(c2, C2_EFORMAT, "%s: not a recognized dump format (%llu bytes)", path,
			       (unsigned long long)st.st_size);
	if (!memcmp(magic, "KDUMP   ", 8) || !memcmp(magic, "DISKDUMP", 8))
		return check_kdump(c2, fd, path, st.st_size);
	if (!memcmp(magic, "\177ELF", 4))
		return check_elf(c2, fd, path, st.st_size);
	/* makedumpfile -F: checked by libkdumpfile as it reads the stream.
	 * (The signature is a NUL-terminated string in a 16-byte field;
	 * makedumpfile before 1.7 left the bytes after the NUL uninitialized.) */
	if (!memcmp(magic, "makedumpfile", 13))
		return C2_OK;
	/* libkdumpfile knows more formats (LKCD, sadump, Xen, ...), but none
	 * that a Linux kdump writes, and their parsers are where a
	 * fuzzer found undefined behavior: keep them closed. */
	return c2_fail(c2, C2_EFORMAT, "%s: not a recognized dump format (core2 reads ELF dumps, /proc/kcore, "
		       "/proc/vmcore and makedumpfile's kdump-compressed and flattened files)", path);
}

/*
 * A split kdump file (makedumpfile --split) holds one range of page frames;
 * its header says which (include/diskdump_mod.h of makedumpfile: struct
 * disk_dump_header, then struct kdump_sub_header one block further). The
 * reader needs the parts in frame order, whatever order the user gave.
 */
struct split_part {
	int fd;
	const char *path;
	int is_split;
	uint64_t start_pfn, end_pfn;
};

static void read_split_info(struct split_part *p)
{
	uint8_t hdr[464], sub[104];
	int32_t version, block_size, split;

	p->is_split = 0;
	if (pread(p->fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) || memcmp(hdr, "KDUMP   ", 8))
		return;
	memcpy(&version, hdr + 8, 4);
	memcpy(&block_size, hdr + 428, 4);
	if (version < 2 || block_size < (int32_t)sizeof(hdr) || block_size > (1 << 20) ||
	    pread(p->fd, sub, sizeof(sub), block_size) != (ssize_t)sizeof(sub))
		return;
	memcpy(&split, sub + 12, 4);
	if (!split)
		return;
	p->is_split = 1;
	memcpy(&p->start_pfn, sub + (version >= 6 ? 80 : 16), 8);
	memcpy(&p->end_pfn, sub + (version >= 6 ? 88 : 24), 8);
}

static int by_start_pfn(const void *a, const void *b)
{
	const struct split_part *x = a, *y = b;

	return x->start_pfn < y->start_pfn ? -1 : x->start_pfn > y->start_pfn;
}

static int order_split_parts(struct c2 *c2, const char *const *paths)
{
	struct split_part parts[C2_MAX_FILES];
	int i, nsplit = 0;

	for (i = 0; i < c2->nfds; i++) {
		parts[i].fd = c2->fds[i];
		parts[i].path = paths[i];
		read_split_info(&parts[i]);
		nsplit += parts[i].is_split;
	}
	if (c2->nfds == 1 && nsplit == 1)
		return c2_fail(c2, C2_EINVAL,
			       "%s: one part of a split dump (page frames %llu to %llu): give every part with -c",
			       paths[0], (unsigned long long)parts[0].start_pfn, (unsigned long long)parts[0].end_pfn);
	if (c2->nfds == 1)
		return C2_OK;
	for (i = 0; i < c2->nfds; i++)
		if (!parts[i].is_split)
			return c2_fail(c2, C2_EINVAL, "%s: not a part of a split kdump file, but several -c were given",
				       paths[i]);
	qsort(parts, c2->nfds, sizeof(parts[0]), by_start_pfn);
	for (i = 0; i < c2->nfds; i++) {
		c2->fds[i] = parts[i].fd;
		if (i > 0 && parts[i].start_pfn < parts[i - 1].end_pfn)
			return c2_fail(c2, C2_EINVAL, "%s and %s: overlapping parts of a split dump", parts[i - 1].path,
				       parts[i].path);
	}
	c2_diagf(c2, "core: %d parts of a split dump, ordered by page frame", c2->nfds);
	return C2_OK;
}

int c2_open(struct c2 *c2, const char *const *paths, int npaths)
{
	static const char *const vmcore[] = { "/proc/vmcore" }, *const kcore[] = { "/proc/kcore" };
	kdump_ctx_t *ctx;
	kdump_status st;
	const char *arch = NULL;
	int i, rc;

	if (c2->kdump)
		return c2_fail(c2, C2_EINVAL, "target already open");
	if (npaths == 0) {
		if (access("/proc/vmcore", F_OK) == 0) {
			paths = vmcore;
			c2_diagf(c2, "core: /proc/vmcore (exists: running in a capture kernel)");
		} else {
			paths = kcore;
			c2_diagf(c2, "core: /proc/kcore (no /proc/vmcore: reading the running kernel)");
		}
		npaths = 1;
	} else {
		c2_diagf(c2, "core: %s%s", paths[0], npaths > 1 ? " (and more parts of a split dump)" : " (given with -c)");
	}
	if (npaths > C2_MAX_FILES)
		return c2_fail(c2, C2_EINVAL, "too many dump files (at most %d)", C2_MAX_FILES);
	for (i = 0; i < npaths; i++)
		if ((rc = open_one(c2, paths[i])) < 0)
			return rc;
	for (i = 0; i < c2->nfds; i++)
		if ((rc = check_structure(c2, c2->fds[i], paths[i])) < 0)
			return rc;
	if ((rc = order_split_parts(c2, paths)) < 0)
		return rc;
	c2->path = strdup(paths[0]);

	ctx = kdump_new();
	if (!ctx || !c2->path)
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	c2->kdump = ctx;
	/* read(2) only: a dump file that shrinks or lies about its size must
	 * give an error, never a SIGBUS from a mapping past its end. */
	kdump_set_number_attr(ctx, KDUMP_ATTR_FILE_MMAP_POLICY, KDUMP_MMAP_NEVER);
	/* libkdumpfile searches its page cache linearly on every miss; 1024
	 * entries cost more than they save (measured: every applet as fast or
	 * faster with 64, and less memory). */
	kdump_set_number_attr(ctx, "cache.size", 64);
	st = kdump_open_fdset(ctx, c2->nfds, c2->fds);
	if (st == KDUMP_ERR_NOTIMPL)
		return c2_fail(c2, C2_EFORMAT, "%s: not a recognized dump format (%s)", paths[0], kdump_get_err(ctx));
	if (st != KDUMP_OK)
		return c2_fail(c2, st == KDUMP_ERR_SYSTEM ? C2_EIO : C2_EFORMAT, "%s: %s", paths[0], kdump_get_err(ctx));
	/* A kdump-compressed page read again costs its inflate again (about
	 * 20 us): keep more of them there (measured on bookworm 6.1's zlib
	 * dump: bt inflated 555 pages with 64 slots and 389 with 256, 19 ->
	 * 16 ms; mod 0.5 ms slower for the longer search). */
	if (!strcmp(c2_format(c2), "diskdump"))
		kdump_set_number_attr(ctx, "cache.size", 256);
	/* Every reader above the dump layer decodes memory as the back end of
	 * its architecture says (byte order, pointer size, registers): a dump
	 * of an architecture without one would be read as garbage. */
	if (kdump_get_string_attr(ctx, KDUMP_ATTR_ARCH_NAME, &arch) != KDUMP_OK || !arch)
		return c2_fail(c2, C2_EFORMAT, "%s: the dump does not say its architecture", paths[0]);
	c2->arch = arch_by_name(arch);
	if (!c2->arch)
		return c2_fail(c2, C2_EFORMAT, "%s: a dump of an %s kernel; core2 reads dumps of %s", paths[0], arch,
			       arch_names());
	/* Without an explicit OS type, /proc/kcore fails to set up paging. */
	st = kdump_set_string_attr(ctx, KDUMP_ATTR_OSTYPE, "linux");
	if (st != KDUMP_OK)
		return c2_fail(c2, C2_EFORMAT, "%s: cannot set up Linux address translation: %s", paths[0],
			       kdump_get_err(ctx));
	/* Facts the back end leaves to the dump (libkdumpfile gives
	 * VMCOREINFO only once the OS type is set). */
	if ((rc = dump_facts(c2, paths[0])) < 0)
		return rc;
	c2_diagf(c2, "dump format: %s", c2_format(c2));
	return C2_OK;
}

const char *c2_arch(struct c2 *c2)
{
	return c2->arch ? c2->arch->name : "unknown";
}

int c2_is_kernel_address(struct c2 *c2, uint64_t addr)
{
	return c2->arch && addr >= c2->kernel_start;
}

uint64_t c2_strip_code_address(struct c2 *c2, uint64_t addr)
{
	/* The signature replaces the top bits, which it may clear; bit 55
	 * (never part of it) tells kernel addresses, whose top bits are all
	 * set, from user ones (ptrauth_strip_kernel_insn_pac). */
	if (c2->pac_mask && addr >> 55 & 1)
		return addr | c2->pac_mask;
	return addr;
}

uint64_t c2_load_uint(struct c2 *c2, const void *p, size_t size)
{
	return arch_load_uint(c2->arch ? c2->arch : arch_host(), p, size);
}

uint64_t c2_load_bits(struct c2 *c2, const uint8_t *p, uint64_t bit_offset, uint32_t bits)
{
	return arch_load_bits(c2->arch ? c2->arch : arch_host(), p, bit_offset, bits);
}

const char *c2_path(const struct c2 *c2)
{
	return c2->path ? c2->path : "";
}

int dump_is_live(const struct c2 *c2)
{
	return c2->path && !strcmp(c2->path, "/proc/kcore");
}

const char *c2_format(struct c2 *c2)
{
	const char *s = NULL;

	if (!c2->format && c2->kdump && kdump_get_string_attr(c2->kdump, KDUMP_ATTR_FILE_FORMAT, &s) == KDUMP_OK)
		c2->format = strdup(s);
	return c2->format ? c2->format : "unknown";
}

static int read_as(struct c2 *c2, kdump_addrspace_t as, uint64_t addr, void *buf, size_t len)
{
	size_t got = len;
	kdump_status st;

	if (!c2->kdump)
		return c2_fail(c2, C2_EINVAL, "no target open");
	if (len == 0)
		return C2_OK;
	st = kdump_read(c2->kdump, as, addr, buf, &got);
	if (st == KDUMP_OK)
		return C2_OK;
	if (st == KDUMP_ERR_NODATA)
		return c2_fail(c2, C2_ENODATA, "%s 0x%llx: not in the dump (page excluded or not saved)",
			       as == KDUMP_KVADDR ? "address" : "physical address", (unsigned long long)(addr + got));
	return c2_fail(c2, st == KDUMP_ERR_ADDRXLAT ? C2_ENODATA : C2_EIO, "%s 0x%llx: %s",
		       as == KDUMP_KVADDR ? "address" : "physical address", (unsigned long long)(addr + got),
		       kdump_get_err(c2->kdump));
}

static int read_kv(void *c2, uint64_t addr, void *buf, size_t len)
{
	return read_as(c2, KDUMP_KVADDR, addr, buf, len);
}

static int read_kp(void *c2, uint64_t addr, void *buf, size_t len)
{
	return read_as(c2, KDUMP_KPHYSADDR, addr, buf, len);
}

/* Reads of a saved dump or /proc/vmcore that bypass libkdumpfile where it
 * is safe (fastread.c); never the live kernel's, or a dump of several
 * files. Set up by the first read that can use it. */
static struct fastread *fast(struct c2 *c2)
{
	if (!c2->fast_tried && c2->kdump) {
		c2->fast_tried = 1;
		if (c2->nfds == 1 && !dump_is_live(c2) && !getenv("CORE2_NO_FASTREAD"))
			c2->fast = fastread_new(c2->kdump, c2->fds[0]);
	}
	return c2->fast;
}

int c2_read(struct c2 *c2, uint64_t addr, void *buf, size_t len)
{
	if (len > 4096 && fast(c2))
		return fastread(c2->fast, addr, buf, len, read_kv, c2);
	if (len <= 4096 && fast(c2))
		return fastread_small(c2->fast, addr, buf, len, read_kv, c2);
	return read_kv(c2, addr, buf, len);
}

int c2_read_phys(struct c2 *c2, uint64_t paddr, void *buf, size_t len)
{
	/* Whole pages: the dentry walk's page cache. */
	if (len >= 4096 && fast(c2))
		return fastread_phys(c2->fast, paddr, buf, len, read_kp, c2);
	return read_kp(c2, paddr, buf, len);
}

/* Plain copies: every back end in lib/arch/ is little-endian, as is every
 * host core2 is built for. */
int c2_read_u8(struct c2 *c2, uint64_t addr, uint8_t *v) { return c2_read(c2, addr, v, sizeof(*v)); }
int c2_read_u16(struct c2 *c2, uint64_t addr, uint16_t *v) { return c2_read(c2, addr, v, sizeof(*v)); }
int c2_read_u32(struct c2 *c2, uint64_t addr, uint32_t *v) { return c2_read(c2, addr, v, sizeof(*v)); }
int c2_read_u64(struct c2 *c2, uint64_t addr, uint64_t *v) { return c2_read(c2, addr, v, sizeof(*v)); }

int c2_read_cstr(struct c2 *c2, uint64_t addr, char *buf, size_t max, size_t *len)
{
	size_t n = 0;

	if (max == 0)
		return c2_fail(c2, C2_EINVAL, "string buffer of size 0");
	/* Read up to each page end only, so that a short string just before an
	 * excluded page still reads. */
	while (n < max - 1) {
		size_t chunk = 4096 - ((addr + n) & 4095), i;
		int rc;

		if (chunk > max - 1 - n)
			chunk = max - 1 - n;
		if ((rc = c2_read(c2, addr + n, buf + n, chunk)) < 0)
			return rc;
		for (i = 0; i < chunk; i++)
			if (buf[n + i] == '\0') {
				if (len)
					*len = n + i;
				return C2_OK;
			}
		n += chunk;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return C2_OK;
}

static int load_vmcoreinfo(struct c2 *c2)
{
	char *raw = NULL;
	kdump_status st;
	int rc;

	if (c2->vmci_loaded)
		return C2_OK;
	if (!c2->kdump)
		return c2_fail(c2, C2_EINVAL, "no target open");
	st = kdump_vmcoreinfo_raw(c2->kdump, &raw);
	if (st != KDUMP_OK)
		return c2_fail(c2, C2_ENOENT, "%s: no VMCOREINFO in the dump: %s", c2_path(c2), kdump_get_err(c2->kdump));
	if ((rc = vmci_parse(&c2->vmci, raw, strlen(raw))) < 0) {
		free(raw);
		return c2_fail(c2, rc, "out of memory");
	}
	c2->vmci_raw = raw;
	c2->vmci_loaded = 1;
	return C2_OK;
}

/* VMCOREINFO key as a number (base 10, or 16 with a 0x prefix): 1 if
 * there, 0 if absent, <0 (and the handle's error) if not a number. */
static int vmci_opt_num(struct c2 *c2, const char *path, const char *key, uint64_t *v)
{
	const char *s;
	int rc;

	if ((rc = load_vmcoreinfo(c2)) < 0)
		return rc;
	if (!(s = vmci_get(&c2->vmci, key)))
		return 0;
	rc = vmci_num(&c2->vmci, key, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10, v);
	if (rc < 0)
		return c2_fail(c2, C2_EFORMAT, "%s: VMCOREINFO %s=%s: not a number", path, key, s);
	return 1;
}

/* Page size, virtual address bits and the pointer-authentication mask:
 * from the back end where it fixes them, else from VMCOREINFO, where a
 * missing or impossible value is an error naming the key. */
static int dump_facts(struct c2 *c2, const char *path)
{
	const struct arch *a = c2->arch;
	uint64_t v, t1sz;
	int rc;

	c2->page_size = a->page_size;
	c2->kernel_start = a->kernel_start;
	if (!a->page_size) {
		if ((rc = vmci_opt_num(c2, path, "PAGESIZE", &v)) < 0)
			return rc;
		if (!rc)
			return c2_fail(c2, C2_EFORMAT, "%s: an %s dump without PAGESIZE in its VMCOREINFO: its page "
				       "size is unknown", path, a->name);
		if (v > (1ull << 32) || !(v & a->page_sizes) || (v & (v - 1)))
			return c2_fail(c2, C2_EFORMAT, "%s: VMCOREINFO PAGESIZE=%llu: not a page size of %s kernels",
				       path, (unsigned long long)v, a->name);
		c2->page_size = v;
	}
	if (a->va_bits_max) {
		/* The runtime T1SZ wins: a 52-bit kernel on a 48-bit CPU. */
		if ((rc = vmci_opt_num(c2, path, "NUMBER(TCR_EL1_T1SZ)", &t1sz)) < 0)
			return rc;
		if (rc) {
			if (t1sz < 64 - a->va_bits_max || t1sz > 64 - a->va_bits_min)
				return c2_fail(c2, C2_EFORMAT, "%s: VMCOREINFO NUMBER(TCR_EL1_T1SZ)=%llu: not %u to %u "
					       "(%u- to %u-bit addresses)", path, (unsigned long long)t1sz,
					       64 - a->va_bits_max, 64 - a->va_bits_min, a->va_bits_min,
					       a->va_bits_max);
			c2->va_bits = 64 - (unsigned)t1sz;
		}
		if ((rc = vmci_opt_num(c2, path, "NUMBER(VA_BITS)", &v)) < 0)
			return rc;
		if (rc && (v < a->va_bits_min || v > a->va_bits_max))
			return c2_fail(c2, C2_EFORMAT, "%s: VMCOREINFO NUMBER(VA_BITS)=%llu: not %u to %u", path,
				       (unsigned long long)v, a->va_bits_min, a->va_bits_max);
		if (!c2->va_bits && !rc)
			return c2_fail(c2, C2_EFORMAT, "%s: an %s dump with neither NUMBER(TCR_EL1_T1SZ) nor "
				       "NUMBER(VA_BITS) in its VMCOREINFO: its address space is unknown", path, a->name);
		if (!c2->va_bits)
			c2->va_bits = (unsigned)v;
		if (~0ull << c2->va_bits > c2->kernel_start)
			c2->kernel_start = ~0ull << c2->va_bits;
	}
	if (a->pac_mask_key && (rc = vmci_opt_num(c2, path, a->pac_mask_key, &c2->pac_mask)) < 0)
		return rc;
	c2_diagf(c2, "architecture %s: %llu-byte pages%s", a->name, (unsigned long long)c2->page_size,
		 c2->va_bits ? ", VA bits from VMCOREINFO" : "");
	return C2_OK;
}


const char *c2_vmcoreinfo_raw(struct c2 *c2)
{
	return load_vmcoreinfo(c2) < 0 ? NULL : c2->vmci_raw;
}

int c2_vmcoreinfo(struct c2 *c2, const char *key, const char **val)
{
	int rc = load_vmcoreinfo(c2);

	if (rc < 0)
		return rc;
	if (!(*val = vmci_get(&c2->vmci, key)))
		return c2_fail(c2, C2_ENOENT, "VMCOREINFO has no %s", key);
	return C2_OK;
}

int c2_vmcoreinfo_num(struct c2 *c2, const char *key, uint64_t *val)
{
	int base = !strncmp(key, "SYMBOL(", 7) || !strcmp(key, "KERNELOFFSET") ? 16 : 10;
	int rc = load_vmcoreinfo(c2);

	if (rc < 0)
		return rc;
	rc = vmci_num(&c2->vmci, key, base, val);
	if (rc == C2_ENOENT)
		return c2_fail(c2, rc, "VMCOREINFO has no %s", key);
	if (rc < 0)
		return c2_fail(c2, rc, "VMCOREINFO %s=%s: not a number", key, vmci_get(&c2->vmci, key));
	return C2_OK;
}
