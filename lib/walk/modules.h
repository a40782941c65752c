/*
 * Loaded modules: the kernel's `modules` list and each module's own symbol
 * table (mod->kallsyms). Pure decoders over a read callback and a table of
 * offsets, so that they can be tested on synthetic memory with loops,
 * dangling pointers and forged counts.
 */
#ifndef CORE2_MODULES_H
#define CORE2_MODULES_H

#include <stddef.h>
#include <stdint.h>

#include "../core2.h"

typedef int modules_read_fn(void *arg, uint64_t addr, void *buf, size_t len);

#define MODULES_NONE UINT32_MAX   /* a member this kernel does not have */

/* Offsets in struct module (and struct module_use, struct mod_kallsyms),
 * from the type layer. */
struct modules_layout {
	uint64_t head;            /* &modules, a struct list_head */
	uint32_t size;            /* sizeof(struct module): read at once */
	uint32_t list;            /* struct list_head */
	uint32_t name, name_len;  /* char[MODULE_NAME_LEN] */
	uint32_t state;           /* enum module_state (4 bytes) */
	int64_t state_live, state_coming, state_going, state_unformed;
	uint32_t taints;          /* unsigned long */
	uint32_t refcnt;          /* atomic_t, or MODULES_NONE */
	uint32_t source_list;     /* struct list_head of module_use, or NONE */
	uint32_t use_source_list; /* in struct module_use */
	uint32_t use_source;      /* struct module * in struct module_use */
	uint32_t init, exit;      /* function pointers, or NONE */
	uint32_t kallsyms;        /* struct mod_kallsyms *, or NONE */
	uint32_t btf_data, btf_data_size;   /* or NONE */
	/* Memory regions: mem[MOD_*] (6.4+) or core_layout/init_layout. */
	unsigned nregions;
	struct {
		char name[24];
		uint32_t base;    /* void * */
		uint32_t size;    /* unsigned int */
	} region[C2_MOD_REGIONS];
	/* struct mod_kallsyms */
	uint32_t ks_symtab, ks_num_symtab, ks_strtab;
	uint32_t ks_typetab;      /* char *, or NONE (types in st_info before) */
	uint32_t ks_size;
	/* Exported symbols: mod->syms[num_syms], struct kernel_symbol with
	 * 32-bit self-relative offsets (prel32) or absolute pointers. */
	uint32_t syms, num_syms;  /* or NONE */
	uint32_t ksym_size, ksym_value, ksym_name;
	int ksym_prel32;
};

struct modules_stats {
	uint64_t unreadable;      /* links or modules that could not be read */
	uint64_t cycles;          /* the list looped without returning to its head */
	uint64_t damaged;         /* a link whose prev does not point back, or a
				     module with impossible fields */
	int truncated;            /* 1: the module limit was reached; -1: out of memory */
};

/* Calls cb for every module in list order (newest first, as /proc/modules);
 * returns 0 or cb's nonzero value. Where the list cannot be followed the
 * walk ends and the reason is counted in st. */
int modules_walk(const struct modules_layout *l, modules_read_fn *rd, void *arg,
		 int (*cb)(void *arg, const struct c2_module *m), void *cbarg, struct modules_stats *st);

/* The taint letters as /proc/modules prints them, with the state marks:
 * "(OE)", "(+)"; "" when there is nothing to show. */
void modules_flags(uint64_t taints, int coming, int going, char *buf, size_t len);

/* One symbol of a module's table, as /proc/kallsyms shows it. */
struct modules_sym {
	uint64_t value;
	char type;                /* as /proc/kallsyms: upper case when exported */
	const char *name;         /* valid during the callback */
};
struct modules_sym_stats {
	uint64_t skipped;         /* symbols whose name could not be read or
				     lies outside the string table's region */
};
/* Every named symbol of module m (index 0 and empty names left out).
 * Returns 0, cb's nonzero value, or < 0 with a message in err when the
 * table itself is unreadable or its count impossible. */
int modules_symbols(const struct modules_layout *l, modules_read_fn *rd, void *arg, const struct c2_module *m,
		    int (*cb)(void *arg, const struct modules_sym *s), void *cbarg, struct modules_sym_stats *st,
		    char *err, size_t errlen);

/*
 * Module BTF: the kernel's btf_modules list (kernel/bpf/btf.c), one struct
 * btf_module per module with BTF, pointing at the module and at its struct
 * btf, whose data/data_size hold the split BTF as loaded (6.x kernels clear
 * mod->btf_data once it is there).
 */
#define MODULES_BTF_MAX (16u << 20)   /* one module's split BTF: far less */
struct modules_btf_layout {
	uint64_t head;                    /* &btf_modules */
	uint32_t bm_list, bm_module, bm_btf;          /* struct btf_module */
	uint32_t data, data_size, start_id, start_str_off;   /* struct btf */
	uint32_t mod_name, mod_name_len;  /* struct module's name */
};
struct modules_btf {
	char name[64];                    /* the module's */
	uint64_t module, btf;             /* struct module *, struct btf * */
	uint64_t data;                    /* the split BTF blob */
	uint32_t size, start_id, start_str_off;
	const char *err;                  /* why this entry is unusable, or NULL */
};
/* Calls cb for every entry of btf_modules in list order; 0, cb's nonzero
 * value, or < 0 with a message in err when the list itself cannot be
 * followed (unreadable, looping, a link that does not point back, too
 * long). An entry whose struct btf or module cannot be read, or whose
 * data_size is 0 or above MODULES_BTF_MAX, reaches cb with err set. */
int modules_btf_walk(const struct modules_btf_layout *l, modules_read_fn *rd, void *arg,
		     int (*cb)(void *arg, const struct modules_btf *e), void *cbarg, char *err, size_t errlen);

/*
 * The same layouts found by what the structures hold, without the types
 * (struct btf_module and struct btf lie far into vmlinux's BTF: finding
 * them by name read most of it). In each of the list's entries: the word
 * that points at a struct btf holding base (btf_vmlinux, its base_btf), and
 * the word that points at a struct module whose name (at mod_name) that
 * struct btf holds too (the kernel names a module's BTF after it); in that
 * struct btf, the pointer to a BTF blob (data), the 32-bit words equal to
 * the blob's size (data_size), to base_ids (start_id: vmlinux's count of
 * ids) and to base_str_len (start_str_off). Each offset must be the one and
 * the same in every entry. Looks after each list node only (struct
 * btf_module starts with its list); mod_name and mod_name_len are the
 * anchors'. 0, or C2_ENOENT with why in err (an empty list included:
 * nothing to learn from).
 */
struct modules_btf_anchors {
	uint64_t head;                    /* &btf_modules */
	uint32_t mod_name, mod_name_len;  /* struct module's name */
	uint64_t base;                    /* btf_vmlinux */
	uint32_t base_ids, base_str_len;
};
int modules_btf_find(const struct modules_btf_anchors *a, modules_read_fn *rd, void *arg,
		     struct modules_btf_layout *l, char *err, size_t errlen);

#endif
