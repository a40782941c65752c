/* Facts about the dump itself: its CPUs' saved registers (PRSTATUS notes)
 * and the kdump file header (compression, flattened or not). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include "../internal.h"

int c2_cpu_count(struct c2 *c2, unsigned *n)
{
	kdump_num_t v;

	if (!c2->kdump)
		return c2_fail(c2, C2_EINVAL, "no target open");
	if (kdump_get_number_attr(c2->kdump, KDUMP_ATTR_NUM_CPUS, &v) != KDUMP_OK)
		return c2_fail(c2, C2_ENOENT, "%s: no CPU notes in the dump", c2_path(c2));
	*n = v;
	return 0;
}

int c2_cpu_pid(struct c2 *c2, unsigned cpu, uint64_t *pid)
{
	char key[64];
	kdump_num_t v;

	snprintf(key, sizeof(key), "cpu.%u.pid", cpu);
	if (!c2->kdump || kdump_get_number_attr(c2->kdump, key, &v) != KDUMP_OK)
		return c2_fail(c2, C2_ENOENT, "CPU %u: no PRSTATUS note", cpu);
	*pid = v;
	return 0;
}

/* The architecture's registers in the order people read them; others
 * follow, by name. */
static size_t reg_rank(const struct arch *a, const char *name)
{
	size_t i;

	for (i = 0; a && i < a->nregs; i++)
		if (!strcmp(a->regs[i], name))
			return i;
	return (size_t)-1;
}

static int before(const struct arch *a, const struct c2_reg *x, const struct c2_reg *y)
{
	size_t rx = reg_rank(a, x->name), ry = reg_rank(a, y->name);

	return rx != ry ? rx < ry : strcmp(x->name, y->name) < 0;
}

int c2_cpu_regs(struct c2 *c2, unsigned cpu, struct c2_reg *regs, size_t max, size_t *n)
{
	kdump_attr_iter_t it;
	char dir[64], key[128];
	size_t i;

	*n = 0;
	snprintf(dir, sizeof(dir), "cpu.%u.reg", cpu);
	if (!c2->kdump || kdump_attr_iter_start(c2->kdump, dir, &it) != KDUMP_OK)
		return c2_fail(c2, C2_ENOENT, "CPU %u: no registers in the dump", cpu);
	while (it.key && *n < max) {
		kdump_num_t v;

		snprintf(key, sizeof(key), "%s.%s", dir, it.key);
		if (kdump_get_number_attr(c2->kdump, key, &v) == KDUMP_OK) {
			snprintf(regs[*n].name, sizeof(regs[*n].name), "%s", it.key);
			regs[*n].value = v;
			regs[*n].addr = v;
			regs[*n].symbolic = 0;
			if (c2->arch && (!strcmp(it.key, c2->arch->pc_reg) || !strcmp(it.key, c2->arch->sp_reg) ||
					 (c2->arch->ra_reg && !strcmp(it.key, c2->arch->ra_reg)))) {
				regs[*n].symbolic = 1;
				if (strcmp(it.key, c2->arch->sp_reg))
					regs[*n].addr = c2_strip_code_address(c2, v);
			}
			(*n)++;
		}
		if (kdump_attr_iter_next(c2->kdump, &it) != KDUMP_OK)
			break;
	}
	kdump_attr_iter_end(c2->kdump, &it);
	/* A few dozen registers: an insertion sort. */
	for (i = 1; i < *n; i++) {
		struct c2_reg r = regs[i];
		size_t j = i;

		for (; j > 0 && before(c2->arch, &r, &regs[j - 1]); j--)
			regs[j] = regs[j - 1];
		regs[j] = r;
	}
	return 0;
}

/*
 * The kdump-compressed header (makedumpfile's struct disk_dump_header) says
 * how pages are compressed; a flattened file (makedumpfile -F) starts with
 * its own header and carries the kdump header in its first data segment,
 * whose offset and size are big-endian 64-bit numbers.
 */
const char *c2_compression(struct c2 *c2, int *flattened)
{
	uint8_t buf[464];
	uint64_t where = 0;
	uint32_t status;

	*flattened = 0;
	if (c2->nfds < 1 || pread(c2->fds[0], buf, sizeof(buf), 0) != (ssize_t)sizeof(buf))
		return "unknown";
	if (!memcmp(buf, "makedumpfile", 12)) {
		*flattened = 1;
		where = 4096 + 16;
		if (pread(c2->fds[0], buf, sizeof(buf), where) != (ssize_t)sizeof(buf))
			return "unknown";
	}
	if (memcmp(buf, "KDUMP   ", 8))
		return memcmp(buf, "\177ELF", 4) ? "unknown" : "none";
	memcpy(&status, buf + 424, 4);
	/* DUMP_DH_COMPRESSED_* bits of makedumpfile's diskdump_mod.h */
	if (status & 0x1)
		return "zlib";
	if (status & 0x2)
		return "lzo";
	if (status & 0x4)
		return "snappy";
	if (status & 0x20)
		return "zstd";
	return "none";
}
