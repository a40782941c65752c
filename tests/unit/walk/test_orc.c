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

/* The layouts before 6.4: sp_reg:4 bp_reg:4 type:2, then end (before 6.3)
 * or signal and end (6.3). */
static void enc_old(uint8_t *p, int layout, int sp_reg, int bp_reg, int type, int signal, int end, int16_t sp_off)
{
	unsigned bits = (unsigned)sp_reg | (unsigned)bp_reg << 4 | (unsigned)type << 8;

	if (layout == ORC_LAYOUT_END)
		bits |= (unsigned)end << 10;
	else
		bits |= (unsigned)signal << 10 | (unsigned)end << 11;
	p[0] = (uint8_t)sp_off;
	p[1] = (uint8_t)((uint16_t)sp_off >> 8);
	p[2] = p[3] = 0;
	p[4] = (uint8_t)bits;
	p[5] = (uint8_t)(bits >> 8);
}

/* Walk from (ip, sp, bp known): the frames after the first. */
static int run_bp(uint64_t ip, uint64_t sp, uint64_t bp, int signal, struct unw_state *s)
{
	int n = 0;

	if (unw_start(&ops, s, ip, sp, bp, 1, signal))
		return -1;
	while (unw_next(&ops, s) && n < 10000)
		n++;
	return n;
}

/* A kernel-mode pt_regs at addr: ip, sp, and bp. */
static void put_regs(uint64_t addr, uint64_t ip, uint64_t sp, uint64_t bp)
{
	put64(addr + 128, ip);
	put64(addr + 152, sp);
	put64(addr + 136, 0x10);
	put64(addr + 32, bp);
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
	enc3(e[1], ORC_R_SP, 0, 3, 1, 0, 0);      /* f1: pt_regs at its sp (signal, as objtool marks them) */
	enc3(e[2], 0, 0, 1, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp, F(1) + 0x10);
	put64(regs + 128, F(2) + 0x40);          /* ip */
	put64(regs + 152, regs + 168 + 64);      /* sp */
	put64(regs + 136, 0x10);                 /* cs: kernel */
	put64(regs + 32, 0x1234);                /* bp */
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 2 && s.stop == UNW_END && s.signal && s.regs == regs && s.regs_from == 0 && s.bp == 0x1234,
	      "REGS: the interrupted frame from pt_regs, all of it valid, its bp too (%d, %s)", n, unw_stop_text(s.stop));
	put64(regs + 136, 0x33);                 /* cs: user */
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_USER, "REGS from user mode: the walk ends there (%d, %s)", n, unw_stop_text(s.stop));
	CHECK(s.regs == regs && s.regs_from == 0, "... keeping where the user registers lie (%#llx, from %zu)",
	      (unsigned long long)s.regs, s.regs_from);

	/* REGS_PARTIAL: an iret frame (ip, cs, flags, sp, ss) at the cfa. */
	enc3(e[1], ORC_R_SP, 0, 4, 1, 0, 0);
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
	enc3(e[0], ORC_R_SP, 0, 3, 1, 0, 0);      /* f0: pt_regs at sp */
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

/* The indirect and frame-pointer bases: SP_INDIRECT as 5.12 on read it
 * (*sp + offset) and as kernels before (*(sp + offset)), BP_INDIRECT, BP,
 * and a caller's bp from PREV_SP and from BP. */
static void test_indirect(void)
{
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = IRQSTACK + 0x100;
	int n;

	/* Leaving the IRQ stack: its first word is the task stack's sp. */
	reset();
	enc3(e[0], ORC_R_SP_INDIRECT, 0, 2, 0, 8, 0);
	enc3(e[1], 0, 0, 1, 0, 0, 0);            /* END_OF_STACK */
	enc3(e[2], 0, 0, 0, 0, 0, 0);            /* UNDEFINED */
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp, STACK + 0x200);                /* *sp */
	put64(STACK + 0x200, F(1) + 0x10);       /* the return address below *sp + 8 */
	put64(sp + 8, STACK + 0x300);            /* *(sp + 8), what kernels before 5.12 read */
	put64(STACK + 0x2f8, F(1) + 0x20);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_END && s.ip == F(1) + 0x10 && s.sp == STACK + 0x208 && s.stack.kind == 0,
	      "SP_INDIRECT (5.12 on): the caller's sp is *sp + offset, on the task stack (%d, %s, ip %#llx)", n,
	      unw_stop_text(s.stop), (unsigned long long)s.ip);
	ops.sp_indirect_old = 1;
	n = run(F(0) + 5, sp, 1, &s);
	ops.sp_indirect_old = 0;
	CHECK(n == 1 && s.stop == UNW_END && s.ip == F(1) + 0x20 && s.sp == STACK + 0x300,
	      "SP_INDIRECT (before 5.12): the caller's sp is *(sp + offset) (%d, %s, ip %#llx)", n, unw_stop_text(s.stop),
	      (unsigned long long)s.ip);
	/* *sp pointing back down the same stack: a loop, stopped. */
	put64(sp, IRQSTACK + 0x40);
	put64(IRQSTACK + 0x40, F(1) + 0x10);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_BACKWARDS, "SP_INDIRECT back down the same stack: stop (%s)", unw_stop_text(s.stop));
	/* *sp on no stack: stop there, naming it. */
	put64(sp, 0xffff888012345678ull);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_OFF_STACK && s.stop_addr == 0xffff888012345678ull,
	      "SP_INDIRECT to no known stack: stop at that address (%s)", unw_stop_text(s.stop));

	/* BP_INDIRECT: the caller's sp is *(bp + offset). */
	reset();
	enc3(e[0], ORC_R_BP_INDIRECT, 0, 2, 0, 16, 0);
	enc3(e[1], 0, 0, 1, 0, 0, 0);
	make_table(2, (const uint8_t(*)[6])e);
	put64(STACK + 0x110, STACK + 0x500);
	put64(STACK + 0x4f8, F(1) + 0x30);
	n = run_bp(F(0) + 5, STACK + 0x80, STACK + 0x100, 1, &s);
	CHECK(n == 1 && s.stop == UNW_END && s.ip == F(1) + 0x30 && s.sp == STACK + 0x500,
	      "BP_INDIRECT: the caller's sp is *(bp + offset) (%d, %s)", n, unw_stop_text(s.stop));

	/* A frame-pointer frame: cfa = bp + 16, the caller's bp saved at
	 * cfa - 16 (PREV_SP), as objtool describes push %rbp; mov %rsp,%rbp. */
	reset();
	enc3(e[0], ORC_R_BP, ORC_R_PREV_SP, 2, 0, 16, -16);
	enc3(e[1], 0, 0, 1, 0, 0, 0);
	make_table(2, (const uint8_t(*)[6])e);
	put64(STACK + 0x100, STACK + 0x180);     /* saved bp */
	put64(STACK + 0x108, F(1) + 0x40);       /* return address */
	n = run_bp(F(0) + 5, STACK + 0x80, STACK + 0x100, 1, &s);
	CHECK(n == 1 && s.ip == F(1) + 0x40 && s.sp == STACK + 0x110 && s.bp == STACK + 0x180 && s.bp_known,
	      "BP base, PREV_SP bp: cfa = bp + 16, the caller's bp from cfa - 16 (sp %#llx, bp %#llx)",
	      (unsigned long long)s.sp, (unsigned long long)s.bp);
	/* The caller's bp at bp + offset (bp_reg BP). */
	enc3(e[0], ORC_R_SP, ORC_R_BP, 2, 0, 8, 8);
	make_table(2, (const uint8_t(*)[6])e);
	put64(STACK + 0x80, F(1) + 0x44);
	put64(STACK + 0x108, STACK + 0x1a0);
	n = run_bp(F(0) + 5, STACK + 0x80, STACK + 0x100, 1, &s);
	CHECK(n == 1 && s.ip == F(1) + 0x44 && s.bp == STACK + 0x1a0, "BP bp: the caller's bp is *(bp + offset) (%#llx)",
	      (unsigned long long)s.bp);
	/* bp_reg BP with bp unknown: no guess. */
	n = run(F(0) + 5, STACK + 0x80, 1, &s);
	CHECK(n == 0 && s.stop == UNW_NO_REG, "BP bp with bp unknown: stop (%s)", unw_stop_text(s.stop));
}

/* R10, R13, DI and DX bases: the register of the last full pt_regs, at its
 * own offset (the entry's offset is not added, as the kernel's get_reg). */
static void test_reg_bases(void)
{
	static const struct {
		int reg;
		size_t off;
		const char *name;
	} r[] = { { ORC_R_R10, 56, "R10" }, { ORC_R_R13, 16, "R13" }, { ORC_R_DI, 112, "DI" }, { ORC_R_DX, 96, "DX" } };
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = STACK + 0x100, regs = sp;
	size_t i, j;
	int n;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		reset();
		enc3(e[0], ORC_R_SP, 0, 3, 1, 0, 0);          /* f0: pt_regs at sp */
		enc3(e[1], r[i].reg, 0, 2, 0, 0x40, 0);       /* f1: cfa from the register */
		enc3(e[2], 0, 0, 1, 0, 0, 0);
		make_table(3, (const uint8_t(*)[6])e);
		put_regs(regs, F(1) + 0x10, regs + 168, 0);
		for (j = 0; j < sizeof(r) / sizeof(r[0]); j++)   /* every other register: a wrong stack */
			put64(regs + r[j].off, STACK + 0x3000);
		put64(regs + r[i].off, STACK + 0x800);
		put64(STACK + 0x7f8, F(2) + 0x10);
		n = run(F(0) + 5, sp, 1, &s);
		CHECK(n == 2 && s.stop == UNW_END && s.ip == F(2) + 0x10 && s.sp == STACK + 0x800,
		      "%s base: cfa is pt_regs' %s (%d, %s, sp %#llx)", r[i].name, r[i].name, n, unw_stop_text(s.stop),
		      (unsigned long long)s.sp);
	}
}

/*
 * An interrupt as the kernel's entry code leaves it: the handler on the IRQ
 * stack (f0), called from the stack switch (f1, whose caller's sp is the
 * first word of the IRQ stack), called from the entry code (f2: a full
 * pt_regs on the task stack), interrupted in code whose frame is only the
 * hardware's iret frame (f3: REGS_PARTIAL), whose caller (f4) takes its cfa
 * from R10 and its bp from nowhere: both come from the full pt_regs before
 * the partial frame (the kernel's get_reg), never from the partial one.
 */
static void test_partial_crossing(void)
{
	uint8_t e[6][6];
	struct unw_state s;
	uint64_t sp = IRQSTACK + 0x100, regs = STACK + 0x200, iret = STACK + 0x400;
	int n;

	reset();
	enc3(e[0], ORC_R_SP, 0, 2, 0, 8, 0);                  /* f0 */
	enc3(e[1], ORC_R_SP_INDIRECT, 0, 2, 0, 8, 0);         /* f1 */
	enc3(e[2], ORC_R_SP, ORC_R_PREV_SP, 3, 1, 0, 8);      /* f2: pt_regs at its sp; bp from the word after r15 */
	enc3(e[3], ORC_R_SP, ORC_R_UNDEFINED, 4, 1, 0, 0);    /* f3: iret frame at its sp */
	enc3(e[4], ORC_R_R10, ORC_R_UNDEFINED, 2, 0, 0, 0);   /* f4 */
	enc3(e[5], 0, 0, 1, 0, 0, 0);
	make_table(6, (const uint8_t(*)[6])e);
	put64(sp, F(1) + 0x10);                               /* f0 returns into f1 */
	put64(sp + 8, STACK + 0x1f0);                         /* f1: *sp: the task stack */
	put64(STACK + 0x1f0, F(2) + 0x10);                    /* f1 returns into f2 */
	/* f1's cfa, f2's sp, is STACK + 0x1f8, where f2's pt_regs lies. */
	regs = STACK + 0x1f8;
	put_regs(regs, F(3) + 0x20, iret, 0xb0b0);
	put64(regs + 8, 0xcafe);                              /* what f2's entry says bp is */
	put64(regs + 56, STACK + 0x900);                      /* r10 */
	put64(iret, F(4) + 0x30);                             /* iret frame: ip, cs, flags, sp, ss */
	put64(iret + 8, 0x10);
	put64(iret + 24, iret + 40);
	put64(STACK + 0x8f8, F(5) + 0x40);                    /* f4 returns into f5 */
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 5 && s.stop == UNW_END && s.ip == F(5) + 0x40 && s.sp == STACK + 0x900,
	      "IRQ stack -> task stack -> full regs -> partial regs -> R10 of the full regs: 5 frames then end (%d, %s, "
	      "ip %#llx)", n, unw_stop_text(s.stop), (unsigned long long)s.ip);
	CHECK(s.bp_known && s.bp == 0xb0b0,
	      "after the partial frame, an undefined bp is the full pt_regs' before it, as the kernel's get_reg (%#llx)",
	      (unsigned long long)s.bp);

	/* Step by step: the partial frame itself. */
	unw_start(&ops, &s, F(0) + 5, sp, 0, 0, 1);
	for (n = 0; n < 4; n++)
		unw_next(&ops, &s);
	CHECK(s.ip == F(4) + 0x30 && s.sp == iret + 40 && s.signal && !s.full_regs && s.regs == iret - 128 &&
		      s.regs_from == 128 && s.prev_regs == regs && s.slot == iret,
	      "REGS_PARTIAL: ip and sp from the iret frame, the full pt_regs kept behind it (ip %#llx sp %#llx regs %#llx "
	      "prev %#llx slot %#llx)", (unsigned long long)s.ip, (unsigned long long)s.sp, (unsigned long long)s.regs,
	      (unsigned long long)s.prev_regs, (unsigned long long)s.slot);

	/* A partial frame from user mode ends the walk. */
	put64(iret + 8, 0x33);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 3 && s.stop == UNW_USER, "REGS_PARTIAL from user mode: the walk ends there (%d, %s)", n,
	      unw_stop_text(s.stop));
	CHECK(s.regs == iret - 128 && s.regs_from == 128,
	      "... keeping the user registers' iret frame, valid from the ip on (%#llx, from %zu)",
	      (unsigned long long)s.regs, s.regs_from);
	put64(iret + 8, 0x10);

	/* Without the full pt_regs (f2 a plain call into f3), R10 is not
	 * known: the partial frame's own words are not a pt_regs. */
	enc3(e[2], ORC_R_SP, 0, 2, 0, (int16_t)(iret - regs), 0);
	make_table(6, (const uint8_t(*)[6])e);
	put64(iret - 8, F(3) + 0x20);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 4 && s.stop == UNW_NO_REG, "no full pt_regs before the partial frame: R10 is never guessed (%d, %s)", n,
	      unw_stop_text(s.stop));
}

/* Which entry covers the next frame: a return address is looked up at
 * ip - 1 (a call to a noreturn function may be the last instruction of its
 * function), an interrupted ip at ip. Before 6.3 the entry type says which
 * (REGS and REGS_PARTIAL are interrupts); since 6.3 each entry's signal bit. */
static void test_signal(void)
{
	struct orc_format keep = fmt;
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = STACK + 0x100;
	int n, layout;

	for (layout = ORC_LAYOUT_END; layout <= ORC_LAYOUT_SIGNAL_END; layout++) {
		const char *name = layout == ORC_LAYOUT_END ? "before 6.3" : "6.3";

		fmt.layout = layout;
		reset();
		/* f0 calls a noreturn function: the return address is f2's
		 * first byte, but the frame is f1's. */
		enc_old(e[0], layout, ORC_R_SP, 0, 0, 0, 0, 8);
		enc_old(e[1], layout, 0, 0, 0, 0, 1, 0);   /* end of stack */
		enc_old(e[2], layout, 0, 0, 0, 0, 0, 0);   /* undefined */
		make_table(3, (const uint8_t(*)[6])e);
		put64(sp, F(2));
		n = run(F(0) + 5, sp, 1, &s);
		CHECK(n == 1 && s.stop == UNW_END, "%s: a return address is looked up at ip - 1 (%s)", name,
		      unw_stop_text(s.stop));
		/* An interrupted ip at f2's first byte is f2's. */
		enc_old(e[0], layout, ORC_R_SP, 0, 1, 1, 0, 0);   /* REGS */
		enc_old(e[1], layout, 0, 0, 0, 0, 0, 0);
		enc_old(e[2], layout, 0, 0, 0, 0, 1, 0);
		make_table(3, (const uint8_t(*)[6])e);
		put_regs(sp, F(2), sp + 168, 0);
		n = run(F(0) + 5, sp, 1, &s);
		CHECK(n == 1 && s.stop == UNW_END && s.signal, "%s: after REGS the interrupted ip is looked up as it is (%s)",
		      name, unw_stop_text(s.stop));
		/* sp_reg UNDEFINED: the end only with end set. */
		enc_old(e[0], layout, ORC_R_SP, 0, 0, 0, 0, 8);
		enc_old(e[1], layout, 0, 0, 0, 0, 0, 0);
		make_table(3, (const uint8_t(*)[6])e);
		put64(sp, F(1) + 0x10);
		n = run(F(0) + 5, sp, 1, &s);
		CHECK(n == 1 && s.stop == UNW_UNDEFINED && s.stop_addr == F(1) + 0x10,
		      "%s: undefined sp_reg without end: undefined, naming the address (%s)", name, unw_stop_text(s.stop));
		enc_old(e[1], layout, 0, 0, 0, 0, 1, 0);
		make_table(3, (const uint8_t(*)[6])e);
		n = run(F(0) + 5, sp, 1, &s);
		CHECK(n == 1 && s.stop == UNW_END, "%s: undefined sp_reg with end: the end of the stack (%s)", name,
		      unw_stop_text(s.stop));
	}

	/* 6.3 on: a CALL entry may carry signal, a REGS entry may not. */
	fmt.layout = ORC_LAYOUT_SIGNAL_END;
	reset();
	enc_old(e[0], ORC_LAYOUT_SIGNAL_END, ORC_R_SP, 0, 0, 1, 0, 8);   /* CALL, signal */
	enc_old(e[1], ORC_LAYOUT_SIGNAL_END, 0, 0, 0, 0, 0, 0);
	enc_old(e[2], ORC_LAYOUT_SIGNAL_END, 0, 0, 0, 0, 1, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp, F(2));
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_END, "6.3: after a CALL entry with signal, the caller's ip is looked up as it is (%s)",
	      unw_stop_text(s.stop));
	fmt = keep;
	reset();
	enc3(e[0], ORC_R_SP, 0, 2, 1, 8, 0);      /* 6.4: CALL with signal */
	enc3(e[1], 0, 0, 0, 0, 0, 0);
	enc3(e[2], 0, 0, 1, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put64(sp, F(2));
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_END, "6.4: after a CALL entry with signal, the caller's ip is looked up as it is (%s)",
	      unw_stop_text(s.stop));
	enc3(e[0], ORC_R_SP, 0, 3, 0, 0, 0);      /* 6.4: REGS without signal */
	enc3(e[1], 0, 0, 1, 0, 0, 0);
	enc3(e[2], 0, 0, 0, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put_regs(sp, F(2), sp + 168, 0);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_END, "6.4: after a REGS entry without signal, the ip is looked up at ip - 1 (%s)",
	      unw_stop_text(s.stop));
	fmt = keep;
}

/* A REGS frame whose sp is on no stack: listed, and the next step stops
 * there, naming the address; a lower one is a loop. */
static void test_off_stack_regs(void)
{
	uint8_t e[3][6];
	struct unw_state s;
	uint64_t sp = STACK + 0x100;
	int n;

	reset();
	enc3(e[0], ORC_R_SP, 0, 3, 1, 0, 0);      /* REGS */
	enc3(e[1], ORC_R_SP, 0, 2, 0, 8, 0);
	enc3(e[2], 0, 0, 1, 0, 0, 0);
	make_table(3, (const uint8_t(*)[6])e);
	put_regs(sp, F(1) + 0x10, 0xffffffffff600000ull, 0);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 1 && s.stop == UNW_OFF_STACK && s.stop_addr == 0xffffffffff600000ull,
	      "pt_regs with sp on no stack: one frame, then stop there (%d, %s)", n, unw_stop_text(s.stop));
	put_regs(sp, F(1) + 0x10, 0x1000, 0);
	n = run(F(0) + 5, sp, 1, &s);
	CHECK(n == 0 && s.stop == UNW_BACKWARDS, "pt_regs with a lower sp on no stack: a loop (%s)", unw_stop_text(s.stop));
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
	test_indirect();
	test_reg_bases();
	test_partial_crossing();
	test_signal();
	test_off_stack_regs();
	UNIT_DONE();
}
