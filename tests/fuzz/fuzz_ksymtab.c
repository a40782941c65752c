/*
 * libFuzzer target: the export table's search (lib/symbols/ksymtab.c) over
 * a synthetic memory image: whatever entries, offsets, names and anchors
 * the fuzzer makes. The search must find a table that lists both anchors
 * at their addresses or fail with an error; never read outside the image,
 * never crash, never loop.
 * Input: u64 kfree's address, u64 init_uts_ns's address, u8 flags (bit 0:
 * big-endian), 7 bytes unused, then the image, readable at BASE only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/symbols/ksymtab.h"

#define BASE 0xffffffff82000000ull
#define HDR 24

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksym_anchor a[2] = { { "kfree", 0 }, { "init_uts_ns", 0 } };
	struct image im;
	struct ksymtab *t = NULL;
	char err[256];
	struct ksym_mem m = { rd_img, &im, 0, err, sizeof(err) };
	uint64_t v;

	if (size < HDR)
		return 0;
	memcpy(&a[0].addr, data, 8);
	memcpy(&a[1].addr, data + 8, 8);
	m.big_endian = data[16] & 1;
	im.p = data + HDR;
	im.len = size - HDR;
	if (ksymtab_find(&m, BASE, BASE + im.len, a, &t) == 0) {
		if (ksymtab_lookup(t, "kfree", &v) < 0 || v != a[0].addr || ksymtab_lookup(t, "init_uts_ns", &v) < 0 ||
		    v != a[1].addr)
			abort();   /* a table is only taken with both anchors */
		ksymtab_lookup(t, "jiffies", &v);
		ksymtab_lookup(t, "", &v);
		ksymtab_free(t);
	}
	return 0;
}
