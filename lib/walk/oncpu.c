/* Whether a task is on a CPU (oncpu.h says why on_cpu decides). */
#include "oncpu.h"

static int rd32(oncpu_read_fn *rd, void *arg, uint64_t addr, uint32_t *v, uint64_t *bad)
{
	uint8_t b[4];
	int rc = rd(arg, addr, b, 4);

	if (rc < 0)
		return *bad = addr, rc;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

static int rd64(oncpu_read_fn *rd, void *arg, uint64_t addr, uint64_t *v, uint64_t *bad)
{
	uint32_t lo, hi;
	int rc;

	if ((rc = rd32(rd, arg, addr, &lo, bad)) < 0 || (rc = rd32(rd, arg, addr + 4, &hi, bad)) < 0)
		return rc;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

int oncpu_task(const struct oncpu_layout *l, oncpu_read_fn *rd, void *arg, uint64_t task, unsigned *cpu,
	       uint64_t *bad)
{
	uint32_t c, on = 0;
	uint64_t off, curr;
	int rc, known = l->per_cpu_offset && l->runqueues;

	if ((rc = rd32(rd, arg, task + l->task_cpu, &c, bad)) < 0)
		return rc;
	*cpu = c;
	if (l->has_on_cpu) {
		uint8_t b[4] = { 0 };
		unsigned n = l->on_cpu_size >= 1 && l->on_cpu_size <= 4 ? l->on_cpu_size : 4, i;

		if ((rc = rd(arg, task + l->task_on_cpu, b, n)) < 0)
			return *bad = task + l->task_on_cpu, rc;
		for (i = 0; i < n; i++)
			on |= (uint32_t)b[i] << 8 * i;
	}
	if (l->has_on_cpu && !on)
		return ONCPU_NO;
	if (!known)
		return l->has_on_cpu ? ONCPU_CURR : ONCPU_NO;
	if ((rc = rd64(rd, arg, l->per_cpu_offset + 8ull * c, &off, bad)) < 0 ||
	    (rc = rd64(rd, arg, l->runqueues + off + l->rq_curr, &curr, bad)) < 0)
		return rc;
	if (curr == task)
		return ONCPU_CURR;
	return l->has_on_cpu ? ONCPU_SWITCHING : ONCPU_NO;
}
