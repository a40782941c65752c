/* x86_64: facts from the kernel's arch/x86 (uapi/asm/ptrace.h for the
 * register set, Documentation/arch/x86/x86_64/mm.rst for the address map,
 * mm/kaslr.c for the randomized regions). */
#include "arch.h"

static const char *const regs[] = {
	"rip", "rsp", "rbp", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
	"r13", "r14", "r15", "rflags", "orig_rax", "cs", "ss", "ds", "es", "fs", "gs", "fs_base", "gs_base",
};

static int32_t rel32(const uint8_t *b)
{
	return (int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
}

/* call rel32: e8 and a 32-bit displacement from the return address. */
static int call_target(const uint8_t *b, uint64_t ret, uint64_t *target)
{
	int32_t rel;

	if (b[0] != 0xe8)
		return -1;
	rel = rel32(b + 1);
	*target = ret + (uint64_t)(int64_t)rel;
	return 0;
}

/* A kernel address in code: a 32-bit displacement from the end of the
 * instruction (lea or mov through %rip, the displacement last), or a
 * sign-extended 32-bit immediate (mov $imm32, as the kernel's relocations
 * leave it in the top 2 GB). Both readings at every byte. */
static size_t code_addrs(const uint8_t *code, size_t len, uint64_t addr, struct arch_code_addr *out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i + 4 <= len && n + 2 <= max; i++) {
		int32_t v = rel32(code + i);

		out[n++] = (struct arch_code_addr){ addr + i + 4 + (uint64_t)(int64_t)v, 0 };
		out[n++] = (struct arch_code_addr){ (uint64_t)(int64_t)v, 0 };
	}
	return n;
}

const struct arch arch_x86_64 = {
	.name = "x86_64",
	.elf_machine = 62,                      /* EM_X86_64 */
	.pointer_size = 8,
	.big_endian = 0,
	.page_size = 4096,
	.page_sizes = ARCH_PAGE_4K,
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
	/* Kernels built with UNWINDER_ORC (every distribution kernel since
	 * 4.14) keep their ORC tables in memory; arch/x86/include/asm/ptrace.h
	 * for struct pt_regs, user_mode() for the CS test. Modules lie
	 * between MODULES_VADDR (after the kernel image mapping, 512 MB or
	 * 1 GB) and MODULES_END (Documentation/arch/x86/x86_64/mm.rst). */
	.unwinder = ARCH_UNWIND_ORC,
	.fp_reg = "rbp",
	.ptregs_pc = "ip",
	.ptregs_sp = "sp",
	.ptregs_fp = "bp",
	.ptregs_cs = "cs",
	.ptregs_r10 = "r10",
	.ptregs_r13 = "r13",
	.ptregs_di = "di",
	.ptregs_dx = "dx",
	.user_mode_mask = 3,
	.module_start = 0xffffffffa0000000ull,
	.module_end = 0xffffffffff000000ull,
	.call_target = call_target,
	.call_len = 5,
	.code_addrs = code_addrs,
	/* arch/x86/include/asm/current.h, irq_stack.h: the top word of the
	 * hard IRQ stack; in struct pcpu_hot from 6.2 (back to a variable of
	 * its own in 6.15). */
	.irq_stack_var = "hardirq_stack_ptr",
	.irq_stack_holder = "pcpu_hot",
	.irq_stack_at_base = 0,
};
