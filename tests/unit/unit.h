/* A tiny unit-test harness speaking tests/run.sh's protocol. */
#ifndef CORE2_UNIT_H
#define CORE2_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			printf("ok - ");                                       \
		} else {                                                       \
			printf("FAIL - %s:%d: (%s) ", __FILE__, __LINE__, #cond); \
			unit_failed++;                                         \
		}                                                              \
		printf(__VA_ARGS__);                                           \
		putchar('\n');                                                 \
	} while (0)

#define UNIT_DONE() return unit_failed ? 1 : 0

#endif
