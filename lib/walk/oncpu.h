/*
 * Whether a task is on a CPU, so that its saved frame (thread.sp) cannot
 * be trusted: a pure function over a read callback and a table of
 * offsets, tested on synthetic memory.
 *
 * The scheduler (kernel/sched/core.c) sets the runqueue's curr to the next
 * task before the switch, and task_struct.on_cpu from prepare_task_switch
 * (the next task's) until finish_task_switch (the previous one's), after
 * switch_to saved the previous task's stack pointer. So on_cpu covers
 * every moment a task's thread.sp may be stale, and curr alone does not:
 * the previous task is still on_cpu, no longer curr, until the switch
 * ends; the next one is curr before it runs, with its frame still good.
 */
#ifndef CORE2_ONCPU_H
#define CORE2_ONCPU_H

#include <stddef.h>
#include <stdint.h>

typedef int oncpu_read_fn(void *arg, uint64_t addr, void *buf, size_t len);

struct oncpu_layout {
	size_t task_cpu;          /* unsigned int: task_struct.cpu or thread_info.cpu */
	size_t task_on_cpu;       /* task_struct.on_cpu: an int, a u8 in 7.x */
	unsigned on_cpu_size;     /* its bytes: 1, 2 or 4 */
	int has_on_cpu;           /* 0: no on_cpu member: curr alone decides */
	uint64_t per_cpu_offset;  /* __per_cpu_offset[]; 0: unknown */
	uint64_t runqueues;       /* the per-cpu struct rq; 0: unknown */
	size_t rq_curr;           /* struct task_struct *: rq.curr */
};

enum oncpu_state {
	ONCPU_NO,                 /* not on a CPU: thread.sp holds its frame */
	ONCPU_CURR,               /* its CPU's current task (or on_cpu, curr unknown) */
	ONCPU_SWITCHING,          /* on_cpu, but curr is another: its CPU is
				     switching away from it (the CPU's stack
				     pointer tells whether switch_to is done) */
};

/* An enum oncpu_state with *cpu the task's CPU, or a negative status from
 * rd with *bad the address. */
int oncpu_task(const struct oncpu_layout *l, oncpu_read_fn *rd, void *arg, uint64_t task, unsigned *cpu,
	       uint64_t *bad);

#endif
