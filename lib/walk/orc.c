/*
 * The ORC unwinder, after the kernel's arch/x86/kernel/unwind_orc.c
 * (unwind_next_frame) and arch/x86/include/asm/orc_types.h: entry layouts
 * of 5.x to 6.2, 6.3 and 6.4 on. It never guesses: a step it cannot take
 * from the tables ends the walk with the reason.
 */
#include <string.h>

#include "orc.h"

static const struct orc_entry undefined_entry = { 0, 0, ORC_R_UNDEFINED, ORC_R_UNDEFINED, ORC_T_UNDEFINED, 0 };

/* Raw register numbers to core2's, per numbering; 15 entries each (4 bits). */
static const uint8_t regmap[2][16] = {
	[ORC_NUM_CLASSIC] = { ORC_R_UNDEFINED, ORC_R_PREV_SP, ORC_R_DX, ORC_R_DI, ORC_R_BP, ORC_R_SP, ORC_R_R10,
			      ORC_R_R13, ORC_R_BP_INDIRECT, ORC_R_SP_INDIRECT, ORC_R_BAD, ORC_R_BAD, ORC_R_BAD,
			      ORC_R_BAD, ORC_R_BAD, ORC_R_BAD },
	/* AX (1) bases no frame core2 unwinds: a step through it stops. */
	[ORC_NUM_71] = { ORC_R_UNDEFINED, ORC_R_BAD, ORC_R_DX, ORC_R_SP, ORC_R_BP, ORC_R_DI, ORC_R_R10, ORC_R_R13,
			 ORC_R_PREV_SP, ORC_R_SP_INDIRECT, ORC_R_BP_INDIRECT, ORC_R_BAD, ORC_R_BAD, ORC_R_BAD,
			 ORC_R_BAD, ORC_R_BAD },
};

void orc_decode(const struct orc_format *f, const uint8_t raw[ORC_ENTRY_SIZE], struct orc_entry *e)
{
	unsigned bits = raw[4] | (unsigned)raw[5] << 8;
	unsigned sp_reg = bits & 0xf, bp_reg = bits >> 4 & 0xf, type, end;

	*e = undefined_entry;
	e->sp_offset = (int16_t)(raw[0] | raw[1] << 8);
	e->bp_offset = (int16_t)(raw[2] | raw[3] << 8);
	e->sp_reg = regmap[f->numbering == ORC_NUM_71][sp_reg];
	e->bp_reg = regmap[f->numbering == ORC_NUM_71][bp_reg];
	switch (f->layout) {
	case ORC_LAYOUT_TYPE3:
		type = bits >> 8 & 7;
		e->type = type <= ORC_T_REGS_PARTIAL ? type : ORC_T_BAD;
		e->signal = bits >> 11 & 1;
		return;
	case ORC_LAYOUT_SIGNAL_END:
	case ORC_LAYOUT_END:
		type = bits >> 8 & 3;
		if (f->layout == ORC_LAYOUT_SIGNAL_END) {
			e->signal = bits >> 10 & 1;
			end = bits >> 11 & 1;
		} else {
			end = bits >> 10 & 1;
			e->signal = type != 0;  /* REGS and REGS_PARTIAL imply it */
		}
		/* Before 6.4 an undefined sp_reg meant the end of the
		 * stack with end set, undefined without. */
		if (sp_reg == 0)
			e->type = end ? ORC_T_END_OF_STACK : ORC_T_UNDEFINED;
		else
			e->type = type == 0 ? ORC_T_CALL : type == 1 ? ORC_T_REGS : type == 2 ? ORC_T_REGS_PARTIAL : ORC_T_BAD;
		return;
	default:
		e->type = ORC_T_BAD;
	}
}

static unsigned most_common(const unsigned count[16])
{
	unsigned i, best = 1;

	for (i = 2; i < 16; i++)
		if (count[i] > count[best])
			best = i;
	return best;
}

int orc_detect_numbering(const struct orc_table *t, struct orc_format *f, orc_read_fn *rd, void *arg,
			 unsigned samples, unsigned *raw_sp, unsigned *raw_bp, unsigned *ncall, uint64_t *bad)
{
	/* The samples come in runs of consecutive entries, one read each:
	 * entries one by one, spread over a 2 MB table, cost a page each
	 * (a decompression each in a compressed dump). */
	enum { RUN = 32 };
	unsigned sp[16] = { 0 }, bp[16] = { 0 }, i, n, k, runs, len;
	uint8_t b[RUN * ORC_ENTRY_SIZE];
	struct orc_entry e;
	int rc;

	*ncall = 0;
	f->numbering = ORC_NUM_CLASSIC;   /* the type field does not depend on it */
	len = samples < RUN ? samples : RUN;
	if (t->n < len)
		len = (unsigned)t->n;
	runs = len ? (samples + len - 1) / len : 0;
	for (k = 0; k < runs; k++) {
		uint64_t first = (t->n - len) * k / (runs > 1 ? runs - 1 : 1);
		uint64_t at = t->orc_table + first * ORC_ENTRY_SIZE;

		if ((rc = rd(arg, at, b, (size_t)len * ORC_ENTRY_SIZE)) < 0) {
			*bad = at;
			return rc;
		}
		for (i = 0; i < len; i++) {
			const uint8_t *x = b + i * ORC_ENTRY_SIZE;

			orc_decode(f, x, &e);
			if (e.type != ORC_T_CALL)
				continue;
			sp[x[4] & 0xf]++;
			bp[x[4] >> 4]++;
			(*ncall)++;
		}
	}
	*raw_sp = most_common(sp);
	*raw_bp = most_common(bp);
	for (n = 0; n < 2; n++)
		if (regmap[n][*raw_sp] == ORC_R_SP && 2 * sp[*raw_sp] > *ncall &&
		    (bp[*raw_bp] == 0 || regmap[n][*raw_bp] == ORC_R_PREV_SP)) {
			f->numbering = n;
			return 0;
		}
	return 1;
}

static int within(uint64_t addr, uint64_t n, uint64_t size, const uint64_t *lo, const uint64_t *hi,
		  unsigned nregions)
{
	unsigned i;

	for (i = 0; i < nregions; i++)
		if (addr >= lo[i] && addr < hi[i] && n <= (hi[i] - addr) / size)
			return 1;
	return 0;
}

int orc_table_within(const struct orc_table *t, const uint64_t *lo, const uint64_t *hi, unsigned nregions)
{
	return t->n && within(t->ip_table, t->n, 4, lo, hi, nregions) &&
	       within(t->orc_table, t->n, ORC_ENTRY_SIZE, lo, hi, nregions);
}

int orc_find(const struct orc_table *t, const struct orc_format *f, orc_read_fn *rd, void *arg, uint64_t ip,
	     struct orc_entry *e, uint64_t *bad)
{
	uint64_t lo = 0, hi = t->n, found = UINT64_MAX;
	uint8_t raw[ORC_ENTRY_SIZE];
	int rc;

	/* The last entry whose address is <= ip: about 17 probes. */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2, where = t->ip_table + mid * 4;
		uint8_t b[4];
		int32_t off;

		if ((rc = rd(arg, where, b, 4)) < 0) {
			*bad = where;
			return rc;
		}
		off = (int32_t)((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
		if (where + (uint64_t)(int64_t)off <= ip) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (found == UINT64_MAX)
		return 1;
	if ((rc = rd(arg, t->orc_table + found * ORC_ENTRY_SIZE, raw, sizeof(raw))) < 0) {
		*bad = t->orc_table + found * ORC_ENTRY_SIZE;
		return rc;
	}
	orc_decode(f, raw, e);
	return 0;
}

int orc_saves_bp(const struct orc_table *t, const struct orc_format *f, orc_read_fn *rd, void *arg, uint64_t lo,
		 uint64_t hi, uint64_t *bad)
{
	uint64_t a = 0, b = t->n, i;
	uint8_t raw[ORC_ENTRY_SIZE], w[4];
	struct orc_entry e;
	int rc;

	/* The first entry at or after lo, then each up to hi (a function
	 * has a few dozen). */
	while (a < b) {
		uint64_t mid = a + (b - a) / 2, where = t->ip_table + mid * 4;
		int32_t off;

		if ((rc = rd(arg, where, w, 4)) < 0)
			return *bad = where, rc;
		off = (int32_t)((uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24);
		if (where + (uint64_t)(int64_t)off < lo)
			a = mid + 1;
		else
			b = mid;
	}
	for (i = a; i < t->n && i < a + 4096; i++) {
		uint64_t where = t->ip_table + i * 4;
		int32_t off;

		if ((rc = rd(arg, where, w, 4)) < 0)
			return *bad = where, rc;
		off = (int32_t)((uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24);
		if (where + (uint64_t)(int64_t)off >= hi)
			return 0;
		if ((rc = rd(arg, t->orc_table + i * ORC_ENTRY_SIZE, raw, sizeof(raw))) < 0)
			return *bad = t->orc_table + i * ORC_ENTRY_SIZE, rc;
		orc_decode(f, raw, &e);
		if (e.type != ORC_T_UNDEFINED && e.type != ORC_T_END_OF_STACK && e.bp_reg != ORC_R_UNDEFINED)
			return 1;
	}
	return i < t->n ? 1 : 0;
}

const char *unw_stop_text(int stop)
{
	static const char *const text[UNW_STOP_COUNT] = {
		[UNW_OK] = "not stopped",
		[UNW_END] = "end of stack",
		[UNW_USER] = "user mode",
		[UNW_UNREADABLE] = "unreadable memory",
		[UNW_NO_ORC] = "no ORC entry (not kernel text)",
		[UNW_MODULE] = "address in a module whose ORC tables are missing or unusable",
		[UNW_UNDEFINED] = "ORC undefined here: no reliable unwind",
		[UNW_BAD_ORC] = "unknown ORC register or type",
		[UNW_NO_REG] = "ORC needs a register value the walk does not have",
		[UNW_BACKWARDS] = "stack pointer went backwards",
		[UNW_OFF_STACK] = "address on no known stack",
		[UNW_STACK_LOOP] = "walk came back to a stack it had left",
		[UNW_DEPTH] = "too many frames",
	};

	return stop >= 0 && stop < UNW_STOP_COUNT ? text[stop] : "?";
}

static int stop(struct unw_state *s, int why, uint64_t addr)
{
	s->stop = why;
	s->stop_addr = addr;
	return 0;
}

static uint64_t load64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Read stack memory: only on a stack the task or CPU owns. */
static int deref(const struct unw_ops *o, struct unw_state *s, uint64_t addr, void *buf, size_t len)
{
	struct unw_stack st;

	if (addr + len < addr || o->stack_of(o->arg, addr, len, &st) < 0)
		return stop(s, UNW_OFF_STACK, addr), -1;
	if (o->read(o->arg, addr, buf, len) < 0)
		return stop(s, UNW_UNREADABLE, addr), -1;
	return 0;
}

static int deref64(const struct unw_ops *o, struct unw_state *s, uint64_t addr, uint64_t *v)
{
	uint8_t b[8];

	if (deref(o, s, addr, b, 8) < 0)
		return -1;
	*v = load64(b);
	return 0;
}

int unw_start(const struct unw_ops *o, struct unw_state *s, uint64_t ip, uint64_t sp, uint64_t bp, int bp_known,
	      int signal)
{
	memset(s, 0, sizeof(*s));
	s->ip = ip;
	s->sp = sp;
	s->bp = bp;
	s->bp_known = bp_known;
	s->signal = signal;
	if (o->stack_of(o->arg, sp, 8, &s->stack) < 0)
		return stop(s, UNW_OFF_STACK, sp), UNW_OFF_STACK;
	return 0;
}

/* A register of the last full register set (or the one before a partial
 * set, as the kernel's get_reg does). */
static int get_reg(const struct unw_ops *o, struct unw_state *s, size_t off, uint64_t *v)
{
	uint64_t base = s->full_regs ? s->regs : s->prev_regs;

	if (!s->regs || !base)
		return 1;
	return deref64(o, s, base + off, v) < 0 ? -1 : 0;
}

int unw_next(const struct unw_ops *o, struct unw_state *s)
{
	const struct unw_regs_layout *L = &o->regs;
	uint64_t cfa = 0, ip, sp, cs, prev_sp = s->sp, bad = 0, v;
	struct unw_stack prev = s->stack, now;
	struct orc_entry e;
	size_t reg_off = 0;
	int rc;

	if (s->stop)
		return 0;
	if (s->depth >= (o->max_depth ? o->max_depth : 512))
		return stop(s, UNW_DEPTH, s->ip);
	rc = o->find(o->arg, s->signal ? s->ip : s->ip - 1, &e, &bad);
	if (rc)
		return stop(s, rc, rc == UNW_UNREADABLE ? bad : s->ip);
	if (e.type == ORC_T_END_OF_STACK)
		return stop(s, UNW_END, s->ip);
	if (e.type == ORC_T_UNDEFINED)
		return stop(s, UNW_UNDEFINED, s->ip);
	if (e.type == ORC_T_BAD)
		return stop(s, UNW_BAD_ORC, s->ip);
	/* How the caller's ip is looked up next: as it is, or as a return
	 * address (6.3 gave every entry the bit; before, REGS and
	 * REGS_PARTIAL implied it, which orc_decode says). */
	s->signal = e.signal;

	/* The caller's stack pointer (the call frame address). */
	switch (e.sp_reg) {
	case ORC_R_SP:
		cfa = s->sp + (uint64_t)(int64_t)e.sp_offset;
		break;
	case ORC_R_BP:
	case ORC_R_BP_INDIRECT:
		if (!s->bp_known)
			return stop(s, UNW_NO_REG, s->ip);
		cfa = s->bp + (uint64_t)(int64_t)e.sp_offset;
		if (e.sp_reg == ORC_R_BP_INDIRECT && deref64(o, s, cfa, &cfa) < 0)
			return 0;
		break;
	case ORC_R_SP_INDIRECT:
		cfa = s->sp;
		break;
	case ORC_R_R10:
		reg_off = L->r10;
		goto from_regs;
	case ORC_R_R13:
		reg_off = L->r13;
		goto from_regs;
	case ORC_R_DI:
		reg_off = L->di;
		goto from_regs;
	case ORC_R_DX:
		reg_off = L->dx;
	from_regs:
		if ((rc = get_reg(o, s, reg_off, &cfa)) < 0)
			return 0;
		if (rc > 0)
			return stop(s, UNW_NO_REG, s->ip);
		break;
	default:
		return stop(s, UNW_BAD_ORC, s->ip);
	}
	if (e.sp_reg == ORC_R_SP_INDIRECT) {
		if (o->sp_indirect_old) {
			if (deref64(o, s, cfa + (uint64_t)(int64_t)e.sp_offset, &cfa) < 0)
				return 0;
		} else {
			if (deref64(o, s, cfa, &cfa) < 0)
				return 0;
			cfa += (uint64_t)(int64_t)e.sp_offset;
		}
	}

	switch (e.type) {
	case ORC_T_CALL:
		if (deref64(o, s, cfa - 8, &ip) < 0)
			return 0;
		s->slot = cfa - 8;
		s->ip = ip;
		s->sp = cfa;
		s->regs = s->prev_regs = 0;
		s->regs_from = 0;
		s->full_regs = 0;
		break;
	case ORC_T_REGS:
	case ORC_T_REGS_PARTIAL: {
		/* A full struct pt_regs at cfa, or only its hardware (iret)
		 * frame, which starts at the ip member. */
		uint64_t regs = e.type == ORC_T_REGS ? cfa : cfa - L->ip;
		size_t from = e.type == ORC_T_REGS ? 0 : L->ip;
		uint8_t buf[512];

		if (L->size > sizeof(buf) || from >= L->size)
			return stop(s, UNW_BAD_ORC, s->ip);
		if (deref(o, s, regs + from, buf + from, L->size - from) < 0)
			return 0;
		ip = load64(buf + L->ip);
		sp = load64(buf + L->sp);
		cs = load64(buf + L->cs);
		if (cs & L->user_mode_mask) {
			s->regs = regs;
			s->regs_from = from;
			return stop(s, UNW_USER, ip);
		}
		if (e.type == ORC_T_REGS) {
			s->prev_regs = 0;
			s->full_regs = 1;
		} else {
			if (s->full_regs)
				s->prev_regs = s->regs;
			s->full_regs = 0;
		}
		s->regs = regs;
		s->regs_from = from;
		s->slot = regs + L->ip;
		s->ip = ip;
		s->sp = sp;
		break;
	}
	default:
		return stop(s, UNW_BAD_ORC, s->ip);
	}

	/* The caller's frame pointer. */
	switch (e.bp_reg) {
	case ORC_R_UNDEFINED:
		/* The last full register set's, after a partial one too. */
		if ((rc = get_reg(o, s, L->bp, &v)) < 0)
			return 0;
		if (rc == 0) {
			s->bp = v;
			s->bp_known = 1;
		}
		break;
	case ORC_R_PREV_SP:
		if (deref64(o, s, cfa + (uint64_t)(int64_t)e.bp_offset, &v) < 0)
			return 0;
		s->bp = v;
		s->bp_known = 1;
		break;
	case ORC_R_BP:
		if (!s->bp_known)
			return stop(s, UNW_NO_REG, s->ip);
		if (deref64(o, s, s->bp + (uint64_t)(int64_t)e.bp_offset, &v) < 0)
			return 0;
		s->bp = v;
		break;
	default:
		return stop(s, UNW_BAD_ORC, s->ip);
	}

	/* On the same stack the walk must go up; a stack it had left
	 * must not come back (as the kernel's visit mask). */
	if (o->stack_of(o->arg, s->sp, 8, &now) == 0) {
		if (now.lo == prev.lo && now.hi == prev.hi) {
			if (s->sp <= prev_sp)
				return stop(s, UNW_BACKWARDS, s->sp);
		} else {
			s->left |= 1u << (prev.kind & 31);
			if (s->left & 1u << (now.kind & 31))
				return stop(s, UNW_STACK_LOOP, s->sp);
			s->stack = now;
		}
	} else if (s->sp <= prev_sp) {
		return stop(s, UNW_BACKWARDS, s->sp);
	}
	s->depth++;
	if (o->is_text && !o->is_text(o->arg, s->ip))
		return stop(s, UNW_NO_ORC, s->ip);
	return 1;
}
