/*
 * What differs between the CPU architectures core2 reads. Each one is a
 * back end of its own (lib/arch/NAME.c): a table of facts, no code that
 * reads the dump. The dump layer picks the back end when a dump opens;
 * every other part of lib/ asks it (through the handle) and never tests
 * an architecture's name.
 */
#ifndef CORE2_ARCH_H
#define CORE2_ARCH_H

#include <stddef.h>
#include <stdint.h>

/* An address code makes: addr itself, or (load) the word at addr, a
 * literal or a GOT slot the code loads the address from. */
struct arch_code_addr {
	uint64_t addr;
	int load;
};

struct arch {
	const char *name;            /* as uname -m and libkdumpfile name it */
	unsigned elf_machine;        /* e_machine of its ELF dumps and kcore */
	unsigned pointer_size;       /* bytes */
	int big_endian;              /* byte order of its memory (and bitfields) */
	/* The base page size of its kernels; 0 when a kernel chooses it
	 * (VMCOREINFO's PAGESIZE then says which, one of page_sizes). */
	unsigned page_size;
	uint64_t page_sizes;         /* the page sizes its kernels may use: a mask of sizes */
	/* Virtual address bits a kernel may be built with; 0 when fixed.
	 * VMCOREINFO's NUMBER(TCR_EL1_T1SZ) (64 minus the bits) or, failing
	 * it, NUMBER(VA_BITS) says which. */
	unsigned va_bits_min, va_bits_max;
	/* no kernel symbol lies below this; with va_bits known, nothing lies
	 * below the kernel half of the address space, ~0 << va_bits */
	uint64_t kernel_start;
	/* The VMCOREINFO key of the mask of pointer-authentication bits in a
	 * kernel return address (set them to strip a signature), and the
	 * register holding a return address; NULL without. */
	const char *pac_mask_key;
	const char *ra_reg;
	/* Where modules are loaded (every layout the kernel has used): an
	 * address outside needs no look at the modules' symbols. */
	uint64_t modules_start, modules_end;
	/* When not 0: modules also lie within this distance of _stext (the
	 * reach of the relocations that tie a module to the kernel), which
	 * narrows a wide modules range around a randomized kernel image. */
	uint64_t modules_reach;
	/* PRSTATUS registers in the order people read them (others after,
	 * by name), and the instruction and stack pointers among them. */
	const char *const *regs;
	size_t nregs;
	const char *pc_reg, *sp_reg;
	/* Variables that hold where the direct map of physical memory starts
	 * and what follows it, when the kernel may randomize them; NULL when
	 * the architecture has no such variables. */
	const char *direct_map_start_var, *direct_map_end_var;

	/* Stack traces. The unwinder its kernels use (ARCH_UNWIND_*); the
	 * frame pointer among the PRSTATUS registers; the struct pt_regs
	 * members holding the pc, sp, fp and code segment, and (ORC) the
	 * base registers its entries may name; which bits of the code
	 * segment mean user mode; where module code lives. */
	int unwinder;
	const char *fp_reg;
	const char *ptregs_pc, *ptregs_sp, *ptregs_fp, *ptregs_cs;
	const char *ptregs_r10, *ptregs_r13, *ptregs_di, *ptregs_dx;
	uint64_t user_mode_mask;
	uint64_t module_start, module_end;
	/* The target of a direct call whose return address is ret, given
	 * the call_len bytes before ret: 0 and *target, or -1 when those
	 * bytes are no direct call. */
	int (*call_target)(const uint8_t *before, uint64_t ret, uint64_t *target);
	unsigned call_len;
	/* The addresses len bytes of code at addr may load into a register,
	 * as candidates: every instruction form the back end knows that
	 * makes an address, tried at every place (nothing is checked; the
	 * caller looks at what lies there). At most max in out; returns how
	 * many. NULL when the back end knows none. */
	size_t (*code_addrs)(const uint8_t *code, size_t len, uint64_t addr, struct arch_code_addr *out, size_t max);
	/* Frame records (ARCH_UNWIND_FRAME_RECORDS): the frame pointer
	 * register points at a record of two words, the caller's frame
	 * pointer at frame_next and the return address at frame_ret (byte
	 * offsets); a sleeping task's saved frame pointer, stack pointer and
	 * resume address are these task_struct member paths. */
	unsigned frame_next, frame_ret;
	const char *task_saved_fp, *task_saved_sp, *task_saved_pc;
	/* A CPU's IRQ stack (THREAD_SIZE bytes): the per-cpu pointer to it,
	 * a per-cpu struct that may hold that pointer as a member of the same
	 * name instead (NULL: none), and whether it points at the stack's
	 * lowest byte (else at its top word). NULL: no IRQ stack known. */
	const char *irq_stack_var, *irq_stack_holder;
	int irq_stack_at_base;
	/* A function whose code loads irq_stack_var's address (for kernels
	 * whose symbols list no variables); NULL: none. */
	const char *irq_stack_code;
};

enum { ARCH_UNWIND_NONE = 0, ARCH_UNWIND_ORC, ARCH_UNWIND_FRAME_RECORDS };

#define ARCH_PAGE_4K (1ull << 12)
#define ARCH_PAGE_16K (1ull << 14)
#define ARCH_PAGE_64K (1ull << 16)

/* The back ends core2 knows, by name or ELF machine; NULL if unknown. */
const struct arch *arch_by_name(const char *name);
const struct arch *arch_by_elf_machine(unsigned machine);
/* Their names, for messages: "x86_64". */
const char *arch_names(void);
/* The back end of the machine core2 runs on (NULL if it has none): the
 * byte order of values when no dump is open. */
const struct arch *arch_host(void);

/* An unsigned integer of size bytes (1 to 8) in the architecture's byte
 * order, and a bitfield of bits bits (at most 64) bit_offset bits in,
 * numbered as the architecture's compilers number them. */
uint64_t arch_load_uint(const struct arch *a, const void *p, size_t size);
uint64_t arch_load_bits(const struct arch *a, const uint8_t *p, uint64_t bit_offset, uint32_t bits);

#endif
