/*
 * libFuzzer target: the ORC unwinder (lib/walk/orc.c) over a synthetic
 * memory image that holds the tables, the text they describe and the stacks:
 * whatever entries, offsets, register numbers, stack pointers and loops the
 * fuzzer makes. The walk must end with a known stop reason within its depth
 * bound, never read outside the image, never crash.
 * Input: a 64-byte header, then the image, readable at BASE only:
 *   u8 layout (mod 3), u8 numbering (mod 2), u8 flags (bit 0 signal, bit 1
 *   bp known, bit 2 SP_INDIRECT before 5.12), u8 unused,
 *   u32 entries, u32 ip table offset, u32 entry table offset,
 *   u64 ip, u64 sp, u64 bp (absolute),
 *   u32 task stack offset, u32 its size, u32 IRQ stack offset, u32 its size,
 *   u32 text offset, u32 text size (kernel text inside the image).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/walk/orc.h"

#define BASE 0xffffffff81000000ull
#define HDR 64

#include "image.h"

struct fz {
	struct image im;
	struct orc_table t;
	struct orc_format f;
	struct unw_stack stacks[2];
	uint64_t text_lo, text_hi;
};

static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static int find(void *arg, uint64_t ip, struct orc_entry *e, uint64_t *bad)
{
	struct fz *z = arg;
	int rc = orc_find(&z->t, &z->f, rd_img, &z->im, ip, e, bad);

	if (rc < 0)
		return UNW_UNREADABLE;
	return rc ? UNW_NO_ORC : 0;
}

static int is_text(void *arg, uint64_t ip)
{
	struct fz *z = arg;

	return ip >= z->text_lo && ip < z->text_hi;
}

static int stack_of(void *arg, uint64_t addr, size_t len, struct unw_stack *s)
{
	struct fz *z = arg;

	for (int i = 0; i < 2; i++)
		if (addr >= z->stacks[i].lo && addr < z->stacks[i].hi && len <= z->stacks[i].hi - addr) {
			*s = z->stacks[i];
			return 0;
		}
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz z;
	struct unw_ops o;
	struct unw_state s;
	unsigned steps = 0;
	int rc;

	if (size < HDR)
		return 0;
	memset(&z, 0, sizeof(z));
	z.im.p = data + HDR;
	z.im.len = size - HDR;
	z.f.layout = data[0] % 3;
	z.f.numbering = data[1] % 2;
	z.t.n = u32(data + 4) % 4096;
	z.t.ip_table = BASE + u32(data + 8);
	z.t.orc_table = BASE + u32(data + 12);
	z.stacks[0] = (struct unw_stack){ BASE + u32(data + 40), BASE + u32(data + 40) + u32(data + 44) % 0x10000, 0 };
	z.stacks[1] = (struct unw_stack){ BASE + u32(data + 48), BASE + u32(data + 48) + u32(data + 52) % 0x10000, 1 };
	z.text_lo = BASE + u32(data + 56);
	z.text_hi = z.text_lo + u32(data + 60) % 0x100000;

	memset(&o, 0, sizeof(o));
	o.read = rd_img;
	o.find = find;
	o.is_text = is_text;
	o.stack_of = stack_of;
	o.arg = &z;
	/* x86-64's struct pt_regs. */
	o.regs = (struct unw_regs_layout){ .size = 168, .ip = 128, .sp = 152, .bp = 32, .cs = 136, .r10 = 56,
					   .r13 = 16, .di = 112, .dx = 96, .user_mode_mask = 3 };
	o.sp_indirect_old = !!(data[2] & 4);
	o.max_depth = 64;

	/* The table checks of module tables, and the numbering detection, on
	 * the same image. */
	uint64_t lo = BASE, hi = BASE + z.im.len, bad;
	unsigned raw_sp, raw_bp, ncall;
	struct orc_format f2 = z.f;
	(void)orc_table_within(&z.t, &lo, &hi, 1);
	(void)orc_detect_numbering(&z.t, &f2, rd_img, &z.im, 64, &raw_sp, &raw_bp, &ncall, &bad);
	(void)orc_saves_bp(&z.t, &z.f, rd_img, &z.im, z.text_lo, z.text_hi, &bad);

	rc = unw_start(&o, &s, u64(data + 16), u64(data + 24), u64(data + 32), !!(data[2] & 2), data[2] & 1);
	if (rc) {
		if (rc < 0 || rc >= UNW_STOP_COUNT || !unw_stop_text(rc))
			__builtin_trap();
		return 0;
	}
	while (unw_next(&o, &s)) {
		if (++steps > o.max_depth + 1)
			__builtin_trap();   /* the depth bound must end every walk */
	}
	if (s.stop <= UNW_OK || s.stop >= UNW_STOP_COUNT || !unw_stop_text(s.stop))
		__builtin_trap();   /* a walk ends with a reason */
	return 0;
}
