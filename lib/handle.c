/* The handle: made and freed here, above the parts it holds (the dump,
 * the symbol and type caches), so that no part frees another's state. */
#include <stdlib.h>

#include "internal.h"

struct c2 *c2_new(void)
{
	struct c2 *c2 = calloc(1, sizeof(*c2));
	int i;

	if (c2)
		for (i = 0; i < C2_MAX_FILES; i++)
			c2->fds[i] = -1;
	return c2;
}

void c2_free(struct c2 *c2)
{
	if (!c2)
		return;
	symtab_free(c2->syms);
	typesrc_free(c2->types);
	stackwalk_free(c2->stack);
	free(c2->symbols_file);
	dump_close(c2);
	free(c2);
}

/* The symbol table asks the module walk for module symbols: the walk finds
 * the `modules` list through the symbol table, so the call goes through
 * the handle, above both. */
int handle_module_symbols(struct c2 *c2, uint64_t addr, c2_modsym_fn *add, void *arg, uint64_t *skipped)
{
	return modules_load_symbols(c2, addr, add, arg, skipped);
}

/* The type layer asks the module walk for module BTF the same way. */
int handle_module_btf(struct c2 *c2, c2_modbtf_fn *fn, void *arg)
{
	return modules_btf_foreach(c2, fn, arg);
}

/* The symbol table asks the walks for the variables a code-only table
 * lacks: finding them needs types and symbols. */
int handle_find_variable(struct c2 *c2, const char *name, uint64_t *addr)
{
	return walk_find_variable(c2, name, addr);
}
