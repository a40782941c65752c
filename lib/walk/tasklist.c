/* Walking the task list; see tasklist.h. */
#include "tasklist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pid_max is at most 4M (PID_MAX_LIMIT); threads share that space. */
#define MAX_STEPS (8u << 20)

/* A set of task addresses already seen: open addressing, grows. */
struct seen {
	uint64_t *v;
	size_t cap, n;
};

static int seen_add(struct seen *s, uint64_t a)
{
	size_t i;

	if (s->n * 2 >= s->cap) {
		struct seen big = { calloc(s->cap ? s->cap * 2 : 1024, 8), s->cap ? s->cap * 2 : 1024, 0 };

		if (!big.v)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->v[i])
				seen_add(&big, s->v[i]);
		free(s->v);
		*s = big;
	}
	for (i = (a >> 6) * 0x9e3779b97f4a7c15ull >> 20 & (s->cap - 1); s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == a)
			return 1;
	s->v[i] = a;
	s->n++;
	return 0;
}

/*
 * fs/proc/array.c: the reported state is the lowest set bit of
 * (__state | exit_state) & TASK_REPORT (0x7f) as an index into "RSDTtXZP",
 * and TASK_IDLE (uninterruptible with TASK_NOLOAD) shows as I.
 */
char tasklist_state_letter(uint64_t state, uint64_t exit_state)
{
	static const char letters[] = "RSDTtXZPI";
	uint64_t s = (state | exit_state) & 0x7f;
	int i;

	if ((state & 0x402) == 0x402 && !(exit_state & 0x7f))
		return 'I';
	if (!s)
		return 'R';
	for (i = 0; !(s & 1); i++)
		s >>= 1;
	return letters[i + 1];
}

struct walk {
	const struct tasklist_layout *l;
	tasklist_read_fn *rd;
	void *arg;
	int (*cb)(void *arg, const struct c2_task *t);
	void *cbarg;
	struct tasklist_stats *st;
	struct seen seen;
	uint64_t steps;
	uint32_t lo, hi;       /* the span of task_struct that holds every field */
	uint8_t *buf;
};

static uint64_t get(const uint8_t *p, size_t size)
{
	uint64_t v = 0;

	memcpy(&v, p, size);
	return v;
}

/* Read one task; 0 or -1. */
static int read_task(struct walk *w, uint64_t addr, struct c2_task *t)
{
	const struct tasklist_layout *l = w->l;
	const uint8_t *b = w->buf - w->lo;
	uint64_t parent;
	int32_t ptgid;

	if (w->rd(w->arg, addr + w->lo, w->buf, w->hi - w->lo) < 0)
		return -1;
	memset(t, 0, sizeof(*t));
	t->addr = addr;
	t->pid = (int32_t)get(b + l->pid, 4);
	t->tgid = (int32_t)get(b + l->tgid, 4);
	t->cpu = get(b + l->cpu, 4);
	t->state = tasklist_state_letter(get(b + l->state, l->state_size), get(b + l->exit_state, 4));
	memcpy(t->comm, b + l->comm, 16);
	t->comm[16] = '\0';
	parent = get(b + l->real_parent, 8);
	t->ppid = -1;
	if (parent == addr || (parent && w->rd(w->arg, parent + l->tgid, &ptgid, 4) == 0))
		t->ppid = parent == addr ? t->tgid : ptgid;
	/* init_task is its own parent; /proc shows 0 for the tasks at the top. */
	if (t->pid == 0 || parent == l->init_task)
		t->ppid = 0;
	return 0;
}

static int visit(struct walk *w, uint64_t addr, int *rc)
{
	struct c2_task t;
	int dup = seen_add(&w->seen, addr);

	if (dup)
		return dup > 0 ? 0 : -1;
	if (read_task(w, addr, &t) < 0) {
		w->st->unreadable++;
		return 0;
	}
	*rc = w->cb(w->cbarg, &t);
	return 0;
}

/* Follow a circular list of struct list_head from the node at start, through
 * next (link 0) or prev (link 8) pointers, until start or stop comes back
 * (then 1); call fn with the address of each containing task. Stops also at
 * a repeat, an unreadable link or the step limit (0); -1: out of memory. */
static int each_in_list(struct walk *w, uint64_t start, uint64_t stop, uint32_t link, uint32_t member, int *rc,
			int (*fn)(struct walk *w, uint64_t task, int *rc))
{
	/* Brent's cycle detection: a list that loops without coming back to
	 * its head is found within twice its length. */
	uint64_t pos, tortoise = start, power = 1, lam = 0;

	if (w->rd(w->arg, start + link, &pos, 8) < 0) {
		w->st->unreadable++;
		return 0;
	}
	while (pos != start && pos != stop) {
		if (*rc)
			return 0;
		if (++w->steps > MAX_STEPS) {
			w->st->truncated = 1;
			return 0;
		}
		if (pos == tortoise) {
			w->st->cycles++;
			return 0;
		}
		if (++lam == power) {
			tortoise = pos;
			power *= 2;
			lam = 0;
		}
		if (fn(w, pos - member, rc) < 0)
			return -1;
		if (w->rd(w->arg, pos + link, &pos, 8) < 0) {
			w->st->unreadable++;
			return 0;
		}
	}
	return 1;
}

static int visit_thread(struct walk *w, uint64_t task, int *rc)
{
	return visit(w, task, rc);
}

/*
 * A process and its threads. The threads form a ring through thread_node
 * whose head is signal->thread_head. The ring is walked from the process's
 * own thread_node, forward and then backward, each way until the head,
 * which is known by its address: the signal_struct itself is never read.
 * Reading the head's links instead made a dump that lacks the page of a
 * signal_struct cost a skipped link for every such process, though no task
 * hides there (makedumpfile 1.7.8 -c -d 31 leaves out such slab pages of
 * 7.2 kernels that its ELF output keeps).
 */
static int visit_group(struct walk *w, uint64_t task, int *rc)
{
	const struct tasklist_layout *l = w->l;
	uint64_t signal, head, node = task + l->thread_node;
	int whole;

	if (visit(w, task, rc) < 0)
		return -1;
	if (*rc || w->rd(w->arg, task + l->signal, &signal, 8) < 0 || !signal)
		return 0;
	head = signal + l->sig_thread_head;
	if ((whole = each_in_list(w, node, head, 0, l->thread_node, rc, visit_thread)) < 0)
		return -1;
	if (*rc)
		return 0;
	if (each_in_list(w, node, head, 8, l->thread_node, rc, visit_thread) < 0)
		return -1;
	if (whole || *rc)
		return 0;
	/* Forward stopped short of the head: the threads beyond the break
	 * may still be found back from the head (now it must be read). */
	return each_in_list(w, head, node, 8, l->thread_node, rc, visit_thread) < 0 ? -1 : 0;
}

int tasklist_walk(const struct tasklist_layout *l, tasklist_read_fn *rd, void *arg,
		  int (*cb)(void *arg, const struct c2_task *t), void *cbarg, struct tasklist_stats *st,
		  char *err, size_t errlen)
{
	const uint32_t fields[][2] = {
		{ l->tasks, 16 }, { l->pid, 4 }, { l->tgid, 4 }, { l->real_parent, 8 }, { l->state, l->state_size },
		{ l->exit_state, 4 }, { l->comm, 16 }, { l->cpu, 4 }, { l->signal, 8 }, { l->thread_node, 16 },
	};
	struct walk w = { .l = l, .rd = rd, .arg = arg, .cb = cb, .cbarg = cbarg, .st = st };
	struct c2_task t;
	size_t i;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	w.lo = UINT32_MAX;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i][0] < w.lo)
			w.lo = fields[i][0];
		if (fields[i][0] + fields[i][1] > w.hi)
			w.hi = fields[i][0] + fields[i][1];
	}
	if (w.hi - w.lo > (1u << 20) || (l->state_size != 4 && l->state_size != 8)) {
		snprintf(err, errlen, "task_struct layout: implausible field offsets");
		return C2_EFORMAT;
	}
	if (!(w.buf = malloc(w.hi - w.lo))) {
		snprintf(err, errlen, "out of memory");
		return C2_ENOMEM;
	}
	if (read_task(&w, l->init_task, &t) < 0) {
		free(w.buf);
		snprintf(err, errlen, "cannot read init_task at 0x%llx", (unsigned long long)l->init_task);
		return C2_ENODATA;
	}
	if (visit_group(&w, l->init_task, &rc) < 0 ||
	    (!rc && each_in_list(&w, l->init_task + l->tasks, l->init_task + l->tasks, 0, l->tasks, &rc,
				 visit_group) < 0)) {
		rc = C2_ENOMEM;
		snprintf(err, errlen, "out of memory");
	}
	free(w.seen.v);
	free(w.buf);
	return rc;
}
