/*
 * The kernel log in memory: the lockless printk ringbuffer (5.10 and newer)
 * and the older log_buf of struct printk_log records. Layouts come from
 * VMCOREINFO (kernel/printk/printk.c exports them for exactly this); this
 * part only decodes, through a read callback, so that it can be tested on
 * synthetic memory.
 */
#ifndef CORE2_PRINTK_H
#define CORE2_PRINTK_H

#include <stddef.h>
#include <stdint.h>

#include "../core2.h"

typedef int printk_read_fn(void *arg, uint64_t addr, void *buf, size_t len);

/* Offsets and sizes of the lockless ringbuffer (VMCOREINFO names). */
struct printk_ring_layout {
	uint64_t prb;                 /* address of the struct printk_ringbuffer */
	uint32_t rb_desc_ring, rb_text_data_ring;
	uint32_t dr_count_bits, dr_descs, dr_infos, dr_head_id, dr_tail_id;
	uint32_t desc_size, desc_state_var, desc_text_blk_lpos;
	uint32_t lpos_begin, lpos_next;
	uint32_t info_size, info_seq, info_ts_nsec, info_text_len, info_caller_id, info_dev_info;
	uint32_t dev_subsystem, dev_subsystem_len, dev_device, dev_device_len;
	uint32_t data_size_bits, data_data;
	uint32_t atomic_counter;
	/* facility and the flags:5/level:3 byte are not in VMCOREINFO; they
	 * follow text_len (include/linux/printk_ringbuffer.h). -1: unknown. */
	int info_facility, info_flags_level;
};

/* The older log_buf of struct printk_log records. */
struct printk_logbuf_layout {
	uint64_t log_buf;             /* address of the char *log_buf variable */
	uint64_t log_buf_len;         /* address of the u32 log_buf_len */
	uint64_t first_idx, next_idx; /* addresses of the u32 indexes */
	uint32_t rec_size, rec_ts_nsec, rec_len, rec_text_len, rec_dict_len;
	int rec_facility, rec_flags_level;   /* -1: unknown */
	int rec_caller_id;                   /* -1: not recorded (before 5.1) */
};

/* Records are struct c2_log_record (core2.h). */
typedef int printk_record_fn(void *arg, const struct c2_log_record *r);

/* Walk every readable record, oldest first. Returns 0, the callback's
 * nonzero value, or a negative C2_E* code with a message in err. */
int printk_walk_ring(const struct printk_ring_layout *l, printk_read_fn *rd, void *arg, printk_record_fn *cb,
		     void *cbarg, char *err, size_t errlen);
int printk_walk_logbuf(const struct printk_logbuf_layout *l, printk_read_fn *rd, void *arg, printk_record_fn *cb,
		       void *cbarg, char *err, size_t errlen);

#endif
