/* libFuzzer target: the typed-expression parser (lib/types/expr.c). Every input
 * parses or fails with a message; a parsed tree prints back to text that
 * parses to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/types/expr.h"

static struct expr e;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[EXPR_MAX_LEN + 2], once[EXPR_MAX_LEN * 2], twice[EXPR_MAX_LEN * 2];

	if (size > EXPR_MAX_LEN + 1)
		size = EXPR_MAX_LEN + 1;
	memcpy(text, data, size);
	text[size] = '\0';
	if (expr_parse(&e, text) < 0) {
		if (!e.err[0])
			abort();
		return 0;
	}
	/* Printing may lengthen ("1" is "0x1"): past the limit, stop. */
	if (expr_format(&e, e.root, once, sizeof(once)) > EXPR_MAX_LEN)
		return 0;
	if (expr_parse(&e, once) < 0)
		abort();
	expr_format(&e, e.root, twice, sizeof(twice));
	if (strcmp(once, twice))
		abort();
	return 0;
}
