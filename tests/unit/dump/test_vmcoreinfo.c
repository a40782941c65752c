/* The VMCOREINFO parser on text as the kernel writes it, and on broken text. */
#include <stdint.h>

#include "../../../lib/core2.h"
#include "../../../lib/dump/vmcoreinfo.h"
#include "../unit.h"

static const char sample[] =
	"OSRELEASE=6.1.0-27-amd64\n"
	"BUILD-ID=6d2a5e2c0f3f0b4a9bbd3d2f58d2f0c6d8a1b0c2\n"
	"PAGESIZE=4096\n"
	"SYMBOL(init_uts_ns)=ffffffff8c812400\n"
	"SYMBOL(_stext)=ffffffff8a000000\n"
	"OFFSET(list_head.next)=0\n"
	"SIZE(list_head)=16\n"
	"NUMBER(pgtable_l5_enabled)=1\n"
	"KERNELOFFSET=9000000\n"
	"CRASHTIME=1732350000\n"
	"no equals sign here\n"
	"=empty key\n"
	"EMPTY=\n"
	"DUP=first\n"
	"DUP=second\n"
	"BAD(num)=12x\n"
	"NEG=-5\n"
	"SPACE= 7\n"
	"LAST=no newline";

int main(void)
{
	struct vmci v;
	uint64_t n = 0;

	CHECK(vmci_parse(&v, sample, sizeof(sample) - 1) == 0, "parse the sample");
	CHECK(v.n == 17, "17 entries (lines without '=' or with an empty key skipped): %zu", v.n);
	CHECK(vmci_get(&v, "OSRELEASE") && !strcmp(vmci_get(&v, "OSRELEASE"), "6.1.0-27-amd64"), "OSRELEASE");
	CHECK(vmci_num(&v, "SYMBOL(_stext)", 16, &n) == 0 && n == 0xffffffff8a000000ull, "SYMBOL(_stext) in hex");
	CHECK(vmci_num(&v, "PAGESIZE", 10, &n) == 0 && n == 4096, "PAGESIZE in decimal");
	CHECK(vmci_num(&v, "KERNELOFFSET", 16, &n) == 0 && n == 0x9000000, "KERNELOFFSET in hex");
	CHECK(vmci_num(&v, "OFFSET(list_head.next)", 10, &n) == 0 && n == 0, "a zero offset");
	CHECK(vmci_get(&v, "EMPTY") && vmci_get(&v, "EMPTY")[0] == 0, "empty value kept");
	CHECK(vmci_num(&v, "EMPTY", 10, &n) == C2_EFORMAT, "empty value is not a number");
	CHECK(vmci_get(&v, "DUP") && !strcmp(vmci_get(&v, "DUP"), "first"), "first of repeated keys wins");
	CHECK(vmci_num(&v, "BAD(num)", 10, &n) == C2_EFORMAT, "trailing garbage is not a number");
	CHECK(vmci_num(&v, "NEG", 10, &n) == C2_EFORMAT, "a sign is not accepted");
	CHECK(vmci_num(&v, "SPACE", 10, &n) == C2_EFORMAT, "leading space is not accepted");
	CHECK(vmci_num(&v, "MISSING", 10, &n) == C2_ENOENT, "missing key");
	CHECK(vmci_get(&v, "LAST") && !strcmp(vmci_get(&v, "LAST"), "no newline"), "last line without newline");
	CHECK(vmci_get(&v, "no equals sign here") == NULL, "line without '=' ignored");
	vmci_free(&v);

	{
		static const char nul[] = "A=1\nB=2\0C=3\n";

		CHECK(vmci_parse(&v, nul, sizeof(nul) - 1) == 0 && v.n == 2 && !vmci_get(&v, "C"),
		      "text ends at an embedded NUL");
		vmci_free(&v);
	}
	CHECK(vmci_parse(&v, "", 0) == 0 && v.n == 0 && !vmci_get(&v, "A"), "empty text");
	vmci_free(&v);
	{
		static char big[1 << 16];
		size_t i;

		for (i = 0; i < sizeof(big); i++)
			big[i] = "=\n"[i % 2];
		CHECK(vmci_parse(&v, big, sizeof(big)) == 0 && v.n == 0, "only separators");
		vmci_free(&v);
	}
	UNIT_DONE();
}
