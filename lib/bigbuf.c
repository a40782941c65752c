/*
 * Buffers of megabytes (the kernel's BTF) on transparent huge pages where
 * the kernel has them.
 *
 * Measured on this project's virtual machine: the first touch of each 4 KB
 * page costs microseconds, once for the kernel's copy into it and again for
 * the first pass over it, so 4 MB of BTF cost about 17 ms before any work
 * was done on it; the same bytes in three 2 MB pages cost about 1.5 ms. On
 * machines where faults are cheap this changes little either way.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "internal.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14; older kernels say EINVAL */
#endif
#define HUGE (2u << 20)

static size_t huge_round(size_t len)
{
	return (len + HUGE - 1) & ~(size_t)(HUGE - 1);
}

void *bigbuf_alloc(size_t len)
{
	size_t size = huge_round(len), slack;
	uint8_t *m, *p;

	if (!len || size < len)
		return NULL;
	m = mmap(NULL, size + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	/* Keep the 2 MB-aligned part: only aligned ranges get huge pages. */
	p = (uint8_t *)(((uintptr_t)m + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	if ((slack = (size_t)(p - m)))
		munmap(m, slack);
	if (HUGE - slack)
		munmap(p + size, HUGE - slack);
	/* Both are hints: without huge pages the buffer is a plain mapping. */
	madvise(p, size, MADV_HUGEPAGE);
	madvise(p, size, MADV_POPULATE_WRITE);
	return p;
}

void *bigbuf_reserve(size_t len)
{
	size_t size = huge_round(len);
	void *m;

	if (!len || size < len)
		return NULL;
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return m == MAP_FAILED ? NULL : m;
}

void bigbuf_free(void *p, size_t len)
{
	if (p)
		munmap(p, huge_round(len));
}
