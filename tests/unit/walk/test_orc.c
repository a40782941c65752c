/* lib/walk/orc.c on synthetic ORC tables and stacks: every entry layout and
 * type, and every way a walk must stop (never a crash, a hang or a guess). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../unit.h"
#include "../../../lib/walk/orc.h"

#define TEXT 0xffffffff81000000ull
#define TABLE 0xffffffff82000000ull   /* ip table, then entries */
#define STACK 0xffffc90000010000ull   /* task stack, 16 KiB */
#define IRQSTACK 0xffff888000020000ull
#define SSIZE 0x4000

struct region {
	uint64_t base;
	size_t size;
	uint8_t *data;
	int readable;
};
static struct region mem[4];
static int nmem;

static uint8_t *region(uint64_t base, size_t size)
{
	mem[nmem].base = base;
	mem[nmem].size = size;
	mem[nmem].data = calloc(1, size);
	mem[nmem].readable = 1;
	return mem[nmem++].data;
}

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	int i;

	(void)arg;
	for (i = 0; i < nmem; i++)
		if (addr >= mem[i].base && addr + len <= mem[i].base + mem[i].size) {
			if (!mem[i].readable)
				return -5;
			memcpy(buf, mem[i].data + (addr - mem[i].base), len);
			return 0;
		}
	return -5;
}

static void put64(uint64_t addr, uint64_t v)
{
	int i;

	for (i = 0; i < nmem; i++)
		if (addr >= mem[i].base && addr + 8 <= mem[i].base + mem[i].size) {
			memcpy(mem[i].data + (addr - mem[i].base), &v, 8);
			return;
		}
	abort();
}

/* The newest layout (6.4 on): type:3 signal:1. */
static void enc3(uint8_t *p, int sp_reg, int bp_reg, int type, int signal, int16_t sp_off, int16_t bp_off)
{
	unsigned bits = (unsigned)sp_reg | (unsigned)bp_reg << 4 | (unsigned)type << 8 | (unsigned)signal << 11;

	p[0] = (uint8_t)sp_off;
	p[1] = (uint8_t)((uint16_t)sp_off >> 8);
	p[2] = (uint8_t)bp_off;
	p[3] = (uint8_t)((uint16_t)bp_off >> 8);
	p[4] = (uint8_t)bits;
	p[5] = (uint8_t)(bits >> 8);
}

static struct orc_table table;
static struct orc_format fmt = { ORC_LAYOUT_TYPE3, ORC_NUM_CLASSIC };
static uint64_t text_hi = TEXT + 0x10000;

/* n functions, each 0x100 bytes at TEXT + 0x100 * i, with one entry each. */
static void make_table(int n, const uint8_t (*entries)[6])
{
	uint8_t *t = mem[2].data;
	int i;

	for (i = 0; i < n; i++) {
		uint64_t where = TABLE + 4 * (uint64_t)i;
		int32_t rel = (int32_t)(TEXT + 0x100 * (uint64_t)i - where);

		memcpy(t + 4 * i, &rel, 4);
		memcpy(t + 0x800 + 6 * i, entries[i], 6);
	}
	table.ip_table = TABLE;
	table.orc_table = TABLE + 0x800;
	table.n = (uint64_t)n;
}

static int find(void *arg, uint64_t ip, struct orc_entry *e, uint64_t *bad)
{
	int rc;

	if (ip < TEXT || ip >= text_hi)
		return UNW_NO_ORC;
	rc = orc_find(&table, &fmt, rd, arg, ip, e, bad);
	return rc < 0 ? UNW_UNREADABLE : rc ? UNW_NO_ORC : 0;
}

static int is_text(void *arg, uint64_t ip)
{
	(void)arg;
	return ip >= TEXT && ip < text_hi;
}

static int stack_of(void *arg, uint64_t addr, size_t len, struct unw_stack *s)
{
	(void)arg;
	if (addr >= STACK && addr + len <= STACK + SSIZE) {
		s->lo = STACK, s->hi = STACK + SSIZE, s->kind = 0;
		return 0;
	}
	if (addr >= IRQSTACK && addr + len <= IRQSTACK + SSIZE) {
		s->lo = IRQSTACK, s->hi = IRQSTACK + SSIZE, s->kind = 1;
		return 0;
	}
	return -1;
}

/* struct pt_regs as x86_64 lays it out (ptrace.h): 21 words. */
static struct unw_ops ops = {
	rd, find, is_text, stack_of, NULL,
	{ 168, 128, 152, 32, 136, 56, 16, 112, 96, 3 }, 0, 0,
};

static void reset(void)
{
	int i;

	for (i = 0; i < nmem; i++)
		free(mem[i].data);
	nmem = 0;
	region(STACK, SSIZE);
	region(IRQSTACK, SSIZE);
	region(TABLE, 0x1000);
}

#define F(i) (TEXT + 0x100 * (uint64_t)(i))

/* Walk from (ip, sp): the number of frames after the first, and the stop. */
static int run(uint64_t ip, uint64_t sp, int signal, struct unw_state *s)
{
	int n = 0;

	if (unw_start(&ops, s, ip, sp, 0, 0, signal))
		return -1;
	while (unw_next(&ops, s) && n < 10000)
		n++;
	return n;
}

static void test_decode(void)
{
	struct orc_format f0 = { ORC_LAYOUT_END, ORC_NUM_CLASSIC }, f1 = { ORC_LAYOUT_SIGNAL_END, ORC_NUM_CLASSIC },
			  f3 = { ORC_LAYOUT_TYPE3, ORC_NUM_CLASSIC };
	struct orc_entry e;
	uint8_t raw[6];

	/* Before 6.3: CALL 0, REGS 1, REGS_PARTIAL 2, end at bit 10. */
	memcpy(raw, "\x10\x00\xf0\xff\x15\x00", 6); /* sp_reg SP(5), bp_reg PREV_SP(1), CALL */
	orc_decode(&f0, raw, &e);
	CHECK(e.type == ORC_T_CALL && e.sp_reg == ORC_R_SP && e.bp_reg == ORC_R_PREV_SP && e.sp_offset == 16 &&
		      e.bp_offset == -16 && !e.signal,
	      "5.10-6.2 layout: a CALL entry");
	memcpy(raw, "\x00\x00\x00\x00\x05\x01", 6);
	orc_decode(&f0, raw, &e);
	CHECK(e.type == ORC_T_REGS && e.signal, "5.10-6.2 layout: REGS implies signal");
	memcpy(raw, "\x00\x00\x00\x00\x05\x02", 6);
	orc_decode(&f0, raw, &e);
	CHECK(e.type == ORC_T_REGS_PARTIAL && e.signal, "5.10-6.2 layout: REGS_PARTIAL");
	memcpy(raw, "\x00\x00\x00\x00\x00\x04", 6);
	orc_decode(&f0, raw, &e);
	CHECK(e.type == ORC_T_END_OF_STACK, "5.10-6.2 layout: undefined sp_reg with end is the end of the stack");
	memcpy(raw, "\x00\x00\x00\x00\x00\x00", 6);
	orc_decode(&f0, raw, &e);
	CHECK(e.type == ORC_T_UNDEFINED, "5.10-6.2 layout: undefined sp_reg without end is undefined");
	memcpy(raw, "\x00\x00\x00\x00\x05\x03", 6);
	orc_decode(&f0, raw, &e);
	CHECK(e.type == ORC_T_BAD, "5.10-6.2 layout: type 3 is unknown");

	/* 6.3: signal at bit 10, end at bit 11. */
	memcpy(raw, "\x08\x00\x00\x00\x05\x04", 6);
	orc_decode(&f1, raw, &e);
	CHECK(e.type == ORC_T_CALL && e.signal, "6.3 layout: a CALL entry with signal");
	memcpy(raw, "\x00\x00\x00\x00\x00\x08", 6);
	orc_decode(&f1, raw, &e);
	CHECK(e.type == ORC_T_END_OF_STACK, "6.3 layout: end at bit 11");

	/* 6.4 on: type:3, signal at bit 11. */
	enc3(raw, ORC_R_SP, ORC_R_UNDEFINED, 2, 1, 8, 0);
	orc_decode(&f3, raw, &e);
	CHECK(e.type == ORC_T_CALL && e.signal && e.sp_offset == 8, "6.4 layout: CALL with signal");
	enc3(raw, 0, 0, 0, 0, 0, 0);
	orc_decode(&f3, raw, &e);
	CHECK(e.type == ORC_T_UNDEFINED, "6.4 layout: UNDEFINED 0");
	enc3(raw, 0, 0, 1, 0, 0, 0);
	orc_decode(&f3, raw, &e);
	CHECK(e.type == ORC_T_END_OF_STACK, "6.4 layout: END_OF_STACK 1");
	enc3(raw, ORC_R_SP, 0, 3, 0, 0, 0);
	orc_decode(&f3, raw, &e);
	CHECK(e.type == ORC_T_REGS, "6.4 layout: REGS 3");
	enc3(raw, ORC_R_SP, 0, 4, 0, 0, 0);
	orc_decode(&f3, raw, &e);
	CHECK(e.type == ORC_T_REGS_PARTIAL, "6.4 layout: REGS_PARTIAL 4");
	enc3(raw, ORC_R_SP, 0, 7, 0, 0, 0);
	orc_decode(&f3, raw, &e);
	CHECK(e.type == ORC_T_BAD, "6.4 layout: type 7 is unknown");
	enc3(raw, 12, 0, 2, 0, 0, 0);
	orc_decode(&f3, raw, &e);
	CHECK(e.sp_reg == ORC_R_BAD, "register 12 is unknown");
}

static void test_find(void)
{
	uint8_t e[3][6];
	struct orc_entry o;
	uint64_t bad = 0;

	reset();
	enc3(e[0], ORC_R_SP, 0, 2, 0, 8, 0);
	enc3(e[1], ORC_R_SP, 0, 2, 0, 16, 0);
	enc3(e[2], ORC_R_SP, 0, 2, 0, 24, 0);
	make_table(3, (const uint8_t(*)[6])e);
	CHECK(orc_find(&table, &fmt, rd, NULL, F(0) + 0xff, &o, &bad) == 0 && o.sp_offset == 8, "find: inside the first");
	CHECK(orc_find(&table, &fmt, rd, NULL, F(1), &o, &bad) == 0 && o.sp_offset == 16, "find: exactly at an entry");
	CHECK(orc_find(&table, &fmt, rd, NULL, F(2) + 0x5000, &o, &bad) == 0 && o.sp_offset == 24,
	      "find: past the last: the last");
	CHECK(orc_find(&table, &fmt, rd, NULL, TEXT - 1, &o, &bad) == 1, "find: before the first: none");
	mem[2].readable = 0;
	CHECK(orc_find(&table, &fmt, rd, NULL, F(1), &o, &bad) < 0 && bad >= TABLE && bad < TABLE + 0x1000,
	      "find: an unreadable table is an error naming the address");
}

static void test_within(void)
{
	/* A module: text, then read-only data holding both tables. */
	uint64_t lo[2] = { 0xffffffffc0000000ull, 0xffffffffc0010000ull };
	uint64_t hi[2] = { 0xffffffffc0002000ull, 0xffffffffc0011000ull };
	struct orc_table t = { 0xffffffffc0010000ull, 0xffffffffc0010400ull, 0x100 };

	CHECK(orc_table_within(&t, lo, hi, 2) == 1, "within: tables inside the module's data");
	t.n = 0;
	CHECK(orc_table_within(&t, lo, hi, 2) == 0, "within: no entries: not used");
	t.n = 0xffffffffu;
	CHECK(orc_table_within(&t, lo, hi, 2) == 0, "within: a forged num_orcs past the module: not used");
	t.n = 0x201;   /* the ip table fits, the entries (0x400 + 0xc06) do not */
	CHECK(orc_table_within(&t, lo, hi, 2) == 0, "within: entries running past the region: not used");
	t.n = 0x100;
	t.ip_table = 0xffffffff81000000ull;
	CHECK(orc_table_within(&t, lo, hi, 2) == 0, "within: an ip table outside the module: not used");
	t.ip_table = 0xffffffffc0010ffcull;
	t.n = 2;
	CHECK(orc_table_within(&t, lo, hi, 2) == 0, "within: straddling the region's end: not used");
	t.ip_table = UINT64_MAX - 3;
	uint64_t lo2[1] = { UINT64_MAX - 0xfff }, hi2[1] = { UINT64_MAX };
	t.orc_table = UINT64_MAX - 0x100;
	CHECK(orc_table_within(&t, lo2, hi2, 1) == 0, "within: no wrap at the top of the address space");
	CHECK(orc_table_within(&t, lo, hi, 0) == 0, "within: a module with no regions: not used");
}

static void test_saves_bp(void)
{
	uint8_t e[3][6];
	uint64_t bad = 0;

	reset();
	enc3(e[0], ORC_R_SP, ORC_R_UNDEFINED, 2, 0, 8, 0);
	enc3(e[1], ORC_R_SP, ORC_R_PREV_SP, 2, 0, 16, -16);
	enc3(e[2], 0, 0, 0, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	CHECK(orc_saves_bp(&table, &fmt, rd, NULL, F(0), F(1), &bad) == 0, "a function that never saves bp");
	CHECK(orc_saves_bp(&table, &fmt, rd, NULL, F(0), F(2), &bad) == 1, "a range where bp is saved");
	mem[2].readable = 0;
	CHECK(orc_saves_bp(&table, &fmt, rd, NULL, F(0), F(2), &bad) < 0, "an unreadable table: an error");
}

/* f0: CALL, cfa sp+16 -> f1: CALL, cfa sp+8 -> f2: END_OF_STACK */
static void test_call_chain(void)
{
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = STACK + 0x1000;
	int n;

	reset();
	enc3(e[0], ORC_R_SP, ORC_R_UNDEFINED, 2, 0, 16, 0);
	enc3(e[1], ORC_R_SP, ORC_R_PREV_SP, 2, 0, 8, -16);
	enc3(e[2], 0, 0, 1, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp + 8, F(1) + 0x20);             /* return into f1 */
	put64(sp + 16 + 0, F(2) + 0x30);        /* f1's caller: cfa = sp+24, ret at sp+16 */
	put64(sp + 8, F(1) + 0x20);
	put64(sp + 24 - 16, F(1) + 0x20);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 2 && s.stop == UNW_END, "CALL, CALL, END_OF_STACK: 2 frames then end of stack (%d, %s)", n,
	      unw_stop_text(s.stop));
	CHECK(s.ip == F(2) + 0x30 && s.sp == sp + 24, "the last frame's ip and sp");
}

static void test_regs(void)
{
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = STACK + 0x1000, regs = sp + 8;
	int n;

	reset();
	enc3(e[0], ORC_R_SP, 0, 2, 0, 8, 0);      /* f0 returns into f1 */
	enc3(e[1], ORC_R_SP, 0, 3, 0, 0, 0);      /* f1: pt_regs at its sp */
	enc3(e[2], 0, 0, 1, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp, F(1) + 0x10);
	put64(regs + 128, F(2) + 0x40);          /* ip */
	put64(regs + 152, regs + 168 + 64);      /* sp */
	put64(regs + 136, 0x10);                 /* cs: kernel */
	put64(regs + 32, 0x1234);                /* bp */
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 2 && s.stop == UNW_END && s.signal && s.regs == regs && s.bp == 0x1234,
	      "REGS: the interrupted frame from pt_regs, its bp too (%d, %s)", n, unw_stop_text(s.stop));
	put64(regs + 136, 0x33);                 /* cs: user */
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_USER, "REGS from user mode: the walk ends there (%d, %s)", n, unw_stop_text(s.stop));

	/* REGS_PARTIAL: an iret frame (ip, cs, flags, sp, ss) at the cfa. */
	enc3(e[1], ORC_R_SP, 0, 4, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(regs, F(2) + 0x44);
	put64(regs + 8, 0x10);
	put64(regs + 24, regs + 40 + 64);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 2 && s.stop == UNW_END && s.ip == F(2) + 0x44 && !s.full_regs,
	      "REGS_PARTIAL: the iret frame (%d, %s)", n, unw_stop_text(s.stop));
	/* After a partial frame, R10 is not known. */
	enc3(e[2], ORC_R_R10, 0, 2, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 2 && s.stop == UNW_NO_REG, "R10 with no full register set: stop (%s)", unw_stop_text(s.stop));
}

static void test_stops(void)
{
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = STACK + 0x1000;
	int n;

	reset();
	enc3(e[0], ORC_R_SP, 0, 2, 0, 8, 0);
	enc3(e[1], 0, 0, 0, 0, 0, 0);             /* UNDEFINED */
	enc3(e[2], 0, 0, 1, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp, F(1) + 0x10);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_UNDEFINED && s.stop_addr == F(1) + 0x10, "UNDEFINED: stop, naming the address");

	/* A return address outside the text. */
	put64(sp, 0xdead);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_NO_ORC && s.stop_addr == 0xdead, "a return address that is not text: stop");

	/* A step that goes down the stack: sp_offset 0 means cfa == sp. */
	enc3(e[0], ORC_R_SP, 0, 2, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp - 8, F(0) + 0x10);              /* returns into itself: a loop */
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_BACKWARDS, "a loop (sp does not grow): stop (%s)", unw_stop_text(s.stop));
	enc3(e[0], ORC_R_SP, 0, 2, 0, -64, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp - 72, F(1) + 0x10);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_BACKWARDS, "a negative offset (sp goes backwards): stop");

	/* The cfa off the stack. */
	enc3(e[0], ORC_R_SP, 0, 2, 0, 0x7000, 0);
	make_table(3, (const uint8_t(*)[6])e);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_OFF_STACK && s.stop_addr == sp + 0x7000 - 8, "off the stack: stop (%s)",
	      unw_stop_text(s.stop));

	/* Unreadable stack memory. */
	enc3(e[0], ORC_R_SP, 0, 2, 0, 8, 0);
	make_table(3, (const uint8_t(*)[6])e);
	mem[0].readable = 0;
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_UNREADABLE && s.stop_addr == sp, "unreadable memory: stop at its address");
	mem[0].readable = 1;

	/* BP-based without a known bp. */
	enc3(e[0], ORC_R_BP, 0, 2, 0, 16, 0);
	make_table(3, (const uint8_t(*)[6])e);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_NO_REG, "BP-based with bp unknown: stop");

	/* Unknown type and register. */
	enc3(e[0], ORC_R_SP, 0, 6, 0, 8, 0);
	make_table(3, (const uint8_t(*)[6])e);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_BAD_ORC, "unknown type: stop");
	enc3(e[0], 13, 0, 2, 0, 8, 0);
	make_table(3, (const uint8_t(*)[6])e);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_BAD_ORC, "unknown register: stop");

	/* Start off any stack. */
	CHECK(unw_start(&ops, &s, F(0), 0x1000, 0, 0, 1) == UNW_OFF_STACK, "a start off every stack: stop");
}

/* A depth limit and a walk that crosses stacks and comes back. */
static void test_depth_and_loop(void)
{
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = STACK + 0x100, i, regs;
	int n;

	reset();
	enc3(e[0], ORC_R_SP, 0, 2, 0, 8, 0);
	enc3(e[1], 0, 0, 1, 0, 0, 0);
	enc3(e[2], 0, 0, 1, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	for (i = 0; i < 0x300; i++)
		put64(sp + 8 * i, F(0) + 0x10);  /* f0 calling itself, deeper than the limit */
	ops.max_depth = 100;
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 100 && s.stop == UNW_DEPTH, "deep recursion: stop at the depth limit (%d)", n);
	ops.max_depth = 0;

	/* IRQ stack -> (REGS) task stack -> (REGS) IRQ stack again. */
	reset();
	enc3(e[0], ORC_R_SP, 0, 3, 0, 0, 0);      /* f0: pt_regs at sp */
	enc3(e[1], 0, 0, 1, 0, 0, 0);
	make_table(2, (const uint8_t(*)[6])e);
	regs = IRQSTACK + 0x100;
	put64(regs + 128, F(0) + 0x10);
	put64(regs + 152, STACK + 0x200);
	put64(regs + 136, 0x10);
	regs = STACK + 0x200;
	put64(regs + 128, F(0) + 0x20);
	put64(regs + 152, IRQSTACK + 0x800);
	put64(regs + 136, 0x10);
	n = run(F(0) + 5, IRQSTACK + 0x100, 1, &s);
	CHECK(n == 1 && s.stop == UNW_STACK_LOOP, "back to a stack the walk had left: stop (%d, %s)", n,
	      unw_stop_text(s.stop));
}

/* The numbering found from the tables: call frames on SP, the frame
 * pointer from PREV_SP, in the raw numbers of each numbering. */
static void test_numbering(void)
{
	uint8_t e[8][6];
	struct orc_format f = { ORC_LAYOUT_TYPE3, ORC_NUM_CLASSIC };
	unsigned sp, bp, n, i;
	uint64_t bad;
	struct orc_entry d;

	reset();
	for (i = 0; i < 8; i++)   /* classic: SP 5, PREV_SP 1 */
		enc3(e[i], 5, i < 4 ? 1 : 0, 2, 0, 16, -16);
	make_table(8, (const uint8_t(*)[6])e);
	CHECK(orc_detect_numbering(&table, &f, rd, NULL, 8, &sp, &bp, &n, &bad) == 0 && f.numbering == ORC_NUM_CLASSIC,
	      "classic numbering found (SP %u, PREV_SP %u, %u calls)", sp, bp, n);
	for (i = 0; i < 8; i++)   /* 7.1: SP 3, PREV_SP 8 */
		enc3(e[i], 3, i < 4 ? 8 : 0, 2, 0, 16, -16);
	make_table(8, (const uint8_t(*)[6])e);
	CHECK(orc_detect_numbering(&table, &f, rd, NULL, 8, &sp, &bp, &n, &bad) == 0 && f.numbering == ORC_NUM_71,
	      "7.1 numbering found (SP %u, PREV_SP %u)", sp, bp);
	orc_decode(&f, e[0], &d);
	CHECK(d.sp_reg == ORC_R_SP && d.bp_reg == ORC_R_PREV_SP, "and decoded with it: SP and PREV_SP");
	enc3(e[0], 1, 0, 2, 0, 16, 0);
	orc_decode(&f, e[0], &d);
	CHECK(d.sp_reg == ORC_R_BAD, "7.1's AX is no base core2 unwinds from: a stop, not a guess");
	for (i = 0; i < 8; i++)   /* neither: call frames on DI (3 classic) with PREV_SP 1 classic */
		enc3(e[i], 3, 1, 2, 0, 16, -16);
	make_table(8, (const uint8_t(*)[6])e);
	CHECK(orc_detect_numbering(&table, &f, rd, NULL, 8, &sp, &bp, &n, &bad) == 1,
	      "call frames on a register no numbering calls SP with PREV_SP: unknown (SP %u, bp %u)", sp, bp);
	for (i = 0; i < 8; i++)   /* no call frames at all */
		enc3(e[i], 5, 0, 3, 1, 16, 0);
	make_table(8, (const uint8_t(*)[6])e);
	CHECK(orc_detect_numbering(&table, &f, rd, NULL, 8, &sp, &bp, &n, &bad) == 1 && n == 0,
	      "a table with no call frames: unknown");
}

int main(void)
{
	test_numbering();
	test_decode();
	test_find();
	test_within();
	test_saves_bp();
	test_call_chain();
	test_regs();
	test_stops();
	test_depth_and_loop();
	UNIT_DONE();
}
