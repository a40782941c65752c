/* aarch64 (arm64, little-endian): facts from the kernel's arch/arm64
 * (uapi/asm/ptrace.h and the ELF core note layout for the register set,
 * Documentation/arch/arm64/memory.rst for the address map,
 * kernel/crash_core.c and machine_kexec.c for its VMCOREINFO keys). */
#include "arch.h"

/* libkdumpfile's names for the 34 registers of an arm64 PRSTATUS note:
 * x29 is the frame pointer, lr is x30. */
static const char *const regs[] = {
	"pc", "sp", "lr", "x29", "pstate", "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
	"x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25",
	"x26", "x27", "x28",
};

static uint32_t insn(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An address in code: adrp (the 4 KB page, +-4 GB from the instruction's
 * own page), then within the next 8 instructions the add (immediate,
 * 64-bit) of the low bits into the register adrp set, or a 64-bit load
 * through it (the address kept in a literal or GOT slot, as for the
 * kernel's weak symbols); the page alone too. Instructions are
 * little-endian whatever the data's byte order. */
static size_t code_addrs(const uint8_t *code, size_t len, uint64_t addr, struct arch_code_addr *out, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i + 4 <= len && n < max; i += 4) {
		uint32_t a = insn(code + i);
		uint64_t page, imm;

		if ((a & 0x9f000000u) != 0x90000000u)           /* ADRP */
			continue;
		imm = (uint64_t)((a >> 5 & 0x7ffff) << 2 | (a >> 29 & 3));
		if (imm & (1u << 20))
			imm |= ~(uint64_t)0 << 21;               /* sign-extend 21 bits */
		page = ((addr + i) & ~(uint64_t)0xfff) + (imm << 12);
		out[n++] = (struct arch_code_addr){ page, 0 };
		for (j = i + 4; j + 4 <= len && j <= i + 32 && n < max; j += 4) {
			uint32_t b = insn(code + j);

			if ((b >> 5 & 31) != (a & 31))
				continue;
			/* ADD Xd, Xn, #imm12{, LSL #12} */
			if ((b & 0xff800000u) == 0x91000000u) {
				out[n++] = (struct arch_code_addr){ page + ((uint64_t)(b >> 10 & 0xfff) << (b >> 22 & 1 ? 12 : 0)), 0 };
				break;
			}
			/* LDR Xt, [Xn, #imm12 * 8] */
			if ((b & 0xffc00000u) == 0xf9400000u) {
				out[n++] = (struct arch_code_addr){ page + ((uint64_t)(b >> 10 & 0xfff) << 3), 1 };
				break;
			}
		}
	}
	return n;
}

const struct arch arch_aarch64 = {
	.name = "aarch64",
	.elf_machine = 183,                     /* EM_AARCH64 */
	.pointer_size = 8,
	.big_endian = 0,
	/* CONFIG_ARM64_{4K,16K,64K}_PAGES: the dump's PAGESIZE says which. */
	.page_size = 0,
	.page_sizes = ARCH_PAGE_4K | ARCH_PAGE_16K | ARCH_PAGE_64K,
	/* CONFIG_ARM64_VA_BITS: 36 (16K pages), 39, 42, 47, 48, 52. */
	.va_bits_min = 36,
	.va_bits_max = 52,
	/* The kernel half of a 52-bit address space; the dump's VA_BITS
	 * narrows it (PAGE_OFFSET is ~0 << VA_BITS since 5.4). */
	.kernel_start = 0xfff0000000000000ull,
	/* Modules live in the vmalloc area, near the (randomized) kernel
	 * image: from _PAGE_END(VA_BITS_MIN) (48 bits for every 48- and
	 * 52-bit kernel) up to where vmemmap begins. A wide range only costs
	 * a look at the modules' symbols. */
	.modules_start = 0xffff800000000000ull,
	.modules_end = 0xfffffc0000000000ull,
	/* The stacks are in the same vmalloc area, far from the kernel image.
	 * A module reaches the kernel's data with adrp (+-4 GB,
	 * R_AARCH64_ADR_PREL_PG_HI21), so it lies within 4 GB of every part
	 * of the image; 8 GB of _stext holds that for any image under 4 GB.
	 * (Both arm64 fixtures, KASLR on, load their modules in the 2 GB
	 * window below the image, outside VMCOREINFO's MODULES_VADDR to
	 * MODULES_END.) */
	.modules_reach = 8ull << 30,
	.pac_mask_key = "NUMBER(KERNELPACMASK)",
	.ra_reg = "lr",
	.regs = regs,
	.nregs = sizeof(regs) / sizeof(regs[0]),
	.pc_reg = "pc",
	.sp_reg = "sp",
	/* The linear map starts at PAGE_OFFSET, computed from VA_BITS, not a
	 * randomized variable. */
	.direct_map_start_var = 0,
	.direct_map_end_var = 0,
	/* arm64 kernels always keep frame records (arch/arm64/Kconfig selects
	 * FRAME_POINTER): stp x29, x30, [sp, #-N]!; mov x29, sp. The chain
	 * ends at the zeroed record in the task's pt_regs (stackframe). */
	.unwinder = ARCH_UNWIND_FRAME_RECORDS,
	.frame_next = 0,
	.frame_ret = 8,
	/* struct cpu_context in struct thread_struct (asm/processor.h):
	 * cpu_switch_to saves x29 as fp, sp, and lr as pc. */
	.task_saved_fp = "thread.cpu_context.fp",
	.task_saved_sp = "thread.cpu_context.sp",
	.task_saved_pc = "thread.cpu_context.pc",
	.fp_reg = "x29",
	.ptregs_pc = "pc",
	.ptregs_sp = "sp",
	.user_mode_mask = 0,
	.module_start = 0xffff800000000000ull,
	.module_end = 0xfffffc0000000000ull,
	.code_addrs = code_addrs,
	/* arch/arm64/kernel/irq.c allocates each CPU's IRQ stack and keeps
	 * its lowest address in irq_stack_ptr (asm/stacktrace.h:
	 * stackinfo_get_irq); call_on_irq_stack leaves a frame record on the
	 * interrupted stack that the handler's records link back to. */
	.irq_stack_var = "irq_stack_ptr",
	.irq_stack_holder = NULL,
	.irq_stack_at_base = 1,
	/* entry.S: ldr_this_cpu x16, irq_stack_ptr, x17 (adrp and add). */
	.irq_stack_code = "call_on_irq_stack",
};
