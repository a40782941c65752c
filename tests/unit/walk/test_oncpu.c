/*
 * Whether a task is on a CPU (lib/walk/oncpu.c) on synthetic memory: two
 * CPUs' runqueues, tasks with on_cpu set or not, a CPU switching away from
 * its task, a kernel without on_cpu, and memory that cannot be read.
 */
#include <stdint.h>
#include <string.h>

#include "../../../lib/walk/oncpu.h"
#include "../unit.h"

#define BASE 0xffff888000000000ull
#define TASK(i) (BASE + 0x1000 * (uint64_t)(i))
#define PCPU_OFFSET (BASE + 0x10000)   /* __per_cpu_offset[2] */
#define RUNQUEUES 0x2000ull             /* per-cpu: CPU n's rq at RUNQUEUES + offset n */
#define AREA(n) (BASE + 0x20000 + 0x4000 * (uint64_t)(n) - RUNQUEUES)
static uint8_t mem[0x30000];

static const struct oncpu_layout L = {
	.task_cpu = 0x24, .task_on_cpu = 0x40, .on_cpu_size = 4, .has_on_cpu = 1,
	.per_cpu_offset = PCPU_OFFSET, .runqueues = RUNQUEUES, .rq_curr = 0x18,
};

static int rd(void *arg, uint64_t addr, void *buf, size_t len)
{
	(void)arg;
	if (addr < BASE || addr - BASE + len > sizeof(mem))
		return -5;
	memcpy(buf, mem + (addr - BASE), len);
	return 0;
}

static void put64(uint64_t a, uint64_t v) { memcpy(mem + (a - BASE), &v, 8); }
static void put32(uint64_t a, uint32_t v) { memcpy(mem + (a - BASE), &v, 4); }

static void task(int i, unsigned cpu, int on_cpu)
{
	put32(TASK(i) + L.task_cpu, cpu);
	put32(TASK(i) + L.task_on_cpu, (uint32_t)on_cpu);
}

static void curr(unsigned cpu, int i)
{
	put64(AREA(cpu) + RUNQUEUES + L.rq_curr, TASK(i));
}

int main(void)
{
	struct oncpu_layout l = L;
	unsigned cpu = 99;
	uint64_t bad = 0;
	int rc;

	put64(PCPU_OFFSET, AREA(0));
	put64(PCPU_OFFSET + 8, AREA(1));
	task(1, 0, 1);          /* running on CPU 0 */
	task(2, 1, 1);          /* on CPU 1, which is switching to task 4 */
	task(3, 1, 0);          /* asleep, last ran on CPU 1 */
	task(4, 1, 0);          /* CPU 1's curr, not switched in yet */
	curr(0, 1);
	curr(1, 4);

	rc = oncpu_task(&l, rd, NULL, TASK(1), &cpu, &bad);
	CHECK(rc == ONCPU_CURR && cpu == 0, "on_cpu and its CPU's curr: running on CPU 0 (%d, CPU %u)", rc, cpu);
	rc = oncpu_task(&l, rd, NULL, TASK(2), &cpu, &bad);
	CHECK(rc == ONCPU_SWITCHING && cpu == 1,
	      "on_cpu but no longer curr: its CPU is switching away from it (%d, CPU %u)", rc, cpu);
	rc = oncpu_task(&l, rd, NULL, TASK(3), &cpu, &bad);
	CHECK(rc == ONCPU_NO && cpu == 1, "asleep: not on a CPU, its frame holds (%d)", rc);
	rc = oncpu_task(&l, rd, NULL, TASK(4), &cpu, &bad);
	CHECK(rc == ONCPU_NO, "curr but not yet on_cpu: not switched in, its frame still holds (%d)", rc);

	/* Without on_cpu (a kernel without SMP): curr alone. */
	l.has_on_cpu = 0;
	rc = oncpu_task(&l, rd, NULL, TASK(4), &cpu, &bad);
	CHECK(rc == ONCPU_CURR && cpu == 1, "no on_cpu: curr is running (%d)", rc);
	rc = oncpu_task(&l, rd, NULL, TASK(2), &cpu, &bad);
	CHECK(rc == ONCPU_NO, "no on_cpu: not curr, not running (%d)", rc);

	/* The runqueues unknown: on_cpu alone. */
	l = L;
	l.runqueues = 0;
	rc = oncpu_task(&l, rd, NULL, TASK(2), &cpu, &bad);
	CHECK(rc == ONCPU_CURR, "no runqueues: on_cpu means running (%d)", rc);
	rc = oncpu_task(&l, rd, NULL, TASK(3), &cpu, &bad);
	CHECK(rc == ONCPU_NO, "no runqueues: not on_cpu, not running (%d)", rc);

	/* 7.x: on_cpu is a u8 and on_rq the byte after it; a sleeping task
	 * still queued has on_rq set: only on_cpu's own byte counts. */
	l = L;
	l.on_cpu_size = 1;
	mem[TASK(3) + L.task_on_cpu + 1 - BASE] = 1;   /* on_rq */
	rc = oncpu_task(&l, rd, NULL, TASK(3), &cpu, &bad);
	CHECK(rc == ONCPU_NO, "u8 on_cpu: the byte after it (on_rq) is not read as on_cpu (%d)", rc);
	rc = oncpu_task(&l, rd, NULL, TASK(1), &cpu, &bad);
	CHECK(rc == ONCPU_CURR && cpu == 0, "u8 on_cpu set: running on CPU 0 (%d)", rc);

	/* Unreadable memory: an error naming the address, never a guess. */
	l = L;
	rc = oncpu_task(&l, rd, NULL, 0xffffffffff000000ull, &cpu, &bad);
	CHECK(rc < 0 && bad == 0xffffffffff000000ull + L.task_cpu, "an unreadable task: an error at its cpu field");
	task(6, 7, 1);          /* a CPU past __per_cpu_offset's end */
	put64(PCPU_OFFSET + 8 * 7, 0x7000000000000000ull);
	rc = oncpu_task(&l, rd, NULL, TASK(6), &cpu, &bad);
	CHECK(rc < 0 && bad == 0x7000000000000000ull + RUNQUEUES + L.rq_curr,
	      "an unreadable runqueue: an error at its curr (%d)", rc);
	UNIT_DONE();
}
