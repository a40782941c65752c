/* The list of architecture back ends, and what is computed alike for all
 * of them from their facts. */
#include <stdio.h>
#include <string.h>

#include "arch.h"

extern const struct arch arch_x86_64, arch_aarch64;

static const struct arch *const arches[] = { &arch_x86_64, &arch_aarch64 };
#define NARCHES (sizeof(arches) / sizeof(arches[0]))

const struct arch *arch_by_name(const char *name)
{
	size_t i;

	for (i = 0; name && i < NARCHES; i++)
		if (!strcmp(arches[i]->name, name))
			return arches[i];
	return NULL;
}

const struct arch *arch_by_elf_machine(unsigned machine)
{
	size_t i;

	for (i = 0; i < NARCHES; i++)
		if (arches[i]->elf_machine == machine)
			return arches[i];
	return NULL;
}

const char *arch_names(void)
{
	static char buf[128];
	size_t i, n = 0;

	if (buf[0])
		return buf;
	for (i = 0; i < NARCHES && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? ", " : "", arches[i]->name);
	return buf;
}

const struct arch *arch_host(void)
{
#if defined(__x86_64__)
	return &arch_x86_64;
#elif defined(__aarch64__) && defined(__AARCH64EL__)
	return &arch_aarch64;
#else
	return NULL;
#endif
}

uint64_t arch_load_uint(const struct arch *a, const void *p, size_t size)
{
	const uint8_t *b = p;
	uint64_t v = 0;
	size_t i;

	if (!a)
		a = arches[0];
	if (size > 8)
		size = 8;
	for (i = 0; i < size; i++)
		v |= (uint64_t)b[a->big_endian ? size - 1 - i : i] << (8 * i);
	return v;
}

uint64_t arch_load_bits(const struct arch *a, const uint8_t *p, uint64_t bit_offset, uint32_t bits)
{
	uint64_t v = 0;
	uint32_t i;

	if (!a)
		a = arches[0];
	/* Bit numbers as BTF gives them: from the start of the object,
	 * within each byte from its least significant bit on little-endian
	 * machines, from its most significant bit on big-endian ones. */
	for (i = 0; i < bits && i < 64; i++) {
		uint64_t b = bit_offset + i;
		unsigned shift = a->big_endian ? 7 - b % 8 : b % 8;

		if (p[b / 8] >> shift & 1)
			v |= a->big_endian ? 1ull << (bits - 1 - i) : 1ull << i;
	}
	return v;
}
