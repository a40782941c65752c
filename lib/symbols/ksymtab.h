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

#include <stddef.h>
#include <stdint.h>

#include "../core2.h"

struct ksymtab;

/* The memory the table is read from: all of [addr, addr + len) or < 0;
 * the dump's byte order; where an error's reason is written. */
typedef int ksym_read_fn(void *arg, uint64_t addr, void *buf, size_t len);
struct ksym_mem {
	ksym_read_fn *read;
	void *arg;
	int big_endian;
	char *err;
	size_t errlen;
};

/* Anchors: name and address of two exported symbols known otherwise. */
struct ksym_anchor {
	const char *name;
	uint64_t addr;
};

/* 0 and *out when the table lies in [lo, hi); C2_ENOENT with the reason in
 * m->err when not; C2_ENOMEM. */
int ksymtab_find(const struct ksym_mem *m, uint64_t lo, uint64_t hi, const struct ksym_anchor anchors[2],
		 struct ksymtab **out);
/* The exported symbol's address: 0, or C2_ENOENT when the kernel does not
 * export that name. */
int ksymtab_lookup(const struct ksymtab *t, const char *name, uint64_t *addr);
/* The exported symbol at the highest address at or below addr: 0 with its
 * name (in the table's memory, valid while t lives) and address, or
 * C2_ENOENT when none lies at or below addr. */
int ksymtab_at_or_below(const struct ksymtab *t, uint64_t addr, const char **name, uint64_t *value);
/* Where the table lies and how many entries it has (for -v). */
void ksymtab_describe(const struct ksymtab *t, uint64_t *start, size_t *n);
void ksymtab_free(struct ksymtab *t);

/* For tests: the table with an entry at entry in bytes already read (len
 * at base), its names below hi. */
int ksymtab_parse(const struct ksym_mem *m, const uint8_t *buf, uint64_t base, size_t len, uint64_t hi,
		  uint64_t entry, const struct ksym_anchor anchors[2], struct ksymtab **out);

#endif
