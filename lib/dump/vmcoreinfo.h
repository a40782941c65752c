/*
 * VMCOREINFO text parser: "KEY=VALUE" lines as the kernel writes them
 * (kernel/crash_core.c). Independent of libkdumpfile so that it can be unit
 * tested and fuzzed on its own.
 */
#ifndef CORE2_VMCOREINFO_H
#define CORE2_VMCOREINFO_H

#include <stddef.h>
#include <stdint.h>

struct vmci_entry {
	const char *key;
	const char *val;
};

struct vmci {
	char *text;                 /* private copy, NULs cut in at '=' and '\n' */
	struct vmci_entry *ent;     /* sorted by key */
	size_t n;
};

/* Parse len bytes of text (need not be NUL-terminated). Lines without '='
 * and empty keys are skipped. Returns 0 or C2_ENOMEM. */
int vmci_parse(struct vmci *v, const char *text, size_t len);
void vmci_free(struct vmci *v);
/* NULL when key is absent; when a key repeats, its first value wins. */
const char *vmci_get(const struct vmci *v, const char *key);
/* Parse a value as an unsigned number in the given base; the whole value
 * must be a number. Returns 0, C2_ENOENT or C2_EFORMAT. */
int vmci_num(const struct vmci *v, const char *key, int base, uint64_t *out);

#endif
