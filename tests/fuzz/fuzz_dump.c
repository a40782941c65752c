/*
 * libFuzzer target: the dump layer (lib/dump/dump.c, lib/dump/cpu.c) on any file:
 * core2's own structure checks, then libkdumpfile's open (built for the
 * host with the same patches, zlib only, in build/fuzz/kdump), VMCOREINFO,
 * CPU notes, and reads by virtual and physical address. The input is
 * handed over as a file (a memfd), as `core2 -c FILE` would open it.
 * Seeds: a kdump-compressed file and an ELF dump cut down from the
 * bookworm fixture (seeds.py).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../lib/internal.h"

/* What handle.c calls in the parts not linked here: nothing to do. */
void symtab_free(struct symtab *t) {}
void typesrc_free(struct typesrc *t) {}
void stackwalk_free(struct stackwalk *w) {}
int modules_load_symbols(struct c2 *c2, uint64_t addr, c2_modsym_fn *add, void *arg, uint64_t *skipped)
{
	return c2_fail(c2, C2_ENOENT, "no modules in the fuzz target");
}
int modules_btf_foreach(struct c2 *c2, c2_modbtf_fn *fn, void *arg)
{
	return c2_fail(c2, C2_ENOENT, "no modules in the fuzz target");
}
int walk_find_variable(struct c2 *c2, const char *name, uint64_t *addr)
{
	return c2_fail(c2, C2_ENOENT, "no variables in the fuzz target");
}

static int memfd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if ((memfd = memfd_create("fuzz-dump", 0)) < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *paths[1] = { path }, *raw, *val;
	struct c2 *c2;
	struct c2_reg regs[32];
	uint8_t buf[8192];
	uint64_t addr, off, pid;
	unsigned ncpu, cpu;
	size_t n;
	int flat;

	if (ftruncate(memfd, 0) < 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();
	if (!(c2 = c2_new()))
		return 0;
	if (c2_open(c2, paths, 1) < 0) {
		if (!strcmp(c2_error(c2), "unknown error"))
			__builtin_trap();   /* a refusal says why */
		c2_free(c2);
		return 0;
	}
	c2_format(c2);
	c2_arch(c2);
	c2_compression(c2, &flat);
	if ((raw = c2_vmcoreinfo_raw(c2)) != NULL) {
		c2_vmcoreinfo(c2, "OSRELEASE", &val);
		if (c2_vmcoreinfo_num(c2, "SYMBOL(init_uts_ns)", &addr) == 0 &&
		    c2_vmcoreinfo_num(c2, "OFFSET(uts_namespace.name)", &off) == 0)
			c2_read(c2, addr + off, buf, 390);
		if (c2_vmcoreinfo_num(c2, "SYMBOL(_stext)", &addr) == 0) {
			c2_read(c2, addr, buf, sizeof(buf));
			c2_read_cstr(c2, addr, (char *)buf, 300, &n);
		}
	}
	if (c2_cpu_count(c2, &ncpu) == 0)
		for (cpu = 0; cpu < ncpu && cpu < 8; cpu++) {
			c2_cpu_pid(c2, cpu, &pid);
			c2_cpu_regs(c2, cpu, regs, 32, &n);
		}
	c2_read_phys(c2, 0, buf, 4096);
	c2_read_phys(c2, 0x1000000, buf, sizeof(buf));
	c2_read(c2, 0xffffffff81000000ull, buf, 64);
	c2_read(c2, 0xffff888000000000ull, buf, 64);
	c2_free(c2);
	return 0;
}
