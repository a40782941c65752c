/*
 * libFuzzer target: the modules walker and module symbol tables
 * (lib/walk/modules.c) over a synthetic memory image: the modules list, each
 * module's users, regions, symbol table, string table and exports, with
 * whatever loops, dangling pointers and forged counts the fuzzer makes.
 * Input: a 16-byte header (u32 offset of the list head in the image, u32
 * flags: bit 0 no type table, as before 5.12; bit 1 absolute kernel_symbol,
 * u32 offset of a btf_modules head, u32 offset of btf_vmlinux), then the
 * image, readable at BASE only; it is walked both as the modules list and
 * as btf_modules, the latter also with the layout found in it by content.
 * The layout is tests/unit/walk/test_modules.c's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/walk/modules.h"

#define BASE 0xffffffffc0000000ull
#define HDR 16

#include "image.h"

struct ctx {
	const struct modules_layout *l;
	struct image *im;
	unsigned n;
};

static int sym_cb(void *arg, const struct modules_sym *s)
{
	unsigned *n = arg;

	if (!s->name[0])
		__builtin_trap();   /* empty names are left out */
	return ++*n > 10000000;
}

static int mod_cb(void *arg, const struct c2_module *m)
{
	struct ctx *x = arg;
	struct modules_sym_stats st;
	char err[256];
	unsigned n = 0;
	int rc;

	if (strnlen(m->name, sizeof(m->name)) >= sizeof(m->name) || strnlen(m->users, sizeof(m->users)) >= sizeof(m->users) ||
	    strnlen(m->flags, sizeof(m->flags)) >= sizeof(m->flags))
		__builtin_trap();   /* strings are always terminated */
	err[0] = '\0';
	rc = modules_symbols(x->l, rd_img, x->im, m, sym_cb, &n, &st, err, sizeof(err));
	if (rc < 0 && !err[0])
		__builtin_trap();   /* a failure says why */
	return ++x->n > 100000;
}

static int btf_cb(void *arg, const struct modules_btf *e)
{
	unsigned *n = arg;

	if (strnlen(e->name, sizeof(e->name)) >= sizeof(e->name))
		__builtin_trap();   /* names are always terminated */
	if (!e->err && (!e->size || e->size > MODULES_BTF_MAX || !e->data))
		__builtin_trap();   /* an entry passed on is within bounds */
	return ++*n > 100000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct modules_layout L = {
		.size = 0x200, .list = 0x8, .name = 0x18, .name_len = 56, .state = 0x0,
		.state_live = 0, .state_coming = 1, .state_going = 2, .state_unformed = 3,
		.taints = 0x50, .refcnt = 0x58, .source_list = 0x60, .use_source_list = 0x0, .use_source = 0x20,
		.init = 0x70, .exit = 0x78, .kallsyms = 0x80, .btf_data = 0x88, .btf_data_size = 0x90,
		.nregions = 2,
		.region = { { "text", 0xa0, 0xa8 }, { "data", 0xb0, 0xb8 } },
		.ks_symtab = 0, .ks_num_symtab = 8, .ks_strtab = 16, .ks_typetab = 24, .ks_size = 32,
		.syms = 0xc0, .num_syms = 0xc8, .ksym_size = 12, .ksym_value = 0, .ksym_name = 4, .ksym_prel32 = 1,
	};
	struct modules_stats st;
	struct image im;
	struct ctx x = { .l = &L, .im = &im };
	uint32_t h[HDR / 4];
	uint8_t *copy;

	if (size < HDR)
		return 0;
	memcpy(h, data, HDR);
	im.len = size - HDR;
	if (!(copy = malloc(im.len ? im.len : 1)))
		return 0;
	memcpy(copy, data + HDR, im.len);
	im.p = copy;
	L.head = BASE + h[0];
	if (h[1] & 1)
		L.ks_typetab = MODULES_NONE;
	if (h[1] & 2) {
		L.ksym_size = 24;
		L.ksym_value = 0;
		L.ksym_name = 8;
		L.ksym_prel32 = 0;
	}
	modules_walk(&L, rd_img, &im, mod_cb, &x, &st);
	{
		struct modules_btf_layout B = {
			.head = BASE + h[2], .bm_list = 0, .bm_module = 16, .bm_btf = 24,
			.data = 0, .data_size = 80, .start_id = 136, .start_str_off = 140,
			.mod_name = 0x18, .mod_name_len = 56,
		};
		char err[256];
		unsigned n = 0;

		err[0] = '\0';
		if (modules_btf_walk(&B, rd_img, &im, btf_cb, &n, err, sizeof(err)) < 0 && !err[0])
			__builtin_trap();   /* a failure says why */
	}
	{
		/* The same list's layout by content, then walked with it. */
		struct modules_btf_anchors A = {
			.head = BASE + h[2], .mod_name = 0x18, .mod_name_len = 56, .base = BASE + h[3],
			.base_ids = 1000, .base_str_len = 5000,
		};
		struct modules_btf_layout B;
		char err[300];
		unsigned n = 0;
		int rc;

		err[0] = '\0';
		if ((rc = modules_btf_find(&A, rd_img, &im, &B, err, sizeof(err))) < 0 && !err[0])
			__builtin_trap();   /* a failure says why */
		if (rc == 0) {
			if (B.bm_module >= 64 || B.bm_btf >= 64 || B.data >= 512 || B.data_size >= 512 ||
			    B.start_id >= 512 || B.start_str_off >= 512)
				__builtin_trap();   /* offsets within the windows read */
			if (modules_btf_walk(&B, rd_img, &im, btf_cb, &n, err, sizeof(err)) < 0 && !err[0])
				__builtin_trap();
		}
	}
	free(copy);
	return 0;
}
