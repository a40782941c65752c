/*
 * libcore2: read a Linux kernel's memory (live /proc/kcore, /proc/vmcore in a
 * capture kernel, or a saved dump file) without debuginfo.
 *
 * Conventions: every call that can fail returns 0 on success or a negative
 * C2_E* code; the text of the last error waits in the handle (c2_error()).
 * Nothing here prints or exits. Kernel addresses are uint64_t.
 */
#ifndef CORE2_H
#define CORE2_H

#include <stddef.h>
#include <stdint.h>

enum c2_status {
	C2_OK = 0,
	C2_ENOMEM = -1,   /* out of memory */
	C2_EIO = -2,      /* the file could not be read (errno text in message) */
	C2_EFORMAT = -3,  /* not a recognized dump, or corrupt */
	C2_ENOENT = -4,   /* a name, key or symbol is not there */
	C2_ENODATA = -5,  /* memory not present in the dump (e.g. filtered out) */
	C2_EINVAL = -6,   /* bad argument */
	C2_EPERM = -7,    /* permission denied */
	C2_ETYPE = -8,    /* a type assertion failed */
};

struct c2;

/* Receives one line of diagnostics (which sources were used and why). */
typedef void c2_diag_fn(void *arg, const char *msg);

/* Allocate a handle; NULL only when out of memory. */
struct c2 *c2_new(void);
void c2_free(struct c2 *c2);
const char *c2_error(const struct c2 *c2);
void c2_set_diag(struct c2 *c2, c2_diag_fn *fn, void *arg);

/*
 * Open the target: npaths files making up one dump (a split dump is several
 * files, in any order). npaths == 0 picks /proc/vmcore when it exists (we run
 * in a capture kernel), else /proc/kcore. Files are opened read-only.
 */
int c2_open(struct c2 *c2, const char *const *paths, int npaths);
/* The file that was opened (the first one for a split dump). */
const char *c2_path(const struct c2 *c2);
/* Human-readable dump format, e.g. "ELF dump, 64-bit" or "diskdump". */
const char *c2_format(struct c2 *c2);

/* Reads by kernel virtual address and by physical address. */
int c2_read(struct c2 *c2, uint64_t addr, void *buf, size_t len);
int c2_read_phys(struct c2 *c2, uint64_t paddr, void *buf, size_t len);
int c2_read_u8(struct c2 *c2, uint64_t addr, uint8_t *v);
int c2_read_u16(struct c2 *c2, uint64_t addr, uint16_t *v);
int c2_read_u32(struct c2 *c2, uint64_t addr, uint32_t *v);
int c2_read_u64(struct c2 *c2, uint64_t addr, uint64_t *v);
/* Read a NUL-terminated string of at most max-1 bytes into buf (max >= 1).
 * A string longer than that is cut and C2_OK is still returned; *len (when
 * not NULL) gets the length read. */
int c2_read_cstr(struct c2 *c2, uint64_t addr, char *buf, size_t max, size_t *len);

/* VMCOREINFO of the dumped kernel: the raw text (owned by the handle). */
const char *c2_vmcoreinfo_raw(struct c2 *c2);
/* The value of KEY (the text before '='); owned by the handle. */
int c2_vmcoreinfo(struct c2 *c2, const char *key, const char **val);
/* KEY's value parsed as a number: base 16 for SYMBOL(...) and KERNELOFFSET,
 * base 10 otherwise (as the kernel writes them). */
int c2_vmcoreinfo_num(struct c2 *c2, const char *key, uint64_t *val);

/*
 * Symbols. Sources, in order: a file given with c2_set_symbols_file()
 * (System.map or /proc/kallsyms format); kallsyms decoded from the dump's
 * memory (located through VMCOREINFO); /proc/kallsyms when the target is the
 * running kernel; VMCOREINFO's SYMBOL() entries. Addresses are as the
 * running kernel saw them (KASLR applied).
 */
#define C2_SYM_NAME_MAX 512
struct c2_sym {
	uint64_t addr;
	uint64_t size;       /* to the next higher symbol; 0 when unknown */
	char type;           /* as in /proc/kallsyms; '?' when unknown */
	char name[C2_SYM_NAME_MAX];
	char module[64];     /* "" for the kernel itself */
};

int c2_set_symbols_file(struct c2 *c2, const char *path);
/* Which source is used, e.g. "kallsyms in the dump's memory (...)". */
const char *c2_sym_source(struct c2 *c2);
/* Look up n names at once (one pass where the table must be scanned).
 * found[i] is set to 1 or 0; out[i] is filled for found names. */
int c2_sym_lookup_many(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found);
/* One name; C2_ENOENT when absent. */
int c2_sym_lookup(struct c2 *c2, const char *name, struct c2_sym *out);
/* The symbol containing addr; *offset gets addr - out->addr. */
int c2_sym_resolve(struct c2 *c2, uint64_t addr, struct c2_sym *out, uint64_t *offset);
/* Every symbol in address order; a nonzero return of cb stops and is returned. */
int c2_sym_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_sym *s), void *arg);

/* Types from a BTF or CTF file (recognized by its magic); checked at once. */
int c2_set_types_file(struct c2 *c2, const char *path);

/* Versions of core2's library and the libraries linked into it. */
const char *c2_library_versions(void);

#endif
