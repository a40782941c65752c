# The public header stands on its own: it compiles alone, warning-free and
# pedantic, as C99 and as C11, with the compiler libcore2 is built with.
. "${0%/*}/../lib.sh"
T=$(mktemp -d)
printf '#include "core2.h"\nint main(void) { struct c2 *c = c2_new(); c2_free(c); return 0; }\n' > "$T/use.c"
for std in c99 c11; do
	for cc in musl-gcc gcc; do
		command -v $cc >/dev/null || { fail "header: $cc not installed"; continue; }
		expect_rc "core2.h compiles alone with $cc -std=$std -pedantic -Wall -Wextra -Werror" 0 \
			$cc -std=$std -pedantic -Wall -Wextra -Werror -fsyntax-only -I lib "$T/use.c"
	done
done
rm -rf "$T"
finish
