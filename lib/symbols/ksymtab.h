/*
 * The kernel's table of exported symbols (EXPORT_SYMBOL and
 * EXPORT_SYMBOL_GPL: the __ksymtab and __ksymtab_gpl sections), read from
 * the dump, for kernels whose kallsyms lists code only: their exported
 * variables (jiffies, init_task, init_net, __per_cpu_offset...) are named
 * there and nowhere else in memory.
 *
 * Each entry is three place-relative 32-bit offsets (struct kernel_symbol
 * with CONFIG_HAVE_ARCH_PREL32_RELOCATIONS, which x86_64 and arm64 use):
 * the symbol, its name and its namespace, both names in __ksymtab_strings
 * after the tables; each section is sorted by name. The table is found by
 * an entry that points at a known exported symbol (kfree, from kallsyms;
 * init_uts_ns, from VMCOREINFO) and is named so, grown both ways while the
 * entries stay well formed and sorted, and accepted only if both anchors are
 * in it at their addresses.
 */
#ifndef CORE2_KSYMTAB_H
#define CORE2_KSYMTAB_H

#include "../internal.h"

struct ksymtab;

/* Anchors: name and address of two exported symbols known otherwise. */
struct ksym_anchor {
	const char *name;
	uint64_t addr;
};

/* 0 and *out when the table lies in [lo, hi); C2_ENOENT with the reason in
 * the handle's error when not; < 0 on other errors. */
int ksymtab_find(struct c2 *c2, uint64_t lo, uint64_t hi, const struct ksym_anchor anchors[2], struct ksymtab **out);
/* The exported symbol's address: 0, or C2_ENOENT when the kernel does not
 * export that name. */
int ksymtab_lookup(const struct ksymtab *t, const char *name, uint64_t *addr);
/* Where the table lies and how many entries it has (for -v). */
void ksymtab_describe(const struct ksymtab *t, uint64_t *start, size_t *n);
void ksymtab_free(struct ksymtab *t);

/* For tests: the same over bytes already read, base their address. */
int ksymtab_parse(struct c2 *c2, const uint8_t *buf, uint64_t base, size_t len, uint64_t hi, uint64_t entry,
		  const struct ksym_anchor anchors[2], struct ksymtab **out);

#endif
