/*
 * libFuzzer target: the task list walker (lib/walk/tasklist.c) over a synthetic
 * memory image: processes through task_struct.tasks, threads through
 * signal->thread_head, parents, with whatever cycles and dangling pointers
 * the fuzzer makes. Input: a 16-byte header (u32 offset of init_task in the
 * image, u32 flags: bit 0 a long state, as before 5.14), then the image,
 * readable at BASE only. The layout is tests/unit/walk/test_tasklist.c's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/walk/tasklist.h"

#define BASE 0xffff888000000000ull
#define HDR 16

#include "image.h"

static int check_cb(void *arg, const struct c2_task *t)
{
	unsigned *n = arg;

	if (strnlen(t->comm, sizeof(t->comm)) >= sizeof(t->comm))
		__builtin_trap();   /* comm is always terminated */
	return ++*n > 10000000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tasklist_layout L = {
		.tasks = 0x10, .pid = 0x20, .tgid = 0x24, .real_parent = 0x28, .state = 0x30, .state_size = 4,
		.exit_state = 0x34, .comm = 0x40, .cpu = 0x38, .signal = 0x50, .thread_node = 0x60,
		.sig_thread_head = 0x8,
	};
	struct tasklist_stats st;
	struct image im;
	uint32_t h[HDR / 4];
	char err[256];
	unsigned n = 0;
	uint8_t *copy;
	int rc;

	if (size < HDR)
		return 0;
	memcpy(h, data, HDR);
	im.len = size - HDR;
	if (!(copy = malloc(im.len ? im.len : 1)))
		return 0;
	memcpy(copy, data + HDR, im.len);
	im.p = copy;
	L.init_task = BASE + h[0];
	if (h[1] & 1)
		L.state_size = 8;
	memset(&st, 0, sizeof(st));
	err[0] = '\0';
	rc = tasklist_walk(&L, rd_img, &im, check_cb, &n, &st, err, sizeof(err));
	if (rc < 0 && !err[0])
		__builtin_trap();   /* a failure says why */
	tasklist_state_letter(h[2], h[3]);
	free(copy);
	return 0;
}
