/*
 * Walks along frame records (lib/walk/frames.c) on a synthetic stack: a
 * chain ending at the zeroed last record, a zero frame pointer, signed
 * return addresses, and every way a chain can go wrong (a record off the
 * stack, misaligned, below the one before, unreadable, too many frames).
 */
#include <stdint.h>
#include <string.h>

#include "../../../lib/walk/frames.h"
#include "../unit.h"

#define LO 0xffff800080000000ull        /* the stack: [LO, LO + 0x4000) */
#define HI (LO + 0x4000)
#define PAC 0xfff0000000000000ull
static uint8_t mem[0x4000];
static uint64_t hole;                   /* an unreadable word, 0 none */

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	(void)arg;
	if (addr < LO || addr + len > HI || (hole && addr <= hole && hole < addr + len))
		return -5;
	memcpy(buf, mem + (addr - LO), len);
	return 0;
}

static uint64_t word(void *arg, const uint8_t *p)
{
	uint64_t v;

	(void)arg;
	memcpy(&v, p, 8);
	return v;
}

/* As the kernel strips a kernel address: bit 55 set, the mask's bits set. */
static uint64_t strip(void *arg, uint64_t ret)
{
	(void)arg;
	return ret >> 55 & 1 ? ret | PAC : ret;
}

static void rec(uint64_t at, uint64_t next, uint64_t ret)
{
	memcpy(mem + (at - LO), &next, 8);
	memcpy(mem + (at - LO) + 8, &ret, 8);
}

static const struct fr_ops O = { rd, word, strip, NULL, 0, 8, { LO, HI, 0 } };

/* Walk from fp, the frames' pcs into pcs; the number of frames. */
static unsigned walk(uint64_t fp, uint64_t *pcs, unsigned max, struct fr_state *s)
{
	unsigned n = 0;

	memset(s, 0, sizeof(*s));
	s->fp = fp;
	while (fr_next(&O, s))
		if (n < max)
			pcs[n++] = s->pc;
	return n;
}

int main(void)
{
	struct fr_state s;
	uint64_t pc[8];
	unsigned n;

	/* Three records, the last one zeroed (pt_regs' stackframe). */
	rec(LO + 0x3e00, LO + 0x3e40, 0x03cfa6df0ac11c28ull);   /* signed */
	rec(LO + 0x3e40, LO + 0x3ea0, 0xffffa6df0a228368ull);
	rec(LO + 0x3ea0, LO + 0x3f00, 0xffffa6df0a211550ull);
	rec(LO + 0x3f00, 0, 0);
	n = walk(LO + 0x3e00, pc, 8, &s);
	CHECK(n == 3 && s.stop == UNW_END, "three frames, then the zeroed record ends the walk (%u, stop %d)", n, s.stop);
	CHECK(pc[0] == 0xffffa6df0ac11c28ull, "a signed return address is stripped (%#llx)", (unsigned long long)pc[0]);
	CHECK(pc[1] == 0xffffa6df0a228368ull && pc[2] == 0xffffa6df0a211550ull, "the others as they are");
	CHECK(s.slot == LO + 0x3ea8, "slot: where the last return address was read");

	/* A zero frame pointer after a return address: the end too. */
	rec(LO + 0x3f00, 0, 0xffffa6df0a000010ull);
	n = walk(LO + 0x3ea0, pc, 8, &s);
	CHECK(n == 2 && s.stop == UNW_END, "a zero next frame pointer ends the walk after its frame (%u)", n);

	/* What is not a record ends the walk where it is, saying why. */
	rec(LO + 0x3f00, HI + 0x100, 0xffffa6df0a000010ull);
	n = walk(LO + 0x3f00, pc, 8, &s);
	CHECK(n == 1 && s.stop == UNW_OFF_STACK && s.stop_addr == HI + 0x100, "a frame pointer above the stack");
	n = walk(LO - 0x10, pc, 8, &s);
	CHECK(n == 0 && s.stop == UNW_OFF_STACK && s.stop_addr == LO - 0x10, "a frame pointer below the stack");
	n = walk(HI - 8, pc, 8, &s);
	CHECK(n == 0 && s.stop == UNW_OFF_STACK, "a record that runs past the stack's end");
	rec(LO + 0x3f00, LO + 0x3f14, 0xffffa6df0a000010ull);
	n = walk(LO + 0x3f00, pc, 8, &s);
	CHECK(n == 1 && s.stop == UNW_OFF_STACK && s.stop_addr == LO + 0x3f14, "a misaligned frame pointer");
	rec(LO + 0x3f00, LO + 0x3e00, 0xffffa6df0a000010ull);
	n = walk(LO + 0x3f00, pc, 8, &s);
	CHECK(n == 0 && s.stop == UNW_BACKWARDS && s.stop_addr == LO + 0x3e00, "a record below the one before (a loop)");
	rec(LO + 0x3f00, LO + 0x3f00, 0xffffa6df0a000010ull);
	n = walk(LO + 0x3f00, pc, 8, &s);
	CHECK(n == 0 && s.stop == UNW_BACKWARDS, "a record pointing at itself");
	hole = LO + 0x3f08;
	n = walk(LO + 0x3f00, pc, 8, &s);
	CHECK(n == 0 && s.stop == UNW_UNREADABLE && s.stop_addr == LO + 0x3f00, "an unreadable record");
	hole = 0;

	/* A chain longer than FR_DEPTH frames stops there. */
	{
		unsigned i;

		for (i = 0; i < 300; i++)
			rec(LO + 16 * i, LO + 16 * (i + 1), 0xffffa6df0a000010ull);
		n = walk(LO, pc, 8, &s);
		CHECK(s.stop == UNW_DEPTH && s.n == FR_DEPTH - 1, "too many frames (%u)", s.n);
	}
	UNIT_DONE();
}
