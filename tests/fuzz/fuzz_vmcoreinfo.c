/* libFuzzer target: the VMCOREINFO text parser (lib/dump/vmcoreinfo.c). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../lib/core2.h"
#include "../../lib/dump/vmcoreinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"OSRELEASE", "PAGESIZE", "KERNELOFFSET", "SYMBOL(prb)", "SYMBOL(kallsyms_names)",
		"OFFSET(printk_info.seq)", "NUMBER(pgtable_l5_enabled)", "", "=",
	};
	struct vmci v;
	uint64_t n;
	size_t i;

	if (vmci_parse(&v, (const char *)data, size) < 0)
		return 0;
	/* Every key parsed must be found again, with its first value. */
	for (i = 0; i < v.n; i++) {
		const char *val = vmci_get(&v, v.ent[i].key);

		if (!val || strchr(v.ent[i].key, '\n') || strchr(v.ent[i].key, '='))
			__builtin_trap();
		vmci_num(&v, v.ent[i].key, 10, &n);
		vmci_num(&v, v.ent[i].key, 16, &n);
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		vmci_get(&v, keys[i]);
		vmci_num(&v, keys[i], 16, &n);
	}
	vmci_free(&v);
	return 0;
}
