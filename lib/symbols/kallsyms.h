/*
 * The kernel's own symbol table (kallsyms), decoded from its memory.
 *
 * Layout facts (scripts/kallsyms.c, kernel/kallsyms.c): kallsyms_names holds
 * one entry per symbol, in address order: a length (one byte, or two when the
 * first has its top bit set) and that many token numbers; kallsyms_token_table
 * and kallsyms_token_index expand a token to text. The first character of a
 * symbol is its type. kallsyms_markers gives the names offset of every 256th
 * symbol; kallsyms_seqs_of_names (6.2+) lists symbol numbers in name order.
 * Addresses come from kallsyms_addresses (absolute), or kallsyms_offsets read
 * relative to kallsyms_relative_base (with or without absolute per-cpu
 * symbols) or relative to each entry's own place.
 */
#ifndef CORE2_KALLSYMS_H
#define CORE2_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

#define KSYM_NAME_MAX 512

/* How memory is read: the kallsyms code is independent of the dump layer so
 * that it can be tested and fuzzed on a synthetic image. Returns 0 or < 0. */
typedef int ks_read_fn(void *arg, uint64_t addr, void *buf, size_t len);

enum ks_encoding {
	KS_ABSOLUTE,        /* kallsyms_addresses[] */
	KS_RELATIVE,        /* relative_base + (u32)offset */
	KS_RELATIVE_PERCPU, /* offset >= 0: absolute per-cpu; else relative_base - 1 - offset */
	KS_PLACE_RELATIVE,  /* &offsets[i] + (s32)offset */
};

/* Where the tables are; 0 for an absent one. From VMCOREINFO. */
struct ks_layout {
	uint64_t names, num_syms, token_table, token_index;
	uint64_t addresses, offsets, relative_base;
};

struct ks_sym {
	uint64_t addr;
	char type;
	char name[KSYM_NAME_MAX];
	uint32_t index;    /* position in address order */
};

struct kallsyms;

/* Read the small tables and check them. err gets a message on failure. */
int ks_open(struct kallsyms **out, const struct ks_layout *l, ks_read_fn *rd, void *arg,
	    char *err, size_t errlen);
void ks_close(struct kallsyms *ks);
/*
 * Kernels before 6.0 do not say in VMCOREINFO where kallsyms is. Their
 * scripts/kallsyms.c writes, each 8-byte aligned: kallsyms_offsets (u32 per
 * symbol; kallsyms_addresses, u64, without KALLSYMS_BASE_RELATIVE),
 * kallsyms_relative_base (u64), kallsyms_num_syms (u32), kallsyms_names,
 * kallsyms_markers (u32, or u64 on older kernels, per 256 symbols),
 * kallsyms_token_table (256 NUL-terminated strings), kallsyms_token_index
 * (256 u16). Find them in [lo, hi) (the kernel image: .rodata), searching
 * backwards for the token index (0, then steps of a token's length plus
 * one), then each table before it, checked against the next: the strings
 * against the index, the markers against the names. Absolute addresses
 * (no kallsyms_relative_base) are told from a base only when the value
 * before num_syms is no kernel address (below kstart, the architecture's
 * lowest kernel address); x86_64 has had base-relative tables since 4.6.
 * 0 and *out filled, or C2_ENOENT.
 */
int ks_locate(ks_read_fn *rd, void *arg, uint64_t kstart, uint64_t lo, uint64_t hi, struct ks_layout *out, char *err,
	      size_t errlen);

uint32_t ks_count(const struct kallsyms *ks);
enum ks_encoding ks_encoding(const struct kallsyms *ks);
const char *ks_encoding_name(enum ks_encoding e);
/* Whether a name-ordered index (kallsyms_seqs_of_names) was found. */
int ks_has_name_index(const struct kallsyms *ks);

/*
 * Confirm (or choose among) the address encodings by checking that symbol
 * number idx, whose address is known independently (VMCOREINFO), decodes to
 * that address. Returns 0, or C2_EFORMAT when no encoding gives it.
 */
int ks_confirm(struct kallsyms *ks, uint32_t idx, uint64_t addr);

/* Find symbol name at address addr among the first symbols only (where
 * _stext sits), under any offset encoding; *idx is UINT32_MAX when it is not
 * there. Cheap: one page of offsets. */
int ks_find_early(struct kallsyms *ks, const char *name, uint64_t addr, uint32_t *idx);

/* Look names up; found[i] gets the index of names[i] or UINT32_MAX. Uses the
 * name index when present, else one pass over the names table. */
int ks_find(struct kallsyms *ks, const char *const *names, size_t n, uint32_t *found);
/* Decode symbol number i. */
int ks_get(struct kallsyms *ks, uint32_t i, struct ks_sym *out);
int ks_address(struct kallsyms *ks, uint32_t i, uint64_t *addr);
/* Distance from symbol i to the next higher address (0 when unknown, or
 * when the next lies in the other half of the address space). */
uint64_t ks_size(struct kallsyms *ks, uint32_t i);
/* Visit every symbol in address order; cb returns nonzero to stop (and that
 * value is returned). */
int ks_foreach(struct kallsyms *ks, int (*cb)(void *arg, const struct ks_sym *s), void *arg);
/* The symbol containing addr: the last one at or below it (builds a sorted
 * address index once). size is the distance to the next higher address. */
int ks_lookup_addr(struct kallsyms *ks, uint64_t addr, struct ks_sym *out, uint64_t *size);

/* Message of the last failure. */
const char *ks_error(const struct kallsyms *ks);

#endif
