/* What lib/'s parts share with each other and never with applets. */
#ifndef CORE2_INTERNAL_H
#define CORE2_INTERNAL_H

#include <stdarg.h>

#include "core2.h"
#include "arch/arch.h"
#include "dump/vmcoreinfo.h"

#define C2_MAX_FILES 16

struct c2 {
	char err[512];
	c2_diag_fn *diag;
	void *diag_arg;

	void *kdump;                  /* kdump_ctx_t *, private to dump/ */
	const struct arch *arch;      /* the dump's architecture, set when it opens */
	uint64_t page_size;           /* the dump's kernel's, from arch or VMCOREINFO */
	unsigned va_bits;             /* from VMCOREINFO where arch lets it vary, else 0 */
	uint64_t kernel_start;        /* arch->kernel_start narrowed by va_bits */
	uint64_t pac_mask;            /* pointer-authentication bits of a kernel return address */
	int fds[C2_MAX_FILES];
	int nfds;
	char *path;
	char *format;
	struct fastread *fast;        /* dump/fastread.c, set up at first large read */
	int fast_tried;

	char *symbols_file;
	struct symtab *syms;          /* symbols.c */

	struct typesrc *types;        /* types.c, created at first use */
	char types_module[64];        /* c2_set_types_module: "" any */

	struct stackwalk *stack;      /* walk/stack.c, created at first use */

	char *vmci_raw;
	struct vmci vmci;
	int vmci_loaded;
};

/* Set the handle's error text and return code (for `return c2_fail(...)`). */
int c2_fail(struct c2 *c2, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Send one diagnostics line to the caller's callback, if any. */
void c2_diagf(struct c2 *c2, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether the target is the running kernel (/proc/kcore): its CPUs have
 * no saved registers, and what it holds changes while it is read. */
int dump_is_live(const struct c2 *c2);

/* Visit [lo, hi) of kernel memory in chunks, from the top when down is
 * set: fn gets each chunk at addr with up to DUMP_SCAN_OVERLAP bytes after
 * it (a pattern spanning two chunks is seen whole), unreadable pages as
 * zeros, and returns 1 to stop, 0 to go on, < 0 on errors. With region
 * (hi - lo bytes), the chunks are read into it where they belong and
 * stay. 0 when fn stopped, C2_ENOENT when it never did, < 0 on errors
 * (dump/scan.c). */
#define DUMP_SCAN_OVERLAP 32
typedef int dump_scan_fn(struct c2 *c2, void *arg, uint64_t addr, const uint8_t *p, size_t len);
int dump_scan(struct c2 *c2, uint64_t lo, uint64_t hi, int down, uint8_t *region, dump_scan_fn *fn, void *arg);

/* A buffer of len bytes for large reads (bigbuf.c); NULL when out of
 * memory. bigbuf_free() takes the same len. */
void *bigbuf_alloc(size_t len);
/* The same, its pages left to be touched as they are used (a buffer read
 * on demand). */
void *bigbuf_reserve(size_t len);
void bigbuf_free(void *p, size_t len);

/* What each part frees when the handle does (handle.c). */
void dump_close(struct c2 *c2);
struct symtab;
void symtab_free(struct symtab *t);
struct typesrc;
void typesrc_free(struct typesrc *t);
struct stackwalk;
void stackwalk_free(struct stackwalk *w);
/* Module symbols, for the symbol table: every symbol of every loaded module
 * in /proc/kallsyms order (walk/modules_glue.c; symbols/ reaches it through
 * the handle, since the walk itself looks symbols up). *skipped counts
 * what could not be read. */
typedef int c2_modsym_fn(void *arg, const struct c2_module *m, uint64_t addr, char type, const char *name);
/* Every module's symbols, or (addr not 0) those of the module whose memory
 * holds addr only. */
int handle_module_symbols(struct c2 *c2, uint64_t addr, c2_modsym_fn *add, void *arg, uint64_t *skipped);
int modules_load_symbols(struct c2 *c2, uint64_t addr, c2_modsym_fn *add, void *arg, uint64_t *skipped);
/* Module BTF for the type layer, which reaches the module walk through the
 * handle: each module's split BTF as the kernel keeps it (walk/modules_glue.c:
 * btf_modules, then mod->btf_data where set). start_id is the kernel's
 * record of the first type id (0 when unknown); err says why an entry
 * cannot be used. */
struct c2_modbtf {
	const char *name;
	uint64_t data, size;
	uint32_t start_id;
	const char *err;
};
typedef int c2_modbtf_fn(void *arg, const struct c2_modbtf *m);
int handle_module_btf(struct c2 *c2, c2_modbtf_fn *fn, void *arg);
int modules_btf_foreach(struct c2 *c2, c2_modbtf_fn *fn, void *arg);
/* vmlinux's BTF as the kernel numbered it (types.c), for finding module
 * BTF by content: its count of ids (void included) and the length of its
 * string section; C2_ENOENT where the count is not known cheaply. */
int types_vmlinux_counts(struct c2 *c2, uint32_t *ids, uint32_t *str_len);
/* Kernel variables the symbols lack, found in memory by what they hold
 * (walk/variables.c: init_task, modules): the symbol table (symbols/
 * recover.c) asks through the handle, since the search needs types and
 * symbols. C2_ENOENT, with the reason in the handle's error, when not
 * found or not a name it knows. */
int handle_find_variable(struct c2 *c2, const char *name, uint64_t *addr);
int walk_find_variable(struct c2 *c2, const char *name, uint64_t *addr);
/* Whether the struct module at mod lies inside one of the memory regions
 * it records (its own allocation, as every loaded module's does):
 * walk/modules_glue.c, for the search of the modules list. */
int modules_holds_itself(struct c2 *c2, uint64_t mod);
/* Whether addr may lie in a module: inside the architecture's modules area,
 * near enough the kernel where it says how far modules reach (symbols.c). */
int sym_in_modules_area(struct c2 *c2, uint64_t addr);
/* The addresses of two linker symbols of the kernel's own, a below b
 * (symbols/recover.c); C2_ENOENT naming both when not so. */
int sym_bounds(struct c2 *c2, const char *a, const char *b, uint64_t *lo, uint64_t *hi);
/* The addresses the code of the kernel function fn makes, as the back end
 * reads them (struct arch_code_addr: an address, or a word holding one):
 * 0, *out (free it) and *n; C2_ENOENT when the symbols lack fn or the back
 * end reads no code; other errors. Candidates only: check what lies there. */
int sym_code_addrs(struct c2 *c2, const char *fn, struct arch_code_addr **out, size_t *n);
/* Whether addr lies in the kernel's data, as the linker bounds it (.data,
 * .rodata, .bss, the init sections, the per-cpu area): SYM_IN_DATA (*range
 * names the range's first bound), SYM_NOT_DATA, or SYM_DATA_UNKNOWN when the
 * symbols hold none of the bounds; < 0 on errors. */
enum { SYM_NOT_DATA, SYM_IN_DATA, SYM_DATA_UNKNOWN };
int sym_data_range(struct c2 *c2, uint64_t addr, const char **range);
/* c2_sym_lookup_core of a kernel global, with the bounds sym_data_range
 * needs looked up in the same pass (one scan of a names table without an
 * index). */
int sym_lookup_global(struct c2 *c2, const char *name, struct c2_sym *out);
/* c2_sym_lookup_many among the core kernel's symbols only: for the
 * kernel's own variables and linker bounds, which a module never defines.
 * A name the kernel lacks is not found, without loading every module's
 * symbols (and the type information for struct module) to learn so. */
int sym_lookup_many_core(struct c2 *c2, const char *const *names, size_t n, struct c2_sym *out, int *found);
/* Whether the symbols, once loaded, list code only (no CONFIG_KALLSYMS_ALL):
 * every variable core2 knows then came from VMCOREINFO or from memory. */
int sym_code_only(struct c2 *c2);
/* For a message on a missing kernel variable: "" or why the symbols lack
 * every variable, in parentheses after a space. */
const char *sym_missing_note(struct c2 *c2);
/* The kernel's BTF as the symbols' search for __start_BTF read it, when
 * they found it in memory (symbols/recover.c) and it starts at start: *buf
 * and *len are then the caller's (bigbuf_free), the BTF at *btf. */
int sym_take_btf(struct c2 *c2, uint64_t start, void **buf, size_t *len, const uint8_t **btf);
/* c2_assert_global on a symbol already looked up (s, its size may be
 * filled in). */
int types_check_global(struct c2 *c2, const char *name, struct c2_sym *s, int kind, int64_t size, int is_signed,
		       int *strength);

#endif
