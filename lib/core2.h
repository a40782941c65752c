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
	C2_ETIMEDOUT = -9, /* a walk's deadline passed; what it found so far was given */
	C2_ENOTSUP = -10, /* not supported (yet) for this dump's architecture */
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
/* The same among the core kernel's symbols only: a name it lacks is
 * C2_ENOENT without loading every module's symbols (which costs the
 * type information for struct module), for questions about the kernel
 * itself, e.g. whether it has a variable. */
int c2_sym_lookup_core(struct c2 *c2, const char *name, struct c2_sym *out);
/* The symbol containing addr; *offset gets addr - out->addr. */
int c2_sym_resolve(struct c2 *c2, uint64_t addr, struct c2_sym *out, uint64_t *offset);
/* The same, and where the kernel's symbols list code only (no
 * CONFIG_KALLSYMS_ALL), an address past the code that an exported variable
 * starts at: that variable, size 0 (unknown); otherwise C2_ENOENT naming
 * the nearest export below. Its first use searches the export table (a few
 * MB read): for addresses a user gives. */
int c2_sym_resolve_exported(struct c2 *c2, uint64_t addr, struct c2_sym *out, uint64_t *offset);
/* Every symbol in address order; a nonzero return of cb stops and is returned. */
int c2_sym_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_sym *s), void *arg);

/* Types from a BTF or CTF file (recognized by its magic); checked at once. */
int c2_set_types_file(struct c2 *c2, const char *path);

/*
 * Types. Sources, in order: a file given with c2_set_types_file(); BTF in the
 * dump's own memory, between the symbols __start_BTF and __stop_BTF; and
 * /sys/kernel/btf/vmlinux when the target is /proc/kcore and the running
 * kernel is provably the same (its build id, or else its release, equals
 * the target's VMCOREINFO). With a types file, no target needs to be open.
 *
 * A type is named by its id (0 is void), valid while the handle lives.
 * Member offsets count from the start of the outermost type; a bitfield's
 * offset is its bit_offset / 8 rounded down.
 */
enum c2_kind {
	C2_KIND_VOID = 0, C2_KIND_INT, C2_KIND_PTR, C2_KIND_ARRAY, C2_KIND_STRUCT, C2_KIND_UNION,
	C2_KIND_ENUM, C2_KIND_FWD, C2_KIND_TYPEDEF, C2_KIND_VOLATILE, C2_KIND_CONST, C2_KIND_RESTRICT,
	C2_KIND_FUNC, C2_KIND_FUNC_PROTO, C2_KIND_VAR, C2_KIND_DATASEC, C2_KIND_FLOAT, C2_KIND_DECL_TAG,
	C2_KIND_TYPE_TAG, C2_KIND_ENUM64,
};
#define C2_ANY (-1)   /* in assumptions: no requirement */

struct c2_type {
	uint32_t id;
	int kind;
	const char *name;     /* "" when anonymous; owned by the handle */
	uint64_t size;        /* bytes (typedefs: of what they name); 0 if none */
	uint32_t type;        /* ptr, typedef, qualifier, var: the type referred
				 to; array: the element; func_proto: return */
	uint32_t nelems;      /* array */
	uint32_t nmembers;    /* struct, union: members; enum: enumerators;
				 func_proto: parameters */
	int is_signed;        /* int, enum */
	int is_char;          /* a one-byte int named like char */
};

struct c2_member {
	const char *name;     /* "" for an anonymous struct or union */
	uint32_t type;
	uint64_t offset;      /* bytes */
	uint64_t bit_offset;  /* bits */
	uint32_t bit_size;    /* 0 unless a bitfield */
	uint64_t size;        /* bytes of the member's type */
};

/* Which source answers, e.g. "BTF in the dump's memory (...)"; NULL when
 * there is none (c2_error says why). */
const char *c2_types_source(struct c2 *c2);
/* Number of type ids (void included). */
int c2_type_count(struct c2 *c2, uint32_t *n);
/* "task_struct", "struct task_struct", "union x", "enum x", a typedef or a
 * base type ("unsigned int"). A bare name prefers struct, union, typedef,
 * enum, then base types; complete types over forward declarations. */
int c2_type_find(struct c2 *c2, const char *name, uint32_t *id);
/* c2_type_find, then where vmlinux's types lack the name, the split BTF of
 * the loaded modules in the dump's memory (btf_modules; mod->btf_data where
 * set), read only then: the module chosen with c2_set_types_module, else
 * the first that has it. Split type ids continue vmlinux's numbering, as
 * the kernel's; since they overlap between modules, one module's types are
 * in use per handle (a name in another is an error naming both). */
int c2_type_lookup(struct c2 *c2, const char *name, uint32_t *id);
/* The module whose types c2_type_lookup uses; "" any. */
int c2_set_types_module(struct c2 *c2, const char *name);
/* The first type id of the types in use: 1, or with a module chosen (which
 * this loads) the first of its split BTF; *module (may be NULL) its name
 * or NULL. Ids first .. c2_type_count()-1 are then that module's own. */
int c2_type_first(struct c2 *c2, uint32_t *first, const char **module);
int c2_type_get(struct c2 *c2, uint32_t id, struct c2_type *out);
/* Skip typedefs, qualifiers and type tags. */
int c2_type_resolve(struct c2 *c2, uint32_t id, uint32_t *out);
/* The C name ("struct list_head *", "char [16]"); with var, a declaration
 * of var ("char comm[16]"). */
int c2_type_name(struct c2 *c2, uint32_t id, const char *var, char *buf, size_t len);
/* Member i of a struct or union (typedefs resolved), as declared. */
int c2_type_member(struct c2 *c2, uint32_t id, uint32_t i, struct c2_member *out);
/* A member path: "d_name.name", "comm[3]", members of anonymous structs and
 * unions by their own names. */
int c2_type_member_path(struct c2 *c2, uint32_t id, const char *path, struct c2_member *out);
/* Enumerator i of an enum (typedefs resolved). */
int c2_type_enumerator(struct c2 *c2, uint32_t id, uint32_t i, const char **name, int64_t *value);
/* The value of an enumerator, in the enum id, or (id 0) in any enum. */
int c2_type_enum_value(struct c2 *c2, uint32_t id, const char *name, int64_t *value);

/*
 * Type assertions: what an applet assumes about a layout, checked before it
 * reads memory. A violation is C2_ETYPE with a message naming the type, the
 * expected and the found layout.
 */
struct c2_assumption {
	const char *type;     /* "dentry" or "struct dentry" */
	const char *member;   /* "d_name.name"; NULL or "": the type itself */
	int kind;             /* C2_KIND_* after typedefs and qualifiers, or C2_ANY */
	int64_t size;         /* bytes, or C2_ANY */
	int is_signed;        /* for int and enum kinds: 0 or 1, or C2_ANY */
	uint64_t offset;      /* set on success: the member's byte offset */
};
/* Check n assumptions; the first violated one is the error. */
int c2_type_check(struct c2 *c2, struct c2_assumption *a, size_t n);
/* Shorthands: a member's kind and size (offset may be NULL); a type's size. */
int c2_assert_member(struct c2 *c2, const char *type, const char *member, int kind, int64_t size,
		     uint64_t *offset);
int c2_assert_type_size(struct c2 *c2, const char *type, uint64_t size);

/*
 * Global variables have no type in vmlinux BTF: it describes only per-cpu
 * variables (VAR entries in the .data..percpu DATASEC). So an assumption
 * about a global is checked as far as the sources can prove it:
 *  - C2_CHECKED_TYPE: BTF has a VAR of that name; its type was checked like
 *    a member's (kind, size, signedness).
 *  - C2_CHECKED_BOUND: the symbol exists, lies in the kernel's data, and the
 *    next symbol starts at least size bytes after it. The data are what the
 *    linker bounds with symbols: .data (_sdata, _edata), .rodata with
 *    .data..ro_after_init (__start_rodata, __end_rodata), .bss (__bss_start,
 *    __bss_stop), the init sections (__init_begin, __init_end) and the
 *    per-cpu area (__per_cpu_start, __per_cpu_end). The kallsyms type
 *    letter (d, b, r or a capital) decides only when the symbols hold none
 *    of those bounds: 7.x's kallsyms lists variables such as init_task as
 *    T. The distance to the next symbol is only an upper bound of a
 *    variable's size (alignment padding, symbols kallsyms leaves out), so
 *    this can prove a too-small variable wrong but never prove kind or
 *    signedness right.
 *  - C2_CHECKED_NAME: the symbol exists; its kind of symbol and its extent
 *    are unknown (e.g. symbols from VMCOREINFO alone).
 * *strength (may be NULL) gets which; *addr (may be NULL) the address.
 */
enum { C2_CHECKED_TYPE = 1, C2_CHECKED_BOUND, C2_CHECKED_NAME };
int c2_assert_global(struct c2 *c2, const char *name, int kind, int64_t size, int is_signed, int *strength,
		     uint64_t *addr);

/*
 * Typed expressions: a C subset naming an object in memory, e.g.
 * "init_task.comm", "init_task.mm->pgd", "((struct task_struct *)0xffff...)->pid",
 * "init_task.tasks.next", "*(struct list_head *)0xffff...", "x.arr[3]".
 * Grammar: symbols, numbers, '.', '->', '[N]', unary '*' and '&', casts
 * "(struct task_struct *)", "(unsigned long)", and parentheses.
 *
 * Global variables have no type in vmlinux BTF, so a symbol is untyped
 * memory unless sym_type is given (e.g. "struct task_struct") or it is one
 * of the globals core2 knows (c2_known_global_type): a cast gives
 * it a type in place, "(struct task_struct)init_task" being the object at
 * init_task (a core2 extension of C), and "&init_task" its address.
 */
#define C2_UNTYPED UINT32_MAX
struct c2_value {
	uint32_t type;        /* type id as declared; with ptrs > 0 the type
				 pointed to; C2_UNTYPED: no type (a symbol or
				 a number) */
	int ptrs;             /* pointer levels a cast or '&' added over type:
				 "(struct task_struct *)X" has type task_struct
				 and ptrs 1 (BTF need not have that pointer type) */
	int in_memory;        /* 1: an object at addr; 0: a value (value) */
	uint64_t addr;        /* in_memory: where the object is */
	uint64_t bit_offset;  /* a bitfield's first bit, counted from addr */
	uint32_t bit_size;    /* 0 unless a bitfield */
	uint64_t size;        /* bytes (8 with ptrs > 0); 0 untyped or void */
	uint64_t value;       /* !in_memory: the number or address */
};
/* Only the syntax, no handle or types: 0, or C2_EINVAL with the message in
 * err (a malformed expression; a symbol used as a struct, pointer or array
 * while symbols have no type, i.e. typed_symbols == 0, unless core2 knows
 * its type). */
int c2_expr_check(const char *expr, int typed_symbols, char *err, size_t len);
/* Evaluate expr; sym_type (may be NULL) is the type of every symbol in it.
 * Reads memory only to follow pointers; the object itself is left to the
 * caller (out->addr, out->size). */
int c2_eval(struct c2 *c2, const char *expr, const char *sym_type, struct c2_value *out);
/* The type core2 gives a global in expressions without sym_type ("struct
 * task_struct" for init_task; a short list of globals every kernel since
 * 5.0 declares the same way), or NULL. c2_eval checks it against the
 * symbol (data, and no nearer the next symbol than its size) when used. */
const char *c2_known_global_type(const char *sym);
/* The C name of a value's type ("struct task_struct *", "char [16]";
 * "(untyped)" for C2_UNTYPED). */
int c2_value_type_name(struct c2 *c2, const struct c2_value *v, char *buf, size_t len);

/*
 * The kernel log (printk records), oldest first, from the lockless
 * ringbuffer (5.10+) or the older log_buf, located through VMCOREINFO.
 * Strings point into memory owned by the walk: copy what you keep.
 */
struct c2_log_record {
	uint64_t seq;
	uint64_t ts_nsec;
	int level, facility;            /* -1 when the dump does not say */
	int has_caller;                 /* the dump records who logged it: */
	uint32_t caller_id;             /* a thread id, or with bit 31 set a CPU */
	const char *text;               /* not NUL-terminated */
	size_t text_len;
	const char *subsystem, *device; /* the dictionary; "" when none */
};
/* Calls cb for every record; a nonzero return of cb stops and is returned. */
int c2_log_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_log_record *r), void *arg);

/*
 * Tasks: every process from init_task through the task list, and every
 * thread of each, with the fields ps shows. Offsets come from the type
 * layer, each checked against what the walk assumes.
 */
struct c2_task {
	uint64_t addr;        /* the task_struct */
	int32_t pid, tgid, ppid;   /* ppid: the real parent's tgid; -1 unknown */
	uint32_t cpu;
	char state;           /* as /proc shows it: R S D T t X Z P I */
	char comm[17];
};
/* Calls cb for every task; a nonzero return of cb stops and is returned.
 * *skipped (may be NULL) gets the number of unreadable or looping links
 * that ended a branch of the walk. */
int c2_task_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_task *t), void *arg, uint64_t *skipped);

/*
 * Loaded modules, from the kernel's `modules` list in the dump's memory, in
 * list order (newest first, as /proc/modules lists them). The layout
 * (mem[MOD_*] since 6.4, core_layout/init_layout before) comes from BTF.
 * A live target can load or unload modules while the list is read: a link
 * that no longer points back ends the walk and is counted as skipped.
 */
#define C2_MOD_REGIONS 8
struct c2_module_region {
	char name[24];        /* "text", "data", ..., "init_text" (6.4+);
				 "core", "init" before */
	uint64_t base;
	uint64_t size;
};
struct c2_module {
	uint64_t addr;        /* the struct module */
	char name[64];
	const char *state;    /* "Live", "Loading", "Unloading", "Unformed" */
	int64_t refcount;     /* as /proc/modules; -1 when unknown */
	char users[256];      /* "a,b," "[permanent]," or "-", as /proc/modules;
				 "" when unknown */
	uint64_t taints;
	char flags[32];       /* "(OE)" as /proc/modules prints them; "" none */
	uint64_t base;        /* the text region's base */
	uint64_t size;        /* all regions, as /proc/modules */
	unsigned nregions;
	struct c2_module_region region[C2_MOD_REGIONS];
	uint64_t kallsyms;    /* struct mod_kallsyms *; 0 when none */
	uint32_t nsyms;       /* entries of its symbol table (index 0 included) */
	uint64_t btf, btf_size;   /* mod->btf_data, its split BTF; 0 when none
				     (6.x kernels clear it after loading) */
};
/* Calls cb for every module; a nonzero return of cb stops and is returned.
 * *skipped (may be NULL) gets the number of links that ended the walk
 * (unreadable, looping, or not pointing back). */
int c2_module_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_module *m), void *arg,
		      uint64_t *skipped);
/* The module of that name; C2_ENOENT when none is loaded. */
int c2_module_find(struct c2 *c2, const char *name, struct c2_module *out);
/* The module one of whose regions holds addr; C2_ENOENT when none. */
int c2_module_by_addr(struct c2 *c2, uint64_t addr, struct c2_module *out);

/*
 * The dentry cache: every hashed dentry (the hash walk over
 * dentry_hashtable), or every dentry reachable from the mounted filesystems'
 * roots through the directories' child lists (the tree walk). Paths are
 * absolute, across the mounts of init's mount namespace; a dentry of a
 * filesystem mounted nowhere there gets "FSTYPE:" and its path inside that
 * filesystem, and reachable = 0. Everything is bounded: a branch that cannot
 * be followed (see enum c2_dcache_skip) ends and is counted, and a step limit
 * stops the whole walk.
 */
/* C2_DCACHE_AUTO: the hash walk, or the tree walk when the kernel's
 * symbols lack the hash table (a kernel without CONFIG_KALLSYMS_ALL). */
enum c2_dcache_walk { C2_DCACHE_HASH = 0, C2_DCACHE_TREE = 1, C2_DCACHE_AUTO = 2 };
enum c2_dcache_skip {
	C2_DSKIP_UNREADABLE,   /* a pointer into memory the dump lacks (unmapped or filtered) */
	C2_DSKIP_CYCLE,        /* a hash chain or child list that loops */
	C2_DSKIP_PARENT_LOOP,  /* a d_parent chain that never reaches a root */
	C2_DSKIP_LONG_NAME,    /* a name longer than 255 bytes */
	C2_DSKIP_LONG_PATH,    /* a path of 4096 bytes or more */
	C2_DSKIP_DAMAGED,      /* fields that contradict each other (e.g. a child
				  whose d_parent is another directory: live renames) */
	C2_DSKIP_STEP_LIMIT,   /* 1 when the step limit stopped the walk */
	C2_DSKIP_COUNT
};
struct c2_dentry {
	uint64_t addr;          /* the struct dentry */
	uint64_t parent;        /* its d_parent */
	uint64_t sb;            /* its super_block */
	const char *path;       /* NUL-terminated; owned by the walk: copy what you keep */
	size_t path_len;
	size_t name_off;        /* the last component starts at path + name_off */
	int negative;           /* no inode */
	int reachable;          /* path starts at the global root */
	uint64_t ino;           /* positive only */
	uint32_t mode;          /* i_mode, positive only */
	const char *fstype;     /* d_sb->s_type->name; "?" when unreadable */
};
struct c2_dcache_opts {
	int walk;               /* enum c2_dcache_walk */
	const char *under;      /* NULL, or only PATH and what lies below it */
	uint64_t max_steps;     /* dentries and list links visited; 0: 50,000,000 */
	/* Called once per skipped branch (may be NULL), with the arg given
	 * to c2_dentry_foreach: why (enum c2_dcache_skip), and the address
	 * where the branch ended. */
	void (*skip)(void *arg, int reason, uint64_t addr);
	/* 0, or a CLOCK_MONOTONIC time in nanoseconds: once it has passed
	 * (looked at every 1024 steps) the walk stops and returns
	 * C2_ETIMEDOUT; sum then holds what was visited. */
	uint64_t deadline_ns;
};
struct c2_dcache_summary {
	uint64_t listed;        /* dentries given to cb */
	uint64_t steps;
	uint64_t skipped[C2_DSKIP_COUNT];
};
/* A word for a skip reason, e.g. "unreadable". */
const char *c2_dcache_skip_name(int reason);
/* Calls cb for every dentry; a nonzero return of cb stops and is returned.
 * sum (may be NULL) gets the counts, also when the walk fails midway. */
int c2_dentry_foreach(struct c2 *c2, const struct c2_dcache_opts *o, int (*cb)(void *arg, const struct c2_dentry *d),
		      void *arg, struct c2_dcache_summary *sum);

/* The dump's CPUs: registers saved in its PRSTATUS notes. */
struct c2_reg {
	char name[16];
	uint64_t value;
	/* Set for the instruction pointer, the stack pointer and a return
	 * address register (arm64's lr): worth resolving as a symbol; addr
	 * is then value with any pointer-authentication bits stripped. */
	int symbolic;
	uint64_t addr;
};
int c2_cpu_count(struct c2 *c2, unsigned *n);
int c2_cpu_pid(struct c2 *c2, unsigned cpu, uint64_t *pid);
/* Up to max registers of one CPU, instruction and stack pointer first. */
int c2_cpu_regs(struct c2 *c2, unsigned cpu, struct c2_reg *regs, size_t max, size_t *n);
/* The dump's architecture, as uname -m names it; "unknown"
 * before a dump is open. */
const char *c2_arch(struct c2 *c2);
/* Whether addr lies where the dump's kernel keeps its image, modules and
 * symbols (a cheap test before resolving a value as a symbol). */
int c2_is_kernel_address(struct c2 *c2, uint64_t addr);
/* A kernel code address saved by the CPU (a return address, possibly
 * signed by pointer authentication) with the signature stripped; other
 * values unchanged. */
uint64_t c2_strip_code_address(struct c2 *c2, uint64_t addr);
/* Values in the dump's byte order: an unsigned integer of size bytes (1 to
 * 8), and a bitfield of bits bits (at most 64) bit_offset bits into p, as
 * BTF and CTF number them. */
uint64_t c2_load_uint(struct c2 *c2, const void *p, size_t size);
uint64_t c2_load_bits(struct c2 *c2, const uint8_t *p, uint64_t bit_offset, uint32_t bits);
/* Page compression of a kdump-compressed file: "zlib", "lzo", "snappy",
 * "zstd", "none" (also for ELF), or "unknown"; *flattened is set for a
 * makedumpfile -F file. */
const char *c2_compression(struct c2 *c2, int *flattened);

/*
 * Stack traces, from the kernel's own ORC unwind tables in the dump's
 * memory (no debuginfo). A walk starts at a CPU's saved registers (its
 * PRSTATUS note) or at a sleeping task's saved frame, and lists each frame
 * the tables prove; the first step they cannot prove ends the walk, with
 * the reason in *end. Frames are given to cb in order, innermost first; a
 * nonzero return of cb stops and is returned.
 */
enum c2_stack_kind { C2_STACK_TASK = 0, C2_STACK_IRQ, C2_STACK_NMI, C2_STACK_EXCEPTION, C2_STACK_UNKNOWN };
struct c2_frame {
	unsigned n;             /* 0 for the innermost */
	uint64_t pc;
	uint64_t sp;            /* the stack pointer in that frame */
	uint64_t slot;          /* where pc was read from the stack; 0: from registers */
	int interrupted;        /* pc is where the CPU was (registers, an
				   interrupt or exception frame), not a return
				   address: symbolize pc itself, not pc - 1 */
	int stack;              /* enum c2_stack_kind holding sp */
	const char *how;        /* NULL: from ORC; else how else it was found */
	/* Where pc and sp were read from: the struct pt_regs an interrupt,
	 * exception or system call left on the stack (0: none, the frame
	 * came from a call or from the CPU's note), valid from byte
	 * regs_from on (0: all of it; a partial frame holds only the
	 * hardware's part, from the pc on). */
	uint64_t regs, regs_from;
};
/* Why a walk ended (C2_BT_END and C2_BT_USER are its normal ends). */
enum c2_bt_stop {
	C2_BT_RUNNING = 0, C2_BT_END, C2_BT_USER, C2_BT_UNREADABLE, C2_BT_NO_ORC, C2_BT_MODULE, C2_BT_UNDEFINED,
	C2_BT_BAD_ORC, C2_BT_NO_REG, C2_BT_BACKWARDS, C2_BT_OFF_STACK, C2_BT_STACK_LOOP, C2_BT_DEPTH,
};
struct c2_bt_end {
	int reason;             /* enum c2_bt_stop */
	uint64_t addr;          /* the address it names (0: none) */
	const char *text;       /* "end of stack", "unreadable memory", ... */
	int normal;             /* end of stack or user mode */
	/* At user mode: the struct pt_regs holding the user registers, valid
	 * from byte regs_from on (0: they were the CPU's note's). */
	uint64_t regs, regs_from;
};
/* The trace of a CPU with a PRSTATUS note (cpu: the note's index, as
 * c2_cpu_regs); C2_ENODATA on a live kernel, whose note holds no registers. */
/* 0 if core2 can walk this dump's stacks; C2_ENOTSUP (and a message
 * naming the architecture) if its back end has no unwinder yet. */
int c2_bt_supported(struct c2 *c2);
int c2_bt_cpu(struct c2 *c2, unsigned cpu, int (*cb)(void *arg, const struct c2_frame *f), void *arg,
	      struct c2_bt_end *end);
/* The trace of a task (its task_struct address): a sleeping task's from
 * its saved frame; a task on a CPU (task_struct.on_cpu) from that CPU's
 * note, or C2_ENODATA naming the CPU when there is none (a live kernel). */
int c2_bt_task(struct c2 *c2, uint64_t task, int (*cb)(void *arg, const struct c2_frame *f), void *arg,
	       struct c2_bt_end *end);
/* The CPU that panicked or oopsed (panic_cpu; where the symbols list no
 * variables, the log's last crash report, confirmed by that CPU's PRSTATUS
 * pid and the task running there): C2_ENOENT when none did, C2_ENODATA or
 * another error when the dump does not tell. */
int c2_crashed_cpu(struct c2 *c2, unsigned *cpu);

/* Versions of core2's library and the libraries linked into it. */
const char *c2_library_versions(void);

#endif
