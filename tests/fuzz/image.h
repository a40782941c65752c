/*
 * The synthetic memory the walker targets read: the fuzz input's bytes
 * after its header, readable at BASE (defined by the target before this
 * file is included) and nowhere else.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct image {
	const uint8_t *p;
	size_t len;
};

/* The read callback of lib/'s walkers: all of [addr, addr + len) or -1. */
static int rd_img(void *arg, uint64_t addr, void *buf, size_t len)
{
	const struct image *im = arg;

	if (addr < BASE || addr - BASE > im->len || len > im->len - (addr - BASE))
		return -1;
	memcpy(buf, im->p + (addr - BASE), len);
	return 0;
}
