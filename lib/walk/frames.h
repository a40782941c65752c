/*
 * A walk along frame records: each record, where the frame pointer points,
 * holds the caller's frame pointer and a return address. A pure decoder:
 * memory comes through a callback, the record layout from the caller.
 */
#ifndef CORE2_FRAMES_H
#define CORE2_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "orc.h"   /* enum unw_stop, struct unw_stack */

struct fr_ops {
	/* Read len bytes at addr: 0, or negative. */
	int (*read)(void *arg, uint64_t addr, void *buf, size_t len);
	/* A word of the record as a number (the dump's byte order), and a
	 * return address with any signature bits removed. */
	uint64_t (*word)(void *arg, const uint8_t *p);
	uint64_t (*strip)(void *arg, uint64_t ret);
	void *arg;
	unsigned next_off, ret_off;     /* byte offsets in a record */
	struct unw_stack stack;         /* the stack the walk starts on */
	/* Another stack that holds len bytes at addr (a CPU's IRQ stack):
	 * 0 with *s, or -1; NULL when there is none. Kind 0 is a task's
	 * stack: an interrupt's stack (any other kind) links back to the
	 * stack it interrupted, a task's stack to none. */
	int (*stack_of)(void *arg, uint64_t addr, size_t len, struct unw_stack *s);
};

struct fr_state {
	uint64_t pc;        /* the frame's return address (or the start pc) */
	uint64_t fp;        /* the record of the frame's caller, 0 at the end */
	uint64_t slot;      /* where pc was read; 0 for the start */
	unsigned n;
	int stop;           /* enum unw_stop, UNW_OK while walking */
	uint64_t stop_addr;
	struct unw_stack on;    /* the stack of the last record read (kind of
				   frame n); o->stack until then */
	unsigned left;          /* kinds of stacks the walk has left (a bit each) */
};

#define FR_DEPTH 256

/* The next frame from the record at s->fp: 1 with s updated, or 0 with
 * s->stop (UNW_END at a zero frame pointer or an all-zero record;
 * UNW_OFF_STACK for a record outside the stacks or misaligned, or on a
 * stack the walk may not go to: from a task's stack, or back to one it
 * left; UNW_UNREADABLE; UNW_BACKWARDS when a record does not lie above the
 * one before on the same stack; UNW_DEPTH). */
int fr_next(const struct fr_ops *o, struct fr_state *s);

#endif
