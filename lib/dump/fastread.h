/* Large reads of single-file ELF and kdump-compressed dumps straight from
 * the file (fastread.c). */
#ifndef CORE2_FASTREAD_H
#define CORE2_FASTREAD_H

#include <stddef.h>
#include <stdint.h>

struct fastread;

/* NULL when the dump (a libkdumpfile context open on fd) is not a file
 * this path can read; libkdumpfile then reads everything. */
struct fastread *fastread_new(void *kdump, int fd);
void fastread_free(struct fastread *f);
/* Read len bytes at kernel virtual address addr; what cannot be read from
 * the file directly is read by slow(arg, ...). */
int fastread(struct fastread *f, uint64_t addr, uint8_t *buf, size_t len,
	     int (*slow)(void *arg, uint64_t addr, void *buf, size_t len), void *arg);
/* The same for reads of a few bytes: ELF pages kept between reads. */
int fastread_small(struct fastread *f, uint64_t addr, uint8_t *buf, size_t len,
		   int (*slow)(void *arg, uint64_t addr, void *buf, size_t len), void *arg);
/* The same at physical address paddr, for reads within one page. */
int fastread_phys(struct fastread *f, uint64_t paddr, uint8_t *buf, size_t len,
		  int (*slow)(void *arg, uint64_t addr, void *buf, size_t len), void *arg);

#endif
