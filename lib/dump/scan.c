/* Searching kernel memory chunk by chunk; see internal.h (dump_scan). */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

#define CHUNK (256u << 10)

/* len bytes at addr; pages that cannot be read (filtered out of the dump,
 * never mapped) read as zeros. */
static void read_holes(struct c2 *c2, uint64_t addr, uint8_t *buf, size_t len)
{
	uint64_t page = c2->page_size ? c2->page_size : 4096, a, n;

	if (c2_read(c2, addr, buf, len) == 0)
		return;
	for (a = addr; a < addr + len; a += n) {
		n = page - a % page;
		if (n > addr + len - a)
			n = addr + len - a;
		if (c2_read(c2, a, buf + (a - addr), n) < 0)
			memset(buf + (a - addr), 0, n);
	}
}

int dump_scan(struct c2 *c2, uint64_t lo, uint64_t hi, int down, uint8_t *region, dump_scan_fn *fn, void *arg)
{
	uint8_t *buf = region ? NULL : malloc(CHUNK + DUMP_SCAN_OVERLAP);
	uint64_t at;
	int rc = 0;

	if (!region && !buf)
		return c2_fail(c2, C2_ENOMEM, "out of memory");
	for (at = down ? hi : lo; rc == 0 && (down ? at > lo : at < hi);) {
		uint64_t start = down ? (at - lo > CHUNK ? at - CHUNK : lo) : at;
		uint64_t end = down ? at : (hi - at > CHUNK ? at + CHUNK : hi);
		size_t extra = hi - end < DUMP_SCAN_OVERLAP ? hi - end : DUMP_SCAN_OVERLAP;
		uint8_t *p = region ? region + (start - lo) : buf;

		/* In a region, downwards, the bytes after the chunk are there. */
		read_holes(c2, start, p, end - start + (region && down ? 0 : extra));
		rc = fn(c2, arg, start, p, end - start + extra);
		at = down ? start : end;
	}
	free(buf);
	return rc < 0 ? rc : rc == 1 ? 0 : C2_ENOENT;
}
