/* A walk along frame records (frames.h). */
#include "frames.h"

static int on_stack(const struct unw_stack *k, uint64_t addr, unsigned size)
{
	return addr >= k->lo && addr <= k->hi && k->hi - addr >= size;
}

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
	if (!s->on.hi)
		s->on = o->stack;
	if (size > sizeof(rec) || fp & 7 || !on_stack(&s->on, fp, size)) {
		struct unw_stack t;

		/* Off an interrupt's stack, onto the one it interrupted. */
		if (size > sizeof(rec) || fp & 7 || s->on.kind == 0 || !o->stack_of ||
		    o->stack_of(o->arg, fp, size, &t) < 0 || t.kind < 0 || t.kind >= 32 || s->left >> t.kind & 1 ||
		    !on_stack(&t, fp, size)) {
			s->stop = UNW_OFF_STACK;
			s->stop_addr = fp;
			return 0;
		}
		s->left |= 1u << s->on.kind;
		s->on = t;
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
	 * is a loop or garbage, not a frame (one on another stack is judged
	 * when it is read). */
	if (next && next <= fp && on_stack(&s->on, next, size)) {
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
