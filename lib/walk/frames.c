/* A walk along frame records (frames.h). */
#include "frames.h"

int fr_next(const struct fr_ops *o, struct fr_state *s)
{
	uint8_t rec[16];
	uint64_t fp = s->fp, next, ret;
	unsigned size = (o->next_off > o->ret_off ? o->next_off : o->ret_off) + 8;

	if (s->stop)
		return 0;
	if (!fp) {
		s->stop = UNW_END;
		s->stop_addr = 0;
		return 0;
	}
	if (size > sizeof(rec) || fp & 7 || fp < o->stack.lo || fp > o->stack.hi || o->stack.hi - fp < size) {
		s->stop = UNW_OFF_STACK;
		s->stop_addr = fp;
		return 0;
	}
	if (s->n + 1 >= FR_DEPTH) {
		s->stop = UNW_DEPTH;
		s->stop_addr = fp;
		return 0;
	}
	if (o->read(o->arg, fp, rec, size) < 0) {
		s->stop = UNW_UNREADABLE;
		s->stop_addr = fp;
		return 0;
	}
	next = o->word(o->arg, rec + o->next_off);
	ret = o->word(o->arg, rec + o->ret_off);
	/* The last record (the kernel zeroes the one in pt_regs at entry). */
	if (!next && !ret) {
		s->stop = UNW_END;
		s->stop_addr = 0;
		return 0;
	}
	/* Records lie further up the stack with each caller: anything else
	 * is a loop or garbage, not a frame. */
	if (next && next <= fp) {
		s->stop = UNW_BACKWARDS;
		s->stop_addr = next;
		return 0;
	}
	s->pc = o->strip(o->arg, ret);
	s->slot = fp + o->ret_off;
	s->fp = next;
	s->n++;
	return 1;
}
