/* lib/arch/arch.c: the back ends are found by name and ELF machine, and
 * values decode as the compiler lays them out. */
#include <stdint.h>
#include <string.h>

#include "../../../lib/arch/arch.h"
#include "../unit.h"

/* Whether code_addrs gave addr (load: as a slot holding the address). */
static int has(const struct arch_code_addr *c, size_t n, uint64_t addr, int load)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].addr == addr && c[i].load == load)
			return 1;
	return 0;
}

/* The host compiler's own bitfield layout is the truth for a little-endian
 * back end (core2's unit tests run on x86_64). */
struct bits {
	uint64_t a : 3, b : 13, c : 7, d : 41;
};

int main(void)
{
	const struct arch *le = arch_by_name("x86_64"), *none = arch_by_name("vax");
	struct arch be;
	struct bits s = { 5, 4097, 99, 0x1abcdef0123ull };
	uint8_t buf[8], beb[2] = { 0xb3, 0x80 };
	uint8_t u[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };

	CHECK(le && !strcmp(le->name, "x86_64"), "x86_64 found by name");
	CHECK(le && arch_by_elf_machine(62) == le, "... and by ELF machine 62 (EM_X86_64)");
	CHECK(!none && !arch_by_elf_machine(0xffff), "unknown names and machines: none");
	CHECK(strstr(arch_names(), "x86_64") != NULL, "arch_names lists x86_64: %s", arch_names());
	CHECK(le && le->nregs > 0 && le->pc_reg && le->sp_reg, "registers, pc and sp named");
	{
		const struct arch *a64 = arch_by_name("aarch64");
		size_t i, nx = 0;

		CHECK(a64 && arch_by_elf_machine(183) == a64, "aarch64 found by name and ELF machine 183 (EM_AARCH64)");
		CHECK(strstr(arch_names(), "aarch64") != NULL, "arch_names lists aarch64: %s", arch_names());
		/* libkdumpfile's PRSTATUS names: x0..x29, lr, sp, pc, pstate */
		for (i = 0; a64 && i < a64->nregs; i++)
			nx += a64->regs[i][0] == 'x';
		CHECK(a64 && a64->nregs == 34 && nx == 30 && !strcmp(a64->pc_reg, "pc") && !strcmp(a64->sp_reg, "sp") &&
		      !strcmp(a64->ra_reg, "lr"), "aarch64: 34 registers as libkdumpfile names them");
		CHECK(a64 && !a64->page_size && a64->page_sizes == (ARCH_PAGE_4K | ARCH_PAGE_16K | ARCH_PAGE_64K) &&
		      a64->va_bits_max == 52 && a64->pac_mask_key, "aarch64: page size and VA bits from the dump");
		CHECK(a64 && a64->unwinder == ARCH_UNWIND_FRAME_RECORDS && a64->frame_next == 0 && a64->frame_ret == 8 &&
		      !strcmp(a64->fp_reg, "x29") && a64->task_saved_fp && a64->task_saved_sp && a64->task_saved_pc,
		      "aarch64: frame records {fp, lr} from x29, a sleeping task's from its saved context");
	}
	{
		/* Addresses made by code, against objdump's reading of the
		 * same bytes: the 6.1 x86_64 kernel's btf_parse_vmlinux storing
		 * __start_BTF (movq $0xffffffffa94bf6d8,(%rax)), and lea
		 * 0x10(%rip),%rdi at 0xffffffff81000000 (0xffffffff81000017). */
		static const uint8_t movq[] = { 0x48, 0xc7, 0x00, 0xd8, 0xf6, 0x4b, 0xa9 };
		static const uint8_t lea[] = { 0x48, 0x8d, 0x3d, 0x10, 0x00, 0x00, 0x00 };
		/* The 6.1 arm64 kernel's btf_parse_vmlinux, at the addresses
		 * objdump was given: adrp x19 (0xffffcf849b11b000) and add
		 * x19, x19, #0x850 at 0xffffcf849a2724dc; adrp x2
		 * (0xffffcf849acf0000) and ldr x2, [x2, #2440] at ...51c (the
		 * GOT slot of the weak __start_BTF); adrp x2 (0xffffcf849bfae000)
		 * and add x1, x20, #0x210 at ...630 (another register's add:
		 * no pair); adrp x0, 0xffff000000000000 at 0xffff000000100000
		 * (a page below). */
		static const uint8_t a1[] = { 0x53, 0x75, 0x00, 0xb0, 0x73, 0x42, 0x21, 0x91 };
		static const uint8_t a2[] = { 0xe2, 0x53, 0x00, 0xd0, 0x42, 0xc4, 0x44, 0xf9 };
		static const uint8_t a3[] = { 0xe2, 0xe9, 0x00, 0x90, 0x81, 0x42, 0x08, 0x91 };
		static const uint8_t a4[] = { 0x00, 0xf8, 0xff, 0x90 };
		const struct arch *a64 = arch_by_name("aarch64");
		struct arch_code_addr c[64];
		size_t n;

		CHECK(le && le->code_addrs, "x86_64 reads addresses in code");
		n = le->code_addrs(movq, sizeof(movq), 0xffffffffa8247fe7ull, c, 64);
		CHECK(has(c, n, 0xffffffffa94bf6d8ull, 0), "x86_64: movq $imm32 sign-extended (%zu candidates)", n);
		n = le->code_addrs(lea, sizeof(lea), 0xffffffff81000000ull, c, 64);
		CHECK(has(c, n, 0xffffffff81000017ull, 0), "x86_64: lea rip-relative");
		n = le->code_addrs(lea, sizeof(lea), 0xffffffff81000000ull, c, 2);
		CHECK(n == 2, "x86_64: no more than max candidates");
		CHECK(a64 && a64->code_addrs, "aarch64 reads addresses in code");
		n = a64->code_addrs(a1, sizeof(a1), 0xffffcf849a2724dcull, c, 64);
		CHECK(n == 2 && has(c, n, 0xffffcf849b11b000ull, 0) && has(c, n, 0xffffcf849b11b850ull, 0), "aarch64: adrp and add");
		n = a64->code_addrs(a2, sizeof(a2), 0xffffcf849a27251cull, c, 64);
		CHECK(n == 2 && has(c, n, 0xffffcf849acf0000ull, 0) && has(c, n, 0xffffcf849acf0988ull, 1),
		      "aarch64: adrp and a 64-bit load: the slot, marked as holding the address");
		n = a64->code_addrs(a3, sizeof(a3), 0xffffcf849a272630ull, c, 64);
		CHECK(n == 1 && has(c, n, 0xffffcf849bfae000ull, 0), "aarch64: an add to another register is no pair");
		n = a64->code_addrs(a4, sizeof(a4), 0xffff000000100000ull, c, 64);
		CHECK(n == 1 && has(c, n, 0xffff000000000000ull, 0), "aarch64: adrp to a page below");
		n = a64->code_addrs(a1 + 1, sizeof(a1) - 1, 0xffffcf849a2724ddull, c, 64);
		CHECK(n == 0, "aarch64: code shorter than an instruction pair's bytes: nothing read past it");
	}
	if (!le)
		return 1;

	memcpy(buf, &s, sizeof(buf));
	CHECK(arch_load_bits(le, buf, 0, 3) == 5, "bitfield at 0, 3 bits");
	CHECK(arch_load_bits(le, buf, 3, 13) == 4097, "bitfield at 3, 13 bits");
	CHECK(arch_load_bits(le, buf, 16, 7) == 99, "bitfield at 16, 7 bits");
	CHECK(arch_load_bits(le, buf, 23, 41) == 0x1abcdef0123ull, "bitfield at 23, 41 bits");
	CHECK(arch_load_bits(le, u, 0, 64) == 0x8877665544332211ull, "64 bits");
	CHECK(arch_load_uint(le, u, 8) == 0x8877665544332211ull, "u64 little-endian");
	CHECK(arch_load_uint(le, u, 2) == 0x2211, "u16 little-endian");
	CHECK(arch_load_uint(le, u, 3) == 0x332211, "3 bytes");

	/* Big-endian, by the ABI's definition: the first field takes the most
	 * significant bits of the first byte. 0xb3 0x80 = 101 10011 1 0000000:
	 * a:3 = 5, b:5 = 19, c:1 = 1. */
	be = *le;
	be.big_endian = 1;
	CHECK(arch_load_bits(&be, beb, 0, 3) == 5, "big-endian bitfield at 0, 3 bits");
	CHECK(arch_load_bits(&be, beb, 3, 5) == 19, "big-endian bitfield at 3, 5 bits");
	CHECK(arch_load_bits(&be, beb, 8, 1) == 1, "big-endian bitfield across a byte");
	CHECK(arch_load_bits(&be, beb, 3, 6) == 39, "big-endian bitfield spanning two bytes");
	CHECK(arch_load_uint(&be, u, 2) == 0x1122, "u16 big-endian");
	return unit_failed != 0;
}
