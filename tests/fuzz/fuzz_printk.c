/*
 * libFuzzer target: the kernel log decoders (lib/walk/printk.c), the lockless
 * ringbuffer and the old log_buf, over a synthetic memory image. Input: a
 * 128-byte header (u32 mode, then the layout as u32 fields in the order of
 * struct printk_ring_layout or struct printk_logbuf_layout, addresses as
 * offsets into the image), then the image, readable at BASE only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/core2.h"
#include "../../lib/walk/printk.h"

#define BASE 0xffff888000000000ull
#define HDR 128

#include "image.h"

/* Touch every byte a record hands out, so that ASan sees a bad pointer. */
static int record_cb(void *arg, const struct c2_log_record *r)
{
	static char sink[1 << 16];
	unsigned *n = arg;

	if (r->text_len > sizeof(sink))
		__builtin_trap();   /* text_len is a u16 in both layouts */
	memcpy(sink, r->text, r->text_len);
	if (strlen(r->subsystem) >= 256 || strlen(r->device) >= 256)
		__builtin_trap();
	return ++*n > 1000000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t f[HDR / 4];
	struct image im;
	char err[256];
	unsigned n = 0;
	uint8_t *copy;
	int rc;

	if (size < HDR)
		return 0;
	memcpy(f, data, HDR);
	im.len = size - HDR;
	if (!(copy = malloc(im.len ? im.len : 1)))
		return 0;
	memcpy(copy, data + HDR, im.len);
	im.p = copy;
	err[0] = '\0';
	if (f[0] & 1) {
		struct printk_logbuf_layout l = {
			.log_buf = BASE + f[1], .log_buf_len = BASE + f[2], .first_idx = BASE + f[3],
			.next_idx = BASE + f[4], .rec_size = f[5], .rec_ts_nsec = f[6], .rec_len = f[7],
			.rec_text_len = f[8], .rec_dict_len = f[9], .rec_facility = (int32_t)f[10],
			.rec_flags_level = (int32_t)f[11], .rec_caller_id = (int32_t)f[12],
		};
		/* lib/walk/log.c takes numbers of at most 2^20 from VMCOREINFO. */
		if (l.rec_size > 1u << 20 || l.rec_ts_nsec > 1u << 20 || l.rec_len > 1u << 20 ||
		    l.rec_text_len > 1u << 20 || l.rec_dict_len > 1u << 20)
			goto out;
		rc = printk_walk_logbuf(&l, rd_img, &im, record_cb, &n, err, sizeof(err));
	} else {
		struct printk_ring_layout l = {
			.prb = BASE + f[1], .rb_desc_ring = f[2], .rb_text_data_ring = f[3], .dr_count_bits = f[4],
			.dr_descs = f[5], .dr_infos = f[6], .dr_head_id = f[7], .dr_tail_id = f[8],
			.desc_size = f[9], .desc_state_var = f[10], .desc_text_blk_lpos = f[11], .lpos_begin = f[12],
			.lpos_next = f[13], .info_size = f[14], .info_seq = f[15], .info_ts_nsec = f[16],
			.info_text_len = f[17], .info_caller_id = f[18], .info_dev_info = f[19],
			.dev_subsystem = f[20], .dev_subsystem_len = f[21], .dev_device = f[22],
			.dev_device_len = f[23], .data_size_bits = f[24], .data_data = f[25],
			.atomic_counter = f[26], .info_facility = (int32_t)f[27], .info_flags_level = (int32_t)f[28],
		};
		uint32_t i;

		for (i = 2; i <= 26; i++)
			if (f[i] > 1u << 20)
				goto out;
		rc = printk_walk_ring(&l, rd_img, &im, record_cb, &n, err, sizeof(err));
	}
	if (rc < 0 && !err[0])
		__builtin_trap();   /* every failure says why */
out:
	free(copy);
	return 0;
}
