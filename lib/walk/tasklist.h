/*
 * The task list: every process from init_task through task_struct.tasks,
 * and every thread of each through its ring of thread_node (whose head is
 * signal->thread_head, recognised by address, never read). A
 * pure walker over a read callback and a table of offsets, so that it can
 * be tested on synthetic memory with cycles and dangling pointers.
 */
#ifndef CORE2_TASKLIST_H
#define CORE2_TASKLIST_H

#include <stddef.h>
#include <stdint.h>

#include "../core2.h"

typedef int tasklist_read_fn(void *arg, uint64_t addr, void *buf, size_t len);

/* Offsets in task_struct (and signal_struct), from the type layer. */
struct tasklist_layout {
	uint64_t init_task;
	uint32_t tasks;           /* struct list_head */
	uint32_t pid, tgid;       /* pid_t */
	uint32_t real_parent;     /* struct task_struct * */
	uint32_t state, state_size;   /* __state (unsigned int) or state (long) */
	uint32_t exit_state;      /* int */
	uint32_t comm;            /* char[16] */
	uint32_t cpu;             /* unsigned int, in task_struct or thread_info */
	uint32_t signal;          /* struct signal_struct * */
	uint32_t thread_node;     /* struct list_head */
	uint32_t sig_thread_head; /* struct list_head in signal_struct */
};

struct tasklist_stats {
	uint64_t unreadable;      /* tasks or links that could not be read */
	uint64_t cycles;          /* lists that looped back on themselves */
	int truncated;            /* the global step limit was reached */
};

/* Calls cb for every task; returns 0, cb's nonzero value, or < 0 with a
 * message in err (only when not even init_task can be read). */
int tasklist_walk(const struct tasklist_layout *l, tasklist_read_fn *rd, void *arg,
		  int (*cb)(void *arg, const struct c2_task *t), void *cbarg, struct tasklist_stats *st,
		  char *err, size_t errlen);

/* The one-letter state /proc shows (fs/proc/array.c). */
char tasklist_state_letter(uint64_t state, uint64_t exit_state);

#endif
