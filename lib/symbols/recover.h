/*
 * Kernel variables a symbol table without data symbols lacks, found in the
 * dump's memory instead (recover.c; init_task, modules and
 * saved_command_line, whose searches need types or the log, through the
 * handle: walk/variables.c). A kernel built without
 * CONFIG_KALLSYMS_ALL (Debian 12's arm64 kernel) lists only its code in
 * kallsyms: no init_task, no __start_BTF. Each variable is found by what it
 * holds, checked until no other object could match: the BTF by its header
 * between the code and the init code, init_task by the task that is its own
 * parent, the modules list by the head a module's list points back to,
 * saved_command_line by the string the boot log shows.
 * VMCOREINFO's SYMBOL() entries are taken as they are; the variables the
 * kernel exports to modules, from its export table.
 */
#ifndef CORE2_RECOVER_H
#define CORE2_RECOVER_H

#include "../internal.h"

struct recovery;

/* Whether name is one recover_symbol may find: the variables above, and
 * those VMCOREINFO lists with SYMBOL() (init_uts_ns, prb, mem_section...). */
int recover_knows(struct c2 *c2, const char *name);
/* 0 and *out when found (cached in *r, created at first use); C2_ENOENT
 * when not there, with the reason in the handle's error; < 0 on others.
 * With exports, any other name is looked for among the exported symbols
 * (recover_exported) before VMCOREINFO. */
int recover_symbol(struct c2 *c2, struct recovery **r, const char *name, int exports, struct c2_sym *out);
/* The same for any other name, from the kernel's table of exported
 * symbols (ksymtab.h): jiffies, init_net... Found at first use, and only
 * for the names a user asks for (its search reads a few MB). */
int recover_exported(struct c2 *c2, struct recovery **r, const char *name, struct c2_sym *out);
/* The exported symbol at addr (offset 0), from the same table: 0 and *out;
 * C2_ENOENT when no export starts there, with the nearest one below named
 * in the handle's error. */
int recover_exported_at(struct c2 *c2, struct recovery **r, uint64_t addr, struct c2_sym *out);
void recovery_free(struct recovery *r);
/* The bytes the BTF search read, once, if the BTF found starts at start:
 * *buf and *len for bigbuf_free, the BTF at *btf. */
int recover_take_btf(struct recovery *r, uint64_t start, void **buf, size_t *len, const uint8_t **btf);

#endif
