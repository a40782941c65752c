/*
 * libFuzzer target: the kallsyms decoder (lib/symbols/kallsyms.c) over a synthetic
 * memory image. Input: a header (struct hdr: where each table sits in the
 * image, as byte offsets, 0xffffffff for an absent table, and a reference
 * symbol to confirm), then the image, readable at BASE and nowhere else;
 * first the tables are searched for in the whole image (ks_locate).
 * tests/fuzz/seeds.py builds seeds from a real dump's tables.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/core2.h"
#include "../../lib/symbols/kallsyms.h"

#define KSTART 0xffff800000000000ull   /* x86_64's lowest kernel address */
#define BASE 0xffffffff81000000ull
#define NONE 0xffffffffu

struct hdr {
	uint32_t names, num_syms, token_table, token_index, addresses, offsets, relative_base;
	uint32_t ref_idx;
	uint64_t ref_addr;
};

#include "image.h"

static uint64_t place(uint32_t off) { return off == NONE ? 0 : BASE + off; }

static int count_cb(void *arg, const struct ks_sym *s)
{
	unsigned *n = arg;

	if (s->name[KSYM_NAME_MAX - 1] != '\0' && strnlen(s->name, KSYM_NAME_MAX) == KSYM_NAME_MAX)
		__builtin_trap();   /* a name must be terminated */
	return ++*n >= 200000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "_stext", "init_task", "dup_name", "zzz", "" };
	struct hdr h;
	struct image im;
	struct ks_layout l;
	struct kallsyms *ks;
	struct ks_sym s;
	char err[256];
	uint32_t found[5], idx, n;
	uint64_t sz;
	unsigned visited = 0;
	uint8_t *copy;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	/* A copy of exactly the image, so that ASan sees reads past it. */
	im.len = size - sizeof(h);
	if (!(copy = malloc(im.len ? im.len : 1)))
		return 0;
	memcpy(copy, data + sizeof(h), im.len);
	im.p = copy;
	/* Kernels before 6.0: the tables searched for in the whole image. */
	if (ks_locate(rd_img, &im, KSTART, BASE, BASE + im.len, &l, err, sizeof(err)) == 0 &&
	    ks_open(&ks, &l, rd_img, &im, err, sizeof(err)) == 0) {
		n = ks_count(ks);
		ks_get(ks, n - 1, &s);
		ks_close(ks);
	}
	l.names = place(h.names);
	l.num_syms = place(h.num_syms);
	l.token_table = place(h.token_table);
	l.token_index = place(h.token_index);
	l.addresses = place(h.addresses);
	l.offsets = place(h.offsets);
	l.relative_base = place(h.relative_base);
	if (ks_open(&ks, &l, rd_img, &im, err, sizeof(err)) < 0) {
		if (!err[0])
			__builtin_trap();   /* every failure says why */
		free(copy);
		return 0;
	}
	n = ks_count(ks);
	ks_find_early(ks, "_stext", h.ref_addr, &idx);
	ks_confirm(ks, h.ref_idx, h.ref_addr);
	ks_find(ks, names, 5, found);
	ks_get(ks, 0, &s);
	ks_get(ks, n / 2, &s);
	ks_get(ks, n - 1, &s);
	ks_get(ks, n, &s);
	ks_foreach(ks, count_cb, &visited);
	ks_lookup_addr(ks, h.ref_addr, &s, &sz);
	ks_lookup_addr(ks, h.ref_addr + 0x40, &s, &sz);
	ks_close(ks);
	free(copy);
	return 0;
}
