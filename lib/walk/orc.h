/*
 * ORC: the kernel's own unwind tables (objtool's .orc_unwind_ip and
 * .orc_unwind), decoded and followed as the kernel's unwind_orc.c does.
 * Pure functions over a read callback: nothing here reads the dump
 * directly, so every step can be tested on synthetic memory.
 */
#ifndef CORE2_ORC_H
#define CORE2_ORC_H

#include <stddef.h>
#include <stdint.h>

/* Reads len bytes at addr; 0, or a negative status. */
typedef int orc_read_fn(void *arg, uint64_t addr, void *buf, size_t len);

/* Register and entry-type numbers as core2 names them, whatever a
 * kernel's encoding. */
enum orc_reg {
	ORC_R_UNDEFINED, ORC_R_PREV_SP, ORC_R_DX, ORC_R_DI, ORC_R_BP, ORC_R_SP, ORC_R_R10, ORC_R_R13,
	ORC_R_BP_INDIRECT, ORC_R_SP_INDIRECT, ORC_R_BAD
};
enum orc_type { ORC_T_UNDEFINED, ORC_T_END_OF_STACK, ORC_T_CALL, ORC_T_REGS, ORC_T_REGS_PARTIAL, ORC_T_BAD };

/* The bitfield layouts of struct orc_entry's third word (orc_types.h). */
enum orc_layout {
	ORC_LAYOUT_END,        /* sp_reg:4 bp_reg:4 type:2 end:1 (types CALL 0, REGS 1, REGS_PARTIAL 2) */
	ORC_LAYOUT_SIGNAL_END, /* sp_reg:4 bp_reg:4 type:2 signal:1 end:1 */
	ORC_LAYOUT_TYPE3,      /* sp_reg:4 bp_reg:4 type:3 signal:1 (UNDEFINED 0, END_OF_STACK 1, CALL 2, REGS 3, REGS_PARTIAL 4) */
};

/* The register numbers of sp_reg and bp_reg: those of every kernel up to
 * 7.0, and the order 7.1 gave them (AX 1, DX 2, SP 3, BP 4, DI 5, R10 6,
 * R13 7, PREV_SP 8, SP_INDIRECT 9, BP_INDIRECT 10). */
enum orc_numbering { ORC_NUM_CLASSIC, ORC_NUM_71 };

struct orc_format {
	int layout;            /* enum orc_layout */
	int numbering;         /* enum orc_numbering */
};

#define ORC_ENTRY_SIZE 6

struct orc_entry {
	int16_t sp_offset, bp_offset;
	uint8_t sp_reg, bp_reg;   /* enum orc_reg */
	uint8_t type;             /* enum orc_type */
	uint8_t signal;           /* look up the ip itself, not ip - 1, after this frame */
};

/* Decode one little-endian 6-byte entry. */
void orc_decode(const struct orc_format *f, const uint8_t raw[ORC_ENTRY_SIZE], struct orc_entry *e);

/* One table: n s32 ip offsets (each relative to its own address), sorted,
 * and n entries. */
struct orc_table {
	uint64_t ip_table, orc_table, n;
};

/* The entry covering ip: the last whose address is <= ip. 0; 1 when ip lies
 * before the first entry; a negative status from rd (*bad the address). */
int orc_find(const struct orc_table *t, const struct orc_format *f, orc_read_fn *rd, void *arg, uint64_t ip,
	     struct orc_entry *e, uint64_t *bad);

/* Whether a module's table is believable: n > 0, and both its ip table
 * (n * 4 bytes) and its entries (n * 6) lie whole inside one of the
 * nregions memory ranges [lo[i], hi[i]) of the module. 1 yes, 0 no. */
int orc_table_within(const struct orc_table *t, const uint64_t *lo, const uint64_t *hi, unsigned nregions);

/* Which register numbering the table uses (f->numbering), from the
 * tables themselves: in every kernel nearly every call frame finds its
 * CFA from the stack pointer and, where it saved one, the caller's frame
 * pointer from PREV_SP; the most common raw numbers of both among about
 * samples entries, in runs of up to 32 consecutive ones spread over the
 * table, must name SP and PREV_SP in one
 * numbering. 0: found; 1: neither fits (*raw_sp, *raw_bp the most common
 * raw numbers, *ncall the CALL entries seen); negative: unreadable (*bad). */
int orc_detect_numbering(const struct orc_table *t, struct orc_format *f, orc_read_fn *rd, void *arg,
			 unsigned samples, unsigned *raw_sp, unsigned *raw_bp, unsigned *ncall, uint64_t *bad);

/* Whether code in [lo, hi) ever saves the frame pointer (an entry there
 * says where the caller's bp is): 1 yes (or too many entries to tell), 0
 * never, so bp holds the caller's value all through; negative: unreadable
 * (*bad). */
int orc_saves_bp(const struct orc_table *t, const struct orc_format *f, orc_read_fn *rd, void *arg, uint64_t lo,
		 uint64_t hi, uint64_t *bad);

/* Why a walk ended. */
enum unw_stop {
	UNW_OK = 0,            /* not stopped */
	UNW_END,               /* end of stack (ORC says so) */
	UNW_USER,              /* the next frame is in user mode */
	UNW_UNREADABLE,        /* memory at addr could not be read */
	UNW_NO_ORC,            /* no ORC entry for addr (not kernel text) */
	UNW_MODULE,            /* addr is module code whose ORC tables are missing or not believable */
	UNW_UNDEFINED,         /* ORC marks addr undefined: no reliable unwind */
	UNW_BAD_ORC,           /* an ORC entry with a register or type we do not know */
	UNW_NO_REG,            /* the entry needs a register value we do not have */
	UNW_BACKWARDS,         /* the stack pointer went down (a loop) */
	UNW_OFF_STACK,         /* addr is on no stack the task or CPU owns */
	UNW_STACK_LOOP,        /* back onto a stack the walk had left */
	UNW_DEPTH,             /* too many frames */
	UNW_STOP_COUNT
};

/* A stack: [lo, hi); kind is the caller's label (task, IRQ, NMI...), bit
 * number for the loop check (below 32). */
struct unw_stack {
	uint64_t lo, hi;
	int kind;
};

/* Where struct pt_regs keeps what the walk reads (byte offsets), its size,
 * and how user mode shows in its code segment. */
struct unw_regs_layout {
	size_t size;
	size_t ip, sp, bp, cs, r10, r13, di, dx;
	uint64_t user_mode_mask;
};

struct unw_ops {
	orc_read_fn *read;
	/* The ORC entry for ip: 0, or an enum unw_stop (UNW_NO_ORC,
	 * UNW_MODULE, UNW_UNREADABLE with *bad). */
	int (*find)(void *arg, uint64_t ip, struct orc_entry *e, uint64_t *bad);
	/* Whether ip is kernel text (core or module): a frame is listed only
	 * then. */
	int (*is_text)(void *arg, uint64_t ip);
	/* The stack holding [addr, addr + len): 0 and *s, or -1. */
	int (*stack_of)(void *arg, uint64_t addr, size_t len, struct unw_stack *s);
	void *arg;
	struct unw_regs_layout regs;
	/* SP_INDIRECT: the caller's sp is *(sp + offset) (kernels before
	 * 5.12) rather than *sp + offset. */
	int sp_indirect_old;
	unsigned max_depth;   /* 0: 512 */
};

struct unw_state {
	uint64_t ip, sp, bp;
	int bp_known;
	int signal;            /* ip is where the CPU was interrupted, not a return address */
	uint64_t regs;         /* struct pt_regs of the last REGS or REGS_PARTIAL frame; 0: none
				  (after a stop at user mode: the user registers') */
	size_t regs_from;      /* its bytes valid from here (a partial frame's: from the ip) */
	int full_regs;
	uint64_t prev_regs;    /* the full pt_regs before a partial one */
	uint64_t slot;         /* where ip was read from; 0 for registers */
	struct unw_stack stack;
	uint32_t left;         /* stack kinds the walk has left */
	unsigned depth;
	/* After a stop: */
	int stop;              /* enum unw_stop */
	uint64_t stop_addr;
};

/* Start at registers (signal: ip is exact, as from an interrupt or a
 * register snapshot; 0: ip is a return address). 0, or an enum unw_stop
 * when sp is on no stack. */
int unw_start(const struct unw_ops *o, struct unw_state *s, uint64_t ip, uint64_t sp, uint64_t bp, int bp_known,
	      int signal);
/* One step to the caller: 1 with the new frame in s, or 0 with s->stop
 * and s->stop_addr set. */
int unw_next(const struct unw_ops *o, struct unw_state *s);
/* "end of stack", "user mode", ... */
const char *unw_stop_text(int stop);

#endif
