/* x86_64: facts from the kernel's arch/x86 (uapi/asm/ptrace.h for the
 * register set, Documentation/arch/x86/x86_64/mm.rst for the address map,
 * mm/kaslr.c for the randomized regions). */
#include "arch.h"

static const char *const regs[] = {
	"rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
	"r13", "r14", "r15", "rflags", "orig_rax", "cs", "ss", "ds", "es", "fs", "gs", "fs_base", "gs_base",
};

const struct arch arch_x86_64 = {
	.name = "x86_64",
	.elf_machine = 62,                      /* EM_X86_64 */
	.pointer_size = 8,
	.big_endian = 0,
	.page_size = 4096,
	/* The kernel half of the 4-level canonical address space. With
	 * 5-level paging the direct map starts lower, but the kernel image,
	 * modules and every symbol stay up here. */
	.kernel_start = 0xffff800000000000ull,
	/* MODULES_VADDR is __START_KERNEL_map plus KERNEL_IMAGE_SIZE (512 MB,
	 * 1 GB with KASLR); MODULES_END 0xffffffffff000000. */
	.modules_start = 0xffffffffa0000000ull,
	.modules_end = 0xffffffffff000000ull,
	.regs = regs,
	.nregs = sizeof(regs) / sizeof(regs[0]),
	.pc_reg = "rip",
	.sp_reg = "rsp",
	/* With a randomized memory layout the direct map starts at
	 * page_offset_base and vmalloc space (vmalloc_base) follows it. */
	.direct_map_start_var = "page_offset_base",
	.direct_map_end_var = "vmalloc_base",
};
