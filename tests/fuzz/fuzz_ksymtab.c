/*
 * libFuzzer target: the export table's search (lib/symbols/ksymtab.c) over
 * a synthetic memory image: whatever entries, offsets, names and anchors
 * the fuzzer makes. The search must find a table that lists both anchors
 * at their addresses or fail with an error; never read outside the image,
 * never crash, never loop.
 * Input: u64 kfree's address, u64 init_uts_ns's address, then the image,
 * readable at BASE only.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/internal.h"
#include "../../lib/symbols/ksymtab.h"

#define BASE 0xffffffff82000000ull
#define HDR 16

static const uint8_t *img;
static size_t img_len;

uint64_t c2_load_uint(struct c2 *c2, const void *p, size_t size)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	while (size--)
		v = v << 8 | b[size];
	return v;
}

int c2_read(struct c2 *c2, uint64_t addr, void *buf, size_t len)
{
	if (addr < BASE || addr - BASE > img_len || len > img_len - (addr - BASE))
		return C2_ENOENT;
	memcpy(buf, img + (addr - BASE), len);
	return 0;
}

int c2_fail(struct c2 *c2, int code, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return code;
}

int dump_scan(struct c2 *c2, uint64_t lo, uint64_t hi, int down, uint8_t *region, dump_scan_fn *fn, void *arg)
{
	uint64_t at;
	int rc = 0;

	for (at = hi; rc == 0 && at > lo;) {
		uint64_t start = at - lo > 4096 ? at - 4096 : lo, end = hi - at > 32 ? at + 32 : hi;

		rc = fn(c2, arg, start, img + (start - BASE), end - start);
		at = start;
	}
	return rc < 0 ? rc : rc == 1 ? 0 : C2_ENOENT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksym_anchor a[2] = { { "kfree", 0 }, { "init_uts_ns", 0 } };
	struct ksymtab *t = NULL;
	uint64_t v;

	if (size < HDR)
		return 0;
	memcpy(&a[0].addr, data, 8);
	memcpy(&a[1].addr, data + 8, 8);
	img = data + HDR;
	img_len = size - HDR;
	if (ksymtab_find(NULL, BASE, BASE + img_len, a, &t) == 0) {
		if (ksymtab_lookup(t, "kfree", &v) < 0 || v != a[0].addr || ksymtab_lookup(t, "init_uts_ns", &v) < 0 ||
		    v != a[1].addr)
			abort();   /* a table is only taken with both anchors */
		ksymtab_lookup(t, "jiffies", &v);
		ksymtab_lookup(t, "", &v);
		ksymtab_free(t);
	}
	return 0;
}
