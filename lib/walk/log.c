/* The kernel log: finding its layout in VMCOREINFO; decoding is printk.c. */
#include <stdio.h>
#include <string.h>

#include "../internal.h"
#include "printk.h"

static int read_mem(void *arg, uint64_t addr, void *buf, size_t len)
{
	return c2_read(arg, addr, buf, len);
}

/* Read VMCOREINFO numbers into 32-bit fields; all must be there. */
struct field {
	const char *key;
	uint32_t *dst;
};

static int get_fields(struct c2 *c2, const struct field *f, size_t n)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		if (c2_vmcoreinfo_num(c2, f[i].key, &v) < 0)
			return c2_fail(c2, C2_EFORMAT, "kernel log: VMCOREINFO lacks %s", f[i].key);
		if (v > 1u << 20)
			return c2_fail(c2, C2_EFORMAT, "kernel log: VMCOREINFO %s=%llu is implausible", f[i].key,
				       (unsigned long long)v);
		*f[i].dst = v;
	}
	return 0;
}

static int walk_ring(struct c2 *c2, uint64_t prb_sym, printk_record_fn *cb, void *arg)
{
	struct printk_ring_layout l;
	const struct field f[] = {
		{ "OFFSET(printk_ringbuffer.desc_ring)", &l.rb_desc_ring },
		{ "OFFSET(printk_ringbuffer.text_data_ring)", &l.rb_text_data_ring },
		{ "OFFSET(prb_desc_ring.count_bits)", &l.dr_count_bits },
		{ "OFFSET(prb_desc_ring.descs)", &l.dr_descs },
		{ "OFFSET(prb_desc_ring.infos)", &l.dr_infos },
		{ "OFFSET(prb_desc_ring.head_id)", &l.dr_head_id },
		{ "OFFSET(prb_desc_ring.tail_id)", &l.dr_tail_id },
		{ "SIZE(prb_desc)", &l.desc_size },
		{ "OFFSET(prb_desc.state_var)", &l.desc_state_var },
		{ "OFFSET(prb_desc.text_blk_lpos)", &l.desc_text_blk_lpos },
		{ "OFFSET(prb_data_blk_lpos.begin)", &l.lpos_begin },
		{ "OFFSET(prb_data_blk_lpos.next)", &l.lpos_next },
		{ "SIZE(printk_info)", &l.info_size },
		{ "OFFSET(printk_info.seq)", &l.info_seq },
		{ "OFFSET(printk_info.ts_nsec)", &l.info_ts_nsec },
		{ "OFFSET(printk_info.text_len)", &l.info_text_len },
		{ "OFFSET(printk_info.caller_id)", &l.info_caller_id },
		{ "OFFSET(printk_info.dev_info)", &l.info_dev_info },
		{ "OFFSET(dev_printk_info.subsystem)", &l.dev_subsystem },
		{ "LENGTH(printk_info_subsystem)", &l.dev_subsystem_len },
		{ "OFFSET(dev_printk_info.device)", &l.dev_device },
		{ "LENGTH(printk_info_device)", &l.dev_device_len },
		{ "OFFSET(prb_data_ring.size_bits)", &l.data_size_bits },
		{ "OFFSET(prb_data_ring.data)", &l.data_data },
		{ "OFFSET(atomic_long_t.counter)", &l.atomic_counter },
	};
	char err[256];
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = get_fields(c2, f, sizeof(f) / sizeof(f[0]))) < 0)
		return rc;
	/* prb is a pointer to the ringbuffer in use. */
	if ((rc = c2_read_u64(c2, prb_sym, &l.prb)) < 0)
		return rc;
	/* struct printk_info: u16 text_len; u8 facility; u8 flags:5, level:3;
	 * u32 caller_id. VMCOREINFO has text_len and caller_id, not the two
	 * bytes between: take them only where the two bracket exactly them. */
	if (l.info_caller_id == l.info_text_len + 4) {
		l.info_facility = l.info_text_len + 2;
		l.info_flags_level = l.info_text_len + 3;
	} else {
		l.info_facility = l.info_flags_level = -1;
		c2_diagf(c2, "kernel log: printk_info layout unexpected; levels unknown");
	}
	c2_diagf(c2, "kernel log: lockless printk ringbuffer at 0x%llx", (unsigned long long)l.prb);
	rc = printk_walk_ring(&l, read_mem, c2, cb, arg, err, sizeof(err));
	return rc < 0 ? c2_fail(c2, rc, "kernel log: %s", err) : rc;
}

static int walk_logbuf(struct c2 *c2, printk_record_fn *cb, void *arg)
{
	struct printk_logbuf_layout l;
	uint64_t v;
	const struct field f[] = {
		{ "SIZE(printk_log)", &l.rec_size },
		{ "OFFSET(printk_log.ts_nsec)", &l.rec_ts_nsec },
		{ "OFFSET(printk_log.len)", &l.rec_len },
		{ "OFFSET(printk_log.text_len)", &l.rec_text_len },
		{ "OFFSET(printk_log.dict_len)", &l.rec_dict_len },
	};
	char err[256];
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = get_fields(c2, f, sizeof(f) / sizeof(f[0]))) < 0 ||
	    (rc = c2_vmcoreinfo_num(c2, "SYMBOL(log_buf)", &l.log_buf)) < 0 ||
	    (rc = c2_vmcoreinfo_num(c2, "SYMBOL(log_buf_len)", &l.log_buf_len)) < 0 ||
	    (rc = c2_vmcoreinfo_num(c2, "SYMBOL(log_first_idx)", &l.first_idx)) < 0 ||
	    (rc = c2_vmcoreinfo_num(c2, "SYMBOL(log_next_idx)", &l.next_idx)) < 0)
		return rc;
	/* struct printk_log: ... u16 dict_len; u8 facility; u8 flags:5, level:3;
	 * and with CONFIG_PRINTK_CALLER (5.1+) u32 caller_id. */
	if (c2_vmcoreinfo_num(c2, "OFFSET(printk_log.caller_id)", &v) == 0 && v < l.rec_size)
		l.rec_caller_id = v;
	else
		l.rec_caller_id = -1;
	l.rec_facility = l.rec_dict_len + 2 < l.rec_size ? (int)l.rec_dict_len + 2 : -1;
	l.rec_flags_level = l.rec_dict_len + 3 < l.rec_size ? (int)l.rec_dict_len + 3 : -1;
	c2_diagf(c2, "kernel log: log_buf of struct printk_log records");
	rc = printk_walk_logbuf(&l, read_mem, c2, cb, arg, err, sizeof(err));
	return rc < 0 ? c2_fail(c2, rc, "kernel log: %s", err) : rc;
}

int c2_log_foreach(struct c2 *c2, int (*cb)(void *arg, const struct c2_log_record *r), void *arg)
{
	uint64_t prb;

	if (c2_vmcoreinfo_num(c2, "SYMBOL(prb)", &prb) == 0)
		return walk_ring(c2, prb, cb, arg);
	if (c2_vmcoreinfo_num(c2, "SYMBOL(log_buf)", &prb) == 0)
		return walk_logbuf(c2, cb, arg);
	return c2_fail(c2, C2_ENOENT, "kernel log: VMCOREINFO describes neither the printk ringbuffer nor log_buf");
}
