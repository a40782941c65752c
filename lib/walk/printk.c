/* Decoding the kernel log from memory; see printk.h. */
#include "printk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core2.h"

/* Bounds on what a sane log holds (CONFIG_LOG_BUF_SHIFT is at most 25;
 * log_buf_len= can ask for more, but not for this much). */
#define MAX_RING_BITS 28
#define MAX_DESC_BITS 24
#define MAX_DICT 256

/* A descriptor's state_var: the state in the top two bits, the id below. */
#define SV_STATE(sv) ((sv) >> 62)
#define SV_ID_MASK (~(3ull << 62))
enum { DESC_COMMITTED = 1, DESC_FINALIZED = 2 };

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return code;
}

static uint64_t get_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t get_u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

/* A NUL-terminated string of at most len bytes, copied out. */
static void get_str(char *dst, const uint8_t *src, size_t len)
{
	size_t n = len < MAX_DICT - 1 ? len : MAX_DICT - 1;

	memcpy(dst, src, n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

static void *read_alloc(printk_read_fn *rd, void *arg, uint64_t addr, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (p && rd(arg, addr, p, len) < 0) {
		free(p);
		return NULL;
	}
	return p;
}

static int fields_fit(const struct printk_ring_layout *l)
{
	return l->desc_state_var + 8 <= l->desc_size && l->desc_text_blk_lpos + l->lpos_next + 8 <= l->desc_size &&
	       l->desc_text_blk_lpos + l->lpos_begin + 8 <= l->desc_size && l->info_seq + 8 <= l->info_size &&
	       l->info_ts_nsec + 8 <= l->info_size && l->info_text_len + 2 <= l->info_size &&
	       l->info_caller_id + 4 <= l->info_size &&
	       l->info_dev_info + l->dev_device + l->dev_device_len <= l->info_size &&
	       l->info_dev_info + l->dev_subsystem + l->dev_subsystem_len <= l->info_size &&
	       (l->info_facility < 0 || (uint32_t)l->info_facility < l->info_size) &&
	       (l->info_flags_level < 0 || (uint32_t)l->info_flags_level < l->info_size);
}

int printk_walk_ring(const struct printk_ring_layout *l, printk_read_fn *rd, void *arg, printk_record_fn *cb,
		     void *cbarg, char *err, size_t errlen)
{
	uint64_t dr = l->prb + l->rb_desc_ring, dring = l->prb + l->rb_text_data_ring;
	uint64_t descs_addr, infos_addr, data_addr, head, tail, id, count, size, n;
	uint32_t count_bits, size_bits;
	uint8_t *descs = NULL, *infos = NULL, *data = NULL;
	char subsystem[MAX_DICT], device[MAX_DICT];
	int rc = 0;

	if (!fields_fit(l))
		return fail(err, errlen, C2_EFORMAT, "printk ringbuffer layout: fields outside their structures");
	if (rd(arg, dr + l->dr_count_bits, &count_bits, 4) < 0 || rd(arg, dr + l->dr_descs, &descs_addr, 8) < 0 ||
	    rd(arg, dr + l->dr_infos, &infos_addr, 8) < 0 ||
	    rd(arg, dr + l->dr_head_id + l->atomic_counter, &head, 8) < 0 ||
	    rd(arg, dr + l->dr_tail_id + l->atomic_counter, &tail, 8) < 0 ||
	    rd(arg, dring + l->data_size_bits, &size_bits, 4) < 0 || rd(arg, dring + l->data_data, &data_addr, 8) < 0)
		return fail(err, errlen, C2_ENODATA, "cannot read the printk ringbuffer at 0x%llx",
			    (unsigned long long)l->prb);
	if (count_bits > MAX_DESC_BITS || size_bits > MAX_RING_BITS || size_bits < 4)
		return fail(err, errlen, C2_EFORMAT, "printk ringbuffer: implausible sizes (2^%u records, 2^%u bytes)",
			    count_bits, size_bits);
	count = 1ull << count_bits;
	size = 1ull << size_bits;
	head &= SV_ID_MASK;
	tail &= SV_ID_MASK;
	if (((head - tail) & SV_ID_MASK) >= count)
		return fail(err, errlen, C2_EFORMAT, "printk ringbuffer: head %llu and tail %llu are more than %llu apart",
			    (unsigned long long)head, (unsigned long long)tail, (unsigned long long)count);
	if (!(descs = read_alloc(rd, arg, descs_addr, count * l->desc_size)) ||
	    !(infos = read_alloc(rd, arg, infos_addr, count * l->info_size)) ||
	    !(data = read_alloc(rd, arg, data_addr, size))) {
		rc = fail(err, errlen, C2_ENODATA, "cannot read the printk ringbuffer's %s",
			  !descs ? "descriptors" : !infos ? "record infos" : "text");
		goto out;
	}
	/* From the tail to the head, inclusive; at most count records. */
	for (id = tail, n = 0; n < count; id = (id + 1) & SV_ID_MASK, n++) {
		const uint8_t *d = descs + (id & (count - 1)) * l->desc_size;
		const uint8_t *in = infos + (id & (count - 1)) * l->info_size;
		uint64_t sv = get_u64(d + l->desc_state_var);
		uint64_t begin = get_u64(d + l->desc_text_blk_lpos + l->lpos_begin) % size;
		uint64_t next = get_u64(d + l->desc_text_blk_lpos + l->lpos_next) % size;
		struct c2_log_record r;
		size_t text_len;

		if ((sv & SV_ID_MASK) != id || (SV_STATE(sv) != DESC_COMMITTED && SV_STATE(sv) != DESC_FINALIZED))
			goto next;
		/* Records without text keep begin == next. */
		if (begin == next)
			goto next;
		/* A block that would wrap is stored whole at the start. */
		if (begin > next)
			begin = 0;
		begin += 8;   /* the block starts with its descriptor id */
		text_len = get_u16(in + l->info_text_len);
		if (next < begin)
			text_len = 0;
		else if (next - begin < text_len)
			text_len = next - begin;   /* truncated record */
		get_str(subsystem, in + l->info_dev_info + l->dev_subsystem, l->dev_subsystem_len);
		get_str(device, in + l->info_dev_info + l->dev_device, l->dev_device_len);
		r.seq = get_u64(in + l->info_seq);
		r.ts_nsec = get_u64(in + l->info_ts_nsec);
		r.has_caller = 1;
		r.caller_id = get_u32(in + l->info_caller_id);
		r.facility = l->info_facility >= 0 ? in[l->info_facility] : -1;
		r.level = l->info_flags_level >= 0 ? in[l->info_flags_level] >> 5 : -1;
		r.text = (const char *)data + begin;
		r.text_len = text_len;
		r.subsystem = subsystem;
		r.device = device;
		if ((rc = cb(cbarg, &r)) != 0)
			break;
next:
		if (id == head)
			break;
	}
out:
	free(descs);
	free(infos);
	free(data);
	return rc;
}

int printk_walk_logbuf(const struct printk_logbuf_layout *l, printk_read_fn *rd, void *arg, printk_record_fn *cb,
		       void *cbarg, char *err, size_t errlen)
{
	uint64_t buf_addr, seq = 0, visited = 0, steps = 0;
	uint32_t len, first, next, idx;
	uint8_t *buf;
	int rc = 0;

	if (l->rec_size < 8 || l->rec_len + 2 > l->rec_size || l->rec_text_len + 2 > l->rec_size ||
	    l->rec_dict_len + 2 > l->rec_size || l->rec_ts_nsec + 8 > l->rec_size ||
	    (l->rec_caller_id >= 0 && (uint32_t)l->rec_caller_id + 4 > l->rec_size) ||
	    (l->rec_facility >= 0 && (uint32_t)l->rec_facility >= l->rec_size) ||
	    (l->rec_flags_level >= 0 && (uint32_t)l->rec_flags_level >= l->rec_size))
		return fail(err, errlen, C2_EFORMAT, "printk_log layout: fields outside the record");
	if (rd(arg, l->log_buf, &buf_addr, 8) < 0 || rd(arg, l->log_buf_len, &len, 4) < 0 ||
	    rd(arg, l->first_idx, &first, 4) < 0 || rd(arg, l->next_idx, &next, 4) < 0)
		return fail(err, errlen, C2_ENODATA, "cannot read log_buf and its indexes");
	if (len == 0 || len > (1u << MAX_RING_BITS) || first >= len || next >= len)
		return fail(err, errlen, C2_EFORMAT, "log_buf: implausible length %u or indexes %u, %u", len, first, next);
	if (!(buf = read_alloc(rd, arg, buf_addr, len)))
		return fail(err, errlen, C2_ENODATA, "cannot read log_buf (%u bytes at 0x%llx)", len,
			    (unsigned long long)buf_addr);
	for (idx = first; idx != next;) {
		const uint8_t *p = buf + idx;
		struct c2_log_record r;
		uint16_t rlen, tlen, dlen;

		if (++steps > len / 8 + 2) {
			rc = fail(err, errlen, C2_EFORMAT, "log_buf: the records never reach log_next_idx %u", next);
			break;
		}

		if ((uint64_t)idx + l->rec_size > len) {
			idx = 0;   /* no room for a header: the writer wrapped */
			continue;
		}
		rlen = get_u16(p + l->rec_len);
		if (rlen == 0) {
			/* A zero length marks the wrap to the start of the buffer. */
			if (idx == 0 || visited > 2ull * len) {
				rc = fail(err, errlen, C2_EFORMAT, "log_buf: empty record at %u", idx);
				break;
			}
			idx = 0;
			continue;
		}
		if (rlen < l->rec_size || (uint64_t)idx + rlen > len || (visited += rlen) > 2ull * len) {
			rc = fail(err, errlen, C2_EFORMAT, "log_buf: record at %u of length %u does not fit", idx, rlen);
			break;
		}
		tlen = get_u16(p + l->rec_text_len);
		dlen = get_u16(p + l->rec_dict_len);
		if ((uint32_t)tlen > rlen - l->rec_size)
			tlen = rlen - l->rec_size;
		if ((uint32_t)dlen > rlen - l->rec_size - tlen)
			dlen = rlen - l->rec_size - tlen;
		r.seq = seq++;
		r.ts_nsec = get_u64(p + l->rec_ts_nsec);
		r.has_caller = l->rec_caller_id >= 0;
		r.caller_id = r.has_caller ? get_u32(p + l->rec_caller_id) : 0;
		r.facility = l->rec_facility >= 0 ? p[l->rec_facility] : -1;
		r.level = l->rec_flags_level >= 0 ? p[l->rec_flags_level] >> 5 : -1;
		r.text = (const char *)p + l->rec_size;
		r.text_len = tlen;
		/* The old dictionary is "KEY=value\0..." text; keep it whole. */
		{
			char dict[MAX_DICT];
			size_t k, dn = dlen < MAX_DICT - 1 ? dlen : MAX_DICT - 1;

			memcpy(dict, p + l->rec_size + tlen, dn);
			while (dn > 0 && !dict[dn - 1])
				dn--;
			for (k = 0; k < dn; k++)
				if (!dict[k])
					dict[k] = ' ';
			dict[dn] = '\0';
			r.subsystem = dict;
			r.device = "";
			if ((rc = cb(cbarg, &r)) != 0)
				break;
		}
		idx += rlen;
	}
	free(buf);
	return rc;
}
