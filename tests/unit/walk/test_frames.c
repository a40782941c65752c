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
#define ILO 0xffff800090000000ull       /* a CPU's IRQ stack: [ILO, ILO + 0x4000), above */
#define IHI (ILO + 0x4000)
static uint8_t mem[0x4000], irq[0x4000];
static uint64_t hole;                   /* an unreadable word, 0 none */

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	(void)arg;
	if (hole && addr <= hole && hole < addr + len)
		return -5;
	if (addr >= ILO && addr + len <= IHI) {
		memcpy(buf, irq + (addr - ILO), len);
		return 0;
	}
	if (addr < LO || addr + len > HI)
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
	uint8_t *p = at >= ILO ? irq + (at - ILO) : mem + (at - LO);

	memcpy(p, &next, 8);
	memcpy(p + 8, &ret, 8);
}

/* The stacks besides the one a walk starts on: the task's (kind 0) and
 * the IRQ stack (kind 1). */
static int stack_of(void *arg, uint64_t addr, size_t len, struct unw_stack *st)
{
	(void)arg;
	if (addr >= ILO && addr + len <= IHI) {
		*st = (struct unw_stack){ ILO, IHI, 1 };
		return 0;
	}
	if (addr >= LO && addr + len <= HI) {
		*st = (struct unw_stack){ LO, HI, 0 };
		return 0;
	}
	return -1;
}

static const struct fr_ops O = { rd, word, strip, NULL, 0, 8, { LO, HI, 0 }, NULL };
/* Starting on the IRQ stack, with the task's to go to; and without. */
static const struct fr_ops OI = { rd, word, strip, NULL, 0, 8, { ILO, IHI, 1 }, stack_of };
static const struct fr_ops OI_ALONE = { rd, word, strip, NULL, 0, 8, { ILO, IHI, 1 }, NULL };
/* Starting on the task's stack, the IRQ stack there to (not) go to. */
static const struct fr_ops OT = { rd, word, strip, NULL, 0, 8, { LO, HI, 0 }, stack_of };

/* Walk from fp with o, the frames' pcs into pcs and their stacks' kinds
 * into kinds (when not NULL); the number of frames. */
static unsigned walk_on(const struct fr_ops *o, uint64_t fp, uint64_t *pcs, int *kinds, unsigned max,
			struct fr_state *s)
{
	unsigned n = 0;

	memset(s, 0, sizeof(*s));
	s->fp = fp;
	while (fr_next(o, s))
		if (n < max) {
			if (kinds)
				kinds[n] = s->on.kind;
			pcs[n++] = s->pc;
		}
	return n;
}

static unsigned walk(uint64_t fp, uint64_t *pcs, unsigned max, struct fr_state *s)
{
	return walk_on(&O, fp, pcs, NULL, max, s);
}

/* A trace that starts in an interrupt handler on the IRQ stack: its
 * records lead to the one call_on_irq_stack left on the task's stack
 * (below, at lower addresses), and on down that stack. */
static void test_irq_stack(void)
{
	struct fr_state s;
	uint64_t pc[8];
	int kind[8];
	unsigned n;

	memset(mem, 0, sizeof(mem));
	rec(ILO + 0x3e00, ILO + 0x3e40, 0xffffa6df0a000100ull);   /* handler */
	rec(ILO + 0x3e40, LO + 0x3e00, 0xffffa6df0a000200ull);    /* to the task's stack */
	rec(LO + 0x3e00, LO + 0x3e80, 0xffffa6df0a000300ull);     /* call_on_irq_stack's record */
	rec(LO + 0x3e80, LO + 0x3f00, 0xffffa6df0a000400ull);
	rec(LO + 0x3f00, 0, 0);
	n = walk_on(&OI, ILO + 0x3e00, pc, kind, 8, &s);
	CHECK(n == 4 && s.stop == UNW_END, "from the IRQ stack onto the task's, to the end (%u frames, stop %d)", n,
	      s.stop);
	CHECK(pc[0] == 0xffffa6df0a000100ull && pc[1] == 0xffffa6df0a000200ull && pc[2] == 0xffffa6df0a000300ull,
	      "every return address on both stacks, in order");
	CHECK(kind[0] == 1 && kind[1] == 1 && kind[2] == 0, "the first two frames' records on the IRQ stack, the third "
	      "on the task's (%d %d %d)", kind[0], kind[1], kind[2]);
	n = walk_on(&OI_ALONE, ILO + 0x3e00, pc, NULL, 8, &s);
	CHECK(n == 2 && s.stop == UNW_OFF_STACK && s.stop_addr == LO + 0x3e00,
	      "without the task's stack to go to: off the stack where it links there (%u)", n);

	/* Back onto the IRQ stack from the task's: refused. */
	rec(LO + 0x3e80, ILO + 0x3f00, 0xffffa6df0a000400ull);
	rec(ILO + 0x3f00, 0, 0);
	n = walk_on(&OI, ILO + 0x3e00, pc, NULL, 8, &s);
	CHECK(n == 4 && s.stop == UNW_OFF_STACK && s.stop_addr == ILO + 0x3f00,
	      "a record that leads back to the stack the walk left ends it (%u frames, stop %d)", n, s.stop);
	n = walk_on(&OT, LO + 0x3e80, pc, NULL, 8, &s);
	CHECK(n == 1 && s.stop == UNW_OFF_STACK && s.stop_addr == ILO + 0x3f00,
	      "a task's stack leads to no other (%u frames, stop %d)", n, s.stop);

	/* Within the IRQ stack, records still lie further up. */
	rec(ILO + 0x3e40, ILO + 0x3d00, 0xffffa6df0a000200ull);
	n = walk_on(&OI, ILO + 0x3e00, pc, NULL, 8, &s);
	CHECK(n == 1 && s.stop == UNW_BACKWARDS && s.stop_addr == ILO + 0x3d00,
	      "a record below the one before on the same stack is a loop (%u, stop %d)", n, s.stop);
	/* A frame pointer into neither stack. */
	rec(ILO + 0x3e40, LO - 0x1000, 0xffffa6df0a000200ull);
	n = walk_on(&OI, ILO + 0x3e00, pc, NULL, 8, &s);
	CHECK(n == 2 && s.stop == UNW_OFF_STACK && s.stop_addr == LO - 0x1000, "a record on no stack (%u, stop %d)", n,
	      s.stop);
	memset(irq, 0, sizeof(irq));
	memset(mem, 0, sizeof(mem));
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
	test_irq_stack();
	UNIT_DONE();
}
