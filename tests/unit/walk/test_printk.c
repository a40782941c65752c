/*
 * The kernel log decoder on synthetic memory: a lockless ringbuffer with
 * wrapped, truncated, data-less and unfinished records, an old log_buf with
 * a wrap marker, and broken layouts that must give errors, not loops.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../lib/walk/printk.h"
#include "../unit.h"

#define BASE 0xffff888000000000ull
static uint8_t mem[1 << 20];

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	if (addr < BASE || addr - BASE + len > sizeof(mem))
		return -1;
	memcpy(buf, mem + (addr - BASE), len);
	return 0;
}

static void put64(uint64_t addr, uint64_t v) { memcpy(mem + (addr - BASE), &v, 8); }
static void put32(uint64_t addr, uint32_t v) { memcpy(mem + (addr - BASE), &v, 4); }
static void put16(uint64_t addr, uint16_t v) { memcpy(mem + (addr - BASE), &v, 2); }

struct seen {
	int n;
	char text[16][128];
	uint64_t seq[16];
	int level[16];
	uint32_t caller[16];
	char subsys[16][32];
};

static int collect(void *arg, const struct c2_log_record *r)
{
	struct seen *s = arg;

	if (s->n < 16) {
		snprintf(s->text[s->n], sizeof(s->text[0]), "%.*s", (int)r->text_len, r->text);
		s->seq[s->n] = r->seq;
		s->level[s->n] = r->level;
		s->caller[s->n] = r->caller_id;
		snprintf(s->subsys[s->n], sizeof(s->subsys[0]), "%s", r->subsystem);
	}
	s->n++;
	return 0;
}

/* A callback that stops the walk (a file-scope function: clang, used by
 * SANITIZE=1, has no nested functions). */
static int stop(void *arg, const struct c2_log_record *r) { return 7; }

/* The layout of 6.x kernels as VMCOREINFO gives it. */
static struct printk_ring_layout ring_layout(void)
{
	struct printk_ring_layout l = {
		.prb = BASE, .rb_desc_ring = 0, .rb_text_data_ring = 48,
		.dr_count_bits = 0, .dr_descs = 8, .dr_infos = 16, .dr_head_id = 24, .dr_tail_id = 32,
		.desc_size = 24, .desc_state_var = 0, .desc_text_blk_lpos = 8, .lpos_begin = 0, .lpos_next = 8,
		.info_size = 88, .info_seq = 0, .info_ts_nsec = 8, .info_text_len = 16, .info_caller_id = 20,
		.info_dev_info = 24, .dev_subsystem = 0, .dev_subsystem_len = 16, .dev_device = 16,
		.dev_device_len = 48, .data_size_bits = 0, .data_data = 8, .atomic_counter = 0,
		.info_facility = 18, .info_flags_level = 19,
	};
	return l;
}

#define DESCS (BASE + 0x1000)
#define INFOS (BASE + 0x2000)
#define DATA (BASE + 0x4000)
#define COUNT_BITS 3
#define SIZE_BITS 8

/* Record id with text placed at data offset lpos (a block: id, then text). */
static void record(uint64_t id, int state, uint64_t begin, uint64_t next, const char *text, int level)
{
	uint64_t d = DESCS + (id & 7) * 24, in = INFOS + (id & 7) * 88;

	put64(d, (uint64_t)state << 62 | id);
	put64(d + 8, begin);
	put64(d + 16, next);
	memset(mem + (in - BASE), 0, 88);
	put64(in, id + 100);
	put64(in + 8, 1234567890ull * (id + 1));
	put16(in + 16, text ? strlen(text) : 0);
	mem[in - BASE + 18] = 0;
	mem[in - BASE + 19] = level << 5;
	put32(in + 20, (uint32_t)id | (id == 3 ? 0x80000000u : 0));
	if (id == 2)
		memcpy(mem + (in - BASE) + 24, "pci", 4);
	if (text) {
		uint64_t at = begin % 256 > next % 256 ? 0 : begin % 256;

		put64(DATA + at, id);
		memcpy(mem + (DATA - BASE) + at + 8, text, strlen(text));
	}
}

static void build_ring(void)
{
	memset(mem, 0, sizeof(mem));
	put32(BASE + 0, COUNT_BITS);
	put64(BASE + 8, DESCS);
	put64(BASE + 16, INFOS);
	put64(BASE + 24, 6);   /* head id */
	put64(BASE + 32, 1);   /* tail id */
	put32(BASE + 48, SIZE_BITS);
	put64(BASE + 56, DATA);
	record(1, 2, 0, 24, "first", 6);
	record(2, 2, 24, 48, "second", 3);
	record(3, 1, 48, 64, "a truncated record", 4);   /* next cuts it to 8 bytes */
	record(4, 0, 80, 100, "still being written", 4); /* reserved: skipped */
	record(5, 2, 100, 100, NULL, 4);                 /* data-less: skipped */
	/* id 6 wraps: begins near the end, stored whole at offset 0 of the
	 * next wrap (lpos 256 + 0 .. 256 + 24). */
	put64(DESCS + 6 * 24, 2ull << 62 | 6);
	put64(DESCS + 6 * 24 + 8, 240);
	put64(DESCS + 6 * 24 + 16, 256 + 20);
	memset(mem + (INFOS - BASE) + 6 * 88, 0, 88);
	put64(INFOS + 6 * 88, 106);
	put16(INFOS + 6 * 88 + 16, 7);
	put64(DATA + 0x0, 6);   /* overwrites record 1's block: it is older */
	memcpy(mem + (DATA - BASE) + 8, "wrapped", 7);
}

int main(void)
{
	struct printk_ring_layout l = ring_layout();
	struct seen s;
	char err[256];
	int rc;

	build_ring();
	memset(&s, 0, sizeof(s));
	rc = printk_walk_ring(&l, rd, NULL, collect, &s, err, sizeof(err));
	CHECK(rc == 0, "ring walk: %s", rc ? err : "ok");
	CHECK(s.n == 4, "four readable records (reserved and data-less skipped): %d", s.n);
	CHECK(!strcmp(s.text[1], "second") && s.seq[1] == 102 && s.level[1] == 3, "record text, seq and level");
	CHECK(!strcmp(s.subsys[1], "pci"), "dictionary subsystem");
	CHECK(!strcmp(s.text[2], "a trunca") && s.caller[2] == (3 | 0x80000000u),
	      "truncated record cut at its block end: '%s'", s.text[2]);
	CHECK(!strcmp(s.text[3], "wrapped"), "wrapped block read from the start: '%s'", s.text[3]);

	/* Stopping early returns the callback's value. */
	CHECK(printk_walk_ring(&l, rd, NULL, stop, NULL, err, sizeof(err)) == 7, "callback stops the walk");

	/* Broken rings. */
	put64(BASE + 24, 1000);
	CHECK(printk_walk_ring(&l, rd, NULL, collect, &s, err, sizeof(err)) < 0, "head far from tail: %s", err);
	put64(BASE + 24, 6);
	put32(BASE + 0, 40);
	CHECK(printk_walk_ring(&l, rd, NULL, collect, &s, err, sizeof(err)) < 0, "2^40 descriptors: %s", err);
	put32(BASE + 0, COUNT_BITS);
	put64(BASE + 56, 0x1234);
	CHECK(printk_walk_ring(&l, rd, NULL, collect, &s, err, sizeof(err)) < 0, "unreadable text ring: %s", err);
	put64(BASE + 56, DATA);
	l.info_caller_id = 200;
	CHECK(printk_walk_ring(&l, rd, NULL, collect, &s, err, sizeof(err)) < 0, "field outside its struct: %s", err);
	l = ring_layout();
	{
		struct printk_ring_layout bad = l;

		bad.prb = 16;
		CHECK(printk_walk_ring(&bad, rd, NULL, collect, &s, err, sizeof(err)) < 0, "unreadable prb: %s", err);
	}

	/* The old log_buf: records "one", "two", a wrap marker, "three". */
	{
		struct printk_logbuf_layout o = {
			.log_buf = BASE + 0x100, .log_buf_len = BASE + 0x108, .first_idx = BASE + 0x10c,
			.next_idx = BASE + 0x110, .rec_size = 16, .rec_ts_nsec = 0, .rec_len = 8, .rec_text_len = 10,
			.rec_dict_len = 12, .rec_facility = 14, .rec_flags_level = 15, .rec_caller_id = -1,
		};
		uint64_t lb = BASE + 0x8000;

		memset(mem, 0, sizeof(mem));
		put64(BASE + 0x100, lb);
		put32(BASE + 0x108, 128);
		put32(BASE + 0x10c, 64);   /* first record at 64 */
		put32(BASE + 0x110, 24);   /* next write at 24 */
		/* at 64: "one" (len 24), at 88: "two" + dict (len 32), at 120: wrap marker */
		put16(lb + 64 + 8, 24); put16(lb + 64 + 10, 3); memcpy(mem + (lb - BASE) + 64 + 16, "one", 3);
		mem[lb - BASE + 64 + 15] = 6 << 5;
		put16(lb + 88 + 8, 32); put16(lb + 88 + 10, 3); put16(lb + 88 + 12, 8);
		memcpy(mem + (lb - BASE) + 88 + 16, "twoA=b\0C=d", 11);
		put16(lb + 120 + 8, 0);
		put16(lb + 0 + 8, 24); put16(lb + 0 + 10, 5); memcpy(mem + (lb - BASE) + 16, "three", 5);
		memset(&s, 0, sizeof(s));
		rc = printk_walk_logbuf(&o, rd, NULL, collect, &s, err, sizeof(err));
		CHECK(rc == 0 && s.n == 3, "log_buf walk with a wrap: %d records (%s)", s.n, rc ? err : "ok");
		CHECK(!strcmp(s.text[0], "one") && s.level[0] == 6 && !strcmp(s.text[2], "three"), "log_buf texts");
		CHECK(!strcmp(s.subsys[1], "A=b C=d"), "log_buf dictionary: '%s'", s.subsys[1]);

		put32(BASE + 0x110, 100);   /* next index inside a record: never reached */
		rc = printk_walk_logbuf(&o, rd, NULL, collect, &s, err, sizeof(err));
		CHECK(rc < 0, "unreachable next index ends with an error: %s", err);
		put32(BASE + 0x110, 24);
		put16(lb + 0 + 8, 0);   /* a wrap marker at 0 would loop forever */
		rc = printk_walk_logbuf(&o, rd, NULL, collect, &s, err, sizeof(err));
		CHECK(rc < 0, "wrap marker at the start is an error: %s", err);
		put32(BASE + 0x108, 0x7fffffff);
		CHECK(printk_walk_logbuf(&o, rd, NULL, collect, &s, err, sizeof(err)) < 0, "huge log_buf_len: %s", err);
		put32(BASE + 0x108, 128);
		put16(lb + 0 + 8, 24);
		/* Found by fuzzing: a level or facility byte outside the record
		 * was read past the buffer. */
		o.rec_facility = 70000;
		CHECK(printk_walk_logbuf(&o, rd, NULL, collect, &s, err, sizeof(err)) == C2_EFORMAT,
		      "facility outside the record: %s", err);
		o.rec_facility = 14;
		o.rec_flags_level = 16;
		CHECK(printk_walk_logbuf(&o, rd, NULL, collect, &s, err, sizeof(err)) == C2_EFORMAT,
		      "level outside the record: %s", err);
	}
	UNIT_DONE();
}
